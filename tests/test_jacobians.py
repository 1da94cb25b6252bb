"""The chain of the note multiplies to exactly the backprop gradient, factor by factor."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Network, NetworkSpec
from core.graph import chain_edges
from core.jacobians import chain_for
from tests.nets import activation_lists, random_net

CHAIN_TOLERANCE = 1e-12  # relative error between the chain product and backprop


def rel(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(1, 6), min_size=2, max_size=7),
    st.data(),
    st.integers(0, 2**16),
)
def test_chain_product_equals_backprop_for_every_theta(sizes, data, seed):
    net, x, y = random_net(sizes, activation_lists(data, sizes), seed)
    # Backprop of the one-sample loss: the batch-mean gradient of a batch of one.
    _, grads_A, grads_b = net.gradients(x[None], y[None])
    for i in range(net.spec.K):
        chain = chain_for(net, x, y, i)
        if np.any(grads_A[i]):
            assert rel(chain.grad_A, grads_A[i]) <= CHAIN_TOLERANCE
        else:
            assert not np.any(chain.grad_A)
        if np.any(grads_b[i]):
            assert rel(chain.grad_b, grads_b[i]) <= CHAIN_TOLERANCE


def test_factors_follow_the_note():
    spec = NetworkSpec((2, 3, 4, 5, 1), ("tanh", "sigmoid", "relu", "identity"))
    net = Network.init(spec, seed=2)
    x, y = np.array([0.4, -0.2]), np.array([0.7])
    K = spec.K
    chain = chain_for(net, x, y, 0)
    kinds = [f.kind for f in chain.factors]
    assert kinds == ["loss", "red", "red", "red", "yellow"]
    assert [f.text for f in chain.factors] == [
        "∂L/∂f_4",
        "∂f_4/∂f_3",
        "∂f_3/∂f_2",
        "∂f_2/∂f_1",
        "∂f_1/∂θ_0",
    ]
    assert chain.factors[1].latex == r"\frac{\partial f_{4}}{\partial f_{3}}"
    assert [f.shape for f in chain.factors] == [(1, 1), (1, 5), (5, 4), (4, 3), (3, 3)]
    # Red factor = diag(sigma'(z_{k+1})) A_k, built independently here.
    fwd = net.forward(x)
    z3 = fwd.zs[3][0]
    np.testing.assert_allclose(chain.factors[2].array, np.diag((z3 > 0).astype(float)) @ net.A[2])
    # Loss factor = -2 (y - f_K)^T.
    np.testing.assert_allclose(chain.factors[0].array, -2 * (y - fwd.output))
    # Yellow dA tensor entries: [p = q] sigma'(z_1,p) f_0,r.
    tensor = chain.factors[-1].dA_tensor()
    s1 = 1 - np.tanh(fwd.zs[1][0]) ** 2
    assert tensor.shape == (3, 3, 2)
    for p in range(3):
        for q in range(3):
            expected = s1[p] * x if p == q else np.zeros(2)
            np.testing.assert_allclose(tensor[p, q], expected)
    # The edges are the graph's chain edges.
    assert chain.edges == chain_edges(K, 0)


def test_prefix_is_reused_from_the_previous_theta():
    net = Network.init(NetworkSpec.uniform((2, 4, 4, 4, 2)), seed=5)
    x, y = np.array([1.0, -1.0]), np.array([0.5, -0.5])
    chains = [chain_for(net, x, y, i) for i in range(4)]
    top = chains[3]
    assert not top.reuses_prefix and top.new_pair_start == 1
    for i in range(3):
        chain = chains[i]
        assert chain.reuses_prefix
        assert chain.new_pair_start == len(chain.factors) - 2
        # Everything before the box is dL/df_{i+2}, which theta_{i+1}'s chain ended with.
        np.testing.assert_array_equal(chain.reused_prefix, chains[i + 1].prefixes[-1])
        product = chain.factors[0].array
        for factor in chain.factors[1 : chain.new_pair_start]:
            product = product @ factor.array
        np.testing.assert_allclose(product, chain.reused_prefix, rtol=1e-14)
        assert chain.prefix_texts[-2] == f"∂L/∂f_{i + 2}"


def test_bad_theta_index_is_named():
    net = Network.init(NetworkSpec.uniform((2, 3, 1)), seed=0)
    with pytest.raises(ValueError, match="theta: 2"):
        chain_for(net, np.zeros(2), np.zeros(1), 2)
