"""Step-through backprop for one sample: Next/Prev (PageDown/PageUp, as a presenter's remote
sends them) or Play at a chosen speed. Each step says what it computes and shows the array it
produced; the window lights the graph and the formula to match."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from core import notation
from core.stepthrough import Step
from explorer.look import i18n, names, theme
from explorer.look.style import media_icon
from explorer.views.matrix_view import Heatmap


def tr(text: str) -> str:
    return i18n.tr("StepPanel", text)


def _html(name: str) -> str:
    """'dL/dA_0' -> '∂L/∂A<sub>0</sub>', 'f_2' -> 'f<sub>2</sub>'."""
    name = name.replace("dL/d", "∂L/∂")
    if "_" in name:
        head, _, index = name.rpartition("_")
        return f"{head}<sub>{index}</sub>"
    return name


def _index(name: str) -> int:
    """'dL/df_3' -> 3."""
    return int(name.rpartition("_")[2])


def sentence(step: Step) -> str:
    """What the step computes, in the interface's language: core's step.title (English, the
    note's notation) rebuilt from the step's data; in English the two are the same."""
    keys = list(step.values)
    if keys == ["f_0"]:
        return tr("x = f₀ enters the network")
    if keys and keys[0].startswith("z_"):  # z_k = A f + b, f_k = σ_k(z_k)   (activation)
        head, _, activation = step.title.rpartition("(")
        return f"{head}({names.activation(activation.rstrip(')'))})"
    if keys and keys[0].startswith("dL/dA_"):
        return tr("∂L/∂θ_{0} = ∂L/∂f_{1} · ∂f_{1}/∂θ_{0}: gradient of θ_{0} ready").format(
            step.theta, step.theta + 1
        )
    if keys and keys[0].startswith("dL/df_"):
        i = _index(keys[0])
        if step.factor == 0:
            # The first factor as core wrote it for the loss chosen: maths, not words.
            return tr("start: {0}").format(step.title.split(": ", 1)[-1])
        return tr(
            "∂L/∂f_{0} = ∂L/∂f_{1} · ∂f_{1}/∂f_{0}: one red factor more; "
            "the prefix ∂L/∂f_{1} is reused"
        ).format(i, i + 1)
    return step.title  # the loss: maths only


class StepPanel(QtWidgets.QWidget):
    """Shows the steps it is given at the position it is given; asks for another position
    with `stepRequested` (the model keeps the position, so a rebuilt window keeps it too)."""

    stepRequested = QtCore.Signal(int)  # index into steps, or -1 to leave the step-through

    def __init__(self, parent=None):
        super().__init__(parent)
        self.steps: list[Step] = []
        self.index = -1
        layout = QtWidgets.QVBoxLayout(self)
        bar = QtWidgets.QHBoxLayout()
        # Key names, as printed on keyboards and remotes in either language.
        self.prev = QtWidgets.QPushButton("◀ PgUp")
        self.next = QtWidgets.QPushButton("PgDn ▶")
        self.play = QtWidgets.QPushButton(tr("Play"))
        self.play.setIcon(media_icon("play"))
        self.play.setCheckable(True)
        self.speed = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.speed.setRange(1, 10)
        self.speed.setValue(3)
        self.speed.setMaximumWidth(160)
        self.speed.setToolTip(tr("steps per second"))
        self.leave = QtWidgets.QPushButton(tr("Done"))
        self.leave.setToolTip(tr("leave the step-through: the chain of the selected θ again"))
        self.position = QtWidgets.QLabel("")
        for w in (self.prev, self.next, self.play, self.leave):
            bar.addWidget(w)
        layout.addLayout(bar)
        second = QtWidgets.QHBoxLayout()
        second.addWidget(QtWidgets.QLabel(tr("speed")))
        second.addWidget(self.speed)
        second.addWidget(self.position, 1)
        layout.addLayout(second)
        self.title = QtWidgets.QLabel(self.hint())
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"font-size: {theme.pt(15)};")
        layout.addWidget(self.title)
        maps = QtWidgets.QHBoxLayout()
        self.maps = [Heatmap(), Heatmap()]
        for m in self.maps:
            maps.addWidget(m)
        layout.addLayout(maps, 1)
        self.prev.setToolTip(tr("previous step (Page Up)"))
        self.next.setToolTip(tr("next step (Page Down)"))
        self.prev.clicked.connect(self.go_prev)
        self.next.clicked.connect(self.go_next)
        self.leave.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.play.toggled.connect(self._play_toggled)
        self.speed.valueChanged.connect(self._speed_changed)
        self.timer = QtCore.QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._shown: tuple | None = None
        self.image_shape: tuple[int, int] | None = None

    @staticmethod
    def hint() -> str:
        return tr("Press PgDn to walk backprop for the chosen sample, forward pass first.")

    def show_steps(self, steps: list[Step], index: int, image_shape: tuple[int, int] | None = None):
        """Render position `index` (-1: none) of `steps`. image_shape (h, w): the input is an
        image of h x w pixels, and x = f_0 is drawn as that image (a 64 x 1 column is a line
        one cell wide; the picture is what a student recognises)."""
        if image_shape != self.image_shape:
            self.image_shape, self._shown = image_shape, None
        self.steps, self.index = steps, index
        if index < 0 and self.play.isChecked():
            self.play.setChecked(False)
        self._show()

    def current(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def go_next(self):
        self.stepRequested.emit(self.index + 1)

    def go_prev(self):
        self.stepRequested.emit(self.index - 1)

    def _play_toggled(self, on: bool):
        self.play.setText(tr("Pause") if on else tr("Play"))
        self.play.setIcon(media_icon("pause" if on else "play"))
        if on:
            if self.steps and self.index >= len(self.steps) - 1:
                self.stepRequested.emit(-1)
            self._speed_changed(self.speed.value())
            self.timer.start()
        else:
            self.timer.stop()

    def _speed_changed(self, per_second: int):
        self.timer.setInterval(int(1000 / per_second))

    def _tick(self):
        if self.steps and self.index >= len(self.steps) - 1:
            self.play.setChecked(False)
            return
        self.go_next()

    def _show(self):
        step = self.current()
        self.position.setText(
            tr("step {0} of {1}").format(self.index + 1, len(self.steps)) if step else ""
        )
        self.prev.setEnabled(self.index > -1)
        self.next.setEnabled(not self.steps or self.index < len(self.steps) - 1)
        if step is None:
            self.title.setText(self.hint())
            for m in self.maps:
                m.hide()
            self._shown = None
            return
        if self._shown is not None and self._shown[0] is step:
            return  # the same step object: nothing changed since it was drawn
        self._shown = (step,)
        phase = tr("Forward.") if step.phase == "forward" else tr("Backward.")
        self.title.setText(f"<b>{phase}</b> {notation.rich(i18n.unbroken(sentence(step)))}")

        items = list(step.values.items())
        for m, (name, value) in zip(self.maps, items, strict=False):
            m.show()
            # Layer vectors (z_k, f_k, dL/db_i) read best as columns; matrices and the row
            # vectors dL/df_k (the note's prefixes) are shown as they are.
            shown = value[:, None] if value.ndim == 1 else value
            title = _html(name)
            if name == "f_0" and self.image_shape and value.size == np.prod(self.image_shape):
                h, w = self.image_shape
                shown = value.reshape(h, w)
                title = tr("x = f₀ ∈ ℝ<sup>{0}</sup> drawn as its {1}×{2} image").format(
                    value.size, h, w
                )
            m.set_matrix(shown, title)
        for m in self.maps[len(items) :]:
            m.hide()
