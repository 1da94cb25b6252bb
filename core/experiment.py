"""Experiments as files: a network, a dataset recipe and an optimiser, saved as versioned JSON.

An experiment file is plain JSON that a lecturer can read and edit by hand:

    {"format": "backprop-explorer-experiment", "version": 1,
     "title": "...", "description": "...",
     "spec": {"sizes": [2, 8, 8, 1], "activations": ["tanh", "tanh", "tanh"]},
     "dataset": {"name": "moons", "n_samples": 200, "noise": 0.1, "seed": 0},
     "optimizer": {...OptimizerConfig.to_dict()...},
     "batch_size": null, "seed": 0,
     "weights": null | {"file": "moons.npz", "sha256": "<hash of the .npz bytes>"}}

Trained weights go in an .npz beside the JSON (arrays A_0..A_{K-1}, b_0..b_{K-1}, no pickles);
the hash ties the two together, so a stale or swapped .npz is reported instead of loaded.
Fields with a default (title, description, batch_size, seed, weights, optimiser settings
other than its name) may be left out of hand-written files; unknown fields are rejected so
that a typo is not silently ignored.

Every problem with a file raises ExperimentFileError naming the file and the JSON field.
Writes are atomic: the previous files stay intact if saving fails part-way.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.network import Network, NetworkSpec
from core.optim import OPTIMIZERS, OptimizerConfig

if TYPE_CHECKING:
    from core.datasets import Dataset

FORMAT_NAME = "backprop-explorer-experiment"
FORMAT_VERSION = 1
PRESETS_DIR = Path(__file__).resolve().parent.parent / "resources" / "presets"

# Top-level fields: those without a default must be present in every file.
_REQUIRED = ("format", "version", "spec", "dataset", "optimizer")
_DEFAULTS = {"title": "", "description": "", "batch_size": None, "seed": 0, "weights": None}
_OPTIMIZER_FIELDS = tuple(f.name for f in dataclasses.fields(OptimizerConfig))

Weights = tuple[list[np.ndarray], list[np.ndarray]]


class ExperimentFileError(ValueError):
    """An experiment file cannot be read or written.

    path: the experiment (.json) file. field: the JSON field at fault, such as 'spec.sizes' or
    'weights.A_0', or None when the file as a whole is unreadable.
    """

    def __init__(self, path: str | os.PathLike, field: str | None, message: str):
        self.path = Path(path)
        self.field = field
        self.detail = message
        where = f"{self.path.name}: field '{field}'" if field else self.path.name
        super().__init__(f"{where}: {message}")


@dataclass(eq=False)  # __eq__ below: == on lists of arrays would be ambiguous
class Experiment:
    """Everything needed to rebuild a training session.

    dataset: a dataset recipe for core.datasets.dataset_from_config.
    batch_size: None for full-batch gradient descent. seed: the network initialisation seed.
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

    def __eq__(self, other) -> bool:
        """Same settings, and weights equal element for element with the same dtypes."""
        if not isinstance(other, Experiment):
            return NotImplemented
        plain = ("spec", "dataset", "optimizer", "batch_size", "seed", "title", "description")
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
        """The saved weights if there are any, otherwise a fresh seeded initialisation."""
        if self.weights is None:
            return Network.init(self.spec, self.seed)
        A, b = self.weights
        # Copies: training updates a Network in place and must not change the experiment.
        return Network(
            self.spec,
            [np.array(a, dtype=np.float64) for a in A],
            [np.array(v, dtype=np.float64) for v in b],
        )

    def build_dataset(self) -> Dataset:
        """Generate (or read) the dataset; raises core.datasets.DatasetError if it is invalid."""
        # Imported here: loading an experiment (and the preset menu) does not need it.
        from core.datasets import dataset_from_config

        config = copy.deepcopy(self.dataset)
        path = config.get("path")
        if config.get("name") == "csv" and isinstance(path, str) and self.base_dir is not None:
            # A hand-written file refers to a CSV beside it; the current directory is arbitrary.
            config["path"] = str(self.base_dir / path)
        return dataset_from_config(config)

    def with_network(self, network: Network) -> Experiment:
        """A copy of this experiment holding `network`'s spec and (copied) weights."""
        A, b = network.snapshot()
        return dataclasses.replace(self, spec=network.spec, weights=(list(A), list(b)))


