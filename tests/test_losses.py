"""The loss as an option: squared (the note's) and softmax cross-entropy.

Every gradient is checked against an independent reference: central differences of the loss
itself (which never calls the gradient code), and for the loss formula a direct float128-free
computation written out here. Tolerances are stated where they are used.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.gradcheck import gradient_check
from core.jacobians import chain_for
from core.latex import chain_document
from core.losses import LOSSES, get_loss, log_softmax, softmax, targets_problem
from core.network import Network, NetworkSpec
from core.optim import OptimizerConfig
from core.paths import weight_paths
from core.stepthrough import backprop_steps
from core.training import Trainer

CE = "softmax_cross_entropy"


def one_hot(labels, n):
    return np.eye(n)[labels]


def naive_cross_entropy(Z, Y):
    """-sum y log softmax(z) written the textbook way (fine for moderate logits only)."""
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return -(Y * np.log(P)).sum(axis=1)


def test_cross_entropy_matches_the_textbook_formula_for_moderate_logits():
    rng = np.random.default_rng(0)
    Z = rng.normal(scale=3, size=(20, 5))
    Y = one_hot(rng.integers(0, 5, 20), 5)
    got = get_loss(CE).sample_losses(Z, Y)
    # Both are a handful of float64 operations on values of order 1: equal to ~1e-15.
    assert np.allclose(got, naive_cross_entropy(Z, Y), rtol=1e-12, atol=1e-14)


def test_the_naive_formula_overflows_where_log_sum_exp_does_not():
    """The reference above can fail: with large logits it gives inf/NaN (and warnings)."""
    Z = np.array([[1000.0, 0.0, -1000.0]])
    Y = one_hot([1], 3)
    with np.errstate(all="ignore"):
        assert not np.isfinite(naive_cross_entropy(Z, Y)).all()
    assert get_loss(CE).sample_losses(Z, Y) == pytest.approx([1000.0], rel=1e-15)


@pytest.mark.parametrize("scale", [1e-300, 1.0, 1e3, 1e200, 1e307, 1.7e308])
def test_cross_entropy_is_stable_over_the_whole_float_range(scale):
    Z = np.array([[1.0, -1.0, 0.5], [-0.25, 0.75, -1.0]]) * scale
    Y = one_hot([0, 2], 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warnings at all
        losses = get_loss(CE).sample_losses(Z, Y)
        grad = get_loss(CE).gradient(Z, Y)
        p = softmax(Z)
    assert np.all(np.isfinite(grad)) and np.all(np.isfinite(p))
    assert np.allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    # Row 0: the true class holds the largest logit, so L = log(1 + sum exp(gap)) >= 0, finite.
    assert np.isfinite(losses[0]) and losses[0] >= 0
    # Row 1: the true class is 1.75 * scale below the top: L ~ 1.75 * scale, inf only when
    # that exceeds float64 (the true value is not representable).
    expected = 1.75 * scale
    if np.isfinite(expected) and scale >= 1e3:
        assert losses[1] == pytest.approx(expected, rel=1e-12)
    elif scale < 1e3:
        assert np.isfinite(losses[1])
    else:
        assert losses[1] == np.inf


def test_log_softmax_of_a_gap_beyond_float64_is_minus_inf_without_nan():
    Z = np.array([[1.7e308, -1.7e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = log_softmax(Z)
        loss = get_loss(CE).sample_losses(Z, one_hot([0], 2))
    assert out[0, 0] == 0.0 and out[0, 1] == -np.inf
    assert loss[0] == 0.0  # 0 * log(0) counts as 0, not NaN


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 6),
    m=st.integers(1, 5),
    seed=st.integers(0, 2**31 - 1),
    scale=st.sampled_from([0.1, 1.0, 10.0]),
)
def test_every_loss_gradient_matches_central_differences(n, m, seed, scale):
    rng = np.random.default_rng(seed)
    Z = rng.normal(scale=scale, size=(m, n))
    for name, loss in LOSSES.items():
        # Cross-entropy takes probabilities: one-hot rows and soft targets alike.
        if name == CE:
            Y = rng.dirichlet(np.ones(n), size=m) if seed % 2 else one_hot(rng.integers(0, n, m), n)
        else:
            Y = rng.normal(size=(m, n))
        analytic = loss.gradient(Z, Y)
        numeric = np.empty_like(Z)
        eps = 1e-6
        for idx in np.ndindex(Z.shape):
            up, down = Z.copy(), Z.copy()
            up[idx] += eps
            down[idx] -= eps
            row = idx[0]
            numeric[idx] = (loss.sample_losses(up, Y)[row] - loss.sample_losses(down, Y)[row]) / (
                2 * eps
            )
        # Central differences: truncation ~eps^2 * L''' ~ 1e-12 * scale^3, rounding
        # ~1e-16 * |L| / eps ~ 1e-10 * scale^2 for these sizes. 1e-6 relative to the
        # gradient's scale leaves a margin of 100 or more.
        err = np.max(np.abs(analytic - numeric)) / max(np.max(np.abs(analytic)), 1e-3)
        assert err < 1e-6, (name, err)


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activations", [("tanh", "identity"), ("sigmoid", "relu", "identity")])
def test_backprop_and_the_chain_follow_the_loss(loss, activations):
    sizes = (3, 5, 4) if len(activations) == 2 else (3, 5, 4, 4)
    net = Network.init(NetworkSpec(sizes, activations, loss), seed=3)
    rng = np.random.default_rng(1)
    for v in net.b:
        v[:] = rng.normal(size=v.shape)
    X = rng.normal(size=(6, 3))
    Y = one_hot(rng.integers(0, 4, 6), 4)
    # gradient_check: central differences of the mean loss against backprop, every entry.
    for check in gradient_check(net, X, Y):
        assert check.passed(1e-6), (loss, check.theta, check.max_relative_error)
    x, y = X[0], Y[0]
    _, grads_A, grads_b = net.gradients(x[None], y[None])
    for theta in range(net.spec.K):
        chain = chain_for(net, x, y, theta)
        assert chain.loss_function is net.loss
        # The chain's first factor is dL/df_K of this loss, and its product is backprop's
        # gradient (the same float operations in another order: equal to ~1e-15 relative).
        fK = net.forward(x).output
        assert np.allclose(chain.factors[0].array, net.loss.gradient(fK, y[None]), atol=0)
        scale = np.max(np.abs(grads_A[theta]))
        assert np.max(np.abs(chain.grad_A - grads_A[theta])) <= 1e-12 * scale
        assert np.allclose(chain.grad_b, grads_b[theta], rtol=1e-12, atol=1e-15)
        paths = weight_paths(net, x, y, theta, 0, 0)
        assert paths.total == pytest.approx(paths.gradient_entry, rel=1e-10, abs=1e-14)


def test_the_cross_entropy_first_factor_is_softmax_minus_y():
    net = Network.init(NetworkSpec((2, 3), ("identity",), CE), seed=0)
    x, y = np.array([0.3, -0.7]), one_hot([2], 3)[0]
    chain = chain_for(net, x, y, 0)
    z = net.A[0] @ x + net.b[0]
    p = np.exp(z) / np.exp(z).sum()
    assert np.allclose(chain.factors[0].array[0], p - y, rtol=1e-14, atol=1e-16)
    assert chain.loss == pytest.approx(-np.log(p[2]), rel=1e-14)


def test_step_through_latex_and_description_say_which_loss():
    for loss, words, latex in [
        ("squared", ("‖y − f_2‖²", "−2 (y − f_2)ᵀ"), r"\lVert y - f_{2} \rVert^2"),
        (CE, ("log softmax(f_2)", "(softmax(f_2) − y)ᵀ"), r"\operatorname{softmax}(f_{2})"),
    ]:
        net = Network.init(NetworkSpec((2, 3, 2), ("tanh", "identity"), loss), seed=0)
        x, y = np.array([0.1, 0.2]), np.array([0.0, 1.0])
        steps = backprop_steps(net, x, y)
        titles = " | ".join(step.title for step in steps)
        for word in words:
            assert word in titles, (loss, word, titles)
        assert latex in chain_document(chain_for(net, x, y, 0))
        assert get_loss(loss).gradient_latex(2) in chain_document(chain_for(net, x, y, 1))
    assert NetworkSpec((2, 3, 2), ("tanh", "identity"), CE).describe() == (
        "2-3-2 (tanh, identity; softmax cross-entropy)"
    )
    assert NetworkSpec((2, 3, 2), ("tanh", "identity")).describe() == "2-3-2 (tanh, identity)"


def test_spec_validates_the_loss():
    with pytest.raises(ValueError, match=r"loss: unknown name 'hinge' \(known: squared, softmax"):
        NetworkSpec((2, 2), ("identity",), "hinge")
    with pytest.raises(ValueError, match="loss: softmax_cross_entropy needs at least 2 outputs"):
        NetworkSpec((2, 1), ("identity",), CE)
    spec = NetworkSpec((2, 3), ("identity",), CE)
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    assert NetworkSpec.from_dict({"sizes": [2, 3], "activations": ["identity"]}).loss == "squared"


def test_targets_problem_names_what_cross_entropy_needs():
    ce = get_loss(CE)
    assert targets_problem(ce, one_hot([0, 1], 2)) is None
    assert "at least 2 outputs" in targets_problem(ce, np.array([[1.0], [-1.0]]))
    assert "class probabilities" in targets_problem(ce, np.array([[0.5, 0.7]]))
    assert targets_problem(get_loss("squared"), np.array([[3.0]])) is None


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("batch_size", [None, 3])
def test_the_fused_cross_entropy_step_equals_network_gradients(optimizer, batch_size):
    """The trainer's in-place cross-entropy step gives Network.gradients' loss and update."""
    spec = NetworkSpec((3, 6, 4), ("tanh", "identity"), CE)
    rng = np.random.default_rng(2)
    X = rng.normal(size=(6, 3))
    Y = one_hot(rng.integers(0, 4, 6), 4)
    net = Network.init(spec, seed=4)
    ref = net.copy()
    trainer = Trainer(net, X, Y, OptimizerConfig(optimizer, 0.1), batch_size=batch_size)
    for _ in range(3):
        # Draw the same batch the trainer will: full batch, or replay its index stream.
        if batch_size is None:
            xb, yb = X, Y
        else:
            trainer._next_batch()
            trainer._next_batch = lambda: None  # this step uses the batch drawn here
            xb, yb = trainer._xb.copy(), trainer._yb.copy()
        loss, gA, gb = ref.gradients(xb, yb)
        got = trainer.step(1)[0]
        if batch_size is not None:
            del trainer._next_batch
        assert got == pytest.approx(loss, rel=1e-12)
        # Apply the same update to ref with a fresh optimiser state replayed: compare the
        # parameters through the gradient the trainer must have used.
        if optimizer == "sgd":
            grads = [g for ab in zip(gA, gb, strict=True) for g in ab]
            for p, g in zip(ref.parameters(), grads, strict=True):
                p -= 0.1 * g
            for p, q in zip(ref.parameters(), net.parameters(), strict=True):
                assert np.allclose(p, q, rtol=1e-12, atol=1e-14)
        else:
            ref.load(*net.snapshot())  # Adam's state is tested in test_training


def test_cross_entropy_training_stays_warning_free_with_huge_logits():
    spec = NetworkSpec((2, 3), ("identity",), CE)
    net = Network.init(spec, seed=0)
    net.A[0][:] = [[1e306, 0], [0, 1e306], [-1e306, 0]]
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    Y = one_hot([0, 2], 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = Trainer(net, X, Y, OptimizerConfig("sgd", 1e-300)).step(1)[0]
    # Row 0 is right with a huge margin (L ~ 0), row 1's true class is 1e306 below: L ~ 1e306.
    assert loss == pytest.approx(0.5 * 1e306, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=1, max_size=4).map(lambda s: [*s, 3]),
    data=st.data(),
    seed=st.integers(0, 2**31 - 1),
)
def test_cross_entropy_gradients_match_central_differences_on_random_networks(sizes, data, seed):
    """As tests/test_jacobians.py does for the squared loss: random architectures and
    activations, backprop against central differences within the README's 1e-5."""
    from tests.nets import activation_lists, random_net

    net, x, _ = random_net(sizes, activation_lists(data, sizes), seed)
    net = Network(NetworkSpec(net.spec.sizes, net.spec.activations, CE), net.A, net.b)
    y = one_hot([seed % 3], 3)[0]
    for check in gradient_check(net, x[None], y[None]):
        assert check.passed(1e-5), (check.theta, check.max_relative_error)
    for theta in range(net.spec.K):
        chain = chain_for(net, x, y, theta)
        _, grads_A, _ = net.gradients(x[None], y[None])
        scale = max(np.max(np.abs(grads_A[theta])), 1e-300)
        assert np.max(np.abs(chain.grad_A - grads_A[theta])) <= 1e-12 * scale
