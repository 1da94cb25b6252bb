"""Experiments as files: a network, a dataset recipe and an optimiser, saved as versioned JSON.

An experiment file is plain JSON that a lecturer can read and edit by hand:

    {"format": "backprop-explorer-experiment", "version": 1,
     "title": "...", "description": "...",
     "spec": {"sizes": [2, 8, 8, 1], "activations": ["tanh", "tanh", "tanh"],
              "loss": "squared"},
     "dataset": {"name": "moons", "n_samples": 200, "noise": 0.1, "seed": 0},
     "optimizer": {...OptimizerConfig.to_dict()...},
     "batch_size": null, "seed": 0,
     "test_fraction": 0.2, "split_seed": 0,
     "weights": null | {"file": "moons.npz", "sha256": "<hash of the .npz bytes>"}}

spec.loss is "squared" (the note's ||y - f_K||^2) or "softmax_cross_entropy"; a file without
it is "squared". test_fraction (0 .. 0.5) and split_seed choose the held-out test rows
(core.datasets.split_dataset); a file without them trains on every row (test_fraction 0), as
files written before the split existed did.

Trained weights go in an .npz beside the JSON, named after its stem (arrays A_0..A_{K-1},
b_0..b_{K-1}, no pickles); the hash ties the two together, so a stale or swapped .npz is
reported instead of loaded. Fields with a default (title, description, batch_size, seed,
weights, spec.loss, test_fraction, split_seed, optimiser settings other than its name) may be
left out of hand-written files; unknown
fields are rejected so that a typo is not silently ignored.

Every problem raises ExperimentFileError (a core.errors.FileError) naming the file, the JSON
field and, for the JSON text itself, the line and column: when the file is read, when what it
describes is built (`open_experiment` does both, so a file that opens can be shown), and when
one is saved. Everything a file asks for is held to core.limits before it is allocated.

Saving replaces the pair so that it is never mixed across versions, whenever the process stops
(even by SIGKILL) or a rename fails: both new files are written to temporary files first; the
old weights get a second, hidden name made from their hash (a hard link, `.moons.npz.<16 hex
digits>.previous`); the new weights replace the old under the usual name; then one rename
replaces the JSON, the commit. Between the two renames the old JSON's hash no longer matches
moons.npz, and loading takes the weights from the hidden file its hash names instead, so the
old experiment still loads whole. After the commit the hidden file is removed, and so are
temporary files left by a save that was killed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import math
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.datasets import (
    FILE_FIELDS,
    DatasetError,
    Split,
    check_test_fraction,
    dataset_from_config,
    dataset_shape,
    split_dataset,
)
from core.errors import FileError
from core.files import ArrayError, decode_utf8, position, read_bounded, read_npz
from core.install import resource_files, resource_path
from core.limits import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    MAX_JSON_INTEGER_DIGITS,
    MAX_NPZ_BYTES,
    check_training_memory,
    npz_size_limit,
)
from core.losses import get_loss, targets_problem
from core.network import Network, NetworkSpec
from core.optim import OPTIMIZERS, OptimizerConfig

if TYPE_CHECKING:
    from core.datasets import Dataset

FORMAT_NAME = "backprop-explorer-experiment"
FORMAT_VERSION = 1

# Top-level fields: those without a default must be present in every file.
_REQUIRED = ("format", "version", "spec", "dataset", "optimizer")
_DEFAULTS = {
    "title": "",
    "description": "",
    "batch_size": None,
    "seed": 0,
    "test_fraction": 0.0,
    "split_seed": 0,
    "weights": None,
}
_OPTIMIZER_FIELDS = tuple(f.name for f in dataclasses.fields(OptimizerConfig))

Weights = tuple[list[np.ndarray], list[np.ndarray]]


class ExperimentFileError(FileError):
    """An experiment file cannot be read, built or written.

    path: the experiment (.json) file, or None for an experiment that is not (yet) a file,
    such as one built from settings typed into the window.
    field: the JSON field at fault, such as 'spec.sizes' or 'weights.A_0', or None when the
    file as a whole is unreadable. line, column: where in the JSON text, when that is known.
    str(error): "exp.json: field 'spec.sizes': detail" (without a path: "spec.sizes: detail").
    """

    def __init__(
        self,
        path: str | os.PathLike | None,
        field: str | None,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ):
        if path is None:
            text = f"{field}: {message}" if field else message
        else:
            name = Path(path).name or str(path)
            text = f"{name}: field '{field}': {message}" if field else f"{name}: {message}"
        super().__init__(text, path=path, field=field, line=line, column=column, detail=message)

    def located(self, path: str | os.PathLike) -> ExperimentFileError:
        """The same error, naming the file `path` it concerns."""
        return ExperimentFileError(
            path, self.field, self.detail, line=self.line, column=self.column
        )


def _nested(prefix: str, error: ValueError) -> ExperimentFileError:
    """A validator's error (DatasetError, NetworkSpec's ValueError, a limit's FileError) as an
    ExperimentFileError for the field under `prefix` ('dataset', 'spec', 'optimizer')."""
    if isinstance(error, FileError) and error.path is not None:
        # A file of its own (the data set's CSV): its message names it, its line and column.
        return ExperimentFileError(None, f"{prefix}.path", str(error))
    name = getattr(error, "field", None)
    detail = getattr(error, "detail", None)
    if name is None or detail is None:
        head, sep, rest = str(error).partition(": ")
        if sep and re.fullmatch(r"\w+(\[\d+\])?", head):
            name, detail = head, rest
        else:
            name, detail = None, str(error)
    if name in (None, "config") or name == prefix or name.startswith(prefix + "."):
        return ExperimentFileError(None, name if name and name != "config" else prefix, detail)
    return ExperimentFileError(None, _join(prefix, name), detail)


@dataclass(eq=False)  # __eq__ below: == on lists of arrays would be ambiguous
class Experiment:
    """Everything needed to rebuild a training session.

    dataset: a dataset recipe for core.datasets.dataset_from_config.
    batch_size: None for full-batch gradient descent. seed: the network initialisation seed.
    test_fraction, split_seed: the held-out test rows (core.datasets.split_dataset); 0 trains
        on every row. The loss is the spec's (spec.loss).
    weights: (A list, b list) of trained parameters, or None to start from Network.init.
    base_dir: the loaded file's directory, against which a relative CSV path is resolved;
    not part of the experiment's identity (ignored by ==).
    """

    spec: NetworkSpec
    dataset: dict
    optimizer: OptimizerConfig
    batch_size: int | None = None
    seed: int = 0
    weights: Weights | None = None
    title: str = ""
    description: str = ""
    base_dir: Path | None = field(default=None, repr=False)
    test_fraction: float = 0.0
    split_seed: int = 0

    def __eq__(self, other) -> bool:
        """Same settings, and weights equal element for element with the same dtypes."""
        if not isinstance(other, Experiment):
            return NotImplemented
        plain = (
            "spec",
            "dataset",
            "optimizer",
            "batch_size",
            "seed",
            "title",
            "description",
            "test_fraction",
            "split_seed",
        )
        if any(getattr(self, name) != getattr(other, name) for name in plain):
            return False
        if self.weights is None or other.weights is None:
            return self.weights is other.weights
        mine = [*self.weights[0], *self.weights[1]]
        theirs = [*other.weights[0], *other.weights[1]]
        return len(mine) == len(theirs) and all(
            np.asarray(x).dtype == np.asarray(y).dtype and np.array_equal(x, y)
            for x, y in zip(mine, theirs, strict=False)
        )

    def build_network(self) -> Network:
        """The saved weights if there are any, otherwise a fresh seeded initialisation.
        ExperimentFileError (field 'weights') if the weights do not fit the spec."""
        if self.weights is None:
            return Network.init(self.spec, self.seed)
        A, b = self.weights
        try:
            # Copies: training updates a Network in place and must not change the experiment.
            return Network(
                self.spec,
                [np.array(a, dtype=np.float64) for a in A],
                [np.array(v, dtype=np.float64) for v in b],
            )
        except (ValueError, TypeError) as error:
            raise ExperimentFileError(None, "weights", str(error)) from None

    def build_dataset(self) -> Dataset:
        """Generate (or read) the dataset. ExperimentFileError naming the 'dataset' field, and
        for a CSV file that file with the line and column at fault."""
        if not isinstance(self.dataset, dict):
            raise ExperimentFileError(None, "dataset", f"{self.dataset!r} is not an object")
        config = dict(self.dataset)  # the recipe is flat: a shallow copy is a whole one
        fields = FILE_FIELDS.get(config.get("name"), ())
        for key in fields:
            path = config.get(key)
            if isinstance(path, str) and self.base_dir is not None:
                # A hand-written file refers to data beside it; the current directory is
                # arbitrary.
                config[key] = str(self.base_dir / path)
        try:
            return dataset_from_config(config)
        except DatasetError as error:
            if error.path is not None:
                # A file of its own: which field of the recipe named it.
                named = [k for k in fields if config.get(k) is not None]
                key = next((k for k in named if Path(config[k]) == error.path), "path")
                raise ExperimentFileError(None, f"dataset.{key}", str(error)) from None
            raise _nested("dataset", error) from None

    def split(self, dataset: Dataset) -> Split:
        """The training and test rows of `dataset` this experiment asks for."""
        try:
            return split_dataset(dataset, self.test_fraction, self.split_seed)
        except DatasetError as error:
            raise ExperimentFileError(None, error.field or "test_fraction", error.detail) from None

    def with_network(self, network: Network) -> Experiment:
        """A copy of this experiment holding `network`'s spec and (copied) weights."""
        A, b = network.snapshot()
        return dataclasses.replace(self, spec=network.spec, weights=(list(A), list(b)))


