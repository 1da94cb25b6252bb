"""Gradient flow: ||dL/dtheta_i|| per layer over training, and, at the current step, the
profile across layers with the spectral norms of the red factors, optionally beside another
preset's profile (deep sigmoid against deep ReLU shows vanishing gradients and their cure)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core.flow import FlowHistory, FlowRecord
from explorer.look import i18n, names, theme


def tr(text: str) -> str:
    return i18n.tr("FlowPanel", text)


def _positive(values: np.ndarray) -> np.ndarray:
    """Log axes cannot show 0 or NaN: clip to a tiny positive number, keep NaN out."""
    return np.clip(np.nan_to_num(values, nan=1e-30), 1e-30, None)


def _legend_label() -> QtWidgets.QLabel:
    """A legend as a wrapped line of text above its plot: beside the data, never on it, and
    as wide as the plot whatever K or the language."""
    label = QtWidgets.QLabel()
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size: {theme.pt(10)};")
    return label


def _title(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(i18n.unbroken(text))
    label.setWordWrap(True)
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"font-size: {theme.pt(11)}; font-weight: bold;")
    return label


def _entry(colour: str, mark: str, text: str) -> str:
    # No-break spaces hold a mark to its name; the ordinary space between entries may wrap.
    return f"<span style='color:{colour}'>{mark}</span>&nbsp;{text}"


def _empty_range(plot: pg.PlotWidget):
    """Nothing recorded yet: a plain decade range instead of the ±4000 pyqtgraph makes up."""
    plot.setXRange(0, 1, padding=0)
    plot.setYRange(-3, 0, padding=0)  # log10 units: 1e-3 .. 1


class FlowPanel(QtWidgets.QWidget):
    compareRequested = QtCore.Signal(str)

    def __init__(self, presets: list[str], parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.over_time = pg.PlotWidget(background=theme.BACKGROUND, enableMenu=False)
        self.over_time.setMenuEnabled(False)  # pyqtgraph's menu is English only (see LossPlot)
        self.over_time.setLogMode(y=True)
        # Titles as wrapped labels: a plot's own title is one line, cut off in a narrow tab.
        self.over_time_title = _title(tr("‖∂L/∂θᵢ‖ over training (batch mean loss)"))
        self.over_time.setLabel("bottom", tr("step"))
        self.legend = _legend_label()
        self.profile = pg.PlotWidget(background=theme.BACKGROUND, enableMenu=False)
        self.profile.setMenuEnabled(False)
        self.profile.setLogMode(y=True)
        self.profile_title = _title(tr("now, across layers"))
        # Which index is which is in the legend (θᵢ and ∂fₖ₊₁/∂fₖ): the axis stays short.
        self.profile.setLabel("bottom", tr("layer index"))
        self.profile_legend = _legend_label()
        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.over_time_title)
        left.addWidget(self.legend)
        left.addWidget(self.over_time, 1)
        right = QtWidgets.QVBoxLayout()
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel(tr("compare with")))
        self.compare = QtWidgets.QComboBox()
        self.compare.addItem("—", "")
        for name in presets:
            self.compare.addItem(names.preset_label(name), name)
        self.compare.activated.connect(
            lambda index: self.compareRequested.emit(self.compare.itemData(index))
        )
        row.addWidget(self.compare, 1)
        right.addLayout(row)
        right.addWidget(self.profile_title)
        right.addWidget(self.profile_legend)
        right.addWidget(self.profile, 1)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._curves: list[pg.PlotDataItem] = []
        self._profile_items: dict[str, pg.PlotDataItem] = {}
        self.comparison: tuple[str, FlowRecord, int, int | None] | None = None

    def set_layers(self, K: int):
        self.over_time.clear()
        self._curves = []
        entries = []
        for i in range(K):
            # Hues from green to magenta: red and yellow belong to the note's factors.
            colour = pg.intColor(i, max(K, 2), minHue=110, maxHue=320, maxValue=235)
            self._curves.append(self.over_time.plot(pen=pg.mkPen(colour, width=2.5)))
            entries.append(_entry(colour.name(), "━━", f"θ<sub>{i}</sub>"))
        self.legend.setText(" ".join(entries))
        self.profile.clear()
        self._profile_items = {
            "grad": self.profile.plot(
                pen=pg.mkPen(theme.SELECTED, width=3), symbol="o", symbolBrush=theme.SELECTED
            ),
            "red": self.profile.plot(
                pen=pg.mkPen(theme.RED, width=2, style=QtCore.Qt.DashLine),
                symbol="s",
                symbolBrush=theme.RED,
            ),
            "other": self.profile.plot(
                pen=pg.mkPen(theme.MUTED, width=2), symbol="t", symbolBrush=theme.MUTED
            ),
        }
        _empty_range(self.over_time)
        _empty_range(self.profile)
        self._show_profile_legend()

    def show_history(self, history: FlowHistory):
        steps, grad, red = history.arrays()
        if not len(steps):
            for curve in self._curves:
                curve.setData([], [])
            for item in self._profile_items.values():
                item.setData([], [])
            _empty_range(self.over_time)
            _empty_range(self.profile)
            return
        for i, curve in enumerate(self._curves):
            if i < grad.shape[1]:
                curve.setData(steps, _positive(grad[:, i]))
        last_grad, last_red = grad[-1], red[-1]
        layers = np.arange(len(last_grad), dtype=float)
        self._profile_items["grad"].setData(layers, _positive(last_grad))
        reds = np.isfinite(last_red)
        self._profile_items["red"].setData(layers[reds], _positive(last_red[reds]))
        if self.comparison is not None:
            record = self.comparison[1]
            other = np.arange(len(record.grad_norms), dtype=float)
            self._profile_items["other"].setData(other, _positive(record.grad_norms))
        else:
            self._profile_items["other"].setData([], [])
        for plot in (self.over_time, self.profile):
            plot.enableAutoRange()  # the axes follow the data, after a switch too

    def set_comparison(
        self, name: str, record: FlowRecord | None, step: int = 0, diverged: int | None = None
    ):
        """Show preset `name`'s flow `record` after `step` steps beside the live one (None:
        no comparison); `diverged`: the step its training diverged at."""
        self.comparison = (
            (names.preset_label(name), record, step, diverged) if record is not None else None
        )
        self.compare.setCurrentIndex(max(self.compare.findData(name if record else ""), 0))
        if record is not None:
            other = np.arange(len(record.grad_norms), dtype=float)
            self._profile_items["other"].setData(other, _positive(record.grad_norms))
        else:
            self._profile_items["other"].setData([], [])
        self._show_profile_legend()

    def _show_profile_legend(self):
        entries = [
            _entry(theme.SELECTED, "●━", "‖∂L/∂θ<sub>i</sub>‖"),
            _entry(theme.RED, "■╌", tr("‖∂fₖ₊₁/∂fₖ‖₂ (red)")),
        ]
        if self.comparison is not None:
            label, _, step, diverged = self.comparison
            if diverged is not None:
                text = tr("{0}: diverged at step {1}").format(label, i18n.integer(diverged))
            else:
                text = tr("{0} at step {1}").format(label, i18n.integer(step))
            entries.append(_entry(theme.MUTED, "▲━", text))
        self.profile_legend.setText(" ".join(entries))
