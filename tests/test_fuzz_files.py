"""Property tests over files that may hold anything: only the one error type ever escapes.

Hypothesis (derandomised, so every run tries the same few hundred files) mutates valid
experiment files field by field and byte by byte, damages weights archives, and writes CSV
text from an alphabet of the format's pieces and bad bytes. Whatever the file holds:

* open_experiment returns an experiment whose data set, network and trainer work (a file that
  opens also builds and trains), or raises ExperimentFileError; load_csv returns a finite data
  set or raises DatasetError; both are core.errors.FileError, and nothing else escapes;
* Python's traced memory (NumPy's arrays included) stays under a stated bound;
* the command line answers a sample of the same files with status 0 or one line on stderr,
  never a traceback.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import re
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.datasets import DatasetError, load_csv
from core.errors import FileError
from core.experiment import (
    Experiment,
    ExperimentFileError,
    load_preset,
    open_experiment,
    preset_names,
    save_experiment,
)
from core.network import NetworkSpec
from core.optim import OptimizerConfig
from core.training import DivergenceError, Trainer

# Files that are small, or refused, must not cost more to open than this: a sixteenth of
# core.limits.MAX_TRAINING_BYTES (the mutations keep sizes and sample counts small unless they
# blow them up, which the limits must then refuse before allocating).
MEMORY_BOUND = 64 * 2**20

FUZZ = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def weighted() -> Experiment:
    spec = NetworkSpec((2, 5, 3, 1), ("tanh", "relu", "identity"))
    rng = np.random.default_rng(3)
    A = [
        rng.standard_normal((n_out, n_in)) for n_in, n_out in zip((2, 5, 3), (5, 3, 1), strict=True)
    ]
    b = [rng.standard_normal(n) for n in (5, 3, 1)]
    return Experiment(
        spec,
        {"name": "xor", "n_samples": 40, "noise": 0.1, "seed": 1},
        OptimizerConfig("adam"),
        batch_size=8,
        weights=(A, b),
        title="weighted",
    )


def on_csv() -> Experiment:
    return Experiment(
        NetworkSpec((2, 4, 1), ("tanh", "tanh")),
        {"name": "csv", "path": "data.csv"},
        OptimizerConfig("momentum"),
        title="from a CSV file",
    )


CSV_TEXT = "x1,x2,y1\n0,0,-1\n1,0,1\n0,1,1\n1,1,-1\n"
STARTS = [*preset_names(), "weighted", "csv"]


def start_document(folder: Path, name: str) -> dict:
    """A valid experiment saved in `folder` as exp.json (with its .npz or CSV); its JSON."""
    experiment = {"weighted": weighted, "csv": on_csv}.get(name, lambda: load_preset(name))()
    (folder / "data.csv").write_text(CSV_TEXT)
    save_experiment(experiment, folder / "exp.json")
    return json.loads((folder / "exp.json").read_text("utf-8"))


def open_within_bounds(path: Path):
    """open_experiment under tracemalloc: (result or error, peak bytes)."""
    tracemalloc.start()
    try:
        try:
            result = open_experiment(path)
        except FileError as error:
            result = error
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


def check_opened(result) -> None:
    """Whatever opened must build and train, as the window would."""
    if isinstance(result, FileError):
        assert isinstance(result, ExperimentFileError), type(result)
        assert str(result).startswith("exp.json: "), str(result)
        assert "\n" not in str(result)
        return
    experiment, dataset, network = result.experiment, result.dataset, result.network
    trainer = Trainer(
        network, dataset.X, dataset.Y, experiment.optimizer, experiment.batch_size, experiment.seed
    )
    # A file may hold weights that diverge: training reports that; it is no crash.
    with contextlib.suppress(DivergenceError):
        trainer.step(1)


# -- experiment JSON, field by field ---------------------------------------------------------

ODD_STRINGS = [
    "\ud800", "a\x00b", "x" * 300, "moons", "mnist", "csv", "tanh", "swish", "adam", "../x",
    "/dev/zero", "data.csv", "exp.npz", "", "0.1", "NaN", "1e999",
]  # fmt: skip
KEYS = [
    "format", "version", "title", "description", "spec", "sizes", "activations", "dataset",
    "name", "n_samples", "noise", "seed", "centers", "path", "optimizer", "learning_rate",
    "momentum", "beta1", "beta2", "eps", "weight_decay", "batch_size", "weights", "file",
    "sha256", "extra",
]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10),
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, 1, 2, 4, 8, 100_000, 100_001, 4096, 4097, 10**30]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=12),
)
# Values a lecturer might type, right or wrong for the field they land in: they get past the
# type checks more often than arbitrary JSON, so files open and the building steps are tried.
PLAUSIBLE = [
    [2, 3, 1], [1, 4, 1], [2, 8, 8, 3], [2, 6, 2], [2, 4096, 1], [2] + [4] * 60 + [1],
    ["tanh", "relu"], ["sigmoid"] * 3, ["softplus", "leaky_relu", "identity"],
    {"name": "blobs", "centers": 5, "n_samples": 30}, {"name": "sine", "n_samples": 100_000},
    {"name": "csv", "path": "data.csv"}, {"name": "csv", "path": "/dev/zero"},
    {"name": "spirals", "noise": 0}, "adam", "momentum", "sgd", "sigmoid", "softplus",
    0.5, 1e-300, 1e300, 0.999, 64, 1, 3, 100_000, None, 3.0,
]  # fmt: skip
# (copies: a mutation changes the drawn list or object in place)
json_values = st.sampled_from(PLAUSIBLE).map(copy.deepcopy) | st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=24,
)


def paths(value, prefix=()):
    """Every path of keys and indices into a parsed JSON value."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, (*prefix, i))


