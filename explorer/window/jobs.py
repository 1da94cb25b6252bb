"""Every background job of the app (training, the gradient check, loading a CSV file) runs
through this one mechanism: superqt's generator worker, as napari uses it.

A job is a generator function of plain Python (no widgets). Each `yield` sends a result to
the GUI thread and is where the job can be stopped; `send()` hands it new settings, which
arrive as the value of its next `yield`; what it returns, or the exception it raised, arrives
in the GUI thread too. Every job carries a tag, so results a replaced job posted just before
it stopped can be told apart.

`Job.stop()` asks the job to quit, waits for its thread, then delivers the results it had
already posted, in order: after stop() returns, nothing of the job is pending or running.
The Job class lives in job_worker and is imported with the first job (see worker_class).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

if TYPE_CHECKING:
    from explorer.window.job_worker import Job

WORKER_MODULE = "explorer.window.job_worker"


def worker_class() -> type[Job]:
    """The Job class. Imported here, on first use, rather than at start-up: superqt's package
    imports all of its widgets (0.1 s measured, a tenth of the app's launch to first paint);
    the window calls preload() once it has painted, so the first Space does not wait."""
    return importlib.import_module(WORKER_MODULE).Job


def preload() -> None:
    worker_class()


def start_job(func: Callable[..., Generator], *args, name: str = "job", **handlers) -> Job:
    """Start `func(*args)` as a Job with handlers by kind: yield=, return_=, error=, finish=
    (each called in the GUI thread with the job's tag first)."""
    if "return_" in handlers:
        handlers["return"] = handlers.pop("return_")
    job = worker_class()(func, *args, name=name).connect(**handlers)
    job.start()
    return job


def running_jobs() -> list[Job]:
    """Jobs whose thread has not ended (tests fail if one is left after them)."""
    module = sys.modules.get(WORKER_MODULE)
    return module.running() if module is not None else []


def run_blocking(parent, label: str, func: Callable[..., Generator], *args):
    """Run `func(*args)` as a job while the window stays painted, with a busy dialog after
    300 ms; return what it returns or raise what it raised (a file the user waits for)."""
    outcome: dict = {}
    loop = QtCore.QEventLoop()
    job = start_job(
        func,
        *args,
        name=label,
        return_=lambda tag, value: outcome.setdefault("value", value),
        error=lambda tag, error: outcome.setdefault("error", error),
        finish=lambda tag: loop.quit(),
    )
    dialog = QtWidgets.QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)  # starts the dialog's show-after-300-ms timer
    if job.running:
        loop.exec()  # the finish handler is queued to this thread: it cannot be missed
    job.wait()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
