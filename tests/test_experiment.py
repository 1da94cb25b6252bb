"""Experiment files: exact round trips, a named error for each kind of damage, atomic writes."""

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

import core.experiment as experiment_module
from core.datasets import make_dataset
from core.experiment import (
    FORMAT_VERSION,
    Experiment,
    ExperimentFileError,
    check_compatible,
    load_experiment,
    load_preset,
    open_experiment,
    open_preset,
    preset_names,
    save_experiment,
)
from core.network import Network, NetworkSpec
from core.optim import OptimizerConfig
from core.training import Trainer

PRESETS = {"deep_relu", "deep_sigmoid", "digits", "moons", "sine", "spiral", "xor"}


def make_experiment(weights: bool = True, dtype=np.float64) -> Experiment:
    spec = NetworkSpec((2, 3, 1), ("tanh", "identity"))
    rng = np.random.default_rng(7)
    pair = None
    if weights:
        A = [rng.standard_normal((3, 2)).astype(dtype), rng.standard_normal((1, 3)).astype(dtype)]
        b = [rng.standard_normal(3).astype(dtype), rng.standard_normal(1).astype(dtype)]
        pair = (A, b)
    return Experiment(
        spec=spec,
        # Floats whose shortest repr is long: they must come back bit for bit.
        dataset={"name": "moons", "n_samples": 50, "noise": 0.1 + 0.2, "seed": 3},
        optimizer=OptimizerConfig("adam", learning_rate=1 / 3, weight_decay=5e-324),
        batch_size=16,
        seed=11,
        weights=pair,
        title="Two moons · 2-3-1",
        description="ünïcode and\nnewlines",
    )


def assert_same(loaded: Experiment, original: Experiment):
    assert loaded.spec == original.spec
    assert loaded.dataset == original.dataset
    assert loaded.optimizer == original.optimizer
    assert (loaded.batch_size, loaded.seed) == (original.batch_size, original.seed)
    assert (loaded.title, loaded.description) == (original.title, original.description)
    if original.weights is None:
        assert loaded.weights is None
        return
    for got, want in zip(
        loaded.weights[0] + loaded.weights[1],
        original.weights[0] + original.weights[1],
        strict=True,
    ):
        assert got.dtype == want.dtype
        assert np.array_equal(got, want)


