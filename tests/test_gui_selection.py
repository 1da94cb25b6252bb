"""Selecting theta_i with the mouse or keys lights up exactly its chain, as the note orders and
colours it; the formula names exactly those factors; the heatmaps show the real matrices."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from core.jacobians import chain_for
from explorer.look import theme
from tests.gui_helpers import click_edge, click_node


def note_chain(K, i):
    """The chain of θ_i written out as the note orders it, independently of core.graph:
    f_K -> L, then f_k -> f_{k+1} for k = K-1 down to i+1 (red), then θ_i -> f_{i+1}."""
    edges = [(f"f{K}", "L", "loss")]
    k = K - 1
    while k > i:
        edges.append((f"f{k}", f"f{k + 1}", "red"))
        k -= 1
    return [*edges, (f"theta{i}", f"f{i + 1}", "yellow")]


def test_note_chain_is_what_the_note_says():
    # Written out for K = 3: the reference itself is checked against the note's lines.
    assert note_chain(3, 0) == [
        ("f3", "L", "loss"),
        ("f2", "f3", "red"),
        ("f1", "f2", "red"),
        ("theta0", "f1", "yellow"),
    ]
    assert note_chain(3, 2) == [("f3", "L", "loss"), ("theta2", "f3", "yellow")]


def expected_factor_texts(K, i):
    texts = [f"∂L/∂f_{K}"]
    texts += [f"∂f_{k + 1}/∂f_{k}" for k in range(K - 1, i, -1)]
    return [*texts, f"∂f_{i + 1}/∂θ_{i}"]


def test_opens_on_the_default_ready_to_train(window):
    assert "moons" in window.windowTitle().lower() or "2-8-8-1" in window.windowTitle()
    assert window.model.spec.sizes == (2, 8, 8, 1)
    assert not window.is_training
    assert set(window.ws.graph.nodes) == {
        "f0",
        "f1",
        "f2",
        "f3",
        "theta0",
        "theta1",
        "theta2",
        "y",
        "L",
    }
    assert window.model.history.count == 0
    assert window.ws.formula.shown_factors() == []


@pytest.mark.parametrize("theta", [0, 1, 2])
def test_clicking_theta_lights_exactly_its_chain(qtbot, window, theta):
    K = window.model.K
    click_node(qtbot, window, f"theta{theta}")
    assert window.model.theta == theta
    lit = window.ws.graph.lit_edges()
    assert lit == note_chain(K, theta)
    # Order and colour as in the note: loss edge first (uncoloured), red, then yellow.
    kinds = [kind for _, _, kind in lit]
    assert kinds == ["loss"] + ["red"] * (K - 1 - theta) + ["yellow"]
    for u, v, kind in lit:
        edge = window.ws.graph.edges[(u, v)]
        assert edge.colour().name() == theme.colour(theme.KIND_COLOURS[kind]).name()
    for key, edge in window.ws.graph.edges.items():
        if key not in {(u, v) for u, v, _ in lit}:
            assert edge.dimmed and edge.highlight is None, key
    assert window.ws.formula.shown_factors() == expected_factor_texts(K, theta)


def test_keys_select_parameters(qtbot, window):
    qtbot.keyClick(window, QtCore.Qt.Key.Key_1)
    assert window.model.theta == 1
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Right)
    assert window.model.theta == 2
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Right)
    assert window.model.theta == 2  # stays on the last one
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Left)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Left)
    assert window.model.theta == 0
    assert window.ws.graph.lit_edges() == note_chain(3, 0)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_7)  # no theta_7: selection unchanged
    assert window.model.theta == 0


def test_clicking_a_formula_factor_shows_its_matrix(qtbot, window):
    click_node(qtbot, window, "theta0")
    formula = window.ws.formula
    qtbot.waitUntil(lambda: len(formula._hit) == 4)
    s = window.model
    chain = chain_for(s.display, s.dataset.X[s.sample], s.dataset.Y[s.sample], 0)
    for index in range(4):
        centre = formula.factor_rect(index).center().toPoint()
        qtbot.mouseClick(formula, QtCore.Qt.MouseButton.LeftButton, pos=centre)
        assert s.factor == index
        np.testing.assert_array_equal(window.ws.matrices.factor.array, chain.factors[index].array)
    # The lit edge of the selected factor is marked on the graph too.
    assert window.ws.graph.edges[("theta0", "f1")].selected


def test_clicking_a_lit_edge_selects_that_factor(qtbot, window):
    click_node(qtbot, window, "theta0")
    click_edge(qtbot, window, "f2", "f3")
    assert window.model.factor == 1
    red = window.model.frame().chain.factors[1]
    assert red.kind == "red" and red.shape == (1, 8)
    np.testing.assert_array_equal(window.ws.matrices.factor.array, red.array)


def test_chain_product_is_shown_beside_backprop(qtbot, window):
    click_node(qtbot, window, "theta1")
    product = window.ws.matrices.product.array
    backprop = window.ws.matrices.backprop.array
    assert product.shape == (8, 8)
    np.testing.assert_allclose(product, backprop, rtol=1e-12, atol=1e-300)
    assert "equal" in window.ws.matrices.agreement.text()


def test_pick_sample_changes_the_matrices(qtbot, window):
    click_node(qtbot, window, "theta2")
    before = window.ws.matrices.factor.array.copy()
    window.ws.controls.sample.setValue(5)
    s = window.model
    assert s.sample == 5
    expected = chain_for(s.display, s.dataset.X[5], s.dataset.Y[5], 2).factors[-1].array
    np.testing.assert_array_equal(window.ws.matrices.factor.array, expected)
    assert not np.array_equal(before, expected)


def hover_tooltip(qtbot, window, node: str) -> str:
    """The tooltip a user sees when resting the pointer on `node`: a real ToolTip event at
    the node's place in the viewport, then the text of the tooltip that appears."""
    view = window.ws.graph
    pos = view.node_viewport_pos(node)
    qtbot.mouseMove(view.viewport(), pos)
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QtWidgets.QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QtWidgets.QToolTip.isVisible, timeout=2000)
    return QtWidgets.QToolTip.text()


def test_tooltips_report_current_values(qtbot, window):
    text = hover_tooltip(qtbot, window, "theta1")
    A = window.model.display.A[1]
    assert "A<sub>1</sub>: 8×8" in text and f"‖A‖ = {np.linalg.norm(A):.4g}" in text
    f2 = window.model.display.forward(window.model.x).fs[2][0]
    assert f"‖f<sub>2</sub>‖ = {np.linalg.norm(f2):.4g}" in hover_tooltip(qtbot, window, "f2")
    window.step_once()  # values are current: the tooltip follows the parameters
    A = window.model.display.A[1]
    assert f"‖A‖ = {np.linalg.norm(A):.4g}" in hover_tooltip(qtbot, window, "theta1")
