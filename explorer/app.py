"""Command line: open the window, render it headless to a PNG, or export one part of it.

backprop-explorer [--preset NAME | --config FILE] [--lang pl|en]
backprop-explorer --screenshot out.png [--select I] [--train-steps N] [--size WxH]
backprop-explorer export [--preset NAME | --config FILE] --select I
    --what graph|formula|loss|prediction|latex|npz -o PATH [--train-steps N]
backprop-explorer export [--preset NAME | --config FILE] --what animation --steps N
    -o out.gif|.png|.apng|.webp|.mp4 [--part loss|prediction|chain|window] [--frames F]
    [--fps R] [--select I] [--train-steps N]

Every failure is one line on stderr, "backprop-explorer: what went wrong", and a non-zero exit
status, never a traceback (a CommandLineError carries both): EXIT_USAGE for bad arguments,
EXIT_FILE for a file that cannot be opened (checked in full, data set and network built,
before any window is), EXIT_INSTALL for an incomplete installation or another distribution's
`core` or `explorer` in the way, and EXIT_INTERNAL for anything else, which is a bug
(BACKPROP_EXPLORER_DEBUG=1 then shows the traceback). The installation is checked first
(core.install.check_installation).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

DEFAULT_PRESET = "moons"
DEBUG_VARIABLE = "BACKPROP_EXPLORER_DEBUG"
PROG = "backprop-explorer"

EXIT_FILE = 1
EXIT_USAGE = 2
EXIT_INSTALL = 3
EXIT_INTERNAL = 70  # EX_SOFTWARE


class CommandLineError(Exception):
    """A failure to report on one line, with the exit status to end with."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (argparse prints the whole usage first)."""

    def error(self, message: str):
        raise CommandLineError(f"{message} (see {self.prog} --help)", EXIT_USAGE)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size: {text!r} is not WIDTHxHEIGHT, e.g. 1920x1080"
        ) from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"--size: {text!r} is outside 320x240 .. 8000x8000")
    return width, height


def _common(parser: argparse.ArgumentParser):
    from core.experiment import preset_names

    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", help=f"open a preset: {', '.join(preset_names())}")
    source.add_argument("--config", type=Path, help="open an experiment file (.json)")
    parser.add_argument("--select", type=int, metavar="I", help="select θ_I")
    parser.add_argument(
        "--train-steps", type=int, default=0, metavar="N", help="train N steps first"
    )
    parser.add_argument("--size", type=parse_size, metavar="WxH", help="window size")
    parser.add_argument(
        "--lang", choices=("en", "pl"), help="language of the interface (default: the system's)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Backpropagation as the chain rule over a layered network, live. "
        "Run 'backprop-explorer export --help' to export a picture, LaTeX or matrices.",
    )
    _common(parser)
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="render the window to this PNG and exit (works without a display)",
    )
    return parser


def build_export_parser() -> argparse.ArgumentParser:
    from core.animation import DEFAULT_FPS, MAX_FRAMES, PARTS
    from explorer.window.export import WHAT

    parser = _Parser(
        prog=f"{PROG} export",
        description="Export one part of the window without opening it: a picture (PNG or SVG, "
        "by the suffix of -o), the selected chain as LaTeX (.tex) or its matrices (.npz), or "
        "an animation of training (--what animation: GIF, APNG, WebP or MP4 by the suffix).",
    )
    _common(parser)
    parser.add_argument("--what", required=True, choices=(*WHAT, "animation"))
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="PATH")
    animation = parser.add_argument_group("animation (--what animation)")
    animation.add_argument("--steps", type=int, metavar="N", help="training steps to record")
    animation.add_argument(
        "--part",
        choices=PARTS,
        help="what the frames show (default: loss; chain: the graph, formula and matrices "
        "of the chain of --select, θ_0 without it)",
    )
    animation.add_argument(
        "--frames",
        type=int,
        metavar="F",
        help=f"frames, 2 .. {MAX_FRAMES}, at most N + 1 (default: 50 or N + 1)",
    )
    animation.add_argument("--fps", type=int, metavar="R", help=f"default {DEFAULT_FPS}")
    return parser


def plan_animation(args):
    """The checked recording for `export --what animation`; CommandLineError otherwise."""
    from core.animation import DEFAULT_FPS, AnimationError, plan

    given = [n for n in ("steps", "part", "frames", "fps") if getattr(args, n, None) is not None]
    if args.what != "animation":
        if given:
            raise CommandLineError(f"--{given[0]}: only with --what animation", EXIT_USAGE)
        return None
    if args.steps is None:
        raise CommandLineError("--what animation needs --steps N", EXIT_USAGE)
    try:
        return plan(
            args.output,
            args.part or "loss",
            args.steps,
            args.frames,
            DEFAULT_FPS if args.fps is None else args.fps,
        )
    except AnimationError as error:
        message = str(error)
        for name in ("steps", "frames", "fps", "part"):
            if message.startswith(f"{name}: "):
                message = f"--{message}"
        raise CommandLineError(message, EXIT_USAGE) from None


