"""The model without a window: its state, its operations and what it tells its listeners.

None of these tests creates a QApplication; one runs in a subprocess where PySide6 cannot be
imported at all, which is what the import contract promises.
"""

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from core.experiment import load_preset
from core.jacobians import chain_for
from core.optim import OptimizerConfig
from core.training import DivergenceError
from explorer.model import Change, CheckState, Model, Tab, View, fit_spec


@pytest.fixture
def model():
    return Model(load_preset("moons"))


@pytest.fixture
def heard(model):
    changes = []
    model.subscribe(changes.append)
    return changes


def test_the_model_imports_and_works_without_qt():
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None\n"
        "from core.experiment import load_preset\n"
        "from explorer.model import Model\n"
        "m = Model(load_preset('xor')); m.step(3); m.select_theta(0)\n"
        "assert m.frame().equal and m.history.count == 3\n"
        "assert not any(name.startswith(('PySide6', 'shiboken')) for name in sys.modules"
        " if sys.modules[name] is not None)\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_selection_and_what_listeners_hear(model, heard):
    model.select_theta(1)
    model.select_factor(2)
    model.select_sample(7)
    model.select_weight((0, 3, 1))
    model.set_step_index(2)
    model.set_view(View.NEURONS)
    model.set_tab(Tab.FLOW)
    assert (model.theta, model.factor, model.sample, model.weight) == (1, 2, 7, (0, 3, 1))
    assert model.step_index == 2 and model.view is View.NEURONS and model.tab is Tab.FLOW
    assert heard[:4] == [Change.SELECTION, Change.SELECTION, Change.SAMPLE, Change.WEIGHT]
    assert Change.STEP_THROUGH in heard[4]


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda m: m.select_theta(3), "θ3"),
        (lambda m: m.select_theta(-1), "θ-1"),
        (lambda m: m.select_sample(200), "sample 200"),
        (lambda m: m.select_weight((0, 8, 0)), "weight"),
        (lambda m: m.select_weight((3, 0, 0)), "weight"),
        (lambda m: m.select_factor(5), "factor 5"),
    ],
)
def test_invalid_selections_are_refused_and_change_nothing(model, heard, call, match):
    model.select_theta(0)
    before = (model.theta, model.factor, model.sample, model.weight)
    heard.clear()
    with pytest.raises(ValueError, match=match):
        call(model)
    assert (model.theta, model.factor, model.sample, model.weight) == before
    assert heard == []


def test_a_frame_is_one_moment(model):
    """The chain and backprop's gradient come from the same parameters, and say which."""
    model.select_theta(1)
    model.step(10)
    frame = model.frame()
    assert frame.step == 10 and frame.equal
    assert frame.max_relative_difference < 1e-12
    reference = chain_for(model.display, model.x, model.y, 1)
    np.testing.assert_array_equal(frame.chain.grad_A, reference.grad_A)
    # Cached until the parameters or the selection change, then computed anew.
    assert model.frame() is frame
    model.step(1)
    assert model.frame() is not frame and model.frame().step == 11


def test_training_results_are_recorded_once_and_shown(model, heard):
    model.set_training(True)
    network = model.network.copy()
    for _ in range(3):
        losses = model.trainer.step(5)
        A, b = model.network.snapshot()
        model.record_training(losses, A, b, 123.0)
    assert model.history.count == 15 and model.viewed_step == 15
    assert model.steps_per_second == 123.0
    assert not np.array_equal(model.display.A[0], network.A[0])
    heard.clear()
    model.training_stopped()
    assert not model.training and model.steps_per_second == 0.0
    assert Change.TRAINING in heard[-1] and Change.PARAMETERS in heard[-1]
    np.testing.assert_array_equal(model.display.A[0], model.network.A[0])


def test_operations_that_replace_the_trainer_wait_for_the_worker(model):
    model.set_training(True)
    for call in (model.reset, lambda: model.step(1), lambda: model.set_batch_size(8)):
        with pytest.raises(RuntimeError, match="stop training first"):
            call()
    model.training_stopped()
    model.set_batch_size(8)
    assert model.trainer.batch_size == 8 and model.experiment.batch_size == 8


def test_one_optimiser_configuration(model):
    config = dataclasses.replace(model.optimizer, learning_rate=0.01)
    model.set_optimizer(config)
    assert model.optimizer == config == model.experiment.optimizer
    assert model.trainer.optimizer_config == config
    # While the worker owns the trainer, the trainer gets it when training stops.
    model.set_training(True)
    later = dataclasses.replace(config, learning_rate=0.02)
    model.set_optimizer(later)
    assert model.trainer.optimizer_config == config
    model.training_stopped()
    assert model.trainer.optimizer_config == later


def test_scrub_and_go_live(model):
    initial = model.display.A[0].copy()
    model.step(50)
    trained = model.display.A[0].copy()
    model.scrub(0)
    assert not model.live and model.viewed_step == 0
    np.testing.assert_array_equal(model.display.A[0], initial)
    assert model.frame().step == 0
    model.go_live()
    assert model.live and model.viewed_step == 50
    np.testing.assert_array_equal(model.display.A[0], trained)