def check_compatible(experiment: Experiment, dataset: Dataset) -> None:
    """Raise ValueError (naming 'spec.sizes') if the network's ends do not fit the dataset."""
    sizes = experiment.spec.sizes
    if (sizes[0], sizes[-1]) != (dataset.n_inputs, dataset.n_outputs):
        raise ValueError(
            f"spec.sizes: the network takes {sizes[0]} inputs and gives {sizes[-1]} outputs, "
            f"but dataset {dataset.name!r} has {dataset.n_inputs} inputs and "
            f"{dataset.n_outputs} outputs"
        )


# -- presets ---------------------------------------------------------------------------------


def preset_names() -> list[str]:
    """The presets shipped in resources/presets, by file stem, sorted."""
    if not PRESETS_DIR.is_dir():
        return []
    return sorted(p.stem for p in PRESETS_DIR.glob("*.json"))


def load_preset(name: str) -> Experiment:
    """Load preset `name` (a file stem from preset_names); ValueError listing them otherwise."""
    names = preset_names()
    # Checking membership also keeps a name such as '../x' from reaching the file system.
    if name not in names:
        raise ValueError(f"preset: unknown name {name!r} (known: {', '.join(names) or 'none'})")
    return load_experiment(PRESETS_DIR / f"{name}.json")


# -- loading ---------------------------------------------------------------------------------


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read an experiment file (and its weights file, if it names one)."""
    path = Path(path)
    document = _read_json(path)
    reader = _Reader(path)
    experiment = reader.experiment(document)
    if document.get("weights") is not None:
        experiment.weights = reader.weights(document["weights"], experiment.spec)
    return experiment


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON (numbers must be finite)")


def _read_json(path: Path) -> dict:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExperimentFileError(path, None, f"cannot read {path}: {reason}") from None
    try:
        # utf-8-sig: editors on Windows put a byte-order mark in front of hand-edited files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExperimentFileError(path, None, f"not UTF-8 text ({error.reason})") from None
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ExperimentFileError(
            path, None, f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:
        raise ExperimentFileError(path, None, str(error)) from None
    except RecursionError:
        raise ExperimentFileError(path, None, "not valid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise ExperimentFileError(
            path, None, f"expected a JSON object at the top, got {_json_type(document)}"
        )
    return document


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
        join = (prefix + ".") if prefix else ""
        for key in required:
            if key not in obj:
                raise self.error(join + key, "missing")
        for key in obj:
            if key not in required and key not in optional:
                known = ", ".join(dict.fromkeys((*required, *optional)))
                raise self.error(join + key, f"unknown field (known: {known})")

    def prefixed(self, prefix: str, error: ValueError) -> ExperimentFileError:
        """Re-raise a validator's 'name: problem' message with the field path in front."""
        message = str(error)
        head, sep, rest = message.partition(": ")
        if sep and re.fullmatch(r"\w+(\[\d+\])?", head):
            return self.error(f"{prefix}.{head}", rest)
        return self.error(prefix, message)

    # The format and version come first: a newer file must say so rather than fail on a field
    # that this version does not know.
    def header(self, doc: dict) -> None:
        if "format" not in doc:
            raise self.error("format", "missing (is this a Backprop Explorer experiment?)")
        if doc["format"] != FORMAT_NAME:
            raise self.error("format", f"{doc['format']!r} is not {FORMAT_NAME!r}")
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
        weights = values["weights"]
        self.expect(weights, weights is None or isinstance(weights, dict), "weights", "an object")
        return Experiment(
            spec=self.spec(doc["spec"]),
            dataset=self.dataset(doc["dataset"]),
            optimizer=self.optimizer(doc["optimizer"]),
            batch_size=batch_size,
            seed=seed,
            title=values["title"],
            description=values["description"],
            base_dir=self.path.parent,
        )

    def spec(self, obj) -> NetworkSpec:
        self.expect(obj, isinstance(obj, dict), "spec", "an object")
        self.check_keys(obj, "spec", ("sizes", "activations"))
        sizes, acts = obj["sizes"], obj["activations"]
        self.expect(sizes, isinstance(sizes, list), "spec.sizes", "an array of integers")
        for i, n in enumerate(sizes):
            self.expect(n, _is_int(n), f"spec.sizes[{i}]", "an integer")
        self.expect(acts, isinstance(acts, list), "spec.activations", "an array of names")
        for i, name in enumerate(acts):
            self.expect(name, isinstance(name, str), f"spec.activations[{i}]", "a string")
        try:
            return NetworkSpec(tuple(sizes), tuple(acts))
        except ValueError as error:
            raise self.prefixed("spec", error) from None

    def dataset(self, obj) -> dict:
        # Only the structure is checked: generating the data belongs to build_dataset, and
        # loading a file (or listing presets) must stay fast.
        self.expect(obj, isinstance(obj, dict), "dataset", "an object")
        if "name" not in obj:
            raise self.error("dataset.name", "missing")
        self.expect(obj["name"], isinstance(obj["name"], str), "dataset.name", "a string")
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
            raise self.prefixed("optimizer", error) from None

    def weights(self, ref: dict, spec: NetworkSpec) -> Weights:
        self.check_keys(ref, "weights", ("file", "sha256"))
        name = self.expect(ref["file"], isinstance(ref["file"], str), "weights.file", "a string")
        digest = ref["sha256"]
        self.expect(digest, isinstance(digest, str), "weights.sha256", "a string")
        # Only a bare file name: the weights live beside the experiment, never elsewhere.
        if name in ("", ".", "..") or Path(name).name != name or "\\" in name:
            raise self.error("weights.file", f"{name!r} is not a file name beside the experiment")
        npz_path = self.path.parent / name
        try:
            data = npz_path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            raise self.error("weights.file", f"cannot read {npz_path}: {reason}") from None
        if hashlib.sha256(data).hexdigest() != digest.lower():
            raise self.error(
                "weights.sha256",
                f"{name} does not match this experiment (its hash differs; the weights file "
                "was changed or belongs to another save)",
            )
        return self.arrays(data, name, spec)

    def arrays(self, data: bytes, name: str, spec: NetworkSpec) -> Weights:
        try:
            archive = np.load(io.BytesIO(data), allow_pickle=False)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
            raise self.error(
                "weights.file", f"{name} is not a readable .npz file ({error})"
            ) from None
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise self.error("weights.file", f"{name} holds one array, not an .npz archive")
        with archive:
            try:
                stored = {key: archive[key] for key in archive.files}
            except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
                raise self.error("weights.file", f"{name} is damaged ({error})") from None
        try:
            return _check_arrays(stored, spec)
        except _ArrayError as error:
            raise self.error(error.field, f"{name}: {error.message}") from None


