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
