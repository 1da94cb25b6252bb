"""Gradient flow: ||dL/dtheta_i|| per layer over training, and, at the current step, the
profile across layers with the spectral norms of the red factors, optionally beside another
preset's profile (deep sigmoid against deep ReLU shows vanishing gradients and their cure)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core import notation
from core.flow import FlowHistory, FlowRecord
from explorer.look import i18n, names, theme


def tr(text: str) -> str:
    return i18n.tr("FlowPanel", text)


def _positive(values: np.ndarray) -> np.ndarray:
    """Log axes cannot show 0 or NaN: clip to a tiny positive number, keep NaN out."""
    return np.clip(np.nan_to_num(values, nan=1e-30), 1e-30, None)


class FlowPanel(QtWidgets.QWidget):
    compareRequested = QtCore.Signal(str)

    def __init__(self, presets: list[str], parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.over_time = pg.PlotWidget(background=theme.BACKGROUND)
        self.over_time.setMenuEnabled(False)  # pyqtgraph's menu is English only (see LossPlot)
        self.over_time.setLogMode(y=True)
        self.over_time.setTitle(tr("‖∂L/∂θᵢ‖ over training (batch mean loss)"), color=theme.TEXT)
        self.over_time.setLabel("bottom", tr("step"))
        self.legend = self.over_time.addLegend(offset=(-10, 10), labelTextColor=theme.TEXT)
        self.profile = pg.PlotWidget(background=theme.BACKGROUND)
        self.profile.setMenuEnabled(False)
        self.profile.setLogMode(y=True)
        self.profile.setTitle(tr("now, across layers"), color=theme.TEXT)
        self.profile.setLabel("bottom", tr("layer index i (θᵢ) / k (∂fₖ₊₁/∂fₖ)"))
        self.profile_legend = self.profile.addLegend(offset=(10, -10), labelTextColor=theme.TEXT)
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
        right.addWidget(self.profile, 1)
        layout.addWidget(self.over_time, 3)
        layout.addLayout(right, 2)
        self._curves: list[pg.PlotDataItem] = []
        self._profile_items: dict[str, pg.PlotDataItem] = {}
        self.comparison: tuple[str, FlowRecord] | None = None

    def set_layers(self, K: int):
        self.over_time.clear()
        self.legend.clear()
        self._curves = []
        for i in range(K):
            # Hues from green to magenta: red and yellow belong to the note's factors.
            colour = pg.intColor(i, max(K, 2), minHue=110, maxHue=320, maxValue=235)
            pen = pg.mkPen(colour, width=2.5)
            curve = self.over_time.plot(pen=pen, name=f"θ{notation.subscript(i)}")
            self._curves.append(curve)
        self.profile.clear()
        self.profile_legend.clear()
        self._profile_items = {
            "grad": self.profile.plot(
                pen=pg.mkPen(theme.SELECTED, width=3),
                symbol="o",
                symbolBrush=theme.SELECTED,
                name="‖∂L/∂θᵢ‖",
            ),
            "red": self.profile.plot(
                pen=pg.mkPen(theme.RED, width=2, style=QtCore.Qt.DashLine),
                symbol="s",
                symbolBrush=theme.RED,
                name=tr("‖∂fₖ₊₁/∂fₖ‖₂ (red)"),
            ),
            "other": self.profile.plot(
                pen=pg.mkPen(theme.MUTED, width=2),
                symbol="t",
                symbolBrush=theme.MUTED,
                name=tr("compared"),
            ),
        }

    def show_history(self, history: FlowHistory):
        steps, grad, red = history.arrays()
        if not len(steps):
            for curve in self._curves:
                curve.setData([], [])
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
            name, record = self.comparison
            other = np.arange(len(record.grad_norms), dtype=float)
            self._profile_items["other"].setData(other, _positive(record.grad_norms))
            self._profile_items["other"].opts["name"] = tr("{0}: ‖∂L/∂θᵢ‖ at start").format(name)
        else:
            self._profile_items["other"].setData([], [])

    def set_comparison(self, name: str, record: FlowRecord | None):
        self.comparison = (names.preset_label(name), record) if record is not None else None
        self.compare.setCurrentIndex(max(self.compare.findData(name if record else ""), 0))
        self.profile_legend.clear()
        for key in ("grad", "red", "other"):
            item = self._profile_items[key]
            label = item.opts.get("name")
            if key == "other":
                # Two lines: a preset's name can be long, and the legend has a small plot.
                label = (
                    tr("{0}<br>at its start").format(self.comparison[0])
                    if self.comparison
                    else None
                )
            if label:
                self.profile_legend.addItem(item, label)
