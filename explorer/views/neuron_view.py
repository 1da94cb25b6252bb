"""The neuron view: each f_k drawn as its n_k neurons, each entry of A_i as an edge coloured by
its sign and as thick as its magnitude (as TensorFlow Playground draws them), neurons filled by
their activation for the chosen sample. Click a weight a_pq to light every path from it to L;
click a neuron j of f_k (k >= 1) to choose its bias, entry j of b_{k-1}, and light its paths.

Layers wider than MAX_SHOWN neurons are collapsed: their first and last neurons are drawn with
a '⋮' between, and only the drawn neurons' weights (64 image pixels: 16 drawn, 256 weights to
a 16-neuron layer instead of 1,024).

All weights are one graphics item (WeightLayer) that draws them grouped by pen: a few dozen
drawLines calls a frame instead of one item and one setPen per weight, which with 300 weights
cost 15 ms of the GUI thread while training (make bench, section 2). Clicks and hovers find
the nearest weight by distance.

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

MAX_SHOWN = 16
MIN_SHOWN = 10  # the presets' layers and ten classes, whole at any size
MIN_ROW_PIXELS = 17  # on screen: a smaller view shows fewer neurons, not smaller ones
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


def thumbnail_rgba(stack: np.ndarray, flip: bool = True, table: np.ndarray | None = None):
    """Arrays (n, h, w) as n images (n, h, w, 4) RGBA bytes on the prediction panel's colour
    scale (diverging, each array's levels symmetric about 0 at its largest |value|). flip: row
    0 is the bottom (y up). All at once: per neuron, this was 7 ms a frame while training."""
    stack = np.asarray(stack, dtype=np.float64)
    table = colour_table() if table is None else table
    with np.errstate(invalid="ignore"):
        bound = np.max(np.abs(stack), axis=(1, 2), keepdims=True) if stack.size else stack
    bound = np.where((bound > 0) & np.isfinite(bound), bound, 1.0)
    with np.errstate(invalid="ignore"):
        scaled = np.nan_to_num(stack / bound * 0.5 + 0.5, nan=0.5)
    index = np.clip(np.rint(scaled * 255), 0, 255).astype(np.intp)
    if flip:
        index = index[:, ::-1]
    return np.ascontiguousarray(table[index])


def rgba_image(rgba: np.ndarray) -> QtGui.QImage:
    """(h, w, 4) RGBA bytes as a QImage that owns its pixels."""
    rgba = np.ascontiguousarray(rgba)
    h, w = rgba.shape[:2]
    image = QtGui.QImage(rgba.data, w, h, 4 * w, QtGui.QImage.Format.Format_RGBA8888)
    return image.copy()  # owns its pixels: rgba may go


def thumbnail_image(
    values: np.ndarray, flip: bool = True, table: np.ndarray | None = None
) -> QtGui.QImage:
    """One 2-D array as an image on the prediction panel's colour scale (thumbnail_rgba)."""
    return rgba_image(thumbnail_rgba(np.asarray(values)[None], flip, table)[0])


def shown_neurons(n: int, limit: int = MAX_SHOWN) -> list[int]:
    """The neuron indices drawn for a layer of width n: all, or the first and last limit/2."""
    if n <= limit:
        return list(range(n))
    half = limit // 2
    return list(range(half)) + list(range(n - half, n))


def row_limit(viewport_height: float) -> int:
    """How many neurons a column shows in a view this many pixels high: rows of at least
    MIN_ROW_PIXELS (a thumbnail of 14 px or more), an even number from MIN_SHOWN (layers that
    narrow are always whole) to MAX_SHOWN."""
    rows = int(max(viewport_height - 40, 0) // MIN_ROW_PIXELS) - 1  # the labels, the '⋮'
    return max(MIN_SHOWN, min(MAX_SHOWN, rows - rows % 2))


HIT_PIXELS = 6.0  # a click or hover this close to a weight's line is on it
WIDTH_STEP = 0.25  # line widths are drawn in steps of this (scene units), to group the pens


class WeightLayer(QtWidgets.QGraphicsItem):
    """Every drawn weight as one item. keys (E, 3): (i, p, q) of each line from neuron q of
    f_i to neuron p of f_{i+1}; style() sets each line's width, sign and lit state."""

    def __init__(self):
        super().__init__()
        # Cached as a pixmap: while training the neurons' colours change every frame and the
        # lines' pens only now and then (see style), and each repaint of the view drew the
        # ~300 wide lines again (2-3 ms of a frame; make bench, section 2).
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.keys = np.zeros((0, 3), dtype=np.intp)
        self._p1 = np.zeros((0, 2))
        self._p2 = np.zeros((0, 2))
        self._lines: list[QtCore.QLineF] = []
        self._rect = QtCore.QRectF()
        self._groups: list[tuple[QtGui.QPen, list[QtCore.QLineF]]] = []
        self._codes: np.ndarray | None = None  # each line's pen, as last drawn

    def set_lines(self, keys: np.ndarray, p1: np.ndarray, p2: np.ndarray):
        """keys (E, 3), the lines' ends p1 and p2 (E, 2) in scene coordinates."""
        self.prepareGeometryChange()
        self.keys, self._p1, self._p2 = keys, p1, p2
        self._lines = [QtCore.QLineF(*a, *b) for a, b in zip(p1.tolist(), p2.tolist(), strict=True)]
        if len(keys):
            low = np.minimum(p1.min(axis=0), p2.min(axis=0))
            high = np.maximum(p1.max(axis=0), p2.max(axis=0))
            pad = 6.0  # the widest pen's half width, and its round cap
            self._rect = QtCore.QRectF(
                low[0] - pad, low[1] - pad, high[0] - low[0] + 2 * pad, high[1] - low[1] + 2 * pad
            )
        else:
            self._rect = QtCore.QRectF()
        self._groups, self._codes = [], None

    def style(self, widths: np.ndarray, positive: np.ndarray, state: np.ndarray):
        """Per line: width (scene units), sign, and state 0 dimmed, 1 plain, 2 lit. Lines of
        the same pen are drawn together; lit ones last, over the others."""
        buckets = np.rint(np.asarray(widths) / WIDTH_STEP).astype(np.intp)
        codes = (np.asarray(state, dtype=np.intp) * 2 + np.asarray(positive, dtype=np.intp)) * (
            1 << 20
        ) + buckets
        if self._codes is not None and np.array_equal(codes, self._codes):
            return  # every line keeps its pen: nothing to redraw (most frames while training)
        self._codes = codes
        groups = []
        order = np.argsort(codes, kind="stable")
        values, starts = np.unique(codes[order], return_index=True)
        for code, begin, stop in zip(
            values.tolist(), starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True
        ):
            state_sign, bucket = divmod(code, 1 << 20)
            lit_state, sign = divmod(state_sign, 2)
            colour = QtGui.QColor(POSITIVE if sign else NEGATIVE)
            if lit_state == 0:
                colour.setAlpha(45)
            pen = QtGui.QPen(colour, bucket * WIDTH_STEP)
            # Flat caps: the ends are under the neurons' discs, and round caps made the
            # weights 4x slower to paint (7 ms against 1.7 for 300 lines).
            pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
            groups.append((pen, [self._lines[k] for k in order[begin:stop].tolist()]))
        self._groups = groups
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, painter, option, widget=None):
        for pen, lines in self._groups:
            painter.setPen(pen)
            painter.drawLines(lines)

    def nearest(self, point: QtCore.QPointF, tolerance: float) -> int | None:
        """Index of the line nearest `point` (scene coordinates) within `tolerance`, or None."""
        if not len(self.keys):
            return None
        q = np.array([point.x(), point.y()])
        d = self._p2 - self._p1
        t = np.clip(
            np.einsum("ij,ij->i", q - self._p1, d) / np.maximum((d * d).sum(1), 1e-12), 0, 1
        )
        gap = np.hypot(*(self._p1 + t[:, None] * d - q).T)
        k = int(np.argmin(gap))
        return k if gap[k] <= tolerance else None

    def index(self, key: tuple[int, int, int]) -> int | None:
        hits = np.flatnonzero((self.keys == np.asarray(key)).all(axis=1))
        return int(hits[0]) if len(hits) else None

    def line(self, k: int) -> QtCore.QLineF:
        return self._lines[k]


class ThumbnailLayer(QtWidgets.QGraphicsItem):
    """Every neuron's thumbnail as one item: one atlas image of all the pictures, each drawn
    into its neuron's square. One image a frame instead of a pixmap item per neuron."""

    def __init__(self):
        super().__init__()
        self.setZValue(3.5)  # over the discs and the weights
        self.targets: dict[tuple[int, int], QtCore.QRectF] = {}  # scene squares, by neuron
        self._sources: dict[tuple[int, int], QtCore.QRectF] = {}  # their pictures in the atlas
        self._atlas = QtGui.QImage()
        self._rect = QtCore.QRectF()

    def set_images(self, targets: dict[tuple[int, int], QtCore.QRectF], rgba: np.ndarray):
        """rgba (n, h, w, 4): the pictures of the n neurons of `targets`, in its order."""
        if targets.keys() != self.targets.keys():
            self.prepareGeometryChange()
            rect = QtCore.QRectF()
            for target in targets.values():
                rect = rect.united(target)
            self._rect = rect
        self.targets = dict(targets)
        n, h, w = rgba.shape[:3]
        self._atlas = rgba_image(rgba.reshape(n * h, w, 4))
        self._sources = {key: QtCore.QRectF(0, k * h, w, h) for k, key in enumerate(targets)}
        self.update()

    def clear(self):
        self.set_images({}, np.zeros((0, 1, 1, 4), dtype=np.uint8))

    def image(self, key: tuple[int, int]) -> QtGui.QImage:
        """The picture drawn for neuron `key` (tests)."""
        return self._atlas.copy(self._sources[key].toRect())

    def key_at(self, point: QtCore.QPointF) -> tuple[int, int] | None:
        for key, target in self.targets.items():
            if target.contains(point):
                return key
        return None

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, painter, option, widget=None):
        painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
        for key, target in self.targets.items():  # nearest neighbour: pixels as pixels
            painter.drawImage(target, self._atlas, self._sources[key])