def files_in(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def weights_file(path: Path) -> Path:
    """The weights file the experiment at `path` names."""
    return path.parent / json.loads(path.read_text("utf-8"))["weights"]["file"]


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_with_weights_is_exact(tmp_path, dtype):
    original = make_experiment(dtype=dtype)
    path = tmp_path / "exp.json"
    save_experiment(original, path)
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == "backprop-explorer-experiment"
    assert document["version"] == FORMAT_VERSION == 1
    assert sorted(files_in(tmp_path)) == ["exp.json", "exp.npz"]
    npz = (tmp_path / "exp.npz").read_bytes()
    assert document["weights"] == {"file": "exp.npz", "sha256": hashlib.sha256(npz).hexdigest()}
    with np.load(io.BytesIO(npz), allow_pickle=False) as archive:
        assert sorted(archive.files) == ["A_0", "A_1", "b_0", "b_1"]
    loaded = load_experiment(path)
    assert_same(loaded, original)
    assert loaded == original
    assert loaded.dataset["noise"] == 0.30000000000000004
    assert loaded.optimizer.weight_decay == 5e-324


def test_round_trip_without_weights(tmp_path):
    original = make_experiment(weights=False)
    save_experiment(original, tmp_path / "exp.json")
    assert sorted(files_in(tmp_path)) == ["exp.json"]
    loaded = load_experiment(tmp_path / "exp.json")
    assert loaded == original  # base_dir, set by loading, is not part of equality
    assert_same(loaded, original)


def test_equality_compares_weights_by_value_and_dtype():
    assert make_experiment() == make_experiment()
    changed = make_experiment()
    changed.weights[1][0][0] = np.nextafter(changed.weights[1][0][0], 1.0)
    assert make_experiment() != changed
    assert make_experiment() != make_experiment(dtype=np.float32)
    assert make_experiment() != make_experiment(weights=False)
    assert make_experiment(weights=False) == make_experiment(weights=False)


def test_include_weights_false_writes_no_weights(tmp_path):
    save_experiment(make_experiment(), tmp_path / "exp.json", include_weights=False)
    assert sorted(files_in(tmp_path)) == ["exp.json"]
    assert load_experiment(tmp_path / "exp.json").weights is None


def test_saving_twice_gives_the_same_experiment(tmp_path):
    original = make_experiment()
    save_experiment(original, tmp_path / "a.json")
    save_experiment(load_experiment(tmp_path / "a.json"), tmp_path / "b.json")
    assert_same(load_experiment(tmp_path / "b.json"), original)
    # The JSON text is stable apart from the weights file name and hash.
    a, b = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    a.pop("weights"), b.pop("weights")
    assert a == b


def test_renamed_json_still_finds_its_weights(tmp_path):
    save_experiment(make_experiment(), tmp_path / "exp.json")
    (tmp_path / "exp.json").rename(tmp_path / "renamed.json")
    assert load_experiment(tmp_path / "renamed.json").weights is not None


def test_hand_written_minimal_file_takes_defaults(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(
        '\ufeff{"format": "backprop-explorer-experiment", "version": 1,'  # BOM from Notepad
        ' "spec": {"sizes": [2, 4, 1], "activations": ["relu", "tanh"]},'
        ' "dataset": {"name": "xor"}, "optimizer": {"name": "sgd", "learning_rate": 1}}',
        encoding="utf-8",
    )
    loaded = load_experiment(path)
    assert (loaded.batch_size, loaded.seed, loaded.weights, loaded.title) == (None, 0, None, "")
    assert loaded.optimizer == OptimizerConfig("sgd", learning_rate=1.0)
    assert isinstance(loaded.optimizer.learning_rate, float)


def test_build_network_uses_weights_and_copies_them():
    experiment = make_experiment()
    network = experiment.build_network()
    assert np.array_equal(network.A[0], experiment.weights[0][0])
    before = [a.copy() for a in experiment.weights[0]]
    network.A[0] += 1.0  # training changes the network in place ...
    assert all(np.array_equal(a, w) for a, w in zip(experiment.weights[0], before, strict=True))


def test_build_network_without_weights_is_seeded_init():
    experiment = make_experiment(weights=False)
    fresh = Network.init(experiment.spec, experiment.seed)
    built = experiment.build_network()
    assert all(np.array_equal(x, y) for x, y in zip(built.A, fresh.A, strict=True))


def test_with_network_then_save_round_trips(tmp_path):
    experiment = make_experiment(weights=False)
    network = experiment.build_network()
    network.A[1][0, 0] = 0.125
    saved = experiment.with_network(network)
    save_experiment(saved, tmp_path / "exp.json")
    rebuilt = load_experiment(tmp_path / "exp.json").build_network()
    assert rebuilt.A[1][0, 0] == 0.125
    assert experiment.weights is None


def test_build_dataset_resolves_a_relative_csv_beside_the_file(tmp_path):
    (tmp_path / "points.csv").write_text("x1,x2,y1\n0,0,-1\n1,0,1\n0,1,1\n1,1,-1\n")
    experiment = make_experiment(weights=False)
    experiment.dataset = {"name": "csv", "path": "points.csv"}
    save_experiment(experiment, tmp_path / "exp.json")
    loaded = load_experiment(tmp_path / "exp.json")
    assert loaded.dataset == {"name": "csv", "path": "points.csv"}
    assert loaded.build_dataset().n_samples == 4


def test_check_compatible_names_spec_sizes():
    experiment = make_experiment()
    check_compatible(experiment, make_dataset("moons", n_samples=8))
    with pytest.raises(ValueError, match=r"spec\.sizes: .* 2 inputs .* 'sine' has 1 inputs"):
        check_compatible(experiment, make_dataset("sine", n_samples=8))


# -- errors in the JSON ----------------------------------------------------------------------


def valid_document() -> dict:
    return {
        "format": "backprop-explorer-experiment",
        "version": 1,
        "title": "t",
        "description": "",
        "spec": {"sizes": [2, 3, 1], "activations": ["tanh", "identity"]},
        "dataset": {"name": "moons", "n_samples": 50, "noise": 0.1, "seed": 0},
        "optimizer": OptimizerConfig().to_dict(),
        "batch_size": None,
        "seed": 0,
        "weights": None,
    }


def load_error(path: Path) -> ExperimentFileError:
    with pytest.raises(ExperimentFileError) as info:
        load_experiment(path)
    error = info.value
    assert str(error).startswith(f"{path.name}: ")
    assert error.path == path
    return error


def set_field(document: dict, dotted: str, value):
    *parents, last = dotted.split(".")
    target = document
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()


@pytest.mark.parametrize(
    ("change", "value", "field", "message"),
    [
        ("format", DELETE, "format", "missing"),
        ("format", "something-else", "format", "'something-else' is not"),
        ("version", 2, "version", "newer Backprop Explorer"),
        ("version", 0, "version", "not a known version"),
        ("version", "1", "version", "expected an integer, got a string"),
        ("version", DELETE, "version", "missing"),
        ("spec", DELETE, "spec", "missing"),
        ("dataset", DELETE, "dataset", "missing"),
        ("optimizer", DELETE, "optimizer", "missing"),
        ("batchsize", 3, "batchsize", "unknown field"),
        ("spec", [2, 3, 1], "spec", "expected an object, got an array"),
        ("spec.sizes", "2-3-1", "spec.sizes", "expected an array of integers, got a string"),
        ("spec.sizes", [2, 3.0, 1], "spec.sizes[1]", "expected an integer, got a number"),
        ("spec.sizes", [2, True, 1], "spec.sizes[1]", "true (a boolean)"),
        ("spec.sizes", [2, 0, 1], "spec.sizes[1]", "0 is less than 1"),
        ("spec.sizes", [2], "spec.sizes", "fewer than two sizes"),
        ("spec.sizes", DELETE, "spec.sizes", "missing"),
        ("spec.activations", ["tanh"], "spec.activations", "1 given for K = 2"),
        ("spec.activations", ["tanh", "swish"], "spec.activations[1]", "unknown name 'swish'"),
        ("spec.activations", ["tanh", 3], "spec.activations[1]", "expected a string"),
        ("spec.depth", 3, "spec.depth", "unknown field"),
        ("batch_size", "32", "batch_size", "expected an integer or null, got a string"),
        ("batch_size", 0, "batch_size", "0 is less than 1"),
        ("seed", 1.5, "seed", "expected an integer, got a number"),
        ("seed", -1, "seed", "negative"),
        ("seed", None, "seed", "got null"),
        ("title", 3, "title", "expected a string"),
        ("dataset", "moons", "dataset", "expected an object"),
        ("dataset.name", DELETE, "dataset.name", "missing"),
        ("dataset.name", 1, "dataset.name", "expected a string"),
        ("optimizer.name", "rmsprop", "optimizer.name", "unknown 'rmsprop' (known: sgd"),
        ("optimizer.name", DELETE, "optimizer.name", "missing"),
        ("optimizer.learning_rate", -0.1, "optimizer.learning_rate", "finite number >= 0"),
        ("optimizer.learning_rate", "0.1", "optimizer.learning_rate", "'0.1' is not a number"),
        ("optimizer.learning_rate", 10**400, "optimizer.learning_rate", "401 digits, more than"),
        ("optimizer.momentum", 1.0, "optimizer.momentum", "must be below 1"),
        ("optimizer.lr", 0.1, "optimizer.lr", "unknown field (known: name, learning_rate,"),
        ("weights", "exp.npz", "weights", "expected an object, got a string"),
        ("weights", {"file": "exp.npz"}, "weights.sha256", "missing"),
        ("weights", {"file": 1, "sha256": ""}, "weights.file", "expected a string"),
        ("weights", {"file": "../exp.npz", "sha256": ""}, "weights.file", "not a file name"),
        ("weights", {"file": "gone.npz", "sha256": ""}, "weights.file", "cannot read"),
    ],
)
def test_invalid_field_is_named(tmp_path, change, value, field, message):
    document = valid_document()
    set_field(document, change, value)
    path = tmp_path / "exp.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    error = load_error(path)
    assert error.field == field
    assert f"exp.json: field '{field}': " in str(error)
    assert message in str(error)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON at line 1, column 1"),
        (b'{"format": "backprop-explorer-experiment",\n  "version": 1,\n  "spec": {', "line 3"),
        (b"not json", "not valid JSON at line 1, column 1"),
        (b"[1, 2]", "expected a JSON object at the top, got an array"),
        (b"\xff\xfe{}", "not UTF-8 text: byte 0xff at line 1, column 1"),
        (b'{"title": "\xc5\xbc\xc3\xb3\xc5\x82w",\n "x": "ab\xc3"}', "line 2, column 10"),
        (b"[" * 100_000, "nested more than the limit MAX_JSON_DEPTH = 16 arrays and objects"),
        (b"[" * 100_000, "deep at line 1, column 17"),
        (b"0", "expected a JSON object at the top, got an integer"),
    ],
)
def test_unreadable_json_names_file_and_position(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    error = load_error(path)
    assert error.field is None
    assert message in str(error)


def test_truncated_file_reports_line_and_column(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(weights=False), path)
    text = path.read_text("utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    error = load_error(path)
    assert "not valid JSON at line" in str(error) and ", column " in str(error)


def test_missing_file_is_named(tmp_path):
    error = load_error(tmp_path / "nowhere.json")
    assert "cannot read" in str(error) and "nowhere.json" in str(error)


# -- errors in the weights file --------------------------------------------------------------


def saved_with_arrays(tmp_path: Path, arrays: dict) -> Path:
    """A valid save whose .npz is then replaced by `arrays` (with a matching hash)."""
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    rewrite_weights(path, buffer.getvalue())
    return path


def rewrite_weights(path: Path, data: bytes, fix_hash: bool = True):
    """Put `data` in the weights file the experiment names; if fix_hash, make the JSON's hash
    match it (as a hand-edited or crafted pair would)."""
    weights_file(path).write_bytes(data)
    if fix_hash:
        document = json.loads(path.read_text("utf-8"))
        document["weights"]["sha256"] = hashlib.sha256(data).hexdigest()
        path.write_text(json.dumps(document), encoding="utf-8")


def good_arrays() -> dict:
    (A, b) = make_experiment().weights
    return {"A_0": A[0], "b_0": b[0], "A_1": A[1], "b_1": b[1]}


def test_weights_file_missing(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    name = weights_file(path).name
    weights_file(path).unlink()
    error = load_error(path)
    assert error.field == "weights.file" and name in str(error) and "not found" in str(error)


def test_weights_hash_mismatch(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    other = make_experiment()
    other.weights[0][0][0, 0] += 1.0
    save_experiment(other, tmp_path / "other.json")
    # Another save's weights, copied over this one's: valid arrays, but not this experiment's.
    rewrite_weights(path, weights_file(tmp_path / "other.json").read_bytes(), fix_hash=False)
    error = load_error(path)
    assert error.field == "weights.sha256"
    assert f"{weights_file(path).name} does not match" in str(error)


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (lambda a: a.pop("b_1"), "weights.b_1", "missing array"),
        (lambda a: a.update(A_0=np.zeros((2, 3))), "weights.A_0", "shape (2, 3) does not match"),
        (lambda a: a.update(A_1=np.full((1, 3), np.nan)), "weights.A_1", "NaN or infinite"),
        (lambda a: a.update(b_0=np.array([np.inf, 0, 0])), "weights.b_0", "NaN or infinite"),
        (lambda a: a.update(A_0=np.zeros((3, 2), int)), "weights.A_0", "not floating-point"),
        (lambda a: a.update(A_0=np.zeros((3, 2), complex)), "weights.A_0", "not floating-point"),
        (lambda a: a.update(A_2=np.zeros((1, 1))), "weights.A_2", "unexpected array"),
        # The header claiming (100000, 100000): refused from the header, never read.
        (lambda a: a.update(A_0=np.zeros((1, 1))), "weights.A_0", "shape (1, 1) does not"),
    ],
)
def test_bad_weight_arrays_are_named(tmp_path, edit, field, message):
    arrays = good_arrays()
    edit(arrays)
    path = saved_with_arrays(tmp_path, arrays)
    error = load_error(path)
    assert error.field == field
    assert f"exp.json: field '{field}': {weights_file(path).name}: " in str(error)
    assert message in str(error)


def test_pickled_array_is_refused_from_its_header(tmp_path, monkeypatch):
    arrays = good_arrays()
    arrays["A_0"] = np.array([None, 1], dtype=object)  # np.savez pickles object arrays
    path = saved_with_arrays(tmp_path, arrays)
    monkeypatch.setattr(np, "load", None)  # nothing may go through np.load (or pickle)
    error = load_error(path)
    assert error.field == "weights.A_0" and "dtype object is not floating-point" in str(error)


@pytest.mark.parametrize("kind", ["garbage", "npy", "empty"])
def test_weights_file_that_is_not_an_npz(tmp_path, kind):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(3))
    data = {"garbage": b"PK\x03\x04 not really", "npy": buffer.getvalue(), "empty": b""}[kind]
    rewrite_weights(path, data)
    error = load_error(path)
    assert error.field == "weights.file" and "not an .npz archive" in str(error)


# -- errors on save --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda e: e.weights[0].__setitem__(0, np.zeros((2, 2))), "weights.A_0"),
        (lambda e: e.weights[1][1].__setitem__(0, np.nan), "weights.b_1"),
        (lambda e: e.weights[0].pop(), "weights"),
        (lambda e: setattr(e, "batch_size", "32"), "batch_size"),
        (lambda e: setattr(e, "seed", 1.0), "seed"),
        (lambda e: setattr(e, "dataset", {"name": "moons", "noise": {0.1}}), "dataset.noise"),
        (lambda e: setattr(e, "dataset", {"name": "moons", "noise": np.nan}), "dataset.noise"),
        (lambda e: setattr(e, "dataset", {"noise": 0.1}), "dataset.name"),
    ],
)
def test_save_refuses_what_load_would_reject(tmp_path, edit, field):
    experiment = make_experiment()
    edit(experiment)
    with pytest.raises(ExperimentFileError) as info:
        save_experiment(experiment, tmp_path / "exp.json")
    assert info.value.field == field
    assert str(info.value).startswith(f"exp.json: field '{field}': ")
    assert files_in(tmp_path) == {}


