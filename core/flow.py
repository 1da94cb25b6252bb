"""Gradient flow: how large the gradients and the red factors are, layer by layer.

||dL/dtheta_i|| (the training loss's gradient, over the whole data set) shows where learning
happens; the spectral norm of each red factor df_{k+1}/df_k says by how much it can stretch a
gradient on its way back. A product of red factors with norms below 1 is the vanishing
gradient of a deep sigmoid net; the note's chain makes it visible.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.network import Network
from core.training import Trainer

if TYPE_CHECKING:
    from core.experiment import Experiment

CATCH_UP_CHUNK = 100  # steps between two points where a comparison's training can stop


@dataclass(frozen=True)
class FlowRecord:
    """grad_norms[i] = ||dL/dtheta_i|| = sqrt(||dL/dA_i||^2 + ||dL/db_i||^2), i = 0..K-1.
    red_norms[k] = spectral norm of df_{k+1}/df_k for one sample, k = 1..K-1 (index 0 unused,
    NaN), so that the list is indexed like the note."""

    grad_norms: np.ndarray
    red_norms: np.ndarray


EXACT_LIMIT = 256  # up to this width the spectral norm comes from an SVD, above by iteration
POWER_ITERATIONS = 50


def red_factor_norm(sigma_prime: np.ndarray, A: np.ndarray, seed: int = 0) -> float:
    """||diag(sigma_prime) A||_2, the spectral norm of a red factor (n_out, n_in).

    Exact (SVD) for small factors. For wide ones, power iteration on M^T M using only
    matrix-vector products, so the n x n factor is never formed and the cost stays O(n^2) per
    iteration instead of the SVD's O(n^3): 50 iterations give the norm to a few parts in 1e3
    for the matrices of a trained net (a lower bound that only ever rises toward the norm).
    """
    if min(A.shape) <= EXACT_LIMIT:
        return float(np.linalg.norm(sigma_prime[:, None] * A, 2))
    v = np.random.default_rng(seed).normal(size=A.shape[1])
    v /= np.linalg.norm(v)
    estimate = 0.0
    for _ in range(POWER_ITERATIONS):
        u = sigma_prime * (A @ v)  # M v
        w = A.T @ (sigma_prime * u)  # M^T M v
        norm = np.linalg.norm(w)
        if norm == 0.0:
            return 0.0
        estimate = float(np.sqrt(norm))
        v = w / norm
    return estimate


def gradient_flow(network: Network, X, Y, x, y) -> FlowRecord:
    """Gradient norms on the batch (X, Y) and red-factor norms on the sample (x, y)."""
    _, grads_A, grads_b = network.gradients(X, Y)
    grad_norms = np.array(
        [np.sqrt(np.sum(a * a) + np.sum(b * b)) for a, b in zip(grads_A, grads_b, strict=True)]
    )
    K = network.spec.K
    red_norms = np.full(K, np.nan)
    fwd = network.forward(x)
    for k in range(1, K):
        # The red factor df_{k+1}/df_k = diag(sigma'(z_{k+1})) A_k.
        s = network.sigmas[k].derivative(fwd.zs[k + 1], fwd.fs[k + 1], None)[0]
        red_norms[k] = red_factor_norm(s, network.A[k])
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


class FlowRun:
    """Another experiment trained on its own, so that its gradient flow is compared with the
    live run's at the same step (deep sigmoid against deep ReLU after 2,000 steps each, not
    one trained net against an untrained one).

    Not thread-safe: one thread at a time trains it (the window's job) or reads it.
    """

    def __init__(self, experiment: Experiment):
        self.experiment = experiment
        self.dataset = experiment.build_dataset()
        self._restart()

    def _restart(self):
        e, d = self.experiment, self.dataset
        self.trainer = Trainer(e.build_network(), d.X, d.Y, e.optimizer, e.batch_size, e.seed)

    @property
    def step(self) -> int:
        return self.trainer.step_count

    def advance_to(self, step: int) -> Iterator[int]:
        """Train to exactly `step` steps (from the start again if it is past it), yielding the
        step reached every CATCH_UP_CHUNK steps. DivergenceError if the run diverges."""
        if step < self.step:
            self._restart()
        while self.step < step:
            self.trainer.step(min(CATCH_UP_CHUNK, step - self.step))
            yield self.step

    def record(self) -> FlowRecord:
        """The flow now: gradients on the whole data set, red factors on its first sample."""
        d = self.dataset
        with np.errstate(all="ignore"):
            return gradient_flow(self.trainer.network, d.X, d.Y, d.X[0], d.Y[0])
