"""The application-wide look: Qt's font and style sheet, pyqtgraph's colours, from the theme."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtWidgets

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