def _compatible(sizes: tuple[int, ...], name: str, n_inputs: int, n_outputs: int) -> None:
    if (sizes[0], sizes[-1]) != (n_inputs, n_outputs):
        raise ExperimentFileError(
            None,
            "spec.sizes",
            f"the network takes {sizes[0]} inputs and gives {sizes[-1]} outputs, "
            f"but dataset {name!r} has {n_inputs} inputs and {n_outputs} outputs",
        )


def _memory(experiment: Experiment, n_samples: int) -> None:
    try:
        check_training_memory(
            experiment.spec.sizes, n_samples, experiment.batch_size, experiment.optimizer.name
        )
    except FileError as error:
        raise ExperimentFileError(None, "spec.sizes", error.detail) from None


def check_compatible(experiment: Experiment, dataset: Dataset) -> None:
    """Check that the network can be trained on `dataset`: its ends fit the data, and training
    fits in core.limits.MAX_TRAINING_BYTES. ExperimentFileError naming 'spec.sizes' otherwise.
    (A ValueError, as before: callers that catch ValueError keep working.)"""
    _compatible(experiment.spec.sizes, dataset.name, dataset.n_inputs, dataset.n_outputs)
    problem = targets_problem(get_loss(experiment.spec.loss), dataset.Y)
    if problem is not None:
        raise ExperimentFileError(None, "spec.loss", f"{problem} (dataset {dataset.name!r})")
    _memory(experiment, dataset.n_samples)


