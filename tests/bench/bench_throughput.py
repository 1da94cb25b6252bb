"""1. Training throughput in steps/s, six networks, four implementations, interleaved.

(a) core's Trainer.step(n); (b) the same Trainer in the running app (MainWindow shown, live
loss plot and prediction, theta_0 selected, training started with set_training(True)), counted
by the growth of the loss history over a fixed wall time of the Qt event loop; (c) the
handwritten NumPy loop (tests/bench/handwritten.py); (d) PyTorch, one CPU thread, float64.

Every round runs d, a, c, b, c once for every network, so slow phases of the machine hit all of
them alike. A ratio's value is the median of its per-round ratios: each pair is measured
side by side. a/c and c/d use the first c (just after a, and one measurement from d); b/c uses
the geometric mean of the c measured just before the app and the one just after it. The
machine's speed drifts by 10-30 % over seconds, and the app's measurement lasts about 5 s
(window, warm-up, 3 s), so one c on one side paired it with a different machine. In three
sets of 8 rounds (digits batch 64 twice, 2-16-16-16-16-1) the per-round b/c spread (sd of its
log) was 0.088, 0.221, 0.089 against the c before and 0.060, 0.144, 0.067 against both.
"""

from __future__ import annotations

import math
import statistics
import time

import numpy as np

from core.training import Trainer
from tests.bench import torch_loop
from tests.bench.common import Result, Results, spread
from tests.bench.handwritten import HandwrittenNet, batch_stream
from tests.bench.networks import SEED, Case
from tests.bench.qtutil import close_window, open_window, wait_ms

ROUNDS = 5
BUDGET_S = 0.5  # seconds of training per (a), (c), (d) measurement
CHUNK_S = 0.1  # one timed call trains about this long
APP_WARMUP_MS = 500
APP_SECONDS = 3.0


def calibrate(train) -> int:
    """Steps per call so that one call takes about CHUNK_S (also warms caches up)."""
    n = 1
    while True:
        start = time.perf_counter()
        train(n)
        elapsed = time.perf_counter() - start
        if elapsed >= CHUNK_S / 4 or n >= 1 << 20:
            return max(1, int(n * CHUNK_S / max(elapsed, 1e-9)))
        n *= 4


def rate(train, n: int, budget: float = BUDGET_S) -> float:
    """Steps per second of train(n) calls repeated for at least `budget` seconds."""
    steps = 0
    start = time.perf_counter()
    while True:
        train(n)
        steps += n
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return steps / elapsed


def app_rate(case: Case, seconds: float = APP_SECONDS) -> tuple[float, str]:
    """Steps/s of the Trainer in a shown MainWindow, over `seconds` of the event loop."""
    window = open_window(case.experiment(), select=0)
    try:
        window.set_training(True)
        wait_ms(APP_WARMUP_MS)
        history = window.model.history
        count0, t0 = history.count, time.perf_counter()
        wait_ms(int(seconds * 1000))
        count1, t1 = history.count, time.perf_counter()
        note = "" if window.is_training else "training stopped early (diverged?)"
    finally:
        close_window(window)
    return (count1 - count0) / (t1 - t0), note


class Subjects:
    """The four implementations of one case, from the same data and initial weights."""

    def __init__(self, case: Case, with_torch: bool):
        self.case = case
        self.X, self.Y = case.training_data()
        net = case.network()
        self.trainer = Trainer(
            net.copy(), self.X, self.Y, case.optimizer(), case.batch_size, seed=SEED
        )
        self.hand = HandwrittenNet(net.A, net.b, case.learning_rate, self._batches())
        self.torch = None
        if with_torch:
            self.torch = torch_loop.TorchNet(
                net.A, net.b, case.learning_rate, self.X, self.Y, self._batches()
            )
        # The same first losses: all implementations compute the same thing.
        la = self.trainer.step(5)
        lc = self.hand.train(self.X, self.Y, 5)
        self.agreement = float(np.max(np.abs(la - lc) / np.abs(lc)))
        if self.torch is not None:
            ld = self.torch.train(5)
            self.agreement = max(self.agreement, float(np.max(np.abs(ld - lc) / np.abs(lc))))
        self.n = {
            "a": calibrate(self.trainer.step),
            "c": calibrate(self._hand),
        }
        if self.torch is not None:
            self.n["d"] = calibrate(self.torch.train)

    def _batches(self):
        """The Trainer's batch order, for the other implementations (None: full batch)."""
        if self.case.batch_size is None:
            return None
        return batch_stream(self.X.shape[0], self.case.batch_size, SEED)

    def _hand(self, n):
        return self.hand.train(self.X, self.Y, n)

    def measure(self, which: str) -> float:
        train = {"a": self.trainer.step, "c": self._hand, "d": getattr(self.torch, "train", None)}
        return rate(train[which], self.n[which])


