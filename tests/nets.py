"""Random networks for the property tests: random biases too, so that ReLU-like layers are
not all at their kink, and a random sample (x, y) to go with them."""

import numpy as np
from hypothesis import strategies as st

from core import Network, NetworkSpec
from core.activations import ACTIVATIONS


def activation_lists(data, sizes):
    """Draw one activation name per layer of `sizes`."""
    n = len(sizes) - 1
    return data.draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)), min_size=n, max_size=n))


def random_net(sizes, activations, seed):
    """(network, x (n_0,), y (n_K,)) with seeded weights, biases and sample."""
    net = Network.init(NetworkSpec(tuple(sizes), tuple(activations)), seed=seed)
    rng = np.random.default_rng(seed)
    for v in net.b:
        v[:] = rng.normal(size=v.shape)
    return net, rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
