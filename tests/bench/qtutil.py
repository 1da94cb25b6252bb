"""Qt helpers: the application, waiting in the event loop, opening and closing windows."""

from __future__ import annotations

import time

from PySide6 import QtCore, QtWidgets

from core.experiment import Experiment
from explorer.window.qt_app import create_application, make_window

WINDOW_SIZE = (1600, 1000)  # what `make screenshot` uses; the offscreen screen is smaller


def app() -> QtWidgets.QApplication:
    return create_application()


def wait_ms(ms: int):
    """Run the Qt event loop for `ms` milliseconds (timers, queued signals and paints run)."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(ms, loop.quit)
    loop.exec()


class PaintCounter(QtCore.QObject):
    """Event filter that counts Paint events of the widgets it is installed on."""

    def __init__(self):
        super().__init__()
        self.count = 0
        self.first: float | None = None

    def eventFilter(self, obj, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
            if self.first is None:
                self.first = time.perf_counter()
        return False


def open_window(experiment: Experiment, select: int | None = 0, settle_ms: int = 300):
    """A MainWindow as the app shows it: default settings, 1600x1000, shown and painted."""
    # The suite points XDG_CONFIG_HOME at a temporary directory; clearing it gives every
    # window the same default splitters and log-y state instead of the previous window's.
    QtCore.QSettings().clear()
    window = make_window(experiment, select, WINDOW_SIZE)
    window.show()
    app().processEvents()
    wait_ms(settle_ms)
    return window


def close_window(window):
    window.set_training(False)
    window.discard_and_close()  # a trained session is "modified": close without the question
    window.deleteLater()
    app().processEvents()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    app().processEvents()
