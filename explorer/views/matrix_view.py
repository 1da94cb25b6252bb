"""Heatmaps of the selected factor and of the gradient it helps build.

Diverging colour map centred at 0 (symmetric levels), dark at zero so the structure of a
diagonal or sparse factor stands out; shape, min, max and norm beside every matrix; the
numbers themselves written in a cell only when their text, measured in the font it is drawn
with at the view's current scale, fits inside that cell (recomputed whenever the view is
resized or re-ranged); every cell has a tooltip with its row, column and exact value, and a
tooltip on show follows the values while they change (training). One cell can be outlined
(`mark_cell`): the entry of A_i or b_i being edited by hand.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.look import i18n, theme
from explorer.views.steady import SteadyBox

# Blue for positive, orange for negative, as TensorFlow Playground colours weights.
NEGATIVE_COLOUR, POSITIVE_COLOUR = "#ff9a3d", "#3d8bff"


def tr(text: str) -> str:
    return i18n.tr("Matrices", text)


def diverging_map() -> pg.ColorMap:
    """Orange (negative) through the theme's zero colour to blue (positive)."""
    return pg.ColorMap(
        [0.0, 0.5, 1.0], [NEGATIVE_COLOUR, theme.HEAT_ZERO, POSITIVE_COLOUR], name="diverging"
    )


MAX_NUMBERED_CELLS = 36
CELL_MARGIN = 4  # pixels kept free around a number inside its cell


def summary_parts(array: np.ndarray) -> list[str]:
    """['8×8   ‖·‖ = 2.1', 'min -0.41', 'max +0.93'] for a 1-D or 2-D array: short numbers,
    so the lines fit under a small heatmap."""
    shape = "×".join(map(str, array.shape))
    norm = _short(float(np.linalg.norm(array))).lstrip("+")
    return [f"{shape}   ‖·‖ = {norm}", f"min {_short(array.min())}", f"max {_short(array.max())}"]


def _short(value: float) -> str:
    """At most 7 characters, 3 significant digits where they fit: +0.996, -3.2e-4, +1.2e3."""
    for digits in (3, 2):
        text = f"{value:+.{digits}g}"
        if "e" not in text and len(text) <= 7:
            return text
    mantissa, exponent = f"{value:+.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def cell_text(value: float) -> str:
    """The number written in a cell: two significant digits."""
    return f"{value:.2g}"


def cell_tooltip(row: int, col: int, value: float) -> str:
    """A cell's tooltip: its place and its exact value."""
    return tr("row {0}, column {1}: {2}").format(row, col, repr(float(value)))


