"""The networks of the throughput benchmark, their data, and Experiments for the app.

All: tanh hidden layers, identity output, the note's squared loss, float64, plain SGD; full
batch, except the digits row with batches of 64.

The digits rows (issue 12) train 64-32-10 on the digits' training images: the data set the
app ships, split as the digits preset splits it (a fifth held out, seed 0), so m = 1,438.
With batches of 64 every implementation draws the same shuffled batches
(handwritten.batch_stream, the Trainer's own order), so their losses agree step by step.

The 784-input case needs a dataset in core, and core.datasets only generates 1-D and 2-D
sets. It is written as a CSV file (128 random "pixel" rows in [0, 1), one-hot targets of 10
classes) to a temporary directory and opened with core.datasets.load_csv. That is the path a
user takes to train on their own data, so the Experiment, Model and MainWindow are built
exactly as in the app (dataset config {"name": "csv", "path": ...}): no monkeypatching of the
session and no private API. Every implementation (a, b, c, d) trains on the same X and Y,
read back through load_csv, and from the same initial weights (Network.init with seed 0).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.datasets import Dataset, dataset_from_config, split_dataset
from core.experiment import Experiment
from core.network import Network, NetworkSpec
from core.optim import OptimizerConfig

SEED = 0


@dataclass(frozen=True)
class Case:
    label: str  # "2-4-1"
    sizes: tuple[int, ...]
    dataset: dict  # a core.datasets config, built lazily (the CSV one needs a file)
    learning_rate: float
    small: bool  # the a/d target differs for the large network
    batch_size: int | None = None  # None: full batch
    test_fraction: float = 0.0  # the rows held out (never trained on), as in the app

    @property
    def spec(self) -> NetworkSpec:
        return NetworkSpec.uniform(self.sizes, hidden="tanh", output="identity")

    @property
    def title(self) -> str:
        batch = "" if self.batch_size is None else f" B={self.batch_size}"
        return f"{self.label} m={self.samples}{batch}"

    @property
    def samples(self) -> int:
        if self.dataset["name"] == "digits":
            return 1438  # the training images of the 0.2 split (checked in training_data)
        return int(self.dataset.get("n_samples", 128))

    def build_dataset(self) -> Dataset:
        return dataset_from_config(self.dataset)

    def training_data(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, Y) of the rows the app trains on: every row, or the training rows of the split."""
        data = self.build_dataset()
        if not self.test_fraction:
            return data.X, data.Y
        rows = split_dataset(data, self.test_fraction, SEED).train
        assert rows.size == self.samples, rows.size
        return data.X[rows], data.Y[rows]

    def network(self) -> Network:
        return Network.init(self.spec, SEED)

    def optimizer(self) -> OptimizerConfig:
        return OptimizerConfig("sgd", self.learning_rate)

    def experiment(self) -> Experiment:
        return Experiment(
            spec=self.spec,
            dataset=dict(self.dataset),
            optimizer=self.optimizer(),
            batch_size=self.batch_size,
            seed=SEED,
            title=f"bench {self.label}",
            test_fraction=self.test_fraction,
            split_seed=SEED,
        )


def write_random_csv(directory: Path, m: int = 128, n_in: int = 784, n_out: int = 10) -> Path:
    """A CSV of m rows: inputs uniform in [0, 1) (like scaled pixels), one-hot targets."""
    rng = np.random.default_rng(SEED)
    X = rng.uniform(0.0, 1.0, size=(m, n_in))
    Y = np.eye(n_out)[rng.integers(0, n_out, size=m)]
    header = ",".join([f"x{i + 1}" for i in range(n_in)] + [f"y{j + 1}" for j in range(n_out)])
    path = directory / f"random_{n_in}d.csv"
    # %.17g round-trips every float64 exactly.
    np.savetxt(path, np.hstack([X, Y]), delimiter=",", header=header, comments="", fmt="%.17g")
    return path


def make_cases(workdir: Path | None = None) -> tuple[list[Case], tempfile.TemporaryDirectory]:
    """The cases. The returned TemporaryDirectory holds the CSV: keep it alive."""
    temp = tempfile.TemporaryDirectory(prefix="bench-data-", dir=workdir)
    csv_path = write_random_csv(Path(temp.name))
    cases = [
        Case(
            "2-4-1", (2, 4, 1), {"name": "xor", "n_samples": 4, "noise": 0.1, "seed": 0}, 0.05, True
        ),
        Case(
            "2-16-16-1",
            (2, 16, 16, 1),
            {"name": "moons", "n_samples": 200, "noise": 0.1, "seed": 0},
            0.05,
            True,
        ),
        Case(
            "2-16-16-16-16-1",
            (2, 16, 16, 16, 16, 1),
            {"name": "spirals", "n_samples": 500, "noise": 0.05, "seed": 0},
            0.05,
            True,
        ),
        # lr 0.002: SGD on this random set stays finite for thousands of steps (0.01 diverges).
        Case(
            "784-256-256-10",
            (784, 256, 256, 10),
            {"name": "csv", "path": str(csv_path)},
            0.002,
            False,
        ),
        *digits_cases(),
    ]
    return cases, temp


def digits_cases() -> list[Case]:
    """64-32-10 on the digits' training images, full batch and batches of 64 (issue 12).
    lr 0.05: SGD on the squared loss stays finite and falls steadily on both."""
    digits = {"name": "digits"}
    return [
        Case("64-32-10 digits", (64, 32, 10), digits, 0.05, True, None, 0.2),
        Case("64-32-10 digits", (64, 32, 10), digits, 0.05, True, 64, 0.2),
    ]
