"""Image data: the shipped digits, image CSV files and MNIST IDX files, valid and hostile.

The files are written by the tests themselves; every hostile one must give a DatasetError
that names the file and where in it (line and column, or byte offset), never a crash or an
allocation of the size a header claims.
"""

import gzip
import struct

import numpy as np
import pytest

from core import limits
from core.datasets import (
    Dataset,
    DatasetError,
    dataset_from_config,
    dataset_shape,
    load_digits,
)
from core.image_files import read_idx

# -- digits ----------------------------------------------------------------------------------


def test_digits_are_the_uci_set_scaled_to_unit_pixels():
    data = load_digits()
    assert (data.n_samples, data.n_inputs, data.n_outputs) == (1797, 64, 10)
    assert data.image_shape == (8, 8) and data.task == "classification"
    assert data.class_names == tuple("0123456789")
    assert data.X.min() == 0.0 and data.X.max() == 1.0
    assert np.all(np.isin(data.X * 16, np.arange(17)))  # the raw 0..16 counts, scaled
    assert np.array_equal(data.Y.sum(axis=1), np.ones(1797))  # one-hot
    assert np.array_equal(
        np.bincount(data.labels()), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    )
    # The first image is a 0 (scikit-learn's digits.images[0]).
    assert data.labels()[0] == 0
    assert data.image(0).shape == (8, 8) and data.image(0)[0, 2] == 5 / 16
    assert dataset_from_config({"name": "digits"}).config == {"name": "digits"}
    assert dataset_shape({"name": "digits"}) == (1797, 64, 10)
    with pytest.raises(DatasetError, match="n_samples: not a field of the digits"):
        dataset_shape({"name": "digits", "n_samples": 5})


def test_digits_arrays_are_shared_read_only():
    a, b = load_digits(), load_digits()
    assert np.shares_memory(a.X, b.X)
    with pytest.raises(ValueError, match="read-only"):
        a.X[0, 0] = 1.0


def test_point_data_has_no_image_and_plus_minus_class_names():
    data = dataset_from_config({"name": "moons", "n_samples": 20})
    assert data.image_shape is None and data.class_names == ("-1", "+1")
    assert data.n_classes == 2
    with pytest.raises(ValueError, match="holds points, not images"):
        data.image(0)
    assert dataset_from_config({"name": "sine", "n_samples": 20}).class_names is None
    with pytest.raises(DatasetError, match="image_shape"):
        Dataset("x", np.zeros((2, 6)), np.zeros((2, 2)), "regression", {}, (2, 2))


# -- image CSV -------------------------------------------------------------------------------


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_image_csv_without_header_label_first_square(tmp_path):
    rows = ["3,0,255,255,0", "1,255,0,0,255", "0,0,0,0,0"]
    path = write(tmp_path, "imgs.csv", "\n".join(rows) + "\n")
    data = dataset_from_config({"name": "image_csv", "path": str(path)})
    assert data.image_shape == (2, 2) and data.n_outputs == 4  # classes 0..3
    assert np.array_equal(data.labels(), [3, 1, 0])
    assert np.array_equal(data.X[0], [0, 1, 1, 0])  # divided by the largest pixel, 255
    assert data.config == {
        "name": "image_csv",
        "path": str(path),
        "width": None,
        "label_column": None,
        "pixel_max": None,
        "classes": None,
    }


def test_image_csv_with_header_label_column_width_and_classes(tmp_path):
    text = "p1,p2,p3,p4,p5,p6,Label\n" + "1,2,3,4,5,6,1\n" + "0,0,0,0,0,16,0\n"
    path = write(tmp_path, "wide.csv", text)
    data = dataset_from_config(
        {"name": "image_csv", "path": str(path), "width": 3, "pixel_max": 16, "classes": 10}
    )
    assert data.image_shape == (2, 3) and data.n_outputs == 10
    assert np.array_equal(data.labels(), [1, 0])
    assert data.X[1, 5] == 1.0 and data.X[0, 0] == 1 / 16


