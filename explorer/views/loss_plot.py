"""The live loss curve: the whole history kept (core.loss_history), only what is visible
drawn, as about two points per pixel column taken from the history's min/max pyramid.

The plot is redrawn by the window's refresh timer, never per step, so a history of millions
of steps redraws as fast as a short one.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core.loss_history import EvaluationHistory, LossHistory
from explorer.look import i18n, theme
from explorer.views.steady import SteadyBox

TEST_COLOUR = "#ff9a3d"  # the held-out rows' curve: orange, dashed, beside the blue batches

LOG_FLOOR = 1e-300  # where a loss of 0 is drawn on the log axis (log10: -300)
READOUT_INTERVAL = 0.25  # seconds between updates of the step / loss / speed line
# While training, a new x range leaves room for this many seconds more at the trainer's speed:
# each range jump re-renders the step axis (2-5 ms of the GUI thread in one piece), and with
# room for only 15 % more steps a fast run jumped 7 times in its first 5 seconds, against 2 to
# 3 now (make bench, section 2).
HEADROOM_S = 2.0


def tr(text: str) -> str:
    return i18n.tr("LossPlot", text)


class LossAxis(pg.AxisItem):
    """A log axis labelled in plain numbers (0.01, 0.1, 1): decades when two or more are in
    view, 2 and 5 between them when fewer, unlabelled minor ticks otherwise."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        lo, hi = math.floor(minVal), math.ceil(maxVal)
        decades = [float(v) for v in range(lo, hi + 1) if minVal <= v <= maxVal]
        steps = [(v + math.log10(m), m) for v in range(lo, hi) for m in range(2, 10)]
        steps = [(t, m) for t, m in steps if minVal < t < maxVal]
        if len(decades) >= 2:
            return [(1.0, decades), (None, [t for t, _ in steps])]
        labelled = decades + [t for t, m in steps if m in (2, 5)]
        return [(None, labelled), (None, [t for t, m in steps if m not in (2, 5)])]

    def logTickStrings(self, values, scale, spacing):
        return [f"{10.0**v:g}" for v in values]