def load_source(args):
    """The experiment named on the command line, opened in full (data set and network built,
    so that nothing about the file can fail once the window is being built); Failure naming
    the file and the field otherwise."""
    from core.experiment import ExperimentFileError, open_experiment, open_preset

    try:
        if args.config is not None:
            return open_experiment(args.config).experiment
        return open_preset(args.preset or DEFAULT_PRESET).experiment
    except ExperimentFileError as error:
        if args.config is None and error.field == "preset":
            raise CommandLineError(str(error), EXIT_USAGE) from None
        source = args.config if args.config is not None else f"preset {args.preset!r}"
        # The error names the file too; the path as typed is the clearer of the two here.
        field = f"field '{error.field}': " if error.field else ""
        raise CommandLineError(f"cannot open {source}: {field}{error.detail}", EXIT_FILE) from None


def check_installation() -> None:
    """CommandLineError (EXIT_INSTALL) unless core and explorer are this distribution's own."""
    try:
        from core.install import InstallationError
        from core.install import check_installation as check
    except ImportError as error:
        # Someone else's `core` comes first on sys.path: core.install itself cannot be read.
        import importlib.util

        spec = importlib.util.find_spec("core")
        where = spec.origin if spec is not None else "nowhere"
        raise CommandLineError(
            f"cannot import its engine ({error}): the package 'core' found first is {where}, "
            "another distribution's; install Backprop Explorer in an environment of its own "
            "(pipx install PATH or uv tool install PATH, with the path of its folder or wheel)",
            EXIT_INSTALL,
        ) from None
    try:
        check()
    except InstallationError as error:
        raise CommandLineError(str(error), EXIT_INSTALL) from None


def load_engine() -> None:
    """Import the Qt-free engine (NumPy, networkx, core, the model) before PySide6. Once
    PySide6 is loaded, its __feature__ import hook reads the source of every module imported
    after it (inspect.getsource, for `from __feature__ import ...`): about 700 modules here,
    0.1 s of start-up (napari/napari#8584). Imported first, they pay nothing."""
    import explorer.model  # noqa: F401  (core, NumPy and networkx come with it)


def run(argv: list[str]) -> int:
    check_installation()
    from core.install import InstallationError

    try:
        return _run(argv)
    except InstallationError as error:
        raise CommandLineError(str(error), EXIT_INSTALL) from None


def _run(argv: list[str]) -> int:
    exporting = bool(argv) and argv[0] == "export"
    args = (build_export_parser() if exporting else build_parser()).parse_args(
        argv[1:] if exporting else argv
    )
    if args.train_steps < 0:
        raise CommandLineError("--train-steps must be 0 or more", EXIT_USAGE)
    recording = plan_animation(args) if exporting else None
    experiment = load_source(args)
    if args.select is not None and not 0 <= args.select < experiment.spec.K:
        raise CommandLineError(
            f"--select {args.select}: this network has θ_0 … θ_{experiment.spec.K - 1}",
            EXIT_USAGE,
        )
    headless = exporting or args.screenshot is not None
    if headless and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    load_engine()
    from explorer.window.qt_app import (
        create_application,
        export_headless,
        record_headless,
        run_window,
        screenshot,
    )

    if headless:
        _quiet_offscreen_notes()

    app = create_application(args.lang)
    if recording is not None:
        return record_headless(app, experiment, recording, args.select, args.train_steps, args.size)
    if exporting:
        return export_headless(
            app, experiment, args.what, args.output, args.select, args.train_steps, args.size
        )
    if args.screenshot is not None:
        return screenshot(
            app, experiment, args.screenshot, args.select, args.train_steps, args.size
        )
    return run_window(app, experiment, args.select, args.size, args.train_steps)


# What Qt's offscreen platform says on every window it shows: not a failure (pyproject's
# qt_log_ignore ignores it in the tests for the same reason).
OFFSCREEN_NOTES = ("This plugin does not support propagateSizeHints",)


def _quiet_offscreen_notes() -> None:
    """Qt's messages to stderr as before, less the offscreen platform's notes, so that a
    headless run that fails prints only its one line."""
    from PySide6 import QtCore

    def handler(kind, context, message):
        if not message.startswith(OFFSCREEN_NOTES):
            with contextlib.suppress(OSError, ValueError):
                print(one_line(message), file=sys.stderr, flush=True)

    QtCore.qInstallMessageHandler(handler)


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped, so it stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in " ".join(text.split("\n")))


def report(message: str) -> None:
    message = one_line(message)
    if not message.startswith(PROG):
        message = f"{PROG}: {message}"
    # If stderr is closed, the exit status still says that it failed.
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)


def _internal(error: BaseException) -> str:
    return (
        f"internal error: {type(error).__name__}: {error} (a bug; {DEBUG_VARIABLE}=1 shows "
        "where it happened)"
    )


def _excepthook(kind, error, traceback):
    """An error in a Qt callback while the window runs: one line, and the window goes on."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    report(_internal(error))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = bool(os.environ.get(DEBUG_VARIABLE))
    if not debug:
        sys.excepthook = _excepthook
    try:
        return run(argv)
    except CommandLineError as failure:
        report(str(failure))
        return failure.status
    except KeyboardInterrupt:
        report("interrupted")
        return 130
    except SystemExit as exit_:
        # argparse's --help exits 0; the window's helpers exit with a message of their own.
        if exit_.code is None or isinstance(exit_.code, int):
            raise
        report(str(exit_.code))
        return EXIT_FILE
    except OSError as error:
        # The file system refused something (a screenshot's folder, an export's file): the
        # user's to fix, not a bug.
        if debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        report(f"{where}{error.strerror or error}")
        return EXIT_FILE
    except Exception as error:
        if debug:
            raise
        report(_internal(error))
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
