"""Experiment files: exact round trips, a named error for each kind of damage, atomic writes."""

import hashlib
import io
import json
import os
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
    preset_names,
    save_experiment,
)
from core.network import Network, NetworkSpec
from core.optim import OptimizerConfig
from core.training import Trainer

PRESETS = {"deep_relu", "deep_sigmoid", "moons", "sine", "spiral", "xor"}


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


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_with_weights_is_exact(tmp_path, dtype):
    original = make_experiment(dtype=dtype)
    path = tmp_path / "exp.json"
    save_experiment(original, path)
    assert sorted(files_in(tmp_path)) == ["exp.json", "exp.npz"]
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == "backprop-explorer-experiment"
    assert document["version"] == FORMAT_VERSION == 1
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
        ("optimizer.learning_rate", 10**400, "optimizer.learning_rate", "out of range"),
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
        (b'{"version": NaN}', "NaN is not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
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
    path.with_suffix(".npz").write_bytes(data)
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
    (tmp_path / "exp.npz").unlink()
    error = load_error(path)
    assert error.field == "weights.file" and "exp.npz" in str(error)


def test_weights_hash_mismatch(tmp_path):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    other = make_experiment()
    other.weights[0][0][0, 0] += 1.0
    save_experiment(other, tmp_path / "other.json")
    # Another save's weights, copied over this one's: valid arrays, but not this experiment's.
    rewrite_weights(path, (tmp_path / "other.npz").read_bytes(), fix_hash=False)
    error = load_error(path)
    assert error.field == "weights.sha256" and "exp.npz does not match" in str(error)


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (lambda a: a.pop("b_1"), "weights.b_1", "missing array"),
        (lambda a: a.update(A_0=np.zeros((2, 3))), "weights.A_0", "shape (2, 3) does not match"),
        (lambda a: a.update(A_1=np.full((1, 3), np.nan)), "weights.A_1", "NaN or infinite"),
        (lambda a: a.update(b_0=np.array([np.inf, 0, 0])), "weights.b_0", "NaN or infinite"),
        (lambda a: a.update(A_0=np.zeros((3, 2), int)), "weights.A_0", "not floating-point"),
        (lambda a: a.update(A_2=np.zeros((1, 1))), "weights.A_2", "unexpected array"),
    ],
)
def test_bad_weight_arrays_are_named(tmp_path, edit, field, message):
    arrays = good_arrays()
    edit(arrays)
    error = load_error(saved_with_arrays(tmp_path, arrays))
    assert error.field == field
    assert f"exp.json: field '{field}': exp.npz: " in str(error)
    assert message in str(error)


def test_pickled_array_is_refused(tmp_path):
    arrays = good_arrays()
    arrays["A_0"] = np.array([None, 1], dtype=object)  # np.savez pickles object arrays
    error = load_error(saved_with_arrays(tmp_path, arrays))
    assert error.field == "weights.file" and "pickle" in str(error)


@pytest.mark.parametrize("kind", ["garbage", "npy"])
def test_weights_file_that_is_not_an_npz(tmp_path, kind):
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(3))
    rewrite_weights(path, b"PK\x03\x04 not really" if kind == "garbage" else buffer.getvalue())
    assert load_error(path).field == "weights.file"


# -- errors on save --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda e: e.weights[0].__setitem__(0, np.zeros((2, 2))), "weights.A_0"),
        (lambda e: e.weights[1][1].__setitem__(0, np.nan), "weights.b_1"),
        (lambda e: e.weights[0].pop(), "weights"),
        (lambda e: setattr(e, "batch_size", "32"), "batch_size"),
        (lambda e: setattr(e, "seed", 1.0), "seed"),
        (lambda e: setattr(e, "dataset", {"name": "moons", "noise": {0.1}}), "dataset"),
        (lambda e: setattr(e, "dataset", {"name": "moons", "noise": float("nan")}), "dataset"),
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
    with pytest.raises(OSError, match="disk full"):
        save_experiment(new, path)
    monkeypatch.undo()
    assert files_in(tmp_path) == before
    assert_same(load_experiment(path), old)


def test_failure_between_the_two_renames_is_caught_by_the_hash(tmp_path, monkeypatch):
    # The one window the two-file format cannot close: the new .npz is in place, the JSON is
    # old. Loading must then refuse the pair instead of mixing old settings with new weights.
    path = tmp_path / "exp.json"
    save_experiment(make_experiment(), path)
    new = make_experiment()
    new.weights[0][0][:] = 0.5
    monkeypatch.setattr(os, "replace", failing(after=1)(os.replace))
    with pytest.raises(OSError):
        save_experiment(new, path)
    monkeypatch.undo()
    assert sorted(files_in(tmp_path)) == ["exp.json", "exp.npz"]
    assert load_error(path).field == "weights.sha256"


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
