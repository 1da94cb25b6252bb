"""Creating the QApplication and running or rendering the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from core.experiment import Experiment
from explorer.look import i18n, theme
from explorer.look.style import apply_style
from explorer.window.main_window import MainWindow

ORGANIZATION = "BackpropExplorer"
APPLICATION = "Backprop Explorer"


# The GUI thread and the training thread share one GIL. With Python's default 5 ms switch
# interval a repaint waits up to 5 ms for the trainer to let go, and the trainer waits as long
# for the GUI: at 0.5 ms the window's 99th-percentile frame gap and the trainer's speed both
# improve (make bench, section 2).
SWITCH_INTERVAL = 0.0005


def create_application(language: str | None = None) -> QtWidgets.QApplication:
    """The application, with the theme and language remembered from the last run; `language`
    (from --lang) wins over the remembered one, which wins over the system's."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([APPLICATION])
    QtCore.QCoreApplication.setOrganizationName(ORGANIZATION)
    QtCore.QCoreApplication.setApplicationName(APPLICATION)
    settings = QtCore.QSettings()
    remembered_theme = str(settings.value("theme", "dark"))
    theme.use(remembered_theme if remembered_theme in theme.THEMES else "dark")
    remembered = str(settings.value("language", ""))
    chosen = language or (remembered if remembered in i18n.LANGUAGES else i18n.system_language())
    i18n.install(app, chosen)
    apply_style(app)
    return app


def make_window(experiment: Experiment, select: int | None, size):
    window = MainWindow(experiment)
    if size:
        # An explicit size wins over the remembered geometry (and a remembered full screen).
        window.setWindowState(QtCore.Qt.WindowState.WindowNoState)
        window.choose_side_panel(size[0])  # first: a shown panel would widen the minimum
        window.resize(*size)
    if select is not None:
        window.select_theta(select)
    return window


def run_window(app, experiment: Experiment, select=None, size=None, train_steps=0) -> int:
    window = make_window(experiment, select, size)
    if train_steps:  # --train-steps N: the window opens on a network already trained N steps
        window.train_here(train_steps)
    window.show()
    return app.exec()


def screenshot(app, experiment, path: Path, select=None, train_steps=0, size=None) -> int:
    window = make_window(experiment, select, size or (1600, 1000))
    if train_steps:
        window.train_here(train_steps)
    window.show()
    # Let layouts settle and the timers draw once before grabbing.
    for _ in range(3):
        app.processEvents()
        window.refresh_all()
    app.processEvents()
    image = window.grab()
    window.discard_and_close()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        raise SystemExit(f"backprop-explorer: could not write {path}")
    print(f"wrote {path} ({image.width()}x{image.height()})")
    return 0


def export_headless(
    app, experiment, what, output: Path, select=None, train_steps=0, size=None
) -> int:
    from explorer.window.export import ExportError, export

    window = make_window(experiment, select, size or (1600, 1000))
    try:
        if train_steps:
            window.train_here(train_steps)
        window.show()
        app.processEvents()
        path = export(window, what, output)
    except ExportError as error:
        raise SystemExit(f"backprop-explorer export: {error}") from None
    finally:
        window.discard_and_close()
    print(f"wrote {path}")
    return 0


def record_headless(app, experiment, recording, select=None, train_steps=0, size=None) -> int:
    """`export --what animation`: train `recording.steps` steps, rendering its frames
    offscreen, and write the animation."""
    from core.animation import AnimationError
    from explorer.window.animation import record_here

    window = make_window(experiment, select, size or (1600, 1000))
    try:
        if train_steps:
            window.train_here(train_steps)
        window.show()
        app.processEvents()
        path = record_here(window, recording)
    except AnimationError as error:
        raise SystemExit(f"backprop-explorer export: {error}") from None
    finally:
        window.discard_and_close()
    print(f"wrote {path} ({recording.frames} frames, {recording.fps} per second)")
    return 0
