"""Command line: open the window, render it headless to a PNG, or export one part of it.

backprop-explorer [--preset NAME | --config FILE] [--lang pl|en]
backprop-explorer --screenshot out.png [--select I] [--train-steps N] [--size WxH]
backprop-explorer export [--preset NAME | --config FILE] --select I
    --what graph|formula|loss|prediction|latex|npz -o PATH [--train-steps N]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from core.experiment import ExperimentFileError, load_experiment, load_preset, preset_names

DEFAULT_PRESET = "moons"


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
    parser = argparse.ArgumentParser(
        prog="backprop-explorer",
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
    from explorer.window.export import WHAT

    parser = argparse.ArgumentParser(
        prog="backprop-explorer export",
        description="Export one part of the window without opening it: a picture (PNG or SVG, "
        "by the suffix of -o), the selected chain as LaTeX (.tex) or its matrices (.npz).",
    )
    _common(parser)
    parser.add_argument("--what", required=True, choices=WHAT)
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="PATH")
    return parser


def load_source(args):
    """The experiment named on the command line; SystemExit with a clear message otherwise."""
    try:
        if args.config is not None:
            return load_experiment(args.config)
        return load_preset(args.preset or DEFAULT_PRESET)
    except ExperimentFileError as error:
        source = args.config if args.config is not None else f"preset {args.preset!r}"
        raise SystemExit(f"backprop-explorer: cannot open {source}: {error}") from None
    except ValueError as error:
        raise SystemExit(f"backprop-explorer: {error}") from None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    exporting = bool(argv) and argv[0] == "export"
    args = (build_export_parser() if exporting else build_parser()).parse_args(
        argv[1:] if exporting else argv
    )
    if args.train_steps < 0:
        raise SystemExit("backprop-explorer: --train-steps must be 0 or more")
    experiment = load_source(args)
    if args.select is not None and not 0 <= args.select < experiment.spec.K:
        raise SystemExit(
            f"backprop-explorer: --select {args.select}: this network has "
            f"θ_0 … θ_{experiment.spec.K - 1}"
        )
    headless = exporting or args.screenshot is not None
    if headless and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from explorer.window.qt_app import create_application, export_headless, run_window, screenshot

    app = create_application(args.lang)
    if exporting:
        return export_headless(
            app, experiment, args.what, args.output, args.select, args.train_steps, args.size
        )
    if args.screenshot is not None:
        return screenshot(
            app, experiment, args.screenshot, args.select, args.train_steps, args.size
        )
    return run_window(app, experiment, args.select, args.size)


if __name__ == "__main__":
    sys.exit(main())
