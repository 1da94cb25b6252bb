"""Reading files that may hold anything: bounded reads, text positions, .npz archives.

`read_bounded` refuses what is not a regular file (a device such as /dev/zero, a FIFO, a
directory) before reading, and never reads more than its limit + 1 bytes, so neither an endless
input nor a huge file is read whole. `read_npz` checks an archive's member names, declared
sizes and .npy headers (shape and dtype) against what the caller expects before it
decompresses a byte of array data, and never unpickles.

Errors are core.errors.FileError; the caller puts its own file and field names in front.
"""

from __future__ import annotations

import codecs
import io
import math
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping

import numpy as np

from core.errors import DatasetError, FileError
from core.limits import MAX_CSV_LINE_LENGTH, MAX_NPY_HEADER_BYTES, human_bytes

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "file not found"
    return error.strerror or str(error)


def read_bounded(path: str | os.PathLike, limit: int, limit_name: str) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Raises FileError (path set) if the name holds a NUL, the file cannot be opened, is not a
    regular file (symbolic links are followed: one to /dev/zero is a character device), or is
    larger than `limit`, which the message names as `limit_name`. The size is checked twice:
    from fstat before reading, and by reading at most limit + 1 bytes, since a file can grow
    between the two.
    """
    shown = os.fspath(path)
    if "\0" in str(shown):
        raise FileError(f"{shown!r}: the file name contains a NUL character", path=path)
    too_big = f"larger than the limit {limit_name} = {human_bytes(limit)}"
    try:
        # stat first: opening some devices has effects of its own.
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise FileError(f"{shown} is {_kind(mode)}, not a regular file", path=path)
        # O_NONBLOCK: a FIFO put in place after the stat must not block the open.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise FileError(f"cannot read {shown}: {_reason(error)}", path=path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileError(f"{shown} is {_kind(info.st_mode)}, not a regular file", path=path)
        if info.st_size > limit:
            raise FileError(f"{shown} is {human_bytes(info.st_size)}, {too_big}", path=path)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 4 * 2**20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileError(f"{shown} is {too_big}", path=path)
        return b"".join(chunks)
    except OSError as error:
        raise FileError(f"cannot read {shown}: {_reason(error)}", path=path) from None
    finally:
        os.close(fd)


# -- text positions --------------------------------------------------------------------------


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of the character at `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of the byte at `offset` in UTF-8 `data`, the column counted in
    characters (the bytes before it on its line are valid UTF-8: every byte that is not a
    continuation byte 10xxxxxx starts one character)."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    before = data[start:offset]
    continuation = len(before) - len(before.translate(None, bytes(range(0x80, 0xC0))))
    return line, len(before) - continuation + 1


def decode_utf8(data: bytes) -> str:
    """`data` as text, without a leading byte-order mark (editors on Windows write one).

    Raises FileError with the line and column of the first byte that is not UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = byte_position(data, error.start)
        byte = data[error.start : error.start + 1].hex()
        detail = f"not UTF-8 text: byte 0x{byte} at line {line}, column {column} ({error.reason})"
        raise FileError(detail, line=line, column=column) from None


def first_invalid_utf8(data: bytes) -> tuple[int, str] | None:
    """(offset, reason) of the first byte of `data` that is not UTF-8, or None. Decodes in
    1 MiB chunks and keeps no text, so a large file costs no more than its bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 2**20
    for start in range(0, max(len(data), 1), step):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(data[start : start + step], final=start + step >= len(data))
        except UnicodeDecodeError as error:
            return start - pending + error.start, error.reason
    return None


# -- .npz archives ---------------------------------------------------------------------------


class ArrayError(FileError):
    """An .npz archive, or one array in it, is not what the caller expects. field: the
    array's name ('A_0'), or None for the archive as a whole."""


_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_EOCD_SIZE = 22


def _central_directory(data: bytes) -> tuple[int, int]:
    """(entries, central directory bytes) from the end-of-central-directory record, found the
    way zipfile finds it, so that the sizes checked here are the ones zipfile will use."""
    at = len(data) - _EOCD_SIZE
    if at < 0 or data[at : at + 4] != _EOCD:
        at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SIZE - 65535))
    if at < 0 or len(data) < at + _EOCD_SIZE:
        raise ArrayError("not an .npz archive (no zip directory at its end)")
    if at >= 20 and data[at - 20 : at - 16] == _ZIP64_LOCATOR:
        # zipfile would take its counts from a ZIP64 record instead; np.savez writes none for
        # archives of this size, so one here is not a weights file.
        raise ArrayError("a ZIP64 archive, which np.savez does not write for weights")
    _, _, _, entries, size, _, _ = struct.unpack("<4HLLH", data[at + 4 : at + _EOCD_SIZE])
    return entries, size


