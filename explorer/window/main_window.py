"""The main window: a shell that puts the parts together.

    Model (explorer.model)         everything a user can see or set; tells what changed
    Workspace                      the views and panels, laid out (rebuilt on a look change)
    RefreshScheduler               which part is drawn when, within a GUI-thread budget
    TrainingController             the training job, feeding the model
    ChainPresenter                 the selected chain drawn from one frame; tooltips, banner
    FileController                 new, open, save, import, export, recent files
    build_menus                    every action and key, in one table

The window turns the user's intent (a click, a key, an edit) into a model operation and the
model's changes into dirty parts. Theme, language and presentation mode rebuild the
workspace and the menus inside this same window (so its geometry and full-screen state stay
the window manager's, and nothing of the session is copied anywhere): every colour, font
size and string is then fresh, and everything shown comes back from the model.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from core.experiment import Experiment
from core.network import NetworkSpec
from core.optim import OptimizerConfig
from core.training import DivergenceError
from explorer.look import i18n, names, theme
from explorer.look.style import apply_style
from explorer.model import Change, CheckState, CostState, Model, Tab, View
from explorer.panels.check_panel import check_job
from explorer.panels.cost_panel import cost_job
from explorer.window import dialogs, jobs
from explorer.window.actions import Menus, build_menus, shortcuts_dialog
from explorer.window.files import FileController
from explorer.window.jobs import start_job
from explorer.window.presenter import ChainPresenter, factor_entry, paths_hint
from explorer.window.refresh import Part, RefreshScheduler
from explorer.window.training import TrainingController
from explorer.window.workspace import Workspace, roomy_for_neurons

FLOW_COST_SHARE = 0.02  # gradient-flow records may take at most this share of the GUI thread
SETTINGS_GROUP = "main_window"
PRELOAD_AFTER_MS = 300  # after the first frames
SIDE_PANEL_MIN_WIDTH = 1200  # narrower windows start without the side panel (Ctrl+B)


def _train_comparison(run, step: int):
    """Job: train the Flow tab's comparison to `step`; return (step, its flow record)."""
    for _ in run.advance_to(step):
        yield None  # a point where stop() can end the job
    return run.step, run.record()


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


# What new parameters change (a scrub, going live, a new sample: the same views).
NEW_PARAMETERS = (Part.CHAIN, Part.MATRICES, Part.PREDICTION, Part.NEURONS, Part.THUMBNAILS)
# What a parameter set by hand (or its undo) changes on screen: the loss and the history too.
EDITED = (Part.LOSS, *NEW_PARAMETERS, Part.TIMELINE)


