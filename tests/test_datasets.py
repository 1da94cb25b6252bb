"""Tests for core.datasets: generated datasets, their validation, and loading CSV files."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.datasets import (
    DATASET_TITLES,
    GENERATORS,
    Dataset,
    DatasetError,
    dataset_from_config,
    load_csv,
    make_dataset,
)

CLASSIFIERS = ["xor", "circles", "moons", "spirals", "blobs"]
BINARY = ["xor", "circles", "moons", "spirals"]
CURVES = {
    "sine": lambda x: np.sin(np.pi * x),
    "abs": np.abs,
    "step": lambda x: np.where(x < 0, -1.0, 1.0),
}
ALL = CLASSIFIERS + list(CURVES)


def test_every_generator_is_listed_with_a_title():
    assert sorted(GENERATORS) == sorted(ALL)
    assert sorted(DATASET_TITLES) == sorted(ALL)
    assert all(isinstance(t, str) and t for t in DATASET_TITLES.values())


def test_core_datasets_does_not_import_the_gui():
    code = "import sys, core.datasets; print([m for m in sys.modules if m.split('.')[0] in "
    code += "('PySide6', 'pyqtgraph', 'explorer')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- shapes, dtypes, determinism ---------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("m", [4, 7, 150])
def test_shapes_dtypes_and_config(name, m):
    d = make_dataset(name, n_samples=m, noise=0.05, seed=2)
    n_in, n_out = (2, 3 if name == "blobs" else 1) if name in CLASSIFIERS else (1, 1)
    assert d.X.shape == (m, n_in) and d.Y.shape == (m, n_out)
    assert (d.n_samples, d.n_inputs, d.n_outputs) == (m, n_in, n_out)
    for a in (d.X, d.Y):
        assert a.dtype == np.float64 and a.flags.c_contiguous
        assert np.isfinite(a).all()
    assert d.name == name
    assert d.task == ("classification" if name in CLASSIFIERS else "regression")
    expected = {"name": name, "n_samples": m, "noise": 0.05, "seed": 2}
    if name == "blobs":
        expected["centers"] = 3
    assert d.config == expected


@pytest.mark.parametrize("name", ALL)
def test_same_seed_same_data_other_seed_other_data(name):
    a = make_dataset(name, 60, 0.1, seed=5)
    b = make_dataset(name, 60, 0.1, seed=5)
    c = make_dataset(name, 60, 0.1, seed=6)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.Y, b.Y)
    assert not np.array_equal(a.X, c.X) or not np.array_equal(a.Y, c.Y)
    # Noise-free data must still depend on the seed.
    assert not np.array_equal(make_dataset(name, 60, 0.0, 1).X, make_dataset(name, 60, 0.0, 2).X)


@pytest.mark.parametrize("name", ALL)
def test_config_rebuilds_the_dataset_through_json(name):
    options = {"centers": 5} if name == "blobs" else {}
    d = make_dataset(name, 33, 0.3, seed=9, **options)
    again = dataset_from_config(json.loads(json.dumps(d.config)))
    assert again.name == name and again.task == d.task and again.config == d.config
    assert np.array_equal(again.X, d.X) and np.array_equal(again.Y, d.Y)


# -- classification targets --------------------------------------------------------------------


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize("m", [4, 5, 9, 101, 400])
def test_classes_are_balanced(name, m):
    d = make_dataset(name, m, 0.1, seed=m)
    counts = np.bincount(d.labels(), minlength=d.n_outputs if name == "blobs" else 2)
    assert counts.sum() == m
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", BINARY)
def test_binary_targets_are_one_plus_minus_one_column(name):
    d = make_dataset(name, 100, 0.2, seed=1)
    assert set(np.unique(d.Y)) == {-1.0, 1.0}
    assert np.array_equal(d.labels(), (d.Y[:, 0] == 1.0).astype(int))
    assert d.labels().shape == (100,)


@pytest.mark.parametrize("centers", [2, 3, 8])
def test_blobs_targets_are_one_hot(centers):
    d = make_dataset("blobs", 120, 0.1, seed=0, centers=centers)
    assert d.Y.shape == (120, centers)
    assert set(np.unique(d.Y)) == {0.0, 1.0}
    assert np.array_equal(d.Y.sum(axis=1), np.ones(120))
    assert np.array_equal(d.labels(), np.argmax(d.Y, axis=1))
    assert d.config["centers"] == centers


def test_classes_are_mixed_in_order_not_grouped():
    labels = make_dataset("moons", 200, 0.1, seed=0).labels()
    assert 0 < labels[:20].sum() < 20


# -- geometry and noise ------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_clean_inputs_lie_in_the_unit_square(name):
    X = make_dataset(name, 500, 0.0, seed=3).X
    assert np.abs(X).max() <= 1.0 + 1e-12
    assert np.abs(X).max() > 0.5  # scaled to fill the square, not shrunk into a corner


def test_clean_xor_is_labelled_by_the_quadrant():
    d = make_dataset("xor", 200, 0.0, seed=4)
    assert np.array_equal(d.Y[:, 0], np.sign(d.X[:, 0] * d.X[:, 1]))
    assert np.abs(d.X).min() >= 0.1  # the margin around the axes


def test_clean_circles_have_radius_half_inside_and_one_outside():
    d = make_dataset("circles", 200, 0.0, seed=4)
    radius = np.hypot(d.X[:, 0], d.X[:, 1])
    np.testing.assert_allclose(radius[d.Y[:, 0] == 1], 0.5)
    np.testing.assert_allclose(radius[d.Y[:, 0] == -1], 1.0)


def test_clean_blobs_are_separated_by_their_centres():
    d = make_dataset("blobs", 400, 0.0, seed=4, centers=8)
    labels = d.labels()
    means = np.array([d.X[labels == k].mean(axis=0) for k in range(8)])
    nearest = np.argmin(((d.X[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    assert np.array_equal(nearest, labels)


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_noise_is_gaussian_jitter_on_the_inputs(name):
    clean = make_dataset(name, 3000, 0.0, seed=8)
    noisy = make_dataset(name, 3000, 0.25, seed=8)
    assert np.array_equal(clean.Y, noisy.Y)
    jitter = noisy.X - clean.X
    assert abs(jitter.mean()) < 0.02
    assert jitter.std() == pytest.approx(0.25, rel=0.05)


@pytest.mark.parametrize("name", list(CURVES))
def test_curves_are_sorted_and_exact_without_noise(name):
    d = make_dataset(name, 300, 0.0, seed=1)
    x = d.X[:, 0]
    assert np.all(np.diff(x) >= 0)
    assert x.min() >= -1.0 and x.max() <= 1.0 and x.min() < -0.9 and x.max() > 0.9
    np.testing.assert_allclose(d.Y[:, 0], CURVES[name](x), atol=1e-12)


@pytest.mark.parametrize("name", list(CURVES))
def test_curve_noise_is_added_to_y_only(name):
    clean = make_dataset(name, 3000, 0.0, seed=8)
    noisy = make_dataset(name, 3000, 0.5, seed=8)
    assert np.array_equal(clean.X, noisy.X)
    assert (noisy.Y - clean.Y).std() == pytest.approx(0.5, rel=0.05)


def test_labels_of_regression_data_raise():
    with pytest.raises(ValueError, match="regression"):
        make_dataset("sine").labels()


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(ALL),
    m=st.integers(4, 300),
    noise=st.floats(0, 10),
    seed=st.integers(0, 2**32),
)
def test_any_valid_request_gives_finite_balanced_data(name, m, noise, seed):
    d = make_dataset(name, m, noise, seed)
    assert d.n_samples == m and np.isfinite(d.X).all() and np.isfinite(d.Y).all()
    if d.task == "classification":
        counts = np.bincount(d.labels())
        assert counts.max() - counts.min() <= 1


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "zigzag"}, ["name", "zigzag", "moons"]),
        ({"name": 3}, ["name", "3"]),
        ({"name": "Moons"}, ["name", "Moons"]),
        ({"n_samples": 3}, ["n_samples", "3"]),
        ({"n_samples": 100_001}, ["n_samples", "100001"]),
        ({"n_samples": 10.0}, ["n_samples", "10.0"]),
        ({"n_samples": "10"}, ["n_samples", "'10'"]),
        ({"n_samples": True}, ["n_samples", "True"]),
        ({"noise": -0.1}, ["noise", "-0.1"]),
        ({"noise": 10.5}, ["noise", "10.5"]),
        ({"noise": float("nan")}, ["noise", "nan"]),
        ({"noise": float("inf")}, ["noise", "inf"]),
        ({"noise": "0.1"}, ["noise", "'0.1'"]),
        ({"noise": None}, ["noise", "None"]),
        ({"seed": 1.5}, ["seed", "1.5"]),
        ({"seed": -1}, ["seed", "-1"]),
        ({"seed": None}, ["seed", "None"]),
        ({"turns": 3}, ["turns", "moons"]),
        ({"name": "blobs", "centers": 1}, ["centers", "1"]),
        ({"name": "blobs", "centers": 9}, ["centers", "9"]),
        ({"name": "blobs", "centers": 2.5}, ["centers", "2.5"]),
        ({"name": "xor", "centers": 3}, ["centers", "xor"]),
    ],
)
def test_bad_requests_name_the_field_and_value(kwargs, words):
    kwargs = {"name": "moons", **kwargs}
    with pytest.raises(DatasetError) as info:
        make_dataset(**kwargs)
    for word in words:
        assert word in str(info.value)


def test_limits_themselves_are_accepted():
    assert make_dataset("xor", 4, 10.0, 0).n_samples == 4
    assert (
        make_dataset("sine", np.int64(100_000), np.float32(0.0), np.int32(1)).n_samples == 100_000
    )


def test_dataset_error_is_a_value_error():
    assert issubclass(DatasetError, ValueError)


@pytest.mark.parametrize(
    ("config", "word"),
    [
        ([("name", "xor")], "config"),
        ({"n_samples": 10}, "name"),
        ({"name": "nope"}, "name"),
        ({"name": "xor", "n_samples": 2}, "n_samples"),
        ({"name": "xor", "colour": "red"}, "colour"),
        ({"name": "csv"}, "path"),
        ({"name": "csv", "path": 7}, "path"),
        ({"name": "csv", "path": "a.csv", "seed": 1}, "seed"),
    ],
)
def test_bad_configs_name_the_field(config, word):
    with pytest.raises(DatasetError, match=word):
        dataset_from_config(config)


def test_dataset_checks_its_arrays():
    d = Dataset("mine", [[1, 2]], [[1]], "regression", {})
    assert d.X.dtype == np.float64 and d.X.flags.c_contiguous
    with pytest.raises(DatasetError, match="X, Y"):
        Dataset("mine", np.zeros((3, 2)), np.zeros((2, 1)), "regression", {})
    with pytest.raises(DatasetError, match="X, Y"):
        Dataset("mine", np.zeros(3), np.zeros((3, 1)), "regression", {})
    with pytest.raises(DatasetError, match="task"):
        Dataset("mine", np.zeros((3, 2)), np.zeros((3, 1)), "clustering", {})


# -- CSV ---------------------------------------------------------------------------------------


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_csv_round_trip_reorders_columns(tmp_path):
    path = write(tmp_path, " Y1 ,x2,X1\n0.5,2,1\n-3e2, 4.25 ,3\n\n7,-1,0\n")
    d = load_csv(path)
    assert d.name == "csv" and d.task == "regression"
    np.testing.assert_array_equal(d.X, [[1, 2], [3, 4.25], [0, -1]])
    np.testing.assert_array_equal(d.Y, [[0.5], [-300], [7]])
    assert d.X.dtype == np.float64 and d.X.flags.c_contiguous and d.Y.flags.c_contiguous
    assert d.config == {"name": "csv", "path": str(path)}
    again = dataset_from_config(json.loads(json.dumps(d.config)))
    assert np.array_equal(again.X, d.X) and np.array_equal(again.Y, d.Y)


def test_csv_of_a_generated_dataset_round_trips(tmp_path):
    d = make_dataset("blobs", 50, 0.1, seed=3, centers=4)
    header = "x1,x2,y1,y2,y3,y4"
    body = "\n".join(",".join(map(repr, row)) for row in np.hstack([d.X, d.Y]).tolist())
    loaded = load_csv(write(tmp_path, header + "\n" + body + "\n"))
    assert np.array_equal(loaded.X, d.X) and np.array_equal(loaded.Y, d.Y)
    assert loaded.task == "classification"
    assert np.array_equal(loaded.labels(), d.labels())


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("x1,y1\n0,1\n1,-1\n2,1\n", "classification"),
        ("x1,y1,y2\n0,1,0\n1,0,1\n", "classification"),
        ("x1,y1,y2\n0,1,-1\n1,-1,1\n", "classification"),
        ("x1,y1\n0,1\n1,1\n", "classification"),
        ("x1,y1\n0,1\n1,0\n", "regression"),  # 0/1 in one column is not +-1 nor one-hot rows
        ("x1,y1,y2\n0,1,1\n1,0,1\n", "regression"),  # two 1s in a row is not one-hot
        ("x1,y1,y2\n0,0,0\n1,0,1\n", "regression"),  # no 1 in a row is not one-hot
        ("x1,y1\n0,1\n1,0.5\n", "regression"),
    ],
)
def test_csv_task_is_decided_from_the_targets(tmp_path, text, task):
    assert load_csv(write(tmp_path, text)).task == task


def test_csv_labels(tmp_path):
    d = load_csv(write(tmp_path, "x1,y1,y2,y3\n0,0,0,1\n1,1,0,0\n2,0,1,0\n"))
    assert d.labels().tolist() == [2, 0, 1]
    d = load_csv(write(tmp_path, "x1,y1\n0,-1\n1,1\n", name="pm.csv"))
    assert d.labels().tolist() == [0, 1]


def test_csv_skips_a_byte_order_mark_and_empty_rows(tmp_path):
    path = write(tmp_path, "\n\nx1,y1\r\n1,2\r\n,\r\n  \r\n3,4\r\n", encoding="utf-8-sig")
    d = load_csv(path)
    assert d.X[:, 0].tolist() == [1, 3] and d.Y[:, 0].tolist() == [2, 4]


def test_csv_reads_a_large_file(tmp_path):
    rng = np.random.default_rng(0)
    data = rng.normal(size=(20_000, 3))
    body = "\n".join(f"{a!r},{b!r},{c!r}" for a, b, c in data.tolist())
    d = load_csv(write(tmp_path, "x1,x2,y1\n" + body))
    assert np.array_equal(np.hstack([d.X, d.Y]), data)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ["empty"]),
        ("\n  \n\n", ["empty"]),
        ("x1,y1\n", ["line 1", "no data rows"]),
        ("x1,y1\n\n,\n", ["line 1", "no data rows"]),
        ("x1,x2\n1,2\n", ["line 1", "y1"]),
        ("y1,y2\n1,2\n", ["line 1", "x1"]),
        ("x1,x3,y1\n1,2,3\n", ["line 1", "x2"]),
        ("x1,y2\n1,2\n", ["line 1", "y1"]),
        ("\nx1,z,y1\n1,2,3\n", ["line 2", "column 2", "'z'"]),
        ("x1,x0,y1\n1,2,3\n", ["line 1", "column 2", "'x0'"]),
        ("x1,,y1\n1,2,3\n", ["line 1", "column 2", "''"]),
        ("x1;x2;y1\n1;2;3\n", ["line 1", "column 1", "comma"]),
        ("x1,y1,X1\n1,2,3\n", ["line 1", "column 3", "x1", "column 1"]),
        ("x1,y1\n1,2\n3,4,5\n", ["line 3", "3 values", "expected 2"]),
        ("x1,y1\n1,2\n3\n", ["line 3", "1 values", "expected 2"]),
        ("x1,y1\n1,2\n3,abc\n", ["line 3", "column 2", "y1", "'abc'"]),
        ("x1,x2,y1\n1,,3\n", ["line 2", "column 2", "x2", "''"]),
        ("y1,x1\n1,2\n3,nan\n", ["line 3", "column 2", "x1", "nan"]),
        ("x1,y1\n1,2\n\n3,-inf\n", ["line 4", "column 2", "y1", "inf"]),
        ('x1,y1\n1,2\n"3\n4",5\n', ["line 4", "column 1", "x1", "'3\\n4'"]),
    ],
)
def test_csv_errors_name_the_file_line_and_column(tmp_path, text, words):
    path = write(tmp_path, text, name="bad data.csv")
    with pytest.raises(DatasetError) as info:
        load_csv(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_csv_missing_file(tmp_path):
    path = tmp_path / "nowhere.csv"
    with pytest.raises(DatasetError, match="not found") as info:
        load_csv(path)
    assert str(path) in str(info.value)


def test_csv_directory_is_unreadable(tmp_path):
    with pytest.raises(DatasetError) as info:
        load_csv(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_csv_that_is_not_text(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"x1,y1\n1,2\n\xff\xfe\x00\x89PNG\n")
    with pytest.raises(DatasetError, match="UTF-8") as info:
        load_csv(path)
    assert str(path) in str(info.value)


def test_csv_with_a_nul_byte_names_the_line(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"x1,y1\n1,2\n3,\x004\n")
    with pytest.raises(DatasetError) as info:
        load_csv(path)
    assert str(path) in str(info.value) and "line 3" in str(info.value)


# -- limits and bounded reads ------------------------------------------------------------------


def test_dataset_errors_are_the_one_file_error_type():
    from core.errors import FileError

    assert issubclass(DatasetError, FileError)
    with pytest.raises(FileError) as info:
        make_dataset("moons", noise="0.1")
    assert (info.value.field, info.value.detail) == ("noise", "'0.1' is not a number")


@pytest.mark.parametrize(
    ("config", "shape"),
    [
        ({"name": "moons"}, (200, 2, 1)),
        ({"name": "blobs", "n_samples": 40, "centers": 5}, (40, 2, 5)),
        ({"name": "sine", "n_samples": 100_000}, (100_000, 1, 1)),
        ({"name": "csv", "path": "anything.csv"}, None),
    ],
)
def test_dataset_shape_is_known_without_generating(config, shape, monkeypatch):
    from core import datasets

    monkeypatch.setattr(datasets, "GENERATORS", {k: None for k in datasets.GENERATORS})
    assert datasets.dataset_shape(config) == shape


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"name": "mnist"}, "name"),
        ({"name": "moons", "noise": "0.1"}, "noise"),
        ({"name": "moons", "n_samples": 100_001}, "n_samples"),
        ({"name": "csv", "path": "a\0b"}, "path"),
        ({"name": "csv", "path": ""}, "path"),
    ],
)
def test_dataset_shape_checks_like_dataset_from_config(config, field):
    from core.datasets import dataset_shape

    for function in (dataset_shape, dataset_from_config):
        with pytest.raises(DatasetError) as info:
            function(config)
        assert info.value.field == field


def test_csv_limits_are_named_before_the_data_is_kept(tmp_path, monkeypatch):
    from core import datasets

    monkeypatch.setattr(datasets, "MAX_SAMPLES", 5)
    path = write(tmp_path, "x1,y1\n" + "1,2\n" * 6)
    with pytest.raises(DatasetError, match=r"line 7: more than the limit MAX_SAMPLES = 5 data"):
        load_csv(path)
    monkeypatch.setattr(datasets, "MAX_DATA_VALUES", 7)
    path = write(tmp_path, "x1,x2,y1\n" + "1,2,3\n" * 3)
    with pytest.raises(DatasetError, match=r"line 4: more than the limit MAX_DATA_VALUES = 7"):
        load_csv(path)
    from core import files

    monkeypatch.setattr(files, "MAX_CSV_LINE_LENGTH", 20)  # the line reader lives in core.files
    path = write(tmp_path, "x1,y1\n1,2\n" + "1" * 30 + ",2\n")
    with pytest.raises(DatasetError, match=r"line 3: longer than the limit MAX_CSV_LINE_LENGTH"):
        load_csv(path)


def test_csv_with_more_columns_than_a_layer_may_have(tmp_path):
    header = ",".join(f"x{i}" for i in range(1, 4098)) + ",y1\n"
    path = write(tmp_path, header + ",".join(["0"] * 4098) + "\n")
    with pytest.raises(DatasetError, match=r"4097 x columns, more than the limit MAX_WIDTH"):
        load_csv(path)


def test_csv_larger_than_its_limit_is_refused_unread(tmp_path):
    from core.limits import MAX_CSV_BYTES

    path = tmp_path / "huge.csv"
    with open(path, "wb") as file:
        file.truncate(MAX_CSV_BYTES + 1)  # sparse: nothing is written, nothing may be read
    with pytest.raises(DatasetError, match=r"larger than the limit MAX_CSV_BYTES = 64 MiB"):
        load_csv(path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_csv_that_is_a_device_or_a_fifo_is_refused(tmp_path):
    import os

    with pytest.raises(DatasetError, match="is a character device, not a regular file"):
        load_csv("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DatasetError, match=r"is a FIFO \(named pipe\), not a regular file"):
        load_csv(fifo)


def test_csv_that_is_not_utf8_names_line_and_column(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("x1,y1\n1,2\nżó,".encode() + b"\xff\n")
    with pytest.raises(DatasetError) as info:
        load_csv(path)
    assert "line 3, column 4: not UTF-8 text (byte 0xff" in str(info.value)
    assert (info.value.line, info.value.column) == (3, 4)
