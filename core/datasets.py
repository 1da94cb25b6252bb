"""Datasets to train on: small ones generated in code from a seed, the handwritten digits
shipped with the app, or a user's file (a CSV of x/y columns, an image CSV, MNIST IDX files).

Batches are rows, as in core.network: X has shape (m, n_0) and the targets Y have shape
(m, n_K). Nothing is downloaded; a generated dataset is rebuilt exactly from its `config`
(name, n_samples, noise, seed and any options), so a saved session stores only that recipe.

Classification targets are chosen for the note's squared loss L = ||y - f_K||^2: two classes
use one column of +1/-1 (reachable by a tanh or identity output), more classes use one-hot
rows. Inputs of the 2-D sets lie roughly in [-1, 1] so that no scaling is needed. Image data
sets (digits, image CSV, IDX; core.image_files) have pixels in [0, 1] as inputs, one-hot
targets, and say their image shape.

Every data set can be split into training and test rows (`split_dataset`): seeded, by class
for classification, the test fraction at most MAX_TEST_FRACTION.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import os
import re
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from core.errors import DatasetError, FileError
from core.files import byte_position, csv_lines, first_invalid_utf8, read_bounded
from core.image_files import ImageTable, read_digits, read_idx, read_image_csv
from core.limits import (
    MAX_CSV_BYTES,
    MAX_DATA_VALUES,
    MAX_SAMPLES,
    MAX_WIDTH,
)

MIN_SAMPLES = 4
MAX_NOISE = 10.0
MAX_CENTERS = 8
TASKS = ("classification", "regression")
MAX_TEST_FRACTION = 0.5

# Data sets read from files, and the recipe fields that hold file paths (a relative path in an
# experiment file is relative to the experiment's folder).
FILE_FIELDS: dict[str, tuple[str, ...]] = {
    "csv": ("path",),
    "image_csv": ("path",),
    "idx": ("images", "labels"),
}
# Data sets shipped with the app (not generated, not a user's file).
BUILTIN = ("digits",)
# Recipe options of the image data sets read from files, with their defaults.
IMAGE_OPTIONS: dict[str, dict[str, object]] = {
    "image_csv": {"width": None, "label_column": None, "pixel_max": None, "classes": None},
    "idx": {"n_samples": None, "classes": None},
}

__all__ = [
    "BUILTIN",
    "DATASET_TITLES",
    "FILE_FIELDS",
    "GENERATORS",
    "MAX_TEST_FRACTION",
    "SOURCE_TITLES",
    "Dataset",
    "DatasetError",
    "Split",
    "check_test_fraction",
    "dataset_from_config",
    "dataset_shape",
    "default_test_fraction",
    "load_csv",
    "load_digits",
    "load_idx",
    "load_image_csv",
    "make_dataset",
    "split_dataset",
]


@dataclass(frozen=True, eq=False)  # eq=False: comparing arrays field by field is ambiguous
class Dataset:
    """Inputs X (m, n_0) and targets Y (m, n_K), both float64 and C-contiguous.

    name: the recipe's name: a generator ("xor", "moons", ...), "digits", or a file kind
        ("csv", "image_csv", "idx").
    task: "classification" (Y is one column of +1/-1, or one-hot rows) or "regression".
    config: JSON-able recipe that rebuilds the dataset with `dataset_from_config`.
    image_shape: (h, w) when every row of X is an image of h x w pixels stored row by row
        (X[j].reshape(image_shape) is sample j's image, pixels in [0, 1]); None for points.
    class_names: classification only, one name per class index of `labels()`: "-1", "+1"
        for a +-1 column, "0", "1", ... for one-hot rows (for digits, the digit itself).
        Filled in when not given; None for regression.
    """

    name: str
    X: np.ndarray
    Y: np.ndarray
    task: str
    config: dict
    image_shape: tuple[int, int] | None = None
    class_names: tuple[str, ...] | None = None

    def __post_init__(self):
        X = np.ascontiguousarray(self.X, dtype=np.float64)
        Y = np.ascontiguousarray(self.Y, dtype=np.float64)
        if X.ndim != 2 or Y.ndim != 2:
            raise DatasetError(f"X, Y: shapes {X.shape} and {Y.shape} are not both 2-D")
        if X.shape[0] != Y.shape[0]:
            raise DatasetError(f"X, Y: {X.shape[0]} inputs but {Y.shape[0]} targets")
        if self.task not in TASKS:
            raise DatasetError(f"task: {self.task!r} is not one of {', '.join(TASKS)}")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "Y", Y)
        if self.image_shape is not None:
            shape = tuple(int(n) for n in self.image_shape)
            if len(shape) != 2 or shape[0] * shape[1] != X.shape[1]:
                raise DatasetError(
                    f"image_shape: {self.image_shape} does not hold the {X.shape[1]} inputs"
                )
            object.__setattr__(self, "image_shape", shape)
        if self.task == "classification":
            names = self.class_names
            if names is None:
                names = ("-1", "+1") if Y.shape[1] == 1 else tuple(map(str, range(Y.shape[1])))
            names = tuple(str(n) for n in names)
            if len(names) != self.n_classes:
                raise DatasetError(f"class_names: {len(names)} names for {self.n_classes} classes")
            object.__setattr__(self, "class_names", names)
        elif self.class_names is not None:
            raise DatasetError("class_names: a regression data set has no classes")

    @property
    def n_classes(self) -> int:
        """Classes of a classification set: 2 for a +-1 column, else n_K; 0 for regression."""
        if self.task != "classification":
            return 0
        return 2 if self.Y.shape[1] == 1 else self.Y.shape[1]

    @property
    def is_image(self) -> bool:
        return self.image_shape is not None

    def image(self, index: int) -> np.ndarray:
        """Sample `index`'s input as an (h, w) image (a view of X); ValueError for points."""
        if self.image_shape is None:
            raise ValueError(f"image: dataset {self.name!r} holds points, not images")
        return self.X[index].reshape(self.image_shape)

    @property
    def n_inputs(self) -> int:
        return self.X.shape[1]

    @property
    def n_outputs(self) -> int:
        return self.Y.shape[1]

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    def labels(self) -> np.ndarray:
        """Class index of every sample, shape (m,) int64: 0/1 for a +-1 column (-1 -> 0,
        +1 -> 1), argmax for one-hot rows; names in class_names."""
        if self.task != "classification":
            raise ValueError(f"labels: dataset {self.name!r} is {self.task}, it has no classes")
        if self.n_outputs == 1:
            return (self.Y[:, 0] > 0).astype(np.int64)
        return np.argmax(self.Y, axis=1).astype(np.int64)


# -- generators ------------------------------------------------------------------------------
# Each takes (rng, m, noise, **options) and returns (X, Y). They always draw the jitter, even
# for noise = 0, so that for one seed the noisy set is exactly the clean set plus noise.


def _balanced(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    """(m,) class ids 0..k-1 whose counts differ by at most one, in shuffled order.

    Shuffled so that the first rows of a dataset (an unshuffled minibatch) hold every class.
    """
    return rng.permutation(np.arange(m) % k)


def _plus_minus(classes: np.ndarray) -> np.ndarray:
    """Class ids 0/1 (m,) -> one target column of -1/+1 (m, 1)."""
    return np.where(classes == 1, 1.0, -1.0)[:, None]


def _jitter(rng: np.random.Generator, X: np.ndarray, noise: float) -> np.ndarray:
    return X + noise * rng.standard_normal(X.shape)


def _xor(rng, m, noise):
    # Points fill the four quadrants, kept 0.1 away from the axes so that the clean set has a
    # margin; the label is sign(x1 x2) of the clean point, so jitter makes it noisy near axes.
    quadrant = _balanced(rng, m, 4)  # 0: (+,+), 1: (-,+), 2: (-,-), 3: (+,-): classes alternate
    signs = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float64)[quadrant]
    X = signs * rng.uniform(0.1, 1.0, size=(m, 2))
    return _jitter(rng, X, noise), _plus_minus((quadrant % 2 == 0).astype(int))


def _circles(rng, m, noise):
    classes = _balanced(rng, m, 2)  # 1: inner circle (+1), 0: outer circle (-1)
    radius = np.where(classes == 1, 0.5, 1.0)
    angle = rng.uniform(0.0, 2 * np.pi, size=m)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _jitter(rng, X, noise), _plus_minus(classes)


def _moons(rng, m, noise):
    classes = _balanced(rng, m, 2)  # 0: upper moon (-1), 1: lower moon (+1)
    t = rng.uniform(0.0, np.pi, size=m)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(classes[:, None] == 1, lower, upper)
    # The moons span x in [-1, 2], y in [-0.5, 1]; one scale keeps their shape while x -> [-1, 1].
    X = (X - [0.5, 0.25]) / 1.5
    return _jitter(rng, X, noise), _plus_minus(classes)


def _spirals(rng, m, noise):
    classes = _balanced(rng, m, 2)
    t = rng.uniform(0.0, 1.0, size=m)
    radius = 0.1 + 0.9 * t
    # 1.5 turns; the second spiral is the first turned by pi, so the arms are 0.3 apart.
    angle = 3 * np.pi * t + np.pi * classes
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _jitter(rng, X, noise), _plus_minus(classes)


def _blobs(rng, m, noise, centers=3):
    classes = _balanced(rng, m, centers)
    # Centres evenly spaced on a circle of radius 0.65, each blob a disc of radius 0.2: the
    # clean discs stay apart even for MAX_CENTERS, so noise alone decides the overlap.
    phase = np.pi / 2 + 2 * np.pi * np.arange(centers) / centers
    middle = 0.65 * np.column_stack([np.cos(phase), np.sin(phase)])
    r = 0.2 * np.sqrt(rng.uniform(0.0, 1.0, size=m))  # sqrt: uniform over the disc's area
    a = rng.uniform(0.0, 2 * np.pi, size=m)
    X = middle[classes] + r[:, None] * np.column_stack([np.cos(a), np.sin(a)])
    return _jitter(rng, X, noise), np.eye(centers)[classes]


def _curve(f: Callable[[np.ndarray], np.ndarray]):
    """A 1-D regression generator: x sorted ascending in [-1, 1] (m, 1), y = f(x) + noise."""

    def generate(rng, m, noise):
        x = np.sort(rng.uniform(-1.0, 1.0, size=m))
        y = f(x) + noise * rng.standard_normal(m)
        return x[:, None], y[:, None]

    return generate


GENERATORS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "xor": _xor,
    "circles": _circles,
    "moons": _moons,
    "spirals": _spirals,
    "blobs": _blobs,
    "sine": _curve(lambda x: np.sin(np.pi * x)),
    "abs": _curve(np.abs),
    "step": _curve(lambda x: np.where(x < 0, -1.0, 1.0)),
}

