"""Animations of training for slides: the plan and its limits, the encoders (Pillow,
imageio-ffmpeg), the command line and File → Export animation… in the window."""

import importlib.util
import subprocess

import numpy as np
import pytest
from PIL import Image

from core import animation
from core.animation import AnimationError, frame_steps, plan
from explorer.app import main
from tests.gui_helpers import run_app

PILLOW_FORMATS = [("gif", "GIF"), ("png", "PNG"), ("apng", "PNG"), ("webp", "WEBP")]


def opened(path):
    """(format, frame count, size) of an animation file, as Pillow reads it back."""
    with Image.open(path) as image:
        return image.format, image.n_frames, image.size


def frames_of(count, height=30, width=41):
    """Distinct synthetic frames: a bar that grows, on a background that changes."""
    frames = []
    for j in range(count):
        frame = np.full((height, width, 3), 20 + 10 * j, np.uint8)
        frame[5:10, : 3 + j * 3] = (250, 80, 80)
        frames.append(frame)
    return frames


def run(recording, frames):
    job = animation.encode(recording, frames)
    done = []
    try:
        while True:
            done.append(next(job))
    except StopIteration as stop:
        return stop.value, done


# -- the plan ---------------------------------------------------------------------------------


def test_frames_show_evenly_spaced_distinct_steps():
    assert frame_steps(100, 5) == [0, 25, 50, 75, 100]
    assert frame_steps(3, 4) == [0, 1, 2, 3]
    steps = frame_steps(1000, 7)
    assert steps[0] == 0 and steps[-1] == 1000 and all(np.diff(steps) > 0)
    assert plan("a.gif", "loss", 10).frames == 11  # the default is 50, or N + 1 when fewer
    assert plan("a.gif", "loss", 500).frames == animation.DEFAULT_FRAMES


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"path": "a.txt"}, ["a.txt", ".gif", ".webp", ".mp4"]),
        ({"path": "a.jpg"}, ["a.jpg", "suffix"]),
        ({"part": "graph"}, ["part: 'graph'", "loss, prediction, chain, window"]),
        ({"steps": 0}, ["steps: 0"]),
        ({"frames": 1}, ["frames: 1", "2 frames or more"]),
        ({"frames": animation.MAX_FRAMES + 1}, ["MAX_FRAMES", str(animation.MAX_FRAMES)]),
        ({"steps": 5, "frames": 7}, ["frames: 7", "6 steps or more", "5 asked"]),
        ({"fps": 0}, ["fps: 0"]),
        ({"fps": 61}, ["fps: 61"]),
    ],
)
def test_a_bad_request_is_one_line_naming_the_field(tmp_path, kwargs, words):
    request = {"path": "a.gif", "part": "loss", "steps": 100, "frames": None, "fps": 10}
    request.update(kwargs)
    request["path"] = tmp_path / request["path"]
    with pytest.raises(AnimationError) as caught:
        plan(**request)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_a_path_that_cannot_be_written_is_refused_before_recording(tmp_path):
    with pytest.raises(AnimationError, match=r"the folder .* does not exist"):
        plan(tmp_path / "missing" / "a.gif", "loss", 10)
    (tmp_path / "taken.gif").mkdir()
    with pytest.raises(AnimationError, match="is a folder"):
        plan(tmp_path / "taken.gif", "loss", 10)


def test_a_missing_mp4_encoder_says_what_to_install(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "imageio_ffmpeg" else real(name, *a),
    )
    with pytest.raises(AnimationError, match=r"backprop-explorer\[mp4\]"):
        plan(tmp_path / "a.mp4", "loss", 10)


def test_frame_memory_is_bounded():
    animation.check_frame_memory(50, (400, 600, 3))
    with pytest.raises(AnimationError, match="MAX_FRAME_BYTES"):
        animation.check_frame_memory(1000, (1000, 1600, 3))


# -- the encoders -----------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "fmt"), PILLOW_FORMATS)
def test_pillow_writes_every_frame_at_its_size(tmp_path, suffix, fmt):
    recording = plan(tmp_path / f"a.{suffix}", "loss", 12, 6, 20)
    path, done = run(recording, frames_of(6))
    assert path == recording.path and done == [1, 2, 3, 4, 5, 6]
    assert opened(path) == (fmt, 6, (41, 30))
    with Image.open(path) as image:
        image.seek(5)
        assert image.convert("RGB").getpixel((0, 7)) == (250, 80, 80)
        assert image.info.get("duration") in (50, 50.0)
    assert [p.name for p in tmp_path.iterdir()] == [f"a.{suffix}"]  # no temporary left


