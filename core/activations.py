"""Activation functions sigma and their derivatives sigma', side by side.

Each activation is applied elementwise to a pre-activation z of any shape. The derivative is
given both z and f = sigma(z), because for sigmoid and tanh it is cheapest (and most stable)
to write sigma' in terms of f: sigmoid' = f (1 - f), tanh' = 1 - f^2.

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


def _sigmoid(z, out=None):
    # 1/(1+e^-z) overflows e^-z for z << 0; 0.5*(1+tanh(z/2)) is the same function and never
    # overflows, and it costs two ufunc passes instead of four.
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def _sigmoid_prime(z, f, out=None):
    out = np.subtract(1.0, f, out=out)
    out *= f
    return out


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
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): no overflow for large |z|.
    tail = np.log1p(np.exp(-np.abs(z)))
    return np.add(np.maximum(z, 0.0), tail, out=out)


def _softplus_prime(z, f, out=None):
    # softplus' is the sigmoid of z.
    return _sigmoid(z, out=out)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", r"\mathrm{sigmoid}", _sigmoid, _sigmoid_prime, "xavier"),
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
