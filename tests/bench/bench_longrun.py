"""3. Long runs: 10 million losses in the window's LossHistory, then redraws of the loss plot.

Runs in a child process (python -m tests.bench.bench_longrun) so that its resident memory is
that of the app alone, not of the benchmark process with torch and four trained networks.
The child opens the app's default window (the moons preset, 1600x1000, shown), appends
10^7 losses of a decaying noisy curve to window.model.history in chunks of 1000 (as the
worker's snapshots do), then times LossPlot.refresh() followed by a forced paint
(plot.grab()), REDRAWS times with log-y on and off. Memory: VmRSS sampled all along, and
VmHWM (the kernel's peak of VmRSS) at the end.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from tests.bench.common import ROOT, Result, Results, rss_mb, spread

TOTAL = 10_000_000
CHUNK = 1000
REDRAWS = 7


def child() -> dict:
    import numpy as np

    from core.experiment import load_preset
    from tests.bench.qtutil import app, close_window, open_window

    qapp = app()
    window = open_window(load_preset("moons"), select=0)
    rss_start, _ = rss_mb()
    history = window.model.history
    plot = window.ws.loss_plot
    rng = np.random.default_rng(0)
    samples = [rss_start]
    t0 = time.perf_counter()
    for start in range(0, TOTAL, CHUNK):
        steps = np.arange(start, start + CHUNK, dtype=np.float64)
        curve = 1.3 * np.exp(-steps / 2e6) + 0.02 + 0.3 * np.exp(-steps / 5e5)
        losses = curve * np.exp(0.15 * rng.standard_normal(CHUNK))
        history.append(losses)
        if (start // CHUNK) % 500 == 0:
            samples.append(rss_mb()[0])
    append_s = time.perf_counter() - t0
    samples.append(rss_mb()[0])
    redraw = {}
    parts = {}
    for log_y in (True, False):
        plot.log_y.setChecked(log_y)  # redraws once (the first redraw at this size)
        qapp.processEvents()
        times, refresh_times = [], []
        for _ in range(REDRAWS):
            t = time.perf_counter()
            plot.refresh()
            t_mid = time.perf_counter()
            plot.plot.grab()
            times.append((time.perf_counter() - t) * 1000)
            refresh_times.append((t_mid - t) * 1000)
            samples.append(rss_mb()[0])
        redraw["log" if log_y else "linear"] = times
        parts["log" if log_y else "linear"] = refresh_times
    count = history.count
    close_window(window)
    rss_end, hwm = rss_mb()
    return {
        "count": count,
        "append_s": append_s,
        "redraw_ms": redraw,
        "refresh_ms": parts,
        "rss_start": rss_start,
        "rss_max_sampled": max(samples),
        "rss_after_redraws": samples[-1],
        "rss_end": rss_end,
        "hwm": hwm,
    }


def run(results: Results):
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_longrun"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        results.note(f"long-run child failed ({proc.returncode}): {proc.stderr[-800:]}")
        return
    data = json.loads(lines[-1])
    results.add(
        Result(
            "3 append 10M losses (chunks of 1000)",
            data["append_s"],
            "s",
            note=f"{data['count']:,} losses in the window's LossHistory",
        )
    )
    for mode in ("log", "linear"):
        times = data["redraw_ms"][mode]
        refresh = statistics.median(data["refresh_ms"][mode])
        results.add(
            Result(
                f"3 loss plot redraw at 10M, {mode} y",
                statistics.median(times),
                "ms",
                ("<=", 16),
                spread(times),
                f"refresh() alone {refresh:.1f} ms, rest is the paint",
            )
        )
    results.add(
        Result(
            "3 peak RSS (VmHWM), 10M losses",
            data["hwm"],
            "MB",
            ("<=", 300),
            note=f"window alone {data['rss_start']:.0f} MB before the losses",
        )
    )
    results.add(
        Result(
            "3 RSS after the redraws (VmRSS)",
            data["rss_after_redraws"],
            "MB",
            ("<=", 300),
            note=f"max sampled VmRSS {data['rss_max_sampled']:.0f} MB",
        )
    )


if __name__ == "__main__":
    print(json.dumps(child()), flush=True)