class LossPlot(QtWidgets.QWidget):
    """pyqtgraph plot of a LossHistory with a log-y toggle and a step / speed readout."""

    def __init__(
        self, history: LossHistory, evaluations: EvaluationHistory | None = None, parent=None
    ):
        super().__init__(parent)
        self.history = history
        self.evaluations = evaluations  # test loss and accuracies, when rows are held out
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QtWidgets.QHBoxLayout()
        self.title = QtWidgets.QLabel()
        self.set_loss("‖y − f<sub>K</sub>‖²")
        self.title.setStyleSheet(f"font-size: {theme.pt(13)}; font-weight: bold;")
        self.title.setWordWrap(True)
        self.log_y = QtWidgets.QCheckBox(tr("log y"))
        self.log_y.setChecked(True)
        self.follow = QtWidgets.QCheckBox(tr("follow"))
        self.follow.setChecked(True)
        self.follow.setToolTip(tr("keep the whole run in view (unticked when you zoom or pan)"))
        top.addWidget(self.title, 1)
        top.addWidget(self.follow)
        top.addWidget(self.log_y)
        layout.addLayout(top)
        self.plot = pg.PlotWidget(
            background=theme.BACKGROUND, axisItems={"left": LossAxis("left")}, enableMenu=False
        )
        # No pyqtgraph right-click menu (as on every plot of the window): it is English only,
        # and the checkboxes above and File -> Export do its useful parts.
        self.plot.setMenuEnabled(False)
        # A y grid only, at the labelled values, and not pyqtgraph's: its grid is part of the
        # axis picture, which spans the plot and on a log axis draws every minor tick's line;
        # re-rendering it on each range jump took 6 ms of the GUI thread against 2 ms now
        # (make bench, section 2). The x range jumps as the run grows: no x grid.
        self.grid = pg.PlotCurveItem(connect="pairs", antialias=False)
        self.grid.setZValue(-10)  # under the curves
        self.plot.getViewBox().addItem(self.grid, ignoreBounds=True)
        self.plot.setLabel("bottom", tr("step"))
        self.plot.setLabel("left", tr("loss"))
        for axis in ("bottom", "left"):
            # Cached as a pixmap: the axes only change when the range jumps (see _follow), but
            # without the cache they were replayed on every frame of the curve.
            self.plot.getAxis(axis).setCacheMode(
                QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
            )
            self.plot.getAxis(axis).setTextPen(theme.TEXT)
            self.plot.getAxis(axis).setStyle(tickFont=theme.ui_font(11), maxTextLevel=0)
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        # The step axis: labelled ticks and one level of minor ticks, not two: 11 ticks instead
        # of 51, and its labels re-rendered on a range jump in 0.30 ms instead of 0.49 (idle;
        # about three times that while the trainer holds the GIL).
        self.plot.getAxis("bottom").setStyle(maxTickLevel=1)
        # Not antialiased: a 2.5 px antialiased path takes Qt's slow stroker (8 ms a frame
        # against 1 ms here), and the GUI thread's time is the trainer's GIL time.
        # A bare PlotCurveItem, not plot()'s PlotDataItem, fed in view coordinates (log10 of
        # the loss on a log axis): the data item's log mapping, bounds and data-rect scans
        # cost 0.5 ms of each of the 20 frames a second, and the ranges are ours (_follow).
        self.curve = pg.PlotCurveItem(
            pen=pg.mkPen(theme.SELECTED, width=2.5), antialias=False, skipFiniteCheck=True
        )
        self.plot.addItem(self.curve)
        # A noisy curve denser than the pixels (each column's min and max: a band) is drawn
        # 1 px wide: the band looks the same, and Qt's 1 px lines paint 4x faster than wide
        # ones. A smooth curve keeps its width, to be seen from the back of a hall.
        self._thin = False
        # The loss on the held-out rows, at the trainer's evaluations (a few a second).
        pen = pg.mkPen(TEST_COLOUR, width=2.5, style=QtCore.Qt.PenStyle.DashLine)
        self.test_curve = pg.PlotCurveItem(pen=pen, antialias=False, skipFiniteCheck=True)
        self.plot.addItem(self.test_curve)  # fed in view coordinates, as the curve above
        self.plot.setLogMode(y=True)
        grid_colour = QtGui.QColor(self.plot.getAxis("left").pen().color())
        grid_colour.setAlpha(64)
        self.grid.setPen(pg.mkPen(grid_colour, width=1))
        self.plot.getViewBox().sigRangeChanged.connect(self._place_grid)
        self.log_y.toggled.connect(self._set_log)
        self.readout = QtWidgets.QLabel(tr("step {0}").format(0))
        self.readout.setStyleSheet(f"font-size: {theme.pt(13)};")
        # The held-out rows: their loss (its words in the dashed curve's colour: the legend)
        # and, for classes, the accuracy on both parts. Hidden when nothing is held out.
        self.test_readout = QtWidgets.QLabel()
        self.test_readout.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.test_readout.setWordWrap(True)
        self.test_readout.setStyleSheet(f"font-size: {theme.pt(12)};")
        self.test_box = SteadyBox(self.test_readout, lines=2, fit=True)
        self.test_box.hide()
        self._test_shown: tuple | None = None
        layout.addWidget(self.plot, 1)
        # 4 new texts a second: a box whose lines are fitted to the widest readout, so a long
        # loss or speed wraps (a narrow window) instead of being cut, and never re-lays out.
        self.readout.setWordWrap(True)
        self.readout_box = SteadyBox(self.readout, lines=1, fit=True)
        self.readout_box.fit_lines(
            "    ".join(
                (
                    tr("step {0}").format(i18n.integer(10_000_000)),
                    tr("loss {0}").format("8.888e-88"),
                    tr("{0} steps/s").format(i18n.integer(100_000)),
                )
            )
        )
        layout.addWidget(self.readout_box)
        layout.addWidget(self.test_box)
        self.steps_per_second = 0.0
        self._readout_at = 0.0
        self._range = None
        self.plot.getViewBox().sigRangeChangedManually.connect(self._user_moved)
        # Zooming or panning needs the points of the new range (they are decimated per view).
        self._drawing = False
        self.plot.getViewBox().sigXRangeChanged.connect(self._view_moved)
        self.follow.toggled.connect(self._follow_toggled)

    def set_loss(self, formula_html: str):
        """The title names the loss trained on (its formula, the part after 'L = ')."""
        self.title.setText(i18n.unbroken(tr("Loss: batch mean of {0}").format(formula_html)))

    def _place_grid(self, *_):
        """Horizontal lines at the left axis's labelled values, across the x range shown."""
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        axis = self.plot.getAxis("left")
        levels = axis.tickValues(y0, y1, max(axis.height(), 1.0)) if y1 > y0 else []
        ys = np.asarray(levels[0][1] if levels else [], dtype=np.float64)
        self.grid.setData(np.tile([x0, x1], ys.size), np.repeat(ys, 2))

    def _set_log(self, on: bool):
        self.plot.setLogMode(y=on)
        self._test_shown = None  # the test curve too, in the new coordinates
        self._range = None
        self.refresh()

    def refresh(self, force: bool = False):
        """Redraw from the history (the window's timer calls this ~20 times a second); the
        text line below follows at READOUT_INTERVAL unless `force`."""
        for _ in self.refresh_steps(force):
            pass

    def refresh_steps(self, force: bool = False):
        """refresh in steps, a generator (see explorer.window.refresh): a new range, if the
        run outgrew the old one; the curve; the test curve and the lines below."""
        h = self.history
        if self._follow(live=not force):
            # A new range re-renders an axis's labels and the plot whole: 4-5 ms of repaint
            # while training, and 6-7 ms with the new curve's points too. Apart, the old
            # curve shows in the new range for one step (make bench, section 2).
            yield
        if h.count:
            box = self.plot.getViewBox()
            first, last = box.viewRange()[0]
            steps, values = h.decimated(max(first, 1.0), last, int(box.width()) or 800)
            if self.log_y.isChecked():
                # A loss of exactly 0 (a perfect fit) sits at the floor _follow uses too.
                values = np.log10(np.maximum(values, LOG_FLOOR))
            # Decimated: each pixel column's min and max, two points at one step.
            paired = len(steps) > box.width() > 0 and len(steps) % 2 == 0 and steps[0] == steps[1]
            thin = paired and self._is_band(values)
            if paired and not thin:  # a smooth line: one point per column, no zigzag to stroke
                steps, values = steps[0::2], 0.5 * (values[0::2] + values[1::2])
            if thin != self._thin:
                self._thin = thin
                self.curve.setPen(pg.mkPen(theme.SELECTED, width=1 if thin else 2.5))
            self._drawing = True
            self.curve.setData(steps, values)
            self._drawing = False
        else:
            self.curve.setData([], [])
        yield
        self._show_test()
        now = time.monotonic()
        if h.count and not force and now - self._readout_at < READOUT_INTERVAL:
            return  # a label that changes 20 times a second re-lays out its panel each time
        self._readout_at = now
        last = h.last
        parts = [tr("step {0}").format(i18n.integer(h.count))]
        if last is not None:
            parts.append(tr("loss {0}").format(f"{last:.4g}"))
        if self.steps_per_second:
            parts.append(tr("{0} steps/s").format(i18n.integer(round(self.steps_per_second))))
        self.readout.setText("    ".join(parts))

    def _is_band(self, values: np.ndarray) -> bool:
        """Whether consecutive points (view coordinates) are mostly more than 2 px apart in y:
        a noisy band rather than a line."""
        box = self.plot.getViewBox()
        y0, y1 = box.viewRange()[1]
        pixels = box.height() / max(y1 - y0, 1e-300)
        return bool(np.median(np.abs(np.diff(values))) * pixels > 2.0)

    def _show_test(self):
        e = self.evaluations
        held_out = e is not None and e.count and bool(np.isfinite(e.test_loss).any())
        shown = (id(e), e.count, e.steps[-1]) if held_out else None
        if shown == self._test_shown:
            return  # no new evaluation since the last frame
        self._test_shown = shown
        if not held_out:
            self.test_curve.setData([], [])
            self.test_box.hide()
            return
        steps, losses = e.steps, e.test_loss
        keep = np.isfinite(losses) & (losses > 0)  # a log axis cannot show 0
        steps, values = steps[keep], losses[keep]
        columns = max(int(self.plot.getViewBox().width()), 100)
        if len(steps) > 2 * columns:  # a smooth curve: every k-th evaluation, and the last
            every = np.arange(0, len(steps), len(steps) // columns)
            index = np.unique(np.r_[every, len(steps) - 1])
            steps, values = steps[index], values[index]
        if self.log_y.isChecked():
            values = np.log10(values)
        self.test_curve.setData(steps, values)
        parts = [
            f"<span style='color:{TEST_COLOUR}'>"
            + tr("test loss {0}").format(f"{losses[-1]:.4g}")
            + "</span>"
        ]
        if np.isfinite(e.test_accuracy[-1]):
            parts.append(
                tr("accuracy: training {0}, test {1}").format(
                    _percent(e.train_accuracy[-1]), _percent(e.test_accuracy[-1])
                )
            )
        self.test_readout.setText(" · ".join(parts))
        self.test_box.show()
        # Lines for the widest numbers, so that new numbers never re-lay out the panel.
        widest = tr("test loss {0}").format("8.888e-88")
        if len(parts) > 1:
            widest += " · " + tr("accuracy: training {0}, test {1}").format("100.0 %", "100.0 %")
        self.test_box.fit_lines(widest)

    def _view_moved(self, *_):
        if not self._drawing and not self.follow.isChecked():
            QtCore.QTimer.singleShot(0, self.refresh)

    def _user_moved(self, *_):
        self.follow.setChecked(False)

    def _follow_toggled(self, on: bool):
        self._range = None
        if on:
            self.refresh()

    def _follow(self, live: bool = False) -> bool:
        """Keep all data in view with ranges that change in jumps, not on every frame: the
        axes are re-laid out and repainted only when the range changes, and doing that 30
        times a second was most of the GUI thread's work while training. `live` (training):
        the x range is kept until the curve nears its right edge, then jumps by HEADROOM_S
        seconds of training; otherwise it fits the run with 15 % to spare. Whether the range
        changed."""
        h = self.history
        if not h.count or not self.follow.isChecked():
            return False
        x_max = _nice_ceiling(h.count * 1.15)
        if live and self._range is not None:
            current = self._range[0]  # never narrowed while training: that is a jump too
            if x_max > current:
                x_max = _nice_ceiling(h.count * 1.15 + HEADROOM_S * self.steps_per_second)
            else:
                x_max = current
        low, high = h.low, h.high
        if self.log_y.isChecked():
            low, high = math.log10(max(low, LOG_FLOOR)), math.log10(max(high, LOG_FLOOR))
            # Half decades; while training whole decades at the bottom, where a noisy run's
            # lowest batch loss keeps falling: each new bottom re-renders the loss axis.
            per = 1 if live else 2
            bottom = math.floor(low * per) / per
            y_range = (bottom, max(math.ceil(high * 2) / 2, bottom + 0.5))
        else:
            y_range = (0.0, _nice_ceiling(high * 1.05))
        if (x_max, y_range) != self._range:
            self._range = (x_max, y_range)
            # setRange also turns pyqtgraph's auto-range off, so new data no longer triggers
            # its bounds scan on every frame: the range is ours (see above).
            self.plot.setRange(xRange=(0, x_max), yRange=y_range, padding=0.02)
            return True
        return False


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %" if np.isfinite(value) else "–"


def _nice_ceiling(value: float) -> float:
    """The next of 1, 1.5, 2, 3, 5, 7.5 x 10^n at or above value (value > 0)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for mantissa in (1, 1.5, 2, 3, 5, 7.5, 10):
        if mantissa * 10**exponent >= value:
            return float(mantissa * 10**exponent)
    return float(10 ** (exponent + 1))