DRAG_PIXELS = 100.0  # a vertical drag this long changes a weight by its layer's largest |a|


class NeuronView(ClickableView):
    weightClicked = QtCore.Signal(int, int, int)  # theta, p, q
    # theta, p, q, the value the drag asks for, and whether the drag ended (one undo step)
    weightDragged = QtCore.Signal(int, int, int, float, bool)
    biasClicked = QtCore.Signal(int, int)  # i, p: entry p of b_i (neuron p of f_{i+1})
    biasDragged = QtCore.Signal(int, int, float, bool)  # i, p, the value, whether it ended
    rebuilt = QtCore.Signal()  # a resize changed which neurons are shown: draw values again

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(theme.colour(theme.BACKGROUND))
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.neurons: dict[tuple[int, int], QtWidgets.QGraphicsEllipseItem] = {}
        self.weights = WeightLayer()  # replaced by set_sizes (scene.clear() deletes it)
        self._lit = np.zeros(0, dtype=bool)  # per line of `weights`: on a lit path
        self.sizes: tuple[int, ...] = ()
        self.limit = MAX_SHOWN  # neurons shown per column (row_limit of the view's height)
        self.selected: tuple[int, int, int] | None = None
        self.selected_bias: tuple[int, int] | None = None  # (i, p): neuron p of f_{i+1} ringed
        self._ring_item: QtWidgets.QGraphicsEllipseItem | None = None
        # (kind, key) -> tooltip text, asked on hover: kind "weight" (i, p, q), "neuron" (k, j)
        self.tooltip_provider: Callable[[str, tuple], str] | None = None
        self._values: list[np.ndarray] = []  # A of the parameters last drawn
        self._biases: list[np.ndarray] = []  # and their b
        self._hover: tuple[tuple, QtCore.QPoint] | None = None  # the tooltip on show: key, place
        # (("A", i, p, q) or ("b", i, p), value at the press, press y, value per pixel)
        self._drag: tuple[tuple, float, float, float] | None = None
        self.tiles = ThumbnailLayer()  # replaced by set_sizes (scene.clear() deletes it)
        self._table = colour_table()  # the theme's colours: a theme switch builds a new view

    # -- building ----------------------------------------------------------------------------

    def shown(self, n: int) -> list[int]:
        """The neurons drawn for a layer of width n, at this view's height."""
        return shown_neurons(n, self.limit)

    def set_sizes(self, sizes: tuple[int, ...]):
        scene = self.scene()
        self.limit = row_limit(self.viewport().height())
        scene.clear()
        self.neurons.clear()
        self.sizes = tuple(sizes)
        self.selected, self.selected_bias = None, None
        self._ring_item = None  # scene.clear() deleted it
        positions = {}
        tallest = max(len(self.shown(n)) for n in sizes)
        label_font = theme.math_font(18)
        for k, n in enumerate(sizes):
            shown = self.shown(n)
            top = -(len(shown) - 1) * ROW / 2
            for row, j in enumerate(shown):
                below_dots = n > self.limit and row >= len(shown) // 2  # room for the '⋮'
                y = top + row * ROW + (ROW * 0.6 if below_dots else 0)
                positions[(k, j)] = QtCore.QPointF(k * COLUMN, y)
            label = scene.addText("x = f₀" if k == 0 else f"f{subscript(k)}", label_font)
            label.setDefaultTextColor(theme.colour(theme.TEXT))
            rect = label.boundingRect()
            label.setPos(k * COLUMN - rect.width() / 2, -(tallest + 1) * ROW / 2 - rect.height())
            if n > self.limit:
                more = tr("⋮ {0} more").format(n - self.limit)
                dots = scene.addText(more, theme.math_font(11, italic=False))
                dots.setDefaultTextColor(theme.colour(theme.MUTED))
                middle = top + (len(shown) // 2) * ROW - ROW * 0.35
                dots.setPos(k * COLUMN + RADIUS + 2, middle - 10)
        keys, p1, p2 = [], [], []
        for i in range(len(sizes) - 1):
            for p in self.shown(sizes[i + 1]):
                for q in self.shown(sizes[i]):
                    keys.append((i, p, q))
                    a, b = positions[(i, q)], positions[(i + 1, p)]
                    p1.append((a.x(), a.y()))
                    p2.append((b.x(), b.y()))
        self.weights = WeightLayer()
        self.weights.setZValue(1)
        self.weights.set_lines(
            np.array(keys, dtype=np.intp).reshape(-1, 3),
            np.array(p1, dtype=np.float64).reshape(-1, 2),
            np.array(p2, dtype=np.float64).reshape(-1, 2),
        )
        self._lit = np.zeros(len(keys), dtype=bool)
        scene.addItem(self.weights)
        self.tiles = ThumbnailLayer()
        scene.addItem(self.tiles)
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
        limit = row_limit(self.viewport().height())
        if self.sizes and limit != self.limit and max(self.sizes) > min(limit, self.limit):
            self.set_sizes(self.sizes)  # other neurons shown: the window draws them anew
            self.rebuilt.emit()
        self.fit()

    # -- values ------------------------------------------------------------------------------

    def update_values(self, network: Network, x: np.ndarray):
        """Colour the weights by A and fill the neurons by f_k for sample x."""
        self.update_neurons(network, x)
        self.update_weights(network)

    def update_neurons(self, network: Network, x: np.ndarray):
        """Fill the neurons by f_k for sample x."""
        with np.errstate(all="ignore"):
            fs = network.forward(x).fs
        for k, f in enumerate(fs):
            values = f[0]
            scale = max(float(np.max(np.abs(values))), 1e-12)
            for j in self.shown(values.size):
                fill = _fill(values[j] / scale)
                disc = self.neurons[(k, j)]
                if disc.brush().color() != fill:  # a brush set is a repaint: only on change
                    disc.setBrush(fill)

    def update_weights(self, network: Network):
        """Colour and size the weights' lines by A (and a tooltip on show follows)."""
        self._values = [A.copy() for A in network.A]
        self._biases = [np.ravel(b).copy() for b in network.b]
        self._restyle()
        self._refresh_tooltip()

    def _restyle(self):
        """Each line's width (|a| against its layer's largest), sign and lit state, from the
        values last drawn and the selection."""
        keys = self.weights.keys
        if not len(keys) or len(self._values) != len(self.sizes) - 1:
            return
        a = np.empty(len(keys))
        widths = np.empty(len(keys))
        for i, A in enumerate(self._values):
            rows = keys[:, 0] == i
            a[rows] = A[keys[rows, 1], keys[rows, 2]]
            scale = max(float(np.max(np.abs(A))), 1e-12)
            widths[rows] = 0.6 + 5.0 * np.abs(a[rows]) / scale
        a = np.nan_to_num(a)
        widths = np.nan_to_num(widths, nan=0.6)
        chosen = self.selected is not None or self.selected_bias is not None
        state = np.where(self._lit, 2, 0 if chosen else 1)
        widths = np.where(self._lit, widths + 2.5, widths)
        self.weights.style(widths, a >= 0, state)

    @property
    def thumbnails(self) -> dict[tuple[int, int], QtCore.QRectF]:
        """The neurons that show a thumbnail, and the scene square it fills."""
        return self.tiles.targets

    def thumbnail(self, key: tuple[int, int]) -> QtGui.QImage:
        """The picture neuron `key` shows."""
        return self.tiles.image(key)

    def set_thumbnails(self, images: dict[tuple[int, int], np.ndarray], flip: bool = True):
        """Draw each neuron (k, j) in `images` as its picture (a square on the prediction's
        colour scale, over the neuron's disc); neurons not in `images` lose theirs. The
        pictures are all of one size."""
        keys = [key for key in images if key in self.neurons]
        if not keys or len({np.shape(images[key]) for key in keys}) != 1:
            self.tiles.clear()
            return
        rgba = thumbnail_rgba(np.stack([images[key] for key in keys]), flip, self._table)
        targets = self.tiles.targets
        if list(targets) != keys:
            targets = {}
            for key in keys:
                centre = self.neurons[key].rect().center()
                corner = centre - QtCore.QPointF(THUMB / 2, THUMB / 2)
                targets[key] = QtCore.QRectF(corner, QtCore.QSizeF(THUMB, THUMB))
        self.tiles.set_images(targets, rgba)

    def highlight_paths(self, theta: int | None, p: int | None = None, q: int | None = None):
        """Light weight a_pq of A_theta and every weight on a path from it to L."""
        selected = None if theta is None else (theta, p, q)
        if (
            selected == self.selected
            and self.selected_bias is None
            and len(self._lit) == len(self.weights.keys)
        ):
            return  # the same paths: drawn already
        self.selected, self.selected_bias = selected, None
        self._ring(None)
        keys = self.weights.keys
        if theta is None or not len(keys):
            self._lit = np.zeros(len(keys), dtype=bool)
        else:
            i, rows, cols = keys.T
            self._lit = (
                ((i == theta) & (rows == p) & (cols == q))
                | ((i == theta + 1) & (cols == p))  # leaves neuron p of f_{theta+1}
                | (i > theta + 1)  # every later weight lies on some path
            )
        self._restyle()

    def highlight_bias(self, i: int, p: int):
        """Ring neuron p of f_{i+1} (its bias, entry p of b_i) and light every path from it
        to L: the weights leaving it and every later one."""
        if (i, p) == self.selected_bias and len(self._lit) == len(self.weights.keys):
            return
        self.selected, self.selected_bias = None, (i, p)
        self._ring((i + 1, p))
        keys = self.weights.keys
        if len(keys):
            layer, _, cols = keys.T
            self._lit = ((layer == i + 1) & (cols == p)) | (layer > i + 1)
        self._restyle()

    def _ring(self, key: tuple[int, int] | None):
        """A thick ring in the selection colour round neuron `key` (and round its thumbnail,
        which it must not hide), or none."""
        if self._ring_item is None:
            self._ring_item = QtWidgets.QGraphicsEllipseItem()
            # 3 pixels at any zoom: a window of 1024x768 shows the network small, and a ring
            # in scene units thinned to under a pixel there.
            pen = QtGui.QPen(theme.colour(theme.SELECTED), 3.0)
            pen.setCosmetic(True)
            self._ring_item.setPen(pen)
            self._ring_item.setZValue(4)  # over the thumbnails
            self.scene().addItem(self._ring_item)
        disc = self.neurons.get(key) if key is not None else None
        self._ring_item.setVisible(disc is not None)
        if disc is not None:
            # Just round the thumbnail's corners (THUMB / √2 from the centre), and inside the
            # next neuron's picture, ROW - THUMB / 2 = 20 away (the old 23 crossed it).
            r = THUMB / np.sqrt(2) + 0.5
            c = disc.rect().center()
            self._ring_item.setRect(QtCore.QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))

    def lit_weights(self) -> set[tuple[int, int, int]]:
        """(i, p, q) of every weight drawn lit (tests)."""
        return {tuple(k) for k in self.weights.keys[self._lit].tolist()}

    def weight_at(self, pos: QtCore.QPoint) -> tuple[int, int, int] | None:
        """The weight drawn at viewport position `pos` (within HIT_PIXELS), or None."""
        scale = max(abs(self.transform().m11()), 1e-9)
        k = self.weights.nearest(self.mapToScene(pos), HIT_PIXELS / scale)
        return None if k is None else tuple(self.weights.keys[k].tolist())

    # -- hover, drag, clicks -------------------------------------------------------------------

    def viewportEvent(self, event):
        if event.type() == QtCore.QEvent.Type.ToolTip and self.tooltip_provider:
            key = self._key_at(event.pos())
            if key is not None:
                QtWidgets.QToolTip.showText(event.globalPos(), self.tooltip_provider(*key), self)
                self._hover = (key, event.globalPos())
                return True
            QtWidgets.QToolTip.hideText()
            self._hover = None
            return True
        return super().viewportEvent(event)

    def _refresh_tooltip(self):
        """A tooltip on show gets the new values of what it describes: hovering a weight or
        a neuron while training reads the number as it changes, not the one the mouse found."""
        if self._hover is None or not QtWidgets.QToolTip.isVisible() or not self.tooltip_provider:
            self._hover = None
            return
        key, global_pos = self._hover
        text = self.tooltip_provider(*key)
        if text != QtWidgets.QToolTip.text():
            QtWidgets.QToolTip.showText(global_pos, text, self)

    def _key_at(self, pos: QtCore.QPoint):
        """What is drawn at `pos`: ("neuron", (k, j)) for a disc or its thumbnail (on top),
        else ("weight", (i, p, q)), else None."""
        tile = self.tiles.key_at(self.mapToScene(pos))
        if tile is not None:
            return "neuron", tile
        for item in self.items(pos):
            for key, circle in self.neurons.items():
                if circle is item:
                    return "neuron", key
        weight = self.weight_at(pos)
        return None if weight is None else ("weight", weight)

    def weight_viewport_pos(self, theta: int, p: int, q: int) -> QtCore.QPoint:
        """A viewport point on weight a_pq of A_theta that hits it and nothing else (the
        middle of its line when no point does)."""
        line = self.weights.line(self.weights.index((theta, p, q)))
        for t in np.linspace(0.15, 0.85, 29):
            pos = self.mapFromScene(line.pointAt(float(t)))
            if self._key_at(pos) == ("weight", (theta, p, q)):
                return pos
        return self.mapFromScene(line.center())

    def mousePressEvent(self, event):
        pos = event.position().toPoint()
        left = event.button() == QtCore.Qt.MouseButton.LeftButton
        if self.selected_bias is not None and left:
            i, p = self.selected_bias
            if self._key_at(pos) == ("neuron", (i + 1, p)) and i < len(self._biases):
                b, A = self._biases[i], self._values[i]
                largest = max(float(np.max(np.abs(b))), float(np.max(np.abs(A))), 1e-3)
                self._drag = (("b", i, p), float(b[p]), pos.y(), largest / DRAG_PIXELS)
                return  # a drag of the chosen bias, not a pan
        if self.selected is not None and left:
            i, p, q = self.selected
            if self.weight_at(pos) == self.selected and i < len(self._values):
                A = self._values[i]
                step = max(float(np.max(np.abs(A))), 1e-3) / DRAG_PIXELS
                self._drag = (("A", i, p, q), float(A[p, q]), pos.y(), step)
                return  # a drag of the selected weight, not a pan
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._drag is None:
            super().mouseMoveEvent(event)
            return
        _, start, y, step = self._drag
        self._emit_drag(start + (y - event.position().y()) * step, False)  # up: larger

    def mouseReleaseEvent(self, event):
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        _, start, y, step = self._drag
        moved = y - event.position().y()
        if moved:
            self._emit_drag(start + moved * step, True)
        self._drag = None

    def _emit_drag(self, value: float, done: bool):
        entry = self._drag[0]
        if entry[0] == "b":
            self.biasDragged.emit(entry[1], entry[2], value, done)
        else:
            self.weightDragged.emit(*entry[1:], value, done)

    def clicked(self, pos):
        key = self._key_at(pos)
        if key is None:
            return
        kind, where = key
        if kind == "weight":
            self.weightClicked.emit(*where)
        elif where[0] >= 1:  # a neuron of f_k has the bias b_{k-1}; the inputs have none
            self.biasClicked.emit(where[0] - 1, where[1])


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
