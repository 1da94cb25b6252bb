"""Issue 13: weights set by hand (typed, undone), live hover values, heatmap numbers that fit."""

import numpy as np
from PySide6 import QtCore, QtWidgets

from explorer.model import Tab, View
from explorer.views.matrix_view import Heatmap
from tests.gui_helpers import click_viewport


def _neurons(qtbot, window):
    qtbot.mouseClick(window.ws.neuron_button, QtCore.Qt.MouseButton.LeftButton)
    assert window.model.view is View.NEURONS
    click_viewport(qtbot, window.ws.neurons, window.ws.neurons.weight_viewport_pos(0, 3, 1))
    qtbot.waitUntil(lambda: window.model.weight == (0, 3, 1))
    window.refresh_all()


def test_typing_a_weight_changes_the_network_and_ctrl_z_restores_it(qtbot, window):
    m = window.model
    m.select_theta(0)
    window.refresh_all()
    _neurons(qtbot, window)
    assert window.ws.weight_editor.isVisible()
    old = float(m.network.A[0][3, 1])
    loss_before = m.sample_loss()
    chain_before = window.presenter.frame.chain.grad_A.copy()
    box = window.ws.weight_value
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "1.5")
    qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_Return)
    # In the same turn: the network, the loss and the chain's matrices.
    assert m.network.A[0][3, 1] == 1.5 and m.display.A[0][3, 1] == 1.5
    assert m.sample_loss() != loss_before
    assert not np.allclose(window.presenter.frame.chain.grad_A, chain_before)
    assert np.allclose(window.ws.matrices.product.array, window.presenter.frame.chain.grad_A)
    assert m.modified
    window.ws.neurons.setFocus()
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert m.network.A[0][3, 1] == old  # exactly
    assert m.sample_loss() == loss_before
    assert np.array_equal(window.presenter.frame.chain.grad_A, chain_before)
    window.redo()
    assert m.network.A[0][3, 1] == 1.5


def test_dragging_a_weight_is_one_undo_step(qtbot, window):
    m = window.model
    _neurons(qtbot, window)
    old = float(m.network.A[0][3, 1])
    window._weight_dragged(0, 3, 1, old + 0.1, False)
    window._weight_dragged(0, 3, 1, old + 0.2, False)
    window._weight_dragged(0, 3, 1, old + 0.3, True)
    assert m.network.A[0][3, 1] == old + 0.3
    window.undo()
    assert m.network.A[0][3, 1] == old
    assert not m.can_undo


def test_hover_values_are_live_while_training(qtbot, window):
    m = window.model
    _neurons(qtbot, window)
    window.set_training(True)
    try:
        first = window.presenter.neuron_tooltip("weight", (0, 3, 1))
        qtbot.waitUntil(lambda: m.history.count > 5)
        qtbot.waitUntil(lambda: window.presenter.neuron_tooltip("weight", (0, 3, 1)) != first)
        value = m.display.A[0][3, 1]
        assert f"{value:.6g}" in window.presenter.neuron_tooltip("weight", (0, 3, 1))
    finally:
        window.stop_training()


def test_setting_a_parameter_while_training_is_refused_by_the_model(window):
    m = window.model
    window.set_training(True)
    try:
        import pytest

        with pytest.raises(RuntimeError):
            m.set_parameter(0, "A", 0, 0, 1.0)
    finally:
        window.stop_training()
    window.set_parameter(0, "b", 1, 0, 0.25)
    assert m.network.b[0].reshape(-1)[1] == 0.25


def _overlaps(items):
    rects = [i.sceneBoundingRect() for i in items if i.isVisible()]
    return any(a.intersects(b) for n, a in enumerate(rects) for b in rects[n + 1 :])


