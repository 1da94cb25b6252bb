"""Image data in the window, driven as a user would: the loss and the test share chosen in the
side panel, digits picked from the data-set list, File → Import images… with an image CSV and
an IDX pair the test writes, and broken files refused with the file and place named."""

import gzip
import struct

import numpy as np
from PySide6 import QtCore, QtWidgets

from explorer.window import dialogs
from explorer.window.image_import import ImageImportDialog
from explorer.window.jobs import running_jobs
from tests.gui_helpers import open_window

Qt = QtCore.Qt


def choose(qtbot, combo: QtWidgets.QComboBox, data):
    """Pick the entry holding `data` with the keyboard, as a user without a mouse does (a
    key press on a closed combo box moves its choice and emits activated)."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0, data
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(target - combo.currentIndex())):
        qtbot.keyClick(combo, key)


def type_into(qtbot, spin: QtWidgets.QAbstractSpinBox, text: str):
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def run_check(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: window.model.check.results is not None, timeout=60000)
    qtbot.waitUntil(lambda: not running_jobs())
    return window.model.check.results


def test_the_loss_box_changes_the_chains_first_factor_and_the_check_passes(qtbot):
    window = open_window(qtbot, preset="digits")
    controls = window.ws.controls
    assert controls.loss.currentData() == "squared"
    window.select_theta(0)
    window.select_factor(0)
    window.refresh_all()
    assert "−2" in window.ws.matrices.factor.title.text()
    choose(qtbot, controls.loss, "softmax_cross_entropy")
    assert window.model.spec.loss == "softmax_cross_entropy"
    window.select_theta(0)
    window.select_factor(0)
    window.refresh_all()
    assert "softmax" in window.ws.formula.caption()
    assert "softmax" in window.ws.matrices.factor.title.text()
    assert all(c.passed(1e-5) for c in run_check(qtbot, window))


def test_cross_entropy_on_one_output_is_refused_and_says_why(qtbot, window):
    controls = window.ws.controls
    before = window.model.experiment
    choose(qtbot, controls.loss, "softmax_cross_entropy")
    assert window.model.experiment is before
    assert window.ws.banner.isVisible() and "2 outputs" in window.ws.banner.text()
    assert controls.loss.currentData() == "squared"  # the box shows the loss still in use


def test_the_test_share_holds_out_rows_and_digits_are_in_the_list(qtbot, window):
    controls = window.ws.controls
    assert window.model.split.n_test == 0
    type_into(qtbot, controls.test_share, "0.25")
    assert window.model.experiment.test_fraction == 0.25
    n = window.model.dataset.n_samples
    assert abs(window.model.split.n_test - n / 4) <= 2
    choose(qtbot, controls.dataset, "digits")
    assert window.model.dataset.name == "digits"
    assert window.model.spec.sizes[0] == 64 and window.model.spec.sizes[-1] == 10
    assert window.model.experiment.test_fraction == 0.25  # kept across data sets
    window.refresh_all()
    assert window.ws.prediction.images.isVisible()


# -- File → Import images… ---------------------------------------------------------------------


def write_image_csv(path, rows=12, width=3, height=2, classes=3):
    rng = np.random.default_rng(0)
    lines = ["label," + ",".join(f"p{i}" for i in range(width * height))]
    for r in range(rows):
        pixels = rng.integers(0, 256, width * height)
        lines.append(f"{r % classes}," + ",".join(map(str, pixels)))
    path.write_text("\n".join(lines) + "\n")
    return path


def write_idx(folder, count=10, rows=4, cols=4, gz=False):
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (count, rows, cols), dtype=np.uint8)
    labels = (np.arange(count) % 5).astype(np.uint8)
    images = struct.pack(">IIII", 0x803, count, rows, cols) + pixels.tobytes()
    label_bytes = struct.pack(">II", 0x801, count) + labels.tobytes()
    suffix = ".gz" if gz else ""
    opener = gzip.open if gz else open
    paths = folder / f"images-idx3-ubyte{suffix}", folder / f"labels-idx1-ubyte{suffix}"
    for path, data in zip(paths, (images, label_bytes), strict=True):
        with opener(path, "wb") as f:
            f.write(data)
    return paths, pixels, labels


def test_import_an_image_csv(qtbot, window, tmp_path):
    path = write_image_csv(tmp_path / "faces.csv")
    assert window.import_images({"name": "image_csv", "path": str(path), "width": 3})
    m = window.model
    assert m.dataset.name == "image_csv" and m.dataset.image_shape == (2, 3)
    assert m.spec.sizes[0] == 6 and m.spec.sizes[-1] == 3
    assert window.ws.controls.dataset.currentData() == "image_csv"
    window.refresh_all()
    assert window.ws.prediction.images.isVisible()
    window.step_once()  # it trains


def test_import_an_idx_pair(qtbot, window, tmp_path):
    (images, labels), pixels, truth = write_idx(tmp_path, gz=True)
    assert window.import_images({"name": "idx", "images": str(images), "labels": str(labels)})
    m = window.model
    assert m.dataset.image_shape == (4, 4) and m.dataset.n_samples == 10
    np.testing.assert_allclose(m.dataset.image(3), pixels[3] / 255)
    np.testing.assert_array_equal(m.dataset.labels(), truth)


def test_broken_image_files_name_the_file_and_place_and_change_nothing(
    qtbot, window, tmp_path, monkeypatch
):
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, title, text: shown.append(text))
    before = window.model.experiment
    path = write_image_csv(tmp_path / "broken.csv")
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(",", ",x", 1)  # line 4 of the file: a pixel that is no number
    path.write_text("\n".join(lines) + "\n")
    assert not window.import_images({"name": "image_csv", "path": str(path)})
    assert "broken.csv" in shown[-1] and "line 4" in shown[-1], shown[-1]
    (images, labels), _, _ = write_idx(tmp_path)
    images.write_bytes(images.read_bytes()[:-5])  # cut short
    assert not window.import_images({"name": "idx", "images": str(images), "labels": str(labels)})
    assert images.name in shown[-1] and "byte" in shown[-1], shown[-1]
    assert window.model.experiment is before
    assert not running_jobs()


def test_the_import_dialog_makes_the_recipe(qtbot, tmp_path):
    dialog = ImageImportDialog()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # nothing chosen yet
    qtbot.keyClicks(dialog.csv_path.edit, str(tmp_path / "a.csv"))
    type_into(qtbot, dialog.width, "28")
    assert dialog.ok_button.isEnabled()
    assert dialog.config() == {"name": "image_csv", "path": str(tmp_path / "a.csv"), "width": 28}
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.idx_images.edit, "/data/train-images-idx3-ubyte.gz")
    qtbot.keyClicks(dialog.idx_labels.edit, "/data/train-labels-idx1-ubyte.gz")
    type_into(qtbot, dialog.n_samples, "5000")
    assert dialog.config() == {
        "name": "idx",
        "images": "/data/train-images-idx3-ubyte.gz",
        "labels": "/data/train-labels-idx1-ubyte.gz",
        "n_samples": 5000,
    }
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_file_menu_import_images_asks_then_loads(qtbot, window, tmp_path, monkeypatch):
    path = write_image_csv(tmp_path / "menu.csv", width=2, height=2)
    monkeypatch.setattr(
        dialogs, "ask_images", lambda parent: {"name": "image_csv", "path": str(path)}
    )
    action = next(a for a in window.menus.actions if a.text().startswith("Import images"))
    action.trigger()
    assert window.model.dataset.image_shape == (2, 2)


def test_a_clicked_test_image_is_shown_beside_the_formula(qtbot):
    window = open_window(qtbot, preset="digits")
    panel = window.ws.prediction.images
    # Drawn at start-up, before any step (the first drawing comes before the window shows).
    assert len(panel._rows) == panel._capacity > 0 and panel.confusion.array is not None
    assert panel.confusion.array.sum() == window.model.split.n_test
    n = 5
    qtbot.mouseClick(panel.buttons[n], Qt.MouseButton.LeftButton)
    row = panel._rows[n]
    assert window.model.sample == row
    window.select_theta(0)
    window.refresh_all()
    formula = window.ws.formula
    shown = formula.sample_image
    assert (shown.width(), shown.height()) == (8, 8)
    grey = np.array([[shown.pixelColor(c, r).red() for c in range(8)] for r in range(8)])
    expected = 255 - np.clip(window.model.dataset.image(row), 0, 1) * 255
    np.testing.assert_allclose(grey, expected, atol=1)
    label = window.model.dataset.class_names[window.model.dataset.labels()[row]]
    assert formula.sample_image_label.endswith(label) and f"#{row}" in formula.caption()
    # Not for 2-D points.
    window.open_preset("moons")
    window.refresh_all()
    assert window.ws.formula.sample_image is None


def test_at_1024_by_768_the_test_images_are_whole(qtbot):
    window = open_window(qtbot, preset="digits", size=(1024, 768))
    panel = window.ws.prediction.images
    shown = [b for b in panel.buttons if b.isVisible()]
    assert len(shown) == panel._capacity >= 8  # at least a row
    for button in shown:  # every label under its image readable, none squeezed
        assert button.height() >= button.sizeHint().height(), button.text()
        assert panel.rect().contains(button.geometry().translated(button.parentWidget().pos()))
    # The confusion matrix gets room for its 10 x 10 cells.
    assert min(panel.confusion.cell_pixels()) >= 8


def test_step_through_shows_the_input_as_its_image(qtbot):
    """Digits: the first step (x = f_0 enters) draws the 64 inputs as the 8 x 8 picture of the
    chosen sample, not as a column one cell wide; the other steps keep their shapes."""
    window = open_window(qtbot, preset="digits")
    window.select_theta(0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    stepper = window.ws.stepper
    assert stepper.index == 0
    shown = stepper.maps[0].array
    assert shown.shape == (8, 8)
    np.testing.assert_array_equal(shown, window.model.dataset.image(window.model.sample))
    assert "8×8" in stepper.maps[0].title.text()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # z_1 and f_1: columns of 32
    assert stepper.maps[0].array.shape == (32, 1)


def test_step_through_keeps_a_column_for_points(qtbot, window):
    window.select_theta(0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.ws.stepper.maps[0].array.shape == (window.model.spec.sizes[0], 1)
