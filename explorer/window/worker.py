"""The training worker: core's Trainer.run() generator, iterated in its own QThread.

It never touches a widget. It sends plain Snapshots (every loss since the last one and copies
of the parameters) at most about 60 times a second, because Trainer.run() yields no more often.
Settings changed while it runs are handed over through a lock and applied between two yields.
Stopping sets a flag checked at every yield and then joins the thread.
"""

from __future__ import annotations

import threading
import weakref

from PySide6 import QtCore, QtWidgets

from core.optim import OptimizerConfig
from core.training import DivergenceError, Trainer

UPDATE_INTERVAL = 1 / 60  # seconds between two snapshots sent to the GUI

_threads: weakref.WeakSet[TrainingThread] = weakref.WeakSet()


def running_threads() -> list[TrainingThread]:
    """Training threads still running (tests fail if any is left after them)."""
    return [t for t in list(_threads) if t.is_running()]


class TrainingWorker(QtCore.QObject):
    """Runs a Trainer; lives in a QThread of its own (see TrainingThread)."""

    # Every signal carries the worker's tag first, so the window can drop what a worker it
    # has already replaced sent just before it stopped.
    snapshot = QtCore.Signal(int, object)  # core.training.Snapshot
    diverged = QtCore.Signal(int, object)  # core.training.DivergenceError
    failed = QtCore.Signal(int, str)  # anything unexpected, as text
    stopped = QtCore.Signal(int)

    def __init__(self, trainer: Trainer, tag: int = 0, max_steps: int | None = None):
        super().__init__()
        self.trainer = trainer
        self.tag = tag
        self.max_steps = max_steps
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending_optimizer: OptimizerConfig | None = None

    def request_stop(self):
        self._stop.set()

    def set_optimizer(self, config: OptimizerConfig):
        """Thread-safe: the new settings take effect at the next yield."""
        with self._lock:
            self._pending_optimizer = config

    @QtCore.Slot()
    def run(self):
        try:
            for snap in self.trainer.run(UPDATE_INTERVAL, self.max_steps):
                self.snapshot.emit(self.tag, snap)
                if self._stop.is_set():
                    break
                with self._lock:
                    pending, self._pending_optimizer = self._pending_optimizer, None
                if pending is not None:
                    self.trainer.set_optimizer(pending)
        except DivergenceError as error:
            self.diverged.emit(self.tag, error)
        except Exception as error:  # the GUI must hear of it; the thread must still end
            self.failed.emit(self.tag, f"{type(error).__name__}: {error}")
        finally:
            self.stopped.emit(self.tag)
            QtCore.QThread.currentThread().quit()


class TrainingThread:
    """Owns one QThread and one TrainingWorker; start() once, stop() joins."""

    def __init__(self, trainer: Trainer, tag: int = 0, max_steps: int | None = None):
        # No parent: the thread is ours to stop and join, never deleted with a widget.
        self.thread = QtCore.QThread()
        self.thread.setObjectName("training")
        self.worker = TrainingWorker(trainer, tag, max_steps)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        _threads.add(self)

    def start(self):
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def stop(self) -> None:
        """Ask the worker to stop at its next yield and wait for the thread to end.

        The wait has no time limit: a step cannot be interrupted inside NumPy, and a QThread
        object released while its thread runs aborts the process. On a huge network (one
        step of seconds) the wait shows a busy cursor.
        """
        self.worker.request_stop()
        self.thread.quit()
        if self.thread.wait(100):
            return
        QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            self.thread.wait()
        finally:
            QtWidgets.QApplication.restoreOverrideCursor()