def test_heatmap_numbers_never_overlap_and_every_cell_has_a_tooltip(qtbot):
    heatmap = Heatmap("A")
    qtbot.addWidget(heatmap)
    heatmap.resize(300, 300)
    heatmap.show()
    qtbot.waitExposed(heatmap)
    array = np.array([[4.5e-11, -0.25, 3.0], [1e5, -7.123456, 0.0]])
    heatmap.set_matrix(array)
    for size in (120, 220, 400, 800):
        heatmap.resize(size, size)
        qtbot.waitUntil(lambda s=size: heatmap.width() == s)
        QtWidgets.QApplication.processEvents()
        items = heatmap._cell_texts[: array.size]
        assert not _overlaps(items)
        width, _ = heatmap.cell_pixels()
        for item in items:
            if item.isVisible():
                assert item.textItem.boundingRect().width() <= width
    assert any(item.isVisible() for item in heatmap._cell_texts)  # at 800 px they fit
    for (r, c), value in np.ndenumerate(array):
        assert heatmap.tooltip_at(r, c) == f"row {r}, column {c}: {float(value)!r}"
    centre = heatmap.view.mapViewToScene(QtCore.QPointF(1.5, 0.5))
    assert heatmap.cell_at(centre) == (0, 1)
    assert heatmap.hover_text(centre) == f"row 0, column 1: {-0.25!r}"
    # A real tooltip event where the user hovers.
    from PySide6 import QtGui

    where = heatmap.plot.mapFromScene(centre)
    event = QtGui.QHelpEvent(
        QtCore.QEvent.Type.ToolTip, where, heatmap.plot.viewport().mapToGlobal(where)
    )
    QtWidgets.QApplication.sendEvent(heatmap.plot.viewport(), event)
    qtbot.waitUntil(lambda: QtWidgets.QToolTip.isVisible())
    assert QtWidgets.QToolTip.text() == f"row 0, column 1: {-0.25!r}"
    QtWidgets.QToolTip.hideText()


def test_matrices_tab_numbers_fit_in_presentation_mode(qtbot, window):
    m = window.model
    m.set_tab(Tab.MATRICES)
    m.select_theta(m.K - 1)
    window.set_presentation(True)
    window.refresh_all()
    for heatmap in (window.ws.matrices.factor, window.ws.matrices.product):
        assert not _overlaps(heatmap._cell_texts)
    window.set_presentation(False)


def test_neuron_thumbnails_are_the_networks_own_outputs_on_the_grid(qtbot, window):
    from PySide6 import QtGui

    from explorer.views.neuron_view import thumbnail_image

    m = window.model
    qtbot.mouseClick(window.ws.neuron_button, QtCore.Qt.MouseButton.LeftButton)
    window.refresh_all()
    neurons = window.ws.neurons
    outputs = m.neuron_outputs()
    x0, y0, x1, y1 = m.input_span()
    g = outputs[0].shape[0]
    gx, gy = np.meshgrid(np.linspace(x0, x1, g), np.linspace(y0, y1, g))
    fs = m.display.forward(np.c_[gx.ravel(), gy.ravel()]).fs
    assert set(neurons.thumbnails) == set(neurons.neurons)
    for k, j in neurons.thumbnails:
        values = fs[k][:, j].reshape(g, g)
        np.testing.assert_array_equal(outputs[k][:, :, j], values)
        expected = QtGui.QPixmap.fromImage(thumbnail_image(values)).toImage()
        assert neurons.thumbnail((k, j)).convertToFormat(expected.format()) == expected
    # Hover says what a thumbnail shows, in one line.
    text = window.presenter.neuron_tooltip("neuron", (1, 0))
    assert "input plane" in text and "\n" not in text
    # Training moves them (at a low rate), and each update is cheap.
    before = neurons.thumbnail((1, 0))
    window.set_training(True)
    try:
        qtbot.waitUntil(lambda: neurons.thumbnail((1, 0)) != before)
    finally:
        window.stop_training()
    assert window.presenter.thumbnail_ms < 20


