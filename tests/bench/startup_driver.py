"""Start-up driver: run the app's real entry point and report its first paint, then quit.

Run as `python -m tests.bench.startup_driver [app arguments]` by bench_startup, or with
`--bare` for the baseline (a bare PySide6 + pyqtgraph window). The Qt-free engine is imported
first, as the entry point does (explorer.app.load_engine). Before explorer.app.main()
runs, the QApplication is created (main's create_application() then reuses it) and an event
filter is installed on it: at the first QEvent.Paint in the main window it prints
FIRST_PAINT <time.monotonic()> and quits the event loop. time.monotonic() is
CLOCK_MONOTONIC, the same clock in the parent process.
"""

import sys
import time

if __name__ == "__main__" and sys.argv[1:2] != ["--bare"]:
    # What the backprop-explorer entry point does before it imports Qt (explorer.app
    # load_engine); this driver must import Qt to watch for the first paint, so it does it
    # first in the same order.
    from explorer.app import load_engine

    load_engine()

from PySide6 import QtCore, QtWidgets


class FirstPaint(QtCore.QObject):
    """Installed on the application: sees every event; at the first Paint of the main window
    or of any widget in it (a window filled by its children never paints itself), prints
    FIRST_PAINT and leaves the event loop once that frame is done. The same rule for the app
    and for the bare baseline window."""

    def __init__(self, app):
        super().__init__()
        self.app = app
        self.done = False

    def eventFilter(self, obj, event):
        if (
            not self.done
            and event.type() == QtCore.QEvent.Type.Paint
            and isinstance(obj, QtWidgets.QWidget)
            and isinstance(obj.window(), QtWidgets.QMainWindow)
        ):
            self.done = True
            print(f"FIRST_PAINT {time.monotonic():.6f}", flush=True)
            # After this event (and the rest of this frame) is handled, leave the loop.
            QtCore.QTimer.singleShot(0, self._finish)
        return False

    def _finish(self):
        print(f"FRAME_DONE {time.monotonic():.6f}", flush=True)
        self.app.quit()


def bare(app) -> int:
    """The baseline: a bare PySide6 + pyqtgraph window (a QMainWindow holding one PlotWidget),
    launched the same way, so the app's start-up is judged as a ratio the machine cannot
    move (imports, interpreter and Qt start-up cost the same in both)."""
    import pyqtgraph as pg

    window = QtWidgets.QMainWindow()
    plot = pg.PlotWidget()
    plot.plot([0, 1, 2], [1, 0, 1])
    window.setCentralWidget(plot)
    window.resize(1600, 1000)
    window.show()
    app.exec()
    return 0


def main(argv):
    if argv[:1] == ["--bare"]:
        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["bare"])
        watcher = FirstPaint(app)
        app.installEventFilter(watcher)
        bare(app)
        return 0 if watcher.done else 1
    from explorer.window.qt_app import create_application

    app = create_application()
    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
    from explorer.app import main as app_main

    code = app_main(argv)
    if not watcher.done:
        print("NO_PAINT", flush=True)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
