"""History scrub: a slider over the snapshots kept during training. Moving it shows the
network as it was at that step while training goes on; Live (or L) returns."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.look import i18n


def tr(text: str) -> str:
    return i18n.tr("Timeline", text)


class Timeline(QtWidgets.QWidget):
    scrubbed = QtCore.Signal(int)  # index into the kept snapshots
    liveRequested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QtWidgets.QLabel(tr("history")))
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip(tr("drag to see the network at an earlier step"))
        self.label = QtWidgets.QLabel(tr("live"))
        self.label.setMinimumWidth(110)
        self.live = QtWidgets.QPushButton(tr("Live (L)"))
        self.live.setEnabled(False)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.live)
        self.slider.valueChanged.connect(self.scrubbed)
        self.live.clicked.connect(self.liveRequested)

    def set_count(self, count: int, live: bool, viewed_index: int | None = None):
        """`count` snapshots kept; while live the handle follows the newest, else it stays on
        the snapshot being viewed (`viewed_index`, which moves as old snapshots thin out)."""
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(count - 1, 0))
        if live:
            self.slider.setValue(max(count - 1, 0))
        elif viewed_index is not None:
            self.slider.setValue(viewed_index)
        self.slider.blockSignals(False)
        self.slider.setEnabled(count > 1)

    def show_state(self, step: int | None, live: bool):
        self.label.setText(
            tr("live") if live else tr("viewing step {0}").format(i18n.integer(step))
        )

        self.live.setEnabled(not live)
