"""The main window: the graph, the formula, the matrices, the loss and the prediction, and the
controls that drive training. It wires the views to the Session and the training thread.

Drawing happens on timers, never once per training step, and only when something changed:
the loss curve at 20 Hz; the chain, the matrices (about 2 Hz while training), the prediction
and neurons, and the gradient flow take turns on a 60 ms tick. See make bench.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from core.datasets import DatasetError, dataset_from_config
from core.experiment import Experiment, ExperimentFileError, preset_names
from core.network import NetworkSpec
from core.optim import OptimizerConfig
from core.training import DivergenceError
from explorer.look import i18n, names, theme
from explorer.model.session import Session, chain_is_finite
from explorer.panels.check_panel import CheckPanel
from explorer.panels.controls import ControlPanel
from explorer.panels.flow_panel import FlowPanel
from explorer.panels.step_panel import StepPanel
from explorer.views.formula_view import FormulaView
from explorer.views.graph_view import GraphView
from explorer.views.loss_plot import LossPlot
from explorer.views.matrix_view import MatrixPanel
from explorer.views.neuron_view import NeuronView
from explorer.views.prediction_view import PredictionView
from explorer.views.timeline import Timeline
from explorer.window import dialogs
from explorer.window.actions import build_menus
from explorer.window.window_appearance import AppearanceActions
from explorer.window.window_files import FileActions
from explorer.window.window_teaching import TeachingActions
from explorer.window.worker import TrainingThread

# The loss curve at 20 Hz; the slower views take turns on a 60 ms tick, each ~4 times a
# second: the GUI thread's time is GIL time the trainer loses (see make bench).
REFRESH_MS = 50
SLOW_MS = 60
FLOW_COST_SHARE = 0.02  # gradient-flow records may take at most this share of the GUI thread
SETTINGS_GROUP = "main_window"


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


def paths_hint() -> str:
    return tr(
        "Click a weight to light every path from it to L. "
        "Blue: positive, orange: negative; thickness: |a|."
    )


class MainWindow(FileActions, TeachingActions, AppearanceActions, QtWidgets.QMainWindow):
    """Backprop Explorer's window, on `experiment`, or on an open `session` when the window is
    rebuilt for another theme, language or presentation mode (`state` carries the rest)."""

    trainingStateChanged = QtCore.Signal(bool)
    diverged = QtCore.Signal(str)
    replaced = QtCore.Signal(object)  # the new window, after a rebuild

    def __init__(
        self,
        experiment: Experiment | None = None,
        session: Session | None = None,
        state: dict | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Backprop Explorer")
        self.session = session if session is not None else Session(experiment)
        self._replacing = False
        self._training: TrainingThread | None = None
        self._tag = 0
        self._dirty = {
            "loss": True,
            "chain": True,
            "matrices": True,
            "prediction": True,
            "flow": True,
            "timeline": True,
        }
        self._flow_due = 0.0
        self._chain = None  # the chain on screen, kept for the matrices' turn
        self._matrices_turn = False
        self._slow_parts = (
            self._slow_chain,
            self._slow_matrices,
            self._slow_prediction,
            self._slow_flow,
        )
        self._slow_turn = 0
        self._build_widgets()
        self.action_table = build_menus(self)
        self.fill_recent_menu()
        self._restore_settings()
        self._load_views()
        if state:
            self._apply_state(state)
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self._refresh_loss)
        self._timer.start(REFRESH_MS)
        self._slow_timer = QtCore.QTimer(self)
        self._slow_timer.timeout.connect(self.refresh_slow)
        self._slow_timer.start(SLOW_MS)

    # -- layout ------------------------------------------------------------------------------

    def _build_widgets(self):
        self.controls = ControlPanel()
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(330)

        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.graph = GraphView()
        self.graph.tooltip_provider = self.session_node_summary
        self.neurons = NeuronView()
        self.paths_label = QtWidgets.QLabel(paths_hint())
        self.paths_label.setWordWrap(True)
        self.paths_label.setStyleSheet(f"font-size: {theme.pt(13)};")
        self.formula = FormulaView()
        self.matrices = MatrixPanel()
        self.stepper = StepPanel()
        self.flow_panel = FlowPanel(preset_names())
        self.check_panel = CheckPanel()
        self.loss_plot = LossPlot(self.session.history)
        self.timeline = Timeline()
        self.prediction = PredictionView()

        header = QtWidgets.QHBoxLayout()
        self.layer_button = QtWidgets.QPushButton(tr("Layers"))
        self.neuron_button = QtWidgets.QPushButton(tr("Neurons"))
        for button in (self.layer_button, self.neuron_button):
            button.setCheckable(True)
            button.setAutoExclusive(True)
            header.addWidget(button)
        self.layer_button.setChecked(True)
        self.layer_button.setToolTip(tr("the note's picture: one node per layer (V switches)"))
        self.neuron_button.setToolTip(tr("every neuron and weight (V switches)"))
        self.norm_widths = QtWidgets.QCheckBox(tr("width ∝ ‖factor‖"))
        self.norm_widths.setToolTip(
            tr("draw each edge of the chain as thick as the norm of its factor (log scale)")
        )
        header.addWidget(self.norm_widths)
        header.addStretch(1)
        fit = QtWidgets.QPushButton(tr("Fit (F)"))
        fit.setToolTip(tr("fit the graph to the window"))
        fit.clicked.connect(self.fit_view)
        header.addWidget(fit)
        neuron_box = QtWidgets.QWidget()
        neuron_layout = QtWidgets.QVBoxLayout(neuron_box)
        neuron_layout.setContentsMargins(0, 0, 0, 0)
        neuron_layout.addWidget(self.neurons, 1)
        neuron_layout.addWidget(self.paths_label)
        self.views = QtWidgets.QStackedWidget()
        self.views.addWidget(self.graph)
        self.views.addWidget(neuron_box)
        self.layer_button.toggled.connect(self._view_switched)

        graph_box = QtWidgets.QWidget()
        graph_layout = QtWidgets.QVBoxLayout(graph_box)
        graph_layout.setContentsMargins(0, 0, 0, 0)
        graph_layout.addWidget(self.banner)
        graph_layout.addLayout(header)
        graph_layout.addWidget(self.views, 1)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.matrices, tr("Matrices"))
        self.tabs.addTab(self.stepper, tr("Step through"))
        self.tabs.addTab(self.flow_panel, tr("Flow"))
        self.tabs.addTab(self.check_panel, tr("Check (G)"))
        self.tabs.currentChanged.connect(lambda *_: self._mark_dirty())

        right_top = QtWidgets.QWidget()
        right_layout = QtWidgets.QVBoxLayout(right_top)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.loss_plot, 1)
        right_layout.addWidget(self.timeline)

        self.centre = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.centre.setObjectName("centre")
        self.centre.addWidget(graph_box)
        self.centre.addWidget(self.formula)
        self.centre.addWidget(self.tabs)
        self.centre.setSizes([380, 230, 320])
        self.right = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.right.setObjectName("right")
        self.right.addWidget(right_top)
        self.right.addWidget(self.prediction)
        self.main = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.main.setObjectName("main")
        self.main.addWidget(scroll)
        self.main.addWidget(self.centre)
        self.main.addWidget(self.right)
        self.main.setStretchFactor(1, 3)
        self.main.setStretchFactor(2, 2)
        self.main.setSizes([340, 900, 560])
        for splitter in (self.main, self.centre, self.right):
            splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main)
        self.status = QtWidgets.QLabel()
        self.status.setMinimumWidth(1)  # long text is clipped, never widens the window
        self.statusBar().addPermanentWidget(self.status)

        c = self.controls
        c.startToggled.connect(self.set_training)
        c.stepRequested.connect(self.step_once)
        c.resetRequested.connect(self.reset)
        c.optimizerChanged.connect(self.set_optimizer)
        c.batchSizeChanged.connect(self.set_batch_size)
        c.dataChanged.connect(self.set_data)
        c.architectureChanged.connect(self.set_architecture)
        c.presetChosen.connect(self.open_preset)
        c.sampleChanged.connect(self.select_sample)
        self.graph.thetaClicked.connect(self.select_theta)
        self.graph.edgeClicked.connect(self.select_edge)
        self.formula.factorClicked.connect(self.select_factor)
        self.prediction.sampleClicked.connect(self.select_sample)
        self.neurons.weightClicked.connect(self.select_weight)
        self.stepper.stepChanged.connect(self._step_changed)
        self.timeline.scrubbed.connect(self.scrub)
        self.timeline.liveRequested.connect(self.go_live)
        self.flow_panel.compareRequested.connect(self.compare_flow)
        self.check_panel.run.clicked.connect(self.run_gradient_check)
        self.norm_widths.toggled.connect(lambda *_: self._mark_dirty("chain"))

    # -- settings ----------------------------------------------------------------------------

    def _restore_settings(self):
        settings = QtCore.QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        geometry = settings.value("geometry")
        if isinstance(geometry, QtCore.QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(_default_size())
        for splitter in (self.main, self.centre, self.right):
            state = settings.value(f"splitter/{splitter.objectName()}")
            if isinstance(state, QtCore.QByteArray):
                splitter.restoreState(state)
        # Read as text: QSettings.value(type=bool) has mis-counted references to Py_True in
        # some PySide6 releases, which aborts the interpreter at exit.
        self.loss_plot.log_y.setChecked(str(settings.value("log_y", "true")).lower() == "true")
        settings.endGroup()

    def _save_settings(self):
        settings = QtCore.QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        if not self.isFullScreen():  # presentation mode is not where the next run starts
            settings.setValue("geometry", self.saveGeometry())
        for splitter in (self.main, self.centre, self.right):
            settings.setValue(f"splitter/{splitter.objectName()}", splitter.saveState())
        settings.setValue("log_y", "true" if self.loss_plot.log_y.isChecked() else "false")
        settings.endGroup()
        settings.sync()

    # -- the session on screen ---------------------------------------------------------------

    def _load_views(self):
        """Everything that depends on the experiment: after opening, reset, or a rebuild."""
        s = self.session
        self.graph.set_graph(s.graph)
        self.neurons.set_sizes(s.spec.sizes)  # clears the selected weight
        self.paths_label.setText(paths_hint())
        self.flow_panel.set_layers(s.K)
        self.check_panel.stop()
        self.check_panel.table.setRowCount(0)
        self.check_panel.summary.setText("")
        self.stepper.go(-1)
        self.controls.show_experiment(s.experiment, s.dataset.n_samples)
        self.controls.sample.setValue(s.sample)
        self.prediction.set_dataset(s.dataset)
        self.prediction.set_sample(s.sample)
        self.update_title()
        self.status.setText(
            tr("K = {0}   {1}   data: {2}, {3} samples   θᵢ = {{Aᵢ, bᵢ}} feeds fᵢ₊₁").format(
                s.K,
                names.describe(s.spec),
                names.dataset_short(s.dataset.name),
                i18n.integer(s.dataset.n_samples),
            )
        )
        self._update_timeline()
        self._mark_dirty()
        self.refresh_all()

    def _mark_dirty(self, *names):
        for name in names or self._dirty:
            self._dirty[name] = True

    def refresh(self):
        """Redraw what changed, now (after a user action)."""
        self._refresh_loss(force=True)
        if self._dirty["chain"]:
            self._dirty["chain"] = False
            self._refresh_chain()

    def _refresh_loss(self, force: bool = False):
        """The live loss curve: the fast timer calls this 20 times a second."""
        if self._dirty["loss"] or force:
            self._dirty["loss"] = False
            self.loss_plot.steps_per_second = self.session.steps_per_second
            self.loss_plot.refresh(force)

    def refresh_slow(self):
        """What training changes, a few times a second each: the chain (graph, formula), its
        matrices, the prediction surface and neurons, the gradient flow. One per timer tick,
        so no single turn of the event loop holds the GUI for long; redrawing them at the loss
        curve's rate would cost the trainer GIL time and the room would not see it."""
        part = self._slow_parts[self._slow_turn]
        self._slow_turn = (self._slow_turn + 1) % len(self._slow_parts)
        part()

    def refresh_all(self):
        """Everything, now (screenshots and exports)."""
        self.refresh()
        for part in self._slow_parts:
            part()

    def _slow_chain(self):
        if self._dirty["chain"]:
            self._dirty["chain"] = False
            self._refresh_chain_views()
            self._dirty["matrices"] = True

    def _slow_matrices(self):
        # Every second turn (about twice a second) while training: three heatmaps and their
        # labels are the costliest repaint of the window.
        self._matrices_turn = not self._matrices_turn
        if self._dirty["matrices"] and (self._matrices_turn or not self.is_training):
            self._dirty["matrices"] = False
            self._refresh_matrices()

    def _slow_prediction(self):
        s = self.session
        if self._dirty["prediction"]:
            self._dirty["prediction"] = False
            self.prediction.update_network(s.display)
            if self.views.currentIndex() == 1:
                self.neurons.update_values(s.display, s.x)
                self._show_paths()

    def _slow_flow(self):
        if self._dirty["timeline"]:
            self._dirty["timeline"] = False
            self._update_timeline()
        s = self.session
        now = time.perf_counter()
        if self._dirty["flow"] and now >= self._flow_due:
            self._dirty["flow"] = False
            recorded = s.record_flow()
            cost = time.perf_counter() - now
            # Keep gradient-flow bookkeeping to a small share of the GUI thread.
            self._flow_due = now + cost / FLOW_COST_SHARE
            if self.tabs.currentWidget() is self.flow_panel:
                self.flow_panel.show_history(s.flow)
            if not recorded:
                self._dirty["flow"] = True  # try again once training moves on

    def _refresh_chain(self):
        """The chain on the graph and in the formula, then its matrices."""
        self._refresh_chain_views()
        self._refresh_matrices()

    def _refresh_chain_views(self):
        s = self.session
        if self.stepper.active:
            self.stepper.set_steps(s.steps())
        step = self.stepper.current()
        if step is not None:
            self._show_step(step)
            self._chain = None
            return
        chain = self._chain = s.chain()
        widths = self._factor_widths(chain) if chain and self.norm_widths.isChecked() else None
        self.graph.highlight_chain(
            s.theta,
            s.chain_edges(),
            chain.factors[s.factor].edge if chain and s.factor is not None else None,
            widths,
        )
        self.formula.set_chain(chain, s.factor, s.sample)

    def _refresh_matrices(self):
        """The selected factor and the gradients, drawn only while their tab is shown."""
        chain, s = self._chain, self.session
        if chain is None or self.tabs.currentWidget() is not self.matrices:
            return
        backprop_A, _ = s.backprop_gradient()
        if not (chain_is_finite(chain) and np.all(np.isfinite(backprop_A))):
            # Never draw inf or NaN: keep the last finite matrices and say why.
            self.matrices.agreement.setText(
                tr(
                    "The matrices overflowed for these parameters (training diverged); "
                    "the last finite ones stay on screen."
                )
            )
            return
        factor = chain.factors[s.factor if s.factor is not None else -1]
        self.matrices.show_factor(factor.array, _factor_title(factor, s.spec))
        self.matrices.show_gradients(s.theta, chain.grad_A, backprop_A)

    def session_node_summary(self, node: str) -> str:
        return self.session.node_summary(node)

    # -- selection ---------------------------------------------------------------------------

    def select_theta(self, theta: int):
        if not 0 <= theta < self.session.K:
            self.statusBar().showMessage(
                tr("There is no θ{0}: this network has θ0 … θ{1}").format(
                    theta, self.session.K - 1
                ),
                4000,
            )
            return
        self.session.theta = theta
        self.session.factor = None
        self._mark_dirty("chain")
        self.refresh()

    def move_selection(self, delta: int):
        theta = self.session.theta
        theta = (self.session.K - 1 if delta < 0 else 0) if theta is None else theta + delta
        self.select_theta(min(max(theta, 0), self.session.K - 1))

    def select_factor(self, index: int):
        self.session.factor = index
        self._mark_dirty("chain")
        self.refresh()

    def select_edge(self, u: str, v: str):
        chain_edges = self.session.chain_edges()
        keys = [(a, b) for a, b, _ in chain_edges]
        if (u, v) in keys:
            self.select_factor(keys.index((u, v)))
        elif u.startswith("theta"):
            self.select_theta(int(u[5:]))
        else:
            self.statusBar().showMessage(
                tr("That edge is not in the selected chain; click a θ to choose a chain"), 4000
            )

    def select_sample(self, index: int):
        s = self.session
        if not 0 <= index < s.dataset.n_samples:
            return
        s.sample = index
        if self.controls.sample.value() != index:
            self.controls.sample.setValue(index)
        self.prediction.set_sample(index)
        self._mark_dirty("chain", "prediction")  # the neuron view shows the sample too

    # -- training ----------------------------------------------------------------------------

    @property
    def is_training(self) -> bool:
        return self._training is not None

    def toggle_training(self):
        self.set_training(not self.is_training)

    def set_training(self, on: bool):
        if on and not self.is_training:
            self.banner.hide()
            self._tag += 1
            self._training = TrainingThread(self.session.trainer, self._tag)
            w = self._training.worker
            w.snapshot.connect(self._on_snapshot)
            w.diverged.connect(self._on_diverged)
            w.failed.connect(self._on_failed)
            w.stopped.connect(self._on_stopped)
            self._training.start()
        elif not on and self.is_training:
            self.stop_training()
        self.controls.set_running(self.is_training)
        self.trainingStateChanged.emit(self.is_training)

    def stop_training(self):
        """Stop the worker and join its thread (blocks for at most one training step)."""
        if self._training is None:
            return
        training, self._training = self._training, None
        training.stop()
        # Snapshots it sent before stopping are still queued as calls to this window; deliver
        # them now, in order, so no loss is lost and the display shows the final parameters.
        QtCore.QCoreApplication.sendPostedEvents(self, QtCore.QEvent.Type.MetaCall)
        # A setting changed in the last moment before Stop may not have reached the worker.
        if self.session.trainer.optimizer_config != self.session.experiment.optimizer:
            self.session.trainer.set_optimizer(self.session.experiment.optimizer)
        self.session.sync_display()
        self._mark_dirty()
        self.controls.set_running(False)
        self.trainingStateChanged.emit(False)

    @QtCore.Slot(int, object)
    def _on_snapshot(self, tag, snap):
        if tag != self._tag:
            return
        self.session.apply_snapshot(snap)
        self.set_modified()
        self._mark_dirty("loss", "flow", "timeline")
        if self.session.live:
            self._mark_dirty("chain", "prediction")

    @QtCore.Slot(int, object)
    def _on_diverged(self, tag, error: DivergenceError):
        if tag != self._tag:
            return
        self.session.history.append(error.pending_losses)
        self._handle_divergence(error)

    def _handle_divergence(self, error: DivergenceError):
        self.stop_training()
        s = self.session
        diverged_at = s.history.count + 1
        restored = s.restore_last_finite()
        message = (
            tr(
                "Training paused: the loss became NaN or infinite at step {0} (last finite "
                "loss {1}). The learning rate {2} is too high: lower it and press Start to "
                "continue from the last good parameters (step {3}), or press R to reset."
            ).format(
                i18n.integer(diverged_at),
                f"{error.last_finite_loss:.4g}",
                f"{s.experiment.optimizer.learning_rate:g}",
                i18n.integer(restored),
            )
            if error.last_finite_loss is not None
            else tr("Training paused: the very first loss was NaN or infinite. Press R to reset.")
        )
        self.banner.setText("⚠ " + message)
        self.banner.show()
        self.statusBar().showMessage(tr("Training diverged"), 8000)
        self._mark_dirty()
        self.diverged.emit(message)

    @QtCore.Slot(int, str)
    def _on_failed(self, tag, message):
        if tag != self._tag:
            return
        self.stop_training()
        self.banner.setText("⚠ " + tr("Training stopped by an error: {0}").format(message))
        self.banner.show()

    @QtCore.Slot(int)
    def _on_stopped(self, tag):
        if tag == self._tag and self._training is not None and not self._training.is_running():
            self.stop_training()

    def step_once(self):
        if self.is_training:
            return
        s = self.session
        try:
            losses = s.trainer.step(1)
        except DivergenceError as error:
            self._handle_divergence(error)
            return
        s.history.append(losses)
        s.sync_display()
        self.set_modified()
        self._update_timeline()
        self._mark_dirty()
        self.refresh()

    def train_here(self, steps: int):
        """Train synchronously in this thread (headless screenshots and exports)."""
        if self.is_training:
            raise RuntimeError("train_here: the worker thread is training this network")
        s = self.session
        try:
            s.history.append(s.trainer.step(steps))
        except DivergenceError as error:
            s.history.append(error.pending_losses)
            self._handle_divergence(error)
            return
        s.sync_display()
        self._mark_dirty()

    def reset(self):
        self._rebuild(self.session.reset)

    # -- edits that rebuild the session ------------------------------------------------------

    def _rebuild(self, change, architecture: bool = False, quiet: bool = False) -> bool:
        """Stop training, apply `change` to the session; on ValueError keep the old state and
        say what was wrong (core's messages name the field and the value): in a dialog when
        `quiet` is False for files, else in the banner or the architecture editor."""
        self.stop_training()
        try:
            change()
        except (ValueError, DatasetError, ExperimentFileError) as error:
            if quiet:
                dialogs.error(self, tr("Nothing was changed"), str(error))
            else:
                self.show_error(str(error), architecture)
            return False
        self.banner.hide()
        self._load_views()
        if not quiet:
            self.set_modified()
        return True

    def show_error(self, message: str, architecture: bool = False):
        if architecture:
            self.controls.show_architecture_error(message)
        else:
            self.banner.setText("⚠ " + tr("{0}  (nothing was changed)").format(message))
            self.banner.show()
        self.statusBar().showMessage(message, 10000)

    def set_optimizer(self, config: OptimizerConfig):
        self.session.set_optimizer(config)
        self.set_modified()
        if self._training is not None:
            self._training.worker.set_optimizer(config)
        else:
            self.session.trainer.set_optimizer(config)

    def set_batch_size(self, batch_size: int | None):
        if batch_size == self.session.experiment.batch_size:
            return
        was_training = self.is_training
        self.stop_training()  # the worker's trainer has buffers sized for the old batch
        self.session.rebuild_trainer(batch_size=batch_size)
        self.set_modified()
        if was_training:
            self.set_training(True)

    def set_architecture(self, spec: NetworkSpec):
        self._rebuild(lambda: self.session.replace(spec=spec), architecture=True)

    def set_data(self, config: dict):
        s = self.session

        def change():
            dataset = dataset_from_config(config)
            spec = s.spec
            if (dataset.n_inputs, dataset.n_outputs) != (spec.sizes[0], spec.sizes[-1]):
                # Keep the hidden layers; fit the input and output widths to the new data.
                sizes = (dataset.n_inputs, *spec.sizes[1:-1], dataset.n_outputs)
                activations = spec.activations
                if dataset.task == "regression":
                    activations = (*activations[:-1], "identity")
                spec = NetworkSpec(sizes, activations)
            s.replace(spec=spec, dataset=config)

        self._rebuild(change)

    # -- closing -----------------------------------------------------------------------------

    def discard_and_close(self):
        """Close without asking about unsaved changes (headless renders, benchmarks)."""
        self.modified = False
        self.close()

    def closeEvent(self, event):
        if not self._replacing and not self.confirm_discard():
            event.ignore()
            return
        self._timer.stop()
        self._slow_timer.stop()
        self.stop_training()
        self.check_panel.stop()
        self.stepper.timer.stop()
        self._save_settings()
        super().closeEvent(event)


