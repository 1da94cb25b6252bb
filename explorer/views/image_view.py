"""What the network predicts on image data (the note's "x, an image; y, class labels"): test
images with their true and predicted labels (mistakes marked; a click chooses that sample),
the chosen sample's output f_K as one bar per class, and the confusion matrix.

Renders what it is given (a core.metrics.ClassReport, the sample, its output); the window
computes those at the prediction panel's low rate.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core.datasets import Dataset
from core.losses import softmax
from core.metrics import ClassReport
from explorer.look import i18n, theme
from explorer.views.matrix_view import Heatmap

COLUMNS, ROWS = 8, 3  # test images shown: mistakes first, then the others in row order
ICON = 32  # pixels per image side (an 8 x 8 digit at 4 x, nearest neighbour)
# Below the images the bars and the confusion matrix need this much height to be read; the
# images get the rest, in as many rows (up to ROWS) as fit.
BELOW_MIN = 170
MARGIN = 0.05  # room above and below the output bars' range
BUTTONS_PER_STEP = 8  # test images updated in one step of report_steps


def tr(text: str) -> str:
    return i18n.tr("ImageView", text)


def image_icon(image: np.ndarray) -> QtGui.QIcon:
    """An (h, w) image with values in [0, 1] as a grey icon, dark on light as on paper."""
    grey = np.ascontiguousarray(255 - np.clip(image, 0, 1) * 255, dtype=np.uint8)
    h, w = grey.shape
    picture = QtGui.QImage(grey.data, w, h, w, QtGui.QImage.Format.Format_Grayscale8).copy()
    scale = max(1, ICON // max(h, w))
    pixmap = QtGui.QPixmap.fromImage(
        picture.scaled(w * scale, h * scale, mode=QtCore.Qt.TransformationMode.FastTransformation)
    )
    return QtGui.QIcon(pixmap)


def bar_range(values: np.ndarray, probabilities: bool) -> tuple[float, float]:
    """The bars' y range: 0…1 for probabilities; for outputs f_K (targets one-hot) 0…1 with
    0.05 to spare, widened in steps of 0.5 only for a bar beyond that, so that it changes in
    jumps, not every frame, and outputs near 0 (a trained net's -0.02) keep the 0…1 view."""
    if probabilities:
        return (0.0, 1.0)
    finite = values[np.isfinite(values)]
    low = float(finite.min()) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 1.0
    # Outputs far beyond the targets (a diverging run) are clipped at ±1e6 by the range.
    low, high = max(low, -1e6), min(high, 1e6)
    low = 0.0 if low >= -MARGIN else float(np.floor(low * 2)) / 2
    high = 1.0 if high <= 1 + MARGIN else float(np.ceil(high * 2)) / 2
    return (low - MARGIN, high + MARGIN)


class ImagePanel(QtWidgets.QWidget):
    """Test images, the chosen sample's f_K as bars, and the confusion matrix."""

    sampleClicked = QtCore.Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        # The images across the top; below them the sample's bars beside the confusion matrix
        # (side by side they would squeeze the bars to a sliver in a 1024-wide window).
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid_box = QtWidgets.QWidget()
        self.grid = QtWidgets.QGridLayout(grid_box)
        self.grid.setSpacing(2)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QtWidgets.QToolButton] = []
        for n in range(COLUMNS * ROWS):
            button = QtWidgets.QToolButton()
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QtCore.QSize(ICON, ICON))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, n=n: self._clicked(n))
            self.grid.addWidget(button, n // COLUMNS, n % COLUMNS)
            self.buttons.append(button)
        layout.addWidget(grid_box)
        below = QtWidgets.QHBoxLayout()
        right = QtWidgets.QVBoxLayout()
        self.bars = pg.PlotWidget(background=theme.BACKGROUND, enableMenu=False)
        self.bars.setMouseEnabled(False, False)
        self.bars.hideButtons()
        for axis in ("bottom", "left"):
            self.bars.getAxis(axis).setTextPen(theme.TEXT)
            # Cached: the axes change only when the range below jumps. Repainted with the bars
            # a few times a second, they took 3-4 ms of the GUI thread each time (make bench,
            # section 2, digits).
            self.bars.getAxis(axis).setCacheMode(
                QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
            )
        # The y range is set by bar_range, never by auto-range: auto-range followed the new
        # heights on every frame and re-laid out the left axis each time.
        self.bars.setXRange(-0.6, 9.6, padding=0)
        self.bars.disableAutoRange()
        self._bar_range: tuple[float, float] | None = None
        self.bar_item = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.bars.addItem(self.bar_item)
        self.bars_title = QtWidgets.QLabel()
        self.bars_title.setWordWrap(True)
        self.bars_title.setStyleSheet(f"font-size: {theme.pt(11)};")
        right.addWidget(self.bars_title)
        right.addWidget(self.bars, 1)
        below.addLayout(right, 1)
        self.confusion = Heatmap(tr("confusion: true ↓ predicted →"))
        # Counts need no norm, min and max: the room goes to the matrix (a tooltip gives each
        # cell's count), and the title is a caption's size, as the bars' is.
        self.confusion.stats_box.hide()
        self.confusion.title.setStyleSheet(f"font-size: {theme.pt(11)};")
        below.addWidget(self.confusion, 1)
        layout.addLayout(below, 1)
        self._rows: list[int] = []  # the data set row each button shows
        self._capacity = len(self.buttons)  # buttons in the rows that fit (_fit_rows)
        self._last: tuple | None = None  # the last show_report arguments, to redo on resize
        self._icons: dict[int, QtGui.QIcon] = {}
        self._dataset: Dataset | None = None

    def set_dataset(self, dataset: Dataset):
        self._dataset = dataset
        self._icons.clear()
        for button in self.buttons:
            button.setProperty("row", None)  # row numbers of the old data set: draw anew
        names = dataset.class_names or [str(c) for c in range(dataset.n_outputs)]
        self.bars.getAxis("bottom").setTicks([list(enumerate(names))])

    def show_report(
        self, report: ClassReport, sample: int, output: np.ndarray, probabilities: bool
    ):
        """The report's test images (mistakes first), `sample` marked; `output` f_K of it
        (logits turned into probabilities when `probabilities`)."""
        for _ in self.report_steps(report, sample, output, probabilities):
            pass

    def report_steps(
        self, report: ClassReport, sample: int, output: np.ndarray, probabilities: bool
    ):
        """show_report in steps, a generator (see explorer.window.refresh): the images,
        BUTTONS_PER_STEP at a time, the bars, the confusion matrix."""
        dataset = self._dataset
        if dataset is None:
            return
        self._last = (report, sample, output, probabilities)
        names = dataset.class_names or [str(c) for c in range(dataset.n_outputs)]
        wrong = np.flatnonzero(report.predicted != report.labels)
        right = np.flatnonzero(report.predicted == report.labels)
        n = self._capacity
        chosen = np.concatenate([wrong[: n // 2], right])[:n]
        if len(chosen) < n:
            chosen = np.concatenate([wrong, right])[:n]
        self._rows = [int(report.rows[k]) for k in chosen]
        for n, (button, k) in enumerate(zip(self.buttons, chosen, strict=False)):
            if n and n % BUTTONS_PER_STEP == 0:
                yield  # new icons and style sheets cost 0.3 ms a button when mistakes change
            row = int(report.rows[k])
            if button.property("row") != row:
                # Only when the image changes: setIcon asks for a new layout, which climbs
                # to the main window (see explorer.views.steady), 24 times a frame.
                icon = self._icons.get(row)
                if icon is None:
                    icon = self._icons[row] = image_icon(dataset.image(row))
                button.setIcon(icon)
                button.setProperty("row", row)
            true, guess = names[report.labels[k]], names[report.predicted[k]]
            mistake = report.labels[k] != report.predicted[k]
            border = (
                theme.SELECTED if row == sample else (theme.ERROR if mistake else "transparent")
            )
            colour = theme.ERROR if mistake else theme.TEXT
            look = (f"{true}→{guess}", f"color: {colour}; border: 2px solid {border};")
            if button.property("look") != look:  # a style sheet re-polishes: only on change
                button.setProperty("look", look)
                button.setText(look[0])
                button.setStyleSheet(look[1])
                button.setToolTip(
                    tr("sample #{0}: true class {1}, predicted {2}").format(row, true, guess)
                )
            button.setVisible(True)
        for button in self.buttons[len(chosen) :]:
            button.setVisible(False)
        yield
        values = softmax(output[None])[0] if probabilities else output
        true_class = int(dataset.labels()[sample])
        guess = int(np.argmax(values))
        # Green: the true class; the theme's highlight: a wrong guess; grey: the rest.
        brushes = [
            theme.OK if c == true_class else (theme.SELECTED if c == guess else theme.MUTED)
            for c in range(len(values))
        ]
        self.bar_item.setOpts(x=np.arange(len(values)), height=values, brushes=brushes)
        y_range = bar_range(values, probabilities)
        if y_range != self._bar_range:
            self._bar_range = y_range
            self.bars.setRange(xRange=(-0.6, len(values) - 0.4), yRange=y_range, padding=0)
        what = tr("probabilities") if probabilities else tr("outputs f<sub>K</sub>")
        title = tr("sample #{0} (class {1}): {2}").format(sample, names[true_class], what)
        if title != self.bars_title.text():  # setText re-lays out, even for the same text
            self.bars_title.setText(title)
        yield
        self.confusion.set_matrix(report.confusion.astype(float))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self):
        """As many rows of images as leave BELOW_MIN for the bars and the confusion matrix
        (at least one): a short panel (1024 × 768) shows fewer images, never cut ones."""
        button = self.buttons[0].sizeHint().height() + self.grid.spacing()
        rows = max(1, min(ROWS, (self.height() - BELOW_MIN) // max(button, 1)))
        if rows * COLUMNS != self._capacity:
            self._capacity = rows * COLUMNS
            for button in self.buttons[self._capacity :]:
                button.setVisible(False)
            if self._last is not None:
                self.show_report(*self._last)

    def _clicked(self, n: int):
        if n < len(self._rows):
            self.sampleClicked.emit(self._rows[n])
