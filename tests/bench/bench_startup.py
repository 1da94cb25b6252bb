"""5. Start-up: from launching the app's process to its first painted window.

Each run starts `python -m tests.bench.startup_driver`, which runs explorer.app.main() (the
`backprop-explorer` entry point, default preset) and prints the monotonic time of the main
window's first Paint event. Start-up = that time minus the time just before the subprocess
was spawned (both CLOCK_MONOTONIC). Interpreter start-up and all imports are included.
One untimed run first warms the OS file cache, as a user's second launch would be. The app's
modules are loaded from bytecode, as a user's are (`make bench` compiles them first: pip
compiles an installed wheel, and a checkout's first run writes the bytecode; an environment
with PYTHONDONTWRITEBYTECODE set would otherwise recompile ~60 modules on every launch while
the baseline's libraries load compiled). The start-up result notes whether they were.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.common import ROOT, Result, Results, spread

RUNS = 5


def _compiled() -> bool:
    """Whether every module of core and explorer has current bytecode (as a user's launch)."""
    import importlib.util

    sources = [p for folder in ("core", "explorer") for p in (ROOT / folder).rglob("*.py")]
    return all(
        Path(importlib.util.cache_from_source(str(p))).exists()
        and Path(importlib.util.cache_from_source(str(p))).stat().st_mtime >= p.stat().st_mtime
        for p in sources
    )


def launch(*args: str) -> tuple[float, float]:
    """(seconds to first paint, seconds to the end of that first frame)."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.startup_driver", *args],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    stamps = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("FIRST_PAINT", "FRAME_DONE"):
            stamps[key] = float(value)
    if "FIRST_PAINT" not in stamps:
        raise RuntimeError(f"no first paint (exit {proc.returncode}): {proc.stderr[-800:]}")
    return stamps["FIRST_PAINT"] - start, stamps.get("FRAME_DONE", float("nan")) - start


def run(results: Results):
    try:
        launch()  # warm the file cache
        launch("--bare")
        runs, bare = [], []
        for _ in range(RUNS):  # interleaved: a slow moment of the machine hits both
            runs.append(launch())
            bare.append(launch("--bare")[0])
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        results.note(f"start-up driver failed: {error}")
        return
    first = [r[0] for r in runs]
    frame = [r[1] for r in runs]
    results.add(
        Result(
            "5 launch -> first paint of the window",
            statistics.median(first),
            "s",
            None,
            spread(first),
            f"first frame complete at {statistics.median(frame):.2f} s (median); "
            + ("app bytecode compiled" if _compiled() else "app NOT compiled: run via make bench"),
        )
    )
    results.add(
        Result(
            "5 launch -> first paint, bare PySide6 + pyqtgraph window",
            statistics.median(bare),
            "s",
            None,
            spread(bare),
        )
    )
    ratios = [a / b for a, b in zip(first, bare, strict=True)]
    results.add(
        Result(
            "5 start-up / bare window's",
            statistics.median(ratios),
            "x",
            ("<=", 2.0),
            spread(ratios),
        )
    )
