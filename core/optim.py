"""Optimisers that update parameter arrays in place: SGD, SGD with momentum, Adam.

Each takes the list of parameter arrays once and keeps its state (velocities, moments)
beside them; `update(grads)` then changes the parameters in place. The gradient buffers are
used as scratch space, so the training step allocates nothing.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam")
OPTIMIZER_TITLES = {"sgd": "SGD", "momentum": "SGD + momentum", "adam": "Adam"}


@dataclass(frozen=True)
class OptimizerConfig:
    """An optimiser and its hyper-parameters, as plain data (saved in experiment files)."""

    name: str = "sgd"
    learning_rate: float = 0.05
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0

    def __post_init__(self):
        if self.name not in OPTIMIZERS:
            raise ValueError(
                f"optimizer: unknown name {self.name!r} (known: {', '.join(OPTIMIZERS)})"
            )
        for field_name in ("learning_rate", "momentum", "beta1", "beta2", "eps", "weight_decay"):
            value = getattr(self, field_name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{field_name}: {value!r} is not a number")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{field_name}: {value!r} must be a finite number >= 0")
        if self.learning_rate == 0:
            raise ValueError("learning_rate: must be greater than 0")
        if self.eps == 0:
            # Adam divides by sqrt(v) + eps: with 0 a parameter whose gradient is exactly 0
            # (a dead ReLU unit) gets 0/0 = NaN.
            raise ValueError("eps: must be greater than 0")
        for field_name in ("momentum", "beta1", "beta2"):
            if getattr(self, field_name) >= 1:
                raise ValueError(f"{field_name}: {getattr(self, field_name)!r} must be below 1")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> OptimizerConfig:
        return cls(**data)

    def build(self, params: list[np.ndarray]) -> Optimizer:
        kind = {"sgd": SGD, "momentum": Momentum, "adam": Adam}[self.name]
        return kind(params, self)


class Optimizer:
    """Base: L2 weight decay adds weight_decay * p to each gradient before the update."""

    def __init__(self, params: list[np.ndarray], config: OptimizerConfig):
        self.params = params
        self.config = config
        self.learning_rate = config.learning_rate

    def _decay(self, grads):
        wd = self.config.weight_decay
        if wd:
            for p, g in zip(self.params, grads, strict=True):
                g += wd * p

    def update(self, grads: list[np.ndarray]) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """p <- p - lr * g."""

    def update(self, grads):
        self._decay(grads)
        lr = self.learning_rate
        for p, g in zip(self.params, grads, strict=True):
            g *= lr
            p -= g


class Momentum(Optimizer):
    """v <- mu v + g;  p <- p - lr v  (heavy-ball momentum)."""

    def __init__(self, params, config):
        super().__init__(params, config)
        self.velocity = [np.zeros_like(p) for p in params]

    def update(self, grads):
        self._decay(grads)
        lr, mu = self.learning_rate, self.config.momentum
        for p, g, v in zip(self.params, grads, self.velocity, strict=True):
            v *= mu
            v += g
            np.multiply(v, lr, out=g)
            p -= g


class Adam(Optimizer):
    """Adam (Kingma & Ba): bias-corrected first and second moments of the gradient."""

    def __init__(self, params, config):
        super().__init__(params, config)
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.scratch = [np.zeros_like(p) for p in params]
        self.t = 0

    def update(self, grads):
        self._decay(grads)
        c = self.config
        self.t += 1
        # The textbook update p -= lr * m_hat / (sqrt(v_hat) + eps), with the bias corrections
        # folded into two scalars so that no corrected copy of m or v is made.
        step = self.learning_rate / (1 - c.beta1**self.t)
        inv_root_correction = 1 / math.sqrt(1 - c.beta2**self.t)
        for p, g, m, v, s in zip(self.params, grads, self.m, self.v, self.scratch, strict=True):
            m *= c.beta1
            g_scaled = np.multiply(g, 1 - c.beta1, out=s)
            m += g_scaled
            np.multiply(g, g, out=s)
            s *= 1 - c.beta2
            v *= c.beta2
            v += s
            np.sqrt(v, out=s)
            s *= inv_root_correction
            s += c.eps
            np.divide(m, s, out=s)
            s *= step
            p -= s
