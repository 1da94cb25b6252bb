"""What the network predicts: the decision surface over 2-D data, or the fitted curve of 1-D
regression, with the data points. Computed from a parameter snapshot in the GUI thread at a
low rate (a 64 x 64 grid through a small net costs about a millisecond)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core.datasets import Dataset
from core.network import Network
from explorer.look import i18n, theme
from explorer.views.matrix_view import NEGATIVE_COLOUR, POSITIVE_COLOUR, diverging_map

GRID = 64
CLASS_COLOURS = [
    "#3d8bff",
    "#ff9a3d",
    "#6bd68b",
    "#d36bff",
    "#ff6b8b",
    "#e8e86b",
    "#6be8e8",
    "#fff",
]


def tr(text: str) -> str:
    return i18n.tr("PredictionView", text)


class PredictionView(QtWidgets.QWidget):
    sampleClicked = QtCore.Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QtWidgets.QLabel(tr("Prediction"))
        self.title.setStyleSheet(f"font-size: {theme.pt(13)}; font-weight: bold;")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.plot = pg.PlotWidget(background=theme.BACKGROUND)
        self.plot.setMenuEnabled(False)
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setCacheMode(
                QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
            )
            self.plot.getAxis(axis).setTextPen(theme.TEXT)
        layout.addWidget(self.plot, 1)
        self.surface = pg.ImageItem(axisOrder="row-major")
        self.surface.setColorMap(diverging_map())
        self.surface.setOpacity(0.85)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(theme.SELECTED, width=3))
        self.points = pg.ScatterPlotItem(size=9, pen=pg.mkPen("#111", width=1))
        self.marker = pg.ScatterPlotItem(
            size=20, pen=pg.mkPen("#fff", width=3), brush=None, symbol="o"
        )
        self.points.sigClicked.connect(self._clicked)
        for item in (self.surface, self.curve, self.points, self.marker):
            self.plot.addItem(item)
        self.dataset: Dataset | None = None
        self._grid = None

    def set_dataset(self, dataset: Dataset):
        self.dataset = dataset
        X = dataset.X
        if dataset.n_inputs == 2:
            lo, hi = X.min(axis=0), X.max(axis=0)
            pad = 0.1 * (hi - lo) + 1e-9
            lo, hi = lo - pad, hi + pad
            xs, ys = np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID)
            gx, gy = np.meshgrid(xs, ys)
            self._grid = np.c_[gx.ravel(), gy.ravel()]
            self._bounds = QtCore.QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
            self.surface.setRect(self._bounds)
            self.surface.show()
            self.curve.hide()
            if dataset.task == "classification" and dataset.n_outputs == 1:
                # The surface's colour of the sign of f_K: blue for +1, orange for -1.
                colours = np.where(dataset.Y[:, 0] > 0, POSITIVE_COLOUR, NEGATIVE_COLOUR)
                brushes = [pg.mkBrush(c) for c in colours]
            elif dataset.task == "classification":
                labels = dataset.labels()
                brushes = [pg.mkBrush(CLASS_COLOURS[c % len(CLASS_COLOURS)]) for c in labels]
            else:
                brushes = [pg.mkBrush(theme.TEXT)] * dataset.n_samples
            self.points.setData(
                x=X[:, 0], y=X[:, 1], brush=brushes, data=np.arange(dataset.n_samples)
            )
            self.plot.setAspectLocked(True)
            self.plot.setRange(self._bounds, padding=0)
            self.title.setText(tr("Prediction: decision surface f<sub>K</sub>(x) and the data"))
        elif dataset.n_inputs == 1:
            lo, hi = X.min(), X.max()
            pad = 0.05 * (hi - lo) + 1e-9
            self._grid = np.linspace(lo - pad, hi + pad, 300)[:, None]
            self.surface.hide()
            self.curve.show()
            self.points.setData(
                x=X[:, 0],
                y=dataset.Y[:, 0],
                brush=pg.mkBrush(theme.TEXT),
                data=np.arange(dataset.n_samples),
            )
            self.plot.setAspectLocked(False)
            self.plot.enableAutoRange()
            self.title.setText(tr("Prediction: fitted curve f<sub>K</sub>(x) and the data"))
        else:
            self._grid = None
            self.surface.hide()
            self.curve.hide()
            self.points.setData([], [])
            self.title.setText(tr("Prediction: {0}-D input, no picture").format(dataset.n_inputs))

    def set_sample(self, index: int):
        if self.dataset is None:
            return
        X = self.dataset.X
        y = X[index, 1] if self.dataset.n_inputs == 2 else self.dataset.Y[index, 0]
        if self.dataset.n_inputs <= 2:
            self.marker.setData([X[index, 0]], [y])

    def update_network(self, network: Network):
        if self._grid is None or self.dataset is None:
            return
        with np.errstate(all="ignore"):
            out = network.predict(self._grid)
        if not np.all(np.isfinite(out)):
            return  # never draw NaN; the last finite picture stays
        if self.dataset.n_inputs == 2:
            # One output: its value (the +1/-1 target's sign is the class). One-hot outputs:
            # the winning class, centred so the colour map's middle is between classes.
            if out.shape[1] == 1:
                values = out[:, 0]
            else:
                values = np.argmax(out, axis=1) - (out.shape[1] - 1) / 2
            image = values.reshape(GRID, GRID)
            bound = max(float(np.max(np.abs(image))), 1e-9)
            self.surface.setImage(image, levels=(-bound, bound), autoLevels=False)
            self.surface.setRect(self._bounds)
        else:
            self.curve.setData(self._grid[:, 0], out[:, 0])

    def _clicked(self, item, points, event=None):
        if len(points):
            self.sampleClicked.emit(int(points[0].data()))
