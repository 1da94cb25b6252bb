"""What the network predicts: the decision surface over 2-D data, or the fitted curve of 1-D
regression, with the data points. Computed from a parameter snapshot in the GUI thread at a
low rate (a 64 x 64 grid through a small net costs about a millisecond).

The surface (or curve) is computed over the area the plot shows, not over the data's box: the
aspect-locked plot shows more than the data in one direction, and a user who pans or zooms
must see the network's answer there too, so a range change recomputes it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core.datasets import Dataset
from core.network import Network
from explorer.look import i18n, theme
from explorer.views.image_view import ImagePanel
from explorer.views.matrix_view import NEGATIVE_COLOUR, POSITIVE_COLOUR, diverging_map
from explorer.views.steady import SteadyBox

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
        # Its accuracy changes while training: in a box, so it never re-lays out the window.
        self.title_box = SteadyBox(self.title, lines=2, fit=True)
        layout.addWidget(self.title_box)
        # enableMenu=False: pyqtgraph then never builds the context menus we switch off.
        self.plot = pg.PlotWidget(background=theme.BACKGROUND, enableMenu=False)
        self.plot.setMenuEnabled(False)
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setCacheMode(
                QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
            )
            self.plot.getAxis(axis).setTextPen(theme.TEXT)
        layout.addWidget(self.plot, 1)
        # Image data: test images, the sample's f_K and the confusion matrix instead.
        self.images = ImagePanel()
        self.images.sampleClicked.connect(self.sampleClicked)
        self.images.hide()
        layout.addWidget(self.images, 1)
        self.surface = pg.ImageItem(axisOrder="row-major")
        self.surface.setColorMap(diverging_map())
        self.surface.setOpacity(0.85)
        self.curve = pg.PlotDataItem(pen=pg.mkPen(theme.SELECTED, width=3))
        self.points = pg.ScatterPlotItem(size=9, pen=pg.mkPen("#111", width=1))
        self.marker = pg.ScatterPlotItem(
            size=20, pen=pg.mkPen("#fff", width=3), brush=None, symbol="o"
        )
        self.points.sigClicked.connect(self._clicked)
        # The points and the marker stay while the surface under them changes with every
        # frame of training: as cached pixmaps they are copied, not drawn again (repaint of
        # the plot 1.61 -> 1.16 ms, measured idle).
        for item in (self.points, self.marker):
            item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # The surface and the curve follow the visible range, so they must not set it: with
        # auto-range on, each redraw would widen the range that widens the next redraw.
        for item in (self.surface, self.curve):
            self.plot.addItem(item, ignoreBounds=True)
        for item in (self.points, self.marker):
            self.plot.addItem(item)
        self.dataset: Dataset | None = None
        self.network: Network | None = None  # the last parameters drawn, for a range change
        self._span: tuple[float, float, float, float] | None = None  # (x0, y0, x1, y1) drawn
        self.grid: np.ndarray | None = None  # (GRID², 2) or (300, 1): the inputs last drawn
        self.plot.getViewBox().sigRangeChanged.connect(self._range_changed)

    def set_dataset(self, dataset: Dataset):
        self.dataset = dataset
        self.network = None
        self._span = self.grid = None
        X = dataset.X
        self.plot.setVisible(not dataset.is_image)
        self.images.setVisible(dataset.is_image)
        if dataset.is_image:
            self.images.set_dataset(dataset)
            self._set_title(tr("Prediction: test images, true → predicted class"))
            return
        if dataset.n_inputs == 2:
            lo, hi = X.min(axis=0), X.max(axis=0)
            pad = 0.1 * (hi - lo) + 1e-9
            lo, hi = lo - pad, hi + pad
            bounds = QtCore.QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
            self.surface.show()
            self.curve.hide()
            # One brush object per colour, shared by its points: pyqtgraph renders a symbol
            # for each brush object it is given (200 renders, 12 ms of start-up, against 2).
            if dataset.task == "classification" and dataset.n_outputs == 1:
                # The surface's colour of the sign of f_K: blue for +1, orange for -1.
                plus, minus = pg.mkBrush(POSITIVE_COLOUR), pg.mkBrush(NEGATIVE_COLOUR)
                brushes = [plus if y > 0 else minus for y in dataset.Y[:, 0]]
            elif dataset.task == "classification":
                labels = dataset.labels()
                shared = {c: pg.mkBrush(CLASS_COLOURS[c % len(CLASS_COLOURS)]) for c in set(labels)}
                brushes = [shared[c] for c in labels]
            else:
                brushes = [pg.mkBrush(theme.TEXT)] * dataset.n_samples
            self.points.setData(
                x=X[:, 0], y=X[:, 1], brush=brushes, data=np.arange(dataset.n_samples)
            )
            self.plot.setAspectLocked(True)
            self.plot.setRange(bounds, padding=0)
            self._set_title(tr("Prediction: decision surface f<sub>K</sub>(x) and the data"))
        elif dataset.n_inputs == 1:
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
            self._set_title(tr("Prediction: fitted curve f<sub>K</sub>(x) and the data"))
        else:
            self.surface.hide()
            self.curve.hide()
            self.points.setData([], [])
            self._set_title(tr("Prediction: {0}-D input, no picture").format(dataset.n_inputs))

    def _set_title(self, text: str):
        if text != self.title.text():
            self.title.setText(text)
            self.title_box.fit_lines()  # a new line count re-lays out; new numbers do not

    def show_images(self, report, sample: int, output: np.ndarray, probabilities: bool):
        """Image data: a core.metrics.ClassReport of the test rows, the chosen sample and its
        f_K (see ImagePanel)."""
        for _ in self.image_steps(report, sample, output, probabilities):
            pass

    def image_steps(self, report, sample: int, output: np.ndarray, probabilities: bool):
        """show_images in steps, a generator (see explorer.window.refresh)."""
        # isHidden, not isVisible: the first drawing comes before the window is shown.
        if report is None or self.images.isHidden():
            return
        yield from self.images.report_steps(report, sample, output, probabilities)
        mistakes = int(np.count_nonzero(report.predicted != report.labels))
        self._set_title(
            tr("Prediction on {0} test images: {1} right, {2} mistakes (first, in red)").format(
                i18n.integer(len(report.rows)), f"{100 * report.accuracy:.1f} %", mistakes
            )
        )

    def set_sample(self, index: int):
        if self.dataset is None:
            return
        X = self.dataset.X
        y = X[index, 1] if self.dataset.n_inputs == 2 else self.dataset.Y[index, 0]
        if self.dataset.n_inputs <= 2:
            self.marker.setData([X[index, 0]], [y])

    def network_steps(self, network: Network):
        """Draw what `network` predicts over the visible area (kept for a later pan or zoom),
        in two steps, a generator (see explorer.window.refresh): computed, then shown.
        Together with the repaint the new picture queues they were one piece of 5-6 ms of the
        GUI thread while training (make bench, section 2)."""
        self.network = network
        picture = self._compute()
        if picture is None:
            return
        yield
        # A pan or zoom in between has drawn the new range already; this one is older.
        if picture[0] == self._visible_span():
            self._show(*picture)

    def _range_changed(self, *_):
        # Panning or zooming shows new ground; the old picture would end at its old edges.
        if self.network is not None and self._visible_span() != self._span:
            self._draw()

    def _visible_span(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        return (x0, y0, x1, y1)

    def _draw(self):
        picture = self._compute()
        if picture is not None:
            self._show(*picture)

    def _compute(self):
        """(span, grid, outputs) of the network over the visible area, or None if there is
        nothing to draw (no network, more than 2 inputs, or outputs that are not finite)."""
        if self.dataset is None or self.network is None or self.dataset.n_inputs > 2:
            return None
        span = self._visible_span()
        x0, y0, x1, y1 = span
        if self.dataset.n_inputs == 2:
            gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
            grid = np.c_[gx.ravel(), gy.ravel()]
        else:
            grid = np.linspace(x0, x1, 300)[:, None]
        with np.errstate(all="ignore"):
            out = self.network.predict(grid)
        if not np.all(np.isfinite(out)):
            return None  # never draw NaN; the last finite picture stays
        return span, grid, out

    def _show(self, span, grid: np.ndarray, out: np.ndarray):
        x0, y0, x1, y1 = span
        self._span, self.grid = span, grid
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
            # The grid points are the pixels' centres: pixels reach half a step beyond them.
            dx, dy = (x1 - x0) / (GRID - 1), (y1 - y0) / (GRID - 1)
            rect = QtCore.QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
            self.surface.setRect(rect)
        else:
            self.curve.setData(grid[:, 0], out[:, 0])

    def _clicked(self, item, points, event=None):
        if len(points):
            self.sampleClicked.emit(int(points[0].data()))