HEADER = ("format", "version")


def mutate(document: dict, data) -> dict:
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        # The header is left alone most of the time: a wrong one stops everything else.
        header = data.draw(st.integers(0, 9), label="header") == 7  # (not 0: Hypothesis favours it)
        choices = [p for p in paths(document) if p and (header or p[0] not in HEADER)]
        path = data.draw(st.sampled_from(choices), label="path")
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["set", "set", "set", "delete", "add", "deep"]))
        last = path[-1]
        if action == "set":
            parent[last] = data.draw(json_values, label="value")
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(KEYS), label="key")] = data.draw(json_values)
        elif action == "deep":
            depth = data.draw(st.sampled_from([5, 17, 600]), label="depth")
            value: object = 1
            for _ in range(depth):
                value = [value] if depth % 2 else {"a": value}
            parent[last] = value
    return document


TOKEN_SWAPS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e400", "1" * 25, "1" * 5000]


def to_text(document: dict, data) -> str:
    text = json.dumps(document, indent=data.draw(st.sampled_from([None, 1])))
    numbers = [m.span() for m in re.finditer(r"(?<![\w.\"])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]
    if numbers and data.draw(st.integers(0, 3), label="swap a number") == 3:
        start, end = data.draw(st.sampled_from(numbers))
        text = text[:start] + data.draw(st.sampled_from(TOKEN_SWAPS)) + text[end:]
    if data.draw(st.integers(0, 9), label="duplicate a key") == 7 and '"seed": ' in text:
        text = text.replace('"seed": ', '"seed": 1, "seed": ', 1)
    return text


@FUZZ
@given(start=st.sampled_from(STARTS), data=st.data())
def test_mutated_experiment_fields_give_one_error_type(tmp_path_factory, start, data):
    folder = tmp_path_factory.mktemp("fields")
    document = mutate(start_document(folder, start), data)
    path = folder / "exp.json"
    path.write_text(to_text(document, data), encoding="utf-8", errors="surrogatepass")
    result, peak = open_within_bounds(path)
    assert peak < MEMORY_BOUND, f"{peak:,} bytes traced while opening"
    check_opened(result)


# -- experiment files of the right shape, with values anywhere in (and past) their ranges ----


def mostly(good, bad, odds: int = 10):
    """`good`, and one time in odds + 1 `bad`: each field is then wrong now and then, and a
    fair share of whole files is right, so that building and training are tried too."""
    return st.integers(0, odds).flatmap(lambda r: bad if r == odds else good)


GOOD_ACTIVATIONS = ["tanh", "sigmoid", "relu", "identity", "leaky_relu", "softplus"]
widths = mostly(st.integers(1, 12), st.sampled_from([64, 4096, 4097, 0]))
samples = mostly(st.integers(4, 300), st.sampled_from([0, 3, 100_000, 100_001, 2**40]))
DIMS = {"xor": (2, 1), "moons": (2, 1), "sine": (1, 1), "step": (1, 1), "csv": (2, 1)}


@st.composite
def typed_documents(draw) -> dict:
    name = draw(mostly(st.sampled_from([*DIMS, "blobs"]), st.just("mnist")))
    if name == "csv":
        path = draw(mostly(st.just("data.csv"), st.sampled_from(["wide.csv", "gone.csv"])))
        dataset = {"name": "csv", "path": path}
    else:
        dataset = {
            "name": name,
            "n_samples": draw(samples),
            "noise": draw(mostly(st.floats(0, 10), st.sampled_from([-1.0, 12.0, "0.1"]))),
            "seed": draw(mostly(st.integers(0, 2**32), st.sampled_from([-1, 2**64]))),
        }
    if name == "blobs":
        dataset["centers"] = draw(mostly(st.integers(2, 8), st.sampled_from([1, 9])))
    n_in, n_out = DIMS.get(name, (2, dataset.get("centers", 3)))
    hidden = draw(st.lists(widths, max_size=4))
    ends = draw(mostly(st.just((n_in, n_out)), st.tuples(widths, widths)))
    sizes = [ends[0], *hidden, ends[1]]
    k = len(sizes) - 1 + draw(mostly(st.just(0), st.sampled_from([1, -1])))
    activation = mostly(st.sampled_from(GOOD_ACTIVATIONS), st.just("swish"), odds=30)
    return {
        "format": "backprop-explorer-experiment",
        "version": 1,
        "spec": {"sizes": sizes, "activations": draw(st.lists(activation, min_size=k, max_size=k))},
        "dataset": dataset,
        "optimizer": {
            "name": draw(mostly(st.sampled_from(["sgd", "momentum", "adam"]), st.just("rmsprop"))),
            "learning_rate": draw(mostly(st.floats(1e-6, 10), st.sampled_from([0, 1e300, -1]))),
        },
        "batch_size": draw(st.none() | mostly(st.integers(1, 64), samples)),
        "seed": draw(st.integers(0, 2**63)),
    }


@FUZZ
@given(document=typed_documents())
def test_typed_experiments_open_and_train_or_give_one_error_type(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("typed")
    (folder / "data.csv").write_text(CSV_TEXT)
    (folder / "wide.csv").write_text("x1,x2,x3,y1,y2\n" + "0,1,2,1,0\n" * 5)
    path = folder / "exp.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result, peak = open_within_bounds(path)
    assert peak < MEMORY_BOUND, f"{peak:,} bytes traced while opening"
    check_opened(result)


# -- experiment files, byte by byte ----------------------------------------------------------

BAD_BYTES = [b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf", b"[", b"{", b'"', b"\\", b"\n", b"NaN"]


def damage(raw: bytes, data) -> bytes:
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        kind = data.draw(st.sampled_from(["insert", "replace", "truncate", "delete"]))
        if kind == "insert":
            raw = (
                raw[:at] + data.draw(st.sampled_from(BAD_BYTES) | st.binary(max_size=4)) + raw[at:]
            )
        elif kind == "replace" and at < len(raw):
            raw = raw[:at] + bytes([data.draw(st.integers(0, 255))]) + raw[at + 1 :]
        elif kind == "truncate":
            raw = raw[:at]
        else:
            raw = raw[:at] + raw[at + data.draw(st.integers(1, 20)) :]
    return raw


@FUZZ
@given(start=st.sampled_from(STARTS), data=st.data())
def test_damaged_experiment_bytes_give_one_error_type(tmp_path_factory, start, data):
    folder = tmp_path_factory.mktemp("bytes")
    start_document(folder, start)
    path = folder / "exp.json"
    path.write_bytes(damage(path.read_bytes(), data))
    result, peak = open_within_bounds(path)
    assert peak < MEMORY_BOUND, f"{peak:,} bytes traced while opening"
    check_opened(result)


# -- weights archives ------------------------------------------------------------------------


def npy(shape, descr="<f8", body: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    size = int(np.prod(shape)) * np.dtype(descr).itemsize if body is None else 0
    return buffer.getvalue() + (body if body is not None else bytes(min(size, 2**16)))


members = st.one_of(
    st.builds(
        npy,
        st.sampled_from([(5, 2), (3, 5), (1, 3), (5,), (3,), (1,), (100_000, 100_000), ()]),
        st.sampled_from(["<f8", "<f4", "<f2", "|O", "<i8", "<c16", ">f8", "<U3"]),
    ),
    st.binary(max_size=64),
    st.builds(lambda n: npy((5, 2), body=bytes(n)), st.sampled_from([0, 79, 81, 2**20])),
)


@FUZZ
@given(data=st.data())
def test_damaged_weights_give_one_error_type(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("weights")
    start_document(folder, "weighted")
    npz = folder / "exp.npz"
    raw = npz.read_bytes()
    how = data.draw(st.sampled_from(["bytes", "members"]), label="how")
    if how == "bytes":
        raw = damage(raw, data)
    else:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            contents = {name: archive.read(name) for name in archive.namelist()}
        for _ in range(data.draw(st.integers(1, 3))):
            name = data.draw(st.sampled_from([*contents, "A_9.npy", "notes.txt", "A_0"]))
            contents[name] = data.draw(members, label=name)
        method = data.draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, member in contents.items():
                archive.writestr(name, member)
        raw = buffer.getvalue()
    npz.write_bytes(raw)
    # The JSON's hash made to match, so that the archive itself is read.
    path = folder / "exp.json"
    document = json.loads(path.read_text("utf-8"))
    document["weights"]["sha256"] = hashlib.sha256(raw).hexdigest()
    path.write_text(json.dumps(document), encoding="utf-8")
    result, peak = open_within_bounds(path)
    assert peak < MEMORY_BOUND, f"{peak:,} bytes traced while opening"
    check_opened(result)


# -- CSV data sets ---------------------------------------------------------------------------

CSV_PIECES = [
    "x1", "x2", "y1", "y2", "X1", "z", ",", ",", ",", "\n", "\n", "\r\n", '"', " ", "0", "1",
    "-1", "0.5", "1e308", "1e999", "nan", "-inf", "abc", ";", "\t", "\x00", "\ufeff", "\ud800",
]  # fmt: skip


@FUZZ
@given(
    pieces=st.lists(st.sampled_from(CSV_PIECES), max_size=80),
    header=st.sampled_from(["x1,x2,y1\n", "x1,y1,y2\n", "y1,x1\n", ""]),
    tail=st.binary(max_size=6),
)
def test_csv_text_gives_a_finite_data_set_or_one_error_type(tmp_path_factory, pieces, header, tail):
    path = tmp_path_factory.mktemp("csv") / "data.csv"
    path.write_bytes((header + "".join(pieces)).encode("utf-8", "surrogatepass") + tail)
    tracemalloc.start()
    try:
        try:
            dataset = load_csv(path)
        except DatasetError as error:
            dataset = error
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND
    if isinstance(dataset, DatasetError):
        assert str(path) in str(dataset) and "\n" not in str(dataset)
        return
    assert dataset.n_samples >= 1 and dataset.n_inputs >= 1 and dataset.n_outputs >= 1
    assert np.isfinite(dataset.X).all() and np.isfinite(dataset.Y).all()


# -- the command line: one line or success, never a traceback ---------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_the_command_line_answers_mutated_files_without_a_traceback(tmp_path, seed):
    from tests.gui_helpers import run_app

    rng = np.random.default_rng(seed)
    start = STARTS[seed % len(STARTS)]
    document = start_document(tmp_path, start)
    where = [p for p in paths(document) if p]
    path = where[rng.integers(len(where))]
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = [None, "\ud800", {"a": [[[]]]}, 10**30, -1, "csv", 4097, 0.0][seed % 8]
    text = json.dumps(document)
    if seed % 3 == 0:
        text = text.replace("0.1", "NaN", 1)
    (tmp_path / "exp.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run_app(
        "export", "--config", str(tmp_path / "exp.json"), "--what", "npz",
        "-o", str(tmp_path / "m.npz"), "--select", "0", timeout=120,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("backprop-explorer: cannot open ")
    else:
        assert (tmp_path / "m.npz").exists()
