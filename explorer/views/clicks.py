"""A QGraphicsView that tells a click from a drag: the views pan by dragging, and a press and
release within a few pixels of each other is a click on whatever is drawn there."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

CLICK_SLOP = 6  # pixels a click may move between press and release


class ClickableView(QtWidgets.QGraphicsView):
    """Subclasses implement clicked(pos): a left click at viewport position `pos`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._press_pos: QtCore.QPoint | None = None

    def mousePressEvent(self, event):
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        pos, pressed, self._press_pos = event.position().toPoint(), self._press_pos, None
        if pressed is None or (pos - pressed).manhattanLength() > CLICK_SLOP:
            return  # a drag to pan
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.clicked(pos)

    def clicked(self, pos: QtCore.QPoint) -> None:
        raise NotImplementedError
