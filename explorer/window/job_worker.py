"""The Job class behind explorer.window.jobs: superqt's GeneratorWorker with a tag, a relay
into the GUI thread and a stop that joins. Imported on the first job (see jobs.worker_class):
`import superqt` loads all of superqt's widgets, 0.1 s of start-up the first window does not
need."""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable, Generator

from PySide6 import QtCore, QtWidgets
from superqt.utils import GeneratorWorker

# Three jobs may run together (training, a gradient check, a CSV load): the global pool's
# default of one thread per core would queue the third on a two-core machine.
MIN_POOL_THREADS = 4
BUSY_CURSOR_AFTER_MS = 100

_tags = itertools.count(1)
_jobs: weakref.WeakSet[Job] = weakref.WeakSet()


class _Relay(QtCore.QObject):
    """Lives in the GUI thread and receives the job's signals there (queued), so stop() can
    deliver exactly this job's pending results with sendPostedEvents(relay)."""

    def __init__(self, tag: int):
        super().__init__()
        self.tag = tag
        self.handlers: dict[str, Callable] = {}

    def _call(self, kind: str, *value):
        handler = self.handlers.get(kind)
        if handler is not None:
            handler(self.tag, *value)

    @QtCore.Slot(object)
    def on_yielded(self, value):
        self._call("yield", value)

    @QtCore.Slot(object)
    def on_returned(self, value):
        self._call("return", value)

    @QtCore.Slot(object)
    def on_errored(self, error):
        self._call("error", error)

    @QtCore.Slot()
    def on_finished(self):
        self._call("finish")


class Job(GeneratorWorker):
    """A generator run in the global thread pool, with a tag and a stop that joins."""

    def __init__(self, func: Callable[..., Generator], *args, name: str = "job", **kwargs):
        super().__init__(func, *args, **kwargs)
        self.tag = next(_tags)
        self.name = name
        self._done = threading.Event()
        self._relay = _Relay(self.tag)
        self.yielded.connect(self._relay.on_yielded)
        self.returned.connect(self._relay.on_returned)
        self.errored.connect(self._relay.on_errored)
        self.finished.connect(self._relay.on_finished)
        # The pool must not delete the runnable: stop() and flush() use it after its thread
        # ended, and Python owns it.
        self.setAutoDelete(False)

    def connect(self, **handlers: Callable) -> Job:
        """Handlers by kind (yield, return, error, finish), each called in the GUI thread
        with the job's tag first."""
        self._relay.handlers.update(handlers)
        return self

    def run(self) -> None:  # in the pool's thread
        try:
            super().run()
        finally:
            self._done.set()

    def start(self) -> None:
        pool = QtCore.QThreadPool.globalInstance()
        if pool.maxThreadCount() < MIN_POOL_THREADS:
            pool.setMaxThreadCount(MIN_POOL_THREADS)
        _jobs.add(self)
        # superqt defers a start by one timer turn when an event loop runs; start at once, so
        # a job stopped right away has a thread to end and stop() cannot wait for nothing.
        self._worker_set.add(self)
        self._finished.connect(self._set_discard)
        pool.start(self)

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    def stop(self) -> None:
        """Ask the job to quit at its next yield, wait for its thread to end, then deliver the
        results it posted before it ended. No time limit: a yield cannot be interrupted inside
        NumPy, and one step of a huge network can take seconds (a busy cursor shows then)."""
        self.quit()
        if not self._done.wait(BUSY_CURSOR_AFTER_MS / 1000):
            QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
            try:
                self._done.wait()
            finally:
                QtWidgets.QApplication.restoreOverrideCursor()
        self.flush()

    def flush(self) -> None:
        """Deliver, now and in order, what this job posted to the GUI thread."""
        QtCore.QCoreApplication.sendPostedEvents(self._relay, QtCore.QEvent.Type.MetaCall)

    def wait(self) -> None:
        """Wait for the job to end by itself, then deliver what it posted."""
        self._done.wait()
        self.flush()


def running() -> list[Job]:
    """Jobs whose thread has not ended."""
    return [job for job in list(_jobs) if job.running]
