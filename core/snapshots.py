"""Parameter snapshots kept over a training run within a fixed memory budget.

Recent snapshots are kept densely and older ones more and more sparsely: whenever the budget
is exceeded, every second snapshot of the older half is dropped, so the spacing roughly
doubles with each halving of age and any run fits, however long.
"""

from __future__ import annotations

import bisect

import numpy as np


class SnapshotHistory:
    """(step, A, b) records; add() in increasing step order."""

    def __init__(self, budget_bytes: int = 64 * 2**20):
        if budget_bytes <= 0:
            raise ValueError(f"budget_bytes: {budget_bytes} must be positive")
        self.budget_bytes = budget_bytes
        self._steps: list[int] = []
        self._params: list[tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]] = []
        self.nbytes = 0

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def steps(self) -> list[int]:
        return list(self._steps)

    def clear(self):
        self._steps.clear()
        self._params.clear()
        self.nbytes = 0

    def add(self, step: int, A, b) -> None:
        """Keep the parameters after `step` steps (the arrays are kept, not copied)."""
        if self._steps and step <= self._steps[-1]:
            raise ValueError(f"step: {step} is not after the last kept step {self._steps[-1]}")
        self._steps.append(step)
        self._params.append((tuple(A), tuple(b)))
        self.nbytes += _size(A, b)
        while self.nbytes > self.budget_bytes and len(self._steps) > 2:
            self._thin()

    def _thin(self):
        # Drop every second snapshot of the older half; the first (step of the start) stays.
        half = len(self._steps) // 2
        drop = set(range(1, max(half, 2), 2))
        kept = [j for j in range(len(self._steps)) if j not in drop]
        self._steps = [self._steps[j] for j in kept]
        self._params = [self._params[j] for j in kept]
        self.nbytes = sum(_size(A, b) for A, b in self._params)

    @property
    def last_step(self) -> int | None:
        return self._steps[-1] if self._steps else None

    def pop(self):
        """Remove and return the newest (step, A, b)."""
        A, b = self._params.pop()
        self.nbytes -= _size(A, b)
        return self._steps.pop(), A, b

    def get(self, index: int):
        """(step, A, b) of the index-th kept snapshot."""
        A, b = self._params[index]
        return self._steps[index], A, b

    def nearest(self, step: int) -> int:
        """Index of the kept snapshot closest to `step`."""
        if not self._steps:
            raise IndexError("nearest: no snapshot is kept yet")
        j = bisect.bisect_left(self._steps, step)
        candidates = [c for c in (j - 1, j) if 0 <= c < len(self._steps)]
        return min(candidates, key=lambda c: abs(self._steps[c] - step))


def _size(A, b) -> int:
    return sum(a.nbytes for a in A) + sum(v.nbytes for v in b)
