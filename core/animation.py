"""Animations of training for slides: which steps become frames, the limits, and the encoders.

Frames are RGB arrays (height, width, 3) of uint8 that the window renders from its views;
this module only plans the recording and writes the file. The format follows the suffix:

    .gif           GIF (Pillow; 256 colours per frame, looping)
    .png, .apng    APNG, animated PNG (Pillow; lossless, looping)
    .webp          WebP (Pillow built with libwebp; lossless, looping)
    .mp4           MP4, H.264 (imageio-ffmpeg, which ships its own ffmpeg: the optional extra
                   `pip install 'backprop-explorer[mp4]'`)

No encoder is written here: Pillow and imageio-ffmpeg are well-kept libraries. A file is
written under a temporary name beside the target and renamed onto it, so a failed or cancelled
recording leaves no half-written animation.

Frame j of F shows the network after round(j * N / (F - 1)) of the N steps (frame 0: before
the first step), so F may be at most N + 1 and every frame shows a different step.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.limits import GiB

FORMATS = {".gif": "GIF", ".png": "APNG", ".apng": "APNG", ".webp": "WebP", ".mp4": "MP4"}
PARTS = ("loss", "prediction", "chain", "window")
"""What a recording shows: the loss curve, the prediction panel, the selected chain (the graph
with it lit, its formula and its matrices), or the whole window."""

MAX_FRAMES = 1000
"""Frames in one animation: 100 s at 10 frames a second, longer than a slide needs."""
MAX_STEPS = 10_000_000
MAX_FPS = 60
MAX_FRAME_BYTES = 1 * GiB
"""Raw RGB frames kept until they are encoded (frames x width x height x 3 bytes): 1000
frames of a 600 x 400 plot take 0.7 GB; a whole 1600 x 1000 window fits 223 frames."""

DEFAULT_FRAMES = 50
DEFAULT_FPS = 10


class AnimationError(ValueError):
    """An animation that cannot be recorded or written; the message is one line."""


@dataclass(frozen=True)
class Recording:
    """A checked request: `steps` training steps shown in `frames` frames at `fps`."""

    path: Path
    part: str
    steps: int
    frames: int
    fps: int

    @property
    def format(self) -> str:
        return FORMATS[self.path.suffix.lower()]

    def frame_steps(self) -> list[int]:
        """The step count (from the start of the recording) each frame shows, increasing."""
        return frame_steps(self.steps, self.frames)


def frame_steps(steps: int, frames: int) -> list[int]:
    """round(j * steps / (frames - 1)) for j = 0 .. frames - 1: strictly increasing when
    frames <= steps + 1."""
    return [round(j * steps / (frames - 1)) for j in range(frames)]


def animation_format(path: Path) -> str:
    """The format the suffix of `path` asks for; AnimationError for any other suffix."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise AnimationError(
            f"{Path(path).name}: an animation is written as .gif, .png or .apng (APNG), "
            ".webp or .mp4; the suffix chooses"
        )
    return fmt


def check_encoder(fmt: str) -> None:
    """AnimationError naming what to install when the encoder for `fmt` is missing."""
    if fmt == "MP4":
        if importlib.util.find_spec("imageio_ffmpeg") is None:
            raise AnimationError(
                "MP4 needs imageio-ffmpeg, an optional extra: "
                "pip install 'backprop-explorer[mp4]' (or write .gif, .png or .webp)"
            )
        return
    from PIL import features

    if fmt == "WebP" and not features.check("webp"):
        raise AnimationError(
            "WebP: this Pillow was built without libwebp (write .gif or .png, or install a "
            "Pillow wheel from PyPI)"
        )


