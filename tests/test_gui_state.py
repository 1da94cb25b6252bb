"""Every frame from one state, and look changes that lose nothing.

- While training flat out, the Matrices tab's verdict (chain product against backprop) is
  drawn from one frame: it reads "equal" every time it is drawn.
- After a pause, a step or a reset, every view shows the last step trained at once.
- Theme, language and presentation switches keep the whole selection, the step-through, the
  teaching tab, the gradient check's results and the graph's zoom and scroll; leaving
  presentation mode restores the window as it was; twenty switches leave nothing behind.
"""

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import Qt

from core.jacobians import chain_for
from explorer.look import i18n, theme
from explorer.model import Tab, View
from explorer.window.jobs import running_jobs
from tests.gui_helpers import click_node


def click(qtbot, widget, pos=None):
    if pos is None:
        pos = widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def record_verdicts(window) -> list:
    """Every verdict the Matrices tab draws from now on: (step shown, equal, difference)."""
    seen = []
    panel = window.ws.matrices
    draw = panel.show_gradients

    def recording(theta, product, backprop, difference, equal, step, *more):
        draw(theta, product, backprop, difference, equal, step, *more)
        seen.append((step, equal, difference, panel.agreement.text()))

    panel.show_gradients = recording
    return seen


def test_the_verdict_reads_equal_in_every_frame_while_training(qtbot, window):
    click_node(qtbot, window, "theta2")
    assert window.model.tab is Tab.MATRICES
    seen = record_verdicts(window)
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: len(seen) >= 50, timeout=60000)
    click(qtbot, window.ws.controls.start)
    assert not running_jobs()
    steps = {step for step, *_ in seen}
    assert len(steps) >= 40, "verdicts from moments during training, not one repeated"
    bad = [entry for entry in seen if not entry[1]]
    assert not bad, f"{len(bad)} of {len(seen)} verdicts read 'differ': {bad[:3]}"
    assert all(difference <= 1e-12 for _, _, difference, _ in seen)
    assert all("✔" in text for *_, text in seen)


def assert_shows_last_step(window):
    """Every view shows the parameters after the last step trained, in this very turn."""
    m = window.model
    count = m.history.count
    assert m.viewed_step == count
    readout = window.ws.loss_plot.readout.text()
    assert f"step {count:,}" in readout and "steps/s" not in readout
    assert f"{m.history.last:.4g}" in readout
    # The curve reaches the last step (decimated: its last point starts the last column).
    assert window.ws.loss_plot.curve.xData[-1] >= count * 0.98
    np.testing.assert_array_equal(m.display.A[0], m.network.A[0])
    chain = chain_for(m.network, m.x, m.y, m.theta)
    np.testing.assert_array_equal(window.ws.matrices.factor.array, chain.factors[-1].array)
    np.testing.assert_allclose(window.ws.matrices.product.array, chain.grad_A, rtol=1e-12)
    assert f"step {count:,}" in window.ws.matrices.agreement.text()
    assert "live" in window.ws.timeline.label.text()
    # The prediction surface is the network's output on the grid, now.
    surface = window.ws.prediction.surface.image
    expected = m.network.predict(window.ws.prediction.grid)[:, 0].reshape(surface.shape)
    np.testing.assert_allclose(surface, expected, rtol=1e-12)


def test_after_pause_step_and_reset_every_view_shows_the_last_step(qtbot, window):
    click_node(qtbot, window, "theta1")
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 1500, timeout=20000)
    click(qtbot, window.ws.controls.start)  # Pause: checked in the same turn, no waiting
    assert not window.is_training
    assert_shows_last_step(window)
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert_shows_last_step(window)
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert window.model.history.count == 0
    assert window.ws.loss_plot.readout.text().startswith("step 0")
    chain = chain_for(window.model.network, window.model.x, window.model.y, 1)
    np.testing.assert_array_equal(window.ws.matrices.factor.array, chain.factors[-1].array)


def full_state(window) -> dict:
    m = window.model
    return {
        "theta": m.theta,
        "factor": m.factor,
        "sample": m.sample,
        "weight": m.weight,
        "step_index": m.step_index,
        "view": m.view,
        "tab": m.tab,
        "check": m.check,
        "steps": m.history.count,
        "live": (m.live, m.viewed_step),
    }


