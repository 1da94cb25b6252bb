"""Live training from the background thread: the loss plot fills and falls, Pause stops it,
rebuilds stop the worker first, divergence pauses with a message, closing joins the thread."""

import dataclasses
import time

import numpy as np
import pytest
from PySide6 import QtCore

from core.optim import OptimizerConfig
from explorer.window.jobs import running_jobs
from tests.gui_helpers import click_node, open_window


def click(qtbot, button):
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


def test_start_trains_in_the_background_and_the_loss_falls(qtbot, window):
    click_node(qtbot, window, "theta1")
    before = window.ws.matrices.factor.array.copy()
    with qtbot.waitSignal(window.trainingStateChanged):
        click(qtbot, window.ws.controls.start)
    assert window.is_training and running_jobs()
    history = window.model.history
    qtbot.waitUntil(lambda: history.count > 3000, timeout=20000)
    qtbot.waitUntil(
        lambda: (
            window.ws.loss_plot.curve.xData is not None
            and len(window.ws.loss_plot.curve.xData) > 100
        ),
        timeout=5000,
    )
    assert history.values[-200:].mean() < 0.5 * history.values[:20].mean()
    # Selection survives training: the factor shown is that of the current parameters.
    s = window.model
    qtbot.waitUntil(lambda: not np.array_equal(window.ws.matrices.factor.array, before))
    click(qtbot, window.ws.controls.start)  # Pause
    assert not window.is_training and not running_jobs()
    count = history.count
    QtCore.QCoreApplication.processEvents()
    assert history.count == count  # no update arrives after Pause
    chain = s.frame().chain
    np.testing.assert_array_equal(window.ws.matrices.factor.array, chain.factors[-1].array)
    # Paused, the readout names the last step trained and no speed (nothing is running).
    readout = window.ws.loss_plot.readout.text()
    assert f"step {count:,}" in readout and "steps/s" not in readout


def test_space_toggles_and_n_steps(qtbot, window):
    qtbot.keyClick(window, QtCore.Qt.Key.Key_N)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_N)
    assert window.model.history.count == 2
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Space)
    assert window.is_training
    qtbot.waitUntil(lambda: window.model.history.count > 100)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Space)
    assert not window.is_training
    qtbot.keyClick(window, QtCore.Qt.Key.Key_R)
    assert window.model.history.count == 0


def test_reset_restores_the_initial_parameters(qtbot, window):
    initial = window.model.display.A[0].copy()
    for _ in range(5):
        click(qtbot, window.ws.controls.step)
    assert not np.array_equal(window.model.display.A[0], initial)
    click(qtbot, window.ws.controls.reset)
    np.testing.assert_array_equal(window.model.display.A[0], initial)
    assert window.model.history.count == 0


def test_changing_the_architecture_mid_training_stops_the_worker(qtbot, window):
    click_node(qtbot, window, "theta2")
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 200)
    sizes = window.ws.controls.sizes
    sizes.selectAll()
    qtbot.keyClicks(sizes, "2-6-6-6-1")
    click(qtbot, window.ws.controls.apply_arch)
    assert not window.is_training and not running_jobs()
    assert window.model.spec.sizes == (2, 6, 6, 6, 1)
    assert "theta3" in window.ws.graph.nodes
    assert window.model.history.count == 0
    click_node(qtbot, window, "theta3")
    assert window.ws.formula.shown_factors() == ["∂L/∂f_4", "∂f_4/∂θ_3"]
    # Training again works on the new network.
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 50)
    click(qtbot, window.ws.controls.start)


def test_changing_the_data_mid_training_refits_the_network(qtbot, window):
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 100)
    combo = window.ws.controls.dataset
    combo.setCurrentIndex(combo.findData("sine"))
    combo.activated.emit(combo.currentIndex())
    assert not window.is_training and not running_jobs()
    s = window.model
    assert s.dataset.name == "sine"
    assert s.spec.sizes == (1, 8, 8, 1) and s.spec.activations[-1] == "identity"
    assert window.ws.prediction.curve.isVisible()


def test_invalid_architecture_is_named_and_nothing_changes(qtbot, window):
    sizes = window.ws.controls.sizes
    for text, message in [
        ("2-x-1", "sizes[1]: 'x'"),
        ("3-8-1", "spec.sizes"),
        ("2-0-1", "sizes[1]: 0"),
    ]:
        sizes.selectAll()
        qtbot.keyClicks(sizes, text)
        click(qtbot, window.ws.controls.apply_arch)
        assert message in window.ws.controls.arch_error.text()
        assert window.model.spec.sizes == (2, 8, 8, 1)
        assert sizes.property("invalid")