@pytest.mark.parametrize(
    ("text", "config", "message"),
    [
        ("1,0,0\n", {}, r"2 pixels per image is not a square number; give the image width"),
        ("1,0,0,0,0\n", {"width": 3}, r"4 pixels per image is not a multiple of width = 3"),
        ("1,0,0,0,0\n2,0,0,0\n", {}, r"line 2: 4 values, expected 5"),
        ("1,0,nan,0,0\n", {}, r"line 1, column 3: 'nan' is not finite"),
        ("1,0,0,0,0\n1,0,x,0,0\n", {}, r"line 2, column 3: 'x' is not a number"),
        ("a,b,c,d,label\n1,1,1,1,1.5\n", {}, r"line 2, column 5 \(label\): label '1.5' is not"),
        ("-1,0,0,0,0\n", {}, r"line 1, column 1: label '-1' is not an integer"),
        ("1000,0,0,0,0\n", {}, r"label '1000' is not an integer 0 \.\. 999"),
        ("1,0,-3,0,0\n", {}, r"line 1, column 3: pixel '-3' is negative"),
        ("1,0,0,0,0\n5,0,0,0,0\n", {"classes": 3}, r"line 2, column 1: label 5 is not below"),
        ("1,0,0,0,9\n", {"pixel_max": 4}, r"line 1: pixel 9 is above pixel_max = 4"),
        ("1,0,0,0,0\n", {"label_column": 9}, r"label_column = 9, but the rows have 5"),
        ("label,a,b,c,d\n", {}, r"no image rows"),
        ("", {}, r"no image rows"),
        ("7\n", {}, r"1 column; an image row needs pixels and a label"),
    ],
)
def test_hostile_image_csv_files_are_named_with_line_and_column(tmp_path, text, config, message):
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(DatasetError, match=message) as caught:
        dataset_from_config({"name": "image_csv", "path": str(path), **config})
    assert str(caught.value).startswith(str(path)) or "classes" in str(caught.value)


def test_image_csv_limits(tmp_path, monkeypatch):
    wide = ",".join(["0"] * (limits.MAX_WIDTH + 2))
    path = write(tmp_path, "wide.csv", wide + "\n")
    with pytest.raises(DatasetError, match=r"4097 pixels per image, more than the limit MAX_WIDTH"):
        dataset_from_config({"name": "image_csv", "path": str(path)})
    import core.image_files as image_files

    monkeypatch.setattr(image_files, "MAX_SAMPLES", 2)
    path = write(tmp_path, "long.csv", "1,0,0,0,0\n" * 3)
    with pytest.raises(DatasetError, match=r"line 3: more than the limit MAX_SAMPLES = 2 images"):
        dataset_from_config({"name": "image_csv", "path": str(path)})
    monkeypatch.setattr(image_files, "MAX_SAMPLES", 100)
    monkeypatch.setattr(image_files, "MAX_DATA_VALUES", 15)  # 15 values read, 18 with classes
    with pytest.raises(DatasetError, match=r"3 images of 4 pixels with 2 classes make 18 values"):
        dataset_from_config({"name": "image_csv", "path": str(path)})


def test_image_csv_recipe_fields_are_checked_before_reading():
    with pytest.raises(DatasetError, match=r"colour: not a field of a image_csv dataset config"):
        dataset_shape({"name": "image_csv", "path": "x.csv", "colour": 1})
    with pytest.raises(DatasetError, match=r"width: 0 is less than 1"):
        dataset_shape({"name": "image_csv", "path": "x.csv", "width": 0})
    with pytest.raises(DatasetError, match=r"pixel_max: -1 is not a positive number"):
        dataset_shape({"name": "image_csv", "path": "x.csv", "pixel_max": -1})
    with pytest.raises(DatasetError, match=r"path: None is not a file path"):
        dataset_shape({"name": "image_csv"})
    assert dataset_shape({"name": "image_csv", "path": "x.csv"}) is None


# -- MNIST IDX -------------------------------------------------------------------------------


def idx_images(images: np.ndarray) -> bytes:
    n, r, c = images.shape
    return struct.pack(">BBBBIII", 0, 0, 8, 3, n, r, c) + images.astype(np.uint8).tobytes()


def idx_labels(labels) -> bytes:
    return struct.pack(">BBBBI", 0, 0, 8, 1, len(labels)) + bytes(labels)


def write_idx(tmp_path, images_bytes, labels_bytes, gz=False):
    suffix = ".gz" if gz else ""
    imgs, labs = tmp_path / f"img-idx3-ubyte{suffix}", tmp_path / f"lab-idx1-ubyte{suffix}"
    imgs.write_bytes(gzip.compress(images_bytes) if gz else images_bytes)
    labs.write_bytes(gzip.compress(labels_bytes) if gz else labels_bytes)
    return imgs, labs


@pytest.mark.parametrize("gz", [False, True])
def test_idx_files_plain_and_gzipped(tmp_path, gz):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(5, 3, 4))
    labels = [0, 9, 3, 3, 1]
    imgs, labs = write_idx(tmp_path, idx_images(images), idx_labels(labels), gz)
    data = dataset_from_config({"name": "idx", "images": str(imgs), "labels": str(labs)})
    assert data.image_shape == (3, 4) and data.n_outputs == 10
    assert np.array_equal(data.labels(), labels)
    assert np.allclose(data.X, images.reshape(5, 12) / 255, rtol=0, atol=0)
    first = dataset_from_config(
        {"name": "idx", "images": str(imgs), "labels": str(labs), "n_samples": 2}
    )
    assert first.n_samples == 2 and first.n_outputs == 10  # classes = max label + 1 = 10
    assert np.array_equal(first.X, data.X[:2])