def assert_views_show(window, state, camera):
    ws = window.ws
    assert ws.stepper.index == state["step_index"] == 2
    assert ws.stepper.current() is window.model.steps()[2]
    assert ws.views.currentIndex() == 1 and ws.neuron_button.isChecked()
    lit = ws.neurons.lit_weights()
    assert (0, 3, 1) in lit
    assert ws.current_page() is ws.check_panel
    assert ws.check_panel.table.rowCount() == 3 and "✔" in ws.check_panel.summary.text()
    assert ws.controls.sample.value() == 7
    zoom, x, y = ws.graph.camera()
    # The same zoom and place (a few scene units of slack: larger fonts in presentation mode
    # make the scene, and so its scroll limits, slightly larger).
    assert zoom == pytest.approx(camera[0]) and (x, y) == pytest.approx(camera[1:], abs=3.0)


def test_theme_language_and_presentation_switches_keep_everything(qtbot, window):
    m = window.model
    window.step_once()
    click_node(qtbot, window, "theta1")
    window.select_factor(2)
    window.select_sample(7)
    window.run_gradient_check()
    qtbot.waitUntil(lambda: m.check.results is not None, timeout=20000)
    qtbot.keyClick(window, Qt.Key.Key_V)
    window.select_weight((0, 3, 1))
    window.go_step(2)
    m.set_tab(Tab.CHECK)
    graph = window.ws.graph
    graph.set_camera((1.7, 300.0, 60.0))
    camera = graph.camera()
    before = full_state(window)
    assert before["view"] is View.NEURONS and before["weight"] == (0, 3, 1)
    assert_views_show(window, before, camera)
    try:
        for switch in (
            lambda: window.set_theme("light"),
            lambda: window.set_language("pl"),
            lambda: window.set_presentation(True),
            lambda: window.set_presentation(False),
            lambda: window.set_language("en"),
            lambda: window.set_theme("dark"),
        ):
            switch()
            assert full_state(window) == before
            assert_views_show(window, before, camera)
    finally:
        i18n.install(QtWidgets.QApplication.instance(), "en")
        QtCore.QSettings().remove("language")
        theme.use("dark")


def test_f11_twice_restores_the_window_exactly(qtbot, window):
    window.resize(1100, 700)
    window.move(40, 30)
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(1100, 700))
    geometry = window.geometry()
    for _ in range(2):  # twice over: nothing accumulates
        qtbot.keyClick(window, Qt.Key.Key_F11)
        qtbot.waitUntil(window.isFullScreen)
        assert window.model.presentation and window.menus.presentation.isChecked()
        qtbot.keyClick(window, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: not window.isFullScreen())
        qtbot.waitUntil(lambda: window.geometry() == geometry)
        assert not window.model.presentation and not window.menus.presentation.isChecked()
        assert window.windowState() == Qt.WindowState.WindowNoState
        assert window.ws.side.isVisible()
    # A theme switch afterwards is an ordinary one: side panel shown, normal font size.
    normal = QtWidgets.QApplication.font().pointSizeF()
    window.set_theme("dark")
    assert window.ws.side.isVisible() and not window.isFullScreen()
    assert QtWidgets.QApplication.font().pointSizeF() == normal


