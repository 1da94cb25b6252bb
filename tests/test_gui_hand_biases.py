"""Issue 13, beyond tests/test_gui_hand_weights.py: a bias's paths summed and checked, what a
typed bias changes on screen, red factor cells that choose weights, the choice through every
rebuild, a bias typed while training, and tooltips on show that follow training."""

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.model import Change, Tab, View
from tests.gui_helpers import click_viewport

LEFT = QtCore.Qt.MouseButton.LeftButton


def _neuron_view(qtbot, window):
    qtbot.mouseClick(window.ws.neuron_button, LEFT)
    assert window.model.view is View.NEURONS
    window.refresh_all()


def _click_neuron(qtbot, window, k, j):
    """A real click on neuron j of f_k (on its thumbnail, which lies over its disc)."""
    neurons = window.ws.neurons
    click_viewport(qtbot, neurons, neurons.mapFromScene(neurons.neurons[(k, j)].rect().center()))
    qtbot.waitUntil(lambda: window.model.bias == (k - 1, j))
    window.refresh_all()


def _type(qtbot, box, text):
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_Return)


def _bias(m, i, j):
    return float(m.network.b[i].reshape(-1)[j])


def _click_cell(qtbot, heatmap, row, col):
    centre = heatmap.view.mapViewToScene(QtCore.QPointF(col + 0.5, row + 0.5))
    qtbot.mouseClick(heatmap.plot.viewport(), LEFT, pos=heatmap.plot.mapFromScene(centre))


def test_a_typed_bias_moves_loss_chain_and_prediction_and_its_paths_are_summed(qtbot, window):
    m = window.model
    m.select_theta(1)
    window.refresh_all()
    _neuron_view(qtbot, window)
    _click_neuron(qtbot, window, 2, 2)  # neuron 2 of f_2: b_1[2], since θ_1 feeds f_2
    ws = window.ws
    # The label sums the paths from neuron 2 of f_2 to L and checks the sum against backprop.
    paths = m.bias_paths()
    label = ws.paths_label.text().replace("\u2060", "")  # word joiners keep ∂L/∂b whole
    assert f"sum over {paths.n_paths} path" in label and "✔" in label
    assert f"<b>{paths.total:.6g}</b>" in label and f"{m.bias_gradient():.6g}" in label
    # Hover gives the bias's value, as it gives a weight's.
    hover = window.presenter.neuron_tooltip("neuron", (2, 2))
    assert f"b<sub>1</sub>[2] = {_bias(m, 1, 2):.6g}" in hover
    loss, prediction = m.sample_loss(), ws.prediction.surface.image.copy()
    chain = window.presenter.frame.chain.grad_A.copy()
    _type(qtbot, ws.weight_value, "2.5")
    # In the same turn: b, the loss, the chain, the prediction and the hover.
    assert _bias(m, 1, 2) == 2.5 and m.display.b[1].reshape(-1)[2] == 2.5
    assert m.sample_loss() != loss
    assert not np.allclose(window.presenter.frame.chain.grad_A, chain)
    assert not np.array_equal(ws.prediction.surface.image, prediction)
    assert "b<sub>1</sub>[2] = 2.5" in window.presenter.neuron_tooltip("neuron", (2, 2))


def test_a_red_factor_cell_chooses_a_weight_and_the_loss_factor_none(qtbot, window):
    m = window.model
    m.select_theta(0)
    window.refresh_all()
    matrices = window.ws.matrices
    # The red factor ∂f_2/∂f_1 = diag(σ′(z_2)) A_1 has A_1's shape: its cells are A_1's.
    reds = [n for n, f in enumerate(window.presenter.frame.chain.factors) if f.kind == "red"]
    window.select_factor(reds[-1])
    assert window.presenter.frame.shown_factor.numerator == "f2"
    _click_cell(qtbot, matrices.factor, 3, 4)
    qtbot.waitUntil(lambda: m.weight == (1, 3, 4))
    window.refresh_all()
    assert m.view is View.NEURONS and window.ws.weight_editor.isVisible()
    assert matrices.factor.marked == (3, 4) and matrices.factor._outline.isVisible()
    assert matrices.product.marked is None  # ∂L/∂A_0 shows θ_0's weights, not A_1's
    # ∂L/∂f_K belongs to no parameter: a click there leaves the choice and says why.
    window.select_factor(0)
    assert window.presenter.frame.shown_factor.kind == "loss"
    _click_cell(qtbot, matrices.factor, 0, 0)
    assert m.weight == (1, 3, 4) and matrices.factor.marked is None
    assert "no parameter" in window.statusBar().currentMessage()


def test_a_chosen_bias_survives_theme_language_and_presentation_switches(qtbot, window):
    from explorer.look import i18n

    m = window.model
    m.select_theta(0)
    window.refresh_all()
    _neuron_view(qtbot, window)
    _click_neuron(qtbot, window, 1, 4)
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
            window.refresh_all()
            ws = window.ws
            assert m.bias == (0, 4) and ws.neurons.selected_bias == (0, 4)
            assert ws.weight_editor.isVisible() and "b<sub>0</sub>[4]" in ws.weight_name.text()
            assert ws.matrices.factor.marked == (4, 4)
    finally:
        i18n.install(QtWidgets.QApplication.instance(), "en")