def test_save_refuses_an_npz_name(tmp_path):
    with pytest.raises(ExperimentFileError, match=r"exp\.npz: .*must not end in \.npz"):
        save_experiment(make_experiment(), tmp_path / "exp.npz")


# -- atomic writes ---------------------------------------------------------------------------


def failing(after: int = 0):
    """A stand-in that lets `after` calls through to the real function, then raises."""

    def wrap(real):
        calls = []

        def fake(*args, **kwargs):
            calls.append(1)
            if len(calls) > after:
                raise OSError("disk full")
            return real(*args, **kwargs)

        return fake

    return wrap


@pytest.mark.parametrize(
    ("target", "name", "after"),
    [
        (np, "savez", 0),  # building the weights archive
        (experiment_module, "_encode", 0),  # serialising the JSON
        (os, "fsync", 0),  # the .npz temporary file
        (os, "fsync", 1),  # the JSON temporary file, after the .npz one is complete
        (os, "replace", 0),  # moving the .npz into place
    ],
)
def test_failed_save_leaves_old_files_and_no_temps(tmp_path, monkeypatch, target, name, after):
    path = tmp_path / "exp.json"
    old = make_experiment()
    save_experiment(old, path)
    before = files_in(tmp_path)
    new = make_experiment()
    new.title = "changed"
    new.weights[0][0][:] = 0.5
    monkeypatch.setattr(target, name, failing(after=after)(getattr(target, name)))
    with pytest.raises(ExperimentFileError, match="disk full") as info:
        save_experiment(new, path)
    monkeypatch.undo()
    assert info.value.path == path
    assert files_in(tmp_path) == before
    assert_same(load_experiment(path), old)


