"""The side panel: training buttons, optimiser, data, architecture editor, sample.

Every edit is validated by core before anything changes; an invalid one is shown in red with
core's message (which names the field) and the session is left as it was.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6 import QtCore, QtWidgets

from core import notation
from core.activations import ACTIVATIONS
from core.datasets import BUILTIN, FILE_FIELDS, GENERATORS
from core.experiment import Experiment, preset_names
from core.network import NetworkSpec
from core.optim import OPTIMIZER_TITLES, OptimizerConfig
from explorer.look import i18n, names
from explorer.look.style import media_icon

LR_MIN_EXP, LR_MAX_EXP, LR_TICKS_PER_DECADE = -5, 1, 20
# Decimals are written with a point in every language, as in the learning-rate box, the
# matrices and the plots (a Polish locale would make the spin boxes alone use a comma).
POINT = QtCore.QLocale.c()


def tr(text: str) -> str:
    return i18n.tr("Controls", text)


def lr_to_tick(lr: float) -> int:
    return round((math.log10(lr) - LR_MIN_EXP) * LR_TICKS_PER_DECADE)


def tick_to_lr(tick: int) -> float:
    return float(f"{10 ** (LR_MIN_EXP + tick / LR_TICKS_PER_DECADE):.3g}")


def parse_sizes(text: str) -> tuple[int, ...]:
    """'2-8-8-1' or '2, 8, 8, 1' -> (2, 8, 8, 1); ValueError naming the bad part."""
    parts = [p for p in text.replace(",", "-").replace(" ", "-").split("-") if p]
    sizes = []
    for index, part in enumerate(parts):
        try:
            sizes.append(int(part))
        except ValueError:
            raise ValueError(
                tr("sizes[{0}]: {1} is not an integer").format(index, repr(part))
            ) from None
    return tuple(sizes)


class ControlPanel(QtWidgets.QWidget):
    startToggled = QtCore.Signal(bool)
    stepRequested = QtCore.Signal()
    resetRequested = QtCore.Signal()
    optimizerChanged = QtCore.Signal(object)  # OptimizerConfig
    batchSizeChanged = QtCore.Signal(object)  # int | None
    dataChanged = QtCore.Signal(dict)  # dataset config
    architectureChanged = QtCore.Signal(object)  # NetworkSpec
    presetChosen = QtCore.Signal(str)
    sampleChanged = QtCore.Signal(int)
    lossChosen = QtCore.Signal(str)  # core.losses name
    testShareChanged = QtCore.Signal(float)  # the share of rows held out for testing

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(280)
        self._optimizer = OptimizerConfig()  # the experiment's, as last shown or edited
        # The last data set read from each kind of file (csv, image_csv, idx), to pick again.
        self._file_configs: dict[str, dict] = {}
        outer = QtWidgets.QVBoxLayout(self)
        outer.setSpacing(8)

        self.preset = QtWidgets.QComboBox()
        self.preset.addItem(tr("— preset —"), "")
        for name in preset_names():
            self.preset.addItem(names.preset_label(name), name)
        self.preset.activated.connect(self._preset_activated)
        outer.addWidget(self.preset)

        training = QtWidgets.QGroupBox(tr("Training"))
        grid = QtWidgets.QGridLayout(training)
        self.start = QtWidgets.QPushButton(tr("Start  (Space)"))
        self.start.setIcon(media_icon("play"))
        self.start.setCheckable(True)
        self.start.toggled.connect(self._start_toggled)
        self.step = QtWidgets.QPushButton(tr("Step (N)"))
        self.step.clicked.connect(self.stepRequested)
        self.reset = QtWidgets.QPushButton(tr("Reset (R)"))
        self.reset.clicked.connect(self.resetRequested)
        grid.addWidget(self.start, 0, 0, 1, 2)
        grid.addWidget(self.step, 1, 0)
        grid.addWidget(self.reset, 1, 1)
        outer.addWidget(training)

        opt = QtWidgets.QGroupBox(tr("Optimiser"))
        form = QtWidgets.QFormLayout(opt)
        self.optimizer = QtWidgets.QComboBox()
        for key in OPTIMIZER_TITLES:
            self.optimizer.addItem(names.optimizer_title(key), key)
        self.lr_slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.lr_slider.setRange(0, (LR_MAX_EXP - LR_MIN_EXP) * LR_TICKS_PER_DECADE)
        self.lr_slider.setToolTip(tr("learning rate on a log scale, 1e-5 … 10"))
        # The slider covers sensible rates; the box takes any, e.g. 1e6 to show divergence.
        self.lr_edit = QtWidgets.QLineEdit()
        self.lr_edit.setMaximumWidth(80)
        self.lr_edit.setToolTip(tr("type any learning rate, e.g. 0.003 or 1e6"))
        lr_row = QtWidgets.QHBoxLayout()
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_edit)
        self.batch = QtWidgets.QSpinBox()
        self.batch.setRange(0, 100_000)
        self.batch.setSpecialValueText(tr("full batch"))
        self.weight_decay = QtWidgets.QDoubleSpinBox()
        self.weight_decay.setLocale(POINT)
        self.weight_decay.setDecimals(5)
        self.weight_decay.setRange(0.0, 1.0)
        self.weight_decay.setSingleStep(0.0001)
        form.addRow(tr("method"), self.optimizer)
        # The rate's label on a row of its own, the slider and the box across the panel below
        # it: a label as long as "współczynnik uczenia" would squeeze every field beside it.
        form.addRow(QtWidgets.QLabel(tr("learning rate")))
        form.addRow(lr_row)
        form.addRow(tr("batch size"), self.batch)
        form.addRow(tr("weight decay"), self.weight_decay)
        self.opt_error = QtWidgets.QLabel("")
        self.opt_error.setObjectName("error")
        self.opt_error.setWordWrap(True)
        self.opt_error.hide()
        form.addRow(self.opt_error)
        self.optimizer.currentIndexChanged.connect(self._optimizer_edited)
        self.lr_slider.valueChanged.connect(self._slider_moved)
        self.lr_edit.editingFinished.connect(self._lr_typed)
        self.weight_decay.valueChanged.connect(self._optimizer_edited)
        self.batch.editingFinished.connect(self._batch_edited)
        outer.addWidget(opt)

        data = QtWidgets.QGroupBox(tr("Data"))
        form = QtWidgets.QFormLayout(data)
        self.dataset = QtWidgets.QComboBox()
        for name in (*GENERATORS, *BUILTIN):
            self.dataset.addItem(names.dataset_title(name), name)
        self.noise = QtWidgets.QDoubleSpinBox()
        self.noise.setLocale(POINT)
        self.noise.setRange(0.0, 2.0)
        self.noise.setSingleStep(0.05)
        self.samples = QtWidgets.QSpinBox()
        self.samples.setRange(4, 5000)
        self.samples.setSingleStep(50)
        self.data_seed = QtWidgets.QSpinBox()
        self.data_seed.setRange(0, 1_000_000)
        form.addRow(tr("data set"), self.dataset)
        form.addRow(tr("noise"), self.noise)
        form.addRow(tr("samples"), self.samples)
        form.addRow(tr("seed"), self.data_seed)
        # What training minimises, and how many rows it never sees (the test curve's rows).
        self.loss = QtWidgets.QComboBox()
        self.loss.addItem(tr("squared error"), "squared")
        self.loss.addItem(tr("softmax cross-entropy"), "softmax_cross_entropy")
        self.loss.setToolTip(tr("squared error: the note's L = ‖y − f_K‖²; cross-entropy: classes"))
        self.test_share = QtWidgets.QDoubleSpinBox()
        self.test_share.setLocale(POINT)
        self.test_share.setRange(0.0, 0.5)
        self.test_share.setSingleStep(0.05)
        self.test_share.setDecimals(2)
        self.test_share.setToolTip(tr("the share of rows held out for testing (0 to 0.5)"))
        form.addRow(tr("loss"), self.loss)
        form.addRow(tr("test share"), self.test_share)
        self.loss.activated.connect(lambda i: self.lossChosen.emit(self.loss.itemData(i)))
        self.test_share.editingFinished.connect(
            lambda: self.testShareChanged.emit(round(self.test_share.value(), 2))
        )
        self.dataset.activated.connect(self._data_edited)
        for spin in (self.noise, self.samples, self.data_seed):
            spin.editingFinished.connect(self._data_edited)
        outer.addWidget(data)

        arch = QtWidgets.QGroupBox(tr("Network"))
        box = QtWidgets.QVBoxLayout(arch)
        self.sizes = QtWidgets.QLineEdit()
        self.sizes.setPlaceholderText(tr("layer sizes, e.g. 2-8-8-1"))
        self.sizes.setToolTip(
            notation.rich(tr("n_0-n_1-…-n_K: input width, hidden widths, output width"))
        )
        self.sizes.textEdited.connect(self._sizes_edited)
        self.sizes.returnPressed.connect(self._apply_architecture)
        box.addWidget(QtWidgets.QLabel(notation.rich(tr("sizes n₀-n₁-…-n_K"))))
        box.addWidget(self.sizes)
        # The button right under the sizes: the σ rows that typing adds grow below it, so it
        # never moves away from under the pointer (a click used to open a σ list instead).
        self.apply_arch = QtWidgets.QPushButton(tr("Apply network"))
        self.apply_arch.clicked.connect(self._apply_architecture)
        box.addWidget(self.apply_arch)
        self.arch_error = QtWidgets.QLabel("")
        self.arch_error.setObjectName("error")
        self.arch_error.setWordWrap(True)
        box.addWidget(self.arch_error)
        self.activation_form = QtWidgets.QFormLayout()
        box.addLayout(self.activation_form)
        self.activation_boxes: list[QtWidgets.QComboBox] = []
        outer.addWidget(arch)

        sample = QtWidgets.QGroupBox(tr("Sample shown in the chain"))
        form = QtWidgets.QFormLayout(sample)
        self.sample = QtWidgets.QSpinBox()
        self.sample.valueChanged.connect(self.sampleChanged)
        form.addRow(tr("sample #"), self.sample)
        outer.addWidget(sample)
        outer.addStretch(1)

    # -- showing the session -----------------------------------------------------------------

    def show_experiment(self, experiment: Experiment, n_samples: int):
        widgets = [
            self.optimizer,
            self.lr_slider,
            self.weight_decay,
            self.batch,
            self.dataset,
            self.noise,
            self.samples,
            self.data_seed,
            self.sizes,
            self.sample,
            self.loss,
            self.test_share,
        ]
        for w in widgets:
            w.blockSignals(True)
        try:
            opt = experiment.optimizer
            self.optimizer.setCurrentIndex(self.optimizer.findData(opt.name))
            self._optimizer = opt
            if experiment.dataset.get("name") in FILE_FIELDS:
                self._file_configs[experiment.dataset["name"]] = dict(experiment.dataset)
            self._show_learning_rate(opt.learning_rate)
            self.weight_decay.setValue(opt.weight_decay)
            self.batch.setValue(experiment.batch_size or 0)
            config = experiment.dataset
            index = self.dataset.findData(config.get("name"))
            if index < 0:  # a data set read from a file: an entry for it, to pick it again
                name = config.get("name", "?")
                self.dataset.addItem(names.dataset_title(name), name)
                index = self.dataset.count() - 1
            self.dataset.setCurrentIndex(index)
            self.noise.setValue(float(config.get("noise", 0.0)))
            self.samples.setValue(int(config.get("n_samples") or n_samples))
            self.data_seed.setValue(int(config.get("seed", 0)))
            generated = config.get("name") in GENERATORS
            for w in (self.noise, self.samples, self.data_seed):
                w.setEnabled(generated)
            self.loss.setCurrentIndex(max(self.loss.findData(experiment.spec.loss), 0))
            self.test_share.setValue(float(experiment.test_fraction))
            self.sizes.setText("-".join(map(str, experiment.spec.sizes)))
            self._set_activation_boxes(experiment.spec.activations)
            self.sample.setRange(0, n_samples - 1)
            self.arch_error.setText("")
            self.sizes.setProperty("invalid", False)
            self._restyle(self.sizes)
        finally:
            for w in widgets:
                w.blockSignals(False)

    def show_optimizer(self, config: OptimizerConfig, batch_size: int | None):
        """The optimiser settings and batch size as the model holds them."""
        widgets = (self.optimizer, self.lr_slider, self.weight_decay, self.batch)
        for w in widgets:
            w.blockSignals(True)
        try:
            self._optimizer = config
            self.optimizer.setCurrentIndex(self.optimizer.findData(config.name))
            if config.learning_rate != self.learning_rate:
                self._show_learning_rate(config.learning_rate)
            self.weight_decay.setValue(config.weight_decay)
            self.batch.setValue(batch_size or 0)
        finally:
            for w in widgets:
                w.blockSignals(False)

    def set_running(self, running: bool):
        self.start.blockSignals(True)
        self.start.setChecked(running)
        self.start.setText(tr("Pause  (Space)") if running else tr("Start  (Space)"))
        self.start.setIcon(media_icon("pause" if running else "play"))
        self.start.blockSignals(False)
        self.step.setEnabled(not running)

    def _set_activation_boxes(self, activations):
        while self.activation_form.rowCount():
            self.activation_form.removeRow(0)
        self.activation_boxes = []
        for k, name in enumerate(activations, start=1):
            combo = QtWidgets.QComboBox()
            for key in ACTIVATIONS:
                combo.addItem(names.activation(key), key)
            combo.setCurrentIndex(combo.findData(name))
            self.activation_form.addRow(
                tr("σ{0} (layer f{0})").format(notation.subscript(k)), combo
            )
            self.activation_boxes.append(combo)

    # -- edits -------------------------------------------------------------------------------

    def show_preset(self, name: str | None):
        """The preset that is open, or the placeholder when the experiment is not a preset
        (another file, or a preset since edited)."""
        index = self.preset.findData(name) if name else 0
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(max(index, 0))
        self.preset.blockSignals(False)

    def _preset_activated(self, index: int):
        name = self.preset.itemData(index)
        if name:
            self.presetChosen.emit(name)

    def _start_toggled(self, on: bool):
        self.startToggled.emit(on)

    def _show_learning_rate(self, lr: float):
        self.learning_rate = lr
        self.lr_edit.setText(f"{lr:.3g}")
        self.lr_slider.blockSignals(True)
        self.lr_slider.setValue(max(0, min(self.lr_slider.maximum(), lr_to_tick(lr))))
        self.lr_slider.blockSignals(False)

    def optimizer_config(self) -> OptimizerConfig:
        """The experiment's optimiser with what the panel edits (method, rate, decay) changed;
        settings the panel does not show (momentum, betas, eps) are kept."""
        return dataclasses.replace(
            self._optimizer,
            name=self.optimizer.currentData(),
            learning_rate=self.learning_rate,
            weight_decay=self.weight_decay.value(),
        )

    def _slider_moved(self, tick: int):
        self._show_learning_rate(tick_to_lr(tick))
        self._optimizer_edited()

    def _lr_typed(self):
        text = self.lr_edit.text().strip()
        try:
            lr = float(text)
            OptimizerConfig(learning_rate=lr)
        except ValueError:
            self._set_opt_error(
                tr("learning rate: {0} is not a positive number (try 0.01 or 1e-3)").format(
                    repr(text)
                )
            )
            return
        self._show_learning_rate(lr)
        self._optimizer_edited()

    def _set_opt_error(self, message: str):
        self.opt_error.setText(message)
        self.opt_error.setVisible(bool(message))
        self.lr_edit.setProperty("invalid", bool(message))
        self._restyle(self.lr_edit)

    def _optimizer_edited(self, *_):
        self._set_opt_error("")
        config = self.optimizer_config()
        if config != self._optimizer:  # leaving a box unchanged is not an edit
            self._optimizer = config
            self.optimizerChanged.emit(config)

    def _batch_edited(self):
        value = self.batch.value()
        self.batchSizeChanged.emit(value or None)

    def _data_edited(self, *_):
        name = self.dataset.currentData()
        if name in self._file_configs:  # the imported file, path and options
            self.dataChanged.emit(dict(self._file_configs[name]))
            return
        config = {"name": name}
        if name in GENERATORS:
            config.update(
                n_samples=self.samples.value(),
                noise=round(self.noise.value(), 4),
                seed=self.data_seed.value(),
            )
        self.dataChanged.emit(config)

    def _sizes_edited(self, text: str):
        try:
            sizes = parse_sizes(text)
        except ValueError:
            return
        if len(sizes) >= 2 and len(sizes) - 1 != len(self.activation_boxes):
            old = [c.currentData() for c in self.activation_boxes]
            K = len(sizes) - 1
            hidden = old[0] if old else "tanh"
            output = old[-1] if old else "identity"
            self._set_activation_boxes([hidden] * (K - 1) + [output])

    def _apply_architecture(self):
        try:
            sizes = parse_sizes(self.sizes.text())
            self._sizes_edited(self.sizes.text())
            spec = NetworkSpec(sizes, tuple(c.currentData() for c in self.activation_boxes))
        except ValueError as error:
            self.show_architecture_error(str(error))
            return
        self.architectureChanged.emit(spec)

    def show_architecture_error(self, message: str):
        self.arch_error.setText(message)
        self.sizes.setProperty("invalid", bool(message))
        self._restyle(self.sizes)

    @staticmethod
    def _restyle(widget):
        widget.style().unpolish(widget)
        widget.style().polish(widget)
