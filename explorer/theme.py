"""Colours and fonts in one place.

The note's colours are drawn on a dark background, as in the Obsidian note they come from:
yellow is unreadable on white, and a dark hall-projector picture keeps red and yellow vivid.
"""

from __future__ import annotations

from PySide6 import QtGui

# The note's colours.
RED = "#ff5050"  # df_{k+1}/df_k, a layer's output w.r.t. its input
YELLOW = "#ffd23c"  # df_{i+1}/dtheta_i, a layer's output w.r.t. its parameters
LOSS = "#f2f2f2"  # dL/df_K, uncoloured in the note (the text colour)
BOX = "#ffffff"  # the note's box around the new pair

BACKGROUND = "#1e1f24"
PANEL = "#26282e"
TEXT = "#e8e8e8"
MUTED = "#8a8d96"
DIMMED = "#4a4d55"
EDGE = "#9aa0ab"
NODE_FILL = "#30333b"
NODE_BORDER = "#7d8390"
PARAM_FILL = "#3b3524"
SELECTED = "#5fb3ff"
ERROR = "#ff6b6b"
OK = "#6bd68b"

KIND_COLOURS = {"loss": LOSS, "red": RED, "yellow": YELLOW, "forward": SELECTED}

MATH_FAMILY = "DejaVu Serif"
UI_FAMILY = "DejaVu Sans"


def math_font(point_size: float, italic: bool = True, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont(MATH_FAMILY)
    font.setPointSizeF(point_size)
    font.setItalic(italic)
    font.setBold(bold)
    return font


def colour(name: str) -> QtGui.QColor:
    return QtGui.QColor(name)


STYLESHEET = f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-family: "{UI_FAMILY}"; }}
QGroupBox {{ border: 1px solid {DIMMED}; border-radius: 6px; margin-top: 14px;
             padding: 8px 6px 6px 6px; font-weight: bold; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QPushButton {{ background: {NODE_FILL}; border: 1px solid {NODE_BORDER}; border-radius: 5px;
               padding: 5px 10px; }}
QPushButton:hover {{ border-color: {SELECTED}; }}
QPushButton:pressed, QPushButton:checked {{ background: #2c4a66; }}
QPushButton:disabled {{ color: {MUTED}; border-color: {DIMMED}; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox {{ background: {PANEL};
    border: 1px solid {DIMMED}; border-radius: 4px; padding: 3px 5px; }}
QLineEdit[invalid="true"] {{ border: 2px solid {ERROR}; }}
QComboBox QAbstractItemView {{ background: {PANEL}; selection-background-color: #2c4a66; }}
QSplitter::handle {{ background: {DIMMED}; }}
QStatusBar {{ background: {PANEL}; }}
QToolTip {{ background: {PANEL}; color: {TEXT}; border: 1px solid {NODE_BORDER}; }}
QLabel#banner {{ background: #5a1e1e; color: #ffe0e0; border: 1px solid {ERROR};
                 border-radius: 5px; padding: 8px; }}
QLabel#error {{ color: {ERROR}; }}
QScrollArea {{ border: none; }}
"""
