"""Command line: open the window, or render it headless to a PNG.

backprop-explorer [--preset NAME | --config FILE]
backprop-explorer --screenshot out.png [--select I] [--train-steps N] [--size WxH]
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backprop-explorer",
        description="Backpropagation as the chain rule over a layered network, live.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", help=f"open a preset: {', '.join(preset_names())}")
    source.add_argument("--config", type=Path, help="open an experiment file (.json)")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="render the window to this PNG and exit (works without a display)",
    )
    parser.add_argument("--select", type=int, metavar="I", help="select θ_I")
    parser.add_argument(
        "--train-steps",
        type=int,
        default=0,
        metavar="N",
        help="train N steps before the screenshot",
    )
    parser.add_argument("--size", type=parse_size, metavar="WxH", help="window size")
    return parser


def load_source(args):
    """The experiment named on the command line; SystemExit with a clear message otherwise."""
    try:
        if args.config is not None:
            return load_experiment(args.config)
        return load_preset(args.preset or DEFAULT_PRESET)
    except ExperimentFileError as error:
        raise SystemExit(f"backprop-explorer: cannot open {args.config}: {error}") from None
    except ValueError as error:
        raise SystemExit(f"backprop-explorer: {error}") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.train_steps < 0:
        raise SystemExit("backprop-explorer: --train-steps must be 0 or more")
    experiment = load_source(args)
    if args.select is not None and not 0 <= args.select < experiment.spec.K:
        raise SystemExit(
            f"backprop-explorer: --select {args.select}: this network has "
            f"θ_0 … θ_{experiment.spec.K - 1}"
        )
    if (
        args.screenshot is not None
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from explorer.qt_app import create_application, run_window, screenshot

    app = create_application()
    if args.screenshot is not None:
        return screenshot(
            app, experiment, args.screenshot, args.select, args.train_steps, args.size
        )
    return run_window(app, experiment, args.select, args.size)


if __name__ == "__main__":
    sys.exit(main())