def _read_header(stream, name: str) -> tuple[tuple[int, ...], bool, np.dtype]:
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(stream, MAX_NPY_HEADER_BYTES)
        if version == (2, 0):
            return np.lib.format.read_array_header_2_0(stream, MAX_NPY_HEADER_BYTES)
        raise ArrayError(f".npy format version {version} is not supported", field=name)
    # read_magic and the header parser report a bad header as ValueError (a header that
    # literal_eval cannot parse may also be a SyntaxError, RecursionError or MemoryError in
    # the parser); a truncated or damaged member as EOFError, BadZipFile or zlib.error.
    except (ValueError, SyntaxError, RecursionError, MemoryError, TypeError) as error:
        raise ArrayError(f"not a valid .npy array ({_short(error)})", field=name) from None


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"


_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    zlib.error,
    NotImplementedError,  # a compression method zipfile lacks
    RuntimeError,  # an encrypted member
    struct.error,
    ValueError,
)


def read_npz(data: bytes, expected: Mapping[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    """Arrays named like `expected`'s keys with exactly its shapes, from .npz bytes.

    Every member must be NAME.npy for a NAME of `expected`, each present once; a member's
    dtype must be a real floating-point type of at most 8 bytes (never an object array, so
    nothing is unpickled). Before any array data is decompressed the zip directory, each
    member's declared uncompressed size and its .npy header are checked, so a member that
    would expand beyond its array's size is refused unread. Arrays keep their dtype and are
    C-contiguous copies that own their memory. Raises ArrayError.
    """
    # zipfile reads the whole central directory into ZipInfo objects: its size is what bounds
    # that work (a member's entry takes about 100 bytes; extra members are refused by name).
    entries, directory_bytes = _central_directory(data)
    if directory_bytes > (len(expected) + 1) * 4096:
        raise ArrayError(
            f"its zip directory lists {entries} members in {directory_bytes:,} bytes; the "
            f"weights need {len(expected)} arrays"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED as error:
        raise ArrayError(f"not a readable .npz archive ({_short(error)})") from None
    with archive:
        members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            name = info.filename[:-4] if info.filename.endswith(".npy") else None
            if name not in expected:
                shown = name if name is not None else info.filename
                raise ArrayError(
                    f"unexpected array {shown!r} (expected {', '.join(expected)})",
                    field=shown,
                )
            if name in members:
                raise ArrayError(f"array {name!r} is stored twice", field=name)
            members[name] = info
        arrays = {}
        for name, shape in expected.items():
            if name not in members:
                raise ArrayError("missing array", field=name)
            arrays[name] = _read_member(archive, members[name], name, shape)
    return arrays


def _read_member(archive, info: zipfile.ZipInfo, name: str, shape: tuple[int, ...]):
    largest = MAX_NPY_HEADER_BYTES + 16 + math.prod(shape) * 8
    if info.file_size > largest:
        raise ArrayError(
            f"declares {human_bytes(info.file_size)} uncompressed, more than the "
            f"{human_bytes(largest)} an array of shape {shape} can take; not unpacked",
            field=name,
        )
    try:
        with archive.open(info) as stream:
            stored, fortran, dtype = _read_header(stream, name)
            if dtype.hasobject or dtype.kind != "f" or dtype.itemsize > 8:
                raise ArrayError(
                    f"dtype {dtype} is not floating-point (float16, float32 or float64)",
                    field=name,
                )
            if tuple(stored) != tuple(shape):
                raise ArrayError(
                    f"shape {tuple(stored)} does not match the spec's {tuple(shape)}",
                    field=name,
                )
            nbytes = math.prod(shape) * dtype.itemsize
            if info.file_size != stream.tell() + nbytes:
                raise ArrayError(
                    f"declares {info.file_size:,} bytes, but its header and {shape} data "
                    f"take {stream.tell() + nbytes:,}",
                    field=name,
                )
            raw = stream.read(nbytes)
            if len(raw) != nbytes or stream.read(1):
                raise ArrayError("is truncated or damaged", field=name)
    except ArrayError:
        raise
    except _DAMAGED as error:
        raise ArrayError(f"is damaged ({_short(error)})", field=name) from None
    flat = np.frombuffer(raw, dtype=dtype)
    array = flat.reshape(shape[::-1]).T if fortran else flat.reshape(shape)
    return np.array(array, dtype=dtype.newbyteorder("="), order="C")


__all__ = [
    "ArrayError",
    "byte_position",
    "decode_utf8",
    "first_invalid_utf8",
    "position",
    "read_bounded",
    "read_npz",
]


def csv_lines(text: io.TextIOBase, where: str) -> Iterator[str]:
    """The lines of `text` for csv.reader, each at most MAX_CSV_LINE_LENGTH characters (a
    DatasetError naming `where` and the line otherwise: a file of one endless line must not
    be read into memory whole)."""
    number = 0
    while True:
        line = text.readline(MAX_CSV_LINE_LENGTH + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_CSV_LINE_LENGTH:
            raise DatasetError(
                f"{where}, line {number}: longer than the limit MAX_CSV_LINE_LENGTH = "
                f"{MAX_CSV_LINE_LENGTH:,} characters",
                path=where,
                line=number,
            )
        yield line