def test_image_data_shows_first_layer_weights_as_images(qtbot, open_window):
    from PySide6 import QtGui

    from explorer.views.neuron_view import thumbnail_image

    window = open_window("digits")
    m = window.model
    assert m.dataset.is_image
    qtbot.mouseClick(window.ws.neuron_button, QtCore.Qt.MouseButton.LeftButton)
    window.refresh_all()
    neurons = window.ws.neurons
    assert neurons.thumbnails and all(k == 1 for k, _ in neurons.thumbnails)
    h, w = m.dataset.image_shape
    for _, p in neurons.thumbnails:
        row = m.display.A[0][p].reshape(h, w)
        expected = QtGui.QPixmap.fromImage(thumbnail_image(row, flip=False)).toImage()
        assert neurons.thumbnail((1, p)).convertToFormat(expected.format()) == expected
    assert "A<sub>0</sub>" in window.presenter.neuron_tooltip("neuron", (1, 0))


def test_clicking_a_gradient_cell_chooses_that_weight_to_edit(qtbot, window):
    m = window.model
    m.select_theta(1)
    window.refresh_all()
    heatmap = window.ws.matrices.backprop
    centre = heatmap.view.mapViewToScene(QtCore.QPointF(2.5, 0.5))  # row 0, column 2
    qtbot.mouseClick(
        heatmap.plot.viewport(),
        QtCore.Qt.MouseButton.LeftButton,
        pos=heatmap.plot.mapFromScene(centre),
    )
    qtbot.waitUntil(lambda: m.weight == (1, 0, 2))
    assert m.view is View.NEURONS and window.ws.weight_editor.isVisible()
    assert window.ws.weight_value.value() == round(float(m.display.A[1][0, 2]), 6)


def _disc_pos(neurons, k: int, j: int) -> QtCore.QPoint:
    """The viewport point at the centre of neuron j of f_k (its disc, or its thumbnail)."""
    return neurons.mapFromScene(neurons.neurons[(k, j)].rect().center())


def test_clicking_a_neuron_chooses_its_bias_to_type_and_ctrl_z_restores_it(qtbot, window):
    m = window.model
    qtbot.mouseClick(window.ws.neuron_button, QtCore.Qt.MouseButton.LeftButton)
    neurons = window.ws.neurons
    click_viewport(qtbot, neurons, _disc_pos(neurons, 2, 5))  # neuron 5 of f_2: b_1[5]
    qtbot.waitUntil(lambda: m.bias == (1, 5))
    assert m.weight is None and m.chosen_entry == (1, "b", 5, 0)
    window.refresh_all()
    assert window.ws.weight_editor.isVisible()
    assert "b<sub>1</sub>[5]" in window.ws.weight_name.text()
    assert window.ws.weight_value.value() == round(float(m.network.b[1].ravel()[5]), 6)
    # Its paths light: the weights leaving neuron 5 of f_2 and every later one.
    lit = neurons.lit_weights()
    assert lit and all(i == 2 and q == 5 for i, _, q in lit)
    # The label gives backprop's ∂L/∂b_1[5], which a finite difference confirms.
    gradient = m.bias_gradient()
    assert f"{gradient:.6g}" in window.ws.paths_label.text()
    h, b = 1e-6, m.display.b[1].reshape(-1)
    b[5] += h
    up = m.sample_loss()
    b[5] -= 2 * h
    down = m.sample_loss()
    b[5] += h
    assert abs((up - down) / (2 * h) - gradient) <= 1e-6 * max(1.0, abs(gradient))
    old, loss_before = float(m.network.b[1].ravel()[5]), m.sample_loss()
    box = window.ws.weight_value
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "-2.25")
    qtbot.keyClick(box.lineEdit(), QtCore.Qt.Key.Key_Return)
    assert m.network.b[1].ravel()[5] == -2.25 and m.display.b[1].ravel()[5] == -2.25
    assert m.sample_loss() != loss_before
    neurons.setFocus()
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert m.network.b[1].ravel()[5] == old  # exactly
    assert m.sample_loss() == loss_before
    # Choosing a weight drops the bias: one choice at a time.
    window.select_weight((0, 3, 1))
    assert m.bias is None and m.chosen_entry == (0, "A", 3, 1)
    # An input has no bias: a click on x = f_0 chooses nothing.
    window.select_weight(None)
    click_viewport(qtbot, neurons, _disc_pos(neurons, 0, 1))
    assert m.bias is None and m.weight is None


