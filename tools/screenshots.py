"""The gallery for issue 10: the window at projector and laptop sizes, in and out of
presentation mode, as docs/gallery/<size>-<mode>.png (`make screenshots`).

    python tools/screenshots.py [--out docs/gallery] [--sizes 1024x768 1366x768 1920x1080]

Every picture is the dark theme in English on two moons (2-8-8-1 tanh), θ₀ selected (the
longest chain) after 1500 steps. Each size is rendered in a process of its own whose offscreen
screen is exactly that size (QT_QPA_PLATFORM=offscreen:configfile=...), so that presentation
mode's full screen is the size named, as on a projector; "normal" is a window as large as that
screen, with the side panel as the app chooses for that width. Settings go to a temporary
folder, so nothing a developer's runs remembered changes the pictures.

The PNGs are stored without an alpha channel and at PNG's strongest compression (Qt's own
writer, no extra package). A 256-colour palette would halve them again, but Qt's conversion
shifts the prediction's colours and speckles dimmed text, which is what a gallery is for.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: tests.layout_probe is beside tools/
SIZES = ("1024x768", "1366x768", "1920x1080")
MODES = ("normal", "presentation")
PRESET, SELECT, TRAIN_STEPS = "moons", 0, 1500
CHILD = "BACKPROP_EXPLORER_SCREENSHOT_CHILD"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)
    if os.environ.get(CHILD):
        return render(args.sizes[0], args.out)
    status = 0
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bpe-shots-") as tmp:
            done = subprocess.run(
                [sys.executable, __file__, "--out", str(args.out), "--sizes", size],
                env=environment(size, Path(tmp)),
                cwd=ROOT,
                check=False,
            )
        status = status or done.returncode
    return status


def environment(size: str, folder: Path) -> dict:
    from tests.layout_probe import offscreen_screen  # the layout test's screens, the same way

    width, height = (int(n) for n in size.split("x"))
    env = offscreen_screen(f"gallery-{size}", width, height, folder)
    env[CHILD] = "1"
    return env


def render(size: str, out: Path) -> int:
    """Both modes of one size, in this process (whose screen is that size)."""
    import time

    from PySide6 import QtCore, QtGui

    from core.experiment import load_preset
    from explorer.look import theme
    from explorer.window.qt_app import create_application, make_window

    QtCore.qInstallMessageHandler(_quiet)
    app = create_application("en")
    theme.use("dark")
    screen = QtGui.QGuiApplication.primaryScreen().geometry().size()
    out.mkdir(parents=True, exist_ok=True)
    for mode in MODES:
        window = make_window(load_preset(PRESET), SELECT, (screen.width(), screen.height()))
        window.train_here(TRAIN_STEPS)
        window.show()
        if mode == "presentation":
            window.set_presentation(True)
            deadline = time.monotonic() + 10
            while not window.isFullScreen() and time.monotonic() < deadline:
                app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
        for _ in range(3):  # layouts settle, then every part is drawn once
            app.processEvents()
            window.refresh_all()
        app.processEvents()
        image = window.grab().toImage()
        window.discard_and_close()
        app.processEvents()
        # No alpha channel (the window is opaque): a quarter fewer bytes to compress.
        small = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
        path = out / f"{size}-{mode}.png"
        if not small.save(str(path), "PNG", 0):  # quality 0: the strongest compression
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(
            f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
            f"({image.width()}x{image.height()}, {path.stat().st_size // 1024} KiB)"
        )
    return 0


def _quiet(kind, context, message):
    """Qt's messages, less the offscreen platform's note on every shown window."""
    if not message.startswith("This plugin does not support propagateSizeHints"):
        print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