@dataclass(frozen=True, eq=False)
class OpenedExperiment:
    """An experiment file with everything a session builds from it, built once: the data set
    (generated or read), and the network with the saved weights or a fresh initialisation.
    The trainer's needs (shapes, memory) were checked against the same data."""

    experiment: Experiment
    dataset: Dataset
    network: Network


def open_experiment(path: str | os.PathLike) -> OpenedExperiment:
    """Load `path` and build what it describes; ExperimentFileError (only) if anything fails.

    This is what the command line and File -> Open use, so that a file that opens can also be
    shown: every problem, including one in a CSV file the experiment refers to, is reported
    before any window is built, naming the experiment file and the field.
    """
    path = Path(path)
    experiment = load_experiment(path)
    return _build(experiment, path)


def _build(experiment: Experiment, path: Path) -> OpenedExperiment:
    try:
        dataset = experiment.build_dataset()
        check_compatible(experiment, dataset)
        network = experiment.build_network()
    except ExperimentFileError as error:
        raise error.located(path) from None
    return OpenedExperiment(experiment, dataset, network)


# -- presets ---------------------------------------------------------------------------------


def preset_names() -> list[str]:
    """The presets shipped with the app (resources/presets), by file stem, sorted.
    core.install.InstallationError if they are missing: never an empty list."""
    return list(resource_files("presets", ".json"))


def load_preset(name: str) -> Experiment:
    """Load preset `name` (a file stem from preset_names); ValueError listing them otherwise."""
    names = preset_names()
    # Checking membership also keeps a name such as '../x' from reaching the file system.
    if name not in names:
        raise ExperimentFileError(
            None, "preset", f"unknown name {name!r} (known: {', '.join(names)})"
        )
    with resource_path("presets", f"{name}.json") as path:
        return load_experiment(path)


def open_preset(name: str) -> OpenedExperiment:
    """Preset `name`, loaded and built like open_experiment."""
    experiment = load_preset(name)
    return _build(experiment, Path(f"{name}.json"))


# -- loading ---------------------------------------------------------------------------------


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read an experiment file (and its weights file, if it names one).

    Everything that can be checked without generating or reading the data set is checked
    here: the JSON, every field, the limits on the network and, for a generated data set, that
    the network fits it and that training fits in memory. Raises ExperimentFileError only.
    """
    path = Path(path)
    document = _read_json(path)
    reader = _Reader(path)
    experiment = reader.experiment(document)
    if document.get("weights") is not None:
        experiment.weights = reader.weights(document["weights"], experiment.spec)
    return experiment


def _read_json(path: Path) -> dict:
    try:
        data = read_bounded(path, MAX_JSON_BYTES, "MAX_JSON_BYTES")
        text = decode_utf8(data)
    except FileError as error:
        raise ExperimentFileError(
            path, None, error.detail, line=error.line, column=error.column
        ) from None
    document = _parse_json(text, path)
    if not isinstance(document, dict):
        raise ExperimentFileError(
            path, None, f"expected a JSON object at the top, got {_json_type(document)}"
        )
    return document


# JSON strings and the tokens this module looks for, in text that json has parsed. The string
# pattern is possessive, so an unterminated string costs linear time.
_STRING = r'"(?:[^"\\]++|\\.)*+"'
_BRACKETS = re.compile(_STRING + r"|([\[{])|[\]}]", re.DOTALL)
_TOKENS = re.compile(
    _STRING + r"|(-?Infinity|NaN|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)", re.DOTALL
)
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Unfit:
    """A JSON value the format refuses (a NaN or Infinity literal, a number out of float64's
    range, an over-long integer), parsed into this marker so that the walk over the document
    can name its field. token: its text; occurrence: how many of the same text came before."""

    __slots__ = ("occurrence", "problem", "token")

    def __init__(self, token: str, occurrence: int, problem: str):
        self.token, self.occurrence, self.problem = token, occurrence, problem


def _parse_json(text: str, path: Path):
    seen: Counter[str] = Counter()
    duplicates: dict[int, str] = {}  # id of an object -> a key it holds twice

    def unfit(token: str, problem: str) -> _Unfit:
        seen[token] += 1
        return _Unfit(token, seen[token] - 1, problem)

    def constant(token: str):
        return unfit(token, "is not valid JSON (numbers must be finite)")

    def floating(token: str):
        value = float(token)
        return value if math.isfinite(value) else unfit(token, "is out of range of a float64")

    def integer(token: str):
        digits = len(token) - token.startswith("-")
        if digits <= MAX_JSON_INTEGER_DIGITS:
            return int(token)
        return unfit(
            token,
            f"has {digits:,} digits, more than the limit MAX_JSON_INTEGER_DIGITS = "
            f"{MAX_JSON_INTEGER_DIGITS}",
        )

    def pairs(items: list[tuple[str, object]]) -> dict:
        result = dict(items)
        if len(result) != len(items):
            keys: set[str] = set()
            duplicates[id(result)] = next(k for k, _ in items if k in keys or keys.add(k))
        return result

    try:
        document = json.loads(
            text,
            parse_constant=constant,
            parse_float=floating,
            parse_int=integer,
            object_pairs_hook=pairs,
        )
    except json.JSONDecodeError as error:
        raise ExperimentFileError(
            path,
            None,
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            line=error.lineno,
            column=error.colno,
        ) from None
    except RecursionError:
        raise _too_deep(text, path, None) from None
    problem = _inspect(document, duplicates)
    if problem is None:
        return document
    name, value, depth = problem
    if depth:
        raise _too_deep(text, path, name)
    if isinstance(value, _Unfit):
        line, column = _token_position(text, value.token, value.occurrence)
        shown = value.token if len(value.token) <= 30 else "a number"
        raise ExperimentFileError(
            path,
            name,
            f"{shown} at line {line}, column {column} {value.problem}",
            line=line,
            column=column,
        )
    raise ExperimentFileError(path, name, value)


def _too_deep(text: str, path: Path, name: str | None) -> ExperimentFileError:
    line, column = _depth_position(text)
    return ExperimentFileError(
        path,
        name,
        f"nested more than the limit MAX_JSON_DEPTH = {MAX_JSON_DEPTH} arrays and objects "
        f"deep at line {line}, column {column}",
        line=line,
        column=column,
    )


def _depth_position(text: str) -> tuple[int, int]:
    """Where the first array or object opens deeper than MAX_JSON_DEPTH."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group(0)[0] == '"':
            continue
        if match.group(1):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return position(text, match.start())
        else:
            depth -= 1
    return position(text, len(text))