def test_a_bias_typed_while_training_pauses_lands_and_training_goes_on(qtbot, window):
    m = window.model
    _neuron_view(qtbot, window)
    _click_neuron(qtbot, window, 1, 0)
    landed = []
    m.subscribe(
        lambda change: (
            landed.append((m.training, _bias(m, 0, 0)))
            if Change.PARAMETERS in change and m.can_undo
            else None
        )
    )
    window.set_training(True)
    try:
        qtbot.waitUntil(lambda: m.history.count > 3)
        _type(qtbot, window.ws.weight_value, "0.75")
        assert landed[0] == (False, 0.75)  # set between two steps, training stopped
        assert window.is_training
        at = m.history.count
        qtbot.waitUntil(lambda: m.history.count > at + 3)  # and it trains on from there
    finally:
        window.stop_training()
    # Undo puts back the value training had reached when the edit came, redo the edit.
    assert m.undo() and _bias(m, 0, 0) != 0.75
    assert m.redo() and _bias(m, 0, 0) == 0.75


def _show_tooltip(viewport, where):
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, where, viewport.mapToGlobal(where))
    QtWidgets.QApplication.sendEvent(viewport, event)


def test_a_heatmap_tooltip_on_show_follows_training(qtbot, window):
    m = window.model
    m.select_theta(1)
    m.set_tab(Tab.MATRICES)
    window.refresh_all()
    # Hover where a user would: on the heatmap as laid out. The tabs not on show are built
    # after the first paint, and the tallest one's minimum height moves the column; the titles
    # set by the first drawing re-lay the panel out in the next turns of the event loop.
    qtbot.waitUntil(lambda: all(window.ws.built(tab) for tab in Tab))
    for _ in range(3):
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
    heatmap = window.ws.matrices.backprop
    centre = heatmap.view.mapViewToScene(QtCore.QPointF(0.5, 0.5))
    _show_tooltip(heatmap.plot.viewport(), heatmap.plot.mapFromScene(centre))
    qtbot.waitUntil(QtWidgets.QToolTip.isVisible)
    first = QtWidgets.QToolTip.text()
    window.set_training(True)
    try:
        qtbot.waitUntil(lambda: QtWidgets.QToolTip.text() != first)
        assert QtWidgets.QToolTip.text() == heatmap.tooltip_at(0, 0)  # the value drawn now
    finally:
        window.stop_training()
        QtWidgets.QToolTip.hideText()


def test_a_neuron_view_tooltip_on_show_follows_training(qtbot, window):
    _neuron_view(qtbot, window)
    neurons = window.ws.neurons
    _show_tooltip(neurons.viewport(), neurons.weight_viewport_pos(0, 3, 1))
    qtbot.waitUntil(QtWidgets.QToolTip.isVisible)
    first = QtWidgets.QToolTip.text()
    assert first.startswith("a<sub>3,1</sub> of A<sub>0</sub>")
    window.set_training(True)
    try:
        qtbot.waitUntil(lambda: QtWidgets.QToolTip.text() != first)  # it moved while training
        assert QtWidgets.QToolTip.text().startswith("a<sub>3,1</sub> of A<sub>0</sub> = ")
    finally:
        window.stop_training()
    try:
        # While training the tooltip follows the neuron view's frames (a few a second), so it
        # may trail the newest step; once stopped, one frame brings it to the value on display.
        window.refresh_all()
        assert QtWidgets.QToolTip.isVisible()
        assert QtWidgets.QToolTip.text() == window.presenter.neuron_tooltip("weight", (0, 3, 1))
        value = window.model.parameter(0, "A", 3, 1)
        assert value != float(first.split("= ")[1].split()[0])
    finally:
        QtWidgets.QToolTip.hideText()


def test_a_heatmap_click_during_the_step_through_says_why_it_chooses_nothing(qtbot, window):
    m, ws = window.model, window.ws
    m.select_theta(1)
    window.refresh_all()
    for _ in range(len(m.steps()) - 1):  # to the last step: every factor multiplied
        window.step_forward()
    m.set_tab(Tab.MATRICES)
    window.refresh_all()
    qtbot.waitUntil(lambda: ws.matrices.product.isVisible())
    _click_cell(qtbot, ws.matrices.product, 0, 0)
    assert m.weight is None and m.view is View.LAYERS and m.step_index >= 0
    assert "step-through" in window.statusBar().currentMessage()
    # The message has the whole line: the experiment's line steps aside while it shows.
    assert window.status.isHidden()
    window.statusBar().clearMessage()
    assert not window.status.isHidden()
    # Left, the same click chooses the weight.
    window.go_step(-1)
    window.refresh_all()
    _click_cell(qtbot, ws.matrices.product, 0, 0)
    assert m.weight == (1, 0, 0) and m.view is View.NEURONS
