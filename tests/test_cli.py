"""The command line: headless screenshots, and clear messages (not tracebacks) for bad input."""

import json

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
