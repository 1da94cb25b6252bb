"""Gradient check: backprop against central finite differences, parameter by parameter.

An independent reference for every gradient the app shows: it only evaluates the loss, so a
mistake in backprop cannot hide in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.network import Network


@dataclass(frozen=True)
class ThetaCheck:
    """The check of one theta_i = {A_i, b_i}.

    error_A, error_b: max |backprop - numeric| / max(max|backprop|, max|numeric|, SCALE_FLOOR),
    the error relative to the scale of that whole gradient, so single entries near 0 do not
    blow it up. Gradients smaller than SCALE_FLOOR are compared absolutely: below that the
    finite differences' own rounding error (about 1e-16 |L| / eps) is what would be measured.
    """

    theta: int
    error_A: float
    error_b: float
    backprop_A: np.ndarray
    numeric_A: np.ndarray
    backprop_b: np.ndarray
    numeric_b: np.ndarray

    @property
    def max_relative_error(self) -> float:
        return max(self.error_A, self.error_b)

    def passed(self, tolerance: float = 1e-5) -> bool:
        return self.max_relative_error <= tolerance


SCALE_FLOOR = 1e-5
# Step of the central differences: balances truncation (~eps^2) against rounding (~1e-16/eps).
DEFAULT_EPS = 1e-5


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """Over the entries that were differentiated (numeric is NaN where none was)."""
    checked = ~np.isnan(numeric)
    analytic, numeric = analytic[checked], numeric[checked]
    scale = max(float(np.max(np.abs(analytic))), float(np.max(np.abs(numeric))), SCALE_FLOOR)
    return float(np.max(np.abs(analytic - numeric))) / scale


class CheckCancelledError(Exception):
    """Raised by gradient_check when its should_stop() callback says so."""


def numeric_gradient(
    network: Network,
    X,
    Y,
    param: np.ndarray,
    eps: float = DEFAULT_EPS,
    entries=None,
    should_stop=None,
) -> np.ndarray:
    """Central differences of the mean batch loss with respect to one parameter array.

    entries: flat indices to differentiate (all by default); the others are left NaN.
    should_stop: checked before every entry (two forward passes), so a GUI can cancel a long
    check promptly; raises CheckCancelledError with the parameter restored.
    """
    grad = np.full(param.shape, np.nan)
    flat, gflat = param.reshape(-1), grad.reshape(-1)
    for j in range(flat.size) if entries is None else entries:
        if should_stop is not None and should_stop():
            raise CheckCancelledError
        saved = flat[j]
        flat[j] = saved + eps
        up = network.mean_loss(X, Y)
        flat[j] = saved - eps
        down = network.mean_loss(X, Y)
        flat[j] = saved
        gflat[j] = (up - down) / (2 * eps)
    return grad


def gradient_check(
    network: Network,
    X,
    Y,
    eps: float = DEFAULT_EPS,
    thetas=None,
    max_entries: int | None = None,
    seed: int = 0,
    should_stop=None,
) -> list[ThetaCheck]:
    """Check dL/dA_i and dL/db_i of the mean batch loss for each theta_i (all by default).

    X: (m, n_0), Y: (m, n_K). The network's parameters are restored exactly afterwards.
    max_entries: for a wide layer, check only this many randomly chosen entries of each
    array (each costs two forward passes); the numeric arrays are NaN elsewhere.
    """
    rng = np.random.default_rng(seed)

    def pick(param):
        if max_entries is None or param.size <= max_entries:
            return None
        return np.sort(rng.choice(param.size, size=max_entries, replace=False))

    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    Y = np.atleast_2d(np.asarray(Y, dtype=np.float64))
    _, grads_A, grads_b = network.gradients(X, Y)
    indices = range(network.spec.K) if thetas is None else thetas
    checks = []
    for i in indices:
        num_A = numeric_gradient(network, X, Y, network.A[i], eps, pick(network.A[i]), should_stop)
        num_b = numeric_gradient(network, X, Y, network.b[i], eps, pick(network.b[i]), should_stop)
        checks.append(
            ThetaCheck(
                i,
                relative_error(grads_A[i], num_A),
                relative_error(grads_b[i], num_b),
                grads_A[i],
                num_A,
                grads_b[i],
                num_b,
            )
        )
    return checks
