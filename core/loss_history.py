"""Every loss of a training run, kept in fixed-size blocks with a min/max pyramid beside them.

Blocks never move once written, so a history of ten million losses grows without the copy
(and the doubled peak memory) of a resizing array. The pyramid holds the minimum and maximum
of every bucket of 64, 4096 and 262144 steps, so `decimated()` can hand the plot about two
points per pixel column for any visible range without touching the raw values: a redraw costs
the same at ten million steps as at a thousand.

EvaluationHistory keeps the evaluations of training on all training and test rows (test
loss, accuracies) that core.training attaches to some snapshots.
"""

from __future__ import annotations

import math

import numpy as np

BLOCK = 1 << 20  # values per block (8 MiB)
LEVELS = (64, 4096, 262144)  # bucket sizes of the pyramid, each a multiple of the last


class _Growing:
    """A float64 array with amortised appends (for the small pyramid levels)."""

    def __init__(self):
        self.data = np.empty(256)
        self.size = 0

    def ensure(self, size: int):
        if size > len(self.data):
            self.data = np.resize(self.data, max(2 * len(self.data), size))

    def view(self) -> np.ndarray:
        return self.data[: self.size]


class LossHistory:
    """The mean batch loss of every step; step numbers are 1..count."""

    def __init__(self):
        self.clear()

    def clear(self):
        self._blocks: list[np.ndarray] = []
        self.count = 0
        self.low, self.high = math.inf, -math.inf
        self._mins = [_Growing() for _ in LEVELS]
        self._maxs = [_Growing() for _ in LEVELS]

    # -- writing -----------------------------------------------------------------------------

    def append(self, losses) -> None:
        losses = np.asarray(losses, dtype=np.float64).reshape(-1)
        n = losses.size
        if not n:
            return
        start = self.count
        written = 0
        while written < n:
            if self.count == len(self._blocks) * BLOCK:
                self._blocks.append(np.empty(BLOCK))
            block = self._blocks[-1]
            offset = self.count - (len(self._blocks) - 1) * BLOCK
            take = min(n - written, BLOCK - offset)
            block[offset : offset + take] = losses[written : written + take]
            written += take
            self.count += take
        self.low = min(self.low, float(losses.min()))
        self.high = max(self.high, float(losses.max()))
        self._update_pyramid(start)

    def _update_pyramid(self, start: int):
        """Recompute the buckets touched by the values from `start` on."""
        below_min = below_max = None
        below_size = 1
        for level, size in enumerate(LEVELS):
            first = start // size
            last = (self.count - 1) // size
            mins, maxs = self._mins[level], self._maxs[level]
            mins.ensure(last + 1)
            maxs.ensure(last + 1)
            if level == 0:
                raw = self._range(first * size, self.count)
                padded = _pad(raw, size)
                mins.data[first : last + 1] = padded[0].min(axis=1)
                maxs.data[first : last + 1] = padded[1].max(axis=1)
            else:
                ratio = size // below_size
                lo = below_min[first * ratio : (last + 1) * ratio]
                hi = below_max[first * ratio : (last + 1) * ratio]
                pmin, pmax = _pad(lo, ratio)[0], _pad(hi, ratio)[1]
                mins.data[first : last + 1] = pmin.min(axis=1)
                maxs.data[first : last + 1] = pmax.max(axis=1)
            mins.size = maxs.size = last + 1
            below_min, below_max, below_size = mins.view(), maxs.view(), size

    # -- reading -----------------------------------------------------------------------------

    def _range(self, start: int, stop: int) -> np.ndarray:
        """Values of steps start+1 .. stop (0-based [start, stop)), copied only if they span
        two blocks."""
        if start >= stop:
            return np.empty(0)
        first, last = start // BLOCK, (stop - 1) // BLOCK
        if first == last:
            base = first * BLOCK
            return self._blocks[first][start - base : stop - base]
        parts = []
        for b in range(first, last + 1):
            base = b * BLOCK
            parts.append(self._blocks[b][max(start - base, 0) : min(stop - base, BLOCK)])
        return np.concatenate(parts)

    @property
    def values(self) -> np.ndarray:
        """All values (a copy when there is more than one block)."""
        return self._range(0, self.count)

    @property
    def last(self) -> float | None:
        return float(self._range(self.count - 1, self.count)[0]) if self.count else None

    def decimated(self, first_step: float, last_step: float, columns: int):
        """(steps, values) to draw steps first_step..last_step on `columns` pixel columns:
        the raw values when they are few, else each column's min and max (so no spike is
        lost), taken from the coarsest pyramid level that still resolves a column."""
        lo = max(math.floor(first_step) - 1, 0)
        hi = min(math.ceil(last_step), self.count)
        if hi <= lo:
            return np.empty(0), np.empty(0)
        columns = max(columns, 1)
        per_column = (hi - lo) / columns
        if per_column <= 2 * LEVELS[0]:
            values = self._range(lo, hi)
            if per_column <= 2:
                return np.arange(lo + 1, hi + 1, dtype=np.float64), values
            return _peaks(values, math.ceil(per_column), lo + 1, 1)
        level = max(i for i, size in enumerate(LEVELS) if size <= per_column / 2)
        size = LEVELS[level]
        b0, b1 = lo // size, (hi - 1) // size + 1
        mins = self._mins[level].view()[b0:b1]
        maxs = self._maxs[level].view()[b0:b1]
        group = max(int(per_column // size), 1)
        return _peaks_from(mins, maxs, group, b0 * size + 1, size)


def _pad(values: np.ndarray, size: int):
    """values reshaped to rows of `size`, the last row padded so it does not change min/max."""
    rows = math.ceil(values.size / size)
    low = np.full(rows * size, np.inf)
    high = np.full(rows * size, -np.inf)
    low[: values.size] = values
    high[: values.size] = values
    return low.reshape(rows, size), high.reshape(rows, size)


def _peaks(values: np.ndarray, group: int, first_step: int, step: int):
    low, high = _pad(values, group)
    return _peaks_from(low.min(axis=1), high.max(axis=1), 1, first_step, step * group)


def _peaks_from(mins: np.ndarray, maxs: np.ndarray, group: int, first_step: int, width: int):
    """Min and max of every `group` buckets, as two points at the group's first step."""
    if group > 1:
        mins = _pad(mins, group)[0].min(axis=1)
        maxs = _pad(maxs, group)[1].max(axis=1)
    x = first_step + np.arange(mins.size, dtype=np.float64) * width * group
    steps = np.repeat(x, 2)
    values = np.empty(2 * mins.size)
    values[0::2], values[1::2] = mins, maxs
    return steps, values


class EvaluationHistory:
    """Evaluations of training (core.metrics.Evaluation) over a run, in step order.

    Far fewer than the per-step losses (at most about ten a second, see core.training), so
    plain growing arrays. Read as arrays of one length n: steps (float64, the step after
    which the parameters were measured), train_loss, test_loss, train_accuracy,
    test_accuracy (NaN where an evaluation has no such value: no test rows, or regression).
    """

    FIELDS = ("steps", "train_loss", "test_loss", "train_accuracy", "test_accuracy")

    def __init__(self):
        self.clear()

    def clear(self):
        self._columns = {name: _Growing() for name in self.FIELDS}
        self.count = 0

    def append(self, evaluation) -> None:
        """Add one Evaluation; one whose step is not after the last one replaces it (the same
        parameters measured again) or, if earlier, is ignored."""
        if self.count and evaluation.step <= self.steps[-1]:
            if evaluation.step < self.steps[-1]:
                return
            self.count -= 1
        row = (
            evaluation.step,
            evaluation.train_loss,
            evaluation.test_loss,
            evaluation.train_accuracy,
            evaluation.test_accuracy,
        )
        for name, value in zip(self.FIELDS, row, strict=True):
            column = self._columns[name]
            column.ensure(self.count + 1)
            column.data[self.count] = math.nan if value is None else float(value)
            column.size = self.count + 1
        self.count += 1

    def _column(self, name: str) -> np.ndarray:
        return self._columns[name].data[: self.count]

    @property
    def steps(self) -> np.ndarray:
        return self._column("steps")

    @property
    def train_loss(self) -> np.ndarray:
        return self._column("train_loss")

    @property
    def test_loss(self) -> np.ndarray:
        return self._column("test_loss")

    @property
    def train_accuracy(self) -> np.ndarray:
        return self._column("train_accuracy")

    @property
    def test_accuracy(self) -> np.ndarray:
        return self._column("test_accuracy")

    @property
    def last(self):
        """The newest values as a dict of the FIELDS, or None when empty."""
        if not self.count:
            return None
        return {name: float(self._column(name)[-1]) for name in self.FIELDS}
