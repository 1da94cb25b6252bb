"""The cost of backpropagation, for the current network: the multiply-adds that get every
∂L/∂θᵢ three ways (core.cost) — (a) each chain on its own with full Jacobians, (b) reverse
mode reusing the prefix ∂L/∂f_{i+2} the box marks, (c) forward mode — with their measured
times side by side, the counts plotted against depth K and width n, and the largest relative
difference between the three gradients.

Counts are closed forms (instant, any size); times are measured in a job (`cost_job`) on a
copy of the parameters, never in the GUI thread, and a method whose count exceeds
MAX_MULTIPLY_ADDS is not run (its count stands alone).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core import cost
from core.network import Network, NetworkSpec
from explorer.look import i18n, theme

MAX_MULTIPLY_ADDS = 2_000_000_000  # a few seconds at most per method on the project's machine
REPEATS = 3
COLOURS = {"chains": "#e8b93d", "reverse": "#3ddc84", "forward": "#c77dff"}


def tr(text: str) -> str:
    return i18n.tr("CostPanel", text)


def method_name(method: str) -> str:
    return {
        "chains": tr("(a) each chain on its own, full Jacobians"),
        "reverse": tr("(b) reverse mode: backpropagation, reusing ∂L/∂fᵢ₊₂"),
        "forward": tr("(c) forward mode: a tangent per parameter"),
    }[method]


def method_short(method: str) -> str:
    return {"chains": tr("(a) chains"), "reverse": tr("(b) reverse"), "forward": tr("(c) forward")}[
        method
    ]


def cost_job(network: Network, x, y, max_multiply_adds: int = MAX_MULTIPLY_ADDS):
    """The measurement as a job: times of the three methods for one sample on a copy of the
    parameters, then how far each gradient is from backprop's. Returns (timings, agreement)."""
    network = network.copy()
    timings = cost.measure(network, x, y, REPEATS, cost.METHODS, max_multiply_adds)
    yield "measured"
    run = tuple(m for m in cost.METHODS if timings[m].median is not None)
    return timings, cost.agreement(network, x, y, run)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return tr("not run (too many)")
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


