"""When the window redraws what: dirty parts, one frame timer, and a budget for the GUI thread.

Drawing happens on a frame timer, never once per training step, and only for parts marked
dirty. Each frame draws one thing: the loss curve on every other frame (20 Hz at the base
rate), and on the frames between, the next dirty slow part in turn (chain, matrices,
prediction, neurons, gradient flow, thumbnails, history slider). One thing per frame bounds
the work of any single turn of the event loop: two timers drawing independently used to land
in the same 16 ms now and then, and those frames were the long gaps a lecturer sees as
stutter.

A renderer may draw in steps: it returns a generator, and each `yield` ends a step. In a frame
the scheduler runs one step, and the next from a timer, so that between two steps Qt paints
what the step changed and runs every timer that came due (a click, the next frame). After a
timer has fired, Qt's event dispatcher runs timers only once the queued events are handled
(QEventDispatcherGlib's runWithIdlePriority): a part's drawing and the repaints it queued were
one uninterrupted piece of GUI-thread time, and a piece longer than about 4 ms that began late
in a 16 ms interval was a long frame gap (make bench, section 2). A user's action and a pause
draw every step at once (`now`, `everything_now`).

The GUI thread and the training thread share one GIL: every millisecond the window draws is
one the trainer waits. A fixed frame rate takes a larger share of a slower machine, so the
scheduler measures its drawing time (renderers and the window's repaints, which the window
reports with `spent`) and keeps it within BUDGET of wall time while training: over budget the
frame interval grows (up to FRAME_MAX_MS), well under it comes back to FRAME_MS. A slow day
then gets fewer frames, not a slower trainer (make bench measures both).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterator

from PySide6 import QtCore

FRAME_MS = 25  # the base frame interval: loss curve 20 Hz, slow parts 20 Hz shared
FRAME_MAX_MS = 100  # the slowest the frames back off to (loss curve at 5 Hz)
# Share of wall time the GUI thread may spend drawing while training; the GIL hand-overs
# inside a repaint are counted too, which is what makes a slow day's frames cost more.
# Measured on the project's 2-core machine (make bench, sections 1 and 2): at 10 % the trainer
# in the app kept 0.82-0.91 of a bare loop's speed on 2-16-16-1, at 7 % 0.91-0.92.
BUDGET = 0.07
WINDOW_S = 1.0  # how often the share is measured


class Part(enum.Enum):
    """What the window draws. An enum, so a misspelt part fails at once."""

    LOSS = "loss"  # the loss curve and its readout
    CHAIN = "chain"  # the graph's highlight, the formula, the step-through
    MATRICES = "matrices"  # the heatmaps of the Matrices tab
    PREDICTION = "prediction"  # the prediction panel
    NEURONS = "neurons"  # the neuron view: values, lit paths, the weight editor
    # The neurons' thumbnails, a part of their own: drawn in the same frame as the values they
    # made one block of 6-9 ms while training, the longest of the neuron view's frame gaps.
    THUMBNAILS = "thumbnails"
    FLOW = "flow"  # gradient-flow records and the Flow tab
    TIMELINE = "timeline"  # the history slider
    CHECK = "check"  # the gradient check's table
    STATUS = "status"  # the title, the status line, the banner, the controls' state


SLOW_ORDER = (
    Part.CHAIN,
    Part.MATRICES,
    Part.PREDICTION,
    Part.NEURONS,
    Part.FLOW,
    Part.THUMBNAILS,
    Part.TIMELINE,
)
IMMEDIATE = (Part.CHECK, Part.STATUS)  # cheap, and drawn in the same turn they change


class RefreshScheduler(QtCore.QObject):
    """Calls renderers[part]() for dirty parts, one per frame (see the module's docstring);
    CHECK and STATUS at once. `busy` tells whether training runs: the budget applies only
    then (idle, frames stay at the base rate)."""

    def __init__(
        self,
        renderers: dict[Part, Callable[[], Iterator[None] | None]],
        busy: Callable[[], bool],
    ):
        super().__init__()
        missing = set(Part) - set(renderers)
        if missing:
            raise ValueError(f"renderers: no renderer for {sorted(p.name for p in missing)}")
        self.renderers = renderers
        self.busy = busy
        self.dirty: set[Part] = set(Part)
        self._turn = 0
        self._loss_frame = True
        self._spent = 0.0  # seconds drawn in the current measuring window
        self._window_start = time.perf_counter()
        self.interval = FRAME_MS
        self.last_share = 0.0  # the drawing share measured over the last window
        self.timer = QtCore.QTimer(self)
        self.timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._frame)
        self._steps: Iterator[None] | None = None  # the part being drawn in steps
        self._steps_part = Part.LOSS  # which part that is
        # A real timer, not a queued call: Qt runs queued calls before any due timer, and the
        # point of a step is to let those run first.
        self._next_step = QtCore.QTimer(self)
        self._next_step.setSingleShot(True)
        self._next_step.setInterval(0)
        self._next_step.timeout.connect(self._step)

    def start(self):
        self.timer.start(self.interval)

    def stop(self):
        self.timer.stop()
        self.cancel()

    def cancel(self):
        """Drop the steps not yet drawn (their views are about to be replaced); the part is
        marked dirty again."""
        self._next_step.stop()
        if self._steps is not None:
            self.dirty.add(self._steps_part)
        self._steps = None

    def mark(self, *parts: Part):
        """Parts to redraw at their next turn (CHECK and STATUS: now)."""
        self.dirty.update(parts)
        for part in IMMEDIATE:
            if part in parts:
                self._draw(part)

    def now(self, *parts: Part):
        """Draw these parts now if dirty (after a user's action, which should show at once)."""
        self.finish()
        for part in parts:
            if part in self.dirty:
                self._draw(part)

    def everything_now(self):
        """Every part, now: after a pause, a step or a reset the whole window shows the last
        step trained in this turn, and before a screenshot or an export."""
        self.cancel()  # its part is drawn anew below, whole
        self.dirty.update(Part)
        for part in Part:
            self._draw(part)

    def finish(self):
        """Draw the remaining steps of a part being drawn in steps, now."""
        while self._steps is not None:
            self._step()
        self._next_step.stop()

    def spent(self, seconds: float):
        """Drawing time spent outside the renderers (the window's repaints)."""
        self._spent += seconds

    def _draw(self, part: Part, stepwise: bool = False):
        self.dirty.discard(part)
        started = time.perf_counter()
        steps = self.renderers[part]()
        if steps is not None and not stepwise:
            for _ in steps:  # every step at once
                pass
        self._spent += time.perf_counter() - started
        if steps is not None and stepwise:
            self._steps, self._steps_part = steps, part
            self._step()

    def _step(self):
        """Draw the next step of the part being drawn in steps; the one after from a timer."""
        steps = self._steps
        if steps is None:
            return
        started = time.perf_counter()
        try:
            next(steps)
        except StopIteration:
            self._steps = None
        else:
            self._next_step.start()
        finally:
            self._spent += time.perf_counter() - started

    def _next_slow(self) -> Part | None:
        for _ in range(len(SLOW_ORDER)):
            part = SLOW_ORDER[self._turn]
            self._turn = (self._turn + 1) % len(SLOW_ORDER)
            if part in self.dirty:
                return part
        return None

    def _frame(self):
        # The loss on every other frame; a slow part on the others (or whichever is dirty).
        # None while a part is still being drawn in steps: one thing at a time.
        if self._steps is not None:
            self._keep_budget()
            return
        self._loss_frame = not self._loss_frame
        if self._loss_frame and Part.LOSS in self.dirty:
            self._draw(Part.LOSS, stepwise=True)
        else:
            part = self._next_slow()
            if part is not None:
                self._draw(part, stepwise=True)
            elif Part.LOSS in self.dirty:
                self._draw(Part.LOSS, stepwise=True)
        self._keep_budget()

    def _keep_budget(self):
        now = time.perf_counter()
        elapsed = now - self._window_start
        if elapsed < WINDOW_S:
            return
        self.last_share = share = self._spent / elapsed
        self._spent, self._window_start = 0.0, now
        interval = self.interval
        if not self.busy():
            interval = FRAME_MS
        elif share > BUDGET:
            interval = min(FRAME_MAX_MS, round(interval * 1.4))
        elif share < BUDGET / 2:
            interval = max(FRAME_MS, round(interval / 1.2))
        if interval != self.interval:
            self.interval = interval
            self.timer.setInterval(interval)
