"""Gradient check panel: backprop against central finite differences for every theta_i, on
demand, with the maximum relative error and a pass or fail mark. check_job runs it as a job
(a wide network takes seconds) on a copy of the parameters; the panel shows its state."""

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


def check_job(network: Network, X, Y, cancelled: threading.Event):
    """The gradient check as a job (explorer.window.jobs): every θᵢ in turn on a copy of the
    parameters, yielding (done, total) after each; returns the list of ThetaCheck. Setting
    `cancelled` stops it before the next entry (two forward passes), not only at a yield."""
    network = network.copy()
    X, Y = X[:MAX_SAMPLES], Y[:MAX_SAMPLES]
    K = network.spec.K
    results = []
    for i in range(K):
        try:
            results += gradient_check(
                network,
                X,
                Y,
                thetas=[i],
                max_entries=MAX_ENTRIES,
                seed=i,
                should_stop=cancelled.is_set,
            )
        except CheckCancelledError:
            return None
        yield (i + 1, K)
    return results


class CheckPanel(QtWidgets.QWidget):
    runRequested = QtCore.Signal()

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
        self.run.clicked.connect(self.runRequested)

    def show_state(self, running: bool, done: int, total: int, results, error: str | None):
        """Render a check: running with `done` of `total` θ checked, or its results (a list
        of core.gradcheck.ThetaCheck), or the error that stopped it; all None: none yet."""
        self.run.setEnabled(not running)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if running:
            self.summary.setText(tr("checking …"))
            return
        if error is not None:
            failed = tr("check failed: {0}").format(error)
            self.summary.setText(f"<span style='color:{theme.ERROR}'>{failed}</span>")
            return
        if results is None:
            self.summary.setText("")
            self.table.setRowCount(0)
            return
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
