"""The explorer's model: everything a user can see or set, in plain Python (no Qt).

One Model holds the experiment, its data set and its train/test split, the training network
and its Trainer (on the training rows), the loss history, the evaluations on training and
test rows (test loss, accuracies), the parameter snapshots, the gradient flow, the parameters
on display (live or an earlier step), the whole selection (θᵢ, factor, sample, weight
(i, p, q), step-through position), layers or neurons, the teaching tab, the gradient check's
results, the file it belongs to and the look (theme, language, presentation mode). Its
operations change that state and tell every listener what changed (a `Change`); the Qt side
renders from the model and sends the user's intent back, so a window can be rebuilt or torn
down without losing anything (napari's ViewerModel is the pattern).

Threads: the training worker runs `trainer` on `network` while `training` is True; nothing
else touches those two then. The worker's results come back through `record_training`, on
the thread the listeners live on. Everything the views compute from is `display` (a copy).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.datasets import Dataset, Split, dataset_from_config
from core.experiment import Experiment, check_compatible, load_preset, preset_names
from core.flow import FlowHistory, FlowRecord, FlowRun, gradient_flow
from core.gradcheck import ThetaCheck
from core.graph import build_graph, chain_edges
from core.loss_history import EvaluationHistory, LossHistory
from core.losses import SQUARED, get_loss, targets_problem
from core.metrics import ClassReport, Evaluation, class_report
from core.network import NetworkSpec
from core.notation import theta_index
from core.optim import OptimizerConfig
from core.paths import PathSum, bias_paths, weight_paths
from core.snapshots import SnapshotHistory
from core.stepthrough import Step, backprop_steps
from core.training import DivergenceError, Trainer
from explorer.model.changes import Change, Tab, View
from explorer.model.frame import Frame, compute_frame

SNAPSHOT_BUDGET = 64 * 2**20  # bytes of parameter snapshots kept for the history scrub
THUMBNAIL_GRID = 24  # points per side of the input plane each neuron thumbnail samples
NEW_SEED_LIMIT = 2**31  # new_weights draws seeds below this (any JSON reader keeps them exact)

Listener = Callable[[Change], None]


@dataclass(frozen=True)
class Divergence:
    """Why training paused: the loss at step `at` was not finite. last_finite_loss is None
    when the very first loss was; `restored` is the step whose parameters are back."""

    at: int
    last_finite_loss: float | None
    learning_rate: float
    restored: int


@dataclass(frozen=True)
class CheckState:
    """The gradient check: done of total parameters checked, the results when finished, the
    step whose parameters were checked, or the error that stopped it."""

    running: bool = False
    done: int = 0
    total: int = 0
    results: tuple[ThetaCheck, ...] | None = None
    step: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class CostState:
    """The cost tab's measurement (core.cost.measure): running, or its timings by method and
    each gradient's largest relative difference from backprop's, for the layer sizes and step
    measured, or the error that stopped it."""

    running: bool = False
    timings: dict | None = None
    agreement: dict | None = None
    sizes: tuple[int, ...] | None = None
    step: int | None = None
    error: str | None = None


def fit_spec(spec: NetworkSpec, dataset: Dataset) -> NetworkSpec:
    """`spec` with its input and output widths fitted to `dataset` (hidden layers kept; a
    regression output made linear; a loss the targets do not suit, such as cross-entropy on
    a +-1 column, back to the note's squared loss). The one rule for data sets of another
    shape."""
    loss = spec.loss
    if targets_problem(get_loss(loss), dataset.Y) is not None:
        loss = SQUARED
    if (
        (dataset.n_inputs, dataset.n_outputs) == (spec.sizes[0], spec.sizes[-1])
        and (dataset.task != "regression" or spec.activations[-1] == "identity")
        and loss == spec.loss
    ):
        return spec
    sizes = (dataset.n_inputs, *spec.sizes[1:-1], dataset.n_outputs)
    activations = spec.activations
    if dataset.task == "regression":
        activations = (*activations[:-1], "identity")
    return NetworkSpec(sizes, activations, loss)


def preset_of(experiment: Experiment) -> str | None:
    """The name of the preset `experiment` is, unedited, or None."""
    for name in preset_names():
        if load_preset(name) == experiment:
            return name
    return None


@dataclass(frozen=True)
class FlowComparison:
    """Another preset trained alongside the live run, for the Flow tab: its flow `record`
    after `step` steps (the live run's step, once caught up), or the step it diverged at.
    `run` is trained by a job; only the job touches it while it runs."""

    name: str
    run: FlowRun
    record: FlowRecord
    step: int
    diverged: int | None = None


class Model:
    """One experiment being explored. Operations that build from user input raise ValueError
    (core's messages name the field) before changing anything, so a bad edit keeps the state."""

    def __init__(self, experiment: Experiment, dataset: Dataset | None = None):
        self._listeners: list[Listener] = []
        self.history = LossHistory()
        self.evaluations = EvaluationHistory()  # test loss and accuracies over training
        self.snapshots = SnapshotHistory(SNAPSHOT_BUDGET)
        self.flow = FlowHistory()
        self.flow_comparison: FlowComparison | None = None
        # The selection.
        self.theta: int | None = None
        self.factor: int | None = None
        self.sample = 0
        self.weight: tuple[int, int, int] | None = None
        self.bias: tuple[int, int] | None = None  # b_i[p] as (i, p); never with a weight
        self.step_index = -1  # into steps(); -1: not stepping through
        self.view = View.LAYERS
        self.tab = Tab.MATRICES
        # Training.
        self.training = False
        self.steps_per_second = 0.0
        self.live = True
        self.viewed_step = 0
        self.divergence: Divergence | None = None
        self.error_message: str | None = None
        self.notice: str | None = None  # why the user's last edit was refused
        self.check = CheckState()
        self.cost = CostState()
        # The file and the look.
        self.path: Path | None = None
        self.preset: str | None = None  # the preset this experiment is, unedited
        self.modified = False
        self.theme = "dark"
        self.language = "en"
        self.presentation = False
        self.side_panel = True  # the controls beside the teaching views (hidden in presentation)
        self.log_y = True  # the loss plot's y axis
        self.follow_loss = True  # the loss plot keeps the whole run in view
        self.factor_widths = False  # chain edges drawn as thick as their factor's norm
        self.graph_camera: tuple[float, float, float] | None = None  # zoom, centre x, y
        self._version = 0  # counts changes of `display`, for the caches below
        self._frame: tuple[tuple, Frame] | None = None
        self._steps: tuple[tuple, list[Step]] | None = None
        self._thumbnails: tuple[tuple, list[np.ndarray]] | None = None
        # Hand-set parameters: (i, kind, row, col, old, new), newest last; cleared on load.
        self._undo: list[tuple[int, str, int, int, float, float]] = []
        self._redo: list[tuple[int, str, int, int, float, float]] = []
        self._load(experiment, dataset)
        self.preset = preset_of(experiment)

    # -- listeners ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _tell(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- the experiment ----------------------------------------------------------------------

    def _load(self, experiment: Experiment, dataset: Dataset | None = None) -> None:
        dataset = dataset if dataset is not None else experiment.build_dataset()
        check_compatible(experiment, dataset)
        split = experiment.split(dataset)
        network = experiment.build_network()
        trainer = _make_trainer(network, dataset, split, experiment)
        # Nothing above changed the model: a bad experiment leaves it as it was.
        self.experiment, self.dataset, self.network, self.trainer = (
            experiment,
            dataset,
            network,
            trainer,
        )
        self.split = split
        self._report = None
        self.latest = network.copy()
        self.display = network.copy()
        self.graph = build_graph(network.spec)
        self.history.clear()
        self.evaluations.clear()
        self.evaluations.append(trainer.evaluate())
        self.snapshots.clear()
        self.snapshots.add(0, *self.latest.snapshot())
        self.flow.clear()
        self.live, self.viewed_step = True, 0
        self.steps_per_second = 0.0
        self.divergence = None
        self.error_message = None
        self.notice = None
        self.check = CheckState()
        self.cost = CostState()
        if self.theta is not None and self.theta >= self.K:
            self.theta = self.K - 1
        self.factor = None
        self.weight = None
        self.bias = None
        self.step_index = -1
        self.sample = min(self.sample, dataset.n_samples - 1)
        self._undo.clear()  # the edits were of another network
        self._redo.clear()
        self._display_changed()

    def load(
        self,
        experiment: Experiment,
        dataset: Dataset | None = None,
        path: Path | None = None,
        modified: bool = False,
        preset: str | None = None,
    ) -> None:
        """Open `experiment` (with `dataset` if it was already built from its config); `path`
        is the file it came from, `preset` the preset's name when it is one."""
        self._require_stopped("load")
        self._load(experiment, dataset)
        self.path, self.modified, self.preset = path, modified, preset
        self._tell(Change.everything() & ~Change.LOOK)

    def replace(self, **changes) -> None:
        """The same experiment with some fields changed (spec, dataset, ...), from scratch. It
        is no longer the preset it came from, so it loses the preset's title too."""
        self.load(
            dataclasses.replace(self.experiment, weights=None, title="", **changes),
            path=self.path,
            modified=True,
        )

    def reset(self) -> None:
        """Back to the initial parameters of the same experiment: Network.init with the same
        seed, so the very same weights every time (trained weights a file brought are dropped
        too); histories cleared. `new_weights` draws other ones."""
        self.load(
            dataclasses.replace(self.experiment, weights=None),
            path=self.path,
            modified=self.modified,
            preset=self.preset,
        )

    def new_weights(self, seed: int | None = None) -> int:
        """Start again from new initial weights: a new seed (drawn with `secrets` unless one is
        given, never the current one), kept in experiment.seed so that saving the experiment
        keeps them and Reset comes back to them. The seed also orders the trainer's batches.
        Returns the seed."""
        self._require_stopped("new_weights")
        if seed is None:
            seed = self.experiment.seed
            while seed == self.experiment.seed:
                seed = secrets.randbelow(NEW_SEED_LIMIT)
        elif isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed: {seed!r} is not an integer >= 0")
        self.load(
            dataclasses.replace(self.experiment, seed=seed, weights=None),
            path=self.path,
            modified=True,
        )
        return seed

    def set_architecture(self, spec: NetworkSpec) -> None:
        """New layer sizes and activations, from scratch; the loss stays the current one
        (set_loss changes it), whatever loss `spec` names."""
        self.replace(spec=dataclasses.replace(spec, loss=self.spec.loss))

    def set_loss(self, name: str) -> None:
        """Train with another loss ("squared" or "softmax_cross_entropy", core.losses), from
        scratch. ValueError naming 'spec.loss' when the data's targets do not suit it."""
        if name == self.spec.loss:
            return
        self.replace(spec=dataclasses.replace(self.spec, loss=name))

    def set_test_split(self, test_fraction: float, split_seed: int | None = None) -> None:
        """Hold out another share of the rows for testing (0 .. 0.5; split_seed None keeps
        the seed), from scratch: the network trained on rows that are now test rows."""
        seed = self.experiment.split_seed if split_seed is None else split_seed
        if (test_fraction, seed) == (self.experiment.test_fraction, self.experiment.split_seed):
            return
        self.replace(test_fraction=test_fraction, split_seed=seed)

    def set_data(self, config: dict, dataset: Dataset | None = None) -> None:
        """New data (a recipe, or a data set loaded from a file with its config); the network's
        input and output widths follow it (fit_spec)."""
        dataset = dataset if dataset is not None else dataset_from_config(config)
        spec = fit_spec(self.spec, dataset)
        self._require_stopped("set_data")
        experiment = dataclasses.replace(
            self.experiment, spec=spec, dataset=dict(config), weights=None, title=""
        )
        self._load(experiment, dataset)
        self.modified, self.preset = True, None
        self._tell(Change.everything() & ~Change.LOOK)

    @property
    def spec(self) -> NetworkSpec:
        return self.network.spec

    @property
    def K(self) -> int:
        return self.network.spec.K

    @property
    def optimizer(self) -> OptimizerConfig:
        """The one optimiser configuration; the trainer runs with it."""
        return self.experiment.optimizer

    def set_optimizer(self, config: OptimizerConfig) -> None:
        """New optimiser settings. While training, the training controller hands them to the
        worker (it owns the trainer then); `training_stopped` makes sure the trainer has them."""
        self.experiment = dataclasses.replace(self.experiment, optimizer=config)
        if not self.training:
            self.trainer.set_optimizer(config)
        self.modified = True
        self._tell(Change.OPTIMIZER | Change.FILE)

    def set_batch_size(self, batch_size: int | None) -> None:
        """A new batch size: a fresh trainer (its buffers are sized for the batch), same
        parameters. Only while training is stopped."""
        self._require_stopped("set_batch_size")
        if batch_size == self.experiment.batch_size:
            return
        experiment = dataclasses.replace(self.experiment, batch_size=batch_size)
        self.trainer = self._trainer(experiment)
        self.experiment = experiment
        self.modified = True
        self._tell(Change.OPTIMIZER | Change.FILE)

    def _trainer(self, experiment: Experiment) -> Trainer:
        return _make_trainer(self.network, self.dataset, self.split, experiment)

    def _require_stopped(self, operation: str) -> None:
        if self.training:
            raise RuntimeError(f"{operation}: stop training first (the worker owns the trainer)")

    # -- training ----------------------------------------------------------------------------

    def set_training(self, on: bool) -> None:
        """The training controller says the worker started (it owns the trainer now)."""
        if on == self.training:
            return
        if on:
            self.training = True
            self.divergence = None
            self.error_message = None
            self._tell(Change.TRAINING | Change.MESSAGE)
        else:
            self.training_stopped()

    def record_training(
        self,
        losses: np.ndarray,
        A,
        b,
        steps_per_second: float,
        evaluation: Evaluation | None = None,
    ) -> None:
        """Losses and parameters the worker sent (every loss exactly once, in order), and the
        snapshot's evaluation on the training and test rows when it carries one."""
        self.history.append(losses)
        if evaluation is not None:
            self.evaluations.append(evaluation)
        self.steps_per_second = steps_per_second
        self._keep(A, b)
        self._tell(self._trained_change())

    def training_stopped(self) -> None:
        """The worker has ended and everything it sent was recorded: the trainer is ours again
        and the views show the last step trained."""
        self.training = False
        if self.trainer.optimizer_config != self.optimizer:
            self.trainer.set_optimizer(self.optimizer)  # a change that reached no yield
        self.steps_per_second = 0.0
        if self.trainer.step_count:
            self.evaluations.append(self.trainer.evaluate())  # where the run stopped
        self._keep(*self.network.snapshot())
        self._tell(self._trained_change() | Change.TRAINING)

    def step(self, n: int = 1) -> None:
        """Train n steps in this thread (N, headless screenshots and exports)."""
        self._require_stopped("step")
        try:
            losses = self.trainer.step(n)
        except DivergenceError as error:
            self.diverged(error)
            return
        self.history.append(losses)
        self.evaluations.append(self.trainer.evaluate())
        self.steps_per_second = 0.0
        self._keep(*self.network.snapshot())
        self._tell(self._trained_change())

    def diverged(self, error: DivergenceError) -> None:
        """The loss became NaN or infinite: record the finite losses before it, go back to the
        newest parameters whose loss on the data set is finite, with a fresh optimiser."""
        self.training = False
        self.history.append(getattr(error, "pending_losses", np.empty(0)))
        at = self.history.count + 1
        restored = self._restore_last_finite()
        self.steps_per_second = 0.0
        self.divergence = Divergence(
            at, error.last_finite_loss, self.optimizer.learning_rate, restored
        )
        self._tell(self._trained_change() | Change.TRAINING | Change.MESSAGE | Change.TIMELINE)

    def training_failed(self, message: str) -> None:
        """Something unexpected stopped the worker; the message is shown in the banner."""
        self.training = False
        self.error_message = message
        self.steps_per_second = 0.0
        self._keep(*self.network.snapshot())
        self._tell(self._trained_change() | Change.TRAINING | Change.MESSAGE)

    def clear_message(self) -> None:
        if (self.divergence, self.error_message, self.notice) != (None, None, None):
            self.divergence = self.error_message = self.notice = None
            self._tell(Change.MESSAGE)

    def set_notice(self, text: str | None) -> None:
        """Why an edit was refused (nothing was changed), for the banner; None clears it."""
        self.notice = text
        self._tell(Change.MESSAGE)

    def _trained_change(self) -> Change:
        """What training changed; FILE only when the experiment becomes modified (the title
        gains its '*' once, not sixty times a second)."""
        change = Change.LOSS | Change.TIMELINE | Change.FLOW
        if not self.modified:
            self.modified = True
            change |= Change.FILE
        return change | Change.PARAMETERS if self.live else change

    def _keep(self, A, b) -> None:
        self.latest.load(A, b)
        if self.history.count > (self.snapshots.last_step or 0):
            self.snapshots.add(self.history.count, A, b)
        if self.live:
            self.display.load(A, b)
            self.viewed_step = self.history.count
            self._display_changed()

    def _restore_last_finite(self) -> int:
        with np.errstate(all="ignore"):
            while len(self.snapshots) > 1:
                step, A, b = self.snapshots.get(len(self.snapshots) - 1)
                if all(np.all(np.isfinite(p)) for p in (*A, *b)):
                    self.latest.load(A, b)
                    if np.isfinite(self.latest.mean_loss(self.dataset.X, self.dataset.Y)):
                        break
                self.snapshots.pop()
        step, A, b = self.snapshots.get(len(self.snapshots) - 1)
        self.latest.load(A, b)
        self.display.load(A, b)
        self.live, self.viewed_step = True, step
        self.network.load(A, b)
        self.trainer = self._trainer(self.experiment)  # momentum may hold inf
        self._display_changed()
        return step

    # -- the history scrub -------------------------------------------------------------------

    def scrub(self, index: int) -> None:
        """Show the parameters of kept snapshot `index` (training goes on meanwhile)."""
        step, A, b = self.snapshots.get(index)
        self.live, self.viewed_step = False, step
        self.display.load(A, b)
        self._display_changed()
        self._tell(Change.PARAMETERS | Change.TIMELINE)

    def go_live(self) -> None:
        self.live = True
        self.viewed_step = self.history.count
        self.display.load(self.latest.A, self.latest.b)
        self._display_changed()
        self._tell(Change.PARAMETERS | Change.TIMELINE)

    def _display_changed(self) -> None:
        self._version += 1
        self._report = None

    # -- weights set by hand -----------------------------------------------------------------

    def parameter(self, i: int, kind: str, row: int, col: int = 0) -> float:
        """Entry (row, col) of A_i (kind 'A') or entry row of b_i (kind 'b', col 0), as the
        views show it (from `display`)."""
        array, index = self._entry_of(self.display, i, kind, row, col)
        return float(array[index])

    def _entry_of(self, network, i: int, kind: str, row: int, col: int):
        if kind not in ("A", "b") or not 0 <= i < self.K:
            raise ValueError(f"parameter {kind}{i}: this network has A0 … A{self.K - 1}, b0 …")
        array = network.A[i] if kind == "A" else network.b[i].reshape(-1)
        index = (row, col) if kind == "A" else (row,)
        if kind == "b" and col != 0:
            raise ValueError(f"b{i}: a vector, column {col} is not 0")
        if not all(0 <= v < n for v, n in zip(index, array.shape, strict=True)):
            raise ValueError(f"{kind}{i}: no entry {index} in a {array.shape} array")
        return array, index

    def set_parameter(
        self,
        i: int,
        kind: str,
        row: int,
        col: int,
        value: float,
        undoable: bool = True,
        before: float | None = None,
    ) -> None:
        """Set one weight or bias by hand, in the live network: the trainer's network, the
        newest and the displayed copies, so the loss, the chain, the matrices and the
        prediction follow at once. The old value goes on the undo stack.

        Only while training is stopped (RuntimeError otherwise): the worker owns `network`
        then, and an edit racing its step would be lost or torn; the window pauses training
        before it edits. A scrubbed view goes back to live first: the edit is of the live
        network, never of an old snapshot. The loss history is kept; the new parameters are
        a snapshot at the current step.

        A drag sets many values in a row: those with undoable=False, then the last one with
        `before`, the value the drag started from, so that one Ctrl+Z undoes the whole drag."""
        self._require_stopped("set_parameter")
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"{kind}{i}[{row}, {col}]: {value} is not a finite number")
        array, index = self._entry_of(self.network, i, kind, row, col)
        old = float(array[index]) if before is None else float(before)
        self._apply_parameter(i, kind, row, col, value)
        if undoable:
            self._undo.append((i, kind, row, col, old, value))
            self._redo.clear()
        self._tell_edited()

    def _apply_parameter(self, i: int, kind: str, row: int, col: int, value: float) -> None:
        for network in (self.network, self.latest, self.display):
            array, index = self._entry_of(network, i, kind, row, col)
            array[index] = value
        if not self.live:
            self.display.load(self.latest.A, self.latest.b)
        self.live, self.viewed_step = True, self.history.count
        if self.snapshots.last_step == self.history.count and len(self.snapshots) > 1:
            self.snapshots.pop()  # the step's parameters are now the edited ones
        if self.snapshots.last_step != self.history.count:
            self.snapshots.add(self.history.count, *self.latest.snapshot())
        self._display_changed()

    def _tell_edited(self) -> None:
        change = Change.PARAMETERS | Change.TIMELINE
        if not self.modified:
            self.modified = True
            change |= Change.FILE
        self._tell(change)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        """Put back the value the last hand-set parameter had; False when there is none."""
        self._require_stopped("undo")
        if not self._undo:
            return False
        edit = self._undo.pop()
        i, kind, row, col, old, _new = edit
        self._apply_parameter(i, kind, row, col, old)
        self._redo.append(edit)
        self._tell_edited()
        return True

    def redo(self) -> bool:
        """Set again the parameter the last undo put back; False when there is none."""
        self._require_stopped("redo")
        if not self._redo:
            return False
        edit = self._redo.pop()
        i, kind, row, col, _old, new = edit
        self._apply_parameter(i, kind, row, col, new)
        self._undo.append(edit)
        self._tell_edited()
        return True

    # -- the selection -----------------------------------------------------------------------

    def select_theta(self, theta: int | None) -> None:
        """θᵢ (raises ValueError naming the valid range), or None for no chain."""
        if theta is not None and not 0 <= theta < self.K:
            raise ValueError(f"θ{theta}: this network has θ0 … θ{self.K - 1}")
        self.theta, self.factor = theta, None
        self._tell(Change.SELECTION)

    def move_selection(self, delta: int) -> None:
        theta = self.theta
        theta = (self.K - 1 if delta < 0 else 0) if theta is None else theta + delta
        self.select_theta(min(max(theta, 0), self.K - 1))

    def select_factor(self, index: int | None) -> None:
        if index is not None:
            count = len(self.chain_edges())
            if not 0 <= index < count:
                raise ValueError(f"factor {index}: the chain has {count} factors")
        self.factor = index
        self._tell(Change.SELECTION)

    def select_edge(self, u: str, v: str) -> bool:
        """A click on graph edge (u, v): its factor when it is in the chain, its θ when it is a
        parameter edge; False when it is neither."""
        keys = [(a, b) for a, b, _ in self.chain_edges()]
        if (u, v) in keys:
            self.select_factor(keys.index((u, v)))
            return True
        theta = theta_index(u)
        if theta is not None:
            self.select_theta(theta)
            return True
        return False

    def select_sample(self, index: int) -> None:
        if not 0 <= index < self.dataset.n_samples:
            raise ValueError(f"sample {index}: the data set has 0 … {self.dataset.n_samples - 1}")
        self.sample = index
        self._tell(Change.SAMPLE)

    def select_weight(self, weight: tuple[int, int, int] | None) -> None:
        """Weight a_pq of A_i as (i, p, q), or None."""
        if weight is not None:
            i, p, q = weight
            if (
                not 0 <= i < self.K
                or not (0 <= p < self.spec.sizes[i + 1])
                or not (0 <= q < self.spec.sizes[i])
            ):
                raise ValueError(f"weight {weight}: not an entry (i, p, q) of A_i")
            weight = (int(i), int(p), int(q))
        self.weight = weight
        self.bias = None
        self._tell(Change.WEIGHT)

    def select_bias(self, bias: tuple[int, int] | None) -> None:
        """Bias entry b_i[p] as (i, p), or None: chosen to be set by hand, as a weight is
        (the two are one choice: choosing one drops the other)."""
        if bias is not None:
            i, p = bias
            if not 0 <= i < self.K or not 0 <= p < self.spec.sizes[i + 1]:
                raise ValueError(f"bias {bias}: not an entry (i, p) of b_i")
            bias = (int(i), int(p))
        self.bias = bias
        self.weight = None
        self._tell(Change.WEIGHT)

    @property
    def chosen_entry(self) -> tuple[int, str, int, int] | None:
        """The parameter chosen to be set by hand as (i, kind, row, col): a_pq of A_i is
        (i, "A", p, q), b_i[p] is (i, "b", p, 0); None when neither is chosen."""
        if self.weight is not None:
            i, p, q = self.weight
            return i, "A", p, q
        if self.bias is not None:
            i, p = self.bias
            return i, "b", p, 0
        return None

    def bias_paths(self) -> PathSum | None:
        """The sum over paths for the chosen bias b_i[p] (each path starts at neuron p of
        f_{i+1}), from `display`; None when no bias is chosen."""
        if self.bias is None:
            return None
        with np.errstate(all="ignore"):
            return bias_paths(self.display, self.x, self.y, *self.bias)

    def bias_gradient(self) -> float | None:
        """∂L/∂b_i[p] for the chosen bias and sample, by backprop, from `display`."""
        if self.bias is None:
            return None
        i, p = self.bias
        with np.errstate(all="ignore"):
            _, _, grads_b = self.display.gradients(self.x[None], self.y[None])
        return float(np.ravel(grads_b[i])[p])

    def set_step_index(self, index: int) -> None:
        """The step-through position, clamped to the steps there are; -1 leaves it."""
        self.step_index = max(-1, min(index, len(self.steps()) - 1))
        if self.step_index >= 0:
            self.tab = Tab.STEP
        self._tell(Change.STEP_THROUGH | Change.VIEW)

    def set_view(self, view: View) -> None:
        self.view = View(view)
        self._tell(Change.VIEW)

    def set_tab(self, tab: Tab) -> None:
        tab = Tab(tab)
        if tab != self.tab:
            self.tab = tab
            self._tell(Change.VIEW)

    def compare_flow(self, name: str) -> None:
        """Compare the gradient flow with preset `name` ('' for none), trained alongside: at
        first its flow at step 0; `comparison_reached` moves it to the live run's step."""
        if not name:
            self.flow_comparison = None
        else:
            run = FlowRun(load_preset(name))
            self.flow_comparison = FlowComparison(name, run, run.record(), 0)
        self._tell(Change.FLOW)

    def comparison_reached(self, run: FlowRun, step: int, record: FlowRecord) -> None:
        """The comparison's run trained to `step` (ignored if another comparison was chosen)."""
        c = self.flow_comparison
        if c is not None and c.run is run:
            self.flow_comparison = FlowComparison(c.name, run, record, step)
            self._tell(Change.FLOW)

    def comparison_diverged(self, run: FlowRun, step: int) -> None:
        c = self.flow_comparison
        if c is not None and c.run is run:
            self.flow_comparison = FlowComparison(c.name, run, c.record, c.step, diverged=step)
            self._tell(Change.FLOW)

    def set_check(self, state: CheckState) -> None:
        self.check = state
        self._tell(Change.CHECK)

    def set_cost(self, state: CostState) -> None:
        self.cost = state
        self._tell(Change.COST)

    def set_look(self, theme: str, language: str, presentation: bool) -> None:
        self.theme, self.language, self.presentation = theme, language, presentation
        self._tell(Change.LOOK)

    def set_side_panel(self, on: bool) -> None:
        self.side_panel = bool(on)
        self._tell(Change.VIEW)

    def set_plot_options(
        self,
        log_y: bool | None = None,
        follow_loss: bool | None = None,
        factor_widths: bool | None = None,
    ) -> None:
        """How the loss plot and the chain are drawn (None: unchanged)."""
        if log_y is not None:
            self.log_y = bool(log_y)
        if follow_loss is not None:
            self.follow_loss = bool(follow_loss)
        if factor_widths is not None:
            self.factor_widths = bool(factor_widths)
        self._tell(Change.VIEW)

    def set_file(self, path: Path | None, modified: bool) -> None:
        self.path, self.modified = path, modified
        self._tell(Change.FILE)

    # -- what the views show -----------------------------------------------------------------

    @property
    def x(self) -> np.ndarray:
        return self.dataset.X[self.sample]

    @property
    def y(self) -> np.ndarray:
        return self.dataset.Y[self.sample]

    def chain_edges(self) -> list[tuple[str, str, str]]:
        return chain_edges(self.K, self.theta) if self.theta is not None else []

    def frame(self) -> Frame:
        """The selected chain, its matrices and backprop's gradient, all from `display` as it
        is now (cached until the parameters or the selection change)."""
        key = (self._version, self.theta, self.factor, self.sample)
        if self._frame is None or self._frame[0] != key:
            frame = compute_frame(
                self.display, self.x, self.y, self.viewed_step, self.theta, self.factor, self.sample
            )
            self._frame = (key, frame)
        return self._frame[1]

    def steps(self) -> list[Step]:
        """The step-through's steps for the chosen sample and the parameters on display."""
        key = (self._version, self.sample)
        if self._steps is None or self._steps[0] != key:
            with np.errstate(all="ignore"):
                self._steps = (key, backprop_steps(self.display, self.x, self.y))
        return self._steps[1]

    def current_step(self) -> Step | None:
        steps = self.steps()
        return steps[self.step_index] if 0 <= self.step_index < len(steps) else None

    def step_frame(self, step: Step) -> Frame:
        """The frame a backward step belongs to (its own θ and factor)."""
        return compute_frame(
            self.display, self.x, self.y, self.viewed_step, step.theta, step.factor, self.sample
        )

    def weight_paths(self) -> PathSum | None:
        """The sum over paths for the selected weight, from `display`."""
        if self.weight is None:
            return None
        with np.errstate(all="ignore"):
            return weight_paths(self.display, self.x, self.y, *self.weight)

    def record_flow(self) -> bool:
        """Add a gradient-flow record for the newest parameters if training moved on."""
        if self.flow.steps and self.flow.steps[-1] >= self.history.count:
            return False
        with np.errstate(all="ignore"):
            # On the rows training sees (the test rows stay unseen).
            record = gradient_flow(self.latest, self.trainer.X, self.trainer.Y, self.x, self.y)
        if not np.all(np.isfinite(record.grad_norms)):
            return False
        self.flow.add(self.history.count, record)  # the caller draws it: no listener call
        return True

    def input_span(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1): the input plane the prediction panel first shows (the data's
        extent with a tenth added on each side), or None when the input is not 2-D."""
        X = self.dataset.X
        if X.shape[1] != 2 or self.dataset.is_image:
            return None
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (hi - lo) + 1e-9
        lo, hi = lo - pad, hi + pad
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def neuron_outputs(self, grid: int = THUMBNAIL_GRID) -> list[np.ndarray] | None:
        """Every neuron's output over the input plane, from `display`: for each layer k an
        array (grid, grid, n_k), row r at y = y0 + r (y1 - y0) / (grid - 1) and column c at
        x likewise; one forward pass of the grid for all neurons at once. None when the input
        is not 2-D. Cached until the parameters on display change."""
        span = self.input_span()
        if span is None:
            return None
        key = (self._version, grid, span)
        if self._thumbnails is None or self._thumbnails[0] != key:
            x0, y0, x1, y1 = span
            gx, gy = np.meshgrid(np.linspace(x0, x1, grid), np.linspace(y0, y1, grid))
            points = np.c_[gx.ravel(), gy.ravel()]
            with np.errstate(all="ignore"):
                fs = self.display.forward(points).fs
            self._thumbnails = (key, [f.reshape(grid, grid, -1) for f in fs])
        return self._thumbnails[1]

    def first_layer_images(self) -> np.ndarray | None:
        """For image data: row p of A_0 as an image (n_1, h, w), from `display`; else None."""
        if not self.dataset.is_image:
            return None
        h, w = self.dataset.image_shape
        return self.display.A[0].reshape(-1, h, w)

    def sample_loss(self) -> float:
        """The one-sample L (the spec's loss) for the chosen sample, from `display`."""
        with np.errstate(all="ignore"):
            return float(self.display.sample_losses(self.x[None], self.y[None])[0])

    def sample_output(self) -> np.ndarray:
        """f_K of the chosen sample from `display`, (n_K,). With softmax cross-entropy these
        are logits: core.losses.softmax turns them into class probabilities."""
        with np.errstate(all="ignore"):
            return self.display.predict(self.x[None])[0]

    def test_report(self) -> ClassReport | None:
        """How `display` classifies the test rows (or, without test rows, every row): true
        and predicted labels, confusion matrix, accuracy (core.metrics.ClassReport). None for
        regression. Cached until the parameters on display change."""
        if self.dataset.task != "classification":
            return None
        if self._report is None:
            rows = self.split.test if self.split.n_test else self.split.train
            self._report = class_report(self.display, self.dataset, rows)
        return self._report

    def experiment_to_save(self, include_weights: bool) -> Experiment:
        """The experiment as File → Save writes it: with the newest parameters, or without."""
        if include_weights:
            return self.experiment.with_network(self.latest)
        return dataclasses.replace(self.experiment, weights=None)


def _make_trainer(network, dataset: Dataset, split: Split, experiment: Experiment) -> Trainer:
    """A trainer of `network` on the training rows of `split`, evaluating on its test rows."""
    if split.n_test:
        X, Y = dataset.X[split.train], dataset.Y[split.train]
    else:
        X, Y = dataset.X, dataset.Y  # every row trains: no copy
    return Trainer(
        network,
        X,
        Y,
        experiment.optimizer,
        experiment.batch_size,
        experiment.seed,
        test=(dataset.X[split.test], dataset.Y[split.test]) if split.n_test else None,
        classification=dataset.task == "classification",
    )
