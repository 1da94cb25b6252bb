"""Colours, fonts and sizes in one place, for two high-contrast themes and a presentation mode.

The note's colours are drawn on a dark background, as in the Obsidian note they come from, and
that is the default: a dark picture keeps red and yellow vivid on a projector. The light theme
(for bright halls and printed slides) keeps the note's red and darkens its yellow, which is
unreadable on white. Presentation mode scales every font and line up for the back row.

Views read these module attributes when they draw; `use()` changes them and the window is
rebuilt, so no widget keeps an old colour.
"""

from __future__ import annotations

from PySide6 import QtGui

THEMES = {
    "dark": {
        "RED": "#ff5050",  # df_{k+1}/df_k, a layer's output w.r.t. its input
        "YELLOW": "#ffd23c",  # df_{i+1}/dtheta_i, a layer's output w.r.t. its parameters
        "LOSS": "#f2f2f2",  # dL/df_K, uncoloured in the note (the text colour)
        "BOX": "#ffffff",  # the note's box around the new pair
        "BACKGROUND": "#1e1f24",
        "PANEL": "#26282e",
        "TEXT": "#e8e8e8",
        "MUTED": "#9a9da6",
        "DIMMED": "#4a4d55",
        "EDGE": "#9aa0ab",
        "NODE_FILL": "#30333b",
        "NODE_BORDER": "#7d8390",
        "PARAM_FILL": "#3b3524",
        "SELECTED": "#5fb3ff",
        "ERROR": "#ff6b6b",
        "OK": "#6bd68b",
        "BANNER": "#5a1e1e",
        "BANNER_TEXT": "#ffe0e0",
        "PRESSED": "#2c4a66",
        "HEAT_ZERO": "#24262c",
    },
    "light": {
        "RED": "#d01818",
        "YELLOW": "#b88a00",
        "LOSS": "#111111",
        "BOX": "#111111",
        "BACKGROUND": "#ffffff",
        "PANEL": "#f0f0f2",
        "TEXT": "#111111",
        "MUTED": "#4d4f55",
        "DIMMED": "#c4c6cc",
        "EDGE": "#55585f",
        "NODE_FILL": "#f5f5f7",
        "NODE_BORDER": "#3c3f46",
        "PARAM_FILL": "#fff3cf",
        "SELECTED": "#0a5fd6",
        "ERROR": "#c0141e",
        "OK": "#137a2e",
        "BANNER": "#ffe1e1",
        "BANNER_TEXT": "#5a0000",
        "PRESSED": "#cfe0fa",
        "HEAT_ZERO": "#f2f2f2",
    },
}

MATH_FAMILY = "DejaVu Serif"
UI_FAMILY = "DejaVu Sans"

name = "dark"
SCALE = 1.0  # presentation_scale() in presentation mode: every font size and line width

RED = YELLOW = LOSS = BOX = BACKGROUND = PANEL = TEXT = MUTED = DIMMED = EDGE = ""
NODE_FILL = NODE_BORDER = PARAM_FILL = SELECTED = ERROR = OK = BANNER = BANNER_TEXT = ""
PRESSED = HEAT_ZERO = ""
KIND_COLOURS: dict[str, str] = {}


def presentation_scale(screen_height: int) -> float:
    """How much larger presentation mode draws on a screen `screen_height` logical pixels
    high: 1.35 on a 1080-line screen (the size it was designed at), 1.0 at 768 lines and
    below (a 1024x768 projector has no room for larger text: full screen and no side panel
    are what it gains), at most 2.0 on a large screen at device pixel ratio 1."""
    return min(2.0, max(1.0, screen_height / 800))


def use(theme: str = "dark", presentation: bool = False, screen_height: int = 1080) -> None:
    """Switch the colours (and the presentation scale, for a screen `screen_height` logical
    pixels high) for views built from now on."""
    global name, SCALE, KIND_COLOURS
    if theme not in THEMES:
        raise ValueError(f"theme: {theme!r} is not one of {', '.join(THEMES)}")
    name = theme
    SCALE = presentation_scale(screen_height) if presentation else 1.0
    globals().update(THEMES[theme])
    KIND_COLOURS = {"loss": LOSS, "red": RED, "yellow": YELLOW, "forward": SELECTED}


use("dark")


def pt(size: float) -> str:
    """A font size for style sheets and rich text, scaled for presentation mode."""
    return f"{size * SCALE:.1f}pt"


def math_font(
    point_size: float, italic: bool = True, bold: bool = False, scaled: bool = True
) -> QtGui.QFont:
    """The maths font; `scaled` False for views that fit their content to their size anyway."""
    font = QtGui.QFont(MATH_FAMILY)
    font.setPointSizeF(point_size * (SCALE if scaled else 1.0))
    font.setItalic(italic)
    font.setBold(bold)
    return font


def ui_font(point_size: float, bold: bool = False, scaled: bool = True) -> QtGui.QFont:
    font = QtGui.QFont(UI_FAMILY)
    font.setPointSizeF(point_size * (SCALE if scaled else 1.0))
    font.setBold(bold)
    return font


def colour(value: str) -> QtGui.QColor:
    return QtGui.QColor(value)


def stylesheet() -> str:
    return f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-family: "{UI_FAMILY}";
           font-size: {pt(11)}; }}
QGroupBox {{ border: 1px solid {DIMMED}; border-radius: 6px; margin-top: 14px;
             padding: 8px 6px 6px 6px; font-weight: bold; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QPushButton {{ background: {NODE_FILL}; border: 1px solid {NODE_BORDER}; border-radius: 5px;
               padding: 5px 10px; }}
QPushButton:hover {{ border-color: {SELECTED}; }}
QPushButton:pressed, QPushButton:checked {{ background: {PRESSED}; }}
QPushButton:disabled {{ color: {MUTED}; border-color: {DIMMED}; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox {{ background: {PANEL};
    border: 1px solid {DIMMED}; border-radius: 4px; padding: 3px 5px; }}
QLineEdit[invalid="true"] {{ border: 2px solid {ERROR}; }}
QComboBox QAbstractItemView {{ background: {PANEL}; selection-background-color: {PRESSED}; }}
QMenuBar, QMenu {{ background: {PANEL}; }}
QMenu::item:selected, QMenuBar::item:selected {{ background: {PRESSED}; }}
QTabBar::tab {{ background: {PANEL}; padding: 5px 12px; border: 1px solid {DIMMED}; }}
QTabBar::tab:selected {{ background: {PRESSED}; }}
QHeaderView::section {{ background: {PANEL}; }}
QSplitter::handle {{ background: {DIMMED}; }}
QStatusBar {{ background: {PANEL}; }}
QToolTip {{ background: {PANEL}; color: {TEXT}; border: 1px solid {NODE_BORDER}; }}
QLabel#banner {{ background: {BANNER}; color: {BANNER_TEXT}; border: 1px solid {ERROR};
                 border-radius: 5px; padding: 8px; }}
QLabel#error {{ color: {ERROR}; }}
QScrollArea {{ border: none; }}
"""
