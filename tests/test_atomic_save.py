"""Saves killed at random moments: every result loads and is wholly one version.

A child process saves one experiment over and over, each version v with the title
"version v", every weight equal to v and, for every third version, no weights at all. The
test kills it with SIGKILL at a random moment, 100 times (a new child each time), and after
each kill the file must load and its title, seed and weights must all be of one version, no
older than the last one seen. The next save must leave only the pair behind.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import time
from pathlib import Path

import numpy as np
import pytest

from core.experiment import load_experiment, save_experiment
from tests.save_loop import save_forever, version

KILLS = 100
MAX_DELAY = 0.03  # seconds after the child is ready; one save takes about 2 ms
TIME_LIMIT = 120.0  # the whole test, in seconds: it stops (and fails) rather than run on


def version_of(path: Path) -> int:
    """The one version the saved experiment is; fails if its parts disagree."""
    experiment = load_experiment(path)
    v = experiment.seed
    assert experiment.title == f"version {v}"
    if v % 3 == 0:
        assert experiment.weights is None, f"version {v} was saved without weights"
    else:
        assert experiment.weights is not None, f"version {v} was saved with weights"
        for array in [*experiment.weights[0], *experiment.weights[1]]:
            assert np.all(array == v), f"version {v}'s JSON loaded other weights"
    return v


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_save_loop_killed_at_random_moments_always_leaves_one_whole_version(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(version(1), path)
    # Children come from a fork server that has imported this module once: starting one takes
    # milliseconds, so the kills, not the imports, take the time.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.save_loop"])
    rng = random.Random(11)
    last = 1
    leftovers_seen = 0
    started = time.monotonic()
    for kill in range(KILLS):
        assert time.monotonic() - started < TIME_LIMIT, f"only {kill} kills in {TIME_LIMIT} s"
        ready = context.Event()
        child = context.Process(
            target=save_forever, args=(str(path), last + 1000 * (kill + 1), ready), daemon=True
        )
        child.start()
        try:
            assert ready.wait(timeout=30), "the saving process did not start"
            time.sleep(rng.uniform(0.0, MAX_DELAY))
        finally:
            child.kill()  # SIGKILL
            child.join()
            child.close()
        v = version_of(path)
        assert v >= last, f"kill {kill}: version {v} after version {last}"
        last = v
        extra = {p.name for p in tmp_path.iterdir()} - {"exp.json", "exp.npz"}
        leftovers_seen += bool(extra)
        # Only the last killed save's files are left: each save removes the ones before.
        assert len(extra) <= 3, sorted(extra)
    # The kills did land inside saves (otherwise this test would show nothing).
    assert leftovers_seen > 0
    assert last > 1 + KILLS
    final = last + 1 if (last + 1) % 3 else last + 2  # one with weights
    save_experiment(version(final), path)
    assert version_of(path) == final
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.json", "exp.npz"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_killed_save_not_yet_reaped_counts_as_gone():
    # Its temporary files are stale once it is killed, before its parent waits for it: a
    # zombie answers kill(pid, 0) like a live process (the cause of a flaky save test).
    import subprocess

    from core.experiment import _alive

    child = subprocess.Popen(["sleep", "30"])
    try:
        assert _alive(child.pid)
        child.kill()
        deadline = time.monotonic() + 10
        while _alive(child.pid):
            assert time.monotonic() < deadline, "a killed child still counts as alive"
            time.sleep(0.01)
    finally:
        child.kill()
        child.wait()


def test_a_save_first_removes_hidden_copies_the_json_on_disk_does_not_name(tmp_path, monkeypatch):
    # A kill just after a save's commit leaves the hidden copy of the version before; the
    # next save, killed after hiding the current weights, added a second one (4 leftover
    # files where the save loop test allows 3, about 1 run in 20). A save now removes, before
    # anything else, every hidden copy that the JSON on disk does not name.
    import os

    import core.experiment as experiment_module

    path = tmp_path / "exp.json"
    save_experiment(version(1), path)
    stray = tmp_path / f".exp.npz.{'ab' * 8}.previous"  # of a version no JSON names now
    stray.write_bytes(b"older weights")
    real_replace = os.replace

    def commit_fails(source, target):
        if Path(target) == path:  # step 5, the commit: as if the save were killed there
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(experiment_module.os, "replace", commit_fails)
    with pytest.raises(Exception, match="No space left"):
        save_experiment(version(2), path)
    monkeypatch.undo()
    assert not stray.exists()
    assert version_of(path) == 1  # the failed save changed nothing else
