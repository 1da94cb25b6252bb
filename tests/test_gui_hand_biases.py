"""Issue 13: biases set by hand (a neuron clicked or dragged), entries of Aᵢ and bᵢ chosen in
the Matrices tab's heatmaps and outlined there, the choice kept across a rebuild, hover values
that follow training."""

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
    neurons = window.ws.neurons
    click_viewport(qtbot, neurons, neurons.neuron_viewport_pos(k, j))
    qtbot.waitUntil(lambda: window.model.entry == (k - 1, "b", j, 0))
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


def test_a_click_on_a_neuron_chooses_its_bias_and_a_typed_value_lands_in_b(qtbot, window):
    m = window.model
    m.select_theta(1)
    window.refresh_all()
    _neuron_view(qtbot, window)
    # Neuron 2 of f_2 (its picture lies over its disc): b_1[2], since θ_1 feeds f_2.
    _click_neuron(qtbot, window, 2, 2)
    ws = window.ws
    assert ws.weight_editor.isVisible()
    assert ws.weight_name.text() == "b<sub>2</sub> of b<sub>1</sub> ="
    assert ws.weight_value.value() == round(_bias(m, 1, 2), 6)
    neurons = ws.neurons
    assert neurons.marker is not None and neurons.marker.isVisible()
    assert neurons.marker.sceneBoundingRect().contains(neurons.neurons[(2, 2)].rect().center())
    lit = {key for key, item in neurons.weights.items() if item.lit}
    # Its paths to L: out of neuron 2 of f_2, then every later weight; none of A_1 itself.
    assert lit == {key for key in neurons.weights if key[0] == 2 and key[2] == 2} | {
        key for key in neurons.weights if key[0] > 2
    }
    paths = ws.paths_label.text().replace("\u2060", "")  # word joiners keep ∂L/∂b whole
    assert "∂L/∂b<sub>2</sub> of b<sub>1</sub>" in paths and "entry 2 of ∂L/∂b<sub>1</sub>" in paths
    assert "✔" in paths
    loss, prediction = m.sample_loss(), ws.prediction.surface.image.copy()
    chain = window.presenter.frame.chain.grad_A.copy()
    _type(qtbot, ws.weight_value, "2.5")
    # In the same turn: b, the loss, the chain and the prediction.
    assert _bias(m, 1, 2) == 2.5 and m.display.b[1].reshape(-1)[2] == 2.5
    assert m.sample_loss() != loss
    assert not np.allclose(window.presenter.frame.chain.grad_A, chain)
    assert not np.array_equal(ws.prediction.surface.image, prediction)
    # The neuron's hover says the new value.
    assert "b<sub>2</sub> of b<sub>1</sub> = 2.5" in window.presenter.neuron_tooltip(
        "neuron", (2, 2)
    )
    ws.neurons.setFocus()
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert m.sample_loss() == loss


def test_an_input_neuron_has_no_bias_to_choose(qtbot, window):
    _neuron_view(qtbot, window)
    neurons = window.ws.neurons
    click_viewport(qtbot, neurons, neurons.neuron_viewport_pos(0, 1))
    assert window.model.entry is None and not window.ws.weight_editor.isVisible()