def _token_position(text: str, token: str, occurrence: int) -> tuple[int, int]:
    """Where the given occurrence of a number or literal `token` stands (outside strings)."""
    for match in _TOKENS.finditer(text):
        if match.group(1) == token:
            if occurrence == 0:
                return position(text, match.start())
            occurrence -= 1
    return position(text, 0)


def _join(prefix: str, key) -> str:
    """The field path of `key` under `prefix`; a key that is not a plain name is quoted (as
    JSON writes it), so that a path stays one unambiguous line."""
    key = key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else json.dumps(str(key))
    return f"{prefix}.{key}" if prefix else key


_PLAIN_KEY = re.compile(r"[\w\-]+(\[\d+\])?")


def _inspect(document, duplicates: dict[int, str]):
    """The first problem in document order as (field, problem, too_deep): a marker, text
    that is not Unicode (a lone surrogate, which no file can encode), a repeated key, or
    nesting deeper than MAX_JSON_DEPTH. None if there is none. Iterative, so that it cannot
    itself exhaust the recursion limit."""
    stack: list[tuple[object, str, int]] = [(document, "", 1)]
    while stack:
        value, name, depth = stack.pop()
        if isinstance(value, _Unfit):
            return name or None, value, False
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return name or None, _surrogate(value), False
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                return name or None, None, True
            if isinstance(value, list):
                items = [(item, f"{name}[{i}]") for i, item in enumerate(value)]
            else:
                if id(value) in duplicates:
                    key = duplicates[id(value)]
                    return _join(name, key), f"appears twice in one object ({key!r})", False
                for key in value:
                    if _SURROGATE.search(key):
                        return name or None, f"the key {_surrogate(key)}", False
                items = [(item, _join(name, key)) for key, item in value.items()]
            stack.extend((item, child, depth + 1) for item, child in reversed(items))
    return None


def _surrogate(text: str) -> str:
    char = _SURROGATE.search(text).group(0)
    return f"contains \\u{ord(char):04x}, half of a UTF-16 pair, which is not text"


def _json_type(value) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    names = {dict: "an object", list: "an array", str: "a string", int: "an integer"}
    return names.get(type(value), "a number")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad_name(name: str) -> bool:
    """Not a plain file name beside the experiment (a path, '..', a NUL, a control char)."""
    return (
        name in ("", ".", "..")
        or Path(name).name != name
        or "\\" in name
        or any(ord(c) < 32 for c in name)
    )


