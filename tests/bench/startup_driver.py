"""Start-up driver: run the app's real entry point and report its first paint, then quit.

Run as `python -m tests.bench.startup_driver [app arguments]` by bench_startup. Before
explorer.app.main() runs, the QApplication is created (main's create_application() then
reuses it) and an event filter is installed on it that watches the MainWindow: at the first
QEvent.Paint of the window it prints FIRST_PAINT <time.monotonic()> and quits the event
loop. time.monotonic() is CLOCK_MONOTONIC, the same clock in the parent process.
"""

import sys
import time

from PySide6 import QtCore, QtWidgets

from explorer.window.qt_app import create_application


class FirstPaint(QtCore.QObject):
    """Installed on the application: sees every event, acts on the main window's first paint.

    It installs itself on the window (QObject.installEventFilter) when the window is first
    shown, so only that window's Paint events are examined from then on.
    """

    def __init__(self, app):
        super().__init__()
        self.app = app
        self.window = None
        self.done = False

    def eventFilter(self, obj, event):
        kind = event.type()
        if self.window is None and kind == QtCore.QEvent.Type.Show:
            if isinstance(obj, QtWidgets.QMainWindow):
                self.window = obj
                self.app.removeEventFilter(self)
                obj.installEventFilter(self)
        elif obj is self.window and kind == QtCore.QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"FIRST_PAINT {time.monotonic():.6f}", flush=True)
            # After this event (and the rest of this frame) is handled, leave the loop.
            QtCore.QTimer.singleShot(0, self._finish)
        return False

    def _finish(self):
        print(f"FRAME_DONE {time.monotonic():.6f}", flush=True)
        self.app.quit()


def main(argv):
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
