"""The teaching panels driven as a user would: step-through with PageDown, a data point clicked
to pick the sample, the neuron view's path sums, gradient flow, gradient check, history scrub.
Numbers are checked against core."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from core.graph import chain_edges
from core.jacobians import chain_for
from core.network import NetworkSpec
from core.paths import weight_paths
from core.stepthrough import backprop_steps
from explorer.look import theme
from explorer.window.jobs import running_jobs
from tests.gui_helpers import click_node, open_window

Qt = QtCore.Qt


def click(qtbot, widget, pos=None):
    if pos is None:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def click_tab(qtbot, window, widget):
    bar = window.ws.tabs.tabBar()
    click(qtbot, bar, bar.tabRect(window.ws.page_index(widget)).center())
    assert window.ws.current_page() is widget


def test_page_down_walks_forward_then_backward(qtbot, window):
    s = window.model
    expected = backprop_steps(s.display, s.x, s.y)
    assert len(expected) == 11  # x, f1..f3, L, start, theta2, f2, theta1, f1, theta0
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.ws.current_page() is window.ws.stepper
    assert window.ws.stepper.index == 0
    for _ in range(2):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    # Step 3 computes f_2: the forward edges into f_2 are lit.
    lit = window.ws.graph.lit_edges()
    assert set(lit) == {("f1", "f2", "forward"), ("theta1", "f2", "forward")}
    np.testing.assert_array_equal(
        window.ws.stepper.maps[1].array, expected[2].values["f_2"][:, None]
    )
    for _ in range(4):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    # Step 7: dL/dtheta_2 is produced; the formula shows theta_2's chain.
    step = window.ws.stepper.current()
    assert "θ_2" in step.title and step.theta == 2
    assert window.ws.formula.shown_factors() == ["∂L/∂f_3", "∂f_3/∂θ_2"]
    assert window.ws.graph.lit_edges() == chain_edges(3, 2)
    np.testing.assert_allclose(window.ws.stepper.maps[0].array, expected[6].values["dL/dA_2"])
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.ws.stepper.index == 10
    assert window.ws.graph.lit_edges() == chain_edges(3, 0)
    _, grads_A, _ = s.display.gradients(s.x[None], s.y[None])
    np.testing.assert_allclose(window.ws.stepper.maps[0].array, grads_A[0], rtol=1e-12)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.ws.stepper.index == 9
    click(qtbot, window.ws.stepper.leave)
    assert window.model.step_index == -1 and window.ws.stepper.current() is None


def test_play_runs_to_the_end(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    window.ws.stepper.speed.setValue(10)
    window.go_step(-1)
    click(qtbot, window.ws.stepper.play)
    qtbot.waitUntil(
        lambda: window.ws.stepper.index == len(window.ws.stepper.steps) - 1, timeout=5000
    )
    qtbot.waitUntil(lambda: not window.ws.stepper.play.isChecked())


def test_clicking_a_data_point_picks_the_sample(qtbot, window):
    view = window.ws.prediction.plot
    box = view.getViewBox()
    X = window.model.dataset.X
    # A point with no other point close by, so the click is unambiguous.
    gaps = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=2) + np.eye(len(X)) * 9
    index = int(np.argmax(gaps.min(axis=1)))
    assert index != window.model.sample
    scene = box.mapViewToScene(QtCore.QPointF(*X[index]))
    pos = view.mapFromScene(scene)
    click(qtbot, view.viewport(), pos)
    assert window.model.sample == index
    assert window.ws.controls.sample.value() == index
    click_node(qtbot, window, "theta0")
    s = window.model
    chain = chain_for(s.display, X[index], s.dataset.Y[index], 0)
    np.testing.assert_array_equal(window.ws.matrices.factor.array, chain.factors[-1].array)


def test_neuron_view_shows_the_sum_over_paths(qtbot, window):
    click(qtbot, window.ws.neuron_button)
    assert window.ws.views.currentIndex() == 1
    neurons = window.ws.neurons
    theta, p, q = 0, 3, 1
    # A spot on the weight's line (between the centres of its two neurons) where no other
    # weight is drawn within the click tolerance, then a real click there.
    start = neurons.neurons[(0, q)].rect().center()
    end = neurons.neurons[(1, p)].rect().center()
    for t in np.linspace(0.15, 0.85, 29):
        pos = neurons.mapFromScene(start + (end - start) * float(t))
        if neurons.weight_at(pos) == (theta, p, q):
            break
    else:
        pytest.fail("no unambiguous spot on the weight")
    click(qtbot, neurons.viewport(), pos)
    s = window.model
    paths = weight_paths(s.display, s.x, s.y, theta, p, q)
    assert paths.n_paths == 8
    assert f"sum over {paths.n_paths} paths" in window.ws.paths_label.text()
    assert (
        f"{paths.total:.6g}" in window.ws.paths_label.text() and "✔" in window.ws.paths_label.text()
    )
    _, grads_A, _ = s.display.gradients(s.x[None], s.y[None])
    assert paths.total == pytest.approx(grads_A[0][p, q], rel=1e-12)
    lit = neurons.lit_weights()
    expected = {(0, p, q)} | {(1, r, p) for r in range(8)} | {(2, 0, r) for r in range(8)}
    assert lit == expected
    qtbot.keyClick(window, Qt.Key.Key_V)
    assert window.ws.views.currentIndex() == 0


def test_gradient_check_passes_on_a_fresh_net(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_G)
    assert window.ws.current_page() is window.ws.check_panel
    qtbot.waitUntil(lambda: window.model.check.results is not None, timeout=20000)
    results = window.model.check.results
    assert [c.theta for c in results] == [0, 1, 2]
    assert all(c.passed(1e-5) for c in results)
    assert window.ws.check_panel.table.rowCount() == 3
    assert "all pass" in window.ws.check_panel.summary.text()
    assert not window.model.check.running and window.ws.check_panel.run.isEnabled()


def test_gradient_flow_is_recorded_while_training(qtbot, window):
    click_tab(qtbot, window, window.ws.flow_panel)
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: len(window.model.flow) >= 4, timeout=15000)
    qtbot.waitUntil(lambda: window.ws.flow_panel._curves[0].xData is not None)
    click(qtbot, window.ws.controls.start)
    steps, grad, red = window.model.flow.arrays()
    assert np.all(np.diff(steps) > 0) and grad.shape[1] == 3
    assert np.all(np.isfinite(grad)) and np.all(red[:, 1:] > 0)


def test_the_flow_comparison_is_at_the_live_step(qtbot, window):
    from core.experiment import load_preset
    from core.flow import FlowRun

    click_tab(qtbot, window, window.ws.flow_panel)
    panel = window.ws.flow_panel
    panel.compare.activated.emit(panel.compare.findData("deep_relu"))  # as a choice does
    for _ in range(3):
        window.step_once()
    for _ in range(2):  # catch up, then follow the live run once more
        target = window.model.history.count
        window.refresh_all()
        qtbot.waitUntil(lambda t=target: window.model.flow_comparison.step == t, timeout=20000)
        assert f"at step {target}" in panel.profile_legend.text()
        window.model.step(250)
    # The record shown is deep ReLU's own flow after exactly that many steps of its training.
    c = window.model.flow_comparison
    reference = FlowRun(load_preset("deep_relu"))
    list(reference.advance_to(c.step))
    np.testing.assert_allclose(c.record.grad_norms, reference.record().grad_norms, rtol=1e-12)
    np.testing.assert_allclose(panel._profile_items["other"].yData, c.record.grad_norms)
    # The legends sit above the plots, not on the data.
    for legend, plot in ((panel.legend, panel.over_time), (panel.profile_legend, panel.profile)):
        assert legend.geometry().bottom() <= plot.geometry().top()


def test_deep_sigmoid_vanishes_where_deep_relu_does_not(qtbot):
    norms = {}
    for preset in ("deep_sigmoid", "deep_relu"):
        w = open_window(qtbot, preset=preset)
        w.model.record_flow()
        norms[preset] = w.model.flow.grad[-1]
        w.close()
    sigmoid, relu = norms["deep_sigmoid"], norms["deep_relu"]
    assert sigmoid[0] / sigmoid[-1] < 1e-4
    assert relu[0] / relu[-1] > 1e-2


def test_history_scrub_shows_the_past_while_training_goes_on(qtbot, window):
    click_node(qtbot, window, "theta0")
    initial = window.model.display.A[0].copy()
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 2000, timeout=20000)
    slider = window.ws.timeline.slider
    qtbot.waitUntil(lambda: slider.maximum() > 0 and slider.value() == slider.maximum())
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    s = window.model
    assert not s.live and s.viewed_step == 0
    np.testing.assert_array_equal(s.display.A[0], initial)
    count = s.history.count
    qtbot.waitUntil(lambda: s.history.count > count + 500, timeout=20000)
    np.testing.assert_array_equal(s.display.A[0], initial)  # still the past
    expected = chain_for(s.display, s.x, s.y, 0).factors[-1].array
    np.testing.assert_array_equal(window.ws.matrices.factor.array, expected)
    assert "viewing step 0" in window.ws.timeline.label.text()
    click(qtbot, window.ws.timeline.live)
    assert s.live
    click(qtbot, window.ws.controls.start)
    assert not running_jobs()
    np.testing.assert_array_equal(s.display.A[0], s.network.A[0])
    assert not np.array_equal(s.display.A[0], initial)


def test_wide_layers_collapse_readably(qtbot, window):
    from explorer.views.neuron_view import MIN_ROW_PIXELS, row_limit

    window.set_architecture(NetworkSpec((2, 64, 1), ("tanh", "tanh")))
    click(qtbot, window.ws.neuron_button)
    neurons = window.ws.neurons
    limit = neurons.limit
    # As many neurons as rows of MIN_ROW_PIXELS fit in the view, 10 to 16 of them.
    assert limit == row_limit(neurons.viewport().height())
    assert 10 <= limit <= 16 and limit % 2 == 0
    assert row_limit(1000) == 16 and row_limit(100) == 10
    assert row_limit(40 + 13 * MIN_ROW_PIXELS) == 12
    shown = sorted(j for k, j in neurons.neurons if k == 1)
    assert len(shown) == limit and shown[:2] == [0, 1] and shown[-1] == 63
    labels = [i.toPlainText() for i in neurons.scene().items() if hasattr(i, "toPlainText")]
    assert any(str(64 - limit) in text and "⋮" in text for text in labels)
    # Only drawn neurons get weights: 2 x limit into f_1 and limit x 1 out of it.
    assert len(neurons.weights.keys) == 2 * limit + limit
    neurons.update_values(window.model.display, window.model.x)


def _surface_rect(prediction):
    return prediction.surface.mapRectToView(prediction.surface.boundingRect())


def test_decision_surface_covers_what_the_plot_shows_and_follows_zoom(qtbot, window):
    prediction = window.ws.prediction
    box = prediction.plot.getViewBox()
    qtbot.waitUntil(lambda: prediction.grid is not None)

    def covers():
        (x0, x1), (y0, y1) = box.viewRange()
        rect = _surface_rect(prediction)
        return rect.left() <= x0 and rect.right() >= x1 and rect.top() <= y0 and rect.bottom() >= y1

    assert covers()  # the aspect-locked plot shows more than the data's box: covered too
    before = box.viewRange()
    # Zoom out with the wheel, where a user scrolls: the new ground gets a surface at once.
    centre = prediction.plot.viewport().rect().center()
    for _ in range(3):
        event_pos = QtCore.QPointF(centre)
        wheel = QtGui.QWheelEvent(
            event_pos,
            prediction.plot.viewport().mapToGlobal(event_pos),
            QtCore.QPoint(0, 0),
            QtCore.QPoint(0, -240),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QtCore.QCoreApplication.sendEvent(prediction.plot.viewport(), wheel)
    after = box.viewRange()
    assert after[0][1] - after[0][0] > 1.5 * (before[0][1] - before[0][0])
    assert covers()
    expected = window.model.display.predict(prediction.grid)[:, 0]
    np.testing.assert_allclose(prediction.surface.image.ravel(), expected, rtol=1e-12)


@pytest.mark.parametrize("K", [10, 100])
def test_fit_shows_the_whole_graph_and_readable_badges(qtbot, window, K):
    window.set_architecture(NetworkSpec.uniform((2, *[3] * (K - 1), 1)))
    graph = window.ws.graph
    click(qtbot, window.ws.fit_button)
    qtbot.keyClick(window, Qt.Key.Key_0)  # θ₀: the longest chain, K + 1 factors
    viewport = graph.viewport().rect()
    for name in graph.nodes:
        assert viewport.contains(graph.node_viewport_pos(name)), name
    badges = sorted(
        (e for e in graph.edges.values() if e.order is not None and e.badge_shown),
        key=lambda e: e.order,
    )
    orders = sorted(e.order for e in badges)
    assert orders[0] == 1 and orders[-1] == K + 1  # the first and the last always
    # Each badge as large on screen as at full size, and no two touching.
    zoom = graph.transform().m11()
    assert all(e.badge_radius * zoom >= 17 - 1e-9 for e in badges)
    centres = [graph.mapFromScene(e.badge_centre) for e in badges]
    for a in range(len(centres)):
        for b in range(a):
            d = centres[a] - centres[b]
            gap = (d.x() ** 2 + d.y() ** 2) ** 0.5
            assert gap >= 2 * 17, (orders, a, b, gap)
    # Every badge inside the view; those of the top row above it, off every node's box (a
    # slanted edge's badge between the rows may touch boxes once they are too small to read).
    for edge, centre in zip(badges, centres, strict=True):
        r = edge.badge_radius * zoom
        circle = QtCore.QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
        assert QtCore.QRectF(viewport).contains(circle), (edge.order, circle)
        if edge.badge_centre == edge.midpoint and zoom < 0.5:
            continue
        for name, node in graph.nodes.items():
            box = graph.mapFromScene(node.mapRectToScene(node._rect)).boundingRect()
            inner = QtCore.QRectF(box).adjusted(r * 0.3, r * 0.3, -r * 0.3, -r * 0.3)
            assert not inner.isValid() or not inner.intersects(circle), (edge.order, name)
    # Thinned no more than the room asks: about one badge per spacing along the chain.
    first, last = (graph.mapFromScene(e.badge_centre) for e in (badges[0], badges[-1]))
    span = abs(first.x() - last.x())
    assert len(badges) >= min(K + 1, span / (2 * (2 * 17 + 4) * theme.SCALE)), theme.SCALE


def test_digits_show_test_images_and_a_click_chooses_one(qtbot):
    window = open_window(qtbot, preset="digits")
    window.model.step(300)
    window.refresh_all()
    panel = window.ws.prediction.images
    assert panel.isVisible() and not window.ws.prediction.plot.isVisible()
    report = window.model.test_report()
    assert report.confusion.sum() == window.model.split.n_test == len(report.rows)
    np.testing.assert_array_equal(panel.confusion.array, report.confusion)
    # Mistakes come first and are marked; every shown image is a test row.
    wrong = set(report.mistakes.tolist())
    shown = panel._rows
    assert set(shown) <= set(report.rows.tolist())
    first = [row in wrong for row in shown]
    assert first == sorted(first, reverse=True)  # the mistakes first
    n = len(shown) - 1  # a click where a user clicks: on the last image shown
    button = panel.buttons[n]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.model.sample == shown[n]
    window.refresh_all()
    # The chain and the bars now show that sample.
    label = int(window.model.dataset.labels()[shown[n]])
    assert f"#{shown[n]}" in panel.bars_title.text()
    np.testing.assert_allclose(panel.bar_item.opts["height"], window.model.sample_output())
    assert panel.bar_item.opts["brushes"][label] == theme.OK


def test_every_view_follows_the_loss_chosen(qtbot):
    window = open_window(qtbot, preset="digits")
    window.model.set_loss("softmax_cross_entropy")
    window.select_theta(0)
    window.select_factor(0)  # ∂L/∂f_K, the chain's first factor
    window.refresh_all()
    ws = window.ws
    assert "softmax" in ws.formula.caption()
    assert "softmax" in ws.matrices.factor.title.text()
    assert "softmax" in ws.loss_plot.title.text()
    assert "softmax" in ws.matrices.agreement.text() and "✔" in ws.matrices.agreement.text()
    window.go_step(next(i for i, s in enumerate(window.model.steps()) if s.factor == 0))
    assert "softmax" in ws.stepper.title.text()


@pytest.mark.parametrize("size", [(1100, 800), (1024, 768)])
def test_the_verdict_keeps_every_line_in_a_narrow_column(qtbot, size):
    """With the side panel open in a narrow window the verdict needs a fourth line: its box
    grows to hold it, rather than cutting off the step it names."""
    window = open_window(qtbot, size=(1600, 1000))
    window.set_side_panel(True)
    window.resize(*size)
    window.select_theta(0)
    window.model.step(1500)
    window.refresh_all()
    qtbot.waitUntil(lambda: window.ws.matrices.isVisible())
    label = window.ws.matrices.agreement
    assert "1,500" in label.text()
    document = QtGui.QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setHtml(label.text())
    document.setTextWidth(label.width() - 4)
    assert document.size().height() <= label.height(), (document.size(), label.size())
