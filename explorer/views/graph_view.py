"""The note's picture: x -> f_1 -> ... -> f_K -> L with theta_i feeding f_{i+1} from below.

Nodes and edges come from core.graph (networkx) and are placed by its layout; this module only
draws them. Selecting theta_i (click, or the window's keys) lights up its chain's edges in the
note's colours, numbered in the note's order from the loss back to the parameter; every other
item dims. Clicking a lit edge selects that factor.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx
from PySide6 import QtCore, QtGui, QtWidgets

from core import notation
from core.graph import layout
from explorer.look import names, theme
from explorer.views.clicks import ClickableView

COLUMN = 215.0  # scene pixels between two layers
ROW = 165.0  # scene pixels between the layer row and the parameter row
NODE_W, NODE_H = 150.0, 84.0
BADGE_RADIUS = 17.0  # screen pixels (times the presentation scale) at any zoom of 1 or less
BADGE_SPACING = 2 * BADGE_RADIUS + 4  # screen pixels between the centres of two badges shown


def _sup(text: str) -> str:
    return f"<sup>{text}</sup>"


def node_html(name: str, data: dict) -> str:
    """The node's label as rich text: 'f<sub>2</sub> ∈ ℝ<sup>8</sup>' and the like."""
    kind = data["kind"]
    big = f"font-size: {theme.pt(24)}; font-style: italic; font-family: 'DejaVu Serif';"
    small = f"font-size: {theme.pt(14)}; font-family: 'DejaVu Serif';"
    if kind == "param":
        i = data["layer"]
        (n_out, n_in), _ = data["shape"]
        head = notation.html(name)
        tail = f"A<sub>{i}</sub> ∈ ℝ{_sup(f'{n_out}×{n_in}')}<br>b<sub>{i}</sub> ∈ ℝ{_sup(n_out)}"
    elif kind == "loss":
        return f"<div align='center' style=\"{big}\">L</div>"
    else:
        n = data["shape"][0]
        if kind == "input":
            head = "x = " + notation.html(name)
        elif kind == "target":
            head = "y"
        else:
            head = notation.html(name)
        tail = f"∈ ℝ{_sup(n)}"
        if kind == "layer":
            tail += f" · {names.activation(data['activation'])}"
    return (
        f"<div align='center' style=\"{big}\">{head}</div>"
        f"<div align='center' style=\"{small}\">{tail}</div>"
    )


class NodeItem(QtWidgets.QGraphicsObject):
    """A rounded box with a rich-text label; parameter nodes are clickable."""

    def __init__(self, name: str, data: dict):
        super().__init__()
        self.name = name
        self.kind = data["kind"]
        self.dimmed = False
        self.selected = False
        width = NODE_W if self.kind != "loss" else NODE_H
        self._rect = QtCore.QRectF(-width / 2, -NODE_H / 2, width, NODE_H)
        self.label = QtWidgets.QGraphicsTextItem(self)
        self.label.setDefaultTextColor(theme.colour(theme.TEXT))
        self.label.setHtml(node_html(name, data))
        self.label.setTextWidth(-1)
        text_rect = self.label.boundingRect()
        w = max(self._rect.width(), text_rect.width() + 16)
        h = max(self._rect.height(), text_rect.height() + 4)
        self._rect = QtCore.QRectF(-w / 2, -h / 2, w, h)
        self.label.setPos(-text_rect.width() / 2, -text_rect.height() / 2)
        self.setZValue(2)
        if self.kind == "param":
            self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect.adjusted(-4, -4, 4, 4)

    def paint(self, painter, option, widget=None):
        fill = theme.PARAM_FILL if self.kind == "param" else theme.NODE_FILL
        border = theme.SELECTED if self.selected else theme.NODE_BORDER
        pen = QtGui.QPen(theme.colour(border), 4 if self.selected else 2)
        painter.setPen(pen)
        painter.setBrush(theme.colour(fill))
        painter.setOpacity(0.35 if self.dimmed else 1.0)
        radius = NODE_H / 2 if self.kind == "loss" else 12
        painter.drawRoundedRect(self._rect, radius, radius)

    def set_state(self, dimmed: bool, selected: bool):
        if (dimmed, selected) == (self.dimmed, self.selected):
            return
        self.dimmed, self.selected = dimmed, selected
        self.label.setOpacity(0.35 if dimmed else 1.0)
        self.update()


