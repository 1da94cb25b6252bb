"""Gradient check panel: backprop against central finite differences for every theta_i, on
demand, with the maximum relative error and a pass or fail mark. It runs in a thread of its
own with a progress bar (a wide network takes seconds), on a copy of the parameters."""

from __future__ import annotations

import threading

from PySide6 import QtCore, QtWidgets

from core.gradcheck import CheckCancelledError, gradient_check
from core.network import Network
from explorer.look import i18n, theme

TOLERANCE = 1e-5
MAX_ENTRIES = 60  # per array, for wide layers
MAX_SAMPLES = 64


def tr(text: str) -> str:
    return i18n.tr("CheckPanel", text)


class CheckWorker(QtCore.QObject):
    progress = QtCore.Signal(int, int)
    finished = QtCore.Signal(object)  # list[ThetaCheck]
    failed = QtCore.Signal(str)

    def __init__(self, network: Network, X, Y):
        super().__init__()
        self.network, self.X, self.Y = network, X, Y
        self.cancelled = threading.Event()

    @QtCore.Slot()
    def run(self):
        try:
            results = []
            K = self.network.spec.K
            for i in range(K):
                if self.cancelled.is_set():
                    break
                results += gradient_check(
                    self.network,
                    self.X,
                    self.Y,
                    thetas=[i],
                    max_entries=MAX_ENTRIES,
                    seed=i,
                    should_stop=self.cancelled.is_set,
                )
                self.progress.emit(i + 1, K)
            self.finished.emit(results)
        except CheckCancelledError:
            pass  # stop() asked; nobody waits for the results
        except Exception as error:  # reported in the panel; the thread still ends
            self.failed.emit(f"{type(error).__name__}: {error}")
        finally:
            QtCore.QThread.currentThread().quit()


class CheckPanel(QtWidgets.QWidget):
    checked = QtCore.Signal(object)  # list[ThetaCheck], for tests and the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        row = QtWidgets.QHBoxLayout()
        self.run = QtWidgets.QPushButton(tr("Run gradient check (G)"))
        self.progress = QtWidgets.QProgressBar()
        self.progress.setTextVisible(True)
        self.summary = QtWidgets.QLabel("")
        self.summary.setStyleSheet(f"font-size: {theme.pt(13)};")
        row.addWidget(self.run)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        self.table = QtWidgets.QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [
                "θᵢ",
                tr("max rel. error ∂L/∂Aᵢ"),
                tr("max rel. error ∂L/∂bᵢ"),
                f"≤ {TOLERANCE:g}?",
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        note = QtWidgets.QLabel(
            tr(
                "Central differences of the batch mean loss, step 1e-5, on up to {0} samples "
                "and up to {1} entries per array; the error is relative to the gradient's "
                "largest entry."
            ).format(MAX_SAMPLES, MAX_ENTRIES)
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {theme.MUTED};")
        layout.addWidget(note)
        self._thread: QtCore.QThread | None = None
        self._worker: CheckWorker | None = None
        self.results = []

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, network: Network, X, Y):
        if self.running:
            return
        self.stop()
        self.summary.setText(tr("checking …"))
        self.progress.setRange(0, network.spec.K)
        self.progress.setValue(0)
        self.run.setEnabled(False)
        self._thread = QtCore.QThread()
        self._worker = CheckWorker(network.copy(), X[:MAX_SAMPLES], Y[:MAX_SAMPLES])
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    def stop(self):
        """Cancel a running check and join its thread."""
        if self._thread is not None:
            self._worker.cancelled.set()
            self._thread.quit()
            # No time limit: cancellation is checked before every entry (two forward passes),
            # and a QThread released while running would abort the process.
            self._thread.wait()
            QtCore.QCoreApplication.sendPostedEvents(self, QtCore.QEvent.Type.MetaCall)
        self._thread = self._worker = None
        self.run.setEnabled(True)

    @QtCore.Slot(int, int)
    def _on_progress(self, done, total):
        self.progress.setValue(done)

    @QtCore.Slot(str)
    def _on_failed(self, message):
        failed = tr("check failed: {0}").format(message)
        self.summary.setText(f"<span style='color:{theme.ERROR}'>{failed}</span>")
        self.stop()

    @QtCore.Slot(object)
    def _on_finished(self, results):
        self.results = results
        self.table.setRowCount(len(results))
        for row, check in enumerate(results):
            ok = check.passed(TOLERANCE)
            cells = [
                f"θ{check.theta}",
                f"{check.error_A:.2e}",
                f"{check.error_b:.2e}",
                tr("✔ pass") if ok else tr("✘ FAIL"),
            ]
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if col == 3:
                    item.setForeground(theme.colour(theme.OK if ok else theme.ERROR))
                self.table.setItem(row, col, item)
        worst = max((c.max_relative_error for c in results), default=0.0)
        passed = all(c.passed(TOLERANCE) for c in results)
        colour = theme.OK if passed else theme.ERROR
        verdict = tr("✔ all pass") if passed else tr("✘ some fail")
        self.summary.setText(
            f"<span style='color:{colour}'>{verdict}</span> — "
            + tr("worst relative error {0}").format(f"{worst:.1e}")
        )

        self.stop()
        self.checked.emit(results)
