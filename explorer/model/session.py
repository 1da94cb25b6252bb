"""The state behind the window, as plain Python: an experiment, its dataset, the training
network and trainer, the loss history, parameter snapshots, gradient flow, what is selected.

No widgets here: only the tooltips' words go through explorer.i18n (Qt's translator, which
works without an application). The training network belongs to the worker while it runs; the
views compute from `display`: the newest parameters (`latest`) while live, or an earlier
snapshot while the user scrubs the history.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from core.experiment import Experiment, check_compatible
from core.flow import FlowHistory, gradient_flow
from core.graph import build_graph, chain_edges
from core.jacobians import Chain, chain_for
from core.loss_history import LossHistory
from core.network import NetworkSpec
from core.optim import OptimizerConfig
from core.snapshots import SnapshotHistory
from core.stepthrough import Step, backprop_steps
from core.training import Snapshot, Trainer
from explorer.look import i18n, names

SNAPSHOT_BUDGET = 64 * 2**20  # bytes of parameter snapshots kept for the history scrub


def tr(text: str) -> str:
    return i18n.tr("Session", text)


class Session:
    """One experiment being explored. `load` raises ValueError (from core) on an invalid
    set-up before changing anything, so the previous state survives a bad edit."""

    def __init__(self, experiment: Experiment):
        self.history = LossHistory()
        self.snapshots = SnapshotHistory(SNAPSHOT_BUDGET)
        self.flow = FlowHistory()
        self.theta: int | None = None
        self.factor: int | None = None
        self.sample = 0
        self.steps_per_second = 0.0
        self.live = True
        self.viewed_step = 0
        self.load(experiment)

    # -- building ----------------------------------------------------------------------------

    def load(self, experiment: Experiment, dataset=None):
        """Open `experiment` (with `dataset` if it was already built from its config)."""
        dataset = dataset if dataset is not None else experiment.build_dataset()
        check_compatible(experiment, dataset)
        network = experiment.build_network()
        trainer = Trainer(
            network,
            dataset.X,
            dataset.Y,
            experiment.optimizer,
            experiment.batch_size,
            experiment.seed,
        )
        self.experiment, self.dataset, self.network, self.trainer = (
            experiment,
            dataset,
            network,
            trainer,
        )
        self.latest = network.copy()
        self.display = network.copy()
        self.graph = build_graph(network.spec)
        self.history.clear()
        self.snapshots.clear()
        self.snapshots.add(0, *self.latest.snapshot())
        self.flow.clear()
        self.live, self.viewed_step = True, 0
        self.steps_per_second = 0.0
        if self.theta is not None and self.theta >= self.K:
            self.theta = self.K - 1
        self.factor = None
        self.sample = min(self.sample, dataset.n_samples - 1)

    def replace(self, **changes):
        """A new experiment with some fields changed (spec, dataset, optimizer, ...)."""
        self.load(dataclasses.replace(self.experiment, weights=None, **changes))

    def reset(self):
        """Back to the initial parameters of the same experiment; history cleared."""
        self.load(dataclasses.replace(self.experiment, weights=None))

    def set_optimizer(self, config: OptimizerConfig):
        self.experiment = dataclasses.replace(self.experiment, optimizer=config)

    def rebuild_trainer(self, batch_size=..., from_latest: bool = False):
        """A fresh Trainer (fresh optimiser state) on the current network; optionally first
        put back the newest parameters shown (after a divergence)."""
        if batch_size is not ...:
            self.experiment = dataclasses.replace(self.experiment, batch_size=batch_size)
        if from_latest:
            self.network.load(self.latest.A, self.latest.b)
        e = self.experiment
        self.trainer = Trainer(
            self.network, self.dataset.X, self.dataset.Y, e.optimizer, e.batch_size, e.seed
        )

    @property
    def spec(self) -> NetworkSpec:
        return self.network.spec

    @property
    def K(self) -> int:
        return self.network.spec.K

    # -- training results --------------------------------------------------------------------

    def apply_snapshot(self, snap: Snapshot):
        self.history.append(snap.losses)
        self.steps_per_second = snap.steps_per_second
        self._keep(snap.A, snap.b)

    def sync_display(self):
        """After training in this thread (Step, or headless runs)."""
        self._keep(*self.network.snapshot())

    def _keep(self, A, b):
        self.latest.load(A, b)
        if self.history.count > self.snapshots.last_step:
            self.snapshots.add(self.history.count, A, b)
        if self.live:
            self.display.load(A, b)
            self.viewed_step = self.history.count

    def restore_last_finite(self) -> int:
        """After a divergence: drop the snapshots whose parameters overflowed (or whose loss
        on the data set is not finite), go back to the newest good one with a fresh optimiser
        (momentum may hold inf) and return its step. The Trainer itself stops with the
        parameters whose loss was not finite; the snapshots are what a lecturer can go on
        from."""
        with np.errstate(all="ignore"):
            while len(self.snapshots) > 1:
                step, A, b = self.snapshots.get(len(self.snapshots) - 1)
                finite = all(np.all(np.isfinite(p)) for p in (*A, *b))
                if finite:
                    self.latest.load(A, b)
                    if np.isfinite(self.latest.mean_loss(self.dataset.X, self.dataset.Y)):
                        break
                self.snapshots.pop()
        step, A, b = self.snapshots.get(len(self.snapshots) - 1)
        self.latest.load(A, b)
        self.display.load(A, b)
        self.live, self.viewed_step = True, step
        self.rebuild_trainer(from_latest=True)
        return step

    # -- history scrub -----------------------------------------------------------------------

    def scrub(self, index: int):
        step, A, b = self.snapshots.get(index)
        self.live = False
        self.viewed_step = step
        self.display.load(A, b)

    def go_live(self):
        self.live = True
        self.viewed_step = self.history.count
        self.display.load(self.latest.A, self.latest.b)

    # -- what the views show -----------------------------------------------------------------

    @property
    def x(self) -> np.ndarray:
        return self.dataset.X[self.sample]

    @property
    def y(self) -> np.ndarray:
        return self.dataset.Y[self.sample]

    def chain(self) -> Chain | None:
        """The selected chain for the current sample. Parameters on the way to divergence
        can overflow: the values are then inf or NaN (see chain_is_finite), never a warning."""
        if self.theta is None:
            return None
        with np.errstate(all="ignore"):
            return chain_for(self.display, self.x, self.y, self.theta)

    def chain_for_step(self, step: Step) -> Chain:
        """The chain a backward step of the step-through belongs to."""
        with np.errstate(all="ignore"):
            return chain_for(self.display, self.x, self.y, step.theta)

    def chain_edges(self):
        return chain_edges(self.K, self.theta) if self.theta is not None else []

    def backprop_gradient(self) -> tuple[np.ndarray, np.ndarray]:
        """dL/dA_i, dL/db_i of the one-sample loss, by backprop (for comparison)."""
        with np.errstate(all="ignore"):
            _, grads_A, grads_b = self.display.gradients(self.x[None], self.y[None])
        return grads_A[self.theta], grads_b[self.theta]

    def steps(self) -> list[Step]:
        with np.errstate(all="ignore"):
            return backprop_steps(self.display, self.x, self.y)

    def record_flow(self) -> bool:
        """Add a gradient-flow record for the newest parameters if training moved on."""
        if self.flow.steps and self.flow.steps[-1] >= self.history.count:
            return False
        with np.errstate(all="ignore"):
            record = gradient_flow(self.latest, self.dataset.X, self.dataset.Y, self.x, self.y)
        if not np.all(np.isfinite(record.grad_norms)):
            return False
        self.flow.add(self.history.count, record)
        return True

    def node_summary(self, node: str) -> str:
        """Tooltip text: current values and norms of a graph node, for the current sample."""
        with np.errstate(all="ignore"):
            return self._node_summary(node)

    def _node_summary(self, node: str) -> str:
        d = self.display
        if node.startswith("theta"):
            i = int(node[5:])
            A, b = d.A[i], d.b[i]
            return "\n".join(
                (
                    tr("θ_{0} = {{A_{0}, b_{0}}} feeds f_{1}").format(i, i + 1),
                    tr("A_{0}: {1}×{2}, ‖A‖ = {3}, range [{4}, {5}]").format(
                        i,
                        A.shape[0],
                        A.shape[1],
                        f"{np.linalg.norm(A):.4g}",
                        f"{A.min():.3g}",
                        f"{A.max():.3g}",
                    ),
                    f"b_{i}: {b.size}, ‖b‖ = {np.linalg.norm(b):.4g}",
                )
            )
        fwd = d.forward(self.x)
        sample = tr("(sample #{0})").format(self.sample)
        if node == "L":
            loss = float(np.sum((self.y - fwd.output[0]) ** 2))
            return f"L = ‖y − f_{self.K}‖² = {loss:.5g}\n{sample}"
        if node == "y":
            return tr("y (target of sample #{0}) = {1}").format(self.sample, _vector(self.y))
        k = int(node[1:])
        text = f"f_{k} = {_vector(fwd.fs[k][0])}\n‖f_{k}‖ = {np.linalg.norm(fwd.fs[k][0]):.4g}"
        if k:
            text += f"\nz_{k} = A_{k - 1} f_{k - 1} + b_{k - 1} = {_vector(fwd.zs[k][0])}"
            text += f"\nσ_{k} = {names.activation(self.spec.activations[k - 1])}"
        return text + f"\n{sample}"


def chain_is_finite(chain: Chain) -> bool:
    arrays = [f.array for f in chain.factors] + [chain.grad_A, chain.grad_b]
    return all(np.all(np.isfinite(a)) for a in arrays)


def _vector(v: np.ndarray, limit: int = 8) -> str:
    shown = ", ".join(f"{value:.3g}" for value in v[:limit])
    return f"[{shown}{', …' if v.size > limit else ''}]"