def plan(path, part: str, steps: int, frames: int | None = None, fps: int = DEFAULT_FPS):
    """A Recording, or AnimationError (one line) for a bad suffix, a missing encoder, a folder
    that does not exist or a path that is one, and numbers outside the limits."""
    path = Path(path)
    fmt = animation_format(path)
    if part not in PARTS:
        raise AnimationError(f"part: {part!r} is not one of {', '.join(PARTS)}")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise AnimationError(f"steps: {steps!r} is not 1 .. {MAX_STEPS:,} training steps")
    if frames is None:
        frames = min(DEFAULT_FRAMES, steps + 1)
    if isinstance(frames, bool) or not isinstance(frames, int) or frames < 2:
        raise AnimationError(f"frames: {frames!r}: an animation has 2 frames or more")
    if frames > MAX_FRAMES:
        raise AnimationError(f"frames: {frames} is more than {MAX_FRAMES} (the limit MAX_FRAMES)")
    if frames > steps + 1:
        raise AnimationError(
            f"frames: {frames} frames need {frames - 1} steps or more to show a different step "
            f"each ({steps} asked)"
        )
    if isinstance(fps, bool) or not isinstance(fps, int) or not 1 <= fps <= MAX_FPS:
        raise AnimationError(f"fps: {fps!r} is not 1 .. {MAX_FPS} frames a second")
    check_encoder(fmt)
    if path.is_dir():
        raise AnimationError(f"{path}: is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise AnimationError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise AnimationError(f"{path}: the folder {folder} is not writable")
    return Recording(path, part, steps, frames, fps)


def check_frame_memory(frames: int, shape: tuple[int, ...]) -> None:
    """AnimationError when `frames` frames of `shape` (height, width, 3) exceed
    MAX_FRAME_BYTES; checked after the first frame, before any more are rendered."""
    need = frames * int(np.prod(shape))
    if need > MAX_FRAME_BYTES:
        height, width = shape[:2]
        raise AnimationError(
            f"frames: {frames} frames of {width}x{height} need {need / GiB:.1f} GiB, more than "
            f"{MAX_FRAME_BYTES / GiB:.0f} GiB (the limit MAX_FRAME_BYTES): ask for fewer "
            "frames or a smaller part"
        )


def encode(recording: Recording, frames: Sequence[np.ndarray]) -> Generator[int, None, Path]:
    """Write `frames` (each (height, width, 3) uint8, all one size) to recording.path in its
    format. A generator, to run as a job: it yields the number of frames handled so far (a
    place to stop), and returns the path. OSError from the file system, AnimationError for
    frames that do not fit."""
    if len(frames) < 2:
        raise AnimationError(f"frames: {len(frames)} frame(s) rendered; an animation needs 2")
    shape = frames[0].shape
    if any(f.shape != shape or f.dtype != np.uint8 for f in frames) or shape[2:] != (3,):
        raise AnimationError("frames: every frame must be one RGB size (height, width, 3) uint8")
    path = recording.path
    temporary = _temporary_beside(path)
    try:
        if recording.format == "MP4":
            yield from _encode_mp4(temporary, frames, recording.fps)
        else:
            yield from _encode_pillow(temporary, frames, recording.fps, recording.format)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return path


def _temporary_beside(path: Path) -> str:
    """A new empty file in the target's folder, created like any other file (the umask
    decides its permissions, unlike mkstemp's 0600), with the target's suffix."""
    while True:
        name = path.parent / f".{path.name}.{secrets.token_hex(4)}{path.suffix}"
        try:
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return str(name)


def _encode_pillow(path: str, frames, fps: int, fmt: str):
    from PIL import Image

    images = []
    for index, frame in enumerate(frames):
        image = Image.fromarray(frame, "RGB")
        if fmt == "GIF":
            # One adaptive palette per frame, without dithering (flat plot colours stay flat).
            image = image.quantize(256, dither=Image.Dither.NONE)
        images.append(image)
        yield index + 1
    duration = round(1000 / fps)  # milliseconds per frame (GIF keeps hundredths)
    options = {"save_all": True, "append_images": images[1:], "duration": duration, "loop": 0}
    if fmt == "WebP":
        options["lossless"] = True
    images[0].save(path, format={"APNG": "PNG"}.get(fmt, fmt.upper()), **options)


def _encode_mp4(path: str, frames, fps: int):
    import imageio_ffmpeg

    height, width = frames[0].shape[:2]
    # H.264 in yuv420p needs even sides: pad with the last row or column, never rescale.
    even = (height + height % 2, width + width % 2)
    writer = imageio_ffmpeg.write_frames(
        path,
        (even[1], even[0]),
        fps=fps,
        codec="libx264",
        pix_fmt_out="yuv420p",
        macro_block_size=1,
        output_params=["-movflags", "+faststart"],
        ffmpeg_log_level="error",
    )
    writer.send(None)  # start ffmpeg
    try:
        for index, frame in enumerate(frames):
            if frame.shape[:2] != even:
                frame = np.pad(frame, ((0, even[0] - height), (0, even[1] - width), (0, 0)), "edge")
            writer.send(np.ascontiguousarray(frame))
            yield index + 1
    finally:
        writer.close()