def test_failure_of_the_json_rename_keeps_the_old_pair(tmp_path, monkeypatch):
    # The new weights are in place, the JSON rename fails: the old weights go back under
    # their name, and the old experiment loads as it was.
    path = tmp_path / "exp.json"
    old = make_experiment()
    save_experiment(old, path)
    before = files_in(tmp_path)
    new = make_experiment()
    new.weights[0][0][:] = 0.5
    real_replace = os.replace

    def fail_for_the_json(source, target):
        if Path(target) == path:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_for_the_json)
    with pytest.raises(ExperimentFileError, match="disk full"):
        save_experiment(new, path)
    monkeypatch.undo()
    assert files_in(tmp_path) == before
    assert_same(load_experiment(path), old)


def test_between_the_two_renames_the_old_json_loads_its_own_weights(tmp_path, monkeypatch):
    # Even if the old weights cannot be put back (every rename fails after the first), the old
    # JSON loads the old weights, from the hidden copy its hash names; the next save tidies up.
    path = tmp_path / "exp.json"
    old = make_experiment()
    save_experiment(old, path)
    new = make_experiment()
    new.weights[0][0][:] = 0.5
    monkeypatch.setattr(os, "replace", failing(after=1)(os.replace))
    with pytest.raises(ExperimentFileError, match="disk full"):
        save_experiment(new, path)
    monkeypatch.undo()
    hidden = [name for name in files_in(tmp_path) if name.endswith(".previous")]
    assert len(hidden) == 1 and hidden[0].startswith(".exp.npz.")
    assert (tmp_path / "exp.npz").read_bytes() != (tmp_path / hidden[0]).read_bytes()
    assert_same(load_experiment(path), old)
    save_experiment(new, path)
    assert sorted(files_in(tmp_path)) == ["exp.json", "exp.npz"]
    assert_same(load_experiment(path), new)