def test_huge_learning_rate_pauses_on_divergence_without_nan_in_plots(qtbot):
    # Regression with an identity output: nothing bounds f_K, so lr = 1e6 overflows to NaN.
    # (With a tanh output the loss stays bounded and the network only saturates.)
    window = open_window(qtbot, preset="sine")
    click_node(qtbot, window, "theta0")
    edit = window.ws.controls.lr_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "1e6")
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)
    assert window.model.experiment.optimizer.learning_rate == 1e6
    with qtbot.waitSignal(window.diverged, timeout=10000) as signal:
        click(qtbot, window.ws.controls.start)
    assert "learning rate" in signal.args[0]
    assert window.ws.banner.isVisible() and "NaN" in window.ws.banner.text()
    assert not window.is_training and not running_jobs()
    assert not window.ws.controls.start.isChecked()
    window.refresh_all()
    assert np.all(np.isfinite(window.model.history.values))
    y = window.ws.loss_plot.curve.yData
    assert y is None or np.all(np.isfinite(y))
    image = window.ws.prediction.surface.image
    assert image is None or np.all(np.isfinite(image))
    assert np.all(np.isfinite(window.ws.matrices.factor.array))
    # A smaller rate carries on from the last good parameters; R resets.
    edit.selectAll()
    qtbot.keyClicks(edit, "0.01")
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)
    s = window.model
    assert np.isfinite(s.network.mean_loss(s.dataset.X, s.dataset.Y))  # really the good ones
    count = s.history.count
    qtbot.keyClick(window, QtCore.Qt.Key.Key_N)
    assert s.history.count == count + 1 and np.isfinite(s.history.last)
    click(qtbot, window.ws.controls.start)  # and on, in the worker, without diverging again
    qtbot.waitUntil(lambda: s.history.count > count + 200)
    click(qtbot, window.ws.controls.start)
    assert np.all(np.isfinite(s.history.values))
    qtbot.keyClick(window, QtCore.Qt.Key.Key_R)
    assert not window.ws.banner.isVisible()


def test_bad_learning_rate_text_is_named(qtbot, window):
    edit = window.ws.controls.lr_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "fast")
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)
    assert "learning rate: 'fast'" in window.ws.controls.opt_error.text()
    assert window.model.experiment.optimizer.learning_rate == 0.05


def test_closing_mid_training_joins_the_thread_quickly(qtbot, window):
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 100)
    started = time.perf_counter()
    window.close()
    elapsed = time.perf_counter() - started
    assert not running_jobs()
    assert elapsed < 1.0  # the bound for stopping and joining the worker


def test_learning_rate_change_reaches_the_running_worker(qtbot, window):
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 50)
    slider = window.ws.controls.lr_slider
    slider.setValue(slider.value() - 20)  # one decade lower
    qtbot.waitUntil(
        lambda: window.model.trainer.optimizer.learning_rate == pytest.approx(0.005, rel=0.02)
    )
    click(qtbot, window.ws.controls.start)


def test_editing_the_rate_keeps_the_other_optimizer_settings(qtbot, window):
    s = window.model
    window.set_optimizer(dataclasses.replace(s.experiment.optimizer, momentum=0.5))
    window.ws.controls.show_experiment(s.experiment, s.dataset.n_samples)
    window.model.modified = False
    edit = window.ws.controls.lr_edit
    edit.setFocus()
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)  # unchanged: not an edit
    assert not window.model.modified
    edit.selectAll()
    qtbot.keyClicks(edit, "0.02")
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)
    assert s.experiment.optimizer.learning_rate == 0.02
    assert s.experiment.optimizer.momentum == 0.5 and window.model.modified


def test_a_setting_changed_just_before_pause_is_not_lost(qtbot, window):
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 10)
    adam = OptimizerConfig("adam", learning_rate=0.003)
    window.set_optimizer(adam)
    click(qtbot, window.ws.controls.start)  # pause at once
    assert window.model.trainer.optimizer_config == adam


def test_changing_the_batch_size_while_training_goes_on_training(qtbot, window):
    click(qtbot, window.ws.controls.start)
    qtbot.waitUntil(lambda: window.model.history.count > 10)
    window.set_batch_size(32)
    assert window.is_training and window.model.trainer.batch_size == 32
    count = window.model.history.count
    qtbot.waitUntil(lambda: window.model.history.count > count + 100)
    click(qtbot, window.ws.controls.start)


def test_live_training_records_test_loss_and_accuracy(qtbot):
    window = open_window(qtbot, preset="digits")
    evaluations = window.model.evaluations
    assert evaluations.count == 1  # step 0
    window.set_training(True)
    qtbot.waitUntil(lambda: evaluations.count >= 3, timeout=30000)
    window.set_training(False)
    steps = evaluations.steps
    assert np.all(np.diff(steps) > 0) and steps[-1] <= window.model.history.count
    assert np.all(np.isfinite(evaluations.test_loss))
    assert 0.0 <= evaluations.test_accuracy[-1] <= 1.0
    # The last record is the parameters trained: the same accuracy the model reports.
    assert evaluations.steps[-1] == window.model.history.count
    assert evaluations.test_accuracy[-1] == window.model.test_report().accuracy
    # The loss plot shows them: the dashed test curve through every evaluation, and a line
    # with the last test loss and both accuracies.
    plot = window.ws.loss_plot
    window.refresh_all()
    qtbot.waitUntil(lambda: plot.test_readout.isVisible())
    np.testing.assert_array_equal(plot.test_curve.xData, evaluations.steps)
    # In the plot's coordinates: log10 of the loss on the log axis (the default), else the loss.
    assert plot.log_y.isChecked()
    np.testing.assert_array_equal(plot.test_curve.yData, np.log10(evaluations.test_loss))
    qtbot.mouseClick(plot.log_y, QtCore.Qt.MouseButton.LeftButton)
    assert not plot.log_y.isChecked()
    np.testing.assert_array_equal(plot.test_curve.yData, evaluations.test_loss)
    text = plot.test_readout.text()
    assert f"test loss {evaluations.test_loss[-1]:.4g}" in text
    assert f"test {100 * evaluations.test_accuracy[-1]:.1f} %" in text


def test_nothing_held_out_shows_no_test_line(qtbot, window):
    window.step_once()
    window.refresh_all()
    assert window.model.split.n_test == 0  # the 2-D presets hold nothing out
    assert not window.ws.loss_plot.test_readout.isVisible()
    curve = window.ws.loss_plot.test_curve
    assert curve.xData is None or not len(curve.xData)