class Heatmap(QtWidgets.QWidget):
    """One matrix: a title in rich text, the picture, its statistics.

    `cellClicked(row, col)` when the user clicks a cell; `marked` is the outlined cell."""

    cellClicked = QtCore.Signal(int, int)

    def __init__(self, title: str = "", parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.title = QtWidgets.QLabel(title)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.title.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet(f"font-size: {theme.pt(15)};")
        self.title.setWordWrap(True)
        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setBackground(theme.BACKGROUND)
        self.view = self.plot.addViewBox(
            lockAspect=True, invertY=True, enableMouse=False, enableMenu=False
        )  # no menu built: 3 ms less per heatmap
        self.view.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(diverging_map())
        self.view.addItem(self.image)
        self.stats = QtWidgets.QLabel("")
        # Plain text: a rich-text label lays out a document on every paint (0.3-0.6 ms each,
        # three heatmaps a frame while training); lines are broken with newlines.
        self.stats.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.stats.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.stats.setStyleSheet(f"color: {theme.MUTED}; font-size: {theme.pt(11)};")
        self.stats_box = SteadyBox(self.stats, lines=3)  # new numbers never re-lay out
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.stats_box)
        self._cell_texts: list[pg.TextItem] = []
        self.marked: tuple[int, int] | None = None
        self._outline: QtWidgets.QGraphicsRectItem | None = None
        self._hover: tuple[QtCore.QPoint, QtCore.QPoint] | None = None  # tooltip's places
        self._shape: tuple[int, ...] | None = None
        self.array: np.ndarray | None = None
        # A resize or a re-range changes the cells' size on screen: number them again.
        self.view.sigResized.connect(self._renumber)
        self.view.sigRangeChanged.connect(self._renumber)
        self.plot.viewport().installEventFilter(self)  # tooltips: the cell under the mouse
        self.plot.scene().sigMouseClicked.connect(self._click)

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        """The (row, column) under a scene position, or None."""
        if self.array is None or not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view.mapSceneToView(scene_pos)
        row, col = int(np.floor(point.y())), int(np.floor(point.x()))
        rows, cols = self.array.shape
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def tooltip_at(self, row: int, col: int) -> str:
        return cell_tooltip(row, col, self.array[row, col])

    def hover_text(self, scene_pos) -> str:
        """The tooltip for a scene position: the cell's place and exact value, or ''."""
        cell = self.cell_at(scene_pos)
        return "" if cell is None else self.tooltip_at(*cell)

    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.Type.ToolTip and watched is self.plot.viewport():
            text = self.hover_text(self.plot.mapToScene(event.pos()))
            if text:
                QtWidgets.QToolTip.showText(event.globalPos(), text, self.plot)
                self._hover = (event.pos(), event.globalPos())
            else:
                QtWidgets.QToolTip.hideText()
                self._hover = None
            return True
        return super().eventFilter(watched, event)

    def _refresh_tooltip(self):
        """A tooltip of this heatmap on show gets the new value of its cell: hovering a cell
        while training reads the number as it changes, not the one under the mouse first."""
        if self._hover is None or not QtWidgets.QToolTip.isVisible():
            self._hover = None
            return
        pos, global_pos = self._hover
        text = self.hover_text(self.plot.mapToScene(pos))
        if text and text != QtWidgets.QToolTip.text():
            QtWidgets.QToolTip.showText(global_pos, text, self.plot)

    def mark_cell(self, cell: tuple[int, int] | None):
        """Outline cell (row, col), or none: the entry being edited by hand. A cosmetic pen in
        the text colour, which stands out on blue, orange and the zero colour alike."""
        self.marked = cell
        if cell is None:
            if self._outline is not None:
                self._outline.hide()
            return
        if self._outline is None:
            self._outline = QtWidgets.QGraphicsRectItem()
            pen = QtGui.QPen(QtGui.QColor(theme.TEXT), 3)
            pen.setCosmetic(True)  # 3 pixels at any zoom
            pen.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
            self._outline.setPen(pen)
            self._outline.setZValue(20)  # over the image and the numbers
            self.view.addItem(self._outline)
        row, col = cell
        self._outline.setRect(QtCore.QRectF(col, row, 1, 1))
        self._outline.show()

    def _click(self, event):
        cell = self.cell_at(event.scenePos())
        if cell is not None and event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.cellClicked.emit(*cell)

    def _renumber(self, *_):
        if self.array is not None:
            self._number_cells(self.array)

    def set_matrix(self, array: np.ndarray, title: str | None = None):
        array = np.atleast_2d(np.asarray(array, dtype=np.float64))
        self.array = array
        if title is not None and title != self.title.text():
            self.title.setText(title)
            self._fit_title()
        bound = float(np.max(np.abs(array))) if array.size else 0.0
        bound = bound if bound > 0 and np.isfinite(bound) else 1.0
        self.image.setImage(array, levels=(-bound, bound), autoLevels=False)
        if array.shape != self._shape:  # re-ranging re-lays out the view: only when needed
            self._shape = array.shape
            self.view.setRange(
                QtCore.QRectF(0, 0, array.shape[1], array.shape[0]),
                padding=0.02,
                disableAutoRange=True,
            )
        self._stats_parts = summary_parts(array)
        self._show_stats()
        self._number_cells(array)
        self._refresh_tooltip()

    def cell_pixels(self) -> tuple[float, float]:
        """The size of one cell on screen (width, height), in device-independent pixels."""
        size = self.view.viewPixelSize()  # data units per pixel, at the current scale
        if not size[0] or not size[1]:
            return 0.0, 0.0
        return 1.0 / size[0], 1.0 / size[1]

    # The widest the statistics get (shape aside): numbers are at most 7 characters.
    _WIDEST = "   ‖·‖ = 8.88e-88   min -8.8e-88   max -8.8e-88"

    def _show_stats(self):
        """One line where the heatmap is wide enough for the widest numbers, else three, else
        four (the shape apart from the norm): the choice depends on the width and the shape
        only, so new numbers never re-lay out."""
        parts = getattr(self, "_stats_parts", None)
        if not parts:
            return
        shape = parts[0].split("   ")[0]
        metrics, room = self.stats.fontMetrics(), self.stats.contentsRect().width() - 4
        if metrics.horizontalAdvance(shape + self._WIDEST) <= room:
            lines, text = 1, "   ".join(parts)
        elif metrics.horizontalAdvance(shape + "   ‖·‖ = 8.88e-88") <= room:
            lines, text = 3, "\n".join(parts)
        else:
            norm = parts[0].split("   ", 1)[1]
            lines, text = 4, "\n".join([shape, norm, *parts[1:]])
        self.stats_box.set_lines(lines)
        self.stats.setText(text)

    def _fit_title(self):
        # A wrapped title gets the height its lines need at this width (the plot gives it up);
        # a box layout inside a tab would otherwise squeeze the title's last line away.
        need = self.title.heightForWidth(max(self.title.width(), 1))
        if need > 0 and need != self.title.minimumHeight():
            self.title.setMinimumHeight(need)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_title()
        self._show_stats()

    def _number_cells(self, array):
        """Write each value in its cell where its text fits (measured with the text item's
        own font); reuse the text items."""
        width, height = self.cell_pixels()
        if array.size > MAX_NUMBERED_CELLS or height < 8:
            for item in self._cell_texts:
                item.hide()
            return
        while len(self._cell_texts) < array.size:
            text = pg.TextItem("", color=theme.TEXT, anchor=(0.5, 0.5))
            text.setFont(QtGui.QFont(self.font()))
            self.view.addItem(text)
            self._cell_texts.append(text)
        for item, ((r, c), value) in zip(self._cell_texts, np.ndenumerate(array), strict=False):
            text = cell_text(value)
            if item.textItem.toPlainText() != text:
                item.setText(text)
            # The text's own box (its font, its document margins) at the current scale.
            box = item.textItem.boundingRect()
            fits = box.width() + CELL_MARGIN <= width and box.height() <= height
            if fits:
                item.setPos(c + 0.5, r + 0.5)
            item.setVisible(fits)
        for item in self._cell_texts[array.size :]:
            item.hide()