# -- weights validation (shared by load and save) -----------------------------------------


class _ArrayError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _array_names(K: int) -> list[str]:
    return [f"{kind}_{i}" for i in range(K) for kind in "Ab"]


def _check_arrays(stored: dict[str, np.ndarray], spec: NetworkSpec) -> Weights:
    """Check named arrays A_i, b_i against the spec; return (A list, b list)."""
    names = _array_names(spec.K)
    for key in stored:
        if key not in names:
            raise _ArrayError(
                f"weights.{key}", f"unexpected array {key!r} (the spec has K = {spec.K} layers)"
            )
    for i in range(spec.K):
        want = {"A": (spec.sizes[i + 1], spec.sizes[i]), "b": (spec.sizes[i + 1],)}
        for kind, shape in want.items():
            key = f"{kind}_{i}"
            if key not in stored:
                raise _ArrayError(f"weights.{key}", "missing array")
            array = stored[key]
            if not np.issubdtype(array.dtype, np.floating):
                raise _ArrayError(f"weights.{key}", f"dtype {array.dtype} is not floating-point")
            if array.shape != shape:
                raise _ArrayError(
                    f"weights.{key}", f"shape {array.shape} does not match the spec's {shape}"
                )
            if not np.isfinite(array).all():
                raise _ArrayError(f"weights.{key}", "contains NaN or infinite values")
    K = spec.K
    return [stored[f"A_{i}"] for i in range(K)], [stored[f"b_{i}"] for i in range(K)]


