"""Shared helpers: results with targets, robust statistics, machine info, table and JSON."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "build" / "bench" / "results.json"


def spread(samples) -> dict | None:
    """min, quartiles, median, max and count of a list of numbers (None if empty)."""
    xs = sorted(float(x) for x in samples)
    if not xs:
        return None
    if len(xs) >= 2:
        q1, _, q3 = statistics.quantiles(xs, n=4, method="inclusive")
    else:
        q1 = q3 = xs[0]
    return {
        "min": xs[0],
        "q1": q1,
        "median": statistics.median(xs),
        "q3": q3,
        "max": xs[-1],
        "n": len(xs),
    }


def percentile(samples, p: float) -> float:
    """Linear-interpolated p-th percentile (0..100) of a list of numbers."""
    xs = sorted(samples)
    if not xs:
        raise ValueError("percentile of no samples")
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


@dataclass
class Result:
    """One line of the table. target is (op, bound) with op '<=' or '>=', or None."""

    name: str
    value: float | None
    unit: str
    target: tuple[str, float] | None = None
    samples: dict | None = None  # spread() of the samples the value summarises
    note: str = ""
    met: bool | None = field(default=None, init=False)

    def __post_init__(self):
        if self.target is None or self.value is None:
            self.met = None
        else:
            op, bound = self.target
            self.met = self.value <= bound if op == "<=" else self.value >= bound

    @property
    def target_text(self) -> str:
        return "" if self.target is None else f"{self.target[0]} {self.target[1]:g}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["target"] = self.target_text or None
        return data


class Results:
    """Collects Results; prints each as it comes so a long run shows progress."""

    def __init__(self):
        self.items: list[Result] = []
        self.notes: list[str] = []

    def add(self, result: Result) -> Result:
        self.items.append(result)
        status = {True: "met", False: "MISSED", None: ""}[result.met]
        print(f"  {result.name}: {_fmt(result.value)} {result.unit} {status}", flush=True)
        return result

    def note(self, text: str):
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value)
    a = abs(value)
    if a >= 1000:
        return f"{value:,.0f}"
    if a >= 100:
        return f"{value:.0f}"
    if a >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if a >= 0.01 or a == 0 else f"{value:.2e}"


def _spread_text(s: dict | None) -> str:
    if not s or s["n"] < 2:
        return ""
    return f"{_fmt(s['min'])} / {_fmt(s['median'])} / {_fmt(s['max'])}  (n={s['n']})"


def table(results: Results) -> str:
    rows = [("name", "value", "unit", "target", "met", "min / median / max", "note")]
    for r in results.items:
        met = {True: "yes", False: "NO", None: "-"}[r.met]
        rows.append(
            (r.name, _fmt(r.value), r.unit, r.target_text, met, _spread_text(r.samples), r.note)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for j, row in enumerate(rows):
        cells = [
            row[i].rjust(widths[i]) if i in (1, 5) and j else row[i].ljust(widths[i])
            for i in range(len(widths))
        ]
        lines.append(" | ".join(cells) + (" | " + row[-1] if row[-1] else ""))
        if j == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict:
    import numpy
    import pyqtgraph
    import PySide6

    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": numpy.__version__,
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "torch": torch_version,
        "qt_qpa_platform": os.environ.get("QT_QPA_PLATFORM"),
        "blas_threads": {name: os.environ.get(name) for name in BLAS_THREAD_VARS},
        "git": git_state(),
    }


def git_state() -> dict:
    """The commit measured, and any uncommitted changes to the code under test."""

    def git(*args) -> str:
        try:
            out = subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return out.stdout.strip() if out.returncode == 0 else ""

    status = git("status", "--porcelain", "--", "core", "explorer", "resources")
    return {
        "commit": git("rev-parse", "HEAD") or None,
        "uncommitted": [line[3:] for line in status.splitlines()],
    }


def write_json(results: Results, machine: dict, elapsed: float, path: Path = OUTPUT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": machine,
        "elapsed_seconds": round(elapsed, 1),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "notes": results.notes,
        "results": [r.to_json() for r in results.items],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB (10^6 bytes), from /proc/self/status (in KiB)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount, _unit = line.split()
            values[key[:-1]] = int(amount) * 1024 / 1e6
    return values["VmRSS"], values["VmHWM"]
