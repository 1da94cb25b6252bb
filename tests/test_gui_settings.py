"""Window layout is remembered between runs (QSettings)."""

from tests.gui_helpers import open_window


def test_splitter_sizes_and_log_toggle_survive_a_restart(qtbot):
    first = open_window(qtbot)
    first.ws.main.setSizes([300, 700, 280])
    wanted = first.ws.main.sizes()
    first.ws.loss_plot.log_y.setChecked(False)
    first.close()
    second = open_window(qtbot)
    assert second.ws.main.sizes() == wanted
    assert not second.ws.loss_plot.log_y.isChecked()
    second.ws.loss_plot.log_y.setChecked(True)
    second.close()


def test_loss_and_test_share_from_the_side_panel(qtbot):
    window = open_window(qtbot, preset="digits", size=(1600, 1000))
    c = window.ws.controls
    assert c.loss.currentData() == "squared" and c.test_share.value() == 0.2
    c.loss.activated.emit(c.loss.findData("softmax_cross_entropy"))  # as a choice does
    assert window.model.spec.loss == "softmax_cross_entropy"
    assert "softmax" in window.ws.loss_plot.title.text()
    c.test_share.setValue(0.3)
    c.test_share.editingFinished.emit()
    assert window.model.experiment.test_fraction == 0.3
    assert 0.29 < window.model.split.n_test / window.model.dataset.n_samples < 0.32
    # A refused choice (cross-entropy needs classes) keeps the model and shows what it kept.
    moons = open_window(qtbot, preset="moons", size=(1600, 1000))
    mc = moons.ws.controls
    mc.loss.setCurrentIndex(mc.loss.findData("softmax_cross_entropy"))
    mc.loss.activated.emit(mc.loss.currentIndex())
    assert moons.model.spec.loss == "squared" and mc.loss.currentData() == "squared"
    assert "outputs" in moons.model.notice


def test_a_geometry_qt_cannot_read_gives_the_default_size(qtbot):
    from PySide6 import QtCore

    from core.experiment import load_preset
    from explorer.window.main_window import SETTINGS_GROUP, MainWindow, _default_size

    settings = QtCore.QSettings()
    # Not a geometry at all: restoreGeometry returns False (as it did on a 1024 x 768 X
    # screen for a geometry saved on an 800-wide one).
    settings.setValue(f"{SETTINGS_GROUP}/geometry", QtCore.QByteArray(b"not a geometry"))
    settings.sync()
    window = MainWindow(load_preset("moons"))
    qtbot.addWidget(window)
    assert window.size() == _default_size().expandedTo(window.minimumSizeHint())
    settings.remove(f"{SETTINGS_GROUP}/geometry")
