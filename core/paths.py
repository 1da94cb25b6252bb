"""dL/da_pq and dL/db_p as sums over paths, for the neuron view.

The weight a_pq of A_i connects neuron q of f_i to neuron p of f_{i+1}. Every path from it to
L runs through one neuron in each later layer, p = p_{i+1}, p_{i+2}, ..., p_K, and contributes

    f_{i,q} sigma'(z_{i+1,p}) * prod_{k=i+1}^{K-1} A_k[p_{k+1}, p_k] sigma'(z_{k+1, p_{k+1}})
        * dL/df_{K, p_K}

Their sum is the entry (p, q) of dL/dA_i: the matrix chain of the layer view, written out one
path at a time. The bias b_i[p] feeds the same neuron p of f_{i+1} with a factor 1 where the
weight has f_{i,q}: its paths are the same ones, each starting with sigma'(z_{i+1,p}), and their
sum is entry p of dL/db_i.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.network import Network


@dataclass(frozen=True)
class PathSum:
    """The paths of weight a_pq of A_i (theta_i), or of bias b_i[p] (q None), for one sample.

    n_paths: how many paths lead from the weight to L (the product of the later widths).
    contributions: shape (n_{i+2}, ..., n_K), one value per path, indexed by its neurons
        after p (a 0-d array when theta_i feeds the output); None when there are more than
        max_paths, in which case `total` is summed layer by layer instead.
    total: the sum over all paths. gradient_entry: dL/dA_i[p, q] (dL/db_i[p]) from backprop.
    """

    theta: int
    p: int
    q: int | None
    n_paths: int
    contributions: np.ndarray | None
    total: float
    gradient_entry: float

    @property
    def agrees(self) -> bool:
        """Whether the sum over paths equals backprop's entry to 1e-12 relative."""
        return abs(self.total - self.gradient_entry) <= 1e-12 * max(
            abs(self.gradient_entry), 1e-300
        )

    @property
    def kind(self) -> str:
        """'A' for a weight's paths, 'b' for a bias's."""
        return "b" if self.q is None else "A"

    def largest(self, count: int = 5) -> list[tuple[tuple[int, ...], float]]:
        """The `count` paths with the largest |contribution|: ((p, p_{i+2}, ..., p_K), value)."""
        if self.contributions is None:
            return []
        flat = self.contributions.reshape(-1)
        order = np.argsort(-np.abs(flat))[:count]
        shape = self.contributions.shape
        return [((self.p, *map(int, np.unravel_index(j, shape))), float(flat[j])) for j in order]


def weight_paths(
    network: Network, x, y, theta: int, p: int, q: int, max_paths: int = 200_000
) -> PathSum:
    """Every path from weight a_pq of A_theta to L, for one sample (x, y)."""
    K, sizes = network.spec.K, network.spec.sizes
    if not 0 <= theta < K:
        raise ValueError(f"theta: {theta} is not a parameter index 0..{K - 1}")
    if not (0 <= p < sizes[theta + 1] and 0 <= q < sizes[theta]):
        raise ValueError(
            f"(p, q): ({p}, {q}) is outside A_{theta} of shape {sizes[theta + 1]}×{sizes[theta]}"
        )
    return _paths(network, x, y, theta, p, q, max_paths)


def bias_paths(network: Network, x, y, theta: int, p: int, max_paths: int = 200_000) -> PathSum:
    """Every path from bias b_theta[p] (of neuron p of f_{theta+1}) to L, for one sample."""
    K, sizes = network.spec.K, network.spec.sizes
    if not 0 <= theta < K:
        raise ValueError(f"theta: {theta} is not a parameter index 0..{K - 1}")
    if not 0 <= p < sizes[theta + 1]:
        raise ValueError(f"p: {p} is outside b_{theta} of length {sizes[theta + 1]}")
    return _paths(network, x, y, theta, p, None, max_paths)


def _paths(network: Network, x, y, theta: int, p: int, q: int | None, max_paths: int) -> PathSum:
    """The paths of a_pq (q an index) or b_p (q None) of theta_i; arguments checked."""
    K, sizes = network.spec.K, network.spec.sizes
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    y = np.asarray(y, dtype=np.float64).reshape(1, -1)
    fwd = network.forward(x)
    sigma_prime = [None] + [
        network.sigmas[k - 1].derivative(fwd.zs[k], fwd.fs[k], None)[0] for k in range(1, K + 1)
    ]
    dL_dfK = network.loss.gradient(fwd.output, y)[0]
    # dz_{i+1,p}/da_pq = f_{i,q}; dz_{i+1,p}/db_p = 1.
    into = 1.0 if q is None else fwd.fs[theta][0, q]
    start = into * sigma_prime[theta + 1][p]
    # One step of a path from neuron s of f_k to neuron r of f_{k+1}: A_k[r, s] sigma'(z_{k+1,r}).
    steps = [network.A[k].T * sigma_prime[k + 1][None, :] for k in range(theta + 1, K)]
    n_paths = math.prod(sizes[theta + 2 :])
    if n_paths <= max_paths:
        if steps:
            contributions = start * steps[0][p]  # (n_{i+2},)
            for step in steps[1:]:
                # Each path so far branches to every neuron of the next layer.
                contributions = contributions[..., :, None] * step
            contributions = contributions * dL_dfK
        else:
            contributions = np.array(start * dL_dfK[p])
        total = float(np.sum(contributions))
    else:
        contributions = None
        vector = np.zeros(sizes[theta + 1])
        vector[p] = start
        for step in steps:
            vector = vector @ step
        total = float(vector @ dL_dfK) if steps else float(start * dL_dfK[p])
    _, grads_A, grads_b = network.gradients(x, y)
    entry = grads_A[theta][p, q] if q is not None else grads_b[theta].reshape(-1)[p]
    return PathSum(theta, p, q, n_paths, contributions, total, float(entry))