class MainWindow(QtWidgets.QMainWindow):
    """Backprop Explorer's window on `experiment` (or on an existing `model`)."""

    trainingStateChanged = QtCore.Signal(bool)
    diverged = QtCore.Signal(str)

    def __init__(self, experiment: Experiment | None = None, model: Model | None = None):
        super().__init__()
        self.model = model if model is not None else Model(experiment)
        self.model.theme = theme.name
        self.model.language = i18n.current()
        self.training = TrainingController(self.model)
        self.files = FileController(
            self.model,
            self,
            self.stop_training,
            lambda text: self.statusBar().showMessage(text, 5000),
            self.fill_recent_menu,
        )
        self._check_job = None  # the gradient check's Job while it runs
        self._cost_job = None  # the cost tab's measurement while it runs
        self._comparison_job = None  # the Job training the Flow tab's comparison
        self._pages_for = None  # the workspace whose hidden tabs were built after its paint
        self.recorder = None  # an animation.Recorder while File → Export animation… records
        self._check_cancel = None
        self._flow_due = 0.0
        self._flow_shown: tuple | None = None  # what the Flow tab last plotted
        self._before_presentation: tuple[QtCore.Qt.WindowState, QtCore.QRect] | None = None
        self._was_training = False
        self._drag_start: float | None = None  # the dragged weight's value before the drag
        self._status_shown: tuple | None = None
        # The centre column's sizes per view (the neuron view wants a taller pane); the view
        # whose sizes the splitter has now. Look state, saved with the splitters.
        self._centre_sizes: dict[View, list[int]] = {}
        self._centre_view = View.LAYERS
        self.status = QtWidgets.QLabel()
        self.status.setMinimumWidth(1)  # long text is clipped, never widens the window
        self.statusBar().addPermanentWidget(self.status)
        # A message (a click that chose nothing, a saved file) takes the whole line while it
        # shows: beside the experiment's line it was cut after about 40 characters at 1024 px.
        self.statusBar().messageChanged.connect(self._message_changed)
        self.scheduler = RefreshScheduler(
            {
                Part.LOSS: self._draw_loss,
                Part.CHAIN: lambda: self.presenter.draw_chain(),
                Part.MATRICES: lambda: self.presenter.draw_matrices(),
                Part.PREDICTION: self._draw_prediction,
                Part.NEURONS: lambda: self.presenter.draw_neurons(),
                Part.THUMBNAILS: lambda: self.presenter.draw_thumbnails(),
                Part.FLOW: self._draw_flow,
                Part.TIMELINE: self._draw_timeline,
                Part.CHECK: self._draw_check,
                Part.STATUS: self._draw_status,
            },
            busy=lambda: self.training.running,
        )
        self.ws: Workspace | None = None
        self.menus: Menus | None = None
        self._build()
        self._restore_settings()
        self.model.subscribe(self._on_change)
        self.scheduler.everything_now()
        self.scheduler.start()
        # The worker's library once the window is on screen, not before (see jobs.preload).
        QtCore.QTimer.singleShot(PRELOAD_AFTER_MS, jobs.preload)

    # -- building ----------------------------------------------------------------------------

    def _build(self):
        """The workspace and the menus, from the model (first build, or a look change)."""
        m = self.model
        if self.ws is not None:
            self.scheduler.cancel()  # steps still to draw would draw into the old views
        ws = self.ws = Workspace(m.history, tab=m.tab, evaluations=m.evaluations)
        self.presenter = ChainPresenter(m, ws)
        # Hidden before it joins the window: a side panel shown for a moment would raise the
        # window's minimum width and grow a small window past its screen (Polish is wider).
        ws.side.setHidden(not m.side_panel or m.presentation)
        self.setCentralWidget(ws)  # the old workspace is deleted by Qt
        ws.show()  # at once: a layout shows a new child of a visible window only later
        self._drop_menus()
        self.menus = build_menus(self, FileController.export_choices())
        self.fill_recent_menu()
        ws.graph.tooltip_provider = self.presenter.node_summary
        self._show_side_panel()
        self.menus.presentation.setChecked(m.presentation)

        c = ws.controls
        c.startToggled.connect(self.set_training)
        c.stepRequested.connect(self.step_once)
        c.resetRequested.connect(self.reset)
        c.optimizerChanged.connect(self.set_optimizer)
        c.batchSizeChanged.connect(self.set_batch_size)
        c.dataChanged.connect(self.set_data)
        c.architectureChanged.connect(self.set_architecture)
        c.presetChosen.connect(self.open_preset)
        c.sampleChanged.connect(self.select_sample)
        c.lossChosen.connect(self.set_loss)
        c.testShareChanged.connect(self.set_test_share)
        ws.graph.thetaClicked.connect(self.select_theta)
        ws.graph.edgeClicked.connect(self.select_edge)
        ws.formula.factorClicked.connect(self.select_factor)
        ws.prediction.sampleClicked.connect(self.select_sample)
        ws.neurons.weightClicked.connect(lambda i, p, q: self.select_weight((i, p, q)))
        ws.neurons.weightDragged.connect(self._weight_dragged)
        ws.neurons.biasClicked.connect(lambda i, p: self.select_bias((i, p)))
        ws.neurons.biasDragged.connect(self._bias_dragged)
        ws.matrices.factor.cellClicked.connect(self._factor_cell_clicked)
        ws.neurons.rebuilt.connect(lambda: self._redraw(Part.NEURONS, Part.THUMBNAILS))
        for heatmap in (ws.matrices.product, ws.matrices.backprop):
            heatmap.cellClicked.connect(self._gradient_cell_clicked)
        ws.neurons.tooltip_provider = self.presenter.neuron_tooltip
        ws.weight_value.valueChanged.connect(self._weight_typed)
        ws.timeline.scrubbed.connect(self.scrub)
        ws.timeline.liveRequested.connect(self.go_live)
        ws.pageBuilt.connect(self._page_built)
        ws.norm_widths.setChecked(m.factor_widths)
        ws.loss_plot.log_y.setChecked(m.log_y)
        ws.loss_plot.follow.setChecked(m.follow_loss)
        ws.norm_widths.toggled.connect(self._factor_widths_toggled)
        ws.loss_plot.log_y.toggled.connect(lambda on: m.set_plot_options(log_y=on))
        ws.loss_plot.follow.toggled.connect(lambda on: m.set_plot_options(follow_loss=on))
        ws.fit_button.clicked.connect(self.fit_view)
        ws.layer_button.toggled.connect(
            lambda layers: self.model.set_view(View.LAYERS if layers else View.NEURONS)
        )
        ws.tabs.currentChanged.connect(lambda index: self.model.set_tab(ws.tab_at(index)))
        self._load_views()
        ws.graph.set_camera(m.graph_camera)
        for tab in (Tab.STEP, Tab.FLOW, Tab.CHECK, Tab.COST):
            if ws.built(tab):  # built with the workspace (the tab on show): connect it now
                self._page_built(tab)

    def _page_built(self, tab: Tab):
        """A teaching tab's panel was just built (after the first paint, or when shown):
        connect it and fill it from the model."""
        ws, m = self.ws, self.model
        if tab is Tab.STEP:
            ws.stepper.stepRequested.connect(self.go_step)
            self.presenter.draw_steps()
        elif tab is Tab.FLOW:
            ws.flow_panel.compareRequested.connect(self.compare_flow)
            ws.flow_panel.set_layers(m.K)
            self._flow_shown = None
            self.scheduler.mark(Part.FLOW)
        elif tab is Tab.CHECK:
            ws.check_panel.runRequested.connect(self.run_gradient_check)
            self._draw_check()
        elif tab is Tab.COST:
            ws.cost_panel.measureRequested.connect(self.measure_cost)
            self._draw_cost()

    def _drop_menus(self):
        """Delete the menus, actions and action groups of the last build (a rebuild makes new
        ones in the current language; nothing of the old ones may stay alive)."""
        bar = self.menuBar()
        bar.clear()
        for menu in bar.findChildren(
            QtWidgets.QMenu, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly
        ):
            menu.deleteLater()
        if self.menus is not None:
            for action in self.menus.actions:
                self.removeAction(action)
                action.deleteLater()
        for group in self.findChildren(
            QtGui.QActionGroup, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly
        ):
            group.deleteLater()

    def _load_views(self):
        """What depends on the experiment's structure: after opening, a reset, or a rebuild."""
        m, ws = self.model, self.ws
        self._flow_shown = None
        ws.graph.set_graph(m.graph)
        ws.neurons.set_sizes(m.spec.sizes)
        self.presenter.show_paths(paths_hint())
        if ws.built(Tab.FLOW):
            ws.flow_panel.set_layers(m.K)
        ws.loss_plot.set_loss(m.network.loss.html(m.K).split(" = ", 1)[-1])
        ws.controls.show_experiment(m.experiment, m.dataset.n_samples)
        ws.controls.sample.setValue(m.sample)
        ws.controls.show_preset(m.preset)
        ws.prediction.set_dataset(m.dataset)
        ws.show_view(m.view)
        ws.show_tab(m.tab)
        self.status.setText(
            tr("K = {0}   {1}   data: {2}, {3} samples   θᵢ = {{Aᵢ, bᵢ}} feeds fᵢ₊₁").format(
                m.K,
                names.describe(m.spec),
                names.dataset_short(m.dataset.name),
                i18n.integer(m.dataset.n_samples),
            )
        )

    # -- from the model to the screen --------------------------------------------------------

    def event(self, event):
        # The window's repaint (every changed view, one backing-store pass) is GUI-thread time
        # the trainer waits for: the scheduler counts it against its budget.
        if event.type() != QtCore.QEvent.Type.UpdateRequest:
            return super().event(event)
        started = time.perf_counter()
        handled = super().event(event)
        self.scheduler.spent(time.perf_counter() - started)
        if self._pages_for is not self.ws:  # the first paint of this workspace is done:
            self._pages_for = self.ws  # now build the tabs nobody sees yet
            QtCore.QTimer.singleShot(0, self.ws, self.ws.build_pages)
        return handled

    def _on_change(self, change: Change):
        s = self.scheduler
        if Change.EXPERIMENT in change:
            self._load_views()
            s.everything_now()
            return
        if Change.VIEW in change:
            self._show_view()
            self.ws.show_tab(self.model.tab)
            self._show_side_panel()
            s.mark(*NEW_PARAMETERS, Part.FLOW)
        if Change.LOSS in change:
            s.mark(Part.LOSS)
        if Change.TIMELINE in change:
            s.mark(Part.TIMELINE)
        if Change.FLOW in change:
            s.mark(Part.FLOW)
        if change & (Change.PARAMETERS | Change.SAMPLE):
            s.mark(*NEW_PARAMETERS)
        if change & (Change.SELECTION | Change.STEP_THROUGH):
            s.mark(Part.CHAIN, Part.MATRICES)  # the prediction does not depend on θᵢ
        if Change.WEIGHT in change:
            # The neuron view lights its paths; the heatmaps outline the chosen entry.
            s.mark(Part.NEURONS, Part.MATRICES)
        if Change.OPTIMIZER in change:
            self.ws.controls.show_optimizer(self.model.optimizer, self.model.experiment.batch_size)
        if change & (Change.CHECK | Change.COST):
            s.mark(Part.CHECK)
        if change & (Change.TRAINING | Change.MESSAGE | Change.FILE):
            s.mark(Part.STATUS)
        if Change.TRAINING in change:
            running = self.model.training
            if not running:
                # Paused, diverged or failed: the whole window shows the last step trained.
                s.everything_now()
            if running != self._was_training:
                self._was_training = running
                self.trainingStateChanged.emit(running)
            if self.model.divergence is not None and not running:
                self.diverged.emit(self.presenter.banner_text() or "")

    def _redraw(self, *parts: Part):
        """A user's action: mark and draw these parts now."""
        self.scheduler.mark(*parts)
        self.scheduler.now(*parts)

    def refresh_all(self):
        """Everything, now (screenshots, exports, tests)."""
        self.scheduler.everything_now()

    def _draw_loss(self):
        plot = self.ws.loss_plot
        plot.steps_per_second = self.model.steps_per_second
        yield from plot.refresh_steps(force=not self.model.training)

    def _draw_prediction(self):
        """In steps (explorer.window.refresh): a surface or curve computed, then shown; for
        image data the test rows evaluated, the images, the bars, the confusion matrix."""
        m, ws = self.model, self.ws
        ws.prediction.set_sample(m.sample)
        yield from ws.prediction.network_steps(m.display)
        if m.dataset.is_image:
            probabilities = m.spec.loss == "softmax_cross_entropy"
            report, output = m.test_report(), m.sample_output()
            yield
            yield from ws.prediction.image_steps(report, m.sample, output, probabilities)
        if ws.controls.sample.value() != m.sample:
            ws.controls.sample.blockSignals(True)
            ws.controls.sample.setValue(m.sample)
            ws.controls.sample.blockSignals(False)

    def _draw_flow(self):
        m = self.model
        now = time.perf_counter()
        if now >= self._flow_due:
            m.record_flow()
            # Keep gradient-flow bookkeeping to a small share of the GUI thread.
            self._flow_due = now + (time.perf_counter() - now) / FLOW_COST_SHARE
        # Replot only what changed: while training this part is tried on every turn, and
        # most turns add no record.
        shown = (len(m.flow), m.flow_comparison, self.ws)
        last = self._flow_shown
        same = (
            last is not None
            and last[0] == shown[0]
            and all(a is b for a, b in zip(last[1:], shown[1:], strict=True))
        )  # the comparison and the workspace by identity: a record holds arrays
        if m.tab is Tab.FLOW and not same:
            self._flow_shown = shown
            self.ws.flow_panel.show_history(m.flow)
            c = m.flow_comparison
            if c is None:
                self.ws.flow_panel.set_comparison("", None)
            else:
                self.ws.flow_panel.set_comparison(c.name, c.record, c.step, c.diverged)
        if m.tab is Tab.FLOW:
            self._catch_up_comparison()
        if m.training and (not m.flow.steps or m.flow.steps[-1] < m.history.count):
            self.scheduler.dirty.add(Part.FLOW)  # try again once due

    def _draw_timeline(self):
        m = self.model
        viewed = None if m.live else m.snapshots.nearest(m.viewed_step)
        self.ws.timeline.set_count(len(m.snapshots), m.live, viewed)
        self.ws.timeline.show_state(m.viewed_step, m.live)

    def _draw_check(self):
        self._draw_cost()
        if not self.ws.built(Tab.CHECK):
            return  # filled from the model when it is built
        c = self.model.check
        self.ws.check_panel.show_state(c.running, c.done, c.total, c.results, c.error)

    def _draw_cost(self):
        """The cost tab: counts follow the network at once; times are those measured for
        these sizes (a measurement of other sizes is not shown)."""
        if not self.ws.built(Tab.COST):
            return  # filled from the model when it is built
        m, panel = self.model, self.ws.cost_panel
        panel.show_network(m.spec)
        c = m.cost
        if c.running:
            panel.show_running()
        elif c.sizes == tuple(m.spec.sizes):
            panel.show_timings(c.timings, c.agreement, c.error)
        elif panel.timings is not None:
            panel.show_timings(None)

    def measure_cost(self):
        """Time the three ways to every ∂L/∂θᵢ for the chosen sample, in a job (a wide
        network's chains take seconds), on a copy of the parameters on display."""
        m = self.model
        m.set_tab(Tab.COST)
        if self._cost_job is not None and self._cost_job.running:
            return
        sizes, step = tuple(m.spec.sizes), m.viewed_step
        m.set_cost(CostState(running=True, sizes=sizes, step=step))

        def finished(tag, result):
            timings, agreement = result
            self.model.set_cost(CostState(False, timings, agreement, sizes, step))

        def failed(tag, error):
            self.model.set_cost(CostState(sizes=sizes, step=step, error=str(error)))

        self._cost_job = start_job(
            cost_job,
            m.display,
            m.x,
            m.y,
            name="cost of backprop",
            return_=finished,
            error=failed,
        )

    def stop_cost(self):
        """Stop the measurement (it ends after the method it is timing) and wait for it."""
        job, self._cost_job = self._cost_job, None
        if job is not None:
            job.stop()
        if self.model.cost.running:
            self.model.set_cost(CostState())

    def _draw_status(self):
        m, ws = self.model, self.ws
        text = self.presenter.banner_text()
        if text is None and m.notice:
            text = "⚠ " + tr("{0}  (nothing was changed)").format(m.notice)
        shown = (self.files.title(), text, m.training, id(ws))
        if shown == self._status_shown:
            return  # every call into Qt while training costs the trainer GIL hand-overs
        self._status_shown = shown
        self.setWindowTitle(shown[0])
        ws.banner.setText(text or "")
        ws.banner.setVisible(text is not None)
        ws.controls.set_running(m.training)

    # -- selection ---------------------------------------------------------------------------

    def select_theta(self, theta: int):
        try:
            self.model.select_theta(theta)
        except ValueError:
            self.statusBar().showMessage(
                tr("There is no θ{0}: this network has θ0 … θ{1}").format(theta, self.model.K - 1),
                4000,
            )
            return
        self._redraw(Part.CHAIN, Part.MATRICES)

    def move_selection(self, delta: int):
        self.model.move_selection(delta)
        self._redraw(Part.CHAIN, Part.MATRICES)

    def select_factor(self, index: int):
        self.model.select_factor(index)
        self._redraw(Part.CHAIN, Part.MATRICES)

    def select_edge(self, u: str, v: str):
        if self.model.select_edge(u, v):
            self._redraw(Part.CHAIN, Part.MATRICES)
        else:
            self.statusBar().showMessage(
                tr("That edge is not in the selected chain; click a θ to choose a chain"), 4000
            )

    def select_sample(self, index: int):
        if 0 <= index < self.model.dataset.n_samples:
            self.model.select_sample(index)
            self._redraw(*NEW_PARAMETERS)

    def select_bias(self, bias):
        """Entry p of b_i, (i, p), to be set by hand (or None)."""
        self.model.select_bias(bias)
        self._redraw(Part.NEURONS, Part.MATRICES)

    def select_weight(self, weight):
        self.model.select_weight(weight)
        self._redraw(Part.NEURONS, Part.MATRICES)

    # -- teaching ----------------------------------------------------------------------------

    # -- weights set by hand -----------------------------------------------------------------

    def _gradient_cell_clicked(self, row: int, col: int):
        """A click on entry (row, col) of ∂L/∂Aᵢ chooses weight a_row,col of Aᵢ: the neuron
        view shows it lit, with its value ready to type or drag."""
        theta = self.model.theta
        if theta is None or self._refused_in_step_through():
            return
        self.select_weight((theta, row, col))
        self.model.set_view(View.NEURONS)
        self._redraw(Part.NEURONS, Part.THUMBNAILS)

    def set_parameter(self, i: int, kind: str, row: int, col: int, value: float, **options):
        """Set one parameter by hand. Training pauses for the edit and goes on after it: the
        worker owns the network while it trains, and its next step would overwrite (or tear)
        a value written beside it; a pause is a join, so the edit lands between two steps."""
        was_training = self.is_training
        self.stop_training()
        try:
            self.model.set_parameter(i, kind, row, col, value, **options)
        except ValueError as error:
            self.model.set_notice(str(error))
            return
        finally:
            if was_training:
                self.set_training(True)
        self._redraw(*EDITED)

    def _message_changed(self, text: str):
        self.status.setHidden(bool(text))

    def _refused_in_step_through(self) -> bool:
        """A click on a heatmap chooses nothing while the step-through shows its running
        products (not one parameter's matrices): then this says so and returns True."""
        if self.model.step_index < 0:
            return False
        self.statusBar().showMessage(
            tr("These matrices are a step of the step-through: leave it (Done) to choose an entry"),
            4000,
        )
        return True

    def _factor_cell_clicked(self, row: int, col: int):
        """A click on the shown factor chooses the entry its cell stands for
        (presenter.factor_entry), to set by hand in the neuron view: in the yellow
        ∂f_{i+1}/∂bᵢ entry col of bᵢ, in a red ∂f_{k+1}/∂f_k = diag(σ′) A_k weight a_row,col
        of A_k; ∂L/∂f_K belongs to no parameter."""
        m = self.model
        frame = self.presenter.frame
        if m.theta is None or self._refused_in_step_through():
            return
        if frame is None or frame.chain is None:
            return
        entry = factor_entry(frame.shown_factor, row, col)
        if entry is None:
            self.statusBar().showMessage(
                tr("∂L/∂f_K belongs to no parameter: click a cell of another matrix"), 4000
            )
            return
        i, kind, p, q = entry
        if kind == "A":
            self.select_weight((i, p, q))
        else:
            self.select_bias((i, p))
        m.set_view(View.NEURONS)
        self._redraw(Part.NEURONS, Part.THUMBNAILS)

    def _weight_typed(self, value: float):
        entry = self.model.chosen_entry
        if entry is None:
            return
        if value != self.model.parameter(*entry):
            self.set_parameter(*entry, value)
        self.ws.weight_value.lineEdit().setModified(False)

    def _bias_dragged(self, i: int, p: int, value: float, done: bool):
        if self._drag_start is None:
            self._drag_start = self.model.parameter(i, "b", p, 0)
        if done:
            start, self._drag_start = self._drag_start, None
            self.set_parameter(i, "b", p, 0, value, before=start)
        else:
            self.set_parameter(i, "b", p, 0, value, undoable=False)

    def _weight_dragged(self, i: int, p: int, q: int, value: float, done: bool):
        if self._drag_start is None:
            self._drag_start = self.model.parameter(i, "A", p, q)
        if done:
            start, self._drag_start = self._drag_start, None
            self.set_parameter(i, "A", p, q, value, before=start)
        else:
            self.set_parameter(i, "A", p, q, value, undoable=False)

    def undo(self):
        self._undo_redo(self.model.undo)

    def redo(self):
        self._undo_redo(self.model.redo)

    def _undo_redo(self, operation):
        was_training = self.is_training
        self.stop_training()
        try:
            done = operation()
        finally:
            if was_training:
                self.set_training(True)
        if done:
            self._redraw(*EDITED)
        else:
            self.statusBar().showMessage(tr("Nothing to undo or redo"), 3000)

    def _factor_widths_toggled(self, on: bool):
        self.model.set_plot_options(factor_widths=on)
        self._redraw(Part.CHAIN)

    def toggle_view(self):
        m = self.model
        m.set_view(View.NEURONS if m.view is View.LAYERS else View.LAYERS)
        self._redraw(Part.NEURONS, Part.THUMBNAILS)

    def fit_view(self):
        ws = self.ws
        (ws.graph if self.model.view is View.LAYERS else ws.neurons).fit()
        self.model.graph_camera = None

    def go_step(self, index: int):
        self.model.set_step_index(index)
        self._redraw(Part.CHAIN, Part.MATRICES)

    def step_forward(self):
        self.go_step(self.model.step_index + 1)

    def step_back(self):
        self.go_step(self.model.step_index - 1)

    def scrub(self, index: int):
        self.model.scrub(index)
        self._redraw(*NEW_PARAMETERS, Part.TIMELINE)

    def go_live(self):
        self.model.go_live()
        self._redraw(*NEW_PARAMETERS, Part.TIMELINE)

    def compare_flow(self, name: str):
        """Compare the gradient flow with preset `name` ('' for none), trained in a job to the
        live run's step whenever the Flow tab shows it behind."""
        self.stop_flow_comparison()
        with np.errstate(all="ignore"):
            self.model.compare_flow(name)
        self._flow_due = 0.0
        self._redraw(Part.FLOW)

    def _catch_up_comparison(self):
        """Start training the comparison to the live step, if it is behind and nothing is
        training it already (the live run moves on meanwhile: the next turn catches up)."""
        m, c = self.model, self.model.flow_comparison
        target = m.history.count
        busy = self._comparison_job is not None and self._comparison_job.running
        if c is None or busy or c.diverged is not None or c.step == target:
            return
        run = c.run

        def reached(tag, result):
            self.model.comparison_reached(run, *result)

        def failed(tag, error):
            if isinstance(error, DivergenceError):
                self.model.comparison_diverged(run, error.step)
            else:  # not expected of a preset: say so and stop comparing
                self.statusBar().showMessage(str(error), 10000)
                self.model.compare_flow("")

        self._comparison_job = start_job(
            _train_comparison,
            run,
            target,
            name="flow comparison",
            return_=reached,
            error=failed,
            finish=lambda tag: self._redraw(Part.FLOW),
        )

    def stop_flow_comparison(self):
        job, self._comparison_job = self._comparison_job, None
        if job is not None:
            job.stop()

    def run_gradient_check(self):
        """Backprop against central differences, in a job, on the parameters on display."""
        m = self.model
        m.set_tab(Tab.CHECK)
        if self._check_job is not None and self._check_job.running:
            return
        self.stop_gradient_check()
        self._check_cancel = threading.Event()
        step = m.viewed_step
        m.set_check(CheckState(True, 0, m.K, None, step))

        def progress(tag, value):
            done, total = value
            m.set_check(CheckState(True, done, total, None, step))

        def finished(tag, results):
            if results is not None:
                m.set_check(CheckState(False, m.K, m.K, tuple(results), step))

        def failed(tag, error):
            m.set_check(CheckState(False, 0, m.K, None, step, f"{type(error).__name__}: {error}"))

        self._check_job = start_job(
            check_job,
            m.display,
            m.dataset.X,
            m.dataset.Y,
            self._check_cancel,
            name="gradient check",
            **{"yield": progress, "return": finished, "error": failed},
        )

    def stop_gradient_check(self):
        job, self._check_job = self._check_job, None
        if job is not None:
            self._check_cancel.set()
            job.stop()
            if self.model.check.running:
                self.model.set_check(CheckState())

    # -- training ----------------------------------------------------------------------------

    @property
    def is_training(self) -> bool:
        return self.training.running

    def toggle_training(self):
        self.set_training(not self.is_training)

    def set_training(self, on: bool):
        if on:
            self.model.clear_message()
        self.training.set_running(on)
        self.scheduler.mark(Part.STATUS)

    def stop_training(self):
        """Stop the job and join its thread; the window then shows the last step trained."""
        self.training.stop()

    def step_once(self):
        if self.is_training:
            return
        self.model.step(1)
        self.scheduler.everything_now()

    def train_here(self, steps: int):
        """Train synchronously in this thread (headless screenshots and exports)."""
        if self.is_training:
            raise RuntimeError("train_here: the worker thread is training this network")
        self.model.step(steps)

    def reset(self):
        self._edit(self.model.reset)

    def new_weights(self):
        """New initial weights (a new seed, kept in the experiment); Reset returns to them."""
        if self._edit(self.model.new_weights):
            self.statusBar().showMessage(
                tr("New initial weights: seed {0}").format(self.model.experiment.seed), 5000
            )

    # -- edits -------------------------------------------------------------------------------

    def _edit(self, change, architecture: bool = False) -> bool:
        """Stop training and apply `change` to the model; on ValueError keep the old state and
        say what was wrong (core's messages name the field and the value)."""
        self.stop_training()
        try:
            change()
        except ValueError as error:
            if architecture:
                self.ws.controls.show_architecture_error(str(error))
            else:
                self.model.set_notice(str(error))
            self.statusBar().showMessage(str(error), 10000)
            return False
        return True

    def set_optimizer(self, config: OptimizerConfig):
        self.training.send_optimizer(config)

    def set_batch_size(self, batch_size: int | None):
        if batch_size == self.model.experiment.batch_size:
            return
        was_training = self.is_training
        self.stop_training()  # the worker's trainer has buffers sized for the old batch
        self.model.set_batch_size(batch_size)
        if was_training:
            self.set_training(True)

    def set_architecture(self, spec: NetworkSpec):
        self._edit(lambda: self.model.set_architecture(spec), architecture=True)

    def set_data(self, config: dict):
        self._edit(lambda: self.model.set_data(config))

    def set_loss(self, name: str):
        if not self._edit(lambda: self.model.set_loss(name)):
            self._show_settings()  # refused: the box shows the loss kept, not the one asked

    def set_test_share(self, share: float):
        if not self._edit(lambda: self.model.set_test_split(share)):
            self._show_settings()

    def _show_settings(self):
        m = self.model
        self.ws.controls.show_experiment(m.experiment, m.dataset.n_samples)

    # -- files (the FileController does the work) --------------------------------------------

    def new_experiment(self):
        return self.files.new_experiment()

    def open_preset(self, name: str):
        return self.files.open_preset(name)

    def open_file(self, path: str | None = None):
        return self.files.open_file(path)

    def save(self):
        return self.files.save()

    def save_as(self, include_weights: bool = True):
        return self.files.save_as(include_weights)

    def import_csv(self, path: str | None = None):
        return self.files.import_csv(path)

    def import_images(self, config: dict | None = None):
        return self.files.import_images(config)

    def export_dialog(self, what: str | None = None):
        return self.files.export_dialog(what)

    def export_animation(self, recording=None):
        """File → Export animation…: ask (unless given) and record while the window runs;
        returns the Recorder (its finished or failed signal ends it)."""
        from explorer.window import animation  # with its first use: Pillow and all

        recording = recording or animation.ask(self)
        if recording is None:
            return None
        self.stop_recording()
        self.recorder = animation.start(
            self,
            recording,
            lambda text: self.statusBar().showMessage(text, 10000),
            lambda title, message: dialogs.error(self, title, message),
        )
        return self.recorder

    def stop_recording(self):
        recorder, self.recorder = self.recorder, None
        if recorder is not None and recorder.running:
            recorder.cancel()

    def fill_recent_menu(self):
        menu = self.menus.recent if self.menus is not None else None
        if menu is None:
            return
        menu.clear()
        files = self.files.recent_files()
        for path in files:
            action = menu.addAction(QtCore.QFileInfo(path).fileName())
            action.setToolTip(path)
            action.triggered.connect(lambda *_, p=path: self.open_file(p))
        menu.setEnabled(bool(files))

    # -- the look ----------------------------------------------------------------------------

    def set_theme(self, name: str):
        theme.use(name, self.model.presentation, self._screen_height())
        QtCore.QSettings().setValue("theme", name)
        self._relook()

    def set_language(self, language: str):
        i18n.install(QtWidgets.QApplication.instance(), language)
        QtCore.QSettings().setValue("language", language)
        self._relook()

    def set_side_panel(self, on: bool):
        """Show or hide the controls beside the teaching views (Ctrl+B): on a small screen the
        graph, the formula and the plots get the room; every control keeps its key."""
        self._remembered_side_panel = "true" if on else "false"
        self.model.set_side_panel(on)
        QtCore.QSettings().setValue(f"{SETTINGS_GROUP}/side_panel", "true" if on else "false")

    def _show_side_panel(self):
        m = self.model
        self.ws.side.setVisible(m.side_panel and not m.presentation)
        self.menus.side_panel.setChecked(m.side_panel)
        self.menus.side_panel.setEnabled(not m.presentation)

    def set_presentation(self, on: bool):
        """Presentation mode: full screen, larger text and lines, no side panel (every control
        keeps its key). Leaving it restores the window exactly as it was before."""
        on = bool(on)
        if on == self.model.presentation:
            self.menus.presentation.setChecked(on)
            return
        if on:
            # The state and the client geometry as they are now: restoreGeometry() would fit
            # a saved geometry to the screen, which moves and shrinks a large window.
            self._before_presentation = (self.windowState(), self.geometry())
        # Scaled to the screen the window is on: 1.35 on 1080 lines, none on 768 lines.
        theme.use(theme.name, on, self._screen_height())
        self._relook(presentation=on)
        if on:
            self.showFullScreen()
        else:
            state, geometry = self._before_presentation or (
                QtCore.Qt.WindowState.WindowNoState,
                None,
            )
            self._before_presentation = None
            self.setWindowState(state & ~QtCore.Qt.WindowState.WindowFullScreen)
            if geometry is not None and not state & QtCore.Qt.WindowState.WindowMaximized:
                self.setGeometry(geometry)
            self.show()

    def _screen_height(self) -> int:
        """The logical height of the screen the window is on (device pixels / ratio)."""
        screen = self.screen() or QtWidgets.QApplication.primaryScreen()
        return screen.geometry().height() if screen is not None else 1080

    def _relook(self, presentation: bool | None = None):
        """Rebuild the workspace and the menus with the current theme and language. Training
        stops (a rebuilt plot must not be fed mid-frame) and everything else is kept."""
        was_training = self.is_training
        self.stop_training()
        self.stop_gradient_check()
        self.stop_flow_comparison()  # restarted by the Flow tab's next refresh
        m = self.model
        self._keep_centre_sizes()  # the view shown now gets them back after the rebuild
        if not m.presentation:  # presentation mode's layout (no side panel) is not kept
            self._save_layout()
        m.graph_camera = self.ws.graph.camera()
        # The old workspace goes now, not at the next turn of the event loop: a new style
        # sheet re-polishes every live widget, and relooks in a row would each pay for all the
        # workspaces still waiting to be deleted. Nothing of it is on the stack here (the
        # switches are menu actions and keys of the window).
        old = self.takeCentralWidget()
        self.ws.release()
        shiboken6.delete(old)
        apply_style(QtWidgets.QApplication.instance())
        m.set_look(
            theme.name, i18n.current(), m.presentation if presentation is None else presentation
        )
        self._build()
        self._restore_layout()
        self._show_side_panel()
        self.scheduler.everything_now()
        if was_training:
            self.set_training(True)

    def show_shortcuts(self):
        dialog = shortcuts_dialog(self, self.menus.table)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self._shortcuts_dialog = dialog
        return dialog

    def show_about(self):
        QtWidgets.QMessageBox.about(
            self,
            tr("About Backprop Explorer"),
            tr(
                "Backprop Explorer teaches backpropagation as the chain rule over a layered "
                "network: click a parameter θᵢ to see the Jacobian factors that multiply into "
                "its gradient, with the real matrices, while the network trains."
            ),
        )

    # -- settings ----------------------------------------------------------------------------

    def _restore_settings(self):
        settings = QtCore.QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        geometry = settings.value("geometry")
        # restoreGeometry refuses what it cannot read (a damaged file, another Qt's format)
        # and then leaves the window at its minimum size: 708 x 715 on a 1024 x 768 screen.
        if (
            isinstance(geometry, QtCore.QByteArray)
            and not geometry.isEmpty()
            and self.restoreGeometry(geometry)
        ):
            # Presentation mode is never where a run starts.
            self.setWindowState(self.windowState() & ~QtCore.Qt.WindowState.WindowFullScreen)
        else:
            self.resize(_default_size())
        # Read as text: QSettings.value(type=bool) has mis-counted references to Py_True in
        # some PySide6 releases, which aborts the interpreter at exit.
        self.model.log_y = str(settings.value("log_y", "true")).lower() == "true"
        self.ws.loss_plot.log_y.setChecked(self.model.log_y)
        self._remembered_side_panel = str(settings.value("side_panel", "")).lower()
        self.choose_side_panel()
        settings.endGroup()
        self._restore_layout()

    def _restore_layout(self):
        settings = QtCore.QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        ws = self.ws
        # The centre column as the layers view had it (plain sizes: the splitter's state may
        # be the neuron view's, and the two set before the first show fought). The neuron
        # view's are kept for this run only: the room it needs depends on the screen a run
        # starts on (roomy_for_neurons). An older file has only the splitter's state.
        layers = _sizes(settings.value("centre_sizes/layers"), len(ws.centre.sizes()))
        for splitter in ws.splitters():
            if splitter is ws.centre and layers is not None:
                splitter.setSizes(layers)
                continue
            state = settings.value(f"splitter/{splitter.objectName()}")
            if isinstance(state, QtCore.QByteArray):
                splitter.restoreState(state)
        settings.endGroup()
        self._centre_view = View.LAYERS  # what the splitter holds now
        self._show_view()

    def _save_layout(self):
        settings = QtCore.QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        for splitter in self.ws.splitters():
            if splitter is not self.ws.centre:  # its sizes per view, below
                settings.setValue(f"splitter/{splitter.objectName()}", splitter.saveState())
        self._keep_centre_sizes()
        layers = self._centre_sizes.get(View.LAYERS)
        if layers is not None:
            settings.setValue("centre_sizes/layers", [str(v) for v in layers])
        settings.setValue("log_y", "true" if self.model.log_y else "false")
        settings.endGroup()

    def _keep_centre_sizes(self):
        """Note the centre column's sizes as the view shown now has them."""
        self._centre_sizes[self._centre_view] = self.ws.centre.sizes()

    def _show_view(self):
        """The model's view, with the centre column as that view had it last: the neuron view
        the first time with its pane at least half the column (roomy_for_neurons)."""
        ws, view = self.ws, self.model.view
        if view is not self._centre_view:
            self._keep_centre_sizes()
            sizes = self._centre_sizes.get(view)
            if sizes is None:
                sizes = ws.centre.sizes()
                if view is View.NEURONS:
                    sizes = roomy_for_neurons(sizes, ws.centre_minimums())
            ws.centre.setSizes(sizes)
            self._centre_view = view
        ws.show_view(view)

    def _save_settings(self):
        if not self.model.presentation:
            self._save_layout()
        settings = QtCore.QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        if not self.isFullScreen():
            settings.setValue("geometry", self.saveGeometry())
        settings.endGroup()
        settings.sync()

    def choose_side_panel(self, width: int | None = None):
        """The side panel as the user left it (Ctrl+B), else shown when a window `width` wide
        (by default this one) has the room for it beside the teaching views."""
        remembered = self._remembered_side_panel
        roomy = (width or self.width()) >= SIDE_PANEL_MIN_WIDTH
        self.model.side_panel = remembered == "true" if remembered else roomy
        self._show_side_panel()
        # The minimum size follows now, not at the next layout pass: a resize to a small
        # screen right after this must not be held at the width of a shown panel.
        self.ws.main.updateGeometry()
        self.layout().activate()

    # -- closing -----------------------------------------------------------------------------

    def discard_and_close(self):
        """Close without asking about unsaved changes (headless renders, benchmarks)."""
        self.model.modified = False
        self.close()

    def closeEvent(self, event):
        if not self.files.confirm_discard(closing=True):
            event.ignore()
            return
        self.scheduler.stop()
        self.stop_recording()
        self.stop_training()
        self.stop_gradient_check()
        self.stop_cost()
        self.stop_flow_comparison()
        self.ws.release()
        self._save_settings()
        self.model.unsubscribe(self._on_change)
        super().closeEvent(event)


def _sizes(value, count: int) -> list[int] | None:
    """A splitter's sizes as QSettings gives them back (a list of texts), or None if they
    are not `count` whole numbers >= 0 with a positive sum (a damaged or foreign file)."""
    try:
        sizes = [int(v) for v in value] if isinstance(value, list) else None
    except (TypeError, ValueError):
        return None
    if sizes is None or len(sizes) != count or min(sizes) < 0 or sum(sizes) <= 0:
        return None
    return sizes


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
