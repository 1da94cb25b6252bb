"""NetworkSpec validation, initialisation, forward pass and backprop against finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Network, NetworkSpec
from core.activations import ACTIVATIONS
from core.gradcheck import gradient_check

# Stated tolerance for every gradient check: the error relative to the gradient's scale
# (core.gradcheck.relative_error). Central differences in float64 reach about 1e-9 here.
GRAD_TOLERANCE = 1e-5


@pytest.mark.parametrize(
    ("sizes", "activations", "message"),
    [
        ((2,), (), "fewer than two sizes"),
        ((), (), "fewer than two sizes"),
        ((2, 0, 1), ("tanh", "tanh"), r"sizes\[1\]: 0"),
        ((2, -3, 1), ("tanh", "tanh"), r"sizes\[1\]: -3"),
        ((2, 2.5, 1), ("tanh", "tanh"), r"sizes\[1\]: 2.5 is not an integer"),
        ((2, "8", 1), ("tanh", "tanh"), r"sizes\[1\]: '8' is not an integer"),
        ((2, True, 1), ("tanh", "tanh"), r"sizes\[1\]: True is not an integer"),
        ((2, 5000, 1), ("tanh", "tanh"), r"sizes\[1\]: 5000 is wider"),
        ((2, 8, 1), ("tanh", "swish"), r"activations\[1\]: unknown name 'swish'"),
        ((2, 8, 1), ("tanh",), "activations: 1 given for K = 2"),
        ((2,) * 1002, ("tanh",) * 1001, "K = 1001 layers is more than 1000"),
    ],
)
def test_spec_validation_names_field_and_value(sizes, activations, message):
    with pytest.raises(ValueError, match=message):
        NetworkSpec(sizes, activations)


def test_spec_round_trip_and_description():
    spec = NetworkSpec.uniform((2, 8, 8, 1), hidden="relu", output="tanh")
    assert spec.activations == ("relu", "relu", "tanh")
    assert spec.K == 3
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    assert spec.describe() == "2-8-8-1 (relu, relu, tanh)"


def test_init_is_seeded_and_scaled_for_the_activation():
    spec = NetworkSpec((400, 400, 400), ("tanh", "relu"))
    a = Network.init(spec, seed=3)
    b = Network.init(spec, seed=3)
    c = Network.init(spec, seed=4)
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    assert not np.array_equal(a.A[0], c.A[0])
    assert a.A[0].dtype == np.float64
    np.testing.assert_allclose(a.A[0].std(), np.sqrt(2 / 800), rtol=0.02)  # Xavier for tanh
    np.testing.assert_allclose(a.A[1].std(), np.sqrt(2 / 400), rtol=0.02)  # He for ReLU
    assert not np.any(a.b[0])


def test_forward_matches_the_note_layer_by_layer():
    spec = NetworkSpec((3, 4, 2), ("sigmoid", "identity"))
    net = Network.init(spec, seed=0)
    x = np.array([0.5, -1.0, 2.0])
    fwd = net.forward(x)
    z1 = net.A[0] @ x + net.b[0]
    f1 = 1 / (1 + np.exp(-z1))
    f2 = net.A[1] @ f1 + net.b[1]
    np.testing.assert_allclose(fwd.zs[1][0], z1)
    np.testing.assert_allclose(fwd.fs[1][0], f1)
    np.testing.assert_allclose(fwd.output[0], f2)
    np.testing.assert_allclose(net.predict(x[None]), fwd.output)
    assert fwd.zs[0] is None and len(fwd.fs) == 3


def test_one_sample_loss_and_batch_mean_loss():
    net = Network.init(NetworkSpec((2, 3, 2), ("tanh", "identity")), seed=1)
    X = np.array([[0.1, 0.2], [0.3, -0.4]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    out = net.predict(X)
    per_sample = ((Y - out) ** 2).sum(axis=1)
    assert net.mean_loss(X, Y) == pytest.approx(per_sample.mean(), rel=1e-14)


def test_wrong_input_width_is_named():
    net = Network.init(NetworkSpec.uniform((2, 3, 1)), seed=0)
    with pytest.raises(ValueError, match="n_0 = 2"):
        net.forward(np.zeros(3))


activation_names = st.sampled_from(sorted(ACTIVATIONS))


@st.composite
def networks(draw):
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    acts = draw(st.lists(activation_names, min_size=len(sizes) - 1, max_size=len(sizes) - 1))
    seed = draw(st.integers(0, 2**16))
    return Network.init(NetworkSpec(tuple(sizes), tuple(acts)), seed=seed), seed


@settings(max_examples=60, deadline=None)
@given(networks(), st.integers(1, 4))
def test_backprop_matches_finite_differences(net_and_seed, m):
    net, seed = net_and_seed
    rng = np.random.default_rng(seed + 1)
    # Random biases so ReLU-like layers are not all at their kink.
    for v in net.b:
        v[:] = rng.normal(0, 0.5, size=v.shape)
    X = rng.normal(size=(m, net.spec.sizes[0]))
    Y = rng.normal(size=(m, net.spec.sizes[-1]))
    for check in gradient_check(net, X, Y):
        # A kink of ReLU / leaky ReLU within eps of a pre-activation makes the numeric
        # derivative meaningless; such draws have probability ~1e-6 and are not expected.
        assert check.max_relative_error <= GRAD_TOLERANCE, (net.spec.describe(), check.theta)


def test_gradient_check_detects_a_wrong_gradient(monkeypatch):
    """The reference must be able to fail: corrupt backprop and see the check catch it."""
    net = Network.init(NetworkSpec.uniform((2, 4, 1)), seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    Y = np.ones((5, 1))
    real = Network.gradients

    def wrong(self, X, Y):
        loss, gA, gb = real(self, X, Y)
        gA[0] = gA[0] * 1.001
        return loss, gA, gb

    monkeypatch.setattr(Network, "gradients", wrong)
    checks = gradient_check(net, X, Y)
    assert not checks[0].passed(GRAD_TOLERANCE)
    assert checks[1].passed(GRAD_TOLERANCE)
