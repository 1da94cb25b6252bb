"""dL/dtheta_i typeset as the note writes it: stacked fractions, red and yellow factors, the
new pair boxed, the reused prefix braced and named.

Painted with QPainter rather than rendered by a TeX engine: the app needs no TeX install, and
every factor stays a clickable rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from core import notation
from core.jacobians import Chain
from core.notation import subscript
from explorer.look import i18n, theme

BASE_PT = 26.0  # formula size before fitting; large enough for the back of a hall
MAX_SHOWN = 12  # longer chains show their ends and elide the middle, as the note does
SAMPLE_IMAGE = 56  # pixels per side of the chosen sample's image (image data), before SCALE


def tr(text: str) -> str:
    return i18n.tr("FormulaView", text)


def symbol(node: str) -> tuple[str, str | None]:
    """Graph node id -> (letter, subscript): 'f3' -> ('f', '3'), 'theta0' -> ('θ', '0')."""
    return notation.base(node)


@dataclass
class Piece:
    """A laid-out element: a fraction (factor index or None for the left-hand side), or text."""

    kind: str  # "fraction", "text"
    top: tuple[str, str | None] | None = None
    bottom: tuple[str, str | None] | None = None
    text: str = ""
    colour: str = theme.TEXT
    factor: int | None = None
    caption: str = ""
    x: float = 0.0
    width: float = 0.0


class FormulaView(QtWidgets.QWidget):
    """Shows one Chain; emits factorClicked(index into chain.factors)."""

    factorClicked = QtCore.Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chain: Chain | None = None
        self._key = None
        self.message: str | None = None
        self.selected: int | None = None
        self.sample: int | None = None  # named in the caption
        self.sample_image: QtGui.QImage | None = None  # image data: x = f_0 as a picture
        self.sample_image_label = ""
        self._pieces: list[Piece] = []
        self._hit: dict[int, QtCore.QRectF] = {}
        self.setMouseTracking(True)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )

    def sizeHint(self):
        return QtCore.QSize(900, 230)

    def minimumSizeHint(self):
        # A hint, not setMinimumHeight: a splitter keeps to it, yet may still collapse the
        # formula (the neuron view does on a 1024 x 768 screen; see roomy_for_neurons).
        return QtCore.QSize(0, 170)

    def set_chain(
        self,
        chain: Chain | None,
        selected: int | None = None,
        sample: int | None = None,
        message: str | None = None,
    ):
        """Show `chain` (None: `message`, or the hint), factor `selected` lit, for sample
        number `sample`."""
        self.message = message
        # The formula shows symbols and shapes, not values: while training only changes the
        # values there is nothing to repaint.
        key = (
            None
            if chain is None
            else (chain.theta, chain.K, tuple(f.shape for f in chain.factors)),
            selected,
            sample,
            message,
        )
        self.chain = chain
        if key == self._key:
            return
        self._key = key
        self.selected = selected
        self.sample = sample if sample is not None else self.sample
        self._pieces = self._layout_pieces() if chain else []
        self.update()

    def set_sample_image(self, image: np.ndarray | None, label: str = ""):
        """Image data: the chosen sample x = f_0 as its picture, (h, w) in [0, 1], drawn at
        the caption's right with `label` under it (e.g. its class); None for other data."""
        if image is None:
            changed = self.sample_image is not None
            self.sample_image, self.sample_image_label = None, ""
        else:
            grey = np.ascontiguousarray(255 - np.clip(image, 0, 1) * 255, dtype=np.uint8)
            h, w = grey.shape
            picture = QtGui.QImage(grey.data, w, h, w, QtGui.QImage.Format.Format_Grayscale8)
            changed = (
                self.sample_image is None
                or picture != self.sample_image
                or label != self.sample_image_label
            )
            self.sample_image, self.sample_image_label = picture.copy(), label
        if changed:
            self.update()

    def _image_rect(self) -> QtCore.QRectF | None:
        """Where the sample's image goes: the top right corner (None without one)."""
        if self.sample_image is None:
            return None
        # The picture and its two caption lines fit the view's height (presentation fonts are
        # larger, the view no taller): the picture gives way, down to 24 px.
        side = min(SAMPLE_IMAGE * theme.SCALE, self.height() - 6 - self._image_label_height() - 4)
        side = max(side, 24.0)
        return QtCore.QRectF(self.width() - side - 8, 6, side, side)

    @staticmethod
    def _image_label_height() -> float:
        """Two lines of the caption font: "x = f₀" and the class."""
        return 2 * QtGui.QFontMetricsF(theme.ui_font(11)).lineSpacing() + 2

    def shown_factors(self) -> list[str]:
        """Plain-text names of the factors on screen, in order (for tests and accessibility)."""
        if not self.chain:
            return []
        return [self.chain.factors[p.factor].text for p in self._pieces if p.factor is not None]

    def factor_rect(self, index: int) -> QtCore.QRectF:
        """Where factor `index` is drawn, in widget coordinates."""
        return self._hit[index]

    # -- layout ------------------------------------------------------------------------------

    def _layout_pieces(self) -> list[Piece]:
        chain = self.chain
        n = len(chain.factors)
        if n <= MAX_SHOWN:
            shown = list(range(n))
        else:
            tail_start = max(chain.new_pair_start - 2, 3)
            shown = [0, 1, 2, None, *range(tail_start, n)]
        pieces = [
            Piece(
                "fraction", ("L", None), symbol(notation.theta_id(chain.theta)), colour=theme.TEXT
            ),
            Piece("text", text="="),
        ]
        for index in shown:
            if index is None:
                pieces.append(Piece("text", text="⋯"))
                continue
            factor = chain.factors[index]
            rows, cols = factor.array.shape
            caption = f"{rows}×{cols}"
            if factor.kind == "yellow":
                caption = f"{rows}×{rows}×{factor.layer_input.size}"
            pieces.append(
                Piece(
                    "fraction",
                    symbol(factor.numerator),
                    symbol(factor.denominator),
                    colour=theme.KIND_COLOURS[factor.kind],
                    factor=index,
                    caption=caption,
                )
            )
        return pieces

    # -- painting ----------------------------------------------------------------------------

    def _fonts(self):
        # Unscaled: the formula is fitted to the panel, in presentation mode as well.
        big = theme.math_font(BASE_PT, scaled=False)
        sub = theme.math_font(BASE_PT * 0.62, scaled=False)
        upright = theme.math_font(BASE_PT, italic=False, scaled=False)
        small = theme.ui_font(BASE_PT * 0.5, scaled=False)
        return big, sub, upright, small

    def _symbol_width(self, sym, big, sub) -> float:
        letter, index = sym
        w = QtGui.QFontMetricsF(big).horizontalAdvance("∂" + letter)
        if index:
            w += QtGui.QFontMetricsF(sub).horizontalAdvance(index) + 2
        return w

    def _draw_symbol(self, painter, x, baseline, sym, big, sub):
        letter, index = sym
        painter.setFont(big)
        painter.drawText(QtCore.QPointF(x, baseline), "∂" + letter)
        x += QtGui.QFontMetricsF(big).horizontalAdvance("∂" + letter)
        if index:
            painter.setFont(sub)
            painter.drawText(QtCore.QPointF(x + 1, baseline + BASE_PT * 0.35), index)

    def paintEvent(self, event):
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), theme.colour(theme.BACKGROUND))
        self._hit = {}
        if not self._pieces:
            image_rect = self._image_rect()
            reserved = 0.0 if image_rect is None else image_rect.width() + 16
            if image_rect is not None:
                self._draw_sample_image(painter, image_rect, theme.ui_font(11))
            painter.setPen(theme.colour(theme.MUTED))
            font = theme.ui_font(16)
            painter.setFont(font)
            # Wrapped within the view, a few pixels in from each side: the hint is a sentence
            # and a narrow window (or Polish) must not cut it at both ends.
            painter.drawText(
                QtCore.QRectF(self.rect()).adjusted(12, 4, -12 - reserved, -4),
                QtCore.Qt.AlignmentFlag.AlignCenter | QtCore.Qt.TextFlag.TextWordWrap,
                self.message or self.hint(),
            )
            return
        big, sub, upright, small = self._fonts()
        note = theme.ui_font(11)
        painter.setFont(note)
        image_rect = self._image_rect()
        # The formula and its caption keep out of the image's column at the right.
        reserved = 0.0 if image_rect is None else image_rect.width() + 16
        if image_rect is not None:
            self._draw_sample_image(painter, image_rect, note)
        painter.setPen(theme.colour(theme.MUTED))
        caption = QtGui.QStaticText(self.caption())
        caption.setTextFormat(QtCore.Qt.TextFormat.RichText)
        caption.setTextWidth(max(self.width() - 16 - reserved, 100))
        painter.drawStaticText(QtCore.QPointF(8, 4), caption)
        top = 8 + caption.size().height()  # the formula starts below the caption
        gap = BASE_PT * 0.55
        x = 0.0
        for piece in self._pieces:
            if piece.kind == "fraction":
                w = max(
                    self._symbol_width(piece.top, big, sub),
                    self._symbol_width(piece.bottom, big, sub),
                )
                caption_w = QtGui.QFontMetricsF(small).horizontalAdvance(piece.caption)
                piece.width = max(w + 10, caption_w + 4)
            else:
                piece.width = QtGui.QFontMetricsF(upright).horizontalAdvance(piece.text)
            piece.x = x
            x += piece.width + gap
        natural_width = x - gap
        height_needed = BASE_PT * 6.2
        margin = 18
        room = self.width() - reserved
        scale = min(
            (room - 2 * margin) / max(natural_width, 1),
            (self.height() - top - margin) / height_needed,
            1.6,
        )
        painter.translate(max(margin, (room - natural_width * scale) / 2), top)
        painter.scale(scale, scale)
        axis = BASE_PT * 2.0  # y of the fraction bars
        fm = QtGui.QFontMetricsF(big)
        chain = self.chain
        box_pieces = [
            p for p in self._pieces if p.factor is not None and p.factor >= chain.new_pair_start
        ]
        prefix_pieces = [
            p for p in self._pieces if p.factor is not None and p.factor < chain.new_pair_start
        ]
        for piece in self._pieces:
            if piece.kind == "text":
                painter.setFont(upright)
                painter.setPen(theme.colour(theme.TEXT))
                painter.drawText(QtCore.QPointF(piece.x, axis + fm.ascent() * 0.32), piece.text)
                continue
            rect = QtCore.QRectF(
                piece.x - 4, axis - fm.height() * 1.15, piece.width + 8, fm.height() * 2.3
            )
            if piece.factor is not None and piece.factor == self.selected:
                painter.setPen(QtCore.Qt.PenStyle.NoPen)
                painter.setBrush(QtGui.QColor(95, 179, 255, 70))
                painter.drawRoundedRect(rect, 6, 6)
            colour = theme.colour(piece.colour)
            painter.setPen(colour)
            top_w = self._symbol_width(piece.top, big, sub)
            bottom_w = self._symbol_width(piece.bottom, big, sub)
            cx = piece.x + piece.width / 2
            self._draw_symbol(painter, cx - top_w / 2, axis - fm.descent() - 5, piece.top, big, sub)
            self._draw_symbol(
                painter, cx - bottom_w / 2, axis + fm.ascent() + 2, piece.bottom, big, sub
            )
            painter.setPen(QtGui.QPen(colour, 2.2))
            painter.drawLine(
                QtCore.QPointF(piece.x, axis), QtCore.QPointF(piece.x + piece.width, axis)
            )
            if piece.caption:
                painter.setFont(small)
                painter.setPen(theme.colour(theme.MUTED))
                painter.drawText(
                    QtCore.QRectF(piece.x - 30, rect.bottom() + 2, piece.width + 60, BASE_PT),
                    QtCore.Qt.AlignmentFlag.AlignHCenter,
                    piece.caption,
                )
            if piece.factor is not None:
                self._hit[piece.factor] = painter.transform().mapRect(rect)
        if box_pieces:
            left = box_pieces[0].x - 10
            right = box_pieces[-1].x + box_pieces[-1].width + 10
            top = axis - fm.height() * 1.25
            painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            painter.setPen(QtGui.QPen(theme.colour(theme.BOX), 2.5))
            painter.drawRect(QtCore.QRectF(left, top, right - left, fm.height() * 2.5))
        if chain.reuses_prefix and prefix_pieces:
            left = prefix_pieces[0].x
            right = prefix_pieces[-1].x + prefix_pieces[-1].width
            y = axis + fm.height() * 1.25 + BASE_PT * 0.9
            painter.setPen(QtGui.QPen(theme.colour(theme.SELECTED), 2.2))
            path = QtGui.QPainterPath(QtCore.QPointF(left, y - 8))
            path.quadTo(QtCore.QPointF(left, y), QtCore.QPointF(left + 10, y))
            mid = (left + right) / 2
            path.lineTo(QtCore.QPointF(mid - 10, y))
            path.quadTo(QtCore.QPointF(mid, y), QtCore.QPointF(mid, y + 10))
            path.quadTo(QtCore.QPointF(mid, y), QtCore.QPointF(mid + 10, y))
            path.lineTo(QtCore.QPointF(right - 10, y))
            path.quadTo(QtCore.QPointF(right, y), QtCore.QPointF(right, y - 8))
            painter.drawPath(path)
            painter.setFont(small)
            painter.setPen(theme.colour(theme.SELECTED))
            painter.drawText(
                QtCore.QRectF(left - 200, y + 12, right - left + 400, BASE_PT * 1.2),
                QtCore.Qt.AlignmentFlag.AlignHCenter,
                self.reuse_label(),
            )

    def _draw_sample_image(self, painter: QtGui.QPainter, rect: QtCore.QRectF, font):
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(rect, self.sample_image)  # nearest neighbour: the pixels as pixels
        painter.setPen(QtGui.QPen(theme.colour(theme.MUTED), 1))
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        painter.setFont(font)
        below = QtCore.QRectF(
            rect.left() - 30, rect.bottom() + 2, rect.width() + 36, self._image_label_height()
        )
        painter.drawText(
            below,
            QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignTop,
            self.sample_image_label,
        )
        painter.restore()

    @staticmethod
    def hint() -> str:
        """What the empty view says."""
        return tr("Click a parameter θᵢ in the graph (or press 0–9) to see its chain")

    def reuse_label(self) -> str:
        """Under the brace of a reused prefix: which earlier chain computed it."""
        if self.chain is None:
            return ""
        k = self.chain.theta + 2
        return tr("= ∂L/∂f{0}, already computed for θ{1}").format(subscript(k), subscript(k - 1))

    def caption(self) -> str:
        """The line above the formula (rich text): which loss, for which sample."""
        loss = self.chain.loss_function if self.chain is not None else None
        formula = loss.html(self.chain.K) if loss is not None else "L = ‖y − f<sub>K</sub>‖²"
        if self.sample is None:
            return tr("one-sample loss {0}").format(formula)
        return tr("one-sample loss {0} of sample #{1}").format(formula, self.sample)

    def mouseMoveEvent(self, event):

        over = any(r.contains(event.position()) for r in self._hit.values())
        self.setCursor(
            QtCore.Qt.CursorShape.PointingHandCursor if over else QtCore.Qt.CursorShape.ArrowCursor
        )

    def mousePressEvent(self, event):
        for index, rect in self._hit.items():
            if rect.contains(event.position()):
                self.factorClicked.emit(index)
                return
