"""The command line: headless screenshots, and clear messages (not tracebacks) for bad input."""

import json
import sys

import pytest
from PySide6 import QtGui

from tests.gui_helpers import run_app


def test_screenshot_writes_a_picture_that_is_not_blank(tmp_path):
    out = tmp_path / "shot.png"
    result = run_app(
        "--screenshot", str(out), "--select", "1", "--train-steps", "200", "--size", "1280x800"
    )
    assert result.returncode == 0, result.stderr
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # Not blank: many distinct colours across a coarse grid of pixels.
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 100
    # The note's red and yellow are on the picture (the selected chain of theta_1).
    assert has_colour(image, (0xFF, 0x50, 0x50))
    assert has_colour(image, (0xFF, 0xD2, 0x3C))


def has_colour(image, rgb, tolerance=30, stride=3) -> bool:
    for x in range(0, image.width(), stride):
        for y in range(0, image.height(), stride):
            c = QtGui.QColor(image.pixel(x, y))
            if all(
                abs(a - b) < tolerance
                for a, b in zip((c.red(), c.green(), c.blue()), rgb, strict=True)
            ):
                return True
    return False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preset", "nope"], "nope"),
        (["--config", "missing.json"], "missing.json"),
        (["--select", "9"], "--select 9"),
        (["--size", "huge"], "--size"),
        (["--train-steps", "-3"], "--train-steps"),
    ],
)
def test_bad_arguments_give_a_clear_message(args, message):
    result = run_app(*args, "--screenshot", "unused.png", timeout=60)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_config_file_is_named(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "backprop-explorer-experiment", "version": 1, "spec": ')
    result = run_app("--config", str(broken), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode != 0
    assert "broken.json" in result.stderr and "Traceback" not in result.stderr


def test_config_file_opens(tmp_path):
    from core.experiment import load_preset, save_experiment

    path = tmp_path / "mine.json"
    save_experiment(load_preset("xor"), path, include_weights=False)
    assert json.loads(path.read_text())["spec"]["sizes"] == [2, 2, 1]
    out = tmp_path / "xor.png"
    result = run_app("--config", str(path), "--screenshot", str(out), "--size", "1200x760")
    assert result.returncode == 0, result.stderr
    assert QtGui.QImage(str(out)).width() == 1200


# -- every failure: one line on stderr, a non-zero exit, never a traceback -------------------


def one_line_failure(result, status: int | None = None) -> str:
    assert result.returncode != 0, result.stdout
    if status is not None:
        assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backprop-explorer: ")
    return lines[0]


def experiment_document(**changes) -> dict:
    document = {
        "format": "backprop-explorer-experiment",
        "version": 1,
        "title": "t",
        "spec": {"sizes": [2, 8, 8, 1], "activations": ["tanh", "tanh", "tanh"]},
        "dataset": {"name": "moons", "n_samples": 50, "noise": 0.1, "seed": 0},
        "optimizer": {"name": "sgd"},
    }
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = document
        for key in parents:
            target = target[key]
        target[last] = value
    return document


def deep(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"dataset__name": "mnist"}, ["field 'dataset.name'", "'mnist'"]),
        ({"spec__sizes": [3, 8, 8, 1]}, ["field 'spec.sizes'", "3 inputs"]),
        ({"dataset__noise": "0.1"}, ["field 'dataset.noise'", "'0.1' is not a number"]),
        ({"dataset__extra": deep(600)}, ["field 'dataset.extra.a", "MAX_JSON_DEPTH", "line 1"]),
        ({"title": "\ud800"}, ["field 'title'", "\\ud800"]),
        ({"weights": {"file": "w\0.npz", "sha256": "0" * 64}}, ["field 'weights.file'"]),
        ({"dataset": {"name": "csv", "path": "/dev/zero"}}, ["not a regular file"]),
    ],
)
def test_files_that_used_to_crash_the_window_are_one_line(tmp_path, changes, words):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(experiment_document(**changes)), encoding="utf-8")
    line = one_line_failure(run_app("--config", str(path), "--screenshot", "x.png"), 1)
    assert f"cannot open {path}: " in line
    for word in words:
        assert word in line


