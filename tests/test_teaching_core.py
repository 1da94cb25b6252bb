"""Core pieces of the teaching views: step-through, path sums, gradient flow, snapshots, and
the sampled gradient check."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Network, NetworkSpec
from core.flow import gradient_flow
from core.gradcheck import gradient_check
from core.jacobians import chain_for
from core.paths import bias_paths, weight_paths
from core.snapshots import SnapshotHistory
from core.stepthrough import backprop_steps
from tests.nets import activation_lists, random_net


def sample_net(sizes=(2, 3, 4, 2), seed=0):
    net = Network.init(NetworkSpec.uniform(sizes), seed=seed)
    rng = np.random.default_rng(seed)
    for v in net.b:
        v[:] = rng.normal(size=v.shape)
    x = rng.normal(size=sizes[0])
    y = rng.normal(size=sizes[-1])
    return net, x, y


def test_step_through_walks_forward_then_back_in_the_note_order():
    net, x, y = sample_net()
    steps = backprop_steps(net, x, y)
    K = 3
    forward = [s for s in steps if s.phase == "forward"]
    backward = [s for s in steps if s.phase == "backward"]
    assert len(forward) == K + 2  # x, f_1..f_K, L
    fwd = net.forward(x)
    for k in range(1, K + 1):
        np.testing.assert_array_equal(forward[k].values[f"f_{k}"], fwd.fs[k][0])
        np.testing.assert_array_equal(forward[k].values[f"z_{k}"], fwd.zs[k][0])
    # Backward: start, then theta_2, f_2, theta_1, f_1, theta_0.
    produced = [next(iter(s.values)) for s in backward]
    assert produced == ["dL/df_3", "dL/dA_2", "dL/df_2", "dL/dA_1", "dL/df_1", "dL/dA_0"]
    _, grads_A, grads_b = net.gradients(x[None], y[None])
    for s in backward:
        for name, value in s.values.items():
            if name.startswith("dL/dA_"):
                i = int(name[-1])
                np.testing.assert_allclose(value, grads_A[i], rtol=1e-12, atol=1e-15)
                np.testing.assert_allclose(
                    s.values[f"dL/db_{i}"], grads_b[i], rtol=1e-12, atol=1e-15
                )
    # dL/df_1 is the running product of the loss factor and two red factors.
    dL_df1 = backward[4].values["dL/df_1"]
    delta = -2 * (y - fwd.output[0])
    for k in (2, 1):
        s_prime = 1 - np.tanh(fwd.zs[k + 1][0]) ** 2 if k + 1 < 3 else np.ones(2)
        delta = (delta * s_prime) @ net.A[k]
    np.testing.assert_allclose(dL_df1[0], delta, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=5), st.data(), st.integers(0, 999))
def test_sum_over_paths_equals_the_gradient_entry(sizes, data, seed):
    net, x, y = random_net(sizes, activation_lists(data, sizes), seed)
    theta = data.draw(st.integers(0, len(sizes) - 2))
    p = data.draw(st.integers(0, sizes[theta + 1] - 1))
    q = data.draw(st.integers(0, sizes[theta] - 1))
    enumerated = weight_paths(net, x, y, theta, p, q)
    by_layers = weight_paths(net, x, y, theta, p, q, max_paths=0)
    assert enumerated.n_paths == int(np.prod(sizes[theta + 2 :]))
    assert enumerated.contributions.size == enumerated.n_paths
    scale = max(abs(enumerated.gradient_entry), 1e-300)
    assert abs(enumerated.total - enumerated.gradient_entry) <= 1e-12 * scale + 1e-300
    assert abs(by_layers.total - enumerated.gradient_entry) <= 1e-12 * scale + 1e-300
    assert by_layers.contributions is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=5), st.data(), st.integers(0, 999))
def test_a_bias_sum_over_paths_equals_its_gradient_entry(sizes, data, seed):
    net, x, y = random_net(sizes, activation_lists(data, sizes), seed)
    theta = data.draw(st.integers(0, len(sizes) - 2))
    p = data.draw(st.integers(0, sizes[theta + 1] - 1))
    enumerated = bias_paths(net, x, y, theta, p)
    by_layers = bias_paths(net, x, y, theta, p, max_paths=0)
    # An independent reference: central differences of L in b_theta[p].
    h = 1e-6

    def loss_at(delta):
        other = net.copy()
        other.b[theta].reshape(-1)[p] += delta
        return other.gradients(x[None], y[None])[0]

    numeric = (loss_at(h) - loss_at(-h)) / (2 * h)
    assert enumerated.kind == "b" and enumerated.q is None
    assert enumerated.n_paths == int(np.prod(sizes[theta + 2 :]))
    scale = max(abs(enumerated.gradient_entry), 1e-300)
    assert abs(enumerated.total - enumerated.gradient_entry) <= 1e-12 * scale + 1e-300
    assert abs(by_layers.total - enumerated.gradient_entry) <= 1e-12 * scale + 1e-300
    assert enumerated.gradient_entry == pytest.approx(numeric, rel=1e-5, abs=1e-7)


def test_a_bias_path_written_out_by_hand():
    net, x, y = sample_net((2, 2, 2, 1))
    paths = bias_paths(net, x, y, theta=0, p=1)
    fwd = net.forward(x)
    s1 = 1 - np.tanh(fwd.zs[1][0]) ** 2
    s2 = 1 - np.tanh(fwd.zs[2][0]) ** 2
    dL = -2 * (y - fwd.output[0])
    # b_0[1] -> neuron 1 of f_1 -> neuron 0 of f_2 -> the output: the weight's path without x_q.
    by_hand = s1[1] * net.A[1][0, 1] * s2[0] * net.A[2][0, 0] * dL[0]
    assert paths.contributions[0, 0] == pytest.approx(by_hand, rel=1e-12)
    with pytest.raises(ValueError, match=r"p: 2 is outside b_0"):
        bias_paths(net, x, y, 0, 2)


def test_one_path_written_out_by_hand():
    net, x, y = sample_net((2, 2, 2, 1))
    paths = weight_paths(net, x, y, theta=0, p=1, q=0)
    fwd = net.forward(x)
    s1 = 1 - np.tanh(fwd.zs[1][0]) ** 2
    s2 = 1 - np.tanh(fwd.zs[2][0]) ** 2
    dL = -2 * (y - fwd.output[0])
    # The path q=0 -> p=1 (f_1) -> neuron 0 of f_2 -> the output.
    by_hand = x[0] * s1[1] * net.A[1][0, 1] * s2[0] * net.A[2][0, 0] * dL[0]
    assert paths.contributions[0, 0] == pytest.approx(by_hand, rel=1e-12)
    assert paths.largest(1)[0][0][0] == 1
    with pytest.raises(ValueError, match=r"\(p, q\): \(5, 0\)"):
        weight_paths(net, x, y, 0, 5, 0)


def test_gradient_flow_shows_vanishing_gradients_in_a_deep_sigmoid_net():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(50, 2)), np.sign(rng.normal(size=(50, 1)))
    deep = Network.init(
        NetworkSpec.uniform((2,) + (8,) * 9 + (1,), hidden="sigmoid", output="tanh"), seed=0
    )
    record = gradient_flow(deep, X, Y, X[0], Y[0])
    assert record.grad_norms.shape == (10,) and np.isnan(record.red_norms[0])
    assert record.grad_norms[0] < 1e-3 * record.grad_norms[-1]
    assert np.all(record.red_norms[1:] < 1.0)  # sigmoid' <= 1/4 shrinks every factor
    chain = chain_for(deep, X[0], Y[0], 0)
    chain_red = [np.linalg.norm(f.array, 2) for f in chain.factors if f.kind == "red"]
    np.testing.assert_allclose(sorted(chain_red), sorted(record.red_norms[1:]))


def test_snapshot_history_stays_in_budget_dense_recently_sparse_long_ago():
    A = (np.zeros((10, 10)),)
    b = (np.zeros(10),)
    size = 110 * 8
    history = SnapshotHistory(budget_bytes=100 * size)
    for step in range(1, 10001):
        history.add(step, A, b)
    assert history.nbytes <= 100 * size
    steps = history.steps
    assert steps[0] == 1 and steps[-1] == 10000
    gaps = np.diff(steps)
    assert gaps[-1] < gaps[0]  # recent snapshots are closer together
    assert history.get(history.nearest(9999))[0] in (9998, 9999, 10000)
    with pytest.raises(ValueError, match="step: 5"):
        history.add(5, A, b)


def test_sampled_gradient_check_on_a_wide_layer():
    net = Network.init(NetworkSpec.uniform((50, 40, 3)), seed=0)
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(8, 50)), rng.normal(size=(8, 3))
    checks = gradient_check(net, X, Y, max_entries=30)
    assert all(c.passed() for c in checks)
    assert np.sum(~np.isnan(checks[0].numeric_A)) == 30


def test_red_factor_norm_by_iteration_matches_the_svd():
    from core.flow import red_factor_norm

    rng = np.random.default_rng(3)
    A = rng.normal(size=(300, 280)) / 17
    s = 1 - np.tanh(rng.normal(size=300)) ** 2
    exact = np.linalg.norm(s[:, None] * A, 2)
    estimate = red_factor_norm(s, A)  # 280 > EXACT_LIMIT: power iteration
    assert estimate <= exact * (1 + 1e-12)
    assert estimate == pytest.approx(exact, rel=5e-3)