def test_dragging_a_bias_up_raises_it_and_is_one_undo_step(qtbot, window):
    m = window.model
    qtbot.mouseClick(window.ws.neuron_button, QtCore.Qt.MouseButton.LeftButton)
    neurons = window.ws.neurons
    window.select_bias((0, 2))
    window.refresh_all()
    old = float(m.network.b[0].ravel()[2])
    start = _disc_pos(neurons, 1, 2)
    viewport = neurons.viewport()
    Left = QtCore.Qt.MouseButton.LeftButton
    qtbot.mousePress(viewport, Left, pos=start)
    for dy in (10, 20, 30):
        qtbot.mouseMove(viewport, start - QtCore.QPoint(0, dy))
    qtbot.mouseRelease(viewport, Left, pos=start - QtCore.QPoint(0, 30))
    assert m.network.b[0].ravel()[2] > old  # up: larger
    assert m.bias == (0, 2)  # still chosen: a drag is no click
    window.undo()
    assert m.network.b[0].ravel()[2] == old
    assert not m.can_undo


def test_clicking_the_yellow_factor_chooses_a_bias(qtbot, window):
    m = window.model
    m.select_theta(1)
    window.refresh_all()
    heatmap = window.ws.matrices.factor
    assert heatmap.array.shape == (8, 8)  # ∂f_2/∂b_1 = diag(σ'(z_2)): column c is b_1[c]
    centre = heatmap.view.mapViewToScene(QtCore.QPointF(6.5, 6.5))  # row 6, column 6
    pos = heatmap.plot.mapFromScene(centre)
    qtbot.mouseClick(heatmap.plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: m.bias == (1, 6))
    assert m.view is View.NEURONS


def test_the_chosen_bias_survives_a_theme_switch(qtbot, window):
    m = window.model
    qtbot.mouseClick(window.ws.neuron_button, QtCore.Qt.MouseButton.LeftButton)
    window.select_bias((1, 4))
    window.set_theme("light")
    window.refresh_all()
    assert m.bias == (1, 4)
    assert window.ws.neurons.selected_bias == (1, 4)
    assert "b<sub>1</sub>[4]" in window.ws.weight_name.text()
    window.set_theme("dark")


def test_the_model_checks_a_bias_choice():
    import pytest

    from core.experiment import open_preset
    from explorer.model import Model

    m = Model(open_preset("moons").experiment)
    with pytest.raises(ValueError, match="bias"):
        m.select_bias((0, 99))
    with pytest.raises(ValueError, match="bias"):
        m.select_bias((m.K, 0))
    m.select_bias((0, 1))
    assert m.chosen_entry == (0, "b", 1, 0) and m.weight is None
    m.select_weight((0, 1, 0))
    assert m.bias is None and m.chosen_entry == (0, "A", 1, 0)


def test_the_chosen_entry_is_outlined_in_its_heatmaps(qtbot, window):
    m = window.model
    m.select_theta(1)
    window.select_weight((1, 2, 5))
    window.refresh_all()
    mats = window.ws.matrices
    assert mats.product.marked == (2, 5) and mats.backprop.marked == (2, 5)
    assert mats.factor.marked is None  # the yellow factor's cells are biases
    window.select_bias((1, 3))
    window.refresh_all()
    assert mats.factor.marked == (3, 3) and mats.product.marked is None
    m.select_theta(0)  # another θ: its heatmaps show none of θ_1's entries
    window.refresh_all()
    assert mats.factor.marked is None and mats.backprop.marked is None


def test_the_shortcuts_dialog_lists_the_mouse_gestures(qtbot, window):
    from explorer.window.actions import mouse_rows

    rows = mouse_rows()
    assert any("bias" in what and "neuron" in how for _, what, how in rows)
    assert any("cell" in how for _, _, how in rows)
