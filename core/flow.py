"""Gradient flow: how large the gradients and the red factors are, layer by layer.

||dL/dtheta_i|| (the training loss's gradient, over the whole data set) shows where learning
happens; the spectral norm of each red factor df_{k+1}/df_k says by how much it can stretch a
gradient on its way back. A product of red factors with norms below 1 is the vanishing
gradient of a deep sigmoid net; the note's chain makes it visible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.jacobians import chain_for
from core.network import Network


@dataclass(frozen=True)
class FlowRecord:
    """grad_norms[i] = ||dL/dtheta_i|| = sqrt(||dL/dA_i||^2 + ||dL/db_i||^2), i = 0..K-1.
    red_norms[k] = spectral norm of df_{k+1}/df_k for one sample, k = 1..K-1 (index 0 unused,
    NaN), so that the list is indexed like the note."""

    grad_norms: np.ndarray
    red_norms: np.ndarray


def gradient_flow(network: Network, X, Y, x, y) -> FlowRecord:
    """Gradient norms on the batch (X, Y) and red-factor norms on the sample (x, y)."""
    _, grads_A, grads_b = network.gradients(X, Y)
    grad_norms = np.array(
        [np.sqrt(np.sum(a * a) + np.sum(b * b)) for a, b in zip(grads_A, grads_b, strict=True)]
    )
    K = network.spec.K
    red_norms = np.full(K, np.nan)
    if K > 1:
        chain = chain_for(network, x, y, 0)
        for factor in chain.factors:
            if factor.kind == "red":
                k = int(factor.denominator[1:])
                red_norms[k] = np.linalg.norm(factor.array, 2)
    return FlowRecord(grad_norms, red_norms)


class FlowHistory:
    """Flow records over a training run: steps (n,), grad_norms (n, K), red_norms (n, K)."""

    def __init__(self):
        self.steps: list[int] = []
        self.grad: list[np.ndarray] = []
        self.red: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self.steps)

    def clear(self):
        self.steps.clear()
        self.grad.clear()
        self.red.clear()

    def add(self, step: int, record: FlowRecord):
        """Record the flow after `step` steps; a step not after the last is ignored."""
        if self.steps and step <= self.steps[-1]:
            return
        self.steps.append(step)
        self.grad.append(record.grad_norms)
        self.red.append(record.red_norms)

    def arrays(self):
        return np.array(self.steps, dtype=float), np.array(self.grad), np.array(self.red)
