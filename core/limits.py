"""Every limit on what a file (or a setting typed into the window) may ask for, in one place.

A file is only data, but the app turns it into allocations: a list of layer sizes becomes
weight matrices, a sample count becomes activation buffers, a file name becomes a read. Each
limit below is checked *before* the allocation or read it guards, and the error names the
limit by its constant's name and value, so a user (or the next developer) can find it here.

The numbers are chosen for a teaching app on an ordinary laptop: a whole session (training,
the views, the history of snapshots) must fit in a couple of GiB, and the largest network a
lecture needs (a 784-256-256-10 digit classifier, 270 thousand parameters) is far inside.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import FileError

KiB, MiB, GiB = 2**10, 2**20, 2**30

FLOAT_BYTES = 8
"""Bytes per value: parameters, data and activations are float64 throughout core."""

MAX_WIDTH = 4096
"""Neurons in one layer, n_k (inputs and outputs included). A 4096-wide layer is already a
16-million-entry matrix next to another such layer; the views cannot show more anyway."""

MAX_LAYERS = 1000
"""Layers K (parameter sets theta_0..theta_{K-1}). Deep enough to show vanishing gradients
many times over; the graph view lays out and paints K = 100 in under 0.1 s."""

MAX_PARAMETERS = 10_000_000
"""Total number of parameters, sum over layers of n_{k+1} (n_k + 1). Checked from the sizes
alone, before anything is allocated: 80 MB per copy of the parameters, and a session keeps
several (network, gradients, optimiser state, the shown and the latest copy)."""

MAX_TRAINING_BYTES = 1 * GiB
"""Memory that training a network on a data set needs, as `training_memory` estimates it from
the sizes, the sample count, the batch size and the optimiser: the parameters and their
gradients, the optimiser's state, the trainer's per-batch buffers, the data, and one pass over
the whole data set (the loss and gradient-flow views evaluate it)."""

MAX_SAMPLES = 100_000
"""Samples m in a data set, generated or read from a CSV file."""

MAX_DATA_VALUES = 10_000_000
"""Values in a data set, m (n_0 + n_K): 80 MB as float64. Counted while a CSV file is parsed,
so reading stops at the first row past the limit."""

MAX_CLASSES = 1000
"""Classes of an image data set (labels 0 .. MAX_CLASSES - 1): each becomes an output of the
network (one-hot targets), so this also bounds n_K for image files."""

MAX_IDX_BYTES = 64 * MiB
"""Size of an MNIST IDX file, and of its content after gunzip: MNIST's 60,000 training
images take 47 MB. Checked on the file before reading and while decompressing, so a small
.gz that expands without end is stopped at this size. (A whole 60,000-image set is still more
than MAX_DATA_VALUES: take its first images with the recipe's n_samples.)"""

MAX_JSON_BYTES = 1 * MiB
"""Size of an experiment (.json) file. Real ones are about one KiB; a lecturer's long
description fits many times over."""

MAX_JSON_DEPTH = 16
"""Nesting of arrays and objects in an experiment file. The format itself needs three levels
(the document, 'spec', 'sizes'); deeper nesting is refused with its line and column instead
of exhausting Python's recursion while it is parsed, copied or written."""

MAX_JSON_INTEGER_DIGITS = 20
"""Digits of an integer in an experiment file: every integer of the format (sizes, counts,
seeds) fits in 64 bits; converting a longer one costs time quadratic in its length."""

MAX_CSV_BYTES = 64 * MiB
"""Size of a data set (.csv) file: 100,000 rows of a few dozen columns fit."""

MAX_CSV_LINE_LENGTH = 1 * MiB
"""Characters in one line of a CSV file, so that one endless line is not read (and split into
fields) whole: 8192 columns of 25-character numbers take 200 KiB."""

MAX_NPZ_MEMBER_OVERHEAD = 64 * KiB
"""Bytes of an .npz archive's zip structure and .npy header allowed per array, on top of the
array's own data: np.savez needs about 300 (a 128-byte .npy header, two zip headers with ZIP64
fields). Together with the spec's shapes this bounds the weights file's size and each
member's declared uncompressed size, which are checked before anything is decompressed."""

MAX_NPY_HEADER_BYTES = 10_000
"""Length of one .npy header (numpy's own default limit for reading one safely)."""

MAX_NPZ_BYTES = MAX_PARAMETERS * FLOAT_BYTES + 2 * MAX_LAYERS * MAX_NPZ_MEMBER_OVERHEAD
"""Size of a weights (.npz) file whatever its spec: MAX_PARAMETERS float64 values plus the
overhead of 2 * MAX_LAYERS arrays. A file is also held to the tighter bound its own spec
gives (`npz_size_limit`)."""


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KiB', 2**30 -> '1 GiB': the sizes in this module's messages."""
    for unit, size in (("TiB", 2**40), ("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} bytes"


def parameter_count(sizes: Sequence[int]) -> int:
    """Parameters of a network with layer sizes n_0..n_K: sum of n_{k+1} (n_k + 1)."""
    return sum(n_out * (n_in + 1) for n_in, n_out in itertools.pairwise(sizes))


def check_parameters(sizes: Sequence[int], field: str = "sizes") -> int:
    """The parameter count of `sizes` (already checked to be integers within MAX_WIDTH);
    FileError naming `field` and MAX_PARAMETERS if it is larger."""
    count = parameter_count(sizes)
    if count > MAX_PARAMETERS:
        detail = (
            f"{count:,} parameters, more than the limit MAX_PARAMETERS = {MAX_PARAMETERS:,}; "
            "use fewer or narrower layers"
        )
        raise FileError(f"{field}: {detail}", field=field, detail=detail)
    return count


WORKSPACE_BYTES = 256 * KiB
"""Memory of training that does not grow with the sizes: NumPy's iteration buffers (8192
values each, used by reductions such as the bias gradients' sums) and the Python objects of the
network, the trainer and the optimiser. Measured at under 100 KiB (tests/test_limits.py)."""

# Optimiser state, in copies of the parameters (core.optim): momentum keeps a velocity, Adam
# two moments and a scratch array.
OPTIMIZER_STATE_COPIES = {"sgd": 0, "momentum": 1, "adam": 3}


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes that training needs, by part (see MAX_TRAINING_BYTES)."""

    parameters: int  # the network's parameters and their gradients
    optimizer: int  # the optimiser's state
    batch: int  # the trainer's buffers for one batch
    data: int  # X, Y and the shuffled sample order
    evaluation: int  # a forward and backward pass over every sample
    workspace: int = WORKSPACE_BYTES  # what does not grow with the sizes

    @property
    def training(self) -> int:
        """What the Trainer itself holds (the rest is the views' pass over the data)."""
        return self.parameters + self.optimizer + self.batch + self.data + self.workspace

    @property
    def total(self) -> int:
        return self.training + self.evaluation

    def describe(self) -> str:
        parts = (
            ("parameters and gradients", self.parameters),
            ("optimiser state", self.optimizer),
            ("batch buffers", self.batch),
            ("data", self.data),
            ("evaluating every sample", self.evaluation),
            ("workspace", self.workspace),
        )
        return ", ".join(f"{name} {human_bytes(size)}" for name, size in parts if size)


def training_memory(
    sizes: Sequence[int], n_samples: int, batch_size: int | None, optimizer: str
) -> MemoryEstimate:
    """What core.training.Trainer (and the views' pass over the data) will allocate.

    sizes: n_0..n_K. batch_size: None for the full batch; larger than n_samples counts as it.
    Mirrors Trainer._build: per layer k = 1..K a pre-activation, an output, a sigma' buffer and
    a delta, each (B, n_k); the batch's indices, and its inputs and targets when B < m; and the
    mean-loss difference (B, n_K). The evaluation term is Network.gradients over all m
    samples (every z_k and f_k kept, a delta, sigma' and their product for the widest layer,
    the loss's difference and gradient, and the gradients). tests/test_limits.py checks that
    training and that pass allocate no more than this.
    """
    m = n_samples
    rows = m if batch_size is None else min(batch_size, m)
    minibatch = rows < m  # the trainer then copies each batch and keeps a shuffled order
    P = parameter_count(sizes)
    hidden = sum(sizes[1:])
    n_in, n_out = sizes[0], sizes[-1]
    batch = 4 * rows * hidden + rows * (n_out + 1) + (rows * (n_in + n_out) if minibatch else 0)
    # Softmax cross-entropy's probabilities (rows, n_out) and three (rows, 1) columns.
    batch += rows * (n_out + 3)
    # The shuffled order, and while it is replaced at an epoch's end, the next one.
    data = m * (n_in + n_out) + (2 * m if minibatch else 0)
    # 6 * m * n_out: the loss and its gradient (cross-entropy's log-softmax, softmax and
    # their products are each (m, n_out)).
    evaluation = 2 * m * hidden + 3 * m * max(sizes) + 6 * m * n_out + P
    return MemoryEstimate(
        parameters=2 * P * FLOAT_BYTES,
        optimizer=OPTIMIZER_STATE_COPIES.get(optimizer, 3) * P * FLOAT_BYTES,
        batch=batch * FLOAT_BYTES,
        data=data * FLOAT_BYTES,
        evaluation=evaluation * FLOAT_BYTES,
    )


def check_training_memory(
    sizes: Sequence[int],
    n_samples: int,
    batch_size: int | None,
    optimizer: str,
    field: str = "spec.sizes",
) -> MemoryEstimate:
    """The estimate; FileError naming `field`, the parts and MAX_TRAINING_BYTES if too large."""
    estimate = training_memory(sizes, n_samples, batch_size, optimizer)
    if estimate.total > MAX_TRAINING_BYTES:
        batch = "the full batch" if batch_size is None else f"batches of {batch_size:,}"
        detail = (
            f"training {'-'.join(map(str, sizes))} on {n_samples:,} samples in {batch} would "
            f"need {human_bytes(estimate.total)} ({estimate.describe()}), more than the limit "
            f"MAX_TRAINING_BYTES = {human_bytes(MAX_TRAINING_BYTES)}; use fewer samples, a "
            "smaller batch or narrower layers"
        )
        raise FileError(f"{field}: {detail}", field=field, detail=detail)
    return estimate


def npz_size_limit(shapes: Sequence[tuple[int, ...]]) -> int:
    """The largest weights file that arrays of these shapes (float64 at most) can make."""
    data = sum(math.prod(shape) * FLOAT_BYTES for shape in shapes)
    return min(MAX_NPZ_BYTES, data + (len(shapes) + 1) * MAX_NPZ_MEMBER_OVERHEAD)


__all__ = [
    "FLOAT_BYTES",
    "MAX_CLASSES",
    "MAX_CSV_BYTES",
    "MAX_CSV_LINE_LENGTH",
    "MAX_DATA_VALUES",
    "MAX_IDX_BYTES",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_JSON_INTEGER_DIGITS",
    "MAX_LAYERS",
    "MAX_NPY_HEADER_BYTES",
    "MAX_NPZ_BYTES",
    "MAX_NPZ_MEMBER_OVERHEAD",
    "MAX_PARAMETERS",
    "MAX_SAMPLES",
    "MAX_TRAINING_BYTES",
    "MAX_WIDTH",
    "WORKSPACE_BYTES",
    "MemoryEstimate",
    "check_parameters",
    "check_training_memory",
    "human_bytes",
    "npz_size_limit",
    "parameter_count",
    "training_memory",
]
