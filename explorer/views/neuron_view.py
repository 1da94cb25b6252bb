"""The neuron view: each f_k drawn as its n_k neurons, each entry of A_i as an edge coloured by
its sign and as thick as its magnitude (as TensorFlow Playground draws them), neurons filled by
their activation for the chosen sample. Click a weight a_pq to light every path from it to L;
click a neuron j of f_k (k >= 1) to choose its bias b_{k-1}[j] (theta_i feeds f_{i+1}), which
lights the neuron, framed, and every path from it to L.

Layers wider than MAX_SHOWN neurons are collapsed: their first and last neurons are drawn with
a '⋮' between, and only the drawn neurons' weights.

Hovering a weight or a neuron asks `tooltip_provider` for its text at that moment, so the
values are those of the parameters on display even while training. Dragging the selected
weight (or the chosen bias's neuron) up or down asks for a new value (`weightDragged`,
`biasDragged`): the window sets it in the model.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from core.network import Network
from core.notation import subscript
from explorer.look import i18n, theme
from explorer.views.clicks import ClickableView
from explorer.views.matrix_view import NEGATIVE_COLOUR, POSITIVE_COLOUR, diverging_map

MAX_SHOWN = 32
COLUMN = 230.0
ROW = 34.0
RADIUS = 11.0
THUMB = 28.0  # scene size of a neuron's thumbnail (a square centred on the neuron)
POSITIVE = QtGui.QColor(POSITIVE_COLOUR)
NEGATIVE = QtGui.QColor(NEGATIVE_COLOUR)


def tr(text: str) -> str:
    return i18n.tr("NeuronView", text)


def colour_table() -> np.ndarray:
    """The prediction panel's diverging colour map as 256 RGBA bytes (for the theme now)."""
    return diverging_map().getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.uint8)


def thumbnail_image(
    values: np.ndarray, flip: bool = True, table: np.ndarray | None = None
) -> QtGui.QImage:
    """A 2-D array as an image on the prediction panel's colour scale (diverging, levels
    symmetric about 0 at the array's largest |value|). flip: row 0 is the bottom (y up)."""
    values = np.asarray(values, dtype=np.float64)
    table = colour_table() if table is None else table
    bound = float(np.max(np.abs(values))) if values.size else 0.0
    bound = bound if bound > 0 and np.isfinite(bound) else 1.0
    scaled = np.nan_to_num(values / bound * 0.5 + 0.5, nan=0.5)
    index = np.clip(np.rint(scaled * 255), 0, 255).astype(np.intp)
    if flip:
        index = index[::-1]
    rgba = np.ascontiguousarray(table[index])
    h, w = index.shape
    image = QtGui.QImage(rgba.data, w, h, 4 * w, QtGui.QImage.Format.Format_RGBA8888)
    return image.copy()  # owns its pixels: rgba may go


def shown_neurons(n: int) -> list[int]:
    """The neuron indices drawn for a layer of width n."""
    if n <= MAX_SHOWN:
        return list(range(n))
    half = MAX_SHOWN // 2
    return list(range(half)) + list(range(n - half, n))


class WeightItem(QtWidgets.QGraphicsLineItem):
    def __init__(self, theta: int, p: int, q: int, line: QtCore.QLineF):
        super().__init__(line)
        self.theta, self.p, self.q = theta, p, q
        self.lit = False

    def shape(self):
        stroker = QtGui.QPainterPathStroker()
        stroker.setWidth(10)
        path = QtGui.QPainterPath(self.line().p1())
        path.lineTo(self.line().p2())
        return stroker.createStroke(path)


DRAG_PIXELS = 100.0  # a vertical drag this long changes a weight by its layer's largest |a|