@pytest.mark.skipif(
    importlib.util.find_spec("imageio_ffmpeg") is None, reason="the [mp4] extra is not installed"
)
def test_mp4_through_imageio_ffmpeg(tmp_path):
    import imageio_ffmpeg

    recording = plan(tmp_path / "a.mp4", "loss", 12, 6, 10)
    path, _ = run(recording, frames_of(6))  # 41 wide: padded to an even width
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-i", str(path)], capture_output=True, text=True
    )
    assert "h264" in probe.stderr and "42x30" in probe.stderr
    assert imageio_ffmpeg.count_frames_and_secs(str(path))[0] == 6


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.gif"
    target.write_bytes(b"old")
    recording = plan(target, "loss", 4, 3, 10)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", broken)
    with pytest.raises(OSError, match="No space"):
        run(recording, frames_of(3))
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.gif"]


def test_frames_of_different_sizes_are_refused(tmp_path):
    recording = plan(tmp_path / "a.gif", "loss", 4, 2, 10)
    with pytest.raises(AnimationError, match="one RGB size"):
        run(recording, [frames_of(1)[0], frames_of(1, height=31)[0]])


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "fmt"), [("gif", "GIF"), ("apng", "PNG"), ("webp", "WEBP")])
def test_command_line_records_the_frames_asked_for(tmp_path, suffix, fmt):
    out = tmp_path / f"window.{suffix}"
    result = run_app(
        "export",
        "--preset",
        "xor",
        "--what",
        "animation",
        "--part",
        "window",
        "--steps",
        "12",
        "--frames",
        "4",
        "--fps",
        "5",
        "--size",
        "1280x800",
        "-o",
        str(out),
        config_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    from explorer.window.animation import CAPTION_HEIGHT

    assert opened(out) == (fmt, 4, (1280, 800 + CAPTION_HEIGHT))


def test_command_line_parts_have_their_views_sizes(tmp_path):
    out = tmp_path / "loss.gif"
    result = run_app(
        "export", "--preset", "xor", "--what", "animation", "--steps", "3", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    fmt, count, (width, height) = opened(out)
    assert (fmt, count) == ("GIF", 4) and 200 < width < 1600 and 200 < height < 1000


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "a.txt", "--steps", "5"], ["a.txt", ".gif"]),
        (["-o", "a.gif"], ["--what animation needs --steps N"]),
        (["-o", "a.gif", "--steps", "5", "--frames", "9"], ["--frames: 9"]),
        (["-o", "a.gif", "--steps", "5000", "--frames", "5000"], ["MAX_FRAMES"]),
        (["-o", "no/such/folder/a.gif", "--steps", "5"], ["does not exist"]),
        (["-o", "a.gif", "--steps", "5", "--fps", "0"], ["--fps: 0"]),
        (["-o", "a.gif", "--steps", "5", "--part", "graph"], ["--part", "invalid choice"]),
    ],
)
def test_command_line_errors_are_one_line(tmp_path, monkeypatch, capsys, args, words):
    monkeypatch.chdir(tmp_path)
    status = main(["export", "--preset", "xor", "--what", "animation", *args])
    err = capsys.readouterr().err
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("backprop-explorer: ")
    for word in words:
        assert word in lines[0]
    assert not list(tmp_path.iterdir())


