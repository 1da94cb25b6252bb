"""The application-wide look: Qt's font and style sheet, pyqtgraph's colours, from the theme."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtGui, QtWidgets

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


def standard_icon(name: str) -> QtGui.QIcon:
    """One of Qt's standard icons by its StandardPixmap name ('SP_MediaPause'): drawn by the
    style, so every machine has it (a glyph such as ⏸ is missing from many installed fonts and
    showed as an empty box)."""
    style = QtWidgets.QApplication.style()
    return style.standardIcon(getattr(QtWidgets.QStyle.StandardPixmap, name))