class NeuronView(ClickableView):
    weightClicked = QtCore.Signal(int, int, int)  # theta, p, q
    # theta, p, q, the value the drag asks for, and whether the drag ended (one undo step)
    weightDragged = QtCore.Signal(int, int, int, float, bool)
    # theta, j: b_theta[j], the bias of neuron j of f_{theta+1}
    biasClicked = QtCore.Signal(int, int)
    biasDragged = QtCore.Signal(int, int, float, bool)  # theta, j, value, the drag ended

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(theme.colour(theme.BACKGROUND))
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.neurons: dict[tuple[int, int], QtWidgets.QGraphicsEllipseItem] = {}
        self.weights: dict[tuple[int, int, int], WeightItem] = {}
        self.sizes: tuple[int, ...] = ()
        # The lit entry: (i, "A", p, q) for weight a_pq of A_i, (i, "b", j, 0) for b_i[j].
        self.selected: tuple[int, str, int, int] | None = None
        self.marker: QtWidgets.QGraphicsRectItem | None = None  # frames the chosen bias's neuron
        # (kind, key) -> tooltip text, asked on hover: kind "weight" (i, p, q), "neuron" (k, j)
        self.tooltip_provider: Callable[[str, tuple], str] | None = None
        self._values: list[np.ndarray] = []  # A of the parameters last drawn
        self._biases: list[np.ndarray] = []  # b of the parameters last drawn, flat
        self._drag: tuple[tuple[int, str, int, int], float, float, float] | None = None
        self.thumbnails: dict[tuple[int, int], QtWidgets.QGraphicsPixmapItem] = {}
        self._hover: tuple[QtCore.QPoint, QtCore.QPoint] | None = None  # tooltip's places

    # -- building ----------------------------------------------------------------------------

    def set_sizes(self, sizes: tuple[int, ...]):
        scene = self.scene()
        scene.clear()
        self.neurons.clear()
        self.weights.clear()
        self.thumbnails.clear()
        self.sizes = tuple(sizes)
        self.selected = None
        self.marker = None  # scene.clear() deleted it
        positions = {}
        tallest = max(len(shown_neurons(n)) for n in sizes)
        label_font = theme.math_font(18)
        for k, n in enumerate(sizes):
            shown = shown_neurons(n)
            top = -(len(shown) - 1) * ROW / 2
            for row, j in enumerate(shown):
                y = top + row * ROW + (ROW * 0.6 if n > MAX_SHOWN and row >= len(shown) // 2 else 0)
                positions[(k, j)] = QtCore.QPointF(k * COLUMN, y)
            label = scene.addText("x = f₀" if k == 0 else f"f{subscript(k)}", label_font)
            label.setDefaultTextColor(theme.colour(theme.TEXT))
            rect = label.boundingRect()
            label.setPos(k * COLUMN - rect.width() / 2, -(tallest + 1) * ROW / 2 - rect.height())
            if n > MAX_SHOWN:
                more = tr("⋮ {0} more").format(n - MAX_SHOWN)
                dots = scene.addText(more, theme.math_font(11, italic=False))
                dots.setDefaultTextColor(theme.colour(theme.MUTED))
                middle = top + (len(shown) // 2) * ROW - ROW * 0.35
                dots.setPos(k * COLUMN + RADIUS + 2, middle - 10)
        for i in range(len(sizes) - 1):
            for p in shown_neurons(sizes[i + 1]):
                for q in shown_neurons(sizes[i]):
                    item = WeightItem(
                        i, p, q, QtCore.QLineF(positions[(i, q)], positions[(i + 1, p)])
                    )
                    item.setZValue(1)
                    scene.addItem(item)
                    self.weights[(i, p, q)] = item
        for (k, j), centre in positions.items():
            circle = scene.addEllipse(
                QtCore.QRectF(centre.x() - RADIUS, centre.y() - RADIUS, 2 * RADIUS, 2 * RADIUS),
                QtGui.QPen(theme.colour(theme.NODE_BORDER), 1.5),
            )
            circle.setZValue(2)
            circle.setToolTip(tr("neuron {0} of f{1}").format(j, subscript(k)))
            self.neurons[(k, j)] = circle
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -30, 40, 30))
        self.fit()

    def fit(self):
        self.fitInView(self.scene().sceneRect(), QtCore.Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit()

    # -- values ------------------------------------------------------------------------------

    def update_values(self, network: Network, x: np.ndarray):
        """Colour the weights by A and fill the neurons by f_k for sample x."""
        with np.errstate(all="ignore"):
            fs = network.forward(x).fs
        for k, f in enumerate(fs):
            values = f[0]
            scale = max(float(np.max(np.abs(values))), 1e-12)
            for j in shown_neurons(values.size):
                self.neurons[(k, j)].setBrush(_fill(values[j] / scale))
        self._values = [A.copy() for A in network.A]
        self._biases = [b.reshape(-1).copy() for b in network.b]
        self._refresh_tooltip()
        for i, A in enumerate(network.A):
            scale = max(float(np.max(np.abs(A))), 1e-12)
            for p in shown_neurons(A.shape[0]):
                for q in shown_neurons(A.shape[1]):
                    item = self.weights[(i, p, q)]
                    a = A[p, q]
                    colour = QtGui.QColor(POSITIVE if a >= 0 else NEGATIVE)
                    width = 0.6 + 5.0 * abs(a) / scale
                    if self.selected is not None and not item.lit:
                        colour.setAlpha(45)
                    elif item.lit:
                        width += 2.5
                    pen = QtGui.QPen(colour, width)
                    pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
                    item.setPen(pen)

    def set_thumbnails(self, images: dict[tuple[int, int], np.ndarray], flip: bool = True):
        """Draw each neuron (k, j) in `images` as its picture (a square on the prediction's
        colour scale, over the neuron's disc); neurons not in `images` lose theirs."""
        for key in list(self.thumbnails):
            if key not in images:
                self.scene().removeItem(self.thumbnails.pop(key))
        table = colour_table()
        for key, values in images.items():
            circle = self.neurons.get(key)
            if circle is None:
                continue
            pixmap = QtGui.QPixmap.fromImage(thumbnail_image(values, flip, table))
            item = self.thumbnails.get(key)
            if item is None:
                item = QtWidgets.QGraphicsPixmapItem()
                item.setTransformationMode(QtCore.Qt.TransformationMode.FastTransformation)
                item.setZValue(3.5)  # over the disc and the lit weights: hover finds it first
                self.scene().addItem(item)
                self.thumbnails[key] = item
            item.setPixmap(pixmap)
            centre = circle.rect().center()
            item.setScale(THUMB / max(pixmap.width(), pixmap.height()))
            item.setPos(centre.x() - THUMB / 2, centre.y() - THUMB / 2)

    def highlight_paths(self, theta: int | None, p: int | None = None, q: int | None = None):
        """Light weight a_pq of A_theta and every weight on a path from it to L."""
        self.highlight_entry(None if theta is None else (theta, "A", p, q))

    def highlight_entry(self, entry: tuple[int, str, int, int] | None):
        """Light the chosen entry and every weight on a path from it to L: weight a_pq of A_i
        for (i, "A", p, q); for a bias (i, "b", j, 0), neuron j of f_{i+1} (framed), whose
        paths are those of every weight into it minus that weight itself."""
        self.selected = None if entry is None else tuple(entry)
        theta, kind, p, q = self.selected or (None, None, None, None)
        for (i, row, col), item in self.weights.items():
            if theta is None:
                item.lit = False
            elif i == theta:
                item.lit = kind == "A" and (row, col) == (p, q)
            elif i == theta + 1:
                item.lit = col == p  # leaves neuron p of f_{theta+1}
            else:
                item.lit = i > theta + 1  # every later weight lies on some path
            item.setZValue(3 if item.lit else 1)
        circle = self.neurons.get((theta + 1, p)) if kind == "b" else None
        if circle is None:
            if self.marker is not None:
                self.marker.hide()
            return
        if self.marker is None:
            self.marker = self.scene().addRect(QtCore.QRectF())
            self.marker.setZValue(3.6)  # over the neuron's thumbnail
            self.marker.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)
        # A square just outside the thumbnail's (the picture stays whole inside it) and inside
        # the gap to the next neuron's (ROW - THUMB = 6 scene units); 3 pixels at any zoom,
        # since a lecture's window often shows the whole network small.
        r = THUMB / 2 + 2.5
        centre = circle.rect().center()
        self.marker.setRect(QtCore.QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r))
        pen = QtGui.QPen(theme.colour(theme.SELECTED), 3.0)
        pen.setCosmetic(True)
        self.marker.setPen(pen)
        self.marker.show()

    # -- hover, drag, clicks -------------------------------------------------------------------

    def viewportEvent(self, event):
        if event.type() == QtCore.QEvent.Type.ToolTip and self.tooltip_provider:
            text = self._hover_text(event.pos())
            if text:
                QtWidgets.QToolTip.showText(event.globalPos(), text, self)
                self._hover = (event.pos(), event.globalPos())
            else:
                QtWidgets.QToolTip.hideText()
                self._hover = None
            return True
        return super().viewportEvent(event)

    def _hover_text(self, pos) -> str:
        for item in self.items(pos):
            key = self._key_of(item)
            if key is not None:
                return self.tooltip_provider(*key)
        return ""

    def _refresh_tooltip(self):
        """A tooltip on show gets the new values (training moves them under the mouse)."""
        if self._hover is None or not QtWidgets.QToolTip.isVisible() or not self.tooltip_provider:
            self._hover = None
            return
        pos, global_pos = self._hover
        text = self._hover_text(pos)
        if text and text != QtWidgets.QToolTip.text():
            QtWidgets.QToolTip.showText(global_pos, text, self)

    def _key_of(self, item):
        if isinstance(item, WeightItem):
            return "weight", (item.theta, item.p, item.q)
        for key, thumbnail in self.thumbnails.items():
            if thumbnail is item:
                return "neuron", key
        for key, circle in self.neurons.items():
            if circle is item:
                return "neuron", key
        return None

    def neuron_viewport_pos(self, k: int, j: int) -> QtCore.QPoint:
        """The viewport point at the centre of neuron j of f_k (its disc or its picture)."""
        return self.mapFromScene(self.neurons[(k, j)].rect().center())

    def weight_viewport_pos(self, theta: int, p: int, q: int) -> QtCore.QPoint:
        """A viewport point on weight a_pq of A_theta where no other weight is drawn (the
        middle of its line when every point is shared)."""
        item = self.weights[(theta, p, q)]
        for t in np.linspace(0.15, 0.85, 29):
            pos = self.mapFromScene(item.line().pointAt(float(t)))
            if [i for i in self.items(pos) if isinstance(i, WeightItem)] == [item]:
                return pos
        return self.mapFromScene(item.line().center())

    def _neuron_at(self, pos) -> tuple[int, int] | None:
        """The neuron (k, j) drawn topmost at viewport position `pos` (its disc or its
        picture), or None when a weight or nothing is there."""
        for item in self.items(pos):
            key = self._key_of(item)
            if key is not None:
                return key[1] if key[0] == "neuron" else None
        return None

    def mousePressEvent(self, event):
        pos = event.position().toPoint()
        if self.selected is not None and event.button() == QtCore.Qt.MouseButton.LeftButton:
            i, kind, p, q = self.selected
            if kind == "A" and i < len(self._values):
                for item in self.items(pos):
                    if isinstance(item, WeightItem) and (item.theta, item.p, item.q) == (i, p, q):
                        A = self._values[i]
                        step = max(float(np.max(np.abs(A))), 1e-3) / DRAG_PIXELS
                        self._drag = (self.selected, float(A[p, q]), pos.y(), step)
                        return  # a drag of the selected weight, not a pan
            elif kind == "b" and i < len(self._biases) and self._neuron_at(pos) == (i + 1, p):
                # The layer's weights set the scale as well: biases often start at 0.
                A, b = self._values[i], self._biases[i]
                largest = max(float(np.max(np.abs(A))), float(np.max(np.abs(b))), 1e-3)
                self._drag = (self.selected, float(b[p]), pos.y(), largest / DRAG_PIXELS)
                return  # a drag of the chosen bias
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._drag is None:
            super().mouseMoveEvent(event)
            return
        entry, start, y, step = self._drag
        self._emit_drag(entry, start + (y - event.position().y()) * step, False)  # up: larger

    def mouseReleaseEvent(self, event):
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        entry, start, y, step = self._drag
        self._drag = None
        moved = y - event.position().y()
        if moved:
            self._emit_drag(entry, start + moved * step, True)

    def _emit_drag(self, entry, value: float, done: bool):
        i, kind, p, q = entry
        if kind == "A":
            self.weightDragged.emit(i, p, q, value, done)
        else:
            self.biasDragged.emit(i, p, value, done)

    def clicked(self, pos):
        for item in self.items(pos):
            if isinstance(item, WeightItem):
                self.weightClicked.emit(item.theta, item.p, item.q)
                return
            key = self._key_of(item)
            if key is not None:
                k, j = key[1]
                if k >= 1:  # f_0 = x has no bias
                    self.biasClicked.emit(k - 1, j)
                return


def _fill(value: float) -> QtGui.QColor:
    """-1 .. 1 -> orange .. dark .. blue, as the heatmaps."""
    base = QtGui.QColor(theme.NODE_FILL)
    target = POSITIVE if value >= 0 else NEGATIVE
    t = min(abs(value), 1.0)
    return QtGui.QColor(
        round(base.red() + (target.red() - base.red()) * t),
        round(base.green() + (target.green() - base.green()) * t),
        round(base.blue() + (target.blue() - base.blue()) * t),
    )