class EdgeItem(QtWidgets.QGraphicsObject):
    """An arrow from one node's border to another's, with an order badge when lit."""

    def __init__(self, source: NodeItem, target: NodeItem, kind: str):
        super().__init__()
        self.source, self.target, self.kind = source, target, kind
        self.highlight: str | None = None  # None, or the factor kind it shows: loss/red/yellow
        self.order: int | None = None  # 1-based position in the chain
        self.selected = False
        self.dimmed = False
        self.width: float | None = None  # None: the standard width
        self.badge_shown = True  # False: the order is kept but no badge drawn (no room)
        self.badge_radius = BADGE_RADIUS  # in scene units: set by the view for its zoom
        self._badge_state: tuple | None = None  # what the bounding rectangle was made for
        self.setZValue(1)
        self._build()

    @property
    def key(self) -> tuple[str, str]:
        return (self.source.name, self.target.name)

    def _clip(self, centre: QtCore.QPointF, rect: QtCore.QRectF, towards: QtCore.QPointF):
        """Where the line from `centre` towards `towards` leaves the node's box."""
        dx, dy = towards.x() - centre.x(), towards.y() - centre.y()
        if dx == 0 and dy == 0:
            return centre
        sx = (rect.width() / 2) / abs(dx) if dx else math.inf
        sy = (rect.height() / 2) / abs(dy) if dy else math.inf
        s = min(sx, sy)
        return QtCore.QPointF(centre.x() + dx * s, centre.y() + dy * s)

    def _build(self):
        a, b = self.source.pos(), self.target.pos()
        self.p0 = self._clip(a, self.source._rect, b)
        self.p1 = self._clip(b, self.target._rect, a)
        line = QtCore.QLineF(self.p0, self.p1)
        self.midpoint = line.pointAt(0.5)
        path = QtGui.QPainterPath(self.p0)
        path.lineTo(self.p1)
        self.path = path
        stroker = QtGui.QPainterPathStroker()
        stroker.setWidth(22)  # a generous target for a mouse or a lecturer's touchpad
        self._shape = stroker.createStroke(path)
        self._line_bounds = self._shape.boundingRect().adjusted(-24, -24, 24, 24)
        self._bounds = self._line_bounds

    @property
    def badge_centre(self) -> QtCore.QPointF:
        """Where the order badge sits: on a slanted edge at its middle; on an edge along the
        top row just above it, so that a badge larger than the gap between two nodes (deep
        networks, presentation mode) never hides their labels."""
        if abs(self.p1.y() - self.p0.y()) > 1:
            return self.midpoint
        lift = self.source._rect.height() / 2 + self.badge_radius + 4
        return QtCore.QPointF(self.midpoint.x(), self.midpoint.y() - lift)

    def set_badge(self, shown: bool, radius: float):
        """Show the order badge or not, `radius` scene units wide (constant on screen)."""
        state = (shown, radius, self.order is not None)
        if state == self._badge_state:
            return
        self._badge_state = state
        self.prepareGeometryChange()
        self.badge_shown, self.badge_radius = shown, radius
        m, r = self.badge_centre, radius + 6
        area = self._line_bounds.united(QtCore.QRectF(m.x() - r, m.y() - r, 2 * r, 2 * r))
        self._bounds = area.united(QtCore.QRectF(self.midpoint, m).normalized())
        self.update()

    def boundingRect(self):
        return self._bounds

    def shape(self):
        if self.order is None or not self.badge_shown or self.badge_centre == self.midpoint:
            return self._shape
        shape = QtGui.QPainterPath(self._shape)  # a click on the badge picks its factor too
        shape.addEllipse(self.badge_centre, self.badge_radius, self.badge_radius)
        return shape

    def colour(self) -> QtGui.QColor:
        if self.highlight:
            return theme.colour(theme.KIND_COLOURS[self.highlight])
        return theme.colour(theme.DIMMED if self.dimmed else theme.EDGE)

    def paint(self, painter, option, widget=None):
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        col = self.colour()
        width = ((self.width or 7.0) if self.highlight else 2.5) * theme.SCALE
        if self.selected:
            glow = QtGui.QPen(theme.colour(theme.SELECTED), width + 8)
            glow.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
            painter.setPen(glow)
            painter.drawPath(self.path)
        pen = QtGui.QPen(col, width)
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPath(self.path)
        # Arrow head at the target.
        line = QtCore.QLineF(self.p1, self.p0)
        angle = math.atan2(line.dy(), line.dx())
        size = 14 + width
        head = QtGui.QPolygonF(
            [
                self.p1,
                self.p1
                + QtCore.QPointF(math.cos(angle + 0.4) * size, math.sin(angle + 0.4) * size),
                self.p1
                + QtCore.QPointF(math.cos(angle - 0.4) * size, math.sin(angle - 0.4) * size),
            ]
        )
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(col)
        painter.drawPolygon(head)
        if self.order is not None and self.badge_shown:
            r = self.badge_radius
            centre = self.badge_centre
            if centre != self.midpoint:  # a short stalk from the edge up to its badge
                painter.setPen(QtGui.QPen(col, 3 * r / BADGE_RADIUS))
                painter.drawLine(self.midpoint, centre)
            painter.setBrush(theme.colour(theme.BACKGROUND))
            painter.setPen(QtGui.QPen(col, 3 * r / BADGE_RADIUS))
            painter.drawEllipse(centre, r, r)
            font = QtGui.QFont(theme.UI_FAMILY)
            # Two digits fill the badge; three (K up to 100) a little less.
            font.setPixelSize(max(1, round(r * (1.18 if self.order < 100 else 0.9))))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(col)
            painter.drawText(
                QtCore.QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r),
                QtCore.Qt.AlignmentFlag.AlignCenter,
                str(self.order),
            )


