"""A box for a label whose text changes several times a second while training (a heatmap's
statistics, the verdict under the gradients, the loss readout).

Why a box: QLabel.setText asks for a new layout (updateGeometry), and in Qt every layout that
is recomputed asks its parent's in turn (QLayout::activate ends with updateGeometry). One new
number climbed from the label to the main window, one level per event-loop turn, and the
splitters at the top repainted the whole teaching panel: 5 ms of the GUI thread, several times a
second, which was most of the long frame gaps (make bench, section 2). Qt stops that climb at a
widget of fixed size (width and height), so the label sits in this box with the box's size
fixed on it; the box itself is laid out like the label was (any width, `lines` lines high)
and asks for a new layout only when its number of lines changes.
"""

from __future__ import annotations

import math

from PySide6 import QtGui, QtWidgets


class SteadyBox(QtWidgets.QWidget):
    """Holds `label` (which keeps its whole QLabel API) at this box's size: `lines` lines high,
    or with fit=True as many as its wrapped text needs at the box's width (see fit_lines), and
    at least `min_lines`: a box that keeps its first height wherever that is enough does not
    re-lay its panel out when it is first shown."""

    def __init__(
        self,
        label: QtWidgets.QLabel,
        lines: int,
        fit: bool = False,
        min_lines: int = 1,
        parent=None,
    ):
        super().__init__(parent)
        self.label = label
        self.fit = fit
        self.min_lines = min_lines
        self._fitted: tuple[str, int] | None = None  # the text and width last measured
        self._template: str | None = None
        label.setParent(self)
        # Opaque: the label fills its box with the background colour (the style sheet's,
        # theme.stylesheet), so a new text repaints the label alone. Without this Qt
        # repainted the panels under it too (the right splitter: 1 ms a readout, while
        # training; make bench, section 2).
        label.setAutoFillBackground(True)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.lines = 0
        self.set_lines(lines)

    def set_lines(self, lines: int):
        """Room for `lines` lines of the label's font (a new layout, so only when it changes)."""
        if lines == self.lines:
            return
        self.lines = lines
        self.label.ensurePolished()  # its style sheet's font, not the default one
        height = self.label.fontMetrics().lineSpacing() * lines + 6
        self.setFixedHeight(height)
        # At once, not at the resize event: a hidden box gets that only when shown.
        self.label.setFixedSize(self.width(), height)

    def fit_lines(self, template: str | None = None):
        """As many lines as the label's text (or `template`, a text with the widest values it
        will show) needs at this width: a box whose line count changes now and then, not
        with every number. Measured on a text document of the label's font (the label's own
        heightForWidth answers its fixed height), and only when text or width is new."""
        if template is not None:
            self._template = template  # kept for a resize (the first one, if not laid out yet)
        width = self.width()
        if not self.fit or width <= 0 or not self.label.wordWrap():
            return
        text = self._template if self._template is not None else self.label.text()
        if (text, width) == self._fitted:
            return
        self._fitted = (text, width)
        document = QtGui.QTextDocument()
        document.setDefaultFont(self.label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        document.setTextWidth(max(width - 2 * self.label.margin() - 4, 1))
        spacing = max(self.label.fontMetrics().lineSpacing(), 1)
        needed = math.ceil(document.size().height() / spacing - 0.25)
        self.set_lines(max(self.min_lines, needed))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.label.setFixedSize(self.size())
        if event.size().width() != event.oldSize().width():
            self.fit_lines()  # a new height comes back here with the same width: no loop