def test_divergence_goes_back_to_the_last_finite_parameters():
    model = Model(load_preset("sine"))
    model.step(20)
    good = [a.copy() for a in model.latest.A]
    model.set_optimizer(OptimizerConfig(name="sgd", learning_rate=1e6))
    model.step(200)
    d = model.divergence
    assert d is not None and d.restored == 20 and d.learning_rate == 1e6
    assert model.history.count >= 20
    for a, b in zip(model.display.A, good, strict=True):
        np.testing.assert_array_equal(a, b)
    assert all(np.all(np.isfinite(a)) for a in model.network.A)
    model.clear_message()
    assert model.divergence is None


def test_diverged_records_the_pending_losses(model):
    model.set_training(True)
    error = DivergenceError(4, 0.5)
    error.pending_losses = np.array([0.9, 0.8, 0.7])
    model.diverged(error)
    assert not model.training and model.history.count == 3
    assert model.divergence.at == 4 and model.divergence.last_finite_loss == 0.5


def test_new_data_fits_the_network_by_one_rule(model):
    model.set_data({"name": "sine", "n_samples": 64, "noise": 0.0, "seed": 1})
    assert model.spec.sizes == (1, 8, 8, 1)
    assert model.spec.activations[-1] == "identity"
    assert fit_spec(model.spec, model.dataset) is model.spec


def test_a_bad_edit_keeps_everything(model, heard):
    model.select_theta(2)
    model.step(5)
    heard.clear()
    with pytest.raises(ValueError, match="noise"):
        model.set_data({"name": "moons", "n_samples": 200, "noise": 99.0, "seed": 0})
    assert model.history.count == 5 and model.theta == 2 and model.dataset.name == "moons"
    assert heard == []


def test_loading_keeps_the_selection_that_still_exists(model):
    model.select_theta(2)
    model.select_sample(150)
    model.set_check(CheckState(False, 3, 3, (), 0))
    model.load(load_preset("spiral"))
    assert model.K > 2 and model.theta == 2 and model.sample == 150
    assert model.check == CheckState() and model.weight is None and model.step_index == -1
    model.set_architecture(model.spec.__class__((2, 4, 1), ("tanh", "tanh")))
    assert model.theta == 1  # clamped to the last θ of the smaller network


def test_steps_follow_the_parameters_and_sample(model):
    steps = model.steps()
    assert len(steps) == 11 and model.steps() is steps
    model.select_sample(3)
    assert model.steps() is not steps
    model.set_step_index(99)
    assert model.step_index == 10 and model.current_step() is model.steps()[10]
    model.set_step_index(-5)
    assert model.step_index == -1 and model.current_step() is None


def test_weight_paths_sum_to_the_backprop_entry(model):
    model.select_weight((0, 3, 1))
    paths = model.weight_paths()
    _, grads_A, _ = model.display.gradients(model.x[None], model.y[None])
    assert paths.total == pytest.approx(grads_A[0][3, 1], rel=1e-12)


# -- issue 13: a bias chosen and set by hand, without a window ----------------------------------


def test_a_chosen_bias_is_one_choice_with_the_weight_and_its_paths_sum_to_backprop(model, heard):
    model.select_weight((0, 3, 1))
    model.select_bias((1, 2))
    assert model.bias == (1, 2) and model.weight is None
    assert model.chosen_entry == (1, "b", 2, 0)
    assert heard == [Change.WEIGHT, Change.WEIGHT]
    paths = model.bias_paths()
    _, _, grads_b = model.display.gradients(model.x[None], model.y[None])
    assert paths.kind == "b" and (paths.theta, paths.p, paths.q) == (1, 2, None)
    assert paths.total == pytest.approx(grads_b[1].reshape(-1)[2], rel=1e-12)
    assert paths.gradient_entry == model.bias_gradient()
    model.select_bias(None)
    assert model.chosen_entry is None and model.bias_paths() is None


def test_a_bias_set_by_hand_moves_the_loss_and_undo_restores_it_exactly(model, heard):
    model.step(5)
    model.select_bias((1, 0))
    old, loss = float(model.network.b[1].reshape(-1)[0]), model.sample_loss()
    heard.clear()
    model.set_parameter(1, "b", 0, 0, old + 1.0)
    for network in (model.network, model.latest, model.display):
        assert network.b[1].reshape(-1)[0] == old + 1.0
    assert model.parameter(1, "b", 0) == old + 1.0
    assert model.sample_loss() != loss and Change.PARAMETERS in heard[-1]
    assert model.bias == (1, 0)  # editing keeps the choice
    # A drag: many values, one undo step back to where it started.
    model.set_parameter(1, "b", 0, 0, old + 2.0, undoable=False)
    model.set_parameter(1, "b", 0, 0, old + 3.0, before=old + 1.0)
    assert model.undo() and model.network.b[1].reshape(-1)[0] == old + 1.0
    assert model.undo() and model.network.b[1].reshape(-1)[0] == old
    assert model.sample_loss() == loss and not model.can_undo
    with pytest.raises(ValueError, match="column 1 is not 0"):
        model.set_parameter(1, "b", 0, 1, 0.5)


