"""The loss L of one sample, the end of the note's chain: its value and its first factor dL/df_K.

Two losses, chosen per network (NetworkSpec.loss), so that everything that takes a Network
(training, backprop, the chain, the step-through, the gradient check, the gradient flow)
follows the choice without being told:

- "squared", the note's L = ||y - f_K||^2, with dL/df_K = -2 (y - f_K)^T. The default.
- "softmax_cross_entropy": f_K are logits, p = softmax(f_K), L = -sum_j y_j log p_j, with
  dL/df_K = (sum_j y_j) p - y, which is p - y for a one-hot (or any probability) target y.
  The softmax belongs to the loss, not to a layer, so the output layer usually has the
  identity activation. Computed through log-sum-exp shifted by the row's largest logit, so it
  is exact for logits anywhere in float64's range: no overflow, no warnings, and L is inf only
  when its true value is beyond float64 (a logit gap above 1.8e308).

Batches are rows, as in core.network: f_K and Y have shape (m, n_K); per-sample results have
shape (m,) or (m, n_K). Training minimises the mean of L over a batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.notation import subscript

SQUARED = "squared"
SOFTMAX_CROSS_ENTROPY = "softmax_cross_entropy"


def _squared_losses(fK: np.ndarray, Y: np.ndarray) -> np.ndarray:
    diff = Y - fK
    return np.einsum("ij,ij->i", diff, diff)


def _squared_gradient(fK: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return -2.0 * (Y - fK)


def log_softmax(fK: np.ndarray) -> np.ndarray:
    """log softmax of each row, (m, n) -> (m, n), stable over the whole float64 range.

    z - max(z) - log(sum exp(z - max(z))): the exponent is never positive, the sum is between
    1 and n. A logit gap beyond float64 (z - max = -inf) gives log p = -inf, exp of it 0.
    """
    Z = np.atleast_2d(np.asarray(fK, dtype=np.float64))
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = Z - np.max(Z, axis=1, keepdims=True)
        shifted -= np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return shifted


def softmax(fK: np.ndarray) -> np.ndarray:
    """softmax of each row, (m, n) -> (m, n): probabilities that sum to 1 per row."""
    with np.errstate(under="ignore"):
        return np.exp(log_softmax(fK))


def _cross_entropy_losses(fK: np.ndarray, Y: np.ndarray) -> np.ndarray:
    log_p = log_softmax(fK)
    # Only the classes with y_j != 0 count: 0 * log p with log p = -inf would be NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        terms = np.where(Y != 0, -Y * log_p, 0.0)
    return np.sum(terms, axis=1)


def _cross_entropy_gradient(fK: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return np.sum(Y, axis=1, keepdims=True) * softmax(fK) - Y


@dataclass(frozen=True)
class Loss:
    """A one-sample loss L(f_K, y) and its first chain factor dL/df_K.

    name: the identifier saved in files ("squared", "softmax_cross_entropy").
    title: a short English name for menus ("squared error", "softmax cross-entropy").
    sample_losses(fK (m, n_K), Y (m, n_K)) -> (m,): L of every row.
    gradient(fK (m, n_K), Y (m, n_K)) -> (m, n_K): dL/df_K of every row (each row is the
        transposed (1, n_K) factor of the chain).
    needs_classes: True when the targets must be class probabilities over n_K >= 2 outputs.
    """

    name: str
    title: str
    sample_losses: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    needs_classes: bool

    # -- the formula, for captions, the step-through and exported LaTeX ----------------------

    def text(self, K: int) -> str:
        """L in plain Unicode, e.g. 'L = ‖y − f_3‖²'."""
        if self.name == SQUARED:
            return f"L = ‖y − f_{K}‖²"
        return f"L = −Σⱼ yⱼ log softmax(f_{K})ⱼ"

    def gradient_text(self, K: int) -> str:
        """The first factor in plain Unicode, e.g. '∂L/∂f_3 = −2 (y − f_3)ᵀ'."""
        if self.name == SQUARED:
            return f"∂L/∂f_{K} = −2 (y − f_{K})ᵀ"
        return f"∂L/∂f_{K} = (softmax(f_{K}) − y)ᵀ"

    def html(self, K: int) -> str:
        """L as rich text for Qt labels (no Qt needed here: plain HTML tags)."""
        if self.name == SQUARED:
            return f"L = ‖y − f<sub>{K}</sub>‖<sup>2</sup>"
        return f"L = −Σ<sub>j</sub> y<sub>j</sub> log softmax(f<sub>{K}</sub>)<sub>j</sub>"

    def gradient_html(self, K: int) -> str:
        """The first factor's value as rich text, e.g. '−2 (y − f<sub>3</sub>)<sup>T</sup>'."""
        if self.name == SQUARED:
            return f"−2 (y − f<sub>{K}</sub>)<sup>T</sup>"
        return f"(softmax(f<sub>{K}</sub>) − y)<sup>T</sup>"

    def latex(self, K: int) -> str:
        """L in LaTeX (amsmath), e.g. r'L = \\lVert y - f_{3} \\rVert^2'."""
        if self.name == SQUARED:
            return f"L = \\lVert y - f_{{{K}}} \\rVert^2"
        return f"L = -\\sum_j y_j \\log \\operatorname{{softmax}}(f_{{{K}}})_j"

    def gradient_latex(self, K: int) -> str:
        """The first factor in LaTeX: dL/df_K as a \\frac, then its value."""
        lhs = f"\\frac{{\\partial L}}{{\\partial f_{{{K}}}}}"
        if self.name == SQUARED:
            return f"{lhs} = -2 (y - f_{{{K}}})^\\top"
        return f"{lhs} = (\\operatorname{{softmax}}(f_{{{K}}}) - y)^\\top"

    def label(self, K: int) -> str:
        """Subscripted plain text for a graph tooltip: 'L = ‖y − f₃‖²'."""
        return self.text(K).replace(f"f_{K}", f"f{subscript(K)}")


LOSSES: dict[str, Loss] = {
    SQUARED: Loss(SQUARED, "squared error", _squared_losses, _squared_gradient, False),
    SOFTMAX_CROSS_ENTROPY: Loss(
        SOFTMAX_CROSS_ENTROPY,
        "softmax cross-entropy",
        _cross_entropy_losses,
        _cross_entropy_gradient,
        True,
    ),
}


def get_loss(name: str) -> Loss:
    """The Loss called `name`; ValueError 'loss: ...' listing the known names otherwise."""
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError(f"loss: unknown name {name!r} (known: {', '.join(LOSSES)})")
    return LOSSES[name]


def targets_problem(loss: Loss, Y: np.ndarray) -> str | None:
    """Why targets Y (m, n_K) do not suit `loss`, or None. Cross-entropy needs n_K >= 2
    outputs and rows that are probabilities (entries >= 0 that sum to 1), such as one-hot."""
    if not loss.needs_classes:
        return None
    if Y.shape[1] < 2:
        return (
            f"{loss.title} needs at least 2 outputs (one per class), the targets have "
            f"{Y.shape[1]} column; use the squared loss, or one-hot targets"
        )
    if Y.size and (np.any(Y < 0) or not np.allclose(Y.sum(axis=1), 1.0, rtol=0, atol=1e-9)):
        return f"{loss.title} needs targets that are class probabilities (one-hot rows)"
    return None


__all__ = [
    "LOSSES",
    "SOFTMAX_CROSS_ENTROPY",
    "SQUARED",
    "Loss",
    "get_loss",
    "log_softmax",
    "softmax",
    "targets_problem",
]
