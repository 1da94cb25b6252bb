"""Step-through backprop for one sample: Next/Prev (PageDown/PageUp, as a presenter's remote
sends them) or Play at a chosen speed. Each step says what it computes and shows the array it
produced; the window lights the graph and the formula to match."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from core.stepthrough import Step
from explorer import theme
from explorer.matrix_view import Heatmap


def _html(name: str) -> str:
    """'dL/dA_0' -> '∂L/∂A<sub>0</sub>', 'f_2' -> 'f<sub>2</sub>'."""
    name = name.replace("dL/d", "∂L/∂")
    if "_" in name:
        head, _, index = name.rpartition("_")
        return f"{head}<sub>{index}</sub>"
    return name


class StepPanel(QtWidgets.QWidget):
    stepChanged = QtCore.Signal(int)  # index into steps, or -1 when leaving step mode

    def __init__(self, parent=None):
        super().__init__(parent)
        self.steps: list[Step] = []
        self.index = -1
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        self.prev = QtWidgets.QPushButton("◀ PgUp")
        self.next = QtWidgets.QPushButton("PgDn ▶")
        self.play = QtWidgets.QPushButton("▶ Play")
        self.play.setCheckable(True)
        self.speed = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.speed.setRange(1, 10)
        self.speed.setValue(3)
        self.speed.setMaximumWidth(160)
        self.speed.setToolTip("steps per second")
        self.leave = QtWidgets.QPushButton("Done")
        self.position = QtWidgets.QLabel("")
        for w in (self.prev, self.next, self.play, self.leave):
            bar.addWidget(w)
        layout.addLayout(bar)
        second = QtWidgets.QHBoxLayout()
        second.addWidget(QtWidgets.QLabel("speed"))
        second.addWidget(self.speed)
        second.addWidget(self.position, 1)
        layout.addLayout(second)
        self.title = QtWidgets.QLabel(
            "Press Next to walk backprop for the chosen sample, forward pass first."
        )
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"font-size: {theme.pt(15)};")
        layout.addWidget(self.title)
        maps = QtWidgets.QHBoxLayout()
        self.maps = [Heatmap(), Heatmap()]
        for m in self.maps:
            maps.addWidget(m)
        layout.addLayout(maps, 1)
        self.prev.setToolTip("previous step (Page Up)")
        self.next.setToolTip("next step (Page Down)")
        self.prev.clicked.connect(self.go_prev)
        self.next.clicked.connect(self.go_next)
        self.leave.clicked.connect(lambda: self.go(-1))
        self.play.toggled.connect(self._play_toggled)
        self.speed.valueChanged.connect(self._speed_changed)
        self.timer = QtCore.QTimer(self)
        self.timer.timeout.connect(self._tick)

    def set_steps(self, steps: list[Step]):
        """New steps (another sample, or parameters that changed); the position is kept."""
        self.steps = steps
        if self.index >= len(steps):
            self.index = len(steps) - 1
        self._show()

    @property
    def active(self) -> bool:
        return self.index >= 0

    def current(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def go(self, index: int):
        self.index = max(-1, min(index, len(self.steps) - 1))
        if self.index < 0:
            self.play.setChecked(False)
        self._show()
        self.stepChanged.emit(self.index)

    def go_next(self):
        self.go(self.index + 1)

    def go_prev(self):
        self.go(self.index - 1)

    def _play_toggled(self, on: bool):
        self.play.setText("⏸ Pause" if on else "▶ Play")
        if on:
            if self.index >= len(self.steps) - 1:
                self.go(-1)
            self._speed_changed(self.speed.value())
            self.timer.start()
        else:
            self.timer.stop()

    def _speed_changed(self, per_second: int):
        self.timer.setInterval(int(1000 / per_second))

    def _tick(self):
        if self.index >= len(self.steps) - 1:
            self.play.setChecked(False)
            return
        self.go_next()

    def _show(self):
        step = self.current()
        self.position.setText(f"step {self.index + 1} of {len(self.steps)}" if step else "")
        self.prev.setEnabled(self.index > -1)
        self.next.setEnabled(self.index < len(self.steps) - 1)
        if step is None:
            self.title.setText(
                "Press Next to walk backprop for the chosen sample, forward pass first."
            )
            for m in self.maps:
                m.hide()
            return
        phase = "Forward" if step.phase == "forward" else "Backward"
        self.title.setText(f"<b>{phase}.</b> {step.title}")
        items = list(step.values.items())
        for m, (name, value) in zip(self.maps, items, strict=False):
            m.show()
            # Layer vectors (z_k, f_k, dL/db_i) read best as columns; matrices and the row
            # vectors dL/df_k (the note's prefixes) are shown as they are.
            shown = value[:, None] if value.ndim == 1 else value
            m.set_matrix(shown, _html(name))
        for m in self.maps[len(items) :]:
            m.hide()