def _mouse(view, kind, pos, buttons):
    event = QtGui.QMouseEvent(
        kind,
        QtCore.QPointF(pos),
        QtCore.QPointF(view.viewport().mapToGlobal(pos)),
        LEFT,
        buttons,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(view.viewport(), event)


def test_dragging_the_chosen_neuron_sets_its_bias_and_one_undo_restores_it(qtbot, window):
    m = window.model
    _neuron_view(qtbot, window)
    _click_neuron(qtbot, window, 1, 3)
    neurons = window.ws.neurons
    old, loss = _bias(m, 0, 3), m.sample_loss()
    start = neurons.neuron_viewport_pos(1, 3)
    Type = QtCore.QEvent.Type
    _mouse(neurons, Type.MouseButtonPress, start, LEFT)
    values = []
    for dy in (10, 25, 40):  # upward: larger
        _mouse(neurons, Type.MouseMove, start - QtCore.QPoint(0, dy), LEFT)
        values.append(_bias(m, 0, 3))
    _mouse(neurons, Type.MouseButtonRelease, start - QtCore.QPoint(0, 40), QtCore.Qt.MouseButton(0))
    assert old < values[0] < values[1] < values[2] == _bias(m, 0, 3)
    assert m.sample_loss() != loss
    assert m.entry == (0, "b", 3, 0)  # the drag kept the choice (it was no pan, no click)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert _bias(m, 0, 3) == old and m.sample_loss() == loss  # exactly, in one step
    assert not m.can_undo


def test_a_gradient_cell_chooses_a_weight_and_is_outlined(qtbot, window):
    m = window.model
    m.select_theta(1)
    window.refresh_all()
    matrices = window.ws.matrices
    _click_cell(qtbot, matrices.product, 0, 2)
    qtbot.waitUntil(lambda: m.entry == (1, "A", 0, 2))
    assert m.view is View.NEURONS and window.ws.weight_editor.isVisible()
    assert matrices.product.marked == matrices.backprop.marked == (0, 2)
    assert matrices.product._outline.isVisible()
    # The outline sits on that cell, in the heatmap's own coordinates.
    assert matrices.product._outline.rect() == QtCore.QRectF(2, 0, 1, 1)
    assert matrices.factor.marked is None  # the yellow factor's cells are b_1's, not A_1's
    assert window.ws.weight_name.text() == "a<sub>0,2</sub> of A<sub>1</sub> ="
    assert matrices.isVisible()  # the clicked heatmap stays in sight beside the editor


def test_the_yellow_factor_chooses_a_bias_and_a_red_factor_a_weight(qtbot, window):
    m = window.model
    m.select_theta(0)
    window.refresh_all()
    matrices = window.ws.matrices
    factor = window.presenter.matrices_frame.shown_factor
    assert factor.kind == "yellow" and factor.array.shape == (8, 8)  # ∂f_1/∂b_0
    _click_cell(qtbot, matrices.factor, 5, 5)
    qtbot.waitUntil(lambda: m.entry == (0, "b", 5, 0))
    assert window.ws.weight_name.text() == "b<sub>5</sub> of b<sub>0</sub> ="
    assert matrices.factor.marked == (5, 5) and matrices.factor._outline.isVisible()
    assert matrices.product.marked is None
    assert matrices.product._outline is None or not matrices.product._outline.isVisible()
    _type(qtbot, window.ws.weight_value, "-1.25")
    assert _bias(m, 0, 5) == -1.25
    # A red factor ∂f_2/∂f_1 = diag(σ′(z_2)) A_1 has A_1's shape: its cells are A_1's.
    reds = [n for n, f in enumerate(window.presenter.frame.chain.factors) if f.kind == "red"]
    window.select_factor(reds[-1])
    assert window.presenter.matrices_frame.shown_factor.numerator == "f2"
    _click_cell(qtbot, matrices.factor, 3, 4)
    qtbot.waitUntil(lambda: m.entry == (1, "A", 3, 4))
    assert matrices.factor.marked == (3, 4)
    # ∂L/∂f_K belongs to no parameter: a click there leaves the choice.
    window.select_factor(0)
    assert window.presenter.matrices_frame.shown_factor.kind == "loss"
    _click_cell(qtbot, matrices.factor, 0, 0)
    assert m.entry == (1, "A", 3, 4) and matrices.factor.marked is None


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
            assert m.entry == (0, "b", 4, 0)
            assert ws.neurons.marker is not None and ws.neurons.marker.isVisible()
            assert ws.weight_editor.isVisible() and "b<sub>4</sub>" in ws.weight_name.text()
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


def test_hover_values_follow_training_while_the_tooltip_is_on_show(qtbot, window):
    m = window.model
    m.select_theta(1)
    m.set_tab(Tab.MATRICES)
    window.refresh_all()
    heatmap = window.ws.matrices.backprop
    centre = heatmap.view.mapViewToScene(QtCore.QPointF(0.5, 0.5))
    where = heatmap.plot.mapFromScene(centre)
    event = QtGui.QHelpEvent(
        QtCore.QEvent.Type.ToolTip, where, heatmap.plot.viewport().mapToGlobal(where)
    )
    QtWidgets.QApplication.sendEvent(heatmap.plot.viewport(), event)
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
    where = neurons.weight_viewport_pos(0, 3, 1)
    event = QtGui.QHelpEvent(
        QtCore.QEvent.Type.ToolTip, where, neurons.viewport().mapToGlobal(where)
    )
    QtWidgets.QApplication.sendEvent(neurons.viewport(), event)
    qtbot.waitUntil(QtWidgets.QToolTip.isVisible)
    first = QtWidgets.QToolTip.text()
    assert first.startswith("a<sub>3,1</sub> of A<sub>0</sub>")
    window.set_training(True)
    try:
        qtbot.waitUntil(lambda: QtWidgets.QToolTip.text() != first)
    finally:
        window.stop_training()
        QtWidgets.QToolTip.hideText()


def test_help_lists_the_mouse_gestures_for_setting_weights_and_biases(qtbot, window):
    dialog = window.show_shortcuts()
    table = dialog.findChild(QtWidgets.QTableWidget)
    rows = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    assert ("Neuron view: choose a neuron's bias to set by hand", "click a neuron") in rows
    assert ("Matrices: choose the weight or bias a cell stands for", "click a cell") in rows
    dialog.close()
