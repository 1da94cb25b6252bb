"""The one exception type for files and for everything built from them.

Every loader (experiment JSON, weights .npz, data set CSV), every step that builds on what it
loaded (the data set, the network, the trainer's memory check) and every save raises FileError
or a subclass of it: core.experiment.ExperimentFileError for experiment files,
core.datasets.DatasetError for data sets. A caller that shows files to a user catches FileError
alone and prints str(error), which is one line naming the file, the field and, for text, the
line and column. FileError is a ValueError, so code that already catches ValueError around
these calls keeps working.
"""

from __future__ import annotations

import os
from pathlib import Path


class FileError(ValueError):
    """A file, or something built from it, cannot be read, used or written.

    str(error): the whole message on one line, e.g.
        "exp.json: field 'dataset.noise': '0.1' is not a number".
    path: the file at fault, or None when there is none (a recipe typed into the window).
    field: the JSON field ('spec.sizes', 'weights.A_0'), the CSV column, or None.
    line, column: 1-based position in a text file, or None.
    detail: the problem alone, without the file and field in front.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike | None = None,
        field: str | None = None,
        line: int | None = None,
        column: int | None = None,
        detail: str | None = None,
    ):
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.field = field
        self.line = line
        self.column = column
        self.detail = detail if detail is not None else message


class DatasetError(FileError):
    """A dataset request or file is invalid; the message names the field, or the file, line
    and column (or byte offset, for binary files). Also importable from core.datasets."""


__all__ = ["DatasetError", "FileError"]
