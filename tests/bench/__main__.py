"""Entry point of `make bench`: python -m tests.bench [SECTION ...].

Sections: throughput, smoothness, longrun, interaction, startup (default: all, in that order).
Writes build/bench/results.json and prints a table.
"""

# Before anything imports NumPy (or torch): every measurement is single-threaded BLAS, so the
# implementations are compared on equal terms and the GUI thread keeps the second core.
import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

SECTIONS = ("throughput", "smoothness", "longrun", "interaction", "startup")


def main(argv: list[str]) -> int:
    chosen = [a for a in argv if not a.startswith("-")] or list(SECTIONS)
    unknown = [a for a in chosen if a not in SECTIONS]
    if unknown:
        print(f"unknown section(s) {unknown}; known: {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    # The app saves its window geometry with QSettings; keep the user's settings out of it
    # (and give every window the same defaults) with a throw-away config directory.
    config = tempfile.TemporaryDirectory(prefix="bench-config-")
    os.environ["XDG_CONFIG_HOME"] = config.name

    from tests.bench.common import Results, machine_info, table, write_json
    from tests.bench.qtutil import app

    print(
        "Backprop Explorer benchmarks - single-threaded BLAS: "
        + ", ".join(
            f"{n}={os.environ[n]}"
            for n in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        )
        + f", QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}",
        flush=True,
    )
    machine = machine_info()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in machine.items()), flush=True)
    results = Results()
    results.note("BLAS pinned to 1 thread (OPENBLAS/OMP/MKL_NUM_THREADS=1, set before NumPy loads)")
    app()
    temp_data = None
    for section in chosen:
        print(f"\n== {section} ==", flush=True)
        t0 = time.perf_counter()
        try:
            temp_data = run_section(section, results) or temp_data
        except Exception as error:  # one broken section must not lose the others' results
            traceback.print_exc()
            results.note(f"section {section} failed: {type(error).__name__}: {error}")
        print(f"  ({time.perf_counter() - t0:.0f} s)", flush=True)
    elapsed = time.perf_counter() - started
    path = write_json(results, machine, elapsed)
    print("\n" + table(results))
    met = [r for r in results.items if r.met is True]
    missed = [r for r in results.items if r.met is False]
    print(f"\ntargets met: {len(met)}, missed: {len(missed)}; total time {elapsed:.0f} s")
    for r in missed:
        print(f"  MISSED: {r.name} = {r.value:.4g} {r.unit} (target {r.target_text})")
    try:
        shown = path.relative_to(Path.cwd())
    except ValueError:
        shown = path
    print(f"wrote {shown}")
    if temp_data is not None:
        temp_data.cleanup()
    config.cleanup()
    return 0


def run_section(section: str, results):
    """Run one section; returns a TemporaryDirectory to keep alive, if it made one."""
    if section == "throughput":
        from tests.bench import bench_throughput
        from tests.bench.networks import make_cases

        cases, temp_data = make_cases()
        bench_throughput.run(results, cases)
        return temp_data
    if section == "smoothness":
        from tests.bench import bench_smoothness

        bench_smoothness.run(results)
    elif section == "longrun":
        from tests.bench import bench_longrun

        bench_longrun.run(results)
    elif section == "interaction":
        from tests.bench import bench_interaction

        bench_interaction.run(results)
    elif section == "startup":
        from tests.bench import bench_startup

        bench_startup.run(results)
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
