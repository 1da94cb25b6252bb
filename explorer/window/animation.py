"""Recording training as an animation for slides (File → Export animation…, and
`backprop-explorer export --what animation`).

The model trains in core (Model.step) between frames; each frame is the view's own rendering
(QWidget.grab, offscreen too) of the loss curve, the prediction, the selected chain (the
centre column: graph, formula and the teaching tabs with its matrices), or the whole window,
with a caption strip that names the step. core.animation plans the recording and encodes the
frames with Pillow or imageio-ffmpeg.

In the window the recording never freezes the GUI: frames are trained and rendered on the
GUI thread in slices of at most SLICE_SECONDS, one slice per turn of the event loop, and the
encoding, which needs no widget, runs as a job (explorer.window.jobs).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from core import animation
from core.animation import AnimationError, Recording
from explorer.look import i18n, theme
from explorer.window import dialogs
from explorer.window.jobs import start_job

SLICE_SECONDS = 0.03  # GUI-thread time one slice of a recording may take (training steps)
CAPTION_HEIGHT = 28  # pixels of the strip under each frame that names its step


def tr(text: str) -> str:
    return i18n.tr("Animation", text)


def part_names() -> dict[str, str]:
    return {
        "loss": tr("Loss curve"),
        "prediction": tr("Prediction"),
        "chain": tr("The chain: graph, formula and matrices"),
        "window": tr("Whole window"),
    }


def _part_widget(window, part: str) -> QtWidgets.QWidget:
    ws = window.ws
    return {
        "loss": lambda: ws.loss_plot.plot,
        "prediction": lambda: ws.prediction.plot,
        "chain": lambda: ws.centre,  # the graph, the formula and the teaching tabs
        "window": lambda: window,
    }[part]()


def prepare(window, recording: Recording) -> None:
    """Before the first frame: training stopped; for the chain, θ₀ (the longest chain) when
    nothing is selected."""
    window.stop_training()
    if recording.part == "chain" and window.model.theta is None:
        window.select_theta(0)


def render_frame(window, part: str, step: int) -> np.ndarray:
    """The part as the window draws it now, with the caption 'step N' under it: an RGB array
    (height + CAPTION_HEIGHT, width, 3) of uint8."""
    window.refresh_all()
    picture = _part_widget(window, part).grab().toImage()
    ratio = picture.devicePixelRatio()
    picture.setDevicePixelRatio(1.0)  # drawn pixel for pixel: frames keep the screen's detail
    width, height = picture.width(), picture.height()
    strip = round(CAPTION_HEIGHT * ratio)
    image = QtGui.QImage(width, height + strip, QtGui.QImage.Format.Format_RGB888)
    image.fill(theme.colour(theme.BACKGROUND))
    painter = QtGui.QPainter(image)
    try:
        painter.drawImage(0, 0, picture)
        painter.setPen(theme.colour(theme.TEXT))
        font = theme.ui_font(11, scaled=False)
        font.setPixelSize(max(8, round(strip * 0.6)))
        painter.setFont(font)
        painter.drawText(
            QtCore.QRect(round(8 * ratio), height, width - round(16 * ratio), strip),
            QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft,
            tr("step {0}").format(i18n.integer(step)),
        )
    finally:
        painter.end()
    bits = image.constBits()
    rows = np.frombuffer(bits, np.uint8, image.bytesPerLine() * image.height())
    rows = rows.reshape(image.height(), image.bytesPerLine())
    return rows[:, : width * 3].reshape(image.height(), width, 3).copy()


def record_here(window, recording: Recording) -> Path:
    """Record in this thread, start to finish (the command line): train, render, encode."""
    prepare(window, recording)
    model = window.model
    start = model.history.count
    frames = []
    for target in recording.frame_steps():
        due = start + target - model.history.count
        if due > 0:
            model.step(due)
        frames.append(render_frame(window, recording.part, model.history.count))
        if len(frames) == 1:
            animation.check_frame_memory(recording.frames, frames[0].shape)
    job = animation.encode(recording, frames)
    try:
        while True:
            next(job)
    except StopIteration as done:
        return done.value


def _delegate(generator):
    """A job runs a generator function; this one runs a generator made beforehand, which the
    Recorder keeps so that it can close it."""
    return (yield from generator)


class Recorder(QtCore.QObject):
    """One recording in the window: trains and renders a slice per turn of the event loop,
    then encodes in a job. `progress(done, total)` counts frames rendered, then frames
    encoded (total twice the frames); `finished(path)` or `failed(message)` ends it."""

    progress = QtCore.Signal(int, int)
    finished = QtCore.Signal(str)
    failed = QtCore.Signal(str)

    def __init__(self, window, recording: Recording):
        super().__init__(window)
        self.window = window
        self.recording = recording
        self.frames: list[np.ndarray] = []
        self._targets = recording.frame_steps()
        self._start = 0
        self._job = None
        self._encoder = None
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        self.running = False

    def start(self) -> None:
        prepare(self.window, self.recording)
        self._start = self.window.model.history.count
        self.running = True
        self._timer.start()

    def cancel(self) -> None:
        """Stop now; the target file is left as it was (encode writes a temporary first)."""
        self._timer.stop()
        job, self._job = self._job, None
        if job is not None:
            job.stop()
            # superqt leaves a stopped generator open: close the encoder now that its thread
            # has ended, so that its temporary file goes now, not whenever it is collected.
            self._encoder.close()
        self.running = False

    def _slice(self) -> None:
        """Train toward the next frame for at most SLICE_SECONDS, and render it once there."""
        model = self.window.model
        try:
            started = time.perf_counter()
            target = self._start + self._targets[len(self.frames)]
            batch = 1
            while model.history.count < target and model.divergence is None:
                before = time.perf_counter()
                model.step(min(batch, target - model.history.count))
                if time.perf_counter() - started > SLICE_SECONDS:
                    break
                # Double the steps per call while they are cheap: one Python call per step
                # would spend the slice on the model's bookkeeping.
                if time.perf_counter() - before < SLICE_SECONDS / 8:
                    batch *= 2
            if model.history.count >= target or model.divergence is not None:
                frame = render_frame(self.window, self.recording.part, model.history.count)
                self.frames.append(frame)
                if len(self.frames) == 1:
                    animation.check_frame_memory(self.recording.frames, frame.shape)
                self.progress.emit(len(self.frames), 2 * self.recording.frames)
        except (AnimationError, OSError) as error:
            self._fail(str(error))
            return
        if len(self.frames) < self.recording.frames:
            self._timer.start()
        else:
            self._encode()

    def _encode(self) -> None:
        total = 2 * self.recording.frames
        self._encoder = animation.encode(self.recording, self.frames)
        self._job = start_job(
            _delegate,
            self._encoder,
            name="animation",
            **{
                "yield": lambda tag, done: self.progress.emit(self.recording.frames + done, total),
                "return": lambda tag, path: self._done(str(path)),
                "error": lambda tag, error: self._fail(str(error)),
            },
        )

    def _end(self) -> None:
        self.running = False
        job, self._job = self._job, None
        if job is not None:
            job.wait()  # its thread is past its last result: nothing of it outlives the signal
        self.frames = []

    def _done(self, path: str) -> None:
        self._end()
        # The last frame handled is not the end: the file is written after it (seconds, for a
        # long GIF). The bar is full when the file is there.
        total = 2 * self.recording.frames
        self.progress.emit(total, total)
        self.finished.emit(path)

    def _fail(self, message: str) -> None:
        self._end()
        self.failed.emit(message)


class AnimationDialog(QtWidgets.QDialog):
    """What to record: the part, the training steps, the frames, the frame rate, the file.
    `recording()` is the checked request (the dialog stays open with the reason otherwise)."""

    def __init__(self, parent=None, part: str = "loss", path: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Export animation"))
        form = QtWidgets.QFormLayout(self)
        self.part = QtWidgets.QComboBox()
        for key, label in part_names().items():
            self.part.addItem(label, key)
        self.part.setCurrentIndex(max(0, self.part.findData(part)))
        self.steps = QtWidgets.QSpinBox()
        self.steps.setRange(1, animation.MAX_STEPS)
        self.steps.setValue(500)
        self.frames = QtWidgets.QSpinBox()
        self.frames.setRange(2, animation.MAX_FRAMES)
        self.frames.setValue(animation.DEFAULT_FRAMES)
        self.fps = QtWidgets.QSpinBox()
        self.fps.setRange(1, animation.MAX_FPS)
        self.fps.setValue(animation.DEFAULT_FPS)
        self.path = QtWidgets.QLineEdit(path or str(Path.cwd() / "training.gif"))
        browse = QtWidgets.QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(tr("Show"), self.part)
        form.addRow(tr("Training steps"), self.steps)
        form.addRow(tr("Frames"), self.frames)
        form.addRow(tr("Frames per second"), self.fps)
        form.addRow(tr("File"), row)
        self.problem = QtWidgets.QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {theme.ERROR};")
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(tr("Record"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen = dialogs.save_path(
            self,
            tr("Export animation"),
            tr("GIF (*.gif);;Animated PNG (*.png *.apng);;WebP (*.webp);;MP4 video (*.mp4)"),
            self.path.text(),
        )
        if chosen:
            self.path.setText(chosen)

    def recording(self) -> Recording:
        """The request as filled in; AnimationError (one line) if it cannot be recorded."""
        return animation.plan(
            Path(self.path.text().strip()),
            self.part.currentData(),
            self.steps.value(),
            self.frames.value(),
            self.fps.value(),
        )

    def accept(self) -> None:
        try:
            self.recording()
        except AnimationError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()


def ask(parent) -> Recording | None:
    """The dialog, modal; the checked request, or None when cancelled."""
    dialog = AnimationDialog(parent)
    try:
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.recording()
    finally:
        dialog.deleteLater()


def start(window, recording: Recording, show_status, show_error) -> Recorder:
    """Record `recording` in `window` with a progress dialog (Cancel stops it); the result
    goes to show_status(text) or show_error(title, message). Returns the running Recorder."""
    recorder = Recorder(window, recording)
    total = 2 * recording.frames
    progress = QtWidgets.QProgressDialog(
        tr("Recording {0}…").format(recording.path.name), tr("Cancel"), 0, total, window
    )
    progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoReset(False)
    progress.setAutoClose(False)

    def ended():
        progress.reset()
        progress.deleteLater()

    def finished(path: str):
        ended()
        show_status(tr("Recorded {0} frames to {1}").format(recording.frames, path))

    def failed(message: str):
        ended()
        show_error(tr("Cannot export the animation"), message)

    progress.canceled.connect(recorder.cancel)
    progress.canceled.connect(ended)
    recorder.progress.connect(lambda done, _total: progress.setValue(done))
    recorder.finished.connect(finished)
    recorder.failed.connect(failed)
    progress.setValue(0)
    recorder.start()
    return recorder
