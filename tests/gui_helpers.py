"""Helpers for the GUI tests: open a window, click where things are drawn, run the app."""

from PySide6 import QtCore, QtWidgets

from core.experiment import load_preset
from explorer.look.style import apply_style
from explorer.window.main_window import MainWindow


def open_window(qtbot, preset="moons", size=(1280, 800)) -> MainWindow:
    apply_style(QtWidgets.QApplication.instance())
    window = MainWindow(load_preset(preset))
    qtbot.addWidget(window)
    window.choose_side_panel(size[0])  # as the app does for an explicit --size
    window.resize(*size)
    with qtbot.waitExposed(window):
        window.show()
    return window


def click_viewport(qtbot, view, point: QtCore.QPoint):
    """A real left click (press and release) at a viewport position."""
    qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=point)


def click_node(qtbot, window, name: str):
    click_viewport(qtbot, window.ws.graph, window.ws.graph.node_viewport_pos(name))


def click_edge(qtbot, window, u: str, v: str):
    click_viewport(qtbot, window.ws.graph, window.ws.graph.edge_viewport_pos(u, v))


def isolated_env(config_dir=None) -> dict:
    """Environment for running the app in a subprocess: offscreen, and with its own empty
    settings folder so nothing a developer's runs remembered (a size, full screen, a language)
    changes what the test sees."""
    import os
    import tempfile

    folder = config_dir or tempfile.mkdtemp(prefix="bpe-settings-")
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(folder),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )


def run_app(*args, config_dir=None, timeout=120):
    """`python -m explorer ARGS` in a subprocess with isolated_env(); the CompletedProcess."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "explorer", *args],
        capture_output=True,
        text=True,
        env=isolated_env(config_dir),
        timeout=timeout,
    )