class _Reader:
    """Turns a parsed document into an Experiment, raising errors that name file and field."""

    def __init__(self, path: Path):
        self.path = path

    def error(self, field: str | None, message: str) -> ExperimentFileError:
        return ExperimentFileError(self.path, field, message)

    def expect(self, value, ok: bool, field: str, wanted: str):
        if not ok:
            raise self.error(field, f"expected {wanted}, got {_json_type(value)}")
        return value

    def check_keys(self, obj: dict, prefix: str, required, optional=()) -> None:
        for key in required:
            if key not in obj:
                raise self.error(_join(prefix, key), "missing")
        for key in obj:
            if key not in required and key not in optional:
                known = ", ".join(dict.fromkeys((*required, *optional)))
                raise self.error(_join(prefix, key), f"unknown field (known: {known})")

    def nested(self, prefix: str, error: ValueError) -> ExperimentFileError:
        return _nested(prefix, error).located(self.path)

    # The format and version come first: a newer file must say so rather than fail on a field
    # that this version does not know.
    def header(self, doc: dict) -> None:
        if "format" not in doc:
            raise self.error("format", "missing (is this a Backprop Explorer experiment?)")
        if doc["format"] != FORMAT_NAME:
            shown = repr(doc["format"]) if isinstance(doc["format"], str) else "that"
            raise self.error("format", f"{shown} is not {FORMAT_NAME!r}"[:300])
        if "version" not in doc:
            raise self.error("version", "missing")
        version = self.expect(doc["version"], _is_int(doc["version"]), "version", "an integer")
        if version > FORMAT_VERSION:
            raise self.error(
                "version",
                f"{version} was written by a newer Backprop Explorer "
                f"(this one reads version {FORMAT_VERSION}); please update",
            )
        if version < 1:
            raise self.error("version", f"{version} is not a known version")

    def experiment(self, doc: dict) -> Experiment:
        self.header(doc)
        self.check_keys(doc, "", _REQUIRED, tuple(_DEFAULTS))
        values = {**_DEFAULTS, **doc}
        for key in ("title", "description"):
            self.expect(values[key], isinstance(values[key], str), key, "a string")
        batch_size = values["batch_size"]
        if batch_size is not None:
            self.expect(batch_size, _is_int(batch_size), "batch_size", "an integer or null")
            if batch_size < 1:
                raise self.error("batch_size", f"{batch_size} is less than 1")
        seed = self.expect(values["seed"], _is_int(values["seed"]), "seed", "an integer")
        if seed < 0:
            raise self.error("seed", f"{seed} is negative")
        split_seed = values["split_seed"]
        self.expect(split_seed, _is_int(split_seed), "split_seed", "an integer")
        if split_seed < 0:
            raise self.error("split_seed", f"{split_seed} is negative")
        fraction = values["test_fraction"]
        self.expect(
            fraction,
            isinstance(fraction, int | float) and not isinstance(fraction, bool),
            "test_fraction",
            "a number",
        )
        try:
            fraction = check_test_fraction(fraction)
        except DatasetError as error:
            raise self.error("test_fraction", error.detail) from None
        weights = values["weights"]
        self.expect(weights, weights is None or isinstance(weights, dict), "weights", "an object")
        experiment = Experiment(
            spec=self.spec(doc["spec"]),
            dataset=self.dataset(doc["dataset"]),
            optimizer=self.optimizer(doc["optimizer"]),
            batch_size=batch_size,
            seed=seed,
            title=values["title"],
            description=values["description"],
            base_dir=self.path.parent,
            test_fraction=fraction,
            split_seed=split_seed,
        )
        self.buildable(experiment)
        return experiment

    def buildable(self, experiment: Experiment) -> None:
        """What can be checked before the data exist: for a generated data set, that the
        network fits it and training fits in memory (a CSV file is checked when it is read)."""
        shape = dataset_shape(experiment.dataset)
        if shape is None:
            return
        n_samples, n_inputs, n_outputs = shape
        try:
            _compatible(experiment.spec.sizes, experiment.dataset["name"], n_inputs, n_outputs)
            _memory(experiment, n_samples)
        except ExperimentFileError as error:
            raise error.located(self.path) from None

    def spec(self, obj) -> NetworkSpec:
        self.expect(obj, isinstance(obj, dict), "spec", "an object")
        self.check_keys(obj, "spec", ("sizes", "activations"), ("loss",))
        sizes, acts = obj["sizes"], obj["activations"]
        loss = obj.get("loss", "squared")
        self.expect(loss, isinstance(loss, str), "spec.loss", "a string")
        self.expect(sizes, isinstance(sizes, list), "spec.sizes", "an array of integers")
        for i, n in enumerate(sizes):
            self.expect(n, _is_int(n), f"spec.sizes[{i}]", "an integer")
        self.expect(acts, isinstance(acts, list), "spec.activations", "an array of names")
        for i, name in enumerate(acts):
            self.expect(name, isinstance(name, str), f"spec.activations[{i}]", "a string")
        try:
            return NetworkSpec(tuple(sizes), tuple(acts), loss)
        except ValueError as error:
            raise self.nested("spec", error) from None

    def dataset(self, obj) -> dict:
        # The recipe is checked as dataset_from_config will check it, without generating the
        # data (or reading a CSV file): loading a file, and the preset menu, stay fast.
        self.expect(obj, isinstance(obj, dict), "dataset", "an object")
        if "name" not in obj:
            raise self.error("dataset.name", "missing")
        self.expect(obj["name"], isinstance(obj["name"], str), "dataset.name", "a string")
        try:
            dataset_shape(obj)
        except DatasetError as error:
            raise self.nested("dataset", error) from None
        return obj

    def optimizer(self, obj) -> OptimizerConfig:
        self.expect(obj, isinstance(obj, dict), "optimizer", "an object")
        self.check_keys(obj, "optimizer", ("name",), _OPTIMIZER_FIELDS)
        name = obj["name"]
        self.expect(name, isinstance(name, str), "optimizer.name", "a string")
        if name not in OPTIMIZERS:
            raise self.error("optimizer.name", f"unknown {name!r} (known: {', '.join(OPTIMIZERS)})")
        values = {}
        for key, value in obj.items():
            # JSON writes 1.0 as 1 in some tools; keep the dataclass's float fields floats.
            if _is_int(value):
                try:
                    value = float(value)
                except OverflowError:
                    raise self.error(f"optimizer.{key}", f"{value} is out of range") from None
            values[key] = value
        try:
            return OptimizerConfig(**values)
        except ValueError as error:
            raise self.nested("optimizer", error) from None

    def weights(self, ref: dict, spec: NetworkSpec) -> Weights:
        self.check_keys(ref, "weights", ("file", "sha256"))
        name = self.expect(ref["file"], isinstance(ref["file"], str), "weights.file", "a string")
        digest = ref["sha256"]
        self.expect(digest, isinstance(digest, str), "weights.sha256", "a string")
        # Only a bare file name: the weights live beside the experiment, never elsewhere.
        if _bad_name(name):
            raise self.error("weights.file", f"{name!r} is not a file name beside the experiment")
        shapes = _shapes(spec)
        limit = npz_size_limit(list(shapes.values()))
        try:
            data = read_bounded(self.path.parent / name, limit, "MAX_NPZ_BYTES")
        except FileError as error:
            raise self.error("weights.file", error.detail) from None
        if not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
            raise self.error("weights.sha256", "expected 64 hexadecimal digits")
        digest = digest.lower()
        if hashlib.sha256(data).hexdigest() != digest:
            # A save stopped between its two renames leaves this JSON's weights under their
            # hidden name (see the module's docstring).
            data = self.previous(name, digest, limit)
        if data is None:
            raise self.error(
                "weights.sha256",
                f"{name} does not match this experiment (its hash differs; the weights file "
                "was changed or belongs to another save)",
            )
        try:
            stored = read_npz(data, shapes)
            for key, array in stored.items():
                if not np.isfinite(array).all():
                    raise ArrayError("contains NaN or infinite values", field=key)
        except ArrayError as error:
            field = f"weights.{error.field}" if error.field else "weights.file"
            raise self.error(field, f"{name}: {error.detail}") from None
        K = spec.K
        return [stored[f"A_{i}"] for i in range(K)], [stored[f"b_{i}"] for i in range(K)]

    def previous(self, name: str, digest: str, limit: int) -> bytes | None:
        """The bytes of the hidden copy of weights file `name` with this hash, if it exists."""
        try:
            data = read_bounded(self.path.parent / _previous_name(name, digest), limit, "")
        except FileError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None