DATASET_TITLES: dict[str, str] = {
    "xor": "XOR (four quadrants)",
    "circles": "two circles",
    "moons": "two moons",
    "spirals": "two spirals",
    "blobs": "blobs (several classes)",
    "sine": "sine  y = sin(πx)",
    "abs": "absolute value  y = |x|",
    "step": "step  y = sign(x)",
}

# Titles of the data sets that are not generated: shipped, or read from a user's file.
SOURCE_TITLES: dict[str, str] = {
    "digits": "handwritten digits (8×8)",
    "csv": "CSV file",
    "image_csv": "images from a CSV file",
    "idx": "images from MNIST IDX files",
}

DATASET_TASKS: dict[str, str] = {
    name: "regression" if name in ("sine", "abs", "step") else "classification"
    for name in GENERATORS
}

# Options a generator accepts beyond n_samples/noise/seed, with their defaults; they are
# written into Dataset.config so that the recipe is complete.
DATASET_OPTIONS: dict[str, dict[str, object]] = {"blobs": {"centers": 3}}


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _error(field: str, detail: str) -> DatasetError:
    return DatasetError(f"{field}: {detail}", field=field, detail=detail)


def _check_int(field: str, value, low: int, high: int | None = None, limit: str = "") -> int:
    if not _is_int(value):
        raise _error(field, f"{value!r} is not an integer")
    if value < low:
        raise _error(field, f"{value} is less than {low}")
    if high is not None and value > high:
        raise _error(field, f"{value} is more than {limit or high}")
    return int(value)


