"""The saving process of tests/test_atomic_save.py: versions of one experiment, saved in a loop.

A module of its own so that the fork server imports it (and NumPy, and core) once, under the
name the test pickles its target by.
"""

from __future__ import annotations

import numpy as np

from core.experiment import Experiment, save_experiment
from core.network import NetworkSpec
from core.optim import OptimizerConfig


def version(v: int) -> Experiment:
    """Version v of the experiment: everything in it says v."""
    spec = NetworkSpec((2, 16, 16, 1), ("tanh", "tanh", "identity"))
    pairs = zip(spec.sizes[:-1], spec.sizes[1:], strict=True)
    A = [np.full((n_out, n_in), float(v)) for n_in, n_out in pairs]
    b = [np.full(n_out, float(v)) for n_out in spec.sizes[1:]]
    return Experiment(
        spec=spec,
        dataset={"name": "moons", "n_samples": 50, "noise": 0.1, "seed": 0},
        optimizer=OptimizerConfig(),
        seed=v,
        weights=(A, b),
        title=f"version {v}",
    )


def save_forever(path: str, v: int, ready) -> None:
    """The child: save versions v + 1, v + 2, ... until killed."""
    ready.set()
    while True:
        v += 1
        save_experiment(version(v), path, include_weights=v % 3 != 0)