def run(results: Results, cases: list[Case], rounds: int = ROUNDS):
    has_torch, torch_note = torch_loop.available()
    results.note(torch_note)
    subjects = []
    for case in cases:
        s = Subjects(case, has_torch)
        subjects.append(s)
        print(
            f"  {case.title}: chunks {s.n}; first 5 losses agree to {s.agreement:.1e} (rel)",
            flush=True,
        )
        if s.agreement > 1e-9:
            results.note(f"{case.label}: implementations disagree ({s.agreement:.1e})")
    # "c+": the hand-written loop again, just after the app (see the module's docstring).
    rates = {id(s): {k: [] for k in ("a", "b", "c", "d", "c+")} for s in subjects}
    notes = {id(s): set() for s in subjects}
    for r in range(rounds):
        print(f"  round {r + 1}/{rounds}", flush=True)
        for s in subjects:
            got = rates[id(s)]
            if s.torch is not None:
                got["d"].append(s.measure("d"))
            got["a"].append(s.measure("a"))
            got["c"].append(s.measure("c"))
            value, note = app_rate(s.case)
            got["b"].append(value)
            got["c+"].append(s.measure("c"))
            if note:
                notes[id(s)].add(note)
            print(
                "    "
                + s.case.label.ljust(16)
                + "  ".join(f"{k} {v[-1]:>9,.0f}" for k, v in got.items() if v),
                flush=True,
            )
    for s in subjects:
        _report(results, s, rates[id(s)], notes[id(s)], has_torch)
    return subjects


def _report(results: Results, s: Subjects, got: dict, notes: set, has_torch: bool):
    t = s.case.title
    names = {
        "a": "(a) core Trainer.step",
        "b": "(b) Trainer in the app",
        "c": "(c) handwritten NumPy",
        "d": "(d) PyTorch 1 thread",
    }
    for key, label in names.items():
        samples = got[key] + (got["c+"] if key == "c" else [])
        if not samples:
            results.add(Result(f"1 {t} {label}", None, "steps/s", note="skipped: no torch"))
            continue
        note = "; ".join(sorted(notes)) if key == "b" else ""
        results.add(
            Result(
                f"1 {t} {label}", statistics.median(samples), "steps/s", None, spread(samples), note
            )
        )
    # a/d: the core keeps the hand-written loop's lead over PyTorch (PyTorch's column is
    # informative: its per-step overhead decides small networks, so its ratio moves with the
    # machine); a/d >= 0.9 * c/d, reported as (a/d) / (c/d) = a/c against 0.9.
    targets = [("a", "c", 0.9), ("b", "c", 0.85)]
    if got["d"] and got["c"]:
        ratios = [(a / d) / (c / d) for a, c, d in zip(got["a"], got["c"], got["d"], strict=True)]
        c_over_d = statistics.median([c / d for c, d in zip(got["c"], got["d"], strict=True)])
        results.add(
            Result(
                f"1 {t} (a/d) / (c/d)",
                statistics.median(ratios),
                "x",
                (">=", 0.9),
                spread(ratios),
                f"c/d = {c_over_d:.2f}",
            )
        )
    targets.append(("a", "d", None))
    for top, bottom, bound in targets:
        if not got[bottom]:
            results.add(
                Result(
                    f"1 {t} ratio {top}/{bottom}",
                    None,
                    "x",
                    (">=", bound) if bound else None,
                    note="skipped: no torch",
                )
            )
            continue
        bottoms = got[bottom]
        if top == "b":  # the c on both sides of the app's measurement
            bottoms = [math.sqrt(x * y) for x, y in zip(got["c"], got["c+"], strict=True)]
        ratios = [x / y for x, y in zip(got[top], bottoms, strict=True)]
        results.add(
            Result(
                f"1 {t} ratio {top}/{bottom}",
                statistics.median(ratios),
                "x",
                (">=", bound) if bound else None,
                spread(ratios),
            )
        )