class CostPanel(QtWidgets.QWidget):
    measureRequested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        left = QtWidgets.QVBoxLayout()
        self.heading = QtWidgets.QLabel("")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(QtCore.Qt.TextFormat.RichText)
        left.addWidget(self.heading)
        # A grid of labels, not a table: every entry whole at 1024 × 768, no scroll bars.
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(10)
        for column, text in enumerate((tr("method"), tr("multiply-adds"), tr("time"))):
            head = QtWidgets.QLabel(f"<b>{text}</b>")
            head.setWordWrap(True)
            grid.addWidget(head, 0, column)
        self.names: dict[str, QtWidgets.QLabel] = {}
        self.count_labels: dict[str, QtWidgets.QLabel] = {}
        self.time_labels: dict[str, QtWidgets.QLabel] = {}
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        for row, method in enumerate(cost.METHODS, start=1):
            name = QtWidgets.QLabel(
                f"<span style='color:{COLOURS[method]}'>■</span> " + method_short(method)
            )
            name.setToolTip(method_name(method))
            count, time_label = QtWidgets.QLabel(""), QtWidgets.QLabel("—")
            for label in (name, count):
                label.setWordWrap(True)  # a narrow tab or a long language: two lines
            count.setAlignment(right)
            time_label.setAlignment(right)
            grid.addWidget(name, row, 0)
            grid.addWidget(count, row, 1)
            grid.addWidget(time_label, row, 2)
            self.names[method], self.count_labels[method] = name, count
            self.time_labels[method] = time_label
        grid.setColumnStretch(0, 1)
        left.addLayout(grid)
        left.addStretch(1)
        row = QtWidgets.QHBoxLayout()
        self.measure = QtWidgets.QPushButton(tr("Measure times (M)"))
        self.measure.setToolTip(
            tr("time the three methods for the chosen sample, in the background")
        )
        self.measure.clicked.connect(self.measureRequested)
        row.addWidget(self.measure)
        self.status = QtWidgets.QLabel("")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        left.addLayout(row)
        self.agreement = QtWidgets.QLabel("")
        self.agreement.setWordWrap(True)
        self.agreement.setTextFormat(QtCore.Qt.TextFormat.RichText)
        left.addWidget(self.agreement)
        layout.addLayout(left, 3)
        self.plots: dict[str, pg.PlotWidget] = {}
        self.plot_titles: dict[str, QtWidgets.QLabel] = {}
        for axis, title, label in (
            ("K", tr("multiply-adds against depth K"), tr("depth K")),
            ("n", tr("multiply-adds against width n"), tr("hidden width n")),
        ):
            column = QtWidgets.QVBoxLayout()
            heading = QtWidgets.QLabel(title)
            heading.setWordWrap(True)
            heading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            heading.setStyleSheet(f"font-size: {theme.pt(11)}; font-weight: bold;")
            plot = pg.PlotWidget(background=theme.BACKGROUND, enableMenu=False)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(False, False)
            plot.setLogMode(x=axis == "n", y=True)
            plot.setLabel("bottom", label)
            legend = QtWidgets.QLabel(
                "  ".join(
                    f"<span style='color:{COLOURS[m]}'>━</span>&nbsp;"
                    + method_short(m).replace(" ", "&nbsp;")
                    for m in cost.METHODS
                )
            )
            legend.setWordWrap(True)
            legend.setStyleSheet(f"font-size: {theme.pt(10)};")
            column.addWidget(heading)
            column.addWidget(legend)  # beside the data, never on it
            column.addWidget(plot, 1)
            layout.addLayout(column, 2)
            self.plots[axis] = plot
            self.plot_titles[axis] = heading
        self.counts: dict[str, cost.Count] = {}
        self.timings: dict[str, cost.Timing] | None = None
        self._sizes: tuple[int, ...] | None = None

    def show_network(self, spec: NetworkSpec):
        """The counts for `spec` (closed forms) and the curves around it; nothing is run."""
        sizes = tuple(spec.sizes)
        if sizes == self._sizes:
            return
        self._sizes = sizes
        self.counts = cost.closed_form(spec)
        forward = cost.forward_count(spec)
        self.heading.setText(
            tr("Every ∂L/∂θᵢ of one sample for {0}; the forward pass is {1} multiply-adds.").format(
                "-".join(map(str, sizes)), i18n.integer(forward)
            )
        )
        for method in cost.METHODS:
            total = self.counts[method].total
            self.count_labels[method].setText(
                tr("{0}  (×{1} forward)").format(i18n.integer(total), f"{total / forward:.3g}")
            )
        self.show_timings(None)
        by_depth, by_width = cost.curves_for(spec)
        for axis, curve in (("K", by_depth), ("n", by_width)):
            self._plot(self.plots[axis], curve)

    def _plot(self, plot: pg.PlotWidget, curve: cost.Curve):
        plot.clear()
        x = np.asarray(curve.values, dtype=float)
        for method in cost.METHODS:
            y = np.asarray(curve.counts[method], dtype=float)
            colour = COLOURS[method]
            plot.plot(x, y, pen=pg.mkPen(colour, width=2), symbol="o", symbolBrush=colour)
        if curve.axis == "n":  # a log axis: ticks at every other width, written whole
            values = curve.values[::2] + ((curve.values[-1],) if len(curve.values) % 2 == 0 else ())
            ticks = [(float(np.log10(v)), str(v)) for v in values]
            plot.getAxis("bottom").setTicks([ticks, []])
        # Items added to a log plot live in log10 coordinates.
        here = self._sizes
        mark = len(here) - 1 if curve.axis == "K" else max(here[1:-1], default=here[0])
        line = pg.InfiniteLine(
            np.log10(mark) if curve.axis == "n" else mark,
            pen=pg.mkPen(theme.MUTED, style=QtCore.Qt.PenStyle.DashLine),
        )
        line.setToolTip(tr("this network"))
        plot.addItem(line)

    def show_running(self):
        self.measure.setEnabled(False)
        self.status.setText(tr("measuring…"))

    def show_timings(self, timings, agreement: dict[str, float] | None = None, error=None):
        """Measured times (None: not measured yet) and the gradients' largest relative
        difference from backprop's."""
        self.timings = timings
        self.measure.setEnabled(True)
        for method in cost.METHODS:
            text = "—" if timings is None else _duration(timings[method].median)
            self.time_labels[method].setText(text)
        if error is not None:
            self.status.setText(tr("the measurement failed: {0}").format(error))
        elif timings is None:
            self.status.setText(tr("times: not measured yet"))
        else:
            self.status.setText(tr("median of {0} runs, one sample").format(REPEATS))
        if agreement:
            worst = max(agreement.values())
            equal = worst < 1e-9
            colour = theme.OK if equal else theme.ERROR
            verdict = tr("✔ equal") if equal else tr("✘ differ")
            self.agreement.setText(
                f"<span style='color:{colour}'>{verdict}</span>: "
                + tr("the three gradients, max relative difference from backprop {0}").format(
                    f"{worst:.1e}"
                )
            )
        else:
            self.agreement.setText("")
