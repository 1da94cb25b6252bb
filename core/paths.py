"""dL/da_pq as a sum over paths, for the neuron view.

The weight a_pq of A_i connects neuron q of f_i to neuron p of f_{i+1}. Every path from it to
L runs through one neuron in each later layer, p = p_{i+1}, p_{i+2}, ..., p_K, and contributes

    f_{i,q} sigma'(z_{i+1,p}) * prod_{k=i+1}^{K-1} A_k[p_{k+1}, p_k] sigma'(z_{k+1, p_{k+1}})
        * dL/df_{K, p_K}

Their sum is the entry (p, q) of dL/dA_i: the matrix chain of the layer view, written out one
path at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.network import Network


@dataclass(frozen=True)
class PathSum:
    """The paths of weight a_pq of A_i (theta_i) for one sample.

    n_paths: how many paths lead from the weight to L (the product of the later widths).
    contributions: shape (n_{i+2}, ..., n_K), one value per path, indexed by its neurons
        after p (a 0-d array when theta_i feeds the output); None when there are more than
        max_paths, in which case `total` is summed layer by layer instead.
    total: the sum over all paths. gradient_entry: dL/dA_i[p, q] from backprop.
    """

    theta: int
    p: int
    q: int
    n_paths: int
    contributions: np.ndarray | None
    total: float
    gradient_entry: float

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
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    y = np.asarray(y, dtype=np.float64).reshape(1, -1)
    fwd = network.forward(x)
    sigma_prime = [None] + [
        network.sigmas[k - 1].derivative(fwd.zs[k], fwd.fs[k], None)[0] for k in range(1, K + 1)
    ]
    dL_dfK = network.loss.gradient(fwd.output, y)[0]
    start = fwd.fs[theta][0, q] * sigma_prime[theta + 1][p]
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
    _, grads_A, _ = network.gradients(x, y)
    return PathSum(theta, p, q, n_paths, contributions, total, float(grads_A[theta][p, q]))