def test_hostile_idx_files(tmp_path):
    good = np.zeros((3, 2, 2))

    def fails(images_bytes, labels_bytes, message, **options):
        imgs, labs = write_idx(tmp_path, images_bytes, labels_bytes)
        with pytest.raises(DatasetError, match=message):
            read_idx(imgs, labs, **options)

    labels = idx_labels([0, 1, 2])
    fails(b"\x00\x00\x08", labels, r"3 bytes, too short for an IDX header \(byte 0\)")
    fails(b"PK\x03\x04" + bytes(20), labels, r"byte 0: magic number 504b0304 is not an IDX")
    fails(b"\x00\x00\x0d\x03" + bytes(12), labels, r"byte 2: data type 0x0d is not unsigned")
    fails(b"\x00\x00\x08\x02" + bytes(12), labels, r"byte 3: 2 dimensions, expected 3")
    fails(b"\x00\x00\x08\x03" + bytes(6), labels, r"byte 10: the header is truncated")
    fails(idx_images(good)[:-3], labels, r"byte 25: the file ends early; its header declares 3")
    fails(idx_images(good) + b"xx", labels, r"byte 28: 2 bytes more than the header declares")
    fails(idx_images(good), idx_labels([0, 1]), r"byte 4: 2 labels for the 3 images")
    fails(idx_images(good), idx_labels([0, 1, 7]), r"byte 10: label 7 is not below", classes=5)
    # Dimensions beyond the limits, from the header alone (the file is 16 bytes: nothing of
    # the declared size is allocated or read).
    huge = struct.pack(">BBBBIII", 0, 0, 8, 3, 10, 100, 100)
    fails(huge, labels, r"byte 8: images of 100 x 100 pixels; .* MAX_WIDTH = 4096")
    many = struct.pack(">BBBBIII", 0, 0, 8, 3, 2**32 - 1, 28, 28)
    fails(many, labels, r"the file ends early; its header declares 4,294,967,295 images")


def test_idx_counts_beyond_the_sample_and_value_limits(tmp_path, monkeypatch):
    import core.image_files as image_files

    images = np.zeros((6, 2, 2))
    imgs, labs = write_idx(tmp_path, idx_images(images), idx_labels([0, 1] * 3))
    monkeypatch.setattr(image_files, "MAX_SAMPLES", 5)
    with pytest.raises(DatasetError, match=r"6 images, more than the limit MAX_SAMPLES = 5"):
        read_idx(imgs, labs)
    assert read_idx(imgs, labs, n_samples=5).pixels.shape == (5, 4)
    monkeypatch.setattr(image_files, "MAX_DATA_VALUES", 20)
    with pytest.raises(DatasetError, match=r"5 images of 4 pixels with 2 classes make 30 values"):
        read_idx(imgs, labs, n_samples=5)


def test_gzip_bombs_and_broken_gzip_are_refused(tmp_path, monkeypatch):
    import core.image_files as image_files

    monkeypatch.setattr(image_files, "MAX_IDX_BYTES", 1000)
    bomb = tmp_path / "bomb.gz"
    bomb.write_bytes(gzip.compress(bytes(100_000)))  # 100 KB of zeros in ~100 bytes
    labs = tmp_path / "labs"
    labs.write_bytes(idx_labels([0]))
    with pytest.raises(DatasetError, match=r"decompresses to more than the limit MAX_IDX_BYTES"):
        read_idx(bomb, labs)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(gzip.compress(idx_images(np.zeros((1, 2, 2))))[:-10])
    with pytest.raises(DatasetError, match=r"the gzip data is truncated"):
        read_idx(cut, labs)
    junk = tmp_path / "junk.gz"
    junk.write_bytes(b"\x1f\x8b" + b"not gzip at all")
    with pytest.raises(DatasetError, match=r"not valid gzip data"):
        read_idx(junk, labs)


def test_idx_recipe_paths_relative_to_the_experiment(tmp_path):
    """An experiment names its IDX files relative to itself; errors name the field."""
    from core.experiment import Experiment, ExperimentFileError, open_experiment, save_experiment
    from core.network import NetworkSpec
    from core.optim import OptimizerConfig

    (tmp_path / "data").mkdir()
    write_idx(tmp_path / "data", idx_images(np.zeros((4, 2, 2))), idx_labels([0, 1, 0, 1]))
    experiment = Experiment(
        NetworkSpec((4, 3, 2), ("tanh", "identity"), "softmax_cross_entropy"),
        {"name": "idx", "images": "data/img-idx3-ubyte", "labels": "data/lab-idx1-ubyte"},
        OptimizerConfig(),
        base_dir=tmp_path,
        test_fraction=0.5,
    )
    save_experiment(experiment, tmp_path / "e.json")
    opened = open_experiment(tmp_path / "e.json")
    assert opened.dataset.n_samples == 4
    assert opened.experiment.split(opened.dataset).n_test == 2
    (tmp_path / "data" / "lab-idx1-ubyte").write_bytes(b"\x00\x00\x08\x01")
    with pytest.raises(ExperimentFileError, match=r"e\.json: field 'dataset\.labels': .*header"):
        open_experiment(tmp_path / "e.json")