def _previous_name(name: str, digest: str) -> str:
    """The hidden name a save gives the weights it replaces, until its JSON is replaced too."""
    return f".{name}.{digest[:16]}.previous"


def _shapes(spec: NetworkSpec) -> dict[str, tuple[int, ...]]:
    """The arrays a weights file of `spec` holds, in the order np.savez writes them here."""
    shapes = {}
    for i in range(spec.K):
        shapes[f"A_{i}"] = (spec.sizes[i + 1], spec.sizes[i])
        shapes[f"b_{i}"] = (spec.sizes[i + 1],)
    return shapes


# -- weights validation on save ------------------------------------------------------------


def _named_arrays(weights, spec: NetworkSpec) -> dict[str, np.ndarray]:
    """The arrays to save, by name, checked against the spec; ExperimentFileError(None, …)."""
    try:
        A, b = weights
        A, b = [np.asarray(a) for a in A], [np.asarray(v) for v in b]
    except (TypeError, ValueError) as error:
        raise ExperimentFileError(None, "weights", f"not (A list, b list): {error}") from None
    if len(A) != spec.K or len(b) != spec.K:
        raise ExperimentFileError(
            None, "weights", f"{len(A)} A and {len(b)} b arrays for K = {spec.K} layers"
        )
    arrays = {f"A_{i}": a for i, a in enumerate(A)} | {f"b_{i}": v for i, v in enumerate(b)}
    for key, shape in _shapes(spec).items():
        array = arrays[key]
        field_name = f"weights.{key}"
        if array.dtype.kind != "f" or array.dtype.itemsize > 8:
            raise ExperimentFileError(
                None, field_name, f"dtype {array.dtype} is not floating-point"
            )
        if array.shape != shape:
            raise ExperimentFileError(
                None, field_name, f"shape {array.shape} does not match the spec's {shape}"
            )
        if not np.isfinite(array).all():
            raise ExperimentFileError(None, field_name, "contains NaN or infinite values")
    return {key: arrays[key] for key in _shapes(spec)}


# -- saving ----------------------------------------------------------------------------------


def save_experiment(
    experiment: Experiment, path: str | os.PathLike, include_weights: bool = True
) -> None:
    """Write `experiment` to `path` (JSON) and, if it has weights, to an .npz beside it.

    Everything is checked before anything is written: what load_experiment would reject
    (including text that cannot be encoded and nesting too deep to write) is refused. Then the
    pair is replaced atomically (see the module's docstring): if anything fails, or the process
    is killed at any moment, the files hold the previous experiment or the new one, never a
    mixture. Raises ExperimentFileError only, naming the field or the file system's reason.
    """
    path = Path(path)
    if path.suffix.lower() == ".npz":
        # The weights file takes the .npz suffix; the experiment itself would look like one.
        raise ExperimentFileError(path, None, "an experiment file must not end in .npz")
    try:
        json_bytes, npz = _prepare(experiment, path, include_weights)
        _write_pair(path, json_bytes, npz)
    except ExperimentFileError as error:
        raise error.located(path) from None
    except OSError as error:
        where = error.filename or path
        reason = error.strerror or str(error)
        raise ExperimentFileError(path, None, f"cannot write {where}: {reason}") from None


def _prepare(
    experiment: Experiment, path: Path, include_weights: bool
) -> tuple[bytes, tuple[str, bytes] | None]:
    """The JSON bytes and (weights file name, bytes), checked; ExperimentFileError(None, …)."""
    if not isinstance(experiment, Experiment):
        raise ExperimentFileError(None, None, f"{type(experiment).__name__} is not an Experiment")
    npz = None
    document = _document(experiment)
    document["dataset"] = _dataset_for(experiment, path.parent)
    problem = _unwritable(document)
    if problem is not None:
        raise ExperimentFileError(None, *problem)
    if include_weights and experiment.weights is not None:
        arrays = _named_arrays(experiment.weights, experiment.spec)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        data = buffer.getvalue()
        npz = (path.with_suffix(".npz").name, data)
        document["weights"] = {"file": npz[0], "sha256": hashlib.sha256(data).hexdigest()}
    text = _encode(document, "") + "\n"
    # Refuse to write what load_experiment would reject (the weights were checked above).
    _Reader(path).experiment(json.loads(text))
    return text.encode("utf-8"), npz