def test_the_chosen_bias_goes_when_another_network_comes(model):
    model.select_bias((0, 7))
    model.set_architecture(model.spec.__class__((2, 4, 1), ("tanh", "tanh")))
    assert model.bias is None and model.chosen_entry is None


# -- issue 12: images, the loss option, the train/test split ----------------------------------


def test_digits_model_trains_on_the_training_rows_and_reports_the_test_rows():
    model = Model(load_preset("digits"))
    assert model.dataset.image_shape == (8, 8)
    assert (model.split.n_train, model.split.n_test) == (1438, 359)
    assert model.trainer.X.shape == (1438, 64) and model.trainer.X_test.shape == (359, 64)
    assert model.evaluations.count == 1 and model.evaluations.steps[0] == 0  # before training
    model.step(300)
    assert model.evaluations.count == 2 and model.evaluations.steps[-1] == 300
    assert model.evaluations.test_accuracy[-1] > 0.85
    report = model.test_report()
    assert report.confusion.shape == (10, 10) and report.confusion.sum() == 359
    assert report.accuracy == model.evaluations.test_accuracy[-1]  # same parameters
    assert model.sample_output().shape == (10,)
    # The record the training controller passes on may carry an evaluation.
    A, b = model.network.snapshot()
    ev = model.trainer.evaluate()
    model.set_training(True)
    model.record_training(np.array([0.1]), A, b, 100.0, evaluation=ev)
    model.set_training(False)
    assert model.evaluations.steps[-1] == ev.step


def test_loss_and_split_are_operations_that_start_afresh():
    model = Model(load_preset("digits"))
    model.step(5)
    model.set_loss("softmax_cross_entropy")
    assert model.spec.loss == "softmax_cross_entropy" and model.history.count == 0
    assert model.network.loss.name == "softmax_cross_entropy" and model.modified
    assert model.sample_loss() == pytest.approx(
        float(model.network.sample_losses(model.x[None], model.y[None])[0])
    )
    # The architecture controls build a spec without a loss: the chosen loss stays.
    from core.network import NetworkSpec

    model.set_architecture(NetworkSpec((64, 16, 10), ("tanh", "identity")))
    assert model.spec.loss == "softmax_cross_entropy" and model.spec.sizes == (64, 16, 10)
    model.set_test_split(0.5, split_seed=2)
    # Per class half of the rows, rounded up: 901 of 1797.
    assert model.experiment.test_fraction == 0.5 and model.split.n_test == 901
    with pytest.raises(ValueError, match=r"test_fraction: 0.9 is outside"):
        model.set_test_split(0.9)
    assert model.experiment.test_fraction == 0.5  # a refused edit changes nothing
    # Data whose targets cross-entropy cannot take: the loss falls back to the note's.
    model.set_data({"name": "moons", "n_samples": 40})
    assert model.spec.loss == "squared" and model.spec.sizes == (2, 16, 1)
    with pytest.raises(ValueError, match="loss: softmax_cross_entropy needs at least 2 outputs"):
        model.set_loss("softmax_cross_entropy")


def test_reset_comes_back_to_the_same_initial_weights(model):
    first = model.network.snapshot()
    model.step(20)
    assert not np.array_equal(model.network.A[0], first[0][0])
    model.reset()
    for now, then in zip(model.network.snapshot(), first, strict=True):
        for a, b in zip(now, then, strict=True):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(model.display.A[0], first[0][0])
    assert model.history.count == 0 and model.preset == "moons"


def test_new_weights_draw_a_new_seed_that_reset_and_save_keep(model, heard, tmp_path):
    from core.experiment import open_experiment, save_experiment

    old_seed, old = model.experiment.seed, model.network.snapshot()
    model.step(5)
    heard.clear()
    seed = model.new_weights()
    assert seed != old_seed and model.experiment.seed == seed
    assert not np.array_equal(model.network.A[0], old[0][0])
    assert model.history.count == 0 and model.modified and model.preset is None
    assert Change.PARAMETERS in heard[-1] and Change.FILE in heard[-1]
    drawn = model.network.snapshot()
    model.step(5)
    model.reset()  # Reset now comes back to the new weights, not to the old seed's
    np.testing.assert_array_equal(model.network.A[0], drawn[0][0])
    # Saved without trained weights, the file's seed rebuilds the same initial weights.
    path = tmp_path / "new.json"
    save_experiment(model.experiment_to_save(False), path)
    reopened = open_experiment(path).experiment
    assert reopened.seed == seed
    np.testing.assert_array_equal(reopened.build_network().A[0], drawn[0][0])
    # A given seed is used as it is; a bad one changes nothing.
    assert model.new_weights(7) == 7 and model.experiment.seed == 7
    with pytest.raises(ValueError, match="seed"):
        model.new_weights(-1)
    assert model.experiment.seed == 7
    model.set_training(True)
    with pytest.raises(RuntimeError, match="stop training first"):
        model.new_weights()
    model.training_stopped()