def _default_size() -> QtCore.QSize:
    screen = QtGui.QGuiApplication.primaryScreen()
    want = QtCore.QSize(1600, 1000)
    if screen is None:
        return want
    available = screen.availableGeometry().size()
    return QtCore.QSize(
        min(want.width(), int(available.width() * 0.95)),
        min(want.height(), int(available.height() * 0.95)),
    )


def _sub(n) -> str:
    return f"<sub>{n}</sub>"


def _factor_title(factor, spec: NetworkSpec) -> str:
    colour = theme.KIND_COLOURS[factor.kind]
    top, bottom = factor.numerator, factor.denominator

    def sym(node):
        if node.startswith("theta"):
            return "θ" + _sub(node[5:])
        if node.startswith("f"):
            return "f" + _sub(node[1:])
        return node

    name = f"<span style='color:{colour}'>∂{sym(top)}/∂{sym(bottom)}</span>"
    if factor.kind == "loss":
        return f"{name} = −2 (y − f{_sub(spec.K)})<sup>T</sup>"
    if factor.kind == "red":
        k = int(top[1:])
        return f"{name} = diag(σ′(z{_sub(k)})) A{_sub(k - 1)}"
    k = int(top[1:])
    return f"{name} → ∂f{_sub(k)}/∂b{_sub(k - 1)} = diag(σ′(z{_sub(k)}))"
