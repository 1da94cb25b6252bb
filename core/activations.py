"""Activation functions sigma and their derivatives sigma', side by side.

Each activation is applied elementwise to a pre-activation z of any shape. The derivative is
given both z and f = sigma(z), because it is cheapest to write sigma' in terms of f where that
is exact: tanh' = 1 - f^2. sigmoid' = f (1 - f) is not (1 - f cancels for z >> 0), so it is
f / (1 + e^z); sigmoid, sigmoid' and softplus' are accurate to under 1e-15 relative for every
z in float64's range (tests/test_activations.py checks them against exact arithmetic).

`forward(z, out)` and `derivative(z, f, out)` write into `out` when given, so the training loop
reuses its buffers instead of allocating new arrays on every step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """An elementwise activation sigma with its derivative.

    name: the key used in specs and files ("tanh", "relu", ...).
    latex: how the note writes it.
    init: "xavier" or "he", the initialisation suited to it.
    """

    name: str
    latex: str
    forward: Callable[[Array, Array | None], Array]
    derivative: Callable[[Array, Array, Array | None], Array]
    init: str
    # For the training loop, which keeps a sigma' buffer per layer idle from the forward pass
    # until the backward pass reaches the layer: forward_keeping(z, out, keep) is forward(z,
    # out) that also writes into `keep` what makes sigma' cheap, and derivative_kept(f, keep,
    # out) is then sigma'. None where the plain pair is as cheap. `keep` may be `out` of the
    # derivative; neither may be z.
    forward_keeping: Callable[[Array, Array, Array], Array] | None = None
    derivative_kept: Callable[[Array, Array, Array | None], Array] | None = None


def _identity(z, out=None):
    if out is None:
        return z.copy()
    np.copyto(out, z)
    return out


def _identity_prime(z, f, out=None):
    if out is None:
        return np.ones_like(z)
    out.fill(1.0)
    return out


# exp(x) overflows float64 for x > 709.78. Where sigma's formulas below would take exp of more
# than this, sigma(z) (or sigma'(z)) is e^{-|z|} to within rounding, since 1 + e^{-|z|} == 1
# in float64 already for |z| > 37: those few elements are computed that way instead.
_EXP_SAFE = 709.0


def _sigmoid(z, out=None):
    """sigma(z) = 1 / (1 + e^{-z}), accurate to a few ulp (under 1e-15 relative) for every z.

    Each step is one correctly rounded operation on exact or nearly exact inputs: -z is
    exact, e^{-z} is within an ulp, and 1 + t and 1/x add half an ulp each; nothing cancels,
    whatever the sign of z. (0.5 (1 + tanh(z/2)), used before, loses all digits below about
    z = -37: 1 + tanh(z/2) cancels.) `out` may be z itself.
    """
    low = z.min() if z.size else 0.0
    if not low >= -_EXP_SAFE:  # also -inf, and NaN, which min() propagates
        return _sigmoid_with_tail(z, out)
    out = np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)


def _sigmoid_with_tail(z, out):
    """sigma for arrays with elements below -_EXP_SAFE: there sigma(z) = e^z (1 + e^z == 1)."""
    tail = z < -_EXP_SAFE
    z_tail = z[tail]  # copied before `out`, which may be z, is written
    with np.errstate(invalid="ignore"):  # NaN stays NaN
        out = np.negative(z, out=out)
        np.minimum(out, _EXP_SAFE, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(1.0, out, out=out)
    out[tail] = np.exp(z_tail)  # subnormal down to -745.1, exactly 0 below
    return out


def _sigmoid_prime(z, f, out=None):
    """sigma'(z) = sigma(z) sigma(-z) = f / (1 + e^z), f = sigma(z): a few ulp for every z.

    f (1 - f), used before, cancels for z >> 0: 1 - f keeps none of f's digits once f is
    near 1, and is exactly 0 from z = 37 on, where sigma'(z) is e^{-z} > 0. `out` may be f.
    """
    if out is not None and np.may_share_memory(out, f):
        f = f.copy()
    high = z.max() if z.size else 0.0
    if not high <= _EXP_SAFE:
        tail = z > _EXP_SAFE
        z_tail = z[tail]
        with np.errstate(invalid="ignore"):
            out = np.minimum(z, _EXP_SAFE, out=out)
        np.exp(out, out=out)
        out += 1.0
        np.divide(f, out, out=out)
        out[tail] = np.exp(-z_tail)  # sigma(z) = 1 there
        return out
    out = np.exp(z, out=out)
    out += 1.0
    return np.divide(f, out, out=out)


def _sigmoid_keeping(z, out, keep):
    """sigma(z) into out, and sigma(-z) = e^{-z} sigma(z) into keep (as accurate: a product
    of two values within a few ulp). The exp that sigma' needs is the forward pass's own."""
    low = z.min() if z.size else 0.0
    if not low >= -_EXP_SAFE:
        _sigmoid_with_tail(z, out)
        np.subtract(1.0, out, out=keep)  # exact enough: out <= 1/2 wherever it is not 1 - tiny
        _complement_positive(z, out, keep)
        return out
    np.negative(z, out=keep)
    np.exp(keep, out=keep)  # e^{-z}
    np.add(keep, 1.0, out=out)
    np.divide(1.0, out, out=out)
    keep *= out
    return out


def _complement_positive(z, f, keep):
    """keep = sigma(-z) = e^{-z} sigma(z) where z > 0 (there 1 - f would cancel)."""
    positive = z > 0.0
    keep[positive] = np.exp(-z[positive]) * f[positive]


def _sigmoid_prime_kept(f, keep, out=None):
    """sigma'(z) = sigma(z) sigma(-z): one multiplication once forward_keeping has run."""
    return np.multiply(f, keep, out=out)