def test_animation_options_only_with_an_animation(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status = main(["export", "--what", "latex", "-o", "c.tex", "--steps", "5"])
    assert status == 2
    assert "--steps: only with --what animation" in capsys.readouterr().err


# -- the window ---------------------------------------------------------------------------------


def test_export_animation_runs_through_the_event_loop(qtbot, window, tmp_path):
    from PySide6 import QtCore

    from explorer.window.animation import CAPTION_HEIGHT

    start = window.model.history.count
    recording = plan(tmp_path / "prediction.webp", "prediction", 40, 5, 10)
    seen, ticks = [], []
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    recorder = window.export_animation(recording)
    assert len(seen) == 0 and recorder.running  # nothing rendered before the loop turns
    recorder.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(recorder.finished, timeout=60_000) as finished:
        pass
    timer.stop()
    assert len(ticks) >= 5  # the window's event loop kept running between slices
    assert finished.args == [str(recording.path)]
    assert window.model.history.count == start + 40
    assert seen[-1] == (10, 10) and (5, 10) in seen, seen  # five rendered, then five encoded
    widget = window.ws.prediction.plot
    ratio = widget.devicePixelRatioF()
    size = (round(widget.width() * ratio), round((widget.height() + CAPTION_HEIGHT) * ratio))
    assert opened(recording.path) == ("WEBP", 5, size)
    assert "5" in window.statusBar().currentMessage()


def test_export_animation_of_the_chain_selects_a_theta(qtbot, window, tmp_path):
    assert window.model.theta is None
    recorder = window.export_animation(plan(tmp_path / "c.gif", "chain", 2, 3, 10))
    with qtbot.waitSignal(recorder.finished, timeout=60_000):
        pass
    assert window.model.theta == 0
    assert opened(tmp_path / "c.gif")[:2] == ("GIF", 3)


def test_cancelled_recording_writes_nothing_and_leaves_no_job(qtbot, window, tmp_path):
    recording = plan(tmp_path / "a.gif", "loss", 400, 200, 10)
    recorder = window.export_animation(recording)
    qtbot.waitUntil(lambda: len(recorder.frames) >= 2, timeout=30_000)
    window.stop_recording()
    assert not recorder.running
    assert not list(tmp_path.iterdir())


def test_a_recording_that_fails_says_why(qtbot, window, tmp_path, monkeypatch):
    from explorer.window import dialogs

    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, title, message: shown.append(message))
    monkeypatch.setattr(animation, "MAX_FRAME_BYTES", 1000)
    recorder = window.export_animation(plan(tmp_path / "a.gif", "window", 4, 3, 10))
    with qtbot.waitSignal(recorder.failed, timeout=30_000):
        pass
    assert shown and "MAX_FRAME_BYTES" in shown[0]
    assert not list(tmp_path.iterdir())


def test_the_dialog_checks_what_it_asks(qtbot, window, tmp_path):
    from explorer.window.animation import AnimationDialog

    dialog = AnimationDialog(window, path=str(tmp_path / "a.txt"))
    qtbot.addWidget(dialog)
    dialog.part.setCurrentIndex(dialog.part.findData("window"))
    dialog.steps.setValue(30)
    dialog.frames.setValue(7)
    dialog.fps.setValue(12)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and ".gif" in dialog.problem.text()
    dialog.path.setText(str(tmp_path / "a.apng"))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    recording = dialog.recording()
    assert (recording.part, recording.steps, recording.frames, recording.fps) == (
        "window",
        30,
        7,
        12,
    )
    assert recording.format == "APNG"


def test_the_menu_opens_the_dialog(qtbot, window, monkeypatch):
    from explorer.window import animation as window_animation

    asked = []
    monkeypatch.setattr(window_animation, "ask", lambda parent: asked.append(parent))
    (action,) = [a for _, _, a in window.menus.table if a.text() == "Export animation…"]
    action.trigger()
    assert asked == [window] and window.recorder is None


def test_cancelling_while_encoding_removes_the_temporary(qtbot, window, tmp_path, monkeypatch):
    import threading

    release, calls = threading.Event(), []
    real = Image.fromarray

    def gated(*args, **kwargs):  # every frame after the first waits for the test
        calls.append(1)
        if len(calls) > 1:
            release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(Image, "fromarray", gated)
    recording = plan(tmp_path / "a.gif", "loss", 6, 4, 10)
    recorder = window.export_animation(recording)
    seen = []
    recorder.progress.connect(lambda done, total: seen.append(done))
    qtbot.waitUntil(lambda: 5 in seen, timeout=30_000)  # four rendered, one encoded
    recorder._job.quit()  # asked before the encoder may go on: it stops at its next yield
    release.set()
    window.stop_recording()
    assert not recorder.running
    assert not list(tmp_path.iterdir())  # neither the animation nor its temporary
