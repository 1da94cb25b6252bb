"""4. Interaction: selecting theta_i, and building a 100-layer graph.

K = 10, width 64 (2-64x9-1 on the moons data, tanh): in a shown 1600x1000 MainWindow, the time
from window.select_theta(i) (which computes the chain and updates the views) until the
highlight, formula and heatmaps are painted: the event loop is run (processEvents) until the
pending paints are done, and paint counters on the graph's viewport, the formula and the
factor heatmap confirm that each was painted. Every theta is selected PASSES times, never the
same one twice in a row.

K = 100 (2-8x99-1): a GraphView of the window's graph size, shown; the time of
GraphView.set_graph(build_graph(spec)) plus one synchronous paint (viewport repaint).
"""

from __future__ import annotations

import dataclasses
import statistics
import time

from PySide6 import QtWidgets

from core.experiment import load_preset
from core.graph import build_graph
from core.network import NetworkSpec
from explorer.views.graph_view import GraphView
from tests.bench.common import Result, Results, spread
from tests.bench.qtutil import PaintCounter, app, close_window, open_window, wait_ms

PASSES = 3
GRAPH_REPEATS = 5


def select_times(K: int = 10, width: int = 64) -> tuple[list[float], int]:
    sizes = (2,) + (width,) * (K - 1) + (1,)
    experiment = dataclasses.replace(
        load_preset("moons"), spec=NetworkSpec.uniform(sizes, "tanh", "tanh")
    )
    window = open_window(experiment, select=None)
    qapp = app()
    watched = {
        "graph": window.ws.graph.viewport(),
        "formula": window.ws.formula,
        "heatmap": window.ws.matrices.factor.plot.viewport(),
    }
    counters = {}
    for name, widget in watched.items():
        counters[name] = PaintCounter()
        widget.installEventFilter(counters[name])
    order = [i for _ in range(PASSES) for i in (0, 5, 9, 2, 7, 4, 1, 8, 3, 6)]
    times, unpainted = [], 0
    try:
        window.select_theta(9)  # warm up: first chain, first heatmap images
        qapp.processEvents()
        wait_ms(50)
        for theta in order:
            for counter in counters.values():
                counter.count = 0
            t0 = time.perf_counter()
            window.select_theta(theta)
            qapp.processEvents()  # layouts, then the paint of everything marked dirty
            qapp.processEvents()  # anything the first paint scheduled (e.g. auto-ranging)
            times.append((time.perf_counter() - t0) * 1000)
            if any(c.count == 0 for c in counters.values()):
                unpainted += 1
            wait_ms(20)  # let the window's timers run between clicks, as a user would
    finally:
        close_window(window)
    return times, unpainted


def graph_times(K: int = 100, width: int = 8) -> list[float]:
    spec = NetworkSpec.uniform((2,) + (width,) * (K - 1) + (1,), "tanh", "identity")
    view = GraphView()
    view.resize(1200, 405)  # the graph's size in the 1600x1000 window
    view.show()
    qapp = app()
    qapp.processEvents()
    times = []
    try:
        for _ in range(GRAPH_REPEATS + 1):
            t0 = time.perf_counter()
            view.set_graph(build_graph(spec))
            view.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
            qapp.processEvents()
    finally:
        view.close()
        view.deleteLater()
        qapp.processEvents()
    return times  # times[0] is cold (first layout, font and glyph caches)


def run(results: Results):
    times, unpainted = select_times()
    note = "painted every time" if not unpainted else f"{unpainted} selections not painted"
    results.add(
        Result(
            "4 select theta_i -> painted, K=10 w=64",
            statistics.median(times),
            "ms",
            ("<=", 50),
            spread(times),
            note,
        )
    )
    cold, *times = graph_times()
    results.add(
        Result(
            "4 build+layout+paint graph, K=100 w=8",
            statistics.median(times),
            "ms",
            ("<=", 1000),
            spread(times),
            f"set_graph(build_graph(spec)) + viewport repaint; first (cold) {cold:.0f} ms",
        )
    )
    QtWidgets.QApplication.processEvents()