def _unwritable(document: dict) -> tuple[str, str] | None:
    """(field, problem) for the first value that JSON cannot hold or load would refuse: not a
    JSON type, a non-finite float, text with a lone surrogate, nesting beyond MAX_JSON_DEPTH.
    Checked before encoding, so that no TypeError, ValueError, UnicodeEncodeError or
    RecursionError can come out of writing."""
    stack: list[tuple[object, str, int]] = [(document, "", 1)]
    while stack:
        value, name, depth = stack.pop()
        if value is None or isinstance(value, bool | int):
            continue
        if isinstance(value, float):
            if not math.isfinite(value):
                return name, f"{value!r} is not a finite number (JSON numbers must be finite)"
        elif isinstance(value, str):
            if _SURROGATE.search(value):
                return name, _surrogate(value)
        elif isinstance(value, dict | list | tuple):
            if depth > MAX_JSON_DEPTH:
                return name, f"nested more than the limit MAX_JSON_DEPTH = {MAX_JSON_DEPTH} deep"
            if isinstance(value, dict):
                for key in value:
                    if not isinstance(key, str) or _SURROGATE.search(key):
                        return name or "document", f"the key {key!r} is not text JSON can hold"
                items = [(item, _join(name, key)) for key, item in value.items()]
            else:
                items = [(item, f"{name}[{i}]") for i, item in enumerate(value)]
            stack.extend((item, child, depth + 1) for item, child in items)
        else:
            return name, f"a {type(value).__name__} cannot be written as JSON"
    return None


def _dataset_for(experiment: Experiment, folder: Path):
    """The dataset recipe as the file at `folder` must say it: a CSV path that was relative to
    the folder the experiment came from is made relative to the new one, so Save As into
    another folder still finds the data."""
    config = experiment.dataset
    if not isinstance(config, dict):
        return config
    moved = dict(config)
    for key in FILE_FIELDS.get(config.get("name"), ()):
        path = config.get(key)
        if not isinstance(path, str) or Path(path).is_absolute() or experiment.base_dir is None:
            continue
        try:
            source = (experiment.base_dir / path).resolve()
            moved[key] = os.path.relpath(source, folder.resolve())
        except (OSError, RuntimeError, ValueError):
            # A symlink loop, a NUL, or another drive: keep the path as it was given.
            pass
    return moved


def _document(experiment: Experiment) -> dict:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": experiment.title,
        "description": experiment.description,
        "spec": experiment.spec.to_dict(),
        "dataset": experiment.dataset,
        "optimizer": experiment.optimizer.to_dict(),
        "batch_size": experiment.batch_size,
        "seed": experiment.seed,
        "test_fraction": experiment.test_fraction,
        "split_seed": experiment.split_seed,
        "weights": None,
    }