def _tanh(z, out=None):
    return np.tanh(z, out=out)


def _tanh_prime(z, f, out=None):
    out = np.multiply(f, f, out=out)
    np.subtract(1.0, out, out=out)
    return out


def _relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def _relu_prime(z, f, out=None):
    # sigma'(0) is taken as 0, the usual subgradient choice.
    if out is None:
        return (z > 0.0).astype(z.dtype)
    return np.greater(z, 0.0, out=out)


def _leaky_relu(z, out=None):
    # max(z, a z) is z for z > 0 and a z below, for any slope a < 1. `out` may be z itself.
    return np.maximum(z, LEAKY_SLOPE * z, out=out)


def _leaky_relu_prime(z, f, out=None):
    result = np.where(z > 0.0, 1.0, LEAKY_SLOPE)
    if out is None:
        return result
    np.copyto(out, result)
    return out


def _softplus(z, out=None):
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for large |z|, and a sum of two
    # non-negative terms each within an ulp, so nothing cancels (under 1e-15 relative).
    tail = np.log1p(np.exp(-np.abs(z)))
    return np.add(np.maximum(z, 0.0), tail, out=out)


def _softplus_prime(z, f, out=None):
    # softplus' is the sigmoid of z, with its accuracy.
    return _sigmoid(z, out=out)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid",
            r"\mathrm{sigmoid}",
            _sigmoid,
            _sigmoid_prime,
            "xavier",
            _sigmoid_keeping,
            _sigmoid_prime_kept,
        ),
        Activation("tanh", r"\tanh", _tanh, _tanh_prime, "xavier"),
        Activation("relu", r"\mathrm{ReLU}", _relu, _relu_prime, "he"),
        Activation("identity", r"\mathrm{id}", _identity, _identity_prime, "xavier"),
        Activation("leaky_relu", r"\mathrm{LeakyReLU}", _leaky_relu, _leaky_relu_prime, "he"),
        Activation("softplus", r"\mathrm{softplus}", _softplus, _softplus_prime, "he"),
    )
}


def get_activation(name: str) -> Activation:
    """The activation called `name`; ValueError naming the known ones otherwise."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"activation: unknown name {name!r} (known: {known})") from None
