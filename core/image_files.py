"""Images with class labels, read from files: the shipped digits, an image CSV, MNIST's IDX.

Each reader returns an `ImageTable`: pixels as rows (m, h*w) of float64 in [0, 1] (the image
read row by row), integer labels (m,), the image shape (h, w) and the number of classes.
core.datasets turns one into a Dataset with one-hot targets.

Every file is untrusted: reads are bounded (core.files.read_bounded), a size a header declares
is checked against core.limits before anything of that size is allocated, and every problem
raises core.errors.DatasetError naming the file and where in it: the line and column of a CSV,
the byte offset of an IDX file.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import os
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.errors import DatasetError, FileError
from core.files import byte_position, csv_lines, first_invalid_utf8, read_bounded
from core.install import resource_path
from core.limits import (
    MAX_CLASSES,
    MAX_CSV_BYTES,
    MAX_DATA_VALUES,
    MAX_IDX_BYTES,
    MAX_SAMPLES,
    MAX_WIDTH,
)

DIGITS_FILE = "digits.csv.gz"
DIGITS_SHAPE = (8, 8)
DIGITS_PIXEL_MAX = 16.0  # the UCI set counts "on" pixels in 4x4 blocks: 0 .. 16


@dataclass(frozen=True, eq=False)
class ImageTable:
    """pixels (m, h*w) float64 in [0, 1], row-major images; labels (m,) int64 in
    0 .. n_classes-1; image_shape (h, w); n_classes >= 2."""

    pixels: np.ndarray
    labels: np.ndarray
    image_shape: tuple[int, int]
    n_classes: int


def _check_classes(labels: np.ndarray, classes, locate) -> int:
    """The class count: `classes` if given (every label must be below it), else max + 1, and
    at least 2. locate(i): where label i is in its file, for the message."""
    largest = int(labels.max()) if labels.size else 0
    if classes is None:
        return max(largest + 1, 2)
    if not isinstance(classes, numbers.Integral) or isinstance(classes, bool):
        raise DatasetError(f"classes: {classes!r} is not an integer", field="classes")
    if not 2 <= classes <= MAX_CLASSES:
        raise DatasetError(
            f"classes: {classes} is outside 2 .. {MAX_CLASSES} (the limit MAX_CLASSES)",
            field="classes",
        )
    if largest >= classes:
        i = int(np.argmax(labels >= classes))
        raise locate(i, f"label {int(labels[i])} is not below classes = {classes}")
    return int(classes)


def _check_data_size(where: str, m: int, pixels: int, classes: int) -> None:
    values = m * (pixels + classes)
    if values > MAX_DATA_VALUES:
        raise DatasetError(
            f"{where}: {m:,} images of {pixels} pixels with {classes} classes make "
            f"{values:,} values, more than the limit MAX_DATA_VALUES = {MAX_DATA_VALUES:,}",
            path=where,
        )


# -- the shipped digits ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _digits_table() -> tuple[np.ndarray, np.ndarray]:
    with resource_path("data", DIGITS_FILE) as path:
        raw = read_bounded(path, MAX_CSV_BYTES, "MAX_CSV_BYTES")
    table = np.loadtxt(io.BytesIO(zlib.decompress(raw, wbits=31)), delimiter=",", ndmin=2)
    pixels = table[:, :-1] / DIGITS_PIXEL_MAX
    labels = table[:, -1].astype(np.int64)
    # Shared by every digits Dataset: nobody may change them in place.
    pixels.flags.writeable = False
    labels.flags.writeable = False
    return pixels, labels


def read_digits() -> ImageTable:
    """The UCI handwritten digits as scikit-learn ships them (resources/data/digits.csv.gz,
    CC BY 4.0, see DIGITS-LICENCE.txt there): 1,797 images of 8 x 8 pixels, pixel values
    0..16 scaled to [0, 1], labels 0..9. Read once per process; the arrays are read-only.
    core.install.InstallationError if the file is missing from the installation."""
    pixels, labels = _digits_table()
    return ImageTable(pixels, labels, DIGITS_SHAPE, 10)


# -- image CSV -------------------------------------------------------------------------------


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def image_shape_for(pixels: int, width, where: str) -> tuple[int, int]:
    """(h, w) of images of `pixels` values: width given (it must divide them), or square."""
    if width is None:
        side = math.isqrt(pixels)
        if side * side != pixels:
            raise DatasetError(
                f"{where}: {pixels} pixels per image is not a square number; give the image "
                "width (the recipe's 'width')",
                path=where,
                field="width",
            )
        return side, side
    if not isinstance(width, numbers.Integral) or isinstance(width, bool) or width < 1:
        raise DatasetError(f"width: {width!r} is not a positive integer", field="width")
    if pixels % width:
        raise DatasetError(
            f"{where}: {pixels} pixels per image is not a multiple of width = {width}",
            path=where,
            field="width",
        )
    return pixels // int(width), int(width)


def read_image_csv(
    path: str | os.PathLike,
    width: int | None = None,
    label_column: int | None = None,
    pixel_max: float | None = None,
    classes: int | None = None,
) -> ImageTable:
    """Images from a CSV file: one image per row, its pixels row by row and one label column.

    Header optional: a first row that is not all numbers is a header. The label column is
    `label_column` (1-based), else the header's column named 'label' (any case), else the
    first column (MNIST's CSV convention). Labels are integers 0 .. MAX_CLASSES-1; there are
    `classes` classes, or max label + 1. Pixels are numbers >= 0 divided by `pixel_max`
    (default: the largest pixel of the file, or 1 if that is at most 1). The image is `width`
    pixels wide (h = pixels / width), or square when width is None.

    Limits: MAX_CSV_BYTES, MAX_CSV_LINE_LENGTH, pixels per image <= MAX_WIDTH, MAX_SAMPLES
    rows, MAX_DATA_VALUES values (pixels and one-hot targets). DatasetError names the file,
    line and column (and the column's header name) of the first problem.
    """
    where = str(path)
    if label_column is not None and (
        not isinstance(label_column, numbers.Integral)
        or isinstance(label_column, bool)
        or label_column < 1
    ):
        raise DatasetError(
            f"label_column: {label_column!r} is not a column number 1, 2, ...",
            field="label_column",
        )
    if pixel_max is not None and (
        isinstance(pixel_max, bool)
        or not isinstance(pixel_max, numbers.Real)
        or not math.isfinite(pixel_max)
        or pixel_max <= 0
    ):
        raise DatasetError(f"pixel_max: {pixel_max!r} is not a positive number", field="pixel_max")
    try:
        data = read_bounded(path, MAX_CSV_BYTES, "MAX_CSV_BYTES")
    except FileError as error:
        raise DatasetError(str(error), path=where) from None
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(csv_lines(text, where))
    names: list[str] | None = None
    n_columns = None
    label_at = None
    pixels = array("d")
    labels = array("q")
    lines: list[int] = []
    try:
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if n_columns is None:
                n_columns = len(row)
                if n_columns < 2:
                    raise DatasetError(
                        f"{where}, line {line}: {n_columns} column; an image row needs pixels "
                        "and a label",
                        path=where,
                        line=line,
                    )
                if n_columns - 1 > MAX_WIDTH:
                    raise DatasetError(
                        f"{where}, line {line}: {n_columns - 1} pixels per image, more than "
                        f"the limit MAX_WIDTH = {MAX_WIDTH} (the widest input layer)",
                        path=where,
                        line=line,
                    )
                if any(_number(cell) is None for cell in row):
                    names = [cell.strip() for cell in row]
                if label_column is not None:
                    if label_column > n_columns:
                        raise DatasetError(
                            f"{where}, line {line}: label_column = {label_column}, but the "
                            f"rows have {n_columns} columns",
                            path=where,
                            line=line,
                            field="label_column",
                        )
                    label_at = label_column - 1
                elif names is not None and "label" in (n.lower() for n in names):
                    label_at = [n.lower() for n in names].index("label")
                else:
                    label_at = 0
                if names is not None:
                    continue
            if len(row) != n_columns:
                raise DatasetError(
                    f"{where}, line {line}: {len(row)} values, expected {n_columns} (as on the "
                    "first line)",
                    path=where,
                    line=line,
                )
            if len(lines) == MAX_SAMPLES:
                raise DatasetError(
                    f"{where}, line {line}: more than the limit MAX_SAMPLES = "
                    f"{MAX_SAMPLES:,} images",
                    path=where,
                    line=line,
                )
            if len(pixels) + n_columns > MAX_DATA_VALUES:
                raise DatasetError(
                    f"{where}, line {line}: more than the limit MAX_DATA_VALUES = "
                    f"{MAX_DATA_VALUES:,} values",
                    path=where,
                    line=line,
                )
            values = [_number(cell) for cell in row]
            for j, value in enumerate(values):
                if value is None or not math.isfinite(value):
                    problem = "is not a number" if value is None else "is not finite"
                    raise _cell_error(where, line, j, names, f"{row[j].strip()!r} {problem}")
            label = values[label_at]
            if label != int(label) or not 0 <= label < MAX_CLASSES:
                raise _cell_error(
                    where,
                    line,
                    label_at,
                    names,
                    f"label {row[label_at].strip()!r} is not an integer 0 .. {MAX_CLASSES - 1}",
                )
            for j, value in enumerate(values):
                if j != label_at and value < 0:
                    raise _cell_error(
                        where, line, j, names, f"pixel {row[j].strip()!r} is negative"
                    )
            labels.append(int(label))
            del values[label_at]
            pixels.extend(values)
            lines.append(line)
    except UnicodeDecodeError:
        offset, reason = first_invalid_utf8(data) or (0, "invalid data")
        line, column = byte_position(data, offset)
        raise DatasetError(
            f"{where}, line {line}, column {column}: not UTF-8 text (byte "
            f"0x{data[offset : offset + 1].hex()}: {reason})",
            path=where,
            line=line,
            column=column,
        ) from None
    except csv.Error as error:
        raise DatasetError(
            f"{where}, line {reader.line_num}: {error}", path=where, line=reader.line_num
        ) from None
    if not lines:
        raise DatasetError(
            f"{where}: no image rows (the file is empty or only a header)", path=where
        )
    n_pixels = n_columns - 1
    shape = image_shape_for(n_pixels, width, where)
    label_array = np.frombuffer(labels, dtype=np.int64).copy()

    def locate(i: int, problem: str) -> DatasetError:
        return _cell_error(where, lines[i], label_at, names, problem)

    n_classes = _check_classes(label_array, classes, locate)
    _check_data_size(where, len(lines), n_pixels, n_classes)
    table = np.frombuffer(pixels, dtype=np.float64).reshape(len(lines), n_pixels)
    largest = float(table.max()) if table.size else 0.0
    scale = pixel_max if pixel_max is not None else max(largest, 1.0)
    if largest > scale:
        i, j = np.unravel_index(int(np.argmax(table)), table.shape)
        raise DatasetError(
            f"{where}, line {lines[i]}: pixel {largest:g} is above pixel_max = {scale:g}",
            path=where,
            line=lines[i],
        )
    return ImageTable(table / scale, label_array, shape, n_classes)


def _cell_error(where: str, line: int, j: int, names, problem: str) -> DatasetError:
    named = f" ({names[j]})" if names is not None and names[j] else ""
    return DatasetError(
        f"{where}, line {line}, column {j + 1}{named}: {problem}",
        path=where,
        line=line,
        column=j + 1,
        field=names[j] if names is not None else None,
    )


# -- MNIST's IDX files -----------------------------------------------------------------------

_UBYTE = 0x08


def _read_idx_bytes(path, where: str) -> bytes:
    """The file's bytes, gunzipped if it starts with gzip's magic; at most MAX_IDX_BYTES of
    either, the decompressed size checked while decompressing."""
    try:
        data = read_bounded(path, MAX_IDX_BYTES, "MAX_IDX_BYTES")
    except FileError as error:
        raise DatasetError(str(error), path=where) from None
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, MAX_IDX_BYTES + 1)
    except zlib.error as error:
        raise DatasetError(f"{where}: not valid gzip data ({error})", path=where) from None
    if len(out) > MAX_IDX_BYTES:
        raise DatasetError(
            f"{where}: decompresses to more than the limit MAX_IDX_BYTES = "
            f"{MAX_IDX_BYTES // 2**20} MiB",
            path=where,
        )
    if not inflater.eof:
        raise DatasetError(
            f"{where}: the gzip data is truncated (it ends before its stream does)", path=where
        )
    if inflater.unused_data:
        raise DatasetError(f"{where}: data after the end of the gzip stream", path=where)
    return out


def _idx_header(data: bytes, where: str, ndim: int, what: str) -> tuple[int, ...]:
    """The dimensions of an IDX file of unsigned bytes with `ndim` dimensions."""
    if len(data) < 4:
        raise DatasetError(
            f"{where}: {len(data)} bytes, too short for an IDX header (byte 0)", path=where
        )
    if data[0] != 0 or data[1] != 0:
        raise DatasetError(
            f"{where}, byte 0: magic number {data[:4].hex()} is not an IDX file's "
            f"(expected 0000{_UBYTE:02x}{ndim:02x} for MNIST {what})",
            path=where,
        )
    if data[2] != _UBYTE:
        raise DatasetError(
            f"{where}, byte 2: data type 0x{data[2]:02x} is not unsigned bytes (0x08), the only "
            "type MNIST uses",
            path=where,
        )
    if data[3] != ndim:
        raise DatasetError(
            f"{where}, byte 3: {data[3]} dimensions, expected {ndim} for {what}", path=where
        )
    end = 4 + 4 * ndim
    if len(data) < end:
        raise DatasetError(
            f"{where}, byte {len(data)}: the header is truncated (it needs {end} bytes)",
            path=where,
        )
    return tuple(int.from_bytes(data[4 + 4 * k : 8 + 4 * k], "big") for k in range(ndim))


def _check_length(data: bytes, where: str, start: int, needed: int, what: str) -> None:
    if len(data) < start + needed:
        raise DatasetError(
            f"{where}, byte {len(data)}: the file ends early; its header declares {what} "
            f"({needed:,} bytes after the {start}-byte header, {start + needed:,} in all)",
            path=where,
        )
    if len(data) > start + needed:
        raise DatasetError(
            f"{where}, byte {start + needed}: {len(data) - start - needed:,} bytes more than "
            f"the header declares ({what})",
            path=where,
        )


def read_idx(
    images: str | os.PathLike,
    labels: str | os.PathLike,
    n_samples: int | None = None,
    classes: int | None = None,
) -> ImageTable:
    """MNIST-style IDX files: images (magic 0x00000803: count, rows, columns, then unsigned
    bytes) and labels (magic 0x00000801: count, then one byte per image), each optionally
    gzipped (.gz). Pixels are divided by 255. n_samples: take only the first n images (MNIST's
    60,000 training images are more than MAX_DATA_VALUES). classes: as in read_image_csv.

    Checked from the headers, before anything is allocated: rows x columns <= MAX_WIDTH, the
    images taken <= MAX_SAMPLES, their values <= MAX_DATA_VALUES, and the file lengths equal to
    what the headers declare. DatasetError names the file and the byte offset at fault.
    """
    where_images, where_labels = str(images), str(labels)
    if n_samples is not None and (
        not isinstance(n_samples, numbers.Integral) or isinstance(n_samples, bool) or n_samples < 1
    ):
        raise DatasetError(f"n_samples: {n_samples!r} is not a positive integer", field="n_samples")
    image_data = _read_idx_bytes(images, where_images)
    count, rows, cols = _idx_header(image_data, where_images, 3, "images")
    if rows < 1 or cols < 1 or rows * cols > MAX_WIDTH:
        raise DatasetError(
            f"{where_images}, byte 8: images of {rows} x {cols} pixels; an image must have "
            f"1 .. MAX_WIDTH = {MAX_WIDTH} pixels (the widest input layer)",
            path=where_images,
        )
    _check_length(
        image_data, where_images, 16, count * rows * cols, f"{count:,} images of {rows} x {cols}"
    )
    label_data = _read_idx_bytes(labels, where_labels)
    (label_count,) = _idx_header(label_data, where_labels, 1, "labels")
    _check_length(label_data, where_labels, 8, label_count, f"{label_count:,} labels")
    if label_count != count:
        raise DatasetError(
            f"{where_labels}, byte 4: {label_count:,} labels for the {count:,} images of "
            f"{where_images}",
            path=where_labels,
        )
    m = count if n_samples is None else min(int(n_samples), count)
    if m < 1:
        raise DatasetError(f"{where_images}: the file holds no images", path=where_images)
    if m > MAX_SAMPLES:
        raise DatasetError(
            f"{where_images}: {m:,} images, more than the limit MAX_SAMPLES = {MAX_SAMPLES:,}; "
            "take fewer with n_samples",
            path=where_images,
        )
    label_array = np.frombuffer(label_data, dtype=np.uint8, count=m, offset=8).astype(np.int64)

    def locate(i: int, problem: str) -> DatasetError:
        return DatasetError(f"{where_labels}, byte {8 + i}: {problem}", path=where_labels)

    n_classes = _check_classes(label_array, classes, locate)
    _check_data_size(where_images, m, rows * cols, n_classes)
    pixels = np.frombuffer(image_data, dtype=np.uint8, count=m * rows * cols, offset=16)
    table = pixels.reshape(m, rows * cols).astype(np.float64)
    table /= 255.0
    return ImageTable(table, label_array, (rows, cols), n_classes)


__all__ = [
    "DIGITS_SHAPE",
    "ImageTable",
    "image_shape_for",
    "read_digits",
    "read_idx",
    "read_image_csv",
]