def _named_arrays(weights, spec: NetworkSpec) -> dict[str, np.ndarray]:
    A, b = weights
    A, b = [np.asarray(a) for a in A], [np.asarray(v) for v in b]
    if len(A) != spec.K or len(b) != spec.K:
        raise _ArrayError("weights", f"{len(A)} A and {len(b)} b arrays for K = {spec.K} layers")
    arrays = {f"A_{i}": a for i, a in enumerate(A)} | {f"b_{i}": v for i, v in enumerate(b)}
    _check_arrays(arrays, spec)
    return {key: arrays[key] for key in _array_names(spec.K)}


# -- saving ----------------------------------------------------------------------------------


def save_experiment(
    experiment: Experiment, path: str | os.PathLike, include_weights: bool = True
) -> None:
    """Write `experiment` to `path` (JSON) and, if it has weights, to an .npz beside it.

    Both files are written to temporary files first and moved into place only once complete,
    the .npz before the JSON. If anything fails, the previous files are left as they were.
    Raises ExperimentFileError naming the field if the experiment could not be read back.
    """
    path = Path(path)
    if path.suffix.lower() == ".npz":
        # The weights file takes the .npz name; the experiment itself would overwrite it.
        raise ExperimentFileError(path, None, "an experiment file must not end in .npz")
    npz_bytes = None
    document = _document(experiment)
    document["dataset"] = _dataset_for(experiment, path.parent)
    if include_weights and experiment.weights is not None:
        try:
            arrays = _named_arrays(experiment.weights, experiment.spec)
        except _ArrayError as error:
            raise ExperimentFileError(path, error.field, error.message) from None
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        npz_bytes = buffer.getvalue()
        npz_name = path.with_suffix(".npz").name
        document["weights"] = {"file": npz_name, "sha256": hashlib.sha256(npz_bytes).hexdigest()}
    text = _json_text(document, path)
    # Refuse to write what load_experiment would reject (the weights were checked above).
    _Reader(path).experiment(json.loads(text))
    _write_files(path, text.encode("utf-8"), npz_bytes)


def _dataset_for(experiment: Experiment, folder: Path) -> dict:
    """The dataset recipe as the file at `folder` must say it: a CSV path that was relative to
    the folder the experiment came from is made relative to the new one, so Save As into
    another folder still finds the data."""
    config = experiment.dataset
    path = config.get("path") if config.get("name") == "csv" else None
    if not isinstance(path, str) or Path(path).is_absolute() or experiment.base_dir is None:
        return config
    source = (experiment.base_dir / path).resolve()
    return {**config, "path": os.path.relpath(source, folder.resolve())}


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
        "weights": None,
    }


def _json_text(document: dict, path: Path) -> str:
    """Indented JSON; repr-exact floats, so every float64 round-trips bit for bit."""
    for key, value in document.items():
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ExperimentFileError(path, key, f"cannot be written as JSON ({error})") from None
    return _encode(document, "") + "\n"


def _encode(value, indent: str) -> str:
    """json.dumps with indent=2, except that arrays of plain values stay on one line.

    "sizes": [2, 8, 8, 1] reads (and hand-edits) better than one number per line.
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


def _write_files(path: Path, json_bytes: bytes, npz_bytes: bytes | None) -> None:
    # Both temporaries are complete before either replaces a file, so a failure while writing
    # leaves the old pair intact. Only a failure between the two os.replace calls could pair
    # a new .npz with the old JSON, and the hash check then reports it instead of loading it.
    files = [(path, json_bytes)]
    if npz_bytes is not None:
        files.insert(0, (path.with_suffix(".npz"), npz_bytes))
    temps: list[Path] = []
    try:
        ready = [(_write_temp(target, data, temps), target) for target, data in files]
        for temp, target in ready:
            os.replace(temp, target)
            temps.remove(temp)
        _fsync_directory(path.parent)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)


def _write_temp(target: Path, data: bytes, temps: list[Path]) -> Path:
    """Write data to a new temporary file beside target (recorded in temps for clean-up)."""
    mode = _file_mode(target)
    with tempfile.NamedTemporaryFile(
        "wb", delete=False, dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
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
    "check_compatible",
    "load_experiment",
    "load_preset",
    "preset_names",
    "save_experiment",
]
