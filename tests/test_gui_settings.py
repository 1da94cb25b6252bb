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