def test_leaving_presentation_mode_restores_a_maximised_window(qtbot, window):
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.set_presentation(True)
    qtbot.waitUntil(window.isFullScreen)
    window.set_presentation(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.isMaximized()


def live_widgets() -> tuple[int, int]:
    """(top-level widgets, QMenus) alive once every deferred deletion has happened."""
    app = QtWidgets.QApplication.instance()
    for _ in range(3):
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        app.processEvents()
    menus = [w for w in app.allWidgets() if isinstance(w, QtWidgets.QMenu)]
    return len(app.topLevelWidgets()), len(menus)


def test_twenty_switches_leave_no_widgets_or_menus_behind(qtbot, window):
    window.set_theme("dark")  # the first rebuild creates what every later one reuses
    window.ws.build_all()  # the hidden tabs too, which are otherwise built a turn later
    before = live_widgets()
    try:
        for n in range(20):
            if n % 3 == 0:
                window.set_theme("light" if n % 2 else "dark")
            elif n % 3 == 1:
                window.set_language("pl" if n % 2 else "en")
            else:
                window.set_presentation(not window.model.presentation)
        if window.model.presentation:
            window.set_presentation(False)
        window.set_language("en")
        window.set_theme("dark")
    finally:
        i18n.install(QtWidgets.QApplication.instance(), "en")
        QtCore.QSettings().remove("language")
    window.ws.build_all()
    assert live_widgets() == before


def test_the_side_panel_folds_away_on_a_small_screen_and_ctrl_b_brings_it_back(qtbot, open_window):
    QtCore.QSettings().remove("main_window/side_panel")
    window = open_window(size=(1024, 768))
    assert not window.model.side_panel and not window.ws.side.isVisible()
    assert window.width() <= 1024 and window.minimumSizeHint().width() <= 1024
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.model.side_panel and window.ws.side.isVisible()
    window.set_theme("dark")  # a rebuild keeps it
    assert window.ws.side.isVisible() and window.menus.side_panel.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not window.ws.side.isVisible()
    assert QtCore.QSettings().value("main_window/side_panel") == "false"
    QtCore.QSettings().remove("main_window/side_panel")


def test_plot_options_and_the_flow_comparison_survive_a_rebuild(qtbot, window):
    ws = window.ws
    ws.loss_plot.log_y.setChecked(False)
    ws.loss_plot.follow.setChecked(False)
    ws.norm_widths.setChecked(True)
    window.compare_flow("deep_sigmoid")
    window.set_theme("light")
    try:
        ws = window.ws
        assert not ws.loss_plot.log_y.isChecked() and not ws.loss_plot.follow.isChecked()
        assert ws.norm_widths.isChecked() and window.model.factor_widths
        window.model.set_tab(Tab.FLOW)
        window.refresh_all()
        assert ws.flow_panel.compare.currentData() == "deep_sigmoid"
        assert ws.flow_panel.comparison is not None
    finally:
        window.set_theme("dark")
        window.ws.loss_plot.log_y.setChecked(True)


def test_the_neuron_view_gets_room_on_a_small_screen_and_each_view_keeps_its_sizes(
    qtbot, open_window
):
    QtCore.QSettings().remove("main_window")  # what earlier tests left: a maximised window
    window = open_window(size=(1024, 740))  # without the side panel, as at 1024 px by default
    ws = window.ws
    layers = ws.centre.sizes()
    rows = ws.neurons.limit
    click(qtbot, ws.neuron_button)
    assert window.model.view is View.NEURONS
    graph, formula, tabs = ws.centre.sizes()
    # Half the column here (less than NEURON_PANE); the formula steps aside for it (its minimum
    # and the tabs' leave no more), and its neurons are drawn 1.5 times as large as in the
    # layers' pane or more.
    assert graph >= sum(layers) // 2 and formula == 0, ws.centre.sizes()
    assert ws.neurons.limit >= rows
    roomy = ws.neurons.transform().m22()
    ws.centre.setSizes(layers)
    assert roomy >= 1.5 * ws.neurons.transform().m22()
    ws.centre.setSizes([graph, formula, tabs])
    ws.centre.setSizes([graph - 20, formula, tabs + 20])  # the user's own choice for this view
    chosen = ws.centre.sizes()
    click(qtbot, ws.layer_button)
    assert ws.centre.sizes() == layers and ws.formula.isVisible()
    click(qtbot, ws.neuron_button)
    assert ws.centre.sizes() == chosen
    window.set_theme("dark")  # a rebuild keeps both
    assert window.ws.centre.sizes() == chosen
    click(qtbot, window.ws.layer_button)
    assert window.ws.centre.sizes() == layers
    click(qtbot, window.ws.neuron_button)
    window.close()  # and a restart (closed in the neuron view)
    again = open_window(size=(1024, 740))
    assert again.ws.centre.sizes() == layers
    click(qtbot, again.ws.neuron_button)  # room again for this run's screen
    assert again.ws.centre.sizes()[1] == 0
    QtCore.QSettings().remove("main_window")


def test_the_neuron_pane_takes_room_from_the_tabs_then_the_formula_and_only_if_needed():
    from explorer.window.workspace import NEURON_PANE, roomy_for_neurons

    minimums = [158, 170, 291]
    # 1024 x 768: nothing above the minimums, so the formula steps aside.
    assert roomy_for_neurons([225, 170, 291], minimums) == [395, 0, 291]
    # A taller column: the tabs give what they have above their minimum, then the formula.
    assert roomy_for_neurons([300, 230, 320], minimums) == [NEURON_PANE, 199, 291]
    # A pane already NEURON_PANE high (1600 x 1000) stays as it is.
    assert roomy_for_neurons([387, 233, 326], minimums) == [387, 233, 326]
