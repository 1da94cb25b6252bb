"""The application-wide look: Qt's font and style sheet, pyqtgraph's colours, from the theme."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.look import theme


def configure_pyqtgraph():
    pg.setConfigOptions(
        antialias=True,
        imageAxisOrder="row-major",
        background=theme.BACKGROUND,
        foreground=theme.TEXT,
    )


def apply_style(app: QtWidgets.QApplication):
    configure_pyqtgraph()
    font = theme.ui_font(11)
    app.setFont(font)
    app.setStyleSheet(theme.stylesheet())


def media_icon(kind: str) -> QtGui.QIcon:
    """'play' (a triangle) or 'pause' (two bars), drawn in the theme's text colour.

    Drawn rather than taken from a font (⏸ is missing from many installed fonts and showed as
    an empty box) or from the style (Fusion's media icons are dark grey: invisible on the dark
    theme's buttons from the back of a hall)."""
    size = 64
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(theme.colour(theme.TEXT))
    if kind == "pause":
        painter.drawRect(QtCore.QRectF(14, 10, 13, 44))
        painter.drawRect(QtCore.QRectF(37, 10, 13, 44))
    else:
        painter.drawPolygon(
            QtGui.QPolygonF([QtCore.QPointF(16, 8), QtCore.QPointF(54, 32), QtCore.QPointF(16, 56)])
        )
    painter.end()
    return QtGui.QIcon(pixmap)