def _check_noise(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _error("noise", f"{value!r} is not a number")
    if not math.isfinite(value):
        raise _error("noise", f"{value!r} is not a finite number")
    if not 0 <= value <= MAX_NOISE:
        raise _error("noise", f"{value} is outside [0, {MAX_NOISE:g}]")
    return float(value)


def _recipe(name, n_samples, noise, seed, options: Mapping) -> dict:
    """The complete, checked config of a generated dataset (see make_dataset)."""
    if not isinstance(name, str) or name not in GENERATORS:
        known = ", ".join((*GENERATORS, *BUILTIN, *FILE_FIELDS))
        raise _error("name", f"{name!r} is not a known dataset (known: {known})")
    n_samples = _check_int(
        "n_samples", n_samples, MIN_SAMPLES, MAX_SAMPLES, f"the limit MAX_SAMPLES = {MAX_SAMPLES}"
    )
    noise = _check_noise(noise)
    seed = _check_int("seed", seed, 0)  # default_rng rejects negative seeds
    accepted = DATASET_OPTIONS.get(name, {})
    for key in options:
        if key not in accepted:
            allowed = ", ".join(accepted) or "none"
            raise _error(key, f"not an option of dataset {name!r} (options: {allowed})")
    options = {**accepted, **options}
    if name == "blobs":
        options["centers"] = _check_int("centers", options["centers"], 2, MAX_CENTERS)
    return {"name": name, "n_samples": n_samples, "noise": noise, "seed": seed, **options}


def make_dataset(
    name: str, n_samples: int = 200, noise: float = 0.1, seed: int = 0, **options
) -> Dataset:
    """Generate dataset `name` with m = n_samples rows, deterministically from `seed`.

    noise: std of Gaussian jitter added to the inputs (2-D sets) or to y (1-D regression).
    options: generator-specific, e.g. centers=3 (2..MAX_CENTERS classes) for "blobs".
    Raises DatasetError naming the offending field and value.
    """
    config = _recipe(name, n_samples, noise, seed, options)
    options = {key: config[key] for key in DATASET_OPTIONS.get(name, {})}
    rng = np.random.default_rng(config["seed"])
    X, Y = GENERATORS[name](rng, config["n_samples"], config["noise"], **options)
    return Dataset(name, X, Y, DATASET_TASKS[name], config)


def _split(config: Mapping) -> tuple[object, dict]:
    if not isinstance(config, Mapping):
        raise _error("config", f"{config!r} is not a mapping")
    if "name" not in config:
        raise _error("name", "missing from the dataset config")
    rest = dict(config)
    return rest.pop("name"), rest


def _file_path(field: str, path) -> str | os.PathLike:
    if not isinstance(path, str | os.PathLike):
        raise _error(field, f"{path!r} is not a file path")
    if "\0" in str(os.fspath(path)) or not str(os.fspath(path)):
        raise _error(field, f"{os.fspath(path)!r} is not a file path")
    return path


def _file_recipe(name: str, rest: dict) -> dict:
    """The checked fields of a file-based recipe (paths and options, defaults filled in)."""
    options = IMAGE_OPTIONS.get(name, {})
    for key in rest:
        if key not in FILE_FIELDS[name] and key not in options:
            known = ", ".join((*FILE_FIELDS[name], *options))
            raise _error(key, f"not a field of a {name} dataset config (fields: {known})")
    checked = {key: _file_path(key, rest.get(key)) for key in FILE_FIELDS[name]}
    for key, default in options.items():
        value = rest.get(key, default)
        if value is not None:
            if key == "pixel_max":
                if isinstance(value, bool) or not isinstance(value, numbers.Real):
                    raise _error(key, f"{value!r} is not a number")
                if not math.isfinite(value) or value <= 0:
                    raise _error(key, f"{value!r} is not a positive number")
            else:
                value = _check_int(key, value, 1)
        checked[key] = value
    return checked


def _csv_path(rest: dict) -> str | os.PathLike:
    return _file_recipe("csv", rest)["path"]


def _builtin(name: str, rest: dict) -> None:
    if rest:
        raise _error(next(iter(rest)), f"not a field of the {name} dataset config (it has none)")


def dataset_shape(config: Mapping) -> tuple[int, int, int] | None:
    """(n_samples, n_inputs, n_outputs) that dataset_from_config(config) will give, with the
    config checked exactly as it checks it but nothing generated; None for a data set read
    from a file, whose shape is known only once it is read. Raises DatasetError naming the
    field."""
    name, rest = _split(config)
    if name in FILE_FIELDS:
        _file_recipe(name, rest)
        return None
    if name == "digits":
        _builtin(name, rest)
        return 1797, 64, 10
    recipe = _recipe(
        name, rest.pop("n_samples", 200), rest.pop("noise", 0.1), rest.pop("seed", 0), rest
    )
    n_inputs = 1 if DATASET_TASKS[name] == "regression" else 2
    n_outputs = recipe.get("centers", 1)
    return recipe["n_samples"], n_inputs, n_outputs


def _from_images(name: str, table: ImageTable, config: dict, class_names=None) -> Dataset:
    Y = np.zeros((table.labels.size, table.n_classes))
    Y[np.arange(table.labels.size), table.labels] = 1.0
    return Dataset(name, table.pixels, Y, "classification", config, table.image_shape, class_names)


def load_digits() -> Dataset:
    """The handwritten digits shipped with the app (core.image_files.read_digits): 1,797
    images of 8 x 8 pixels in [0, 1], X (1797, 64), one-hot Y (1797, 10), classes "0".."9"."""
    return _from_images("digits", read_digits(), {"name": "digits"})


def load_image_csv(path, **options) -> Dataset:
    """Images from a CSV file (core.image_files.read_image_csv; options width, label_column,
    pixel_max, classes): X (m, h*w) in [0, 1], one-hot Y (m, classes)."""
    recipe = _file_recipe("image_csv", {"path": path, **options})
    table = read_image_csv(**recipe)
    return _from_images("image_csv", table, {"name": "image_csv", **_plain(recipe)})


def load_idx(images, labels, **options) -> Dataset:
    """Images from MNIST IDX files, optionally gzipped (core.image_files.read_idx; options
    n_samples, classes): X (m, rows*cols) in [0, 1], one-hot Y (m, classes)."""
    recipe = _file_recipe("idx", {"images": images, "labels": labels, **options})
    table = read_idx(**recipe)
    return _from_images("idx", table, {"name": "idx", **_plain(recipe)})


def _plain(recipe: dict) -> dict:
    """The recipe as JSON can hold it: paths as strings."""
    return {k: os.fspath(v) if isinstance(v, os.PathLike) else v for k, v in recipe.items()}


def dataset_from_config(config: Mapping) -> Dataset:
    """Rebuild a Dataset from its `config`: a generator recipe, {"name": "digits"},
    {"name": "csv", "path": ...}, {"name": "image_csv", "path": ..., options} or
    {"name": "idx", "images": ..., "labels": ..., options}."""
    name, rest = _split(config)
    if name == "csv":
        return load_csv(_csv_path(rest))
    if name == "image_csv":
        return load_image_csv(**rest)
    if name == "idx":
        return load_idx(**rest)
    if name == "digits":
        _builtin(name, rest)
        return load_digits()
    return make_dataset(name, **rest)


def default_test_fraction(name: str) -> float:
    """The test fraction suggested for new experiments on data set `name`: 0.2 (a fifth of
    the rows held out). Experiment files without a test_fraction, and the 2-D presets, use
    0 (train on every row, as the note does)."""
    return 0.2


@dataclass(frozen=True, eq=False)
class Split:
    """Which rows of a data set train and which test.

    train, test: sorted row indices into the data set, int64 arrays (m_train,) and (m_test,);
    together every row once. test is empty for test_fraction 0.
    test_fraction, seed: what made it (split_dataset).
    """

    train: np.ndarray
    test: np.ndarray
    test_fraction: float
    seed: int

    @property
    def n_train(self) -> int:
        return int(self.train.size)

    @property
    def n_test(self) -> int:
        return int(self.test.size)


def check_test_fraction(value) -> float:
    """`value` as a test fraction in [0, MAX_TEST_FRACTION]; DatasetError naming
    'test_fraction' otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _error("test_fraction", f"{value!r} is not a number")
    if not math.isfinite(value) or not 0 <= value <= MAX_TEST_FRACTION:
        raise _error("test_fraction", f"{value!r} is outside [0, {MAX_TEST_FRACTION}]")
    return float(value)


def split_dataset(dataset: Dataset, test_fraction: float, seed: int = 0) -> Split:
    """Hold out about test_fraction of the rows for testing, deterministically from `seed`.

    Classification: each class separately (stratified), round(test_fraction * count) of its
    rows, but never all of them, so every class keeps a training row. Regression: that many
    of all rows. At least one row always trains. DatasetError for a fraction outside
    [0, MAX_TEST_FRACTION] or a negative seed.
    """
    test_fraction = check_test_fraction(test_fraction)
    seed = _check_int("split_seed", seed, 0)
    m = dataset.n_samples
    rng = np.random.default_rng(seed)
    if dataset.task == "classification":
        labels = dataset.labels()
        groups = [np.flatnonzero(labels == c) for c in range(dataset.n_classes)]
    else:
        groups = [np.arange(m)]
    test_parts = []
    for rows in groups:
        if rows.size < 2:
            continue
        n_test = min(math.floor(test_fraction * rows.size + 0.5), rows.size - 1)
        test_parts.append(rng.permutation(rows)[:n_test])
    test = np.sort(np.concatenate(test_parts)) if test_parts else np.empty(0, dtype=np.int64)
    is_test = np.zeros(m, dtype=bool)
    is_test[test] = True
    train = np.flatnonzero(~is_test)
    return Split(train.astype(np.int64), test.astype(np.int64), test_fraction, seed)


# -- CSV -------------------------------------------------------------------------------------

_COLUMN = re.compile(r"([xy])([1-9][0-9]*)")


def _read_header(where: str, line: int, row: list[str]) -> tuple[list[str], list[int], list[int]]:
    """Header cells -> (column names, positions of x1..xn, positions of y1..yk)."""
    names = [cell.strip().lower() for cell in row]
    found: dict[str, int] = {}
    for j, name in enumerate(names):
        if _COLUMN.fullmatch(name) is None:
            hint = "; the separator must be a comma" if (";" in name or "\t" in name) else ""
            raise DatasetError(
                f"{where}, line {line}, column {j + 1}: unknown column name {row[j].strip()!r} "
                f"(expected x1, x2, ... for inputs and y1, y2, ... for targets{hint})"
            )
        if name in found:
            raise DatasetError(
                f"{where}, line {line}, column {j + 1}: duplicate column name {name!r} "
                f"(also column {found[name] + 1})"
            )
        found[name] = j
    positions = {}
    for kind in "xy":
        count = sum(name[0] == kind for name in names)
        if count == 0:
            raise DatasetError(f"{where}, line {line}: missing column {kind}1 (no {kind} column)")
        if count > MAX_WIDTH:
            raise DatasetError(
                f"{where}, line {line}: {count} {kind} columns, more than the limit "
                f"MAX_WIDTH = {MAX_WIDTH} (the widest layer a network may have)"
            )
        for i in range(1, count + 1):
            if f"{kind}{i}" not in found:
                raise DatasetError(f"{where}, line {line}: missing column {kind}{i}")
        positions[kind] = [found[f"{kind}{i}"] for i in range(1, count + 1)]
    return names, positions["x"], positions["y"]


def _is_classification(Y: np.ndarray) -> bool:
    """+-1 in one column, or one-hot rows (0/1 with a single 1, or +-1 with a single +1)."""
    if Y.shape[1] == 1:
        return bool(np.isin(Y, (-1.0, 1.0)).all())
    ones_per_row = (Y == 1.0).sum(axis=1)
    zero_one = np.isin(Y, (0.0, 1.0)).all()
    plus_minus = np.isin(Y, (-1.0, 1.0)).all()
    return bool((zero_one or plus_minus) and (ones_per_row == 1).all())


def load_csv(path: str | os.PathLike) -> Dataset:
    """Load a comma-separated file whose header names columns x1, x2, ... and y1, y2, ....

    Columns may come in any order; names are case-insensitive and whitespace is trimmed. Blank
    lines are skipped. The task is "classification" if the targets are +-1 in one column or
    one-hot rows (see `_is_classification`), otherwise "regression". Raises DatasetError naming
    the file and, where it applies, the line and column.

    Bounded: at most MAX_CSV_BYTES are read (and only from a regular file), no line longer
    than MAX_CSV_LINE_LENGTH is split, at most MAX_WIDTH x and y columns, MAX_SAMPLES rows and
    MAX_DATA_VALUES values; the values go straight into a float64 buffer, one row at a time.
    """
    where = str(path)
    try:
        data = read_bounded(path, MAX_CSV_BYTES, "MAX_CSV_BYTES")
    except FileError as error:
        raise DatasetError(str(error), path=where) from None
    # utf-8-sig drops the byte-order mark that spreadsheet programs put before the header.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(csv_lines(text, where))
    names: list[str] | None = None
    values = array("d")
    lines: list[int] = []
    try:
        for row in reader:
            # Blank lines, and rows of empty cells such as spreadsheets export, are skipped.
            if not row or (not row[0].strip() and not any(cell.strip() for cell in row)):
                continue
            if names is None:
                header_line = reader.line_num
                names, x_cols, y_cols = _read_header(where, header_line, row)
                continue
            if len(row) != len(names):
                raise DatasetError(
                    f"{where}, line {reader.line_num}: {len(row)} values, expected "
                    f"{len(names)} (one per header column)",
                    path=where,
                    line=reader.line_num,
                )
            if len(lines) == MAX_SAMPLES:
                raise DatasetError(
                    f"{where}, line {reader.line_num}: more than the limit MAX_SAMPLES = "
                    f"{MAX_SAMPLES:,} data rows",
                    path=where,
                    line=reader.line_num,
                )
            if len(values) + len(row) > MAX_DATA_VALUES:
                raise DatasetError(
                    f"{where}, line {reader.line_num}: more than the limit MAX_DATA_VALUES = "
                    f"{MAX_DATA_VALUES:,} values ({len(names)} per row)",
                    path=where,
                    line=reader.line_num,
                )
            try:
                values.extend([float(cell) for cell in row])
            except ValueError:
                _raise_bad_cell(where, reader.line_num, names, row)
            lines.append(reader.line_num)
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

    if names is None:
        raise DatasetError(
            f"{where}: the file is empty (expected a header such as x1,x2,y1)", path=where
        )
    if not lines:
        raise DatasetError(
            f"{where}: the header on line {header_line} has no data rows after it", path=where
        )
    table = np.frombuffer(values, dtype=np.float64).reshape(len(lines), len(names))
    bad = ~np.isfinite(table)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise DatasetError(
            f"{where}, line {lines[i]}, column {j + 1} ({names[j]}): {table[i, j]} is not finite",
            path=where,
            field=names[j],
            line=lines[i],
            column=j + 1,
        )
    X, Y = table[:, x_cols], table[:, y_cols]
    task = "classification" if _is_classification(Y) else "regression"
    return Dataset("csv", X, Y, task, {"name": "csv", "path": where})


def _raise_bad_cell(where: str, line: int, names: list[str], row: list[str]):
    for j, cell in enumerate(row):
        try:
            float(cell)
        except ValueError:
            raise DatasetError(
                f"{where}, line {line}, column {j + 1} ({names[j]}): {cell!r} is not a number",
                path=where,
                field=names[j],
                line=line,
                column=j + 1,
            ) from None
