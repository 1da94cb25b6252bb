"""core.limits: every limit documented in one place, the memory estimate an upper bound of what
training really allocates, and the checks made before anything is allocated."""

from __future__ import annotations

import ast
import itertools
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import core.limits as limits
from core.errors import FileError
from core.network import Network, NetworkSpec
from core.optim import OptimizerConfig
from core.training import Trainer


def traced_peak(work) -> tuple[object, int]:
    """work()'s result and the peak of memory traced while it ran (NumPy's arrays included)."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_every_limit_is_a_documented_constant_in_one_place():
    tree = ast.parse(Path(limits.__file__).read_text("utf-8"))
    body = tree.body
    names = []
    for statement, following in itertools.pairwise(body):
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            if name.startswith("MAX_"):
                names.append(name)
                docstring = isinstance(following, ast.Expr) and isinstance(
                    following.value, ast.Constant
                )
                assert docstring, f"{name} has no docstring"
    assert set(names) <= set(limits.__all__)
    assert len(names) >= 12
    for name in names:
        assert isinstance(getattr(limits, name), int) and getattr(limits, name) > 0


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1536, "1.5 KiB"),
        (2**30, "1 GiB"),
        (5 * 2**29, "2.5 GiB"),
        (2**40, "1 TiB"),
    ],
)
def test_human_bytes(n, text):
    assert limits.human_bytes(n) == text


def test_parameter_count_is_the_networks():
    spec = NetworkSpec((3, 7, 5, 2), ("tanh", "relu", "identity"))
    assert limits.parameter_count(spec.sizes) == Network.init(spec).parameter_count()


@pytest.mark.parametrize(
    ("sizes", "m", "batch", "optimizer", "loss"),
    [
        ((2, 64, 64, 1), 2000, None, "sgd", "squared"),
        ((2, 64, 64, 1), 2000, 32, "momentum", "squared"),
        ((10, 200, 3), 500, None, "adam", "squared"),
        ((1, 300, 300, 300, 1), 1000, 100, "adam", "squared"),
        ((64, 32, 200), 2000, None, "adam", "softmax_cross_entropy"),
        ((64, 32, 200), 2000, 64, "sgd", "softmax_cross_entropy"),
    ],
)
def test_the_estimate_bounds_what_training_allocates(sizes, m, batch, optimizer, loss):
    spec = NetworkSpec(sizes, ("tanh",) * (len(sizes) - 2) + ("identity",), loss)
    estimate = limits.training_memory(sizes, m, batch, optimizer)
    rng = np.random.default_rng(0)

    def train():
        X = rng.normal(size=(m, sizes[0]))
        if loss == "squared":
            Y = rng.normal(size=(m, sizes[-1]))
        else:  # one-hot rows, written in place (no second (m, n_K) array)
            Y = np.zeros((m, sizes[-1]))
            Y[np.arange(m), rng.integers(0, sizes[-1], m)] = 1.0
        network = Network.init(spec)
        trainer = Trainer(network, X, Y, OptimizerConfig(optimizer), batch)
        trainer.step(3)
        return network, X, Y

    (network, X, Y), peak = traced_peak(train)
    assert peak <= estimate.training
    # It is an estimate, not a guess: within a factor of two of what is really used.
    assert peak >= estimate.training / 2
    _, evaluation_peak = traced_peak(lambda: network.gradients(X, Y))
    assert evaluation_peak <= estimate.evaluation + estimate.workspace


def test_the_trainer_refuses_before_allocating():
    spec = NetworkSpec((2, 1024, 1024, 1), ("tanh", "tanh", "identity"))
    network = Network.init(spec)
    # 12,000 samples: the full batch needs 1.4 GiB, minibatches of 16 (the views' pass over
    # the data set still included) 0.65 GiB.
    X, Y = np.zeros((12_000, 2)), np.zeros((12_000, 1))

    def refused():
        with pytest.raises(FileError) as info:
            Trainer(network, X, Y)
        return info.value

    error, peak = traced_peak(refused)
    assert error.field == "spec.sizes"
    assert "MAX_TRAINING_BYTES = 1 GiB" in str(error)
    assert peak < 2**20
    Trainer(network, X, Y, batch_size=16).step(1)  # small batches fit


def test_switching_to_adam_is_checked_and_refused_without_a_change(monkeypatch):
    spec = NetworkSpec((2, 300, 300, 1), ("tanh", "tanh", "identity"))
    network = Network.init(spec)
    X, Y = np.zeros((10, 2)), np.zeros((10, 1))
    trainer = Trainer(network, X, Y, OptimizerConfig("sgd"))
    estimate = limits.training_memory(spec.sizes, 10, None, "sgd")
    monkeypatch.setattr(limits, "MAX_TRAINING_BYTES", estimate.total + 1000)
    with pytest.raises(FileError, match="optimiser state"):
        trainer.set_optimizer(OptimizerConfig("adam"))
    assert trainer.optimizer_config.name == "sgd"
    trainer.step(2)


def test_too_many_parameters_are_refused_from_the_sizes_alone():
    sizes = (2, *(4096,) * 999, 1)

    def refused():
        with pytest.raises(FileError) as info:
            NetworkSpec(sizes, ("tanh",) * 1000)
        return info.value

    error, peak = traced_peak(refused)
    assert error.field == "sizes"
    assert "16,747,765,761 parameters, more than the limit MAX_PARAMETERS = 10,000,000" in str(
        error
    )
    assert peak < 2**20