class MatrixPanel(QtWidgets.QWidget):
    """The selected factor, and beside it the chain's product against backprop's gradient."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.factor = Heatmap(tr("Select a factor"))
        self.product = Heatmap(tr("chain product"))
        self.backprop = Heatmap(tr("backprop"))
        layout.addWidget(self.factor, 3)
        right = QtWidgets.QVBoxLayout()
        pair = QtWidgets.QHBoxLayout()
        pair.addWidget(self.product)
        pair.addWidget(self.backprop)
        right.addLayout(pair, 1)
        self.agreement = QtWidgets.QLabel("")
        self.verdict: bool | None = None  # the last verdict shown (tests read it)
        self.agreement.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.agreement.setStyleSheet(f"font-size: {theme.pt(12)};")
        self.agreement.setWordWrap(True)
        # Three lines: verdict, what it compares, which step; new text never re-lays out. A
        # narrow column (a 1,100 px window with the side panel) gets a fourth line for the
        # widest text it may show, instead of losing the step under the box's edge.
        self.agreement_box = SteadyBox(self.agreement, lines=3, fit=True, min_lines=3)
        right.addWidget(self.agreement_box)
        layout.addLayout(right, 4)

    def show_factor(self, array: np.ndarray, title_html: str):
        self.factor.set_matrix(array, title_html)

    def show_gradients(
        self,
        theta: int,
        product: np.ndarray,
        backprop: np.ndarray,
        difference: float,
        equal: bool,
        step: str,
        loss_html: str = "L = ‖y − f<sub>K</sub>‖²",
    ):
        """The chain's product and backprop's ∂L/∂Aᵢ, both of the parameters after `step`
        steps, with their max relative difference and the verdict computed from them."""
        symbol = i18n.unbroken(f"∂L/∂A<sub>{theta}</sub>")
        self.product.set_matrix(product, tr("chain product {0}").format(symbol))
        self.backprop.set_matrix(backprop, tr("backprop {0}").format(symbol))
        colour = theme.OK if equal else theme.ERROR
        verdict = tr("✔ equal") if equal else tr("✘ differ")
        self.agreement.setText(_agreement(verdict, colour, f"{difference:.1e}", loss_html, step))
        # Its lines: for the widest verdict, number and step it may show with this loss.
        widest = max(tr("✔ equal"), tr("✘ differ"), key=len)
        self.agreement_box.fit_lines(
            _agreement(widest, colour, "8.8e-88", loss_html, i18n.integer(10_000_000))
        )
        self.verdict = equal


def _agreement(verdict: str, colour: str, difference: str, loss_html: str, step: str) -> str:
    """The line under the gradients: the verdict, what it compares, and at which step."""
    return (
        f"<span style='color:{colour}'>{verdict}</span>: "
        + i18n.unbroken(tr("max relative difference {0} (one sample, {1})")).format(
            difference, i18n.unbroken(loss_html)
        )
        + " · "
        + tr("both at step {0}").format(step)
    )
