"""Training: repeated forward pass, backprop by vector-Jacobian products, optimiser update.

`Trainer.step(n)` runs n steps and returns their losses. `Trainer.run()` is the same loop as a
generator of plain `Snapshot`s: a GUI worker iterates it in its own thread and can stop at any
yield, and nothing in here knows how the losses are shown.

The step is written for speed: every array it needs is allocated once, the layer loop works
in place, and no Jacobian is ever formed (the chain's matrices are in core.jacobians, for
display only). The loss recorded for a step is the mean batch loss *before* its update.

The loss is the network's (NetworkSpec.loss): the note's squared one, or softmax
cross-entropy, each fused into the step without temporaries.

Test rows (and, for classification, accuracy): given `test`, the trainer trains on its own
rows only and `evaluate()` measures the network on all training and all test rows (one
forward pass, no backward). `run()` attaches such an Evaluation to a snapshot at most every
EVAL_INTERVAL seconds, and only once the training since the last one took at least
EVAL_COST_RATIO times as long as that evaluation did, so evaluating costs at most about
1/EVAL_COST_RATIO (5 %) of the training time whatever the data's size; the first snapshot
and the last (max_steps) always carry one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from core.limits import check_training_memory
from core.losses import SOFTMAX_CROSS_ENTROPY, SQUARED
from core.metrics import Evaluation, evaluate
from core.network import Network
from core.optim import OptimizerConfig

EVAL_INTERVAL = 0.1  # seconds: at most 10 evaluations a second in run()
EVAL_COST_RATIO = 20  # training time between two evaluations >= 20 x one evaluation's time


class DivergenceError(ArithmeticError):
    """The loss turned NaN or inf. The failing step made no update: the parameters are the
    ones whose loss was not finite (the previous step's update produced them).

    step: the 1-based number of the step whose loss was not finite.
    last_finite_loss: the loss of the step before it (None if the first step failed).
    pending_losses: finite losses computed since the last Snapshot, so none are lost.
    """

    def __init__(self, step: int, last_finite_loss: float | None, pending_losses=None):
        self.step = step
        self.last_finite_loss = last_finite_loss
        self.pending_losses = (
            np.asarray(pending_losses, dtype=np.float64)
            if pending_losses is not None
            else np.empty(0)
        )
        last = "none" if last_finite_loss is None else f"{last_finite_loss:.6g}"
        super().__init__(
            f"the loss became NaN or infinite at step {step} (last finite loss: {last}); "
            "try a smaller learning rate"
        )


@dataclass(frozen=True)
class Snapshot:
    """Plain data for a view: the state after `step` steps.

    losses: the mean batch losses of the steps since the previous snapshot, shape (k,).
    A, b: copies of the parameters (A[i] is (n_{i+1}, n_i), b[i] is (n_{i+1},)).
    steps_per_second: the rate measured over those k steps.
    evaluation: the training and test loss (and accuracies) of the parameters A, b (after
        `step` steps), when this snapshot carries one (see the module for the cadence).
    """

    step: int
    losses: np.ndarray
    A: tuple[np.ndarray, ...]
    b: tuple[np.ndarray, ...]
    steps_per_second: float
    evaluation: Evaluation | None = None


class Trainer:
    """Trains `network` in place on (X, Y) to lower the mean of its loss L (the note's
    ||y - f_K||^2, or softmax cross-entropy: network.spec.loss).

    X: (m, n_0), Y: (m, n_K): the training rows only. batch_size None (or >= m) is full-batch
    gradient descent; otherwise each step takes the next batch_size rows of a shuffled stream
    that reshuffles every epoch, so every sample is seen equally often.
    test: (X_test (m_test, n_0), Y_test (m_test, n_K)) held-out rows, never trained on, for
    `evaluate()`; None for none. classification: whether evaluate() measures accuracy.

    Before allocating anything, the memory the buffers and the optimiser's state will take is
    checked against core.limits.MAX_TRAINING_BYTES (a core.errors.FileError if it is more).
    """

    def __init__(
        self,
        network: Network,
        X: np.ndarray,
        Y: np.ndarray,
        optimizer: OptimizerConfig | None = None,
        batch_size: int | None = None,
        seed: int = 0,
        test: tuple[np.ndarray, np.ndarray] | None = None,
        classification: bool = False,
    ):
        self.network = network
        self.X = np.ascontiguousarray(X, dtype=np.float64)
        self.Y = np.ascontiguousarray(Y, dtype=np.float64)
        sizes = network.spec.sizes
        if self.X.ndim != 2 or self.X.shape[1] != sizes[0]:
            raise ValueError(f"X: shape {self.X.shape}, the network takes (m, {sizes[0]})")
        if self.Y.shape != (self.X.shape[0], sizes[-1]):
            raise ValueError(f"Y: shape {self.Y.shape}, expected ({self.X.shape[0]}, {sizes[-1]})")
        if self.X.shape[0] < 1:
            raise ValueError("X: no training rows")
        self.X_test = self.Y_test = None
        if test is not None:
            X_test = np.ascontiguousarray(test[0], dtype=np.float64).reshape(-1, sizes[0])
            Y_test = np.ascontiguousarray(test[1], dtype=np.float64).reshape(-1, sizes[-1])
            if X_test.shape[0] != Y_test.shape[0]:
                raise ValueError(f"test: {X_test.shape[0]} inputs but {Y_test.shape[0]} targets")
            self.X_test, self.Y_test = X_test, Y_test
        self.classification = bool(classification)
        m = self.X.shape[0]
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
        ):
            raise ValueError(f"batch_size: {batch_size!r} must be a positive integer or None")
        self.optimizer_config = optimizer or OptimizerConfig()
        # The test rows are data the trainer holds (and evaluate() passes over) too.
        m_all = m + (0 if self.X_test is None else self.X_test.shape[0])
        check_training_memory(sizes, m_all, batch_size, self.optimizer_config.name)
        self.batch_size = m if batch_size is None else min(batch_size, m)
        self.step_count = 0
        self.last_loss: float | None = None
        self._rng = np.random.default_rng(seed)
        self._order = np.empty(0, dtype=np.intp)
        self._cursor = 0
        self._build()

    # -- set-up ------------------------------------------------------------------------------

    def _build(self):
        net, B = self.network, self.batch_size
        sizes = net.spec.sizes
        K = net.spec.K
        self._grads_A = [np.empty_like(a) for a in net.A]
        self._grads_b = [np.empty_like(v) for v in net.b]
        grads = [g for pair in zip(self._grads_A, self._grads_b, strict=True) for g in pair]
        self.optimizer = self.optimizer_config.build(net.parameters())
        full = self.X.shape[0] == B
        self._full_batch = full
        self._xb = self.X if full else np.empty((B, sizes[0]))
        self._yb = self.Y if full else np.empty((B, sizes[-1]))
        self._batch_idx = np.empty(B, dtype=np.intp)
        identity = [s.name == "identity" for s in net.sigmas]
        zs = [np.empty((B, sizes[k + 1])) for k in range(K)]
        # An identity layer's output is its pre-activation: share the buffer, skip the copy.
        outs = [zs[k] if identity[k] else np.empty_like(zs[k]) for k in range(K)]
        dzs = [None if identity[k] else np.empty_like(zs[k]) for k in range(K)]
        deltas = [np.empty_like(zs[k]) for k in range(K)]
        inputs = [self._xb, *outs[:-1]]
        diff = np.empty((B, sizes[-1]))
        A_T = [a.T for a in net.A]  # views: the optimiser updates A in place
        A, b = net.A, net.b
        fwd = [s.forward for s in net.sigmas]
        der = [s.derivative for s in net.sigmas]
        # Sigmoid keeps sigma(-z) in the layer's (until then idle) sigma' buffer during the
        # forward pass, so that sigma' is one multiplication instead of a second exp.
        keeping = [s.forward_keeping is not None for s in net.sigmas]
        fwd_keep = [s.forward_keeping for s in net.sigmas]
        der_kept = [s.derivative_kept for s in net.sigmas]
        update = self.optimizer.update
        Y = self._yb
        scale = 2.0 / B
        cross_entropy = net.loss.name == SOFTMAX_CROSS_ENTROPY
        if not cross_entropy and net.loss.name != SQUARED:
            raise ValueError(f"loss: the trainer has no fused step for {net.loss.name!r}")
        probs = np.empty((B, sizes[-1])) if cross_entropy else None
        row_max, row_sum, y_sum = (np.empty((B, 1)) for _ in range(3))
        lowest = -np.finfo(np.float64).max
        layers = range(K)
        back = range(K - 1, -1, -1)
        matmul, subtract, vdot, add_reduce = np.matmul, np.subtract, np.vdot, np.add.reduce

        def one_step() -> float:
            f = self._xb
            for k in layers:
                z = zs[k]
                matmul(f, A_T[k], out=z)
                z += b[k]
                f = outs[k]
                if keeping[k]:
                    fwd_keep[k](z, f, dzs[k])
                elif not identity[k]:
                    fwd[k](z, f)
            if cross_entropy:
                # L = sum_j y_j (log sum exp(f - max) - (f_j - max)); dL/df = (sum y) p - y.
                np.max(f, axis=1, keepdims=True, out=row_max)
                subtract(f, row_max, out=diff)
                # A gap beyond float64 is -inf; clipped so that 0 * gap stays 0, not NaN.
                np.maximum(diff, lowest, out=diff)
                np.exp(diff, out=probs)
                add_reduce(probs, axis=1, keepdims=True, out=row_sum)
                add_reduce(Y, axis=1, keepdims=True, out=y_sum)
                loss = (vdot(y_sum, np.log(row_sum, out=row_max)) - vdot(Y, diff)) / B
                if not math.isfinite(loss):
                    return loss
                np.divide(probs, row_sum, out=probs)
                np.multiply(probs, y_sum, out=probs)
                subtract(probs, Y, out=diff)
                np.multiply(diff, 1.0 / B, out=diff)
            else:
                subtract(f, Y, out=diff)
                loss = vdot(diff, diff) / B
                if not math.isfinite(loss):
                    return loss
                np.multiply(diff, scale, out=diff)
            delta = diff
            for k in back:
                if identity[k]:
                    dz = delta
                else:
                    if keeping[k]:
                        dz = der_kept[k](outs[k], dzs[k], dzs[k])
                    else:
                        dz = der[k](zs[k], outs[k], dzs[k])
                    dz *= delta
                matmul(dz.T, inputs[k], out=self._grads_A[k])
                add_reduce(dz, axis=0, out=self._grads_b[k])
                if k:
                    delta = matmul(dz, A[k], out=deltas[k - 1])
            update(grads)
            return loss

        self._one_step = one_step

    def set_optimizer(self, config: OptimizerConfig) -> None:
        """Switch optimiser or hyper-parameters. A new learning rate alone keeps the state.
        A new optimiser's state is checked against MAX_TRAINING_BYTES first (Adam keeps three
        copies of the parameters where SGD keeps none); if it does not fit, nothing changes."""
        old = self.optimizer_config
        if config.name != old.name:
            check_training_memory(
                self.network.spec.sizes, self.X.shape[0], self.batch_size, config.name
            )
        self.optimizer_config = config
        if config.name == old.name:
            self.optimizer.config = config
            self.optimizer.learning_rate = config.learning_rate
        else:
            self._build()

    def _next_batch(self):
        B, m = self.batch_size, self.X.shape[0]
        filled = 0
        while filled < B:
            if self._cursor >= len(self._order):
                self._order = self._rng.permutation(m)
                self._cursor = 0
            take = min(B - filled, len(self._order) - self._cursor)
            self._batch_idx[filled : filled + take] = self._order[
                self._cursor : self._cursor + take
            ]
            filled += take
            self._cursor += take
        np.take(self.X, self._batch_idx, axis=0, out=self._xb)
        np.take(self.Y, self._batch_idx, axis=0, out=self._yb)

    # -- running -----------------------------------------------------------------------------

    def evaluate(self) -> Evaluation:
        """The network now (after step_count steps) on all training and test rows: mean
        losses and, for classification, accuracies (core.metrics.evaluate)."""
        return evaluate(
            self.network,
            self.X,
            self.Y,
            self.X_test,
            self.Y_test,
            self.classification,
            self.step_count,
        )

    def _advance(self) -> float:
        """One step; raises DivergenceError (making no update) if its loss is not finite."""
        if not self._full_batch:
            self._next_batch()
        loss = self._one_step()
        if not math.isfinite(loss):
            raise DivergenceError(self.step_count + 1, self.last_loss)
        self.step_count += 1
        self.last_loss = loss
        return loss

    def step(self, n: int = 1) -> np.ndarray:
        """Run n steps; return their n mean batch losses (each before its update)."""
        losses = np.empty(n)
        # Overflow on the way to a NaN loss is reported as DivergenceError, not as warnings.
        with np.errstate(all="ignore"):
            for j in range(n):
                try:
                    losses[j] = self._advance()
                except DivergenceError as error:
                    error.pending_losses = losses[:j].copy()
                    raise
        return losses

    def run(self, min_interval: float = 1 / 60, max_steps: int | None = None) -> Iterator[Snapshot]:
        """Train until closed (or max_steps), yielding a Snapshot at most every min_interval s.

        Every yield is a point where the consumer may stop (close the generator); the losses of
        all steps appear in exactly one snapshot. On divergence, DivergenceError is raised
        with the not-yet-yielded finite losses in pending_losses.
        """
        buffer = np.empty(1024)
        count = 0
        clock = time.perf_counter
        started = last = clock()
        done = 0
        eval_at = -math.inf  # when the last evaluation ended
        eval_cost = 0.0  # how long it took
        with np.errstate(all="ignore"):
            while max_steps is None or done < max_steps:
                try:
                    loss = self._advance()
                except DivergenceError as error:
                    error.pending_losses = buffer[:count].copy()
                    raise
                done += 1
                if count == len(buffer):
                    buffer = np.resize(buffer, 2 * len(buffer))
                buffer[count] = loss
                count += 1
                now = clock()
                if now - last >= min_interval or done == max_steps:
                    rate = count / max(now - started, 1e-9)
                    A, b = self.network.snapshot()
                    evaluation = None
                    if done == max_steps or (
                        now - eval_at >= max(EVAL_INTERVAL, EVAL_COST_RATIO * eval_cost)
                    ):
                        evaluation = self.evaluate()
                        eval_at = clock()
                        eval_cost = eval_at - now
                    yield Snapshot(self.step_count, buffer[:count].copy(), A, b, rate, evaluation)
                    count = 0
                    started = last = clock()