def test_a_weights_header_claiming_80_gb_is_one_line(tmp_path):
    import hashlib
    import io
    import zipfile

    import numpy as np

    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (100_000, 100_000)}
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as npz:
        npz.writestr("A_0.npy", header.getvalue())
    data = archive.getvalue()
    (tmp_path / "w.npz").write_bytes(data)
    document = experiment_document(
        weights={"file": "w.npz", "sha256": hashlib.sha256(data).hexdigest()}
    )
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    line = one_line_failure(run_app("--config", str(path), "--screenshot", "x.png"), 1)
    assert "field 'weights.A_0'" in line and "(100000, 100000) does not match" in line


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--size", "huge"], ["--size", "(see backprop-explorer --help)"]),
        (["--lang", "fr"], ["--lang", "invalid choice"]),
        (["--nonsense"], ["unrecognized arguments: --nonsense"]),
        (["--preset", "nope"], ["unknown name 'nope'"]),
        (["export", "--what", "graph"], ["-o/--output"]),
    ],
)
def test_usage_errors_are_one_line_without_the_usage(args, words):
    line = one_line_failure(run_app(*args, timeout=60), 2)
    for word in words:
        assert word in line


def test_a_config_that_is_a_fifo_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    line = one_line_failure(run_app("--config", str(fifo), "--screenshot", "x.png", timeout=30))
    assert "is a FIFO (named pipe), not a regular file" in line


def test_another_core_first_on_the_path_is_named(tmp_path):
    # A package 'core' of another distribution ahead of ours on sys.path.
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text("")
    import os
    import subprocess
    import sys

    from tests.gui_helpers import isolated_env

    env = dict(isolated_env(), PYTHONPATH=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "--screenshot", "x.png"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    line = one_line_failure(result, 3)
    assert str(tmp_path / "core" / "__init__.py") in line and "environment of its own" in line
    assert os.path.exists(tmp_path / "core" / "__init__.py")


def test_an_unexpected_error_is_one_line_with_status_70(monkeypatch, capsys):
    from explorer import app

    def broken(argv):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(app, "run", broken)
    monkeypatch.delenv(app.DEBUG_VARIABLE, raising=False)
    monkeypatch.setattr("sys.excepthook", sys.excepthook)  # main() installs its own
    assert app.main(["--screenshot", "x.png"]) == app.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError: a bug" in err
    monkeypatch.setenv(app.DEBUG_VARIABLE, "1")
    with pytest.raises(ZeroDivisionError):
        app.main(["--screenshot", "x.png"])


def test_messages_with_line_breaks_stay_one_line(capsys):
    from explorer import app

    app.report("a\nb\r\x00c")
    assert capsys.readouterr().err == "backprop-explorer: a b\\r\\x00c\n"


def test_a_screenshot_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    result = run_app("--screenshot", str(blocker / "shot.png"), "--size", "640x480")
    line = one_line_failure(result, 1)
    assert str(blocker) in line


def test_the_window_opens_on_a_network_trained_train_steps(qtbot, monkeypatch):
    """`backprop-explorer --train-steps N` (no screenshot): the window opens at step N."""
    from core.experiment import open_preset
    from explorer.window import qt_app

    made = []
    real_make = qt_app.make_window

    def make_window(*args):
        made.append(real_make(*args))
        return made[-1]

    app = QtGui.QGuiApplication.instance()
    monkeypatch.setattr(qt_app, "make_window", make_window)
    monkeypatch.setattr(app, "exec", lambda: 0)
    assert qt_app.run_window(app, open_preset("xor").experiment, 1, (1024, 700), 120) == 0
    window = made[0]
    try:
        assert window.model.history.count == 120
        assert window.model.theta == 1
    finally:
        window.discard_and_close()
