"""Selecting theta_i with the mouse or keys lights up exactly its chain, as the note orders and
colours it; the formula names exactly those factors; the heatmaps show the real matrices."""

import numpy as np
import pytest
from PySide6 import QtCore

from core.graph import chain_edges
from core.jacobians import chain_for
from explorer.look import theme
from tests.gui_helpers import click_edge, click_node, open_window


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def expected_factor_texts(K, i):
    texts = [f"∂L/∂f_{K}"]
    texts += [f"∂f_{k + 1}/∂f_{k}" for k in range(K - 1, i, -1)]
    return [*texts, f"∂f_{i + 1}/∂θ_{i}"]


def test_opens_on_the_default_ready_to_train(window):
    assert "moons" in window.windowTitle().lower() or "2-8-8-1" in window.windowTitle()
    assert window.session.spec.sizes == (2, 8, 8, 1)
    assert not window.is_training
    assert set(window.graph.nodes) == {
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
    assert window.session.history.count == 0
    assert window.formula.shown_factors() == []


@pytest.mark.parametrize("theta", [0, 1, 2])
def test_clicking_theta_lights_exactly_its_chain(qtbot, window, theta):
    K = window.session.K
    click_node(qtbot, window, f"theta{theta}")
    assert window.session.theta == theta
    lit = window.graph.lit_edges()
    assert lit == chain_edges(K, theta)
    # Order and colour as in the note: loss edge first (uncoloured), red, then yellow.
    kinds = [kind for _, _, kind in lit]
    assert kinds == ["loss"] + ["red"] * (K - 1 - theta) + ["yellow"]
    for u, v, kind in lit:
        edge = window.graph.edges[(u, v)]
        assert edge.colour().name() == theme.colour(theme.KIND_COLOURS[kind]).name()
    for key, edge in window.graph.edges.items():
        if key not in {(u, v) for u, v, _ in lit}:
            assert edge.dimmed and edge.highlight is None, key
    assert window.formula.shown_factors() == expected_factor_texts(K, theta)


def test_keys_select_parameters(qtbot, window):
    qtbot.keyClick(window, QtCore.Qt.Key.Key_1)
    assert window.session.theta == 1
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Right)
    assert window.session.theta == 2
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Right)
    assert window.session.theta == 2  # stays on the last one
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Left)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Left)
    assert window.session.theta == 0
    assert window.graph.lit_edges() == chain_edges(3, 0)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_7)  # no theta_7: selection unchanged
    assert window.session.theta == 0


def test_clicking_a_formula_factor_shows_its_matrix(qtbot, window):
    click_node(qtbot, window, "theta0")
    formula = window.formula
    qtbot.waitUntil(lambda: len(formula._hit) == 4)
    s = window.session
    chain = chain_for(s.display, s.dataset.X[s.sample], s.dataset.Y[s.sample], 0)
    for index in range(4):
        centre = formula.factor_rect(index).center().toPoint()
        qtbot.mouseClick(formula, QtCore.Qt.MouseButton.LeftButton, pos=centre)
        assert s.factor == index
        np.testing.assert_array_equal(window.matrices.factor.array, chain.factors[index].array)
    # The lit edge of the selected factor is marked on the graph too.
    assert window.graph.edges[("theta0", "f1")].selected


def test_clicking_a_lit_edge_selects_that_factor(qtbot, window):
    click_node(qtbot, window, "theta0")
    click_edge(qtbot, window, "f2", "f3")
    assert window.session.factor == 1
    red = window.session.chain().factors[1]
    assert red.kind == "red" and red.shape == (1, 8)
    np.testing.assert_array_equal(window.matrices.factor.array, red.array)


def test_chain_product_is_shown_beside_backprop(qtbot, window):
    click_node(qtbot, window, "theta1")
    product = window.matrices.product.array
    backprop = window.matrices.backprop.array
    assert product.shape == (8, 8)
    np.testing.assert_allclose(product, backprop, rtol=1e-12, atol=1e-300)
    assert "equal" in window.matrices.agreement.text()


def test_pick_sample_changes_the_matrices(qtbot, window):
    click_node(qtbot, window, "theta2")
    before = window.matrices.factor.array.copy()
    window.controls.sample.setValue(5)
    window.refresh()
    s = window.session
    assert s.sample == 5
    expected = chain_for(s.display, s.dataset.X[5], s.dataset.Y[5], 2).factors[-1].array
    np.testing.assert_array_equal(window.matrices.factor.array, expected)
    assert not np.array_equal(before, expected)


def test_tooltips_report_current_values(window):
    text = window.session.node_summary("theta1")
    assert "A_1: 8×8" in text and "‖A‖" in text
    assert "f_2 = [" in window.session.node_summary("f2")