def _encode(value, indent: str) -> str:
    """json.dumps with indent=2, except that arrays of plain values stay on one line.

    "sizes": [2, 8, 8, 1] reads (and hand-edits) better than one number per line. Floats are
    written repr-exact, so every float64 round-trips bit for bit.
    """
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (f"{inner}{_dump(key)}: {_encode(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple) and any(isinstance(v, dict | list | tuple) for v in value):
        return "[\n" + ",\n".join(inner + _encode(v, inner) for v in value) + "\n" + indent + "]"
    return _dump(value)


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


# -- writing the pair ------------------------------------------------------------------------


def _write_pair(path: Path, json_bytes: bytes, npz: tuple[str, bytes] | None) -> None:
    """Replace the experiment at `path` by json_bytes and its weights (file name, bytes) so
    that, whenever this stops, the JSON on disk and the weights it loads are of one version.

    1. Temporary files of saves to `path` whose process is gone are removed.
    2. Both new files are written to temporary files (and synced): a full disk fails here,
       with nothing replaced.
    3. If the current JSON names this weights file, the current weights get their hidden
       content name (a hard link, or a copy), where loading finds them by their hash.
    4. The new weights replace the old under the usual name.
    5. The new JSON replaces the old: the commit.
    6. Hidden copies are removed; without new weights, so is the weights file the old JSON
       named.
    A failure in 3-5 puts the old weights back under the usual name (and if even that fails,
    loading still finds them by their hash) and removes the temporary files.
    """
    folder = path.parent
    _remove_stale_temporaries(folder, path.name)
    previous = _weights_named_by(path)
    # Hidden copies left by killed saves that the JSON on disk does not name are of older
    # versions: without this, two kills in a row (one just after a commit, the next after
    # step 3) left two of them, and each further such pair one more.
    _remove_previous_copies(
        folder, path.with_suffix(".npz").name, keep=previous[1] if previous else None
    )
    mode = _file_mode(path)
    temps: list[Path] = []
    hidden: Path | None = None
    made_hidden = replaced = committed = False
    try:
        npz_temp = _write_temp(folder, path.name, npz[1], mode, temps) if npz else None
        json_temp = _write_temp(folder, path.name, json_bytes, mode, temps)
        if npz is not None:
            target = folder / npz[0]
            if previous is not None and previous[0] == npz[0]:
                hidden, made_hidden = _keep_previous(target, previous[1], mode, temps)
            os.replace(npz_temp, target)
            replaced = True
            temps.remove(npz_temp)
            _fsync_directory(folder)
        os.replace(json_temp, path)
        committed = True
        temps.remove(json_temp)
        _fsync_directory(folder)
    finally:
        if made_hidden and not replaced:
            _unlink_quietly(hidden)  # the old weights are still under their usual name
        if replaced and not committed:
            # Back to the old weights (or to none, if no JSON named any).
            if hidden is not None:
                with contextlib.suppress(OSError):
                    os.replace(hidden, folder / npz[0])
            else:
                _unlink_quietly(folder / npz[0])
        for temp in temps:
            _unlink_quietly(temp)
    _remove_previous_copies(folder, path.with_suffix(".npz").name)
    if npz is None and previous is not None:
        _unlink_quietly(folder / previous[0])


def _keep_previous(
    target: Path, digest: str, mode: int, temps: list[Path]
) -> tuple[Path | None, bool]:
    """Give the weights now at `target` (whose hash the current JSON says is `digest`) their
    hidden name: (that path or None if there are no weights to keep, whether it is new)."""
    hidden = target.with_name(_previous_name(target.name, digest))
    if hidden.exists():
        return hidden, False  # from a save that stopped after step 4: the right bytes
    try:
        os.link(target, hidden)
    except FileNotFoundError:
        return None, False  # the old JSON's weights are gone already: nothing to keep
    except OSError:
        # No hard links on this file system: a copy, put in place by a rename.
        data = read_bounded(target, MAX_NPZ_BYTES, "MAX_NPZ_BYTES")
        temp = _write_temp(target.parent, target.name, data, mode, temps)
        os.replace(temp, hidden)
        temps.remove(temp)
    _fsync_directory(target.parent)
    return hidden, True


def _unlink_quietly(path: Path) -> None:
    # Clean-up after the fact: if it fails, the next save to this file tries again.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _temp_pattern(name: str) -> re.Pattern:
    return re.compile(re.escape(f".{name}.") + r"(\d+)\.[A-Za-z0-9_]+\.tmp")


def _write_temp(folder: Path, name: str, data: bytes, mode: int, temps: list[Path]) -> Path:
    """Write data to a new temporary file .NAME.PID.RANDOM.tmp in folder (recorded in temps
    for clean-up; the process id lets a later save tell a killed save's file from a live one)."""
    with tempfile.NamedTemporaryFile(
        "wb", delete=False, dir=folder, prefix=f".{name}.{os.getpid()}.", suffix=".tmp"
    ) as file:
        temp = Path(file.name)
        temps.append(temp)
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    # NamedTemporaryFile creates 0600 files; a saved experiment should be as readable as any
    # other file the user writes (a lecturer shares them).
    os.chmod(temp, mode)
    return temp


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a save of this process that is not running now (saves do not overlap)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # exists (another user's), or cannot tell: leave its file alone
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether `pid` has ended but its parent has not reaped it yet (Linux's /proc; False
    where that cannot be read). A killed save is such a process until its parent waits for
    it: its temporary files are as stale as a vanished process's."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return False
    # "pid (command) state ...": the command may hold spaces and brackets; the state follows
    # the last ')'.
    return stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] in ("Z", "X")


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove temporary files of saves to folder/name whose process no longer runs."""
    pattern = _temp_pattern(name)
    weights = _temp_pattern(Path(name).with_suffix(".npz").name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # the write itself will report the folder's problem
    for entry in entries:
        match = pattern.fullmatch(entry.name) or weights.fullmatch(entry.name)
        if match and not _alive(int(match.group(1))):
            _unlink_quietly(Path(entry.path))


def _remove_previous_copies(folder: Path, name: str, keep: str | None = None) -> None:
    """Remove the hidden copies of weights file `name` once no JSON needs them; `keep`: the
    digest of the one the JSON on disk names (it may still be needed), if any."""
    pattern = re.compile(re.escape(f".{name}.") + r"[0-9a-f]{16}\.previous")
    kept = _previous_name(name, keep) if keep else None
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return
    for entry in names:
        if pattern.fullmatch(entry) and entry != kept:
            _unlink_quietly(folder / entry)


def _weights_named_by(path: Path) -> tuple[str, str] | None:
    """(file, sha256) of the weights the experiment now at `path` names, if that file is its
    own (STEM.npz beside it): only such a file is kept aside or removed by a save."""
    try:
        document = json.loads(read_bounded(path, MAX_JSON_BYTES, "MAX_JSON_BYTES"))
        name, digest = document["weights"]["file"], document["weights"]["sha256"]
    except (FileError, ValueError, TypeError, KeyError, RecursionError):
        return None
    if name != path.with_suffix(".npz").name or not isinstance(digest, str):
        return None
    if not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
        return None
    return name, digest.lower()


def _file_mode(target: Path) -> int:
    """The mode to give target: its current one if it exists, else 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # os.umask can only be read by setting it, which races with other threads creating files;
    # Linux reports it in /proc, and elsewhere the common default is assumed.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _fsync_directory(directory: Path) -> None:
    # Makes the renames themselves durable on POSIX; Windows cannot open a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = [
    "FORMAT_VERSION",
    "Experiment",
    "ExperimentFileError",
    "OpenedExperiment",
    "check_compatible",
    "load_experiment",
    "load_preset",
    "open_experiment",
    "open_preset",
    "preset_names",
    "save_experiment",
]