def test_weights_are_moved_into_place_before_the_json(tmp_path, monkeypatch):
    # A JSON must never point at weights that are not there yet.
    moved = []
    real_replace = os.replace

    def spy(source, target):
        moved.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    save_experiment(make_experiment(), tmp_path / "exp.json")
    assert moved == ["exp.npz", "exp.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_saved_files_get_ordinary_permissions(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    expected = 0o666 & ~experiment_module._umask()
    assert path.stat().st_mode & 0o777 == expected  # not the temporary file's 0600
    path.chmod(0o640)
    save_experiment(make_experiment(), path)
    assert path.stat().st_mode & 0o777 == 0o640  # overwriting keeps the user's choice


# -- presets ---------------------------------------------------------------------------------


def test_preset_names():
    assert set(preset_names()) == PRESETS
    assert preset_names() == sorted(preset_names())


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown name 'nope' \(known: deep_relu, deep_sigmoid"):
        load_preset("nope")
    with pytest.raises(ValueError, match="unknown name"):
        load_preset("../presets/moons")


def train(experiment: Experiment, steps: int):
    dataset = experiment.build_dataset()
    check_compatible(experiment, dataset)
    network = experiment.build_network()
    trainer = Trainer(network, dataset.X, dataset.Y, experiment.optimizer, experiment.batch_size)
    return network, dataset, trainer.step(steps)


@pytest.mark.parametrize("name", sorted(PRESETS - {"deep_sigmoid"}))
def test_preset_trains(name):
    experiment = load_preset(name)
    assert experiment.title and experiment.description and experiment.weights is None
    _, _, losses = train(experiment, 400)
    # Measured (2000 steps): each preset ends below 0.15 of its first loss; 400 is enough for half.
    assert losses[-1] < 0.5 * losses[0]


def test_deep_sigmoid_preset_shows_vanishing_gradients():
    experiment = load_preset("deep_sigmoid")
    network, dataset, _ = train(experiment, 0)
    _, grads_A, _ = network.gradients(dataset.X, dataset.Y)
    norms = [np.linalg.norm(g) for g in grads_A]
    assert norms[0] < 1e-4 * norms[-1]  # the first layer hears almost nothing
    _, _, losses = train(experiment, 400)
    assert losses[-1] > 0.9  # stuck predicting the mean: the lesson of this preset


def test_deep_relu_preset_is_the_same_problem_with_relu():
    sigmoid, relu = load_preset("deep_sigmoid"), load_preset("deep_relu")
    assert sigmoid.spec.sizes == relu.spec.sizes
    assert (sigmoid.dataset, sigmoid.optimizer) == (relu.dataset, relu.optimizer)
    assert set(relu.spec.activations[:-1]) == {"relu"}


def test_save_as_into_another_folder_keeps_a_relative_csv_path_working(tmp_path):
    """A CSV named relative to its experiment file must still be found after Save As."""
    from core.experiment import Experiment, load_experiment, save_experiment
    from core.network import NetworkSpec
    from core.optim import OptimizerConfig

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    rows = ["x1,y1"] + [f"{i / 10},{(-1) ** i}" for i in range(10)]
    (tmp_path / "a" / "data.csv").write_text("\n".join(rows) + "\n")
    first = Experiment(
        spec=NetworkSpec((1, 3, 1), ("tanh", "tanh")),
        dataset={"name": "csv", "path": "data.csv"},
        optimizer=OptimizerConfig(),
    )
    save_experiment(first, tmp_path / "a" / "exp.json")
    opened = load_experiment(tmp_path / "a" / "exp.json")
    save_experiment(opened, tmp_path / "b" / "copy.json")
    copy = load_experiment(tmp_path / "b" / "copy.json")
    assert copy.dataset["path"] == "../a/data.csv"
    assert copy.build_dataset().n_samples == 10
    save_experiment(copy, tmp_path / "b" / "same.json")  # same folder: unchanged
    assert load_experiment(tmp_path / "b" / "same.json").dataset["path"] == "../a/data.csv"


# -- the reproductions: each is one ExperimentFileError naming file and field ----------


def write_document(tmp_path: Path, document: dict, name: str = "exp.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "value", "field", "message"),
    [
        ("dataset", {"name": "mnist"}, "dataset.name", "'mnist' is not a known dataset"),
        ("spec.sizes", [3, 8, 8, 1], "spec.sizes", "takes 3 inputs and gives 1 outputs, but"),
        ("dataset.noise", "0.1", "dataset.noise", "'0.1' is not a number"),
        ("dataset.n_samples", 10**6, "dataset.n_samples", "limit MAX_SAMPLES = 100000"),
        ("dataset.centers", 3, "dataset.centers", "not an option of dataset 'moons'"),
        ("dataset", {"name": "csv", "path": "a\0b.csv"}, "dataset.path", "is not a file path"),
        ("title", "\ud800", "title", "\\ud800, half of a UTF-16 pair"),
        ("spec.sizes", [2] + [4096] * 999 + [1], "spec.sizes", "limit MAX_PARAMETERS"),
        ("spec.sizes", [2, 4096, 4096, 1], "spec.sizes", "16,797,697 parameters"),
    ],
)
def test_what_would_fail_in_the_window_fails_on_load(tmp_path, change, value, field, message):
    document = valid_document()
    set_field(document, change, value)
    if change == "spec.sizes":
        document["spec"]["activations"] = ["tanh"] * (len(value) - 1)
    error = load_error(write_document(tmp_path, document))
    assert error.field == field
    assert message in str(error)


def test_memory_training_would_need_is_checked_on_load(tmp_path):
    # 2-1024-1024-1 is within MAX_PARAMETERS, but full-batch training on 10,000 samples
    # needs more than a GiB of activations: refused from the sizes, before anything is
    # allocated.
    import tracemalloc

    document = valid_document()
    document["spec"] = {"sizes": [2, 1024, 1024, 1], "activations": ["tanh"] * 3}
    document["dataset"]["n_samples"] = 10_000
    path = write_document(tmp_path, document)
    tracemalloc.start()
    try:
        error = load_error(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.field == "spec.sizes"
    assert "limit MAX_TRAINING_BYTES = 1 GiB" in str(error) and "batch buffers" in str(error)
    assert peak < 5 * 2**20
    # Minibatches of 64 need less: the same network then loads.
    document["batch_size"] = 64
    assert load_experiment(write_document(tmp_path, document)).spec.sizes == (2, 1024, 1024, 1)


def test_deeply_nested_value_is_refused_with_its_position(tmp_path):
    document = valid_document()
    deep: dict = {}
    inner = deep
    for _ in range(600):
        inner["a"] = {}
        inner = inner["a"]
    document["dataset"]["extra"] = deep
    path = tmp_path / "exp.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    error = load_error(path)
    assert error.field.startswith("dataset.extra.a.a")
    assert "limit MAX_JSON_DEPTH = 16" in str(error)
    line, column = error.line, error.column
    assert path.read_text("utf-8").splitlines()[line - 1][column - 1] == "{"


@pytest.mark.parametrize(
    ("text", "field", "token", "message"),
    [
        ('"learning_rate": NaN', "optimizer.learning_rate", "NaN", "is not valid JSON"),
        ('"learning_rate": -Infinity', "optimizer.learning_rate", "-Infinity", "is not valid"),
        ('"learning_rate": 1e999', "optimizer.learning_rate", "1e999", "out of range"),
        ('"momentum": 1' + "0" * 30, "optimizer.momentum", "1" + "0" * 30, "31 digits"),
        ('"learning_rate": 0.1, "learning_rate": 0.2', "optimizer.learning_rate", None, "twice"),
    ],
)
def test_json_values_the_format_refuses_name_field_line_and_column(
    tmp_path, text, field, token, message
):
    line = ' "optimizer": {"name": "sgd", ' + text + "},"
    path = tmp_path / "exp.json"
    path.write_text(
        '{"format": "backprop-explorer-experiment", "version": 1,\n'
        ' "spec": {"sizes": [2, 3, 1], "activations": ["tanh", "identity"]},\n'
        + line
        + '\n "dataset": {"name": "moons"}}\n',
        encoding="utf-8",
    )
    error = load_error(path)
    assert error.field == field
    assert message in str(error)
    if token is not None:
        column = line.index(token) + 1
        assert (error.line, error.column) == (3, column)
        assert f"at line 3, column {column}" in str(error)


def test_a_nan_inside_a_string_is_text_and_the_literal_is_found(tmp_path):
    # The position search skips strings: the title's "NaN" is text, the literal is line 4's.
    path = tmp_path / "exp.json"
    path.write_text(
        '{"format": "backprop-explorer-experiment", "version": 1, "title": "NaN \\" NaN",\n'
        ' "spec": {"sizes": [2, 3, 1], "activations": ["tanh", "identity"]},\n'
        ' "dataset": {"name": "moons", "noise": 0.1},\n'
        ' "optimizer": {"name": "sgd", "learning_rate": NaN}}\n',
        encoding="utf-8",
    )
    error = load_error(path)
    assert (error.field, error.line, error.column) == ("optimizer.learning_rate", 4, 48)


def test_nul_in_the_weights_file_name_is_named(tmp_path):
    document = valid_document()
    document["weights"] = {"file": "exp\0.npz", "sha256": "0" * 64}
    error = load_error(write_document(tmp_path, document))
    assert error.field == "weights.file" and "not a file name" in str(error)


def npy_header(shape, descr="<f8", fortran=False) -> bytes:
    buffer = io.BytesIO()
    header = {"descr": descr, "fortran_order": fortran, "shape": shape}
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_members() -> dict[str, bytes]:
    members = {}
    for key, array in good_arrays().items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        members[f"{key}.npy"] = buffer.getvalue()
    return members


@pytest.mark.parametrize(
    ("member", "field", "message"),
    [
        # A header claiming 100000 x 100000 float64 (80 GB): refused from the header.
        (npy_header((100_000, 100_000)), "weights.A_0", "shape (100000, 100000) does not match"),
        (b"not an array", "weights.A_0", "not a valid .npy array"),
        (npy_header((3, 2), "|O"), "weights.A_0", "dtype object is not floating-point"),
        (npy_header((3, 2), "<c16"), "weights.A_0", "not floating-point"),
        (npy_header((3, 2), "<f8"), "weights.A_0", "take 176"),  # header without data
        (npy_header((3, 2), "<f8") + b"\0" * 49, "weights.A_0", "take 176"),
    ],
)
def test_npz_members_are_checked_from_their_headers(tmp_path, member, field, message):
    members = good_members() | {"A_0.npy": member}
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    rewrite_weights(path, zip_of(members))
    error = load_error(path)
    assert error.field == field and message in str(error)


def test_a_member_is_not_unpacked_beyond_its_declared_size(tmp_path, monkeypatch):
    # A 10 MB member compressed to kilobytes ("zip bomb"), where the spec needs 176 bytes:
    # refused by its declared size, before a byte is decompressed.
    bomb = npy_header((3, 2)) + bytes(10 * 2**20)
    members = good_members() | {"A_0.npy": bomb}
    data = zip_of(members, zipfile.ZIP_DEFLATED)
    assert len(data) < 100_000
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    rewrite_weights(path, data)
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, name, *a, **k: opened.append(name) or real_open(self, name, *a, **k),
    )
    error = load_error(path)
    assert error.field == "weights.A_0" and "declares 10 MiB uncompressed" in str(error)
    assert not opened


def test_unexpected_or_repeated_members_are_named(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    rewrite_weights(path, zip_of(good_members() | {"notes.txt": b"hello"}))
    error = load_error(path)
    assert error.field == "weights.notes.txt" and "unexpected array" in str(error)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("which", ["json", "weights", "csv"])
def test_endless_inputs_are_refused_not_read(tmp_path, which):
    path = tmp_path / "exp.json"
    if which == "json":
        path.symlink_to("/dev/zero")
        error = load_error(path)
        assert error.field is None
    elif which == "weights":
        save_experiment(make_experiment(), path)
        (tmp_path / "exp.npz").unlink()
        (tmp_path / "exp.npz").symlink_to("/dev/zero")
        error = load_error(path)
        assert error.field == "weights.file"
    else:
        experiment = make_experiment(weights=False)
        experiment.dataset = {"name": "csv", "path": "/dev/zero"}
        save_experiment(experiment, path)
        with pytest.raises(ExperimentFileError) as info:
            open_experiment(path)
        error = info.value
        assert error.field == "dataset.path" and str(error).startswith("exp.json: ")
    assert "is a character device, not a regular file" in str(error)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    import threading

    path = tmp_path / "exp.json"
    os.mkfifo(path)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(load_error(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # let the blocked open return before failing
        with open(path, "wb"):
            pass
        reader.join()
        pytest.fail("opening a FIFO blocked")
    assert "is a FIFO (named pipe), not a regular file" in str(outcome[0])


@pytest.mark.parametrize("which", ["json", "npz"])
def test_files_larger_than_their_limit_are_refused_unread(tmp_path, which):
    from core.limits import MAX_JSON_BYTES

    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    target = path if which == "json" else tmp_path / "exp.npz"
    with open(target, "r+b") as file:
        file.truncate(MAX_JSON_BYTES + 1 if which == "json" else 2**40)  # sparse: no disk used
    error = load_error(path)
    assert error.field == (None if which == "json" else "weights.file")
    assert "larger than the limit" in str(error)
    assert ("MAX_JSON_BYTES = 1 MiB" if which == "json" else "MAX_NPZ_BYTES") in str(error)


# -- opening: load and build, one error type ------------------------------------------------


def test_open_experiment_builds_the_data_and_the_network(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    opened = open_experiment(path)
    assert opened.dataset.n_samples == 50 and opened.dataset.n_inputs == 2
    assert np.array_equal(opened.network.A[0], make_experiment().weights[0][0])
    Trainer(opened.network, opened.dataset.X, opened.dataset.Y).step(2)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_opens(name):
    opened = open_preset(name)
    assert opened.network.spec == opened.experiment.spec


def test_a_broken_csv_is_named_through_the_experiment(tmp_path):
    (tmp_path / "points.csv").write_text("x1,x2,y1\n0,0,-1\n1,zero,1\n")
    experiment = make_experiment(weights=False)
    experiment.dataset = {"name": "csv", "path": "points.csv"}
    save_experiment(experiment, tmp_path / "exp.json")
    with pytest.raises(ExperimentFileError) as info:
        open_experiment(tmp_path / "exp.json")
    message = str(info.value)
    assert message.startswith("exp.json: field 'dataset.path': ")
    assert "points.csv, line 3, column 2 (x2): 'zero' is not a number" in message


def test_a_csv_that_does_not_fit_the_network_is_named(tmp_path):
    (tmp_path / "points.csv").write_text("x1,y1\n0,-1\n1,1\n2,1\n3,-1\n")
    experiment = make_experiment(weights=False)
    experiment.dataset = {"name": "csv", "path": "points.csv"}
    save_experiment(experiment, tmp_path / "exp.json")
    with pytest.raises(ExperimentFileError, match=r"exp\.json: field 'spec\.sizes': .*1 inputs"):
        open_experiment(tmp_path / "exp.json")


def test_unknown_preset_is_one_error_type():
    with pytest.raises(ExperimentFileError) as info:
        open_preset("nope")
    assert info.value.field == "preset"


# -- saving: only ExperimentFileError, whatever goes wrong ------------------------------------


def deeply_nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (lambda e: setattr(e, "title", "\ud800"), "title", "half of a UTF-16 pair"),
        (lambda e: setattr(e, "description", "a\udcffb"), "description", "\\udcff"),
        (
            lambda e: e.dataset.update(extra=deeply_nested(5000)),
            "dataset.extra" + ".a" * 14,
            "MAX_JSON_DEPTH",
        ),
        (lambda e: e.dataset.update(noise=np.float64("inf")), "dataset.noise", "not a finite"),
        (lambda e: e.dataset.update(seed=np.int64(3)), "dataset.seed", "int64 cannot be written"),
        (lambda e: e.dataset.update({1: 2}), "dataset", "the key 1 is not text"),
        (lambda e: setattr(e, "weights", "nonsense"), "weights", "not (A list, b list)"),
        (lambda e: e.weights[0].__setitem__(0, "x"), "weights.A_0", "not floating-point"),
    ],
)
def test_save_raises_only_experiment_file_error(tmp_path, edit, field, message):
    experiment = make_experiment()
    edit(experiment)
    with pytest.raises(ExperimentFileError) as info:
        save_experiment(experiment, tmp_path / "exp.json")
    assert info.value.field == field and message in str(info.value)
    assert files_in(tmp_path) == {}


@pytest.mark.parametrize("where", ["missing folder", "a folder", "inside a file"])
def test_save_reports_the_file_system(tmp_path, where):
    (tmp_path / "plain").write_text("not a folder")
    target = {
        "missing folder": tmp_path / "nowhere" / "exp.json",
        "a folder": tmp_path,
        "inside a file": tmp_path / "plain" / "exp.json",
    }[where]
    with pytest.raises(ExperimentFileError, match="cannot write") as info:
        save_experiment(make_experiment(), target)
    assert info.value.path == target
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain"]


def test_the_next_save_removes_what_a_killed_save_left(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(gone.stdout)  # a process that has exited: its files are stale
    live = os.getppid()  # a running process: it may still be saving
    stale = [
        tmp_path / f".exp.json.{dead}.abc123.tmp",
        tmp_path / f".exp.npz.{dead}.x_y.tmp",
        tmp_path / f".exp.npz.{'0' * 16}.previous",
    ]
    kept = [tmp_path / f".exp.json.{live}.abc123.tmp", tmp_path / f".other.json.{dead}.a.tmp"]
    for file in stale + kept:
        file.write_bytes(b"partial")
    save_experiment(make_experiment(), path)
    assert not any(file.exists() for file in stale)
    assert all(file.exists() for file in kept)
