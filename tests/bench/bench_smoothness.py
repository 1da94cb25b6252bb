"""2. GUI smoothness: event-loop gaps seen by a 16 ms timer in the GUI thread.

The moons preset with a 2-16-16-1 network (the preset's activations and optimiser), shown at
1600x1000 with its live plots and theta_0 selected. A precise 16 ms QTimer records when it
fires for RECORD_S seconds; a gap is the time between two firings (16 ms when the loop is
free). First with the window idle (the baseline), then while the trainer runs flat out.

The same targets hold in two more scenes, while training: the digits preset with its image
views on screen (test images, output bars, confusion matrix; issue 12), and the moons window
in the neuron view, whose neurons show their thumbnails over the input plane (issue 13).
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
import time

from PySide6 import QtCore

from core.experiment import load_preset
from core.network import NetworkSpec
from tests.bench.common import Result, Results, percentile, spread
from tests.bench.qtutil import close_window, open_window, wait_ms

INTERVAL_MS = 16
RECORD_S = 5.0
WARMUP_MS = 500


def experiment():
    preset = load_preset("moons")
    sizes = (2, 16, 16, 1)
    spec = NetworkSpec(sizes, preset.spec.activations)  # tanh, tanh, tanh as in the preset
    return dataclasses.replace(preset, spec=spec, title="moons 2-16-16-1")


def record_gaps(seconds: float = RECORD_S) -> list[float]:
    """Gaps in ms between the firings of a 16 ms timer while the event loop runs."""
    stamps: list[float] = []
    timer = QtCore.QTimer()
    timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    timer.start()
    wait_ms(int(seconds * 1000))
    timer.stop()
    return [(b - a) * 1000 for a, b in itertools.pairwise(stamps)]


def report(results: Results, label: str, gaps: list[float], targets: bool, note: str = ""):
    results.add(
        Result(f"2 gap median, {label}", statistics.median(gaps), "ms", None, spread(gaps), note)
    )
    results.add(
        Result(f"2 gap p99, {label}", percentile(gaps, 99), "ms", ("<=", 20) if targets else None)
    )
    results.add(Result(f"2 gap max, {label}", max(gaps), "ms", ("<=", 50) if targets else None))


def record_training(window) -> tuple[list[float], str]:
    """Gaps while the window trains flat out, and a note on the trainer's speed."""
    window.set_training(True)
    wait_ms(WARMUP_MS)
    history = window.model.history
    count0, t0 = history.count, time.perf_counter()
    busy = record_gaps()
    rate = (history.count - count0) / (time.perf_counter() - t0)
    still = window.is_training
    window.set_training(False)
    return busy, f"trainer ran at {rate:,.0f} steps/s" + ("" if still else "; stopped early")


def run(results: Results):
    window = open_window(experiment(), select=0)
    try:
        idle = record_gaps()
        busy, note = record_training(window)
    finally:
        close_window(window)
    report(results, "idle window (baseline)", idle, targets=False)
    report(results, "while training", busy, targets=True, note=note)

    window = open_window(load_preset("digits"), select=0)
    try:
        assert window.ws.prediction.images.isVisible(), "digits: the image views are not shown"
        busy, note = record_training(window)
    finally:
        close_window(window)
    report(results, "training digits, image views", busy, targets=True, note=note)

    window = open_window(experiment(), select=0)
    try:
        window.toggle_view()  # the neuron view, each neuron with its thumbnail
        wait_ms(WARMUP_MS)
        assert window.ws.neurons.thumbnails, "no neuron thumbnails on screen"
        busy, note = record_training(window)
    finally:
        close_window(window)
    report(results, "training, neuron thumbnails", busy, targets=True, note=note)
