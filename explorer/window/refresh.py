"""When the window redraws what: dirty parts, two timers, and a budget for the GUI thread.

Drawing happens on timers, never once per training step, and only for parts marked dirty:
the loss curve on a fast timer (20 Hz); the slower parts (chain, matrices, prediction and
neurons, gradient flow, ...) take turns on a slow tick, one part per turn, so no single turn of
the event loop holds the GUI for long.

The GUI thread and the training thread share one GIL: every millisecond the window draws is
one the trainer waits. A fixed drawing rate takes a larger share of a slower machine, so the
scheduler measures its own busy time and keeps it within BUDGET of wall time while training:
over budget the slow tick backs off (up to SLOW_MAX_MS), well under it comes back towards
SLOW_MS. Fixed costs then scale with the machine instead of eating the trainer's speed on a
slow day (make bench measures both).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable

from PySide6 import QtCore

FAST_MS = 50  # the loss curve: 20 Hz when the budget allows
FAST_MAX_MS = 100  # ... and never slower than 10 Hz
SLOW_MS = 60  # the slow parts' tick when the budget allows (each part ~3 times a second)
SLOW_MAX_MS = 400  # the slowest the slow tick backs off to
# Share of wall time the GUI thread may spend drawing (renderers and the window's repaints)
# while training. Measured on the project's 2-core machine: at 10 % the trainer in the app
# keeps >= 0.85 of a bare loop's speed; the GIL hand-overs of a repaint are included, which
# is what makes a slow day's frames cost more.
BUDGET = 0.10
WINDOW_S = 1.0  # how often the share is measured


class Part(enum.Enum):
    """What the window draws. An enum, so a misspelt part fails at once."""

    LOSS = "loss"  # the loss curve and its readout (fast timer)
    CHAIN = "chain"  # the graph's highlight, the formula, the step-through
    MATRICES = "matrices"  # the heatmaps of the Matrices tab
    PREDICTION = "prediction"  # the prediction panel and the neuron view
    FLOW = "flow"  # gradient-flow records and the Flow tab
    TIMELINE = "timeline"  # the history slider
    CHECK = "check"  # the gradient check's table
    STATUS = "status"  # the title, the status line, the banner, the controls' state


SLOW_ORDER = (Part.CHAIN, Part.MATRICES, Part.PREDICTION, Part.FLOW, Part.TIMELINE)
IMMEDIATE = (Part.CHECK, Part.STATUS)  # cheap, and drawn in the same turn they change


class RefreshScheduler(QtCore.QObject):
    """Calls renderers[part]() for dirty parts: the loss on the fast timer, the slow parts in
    turn on the slow tick, CHECK and STATUS at once. `busy` tells whether training runs (the
    budget applies only then: idle, every part is drawn at the slow tick's base rate)."""

    def __init__(self, renderers: dict[Part, Callable[[], None]], busy: Callable[[], bool]):
        super().__init__()
        missing = set(Part) - set(renderers)
        if missing:
            raise ValueError(f"renderers: no renderer for {sorted(p.name for p in missing)}")
        self.renderers = renderers
        self.busy = busy
        self.dirty: set[Part] = set(Part)
        self._turn = 0
        self._spent = 0.0  # seconds drawn since the window started
        self._window_start = time.perf_counter()
        self.slow_interval = SLOW_MS
        self.fast_interval = FAST_MS
        self.last_share = 0.0  # the drawing share measured over the last window
        self.fast = QtCore.QTimer(self)
        self.fast.timeout.connect(self._fast_tick)
        self.slow = QtCore.QTimer(self)
        self.slow.timeout.connect(self._slow_tick)

    def start(self):
        self.fast.start(self.fast_interval)
        self.slow.start(self.slow_interval)

    def stop(self):
        self.fast.stop()
        self.slow.stop()

    def mark(self, *parts: Part):
        """Parts to redraw at their next turn (CHECK and STATUS: now)."""
        self.dirty.update(parts)
        for part in IMMEDIATE:
            if part in parts:
                self._draw(part)

    def now(self, *parts: Part):
        """Draw these parts now if dirty (after a user's action, which should show at once)."""
        for part in parts:
            if part in self.dirty:
                self._draw(part)

    def everything_now(self):
        """Every part, now: after a pause, a step or a reset the whole window shows the last
        step trained in this turn, and before a screenshot or an export."""
        self.dirty.update(Part)
        for part in Part:
            self._draw(part)

    def _draw(self, part: Part):
        self.dirty.discard(part)
        started = time.perf_counter()
        self.renderers[part]()
        self._spent += time.perf_counter() - started

    def _fast_tick(self):
        if Part.LOSS in self.dirty:
            self._draw(Part.LOSS)
        self._keep_budget()

    def _slow_tick(self):
        # The next dirty slow part in turn; one per tick.
        for _ in range(len(SLOW_ORDER)):
            part = SLOW_ORDER[self._turn]
            self._turn = (self._turn + 1) % len(SLOW_ORDER)
            if part in self.dirty:
                self._draw(part)
                return

    def spent(self, seconds: float):
        """Drawing time spent outside the renderers (the window's repaints)."""
        self._spent += seconds

    def _keep_budget(self):
        now = time.perf_counter()
        elapsed = now - self._window_start
        if elapsed < WINDOW_S:
            return
        self.last_share = share = self._spent / elapsed
        self._spent, self._window_start = 0.0, now
        slow, fast = self.slow_interval, self.fast_interval
        if not self.busy():
            slow, fast = SLOW_MS, FAST_MS
        elif share > BUDGET:
            slow = min(SLOW_MAX_MS, round(slow * 1.5))
            fast = min(FAST_MAX_MS, round(fast * 1.25))
        elif share < BUDGET / 2:
            slow = max(SLOW_MS, round(slow / 1.25))
            fast = max(FAST_MS, round(fast / 1.1))
        if slow != self.slow_interval:
            self.slow_interval = slow
            self.slow.setInterval(slow)
        if fast != self.fast_interval:
            self.fast_interval = fast
            self.fast.setInterval(fast)

    @property
    def share(self) -> float:
        """The GUI thread's drawing share of wall time in the current window (for benches)."""
        return self._spent / max(time.perf_counter() - self._window_start, 1e-9)