class GraphView(ClickableView):
    """Draws a core.graph DiGraph; emits which parameter or edge the user clicked."""

    thetaClicked = QtCore.Signal(int)
    edgeClicked = QtCore.Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setRenderHints(
            QtGui.QPainter.RenderHint.Antialiasing | QtGui.QPainter.RenderHint.TextAntialiasing
        )
        self.setBackgroundBrush(theme.colour(theme.BACKGROUND))
        self.setDragMode(QtWidgets.QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QtWidgets.QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QtWidgets.QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple[str, str], EdgeItem] = {}
        self.column = COLUMN  # scene units between two layers: set_graph widens it to fit
        self.tooltip_provider: Callable[[str], str] | None = None
        self._auto_fit = True
        self._visible_node: str | None = None
        # The camera last asked for, until the user moves: a smaller view (presentation mode on
        # a small screen) clamps the scroll, and reading the clamped place back would lose it.
        self._asked_camera: tuple[float, float, float] | None = None
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._user_moved)

    # -- building ----------------------------------------------------------------------------

    def set_graph(self, graph: nx.DiGraph):
        scene = self.scene()
        scene.clear()
        self.nodes.clear()
        self.edges.clear()
        self._visible_node = None
        positions = layout(graph)
        for name, data in graph.nodes(data=True):
            self.nodes[name] = NodeItem(name, data)
        # Columns as wide as the widest node needs (presentation mode's larger labels), so
        # neighbouring boxes never touch and every edge between them stays visible.
        widest = max(node._rect.width() for node in self.nodes.values())
        self.column = max(COLUMN, widest + 60)
        for name, item in self.nodes.items():
            x, y = positions[name]
            item.setPos(x * self.column, y * ROW)
            scene.addItem(item)
        for u, v, data in graph.edges(data=True):
            edge = EdgeItem(self.nodes[u], self.nodes[v], data["kind"])
            scene.addItem(edge)
            self.edges[(u, v)] = edge
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-30, -30, 30, 30))
        self._auto_fit = True
        self.fit()

    def fit(self):
        """Show the whole graph, as large as the view allows, however deep: a network of K = 100
        shrinks until it fits; the chain's badges keep their size on screen and thin out (the
        first and last always shown) so their numbers stay readable."""
        self._auto_fit = True
        self._asked_camera = None
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        # Badges keep their size on screen, so the smaller the zoom the further they reach
        # beyond the scene's margin (the top row's sit above it, a whole badge high): widen
        # the fitted rectangle by that reach; three rounds settle the zoom to a pixel.
        fitted = rect
        for _ in range(3):
            self.fitInView(fitted, QtCore.Qt.AspectRatioMode.KeepAspectRatio)
            zoom = self.transform().m11()
            radius = BADGE_RADIUS * theme.SCALE / min(zoom, 1.0)
            side, top = max(0.0, radius + 8 / zoom - 30), max(0.0, 2 * radius + 12 / zoom - 30)
            fitted = rect.adjusted(-side, -top, side, side)
        self.setSceneRect(fitted)  # the view may scroll over the badges' room too
        self.fitInView(fitted, QtCore.Qt.AspectRatioMode.KeepAspectRatio)
        self._zoomed()

    def _zoomed(self):
        """Size and thin the chain's badges for the zoom now shown."""
        zoom = self.transform().m11()
        radius = BADGE_RADIUS * theme.SCALE / min(zoom, 1.0)
        for edge in self.edges.values():
            if edge.order is None:
                edge.set_badge(False, radius)  # back to the line's own bounds
        lit = sorted((e.order, e) for e in self.edges.values() if e.order is not None)
        if not lit:
            return
        # Neighbouring badges of a chain are one layer apart: keep every `step`-th so they
        # never touch. The last (yellow) edge's badge sits about 0.6 of a layer from the one
        # before it, so the last red badge shown stays a whole `step` away from it.
        step = max(1, math.ceil(BADGE_SPACING * theme.SCALE / (self.column * zoom)))
        last = lit[-1][0]
        for order, edge in lit:
            shown = order in (1, last) or ((order - 1) % step == 0 and last - order >= step)
            edge.set_badge(shown, radius)

    def camera(self) -> tuple[float, float, float] | None:
        """(zoom, centre x, centre y) in scene units, or None while the view fits itself."""
        if self._auto_fit:
            return None
        if self._asked_camera is not None:
            return self._asked_camera
        centre = self.mapToScene(self.viewport().rect().center())
        return (self.transform().m11(), centre.x(), centre.y())

    def set_camera(self, camera: tuple[float, float, float] | None):
        """Zoom and scroll as camera() reported them; None fits the graph to the view."""
        if camera is None:
            self.fit()
            return
        zoom, x, y = camera
        self._auto_fit = False
        self._asked_camera = (zoom, x, y)
        self.resetTransform()
        self.scale(zoom, zoom)
        self.centerOn(QtCore.QPointF(x, y))
        self._zoomed()

    # -- highlighting ------------------------------------------------------------------------

    def highlight_chain(self, theta: int | None, chain_edges, selected_edge=None, widths=None):
        """Light up `chain_edges` [(u, v, kind), ...] numbered in order; dim everything else.
        theta None (and no edges) clears the highlight. widths: optional {(u, v): px}."""
        on_chain = {name for u, v, _ in (chain_edges or []) for name in (u, v)}
        self.highlight(
            chain_edges,
            on_chain,
            notation.theta_id(theta) if theta is not None else None,
            selected_edge,
            numbered=True,
            widths=widths,
        )

    def highlight(
        self,
        edges,
        nodes,
        selected_node=None,
        selected_edge=None,
        numbered=True,
        widths=None,
        focus=None,
    ):
        """Light `edges` [(u, v, kind)] and `nodes`; dim the rest (nothing lit: no dimming).
        The selected node (else `focus`) is scrolled into view when it changes."""
        lit = {(u, v): (kind, n + 1) for n, (u, v, kind) in enumerate(edges or [])}
        active = bool(lit) or bool(nodes)
        for key, edge in self.edges.items():
            kind, order = lit.get(key, (None, None))
            state = (
                kind,
                order if numbered else None,
                (widths or {}).get(key),
                active and kind is None,
                key == selected_edge,
            )
            # Repaint only what changed: this runs on every refresh while training.
            if state != (edge.highlight, edge.order, edge.width, edge.dimmed, edge.selected):
                edge.highlight, edge.order, edge.width, edge.dimmed, edge.selected = state
                edge.setZValue(3 if kind else 1)
                edge.update()
        for name, node in self.nodes.items():
            node.set_state(dimmed=active and name not in nodes, selected=name == selected_node)
        self._zoomed()
        shown = selected_node or focus
        if shown in self.nodes and shown != self._visible_node:
            before = (self.horizontalScrollBar().value(), self.verticalScrollBar().value())
            self.ensureVisible(self.nodes[shown], 60, 30)
            if before != (self.horizontalScrollBar().value(), self.verticalScrollBar().value()):
                self._user_moved()  # the view moved to show the selection: that place is kept
        self._visible_node = shown

    def lit_edges(self) -> list[tuple[str, str, str]]:
        """The highlighted edges in chain order, with their colours' kinds (for tests)."""
        lit = [(e.order, e.key, e.highlight) for e in self.edges.values() if e.highlight]
        return [(*key, kind) for _, key, kind in sorted(lit)]

    def node_viewport_pos(self, name: str) -> QtCore.QPoint:
        """Where node `name` is drawn in viewport coordinates (for clicks and tests)."""
        return self.mapFromScene(self.nodes[name].scenePos())

    def edge_viewport_pos(self, u: str, v: str) -> QtCore.QPoint:
        return self.mapFromScene(self.edges[(u, v)].midpoint)

    # -- interaction -------------------------------------------------------------------------

    def clicked(self, pos):
        for item in self.items(pos):
            if isinstance(item, QtWidgets.QGraphicsTextItem):
                item = item.parentItem()
            if isinstance(item, NodeItem):
                if item.kind == "param":
                    self.thetaClicked.emit(notation.theta_index(item.name))
                return
            if isinstance(item, EdgeItem):
                self.edgeClicked.emit(*item.key)
                return

    def _user_moved(self, *_):
        self._asked_camera = None

    def mouseMoveEvent(self, event):
        if event.buttons():
            self._user_moved()  # a drag pans
        super().mouseMoveEvent(event)

    def wheelEvent(self, event):
        factor = 1.0015 ** event.angleDelta().y()
        self._auto_fit = False
        self._user_moved()
        self.scale(factor, factor)
        self._zoomed()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def viewportEvent(self, event):
        # Tooltips are made when asked for, so values are current and nothing is formatted
        # for nodes nobody hovers.
        if event.type() == QtCore.QEvent.Type.ToolTip and self.tooltip_provider:
            for item in self.items(event.pos()):
                if isinstance(item, QtWidgets.QGraphicsTextItem):
                    item = item.parentItem()
                if isinstance(item, NodeItem):
                    QtWidgets.QToolTip.showText(
                        event.globalPos(), self.tooltip_provider(item.name), self
                    )
                    return True
            QtWidgets.QToolTip.hideText()
            return True
        return super().viewportEvent(event)
