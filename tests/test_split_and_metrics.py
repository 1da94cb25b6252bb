"""Train/test split, accuracy, confusion matrix, evaluations during training, the digits
preset, and the experiment-file fields that hold the loss and the split."""

import json
import time

import numpy as np
import pytest

import core.training as training
from core.datasets import DatasetError, dataset_from_config, load_digits, split_dataset
from core.experiment import (
    Experiment,
    ExperimentFileError,
    check_compatible,
    load_experiment,
    load_preset,
    open_preset,
    save_experiment,
)
from core.loss_history import EvaluationHistory
from core.metrics import Evaluation, accuracy, class_report, confusion_matrix, predicted_labels
from core.network import Network, NetworkSpec
from core.optim import OptimizerConfig
from core.training import Trainer

# -- the split -------------------------------------------------------------------------------


def test_split_is_seeded_stratified_and_covers_every_row_once():
    data = load_digits()
    split = split_dataset(data, 0.2, seed=7)
    again = split_dataset(data, 0.2, seed=7)
    other = split_dataset(data, 0.2, seed=8)
    assert np.array_equal(split.test, again.test) and not np.array_equal(split.test, other.test)
    assert np.array_equal(np.sort(np.r_[split.train, split.test]), np.arange(1797))
    assert np.all(np.diff(split.train) > 0) and np.all(np.diff(split.test) > 0)  # sorted
    # Per class round(0.2 * count): every class is a fifth of the test set, give or take one.
    per_class = np.bincount(data.labels()[split.test], minlength=10)
    expected = np.floor(0.2 * np.bincount(data.labels()) + 0.5)
    assert np.array_equal(per_class, expected)
    assert split.n_test == 359 and split.n_train == 1438


def test_split_edge_cases_and_errors():
    moons = dataset_from_config({"name": "moons", "n_samples": 4})
    none = split_dataset(moons, 0.0)
    assert none.n_test == 0 and np.array_equal(none.train, np.arange(4))
    half = split_dataset(moons, 0.5)
    assert half.n_test == 2 and set(moons.labels()[half.train]) == {0, 1}  # each class trains
    sine = dataset_from_config({"name": "sine", "n_samples": 10})
    assert split_dataset(sine, 0.3, 1).n_test == 3  # regression: of all rows
    for bad, message in [(0.6, r"outside \[0, 0.5\]"), (-0.1, "outside"), ("0.2", "not a number")]:
        with pytest.raises(DatasetError, match=rf"test_fraction: .*{message}"):
            split_dataset(moons, bad)
    with pytest.raises(DatasetError, match="split_seed: -1 is less than 0"):
        split_dataset(moons, 0.2, -1)


# -- accuracy and the confusion matrix -------------------------------------------------------


def test_accuracy_and_confusion_matrix_against_a_loop():
    rng = np.random.default_rng(0)
    labels, predicted = rng.integers(0, 4, 50), rng.integers(0, 4, 50)
    counts = np.zeros((4, 4), dtype=int)
    for t, p in zip(labels, predicted, strict=True):
        counts[t, p] += 1
    assert np.array_equal(confusion_matrix(labels, predicted, 4), counts)
    assert accuracy(predicted, labels) == np.trace(counts) / 50
    assert np.isnan(accuracy(np.array([]), np.array([])))
    with pytest.raises(ValueError, match=r"predicted: classes outside 0 \.\. 2"):
        confusion_matrix(labels % 3, predicted, 3)
    assert np.array_equal(predicted_labels(np.array([[0.3], [-0.1]])), [1, 0])  # +-1 column
    assert np.array_equal(predicted_labels(np.array([[0.1, 0.9, 0.0]])), [1])


def test_class_report_of_the_test_rows():
    data = load_digits()
    split = split_dataset(data, 0.2, 0)
    net = Network.init(NetworkSpec.uniform((64, 16, 10)), seed=0)
    report = class_report(net, data, split.test)
    predicted = np.argmax(net.predict(data.X[split.test]), axis=1)
    assert np.array_equal(report.predicted, predicted)
    assert report.confusion.sum() == split.n_test
    assert report.accuracy == pytest.approx(np.mean(predicted == data.labels()[split.test]))
    assert np.array_equal(report.mistakes, split.test[predicted != data.labels()[split.test]])


# -- evaluations while training --------------------------------------------------------------


def small_digits_trainer(**kwargs):
    data = load_digits()
    split = split_dataset(data, 0.2, 0)
    net = Network.init(NetworkSpec.uniform((64, 8, 10)), seed=0)
    trainer = Trainer(
        net,
        data.X[split.train],
        data.Y[split.train],
        OptimizerConfig("adam", 0.01),
        batch_size=64,
        test=(data.X[split.test], data.Y[split.test]),
        classification=True,
        **kwargs,
    )
    return data, split, net, trainer


def test_evaluate_measures_training_and_test_rows_independently():
    data, split, net, trainer = small_digits_trainer()
    trainer.step(50)
    ev = trainer.evaluate()
    assert ev.step == 50
    for rows, loss, acc in [
        (split.train, ev.train_loss, ev.train_accuracy),
        (split.test, ev.test_loss, ev.test_accuracy),
    ]:
        out = net.predict(data.X[rows])
        assert loss == pytest.approx(np.mean(np.sum((data.Y[rows] - out) ** 2, axis=1)), rel=1e-12)
        assert acc == np.mean(np.argmax(out, axis=1) == data.labels()[rows])
    # Regression and no test rows: None where there is nothing to measure.
    sine = dataset_from_config({"name": "sine", "n_samples": 20})
    plain = Trainer(Network.init(NetworkSpec.uniform((1, 4, 1)), 0), sine.X, sine.Y)
    ev = plain.evaluate()
    assert ev.test_loss is None and ev.train_accuracy is None and ev.test_accuracy is None


def test_run_attaches_evaluations_at_its_cadence(monkeypatch):
    *_, trainer = small_digits_trainer()
    snapshots = list(trainer.run(min_interval=0.0, max_steps=20))
    assert snapshots[0].evaluation is not None and snapshots[0].evaluation.step == 1
    assert snapshots[-1].evaluation is not None and snapshots[-1].evaluation.step == 20
    # Within EVAL_INTERVAL of each other (0.1 s), the snapshots in between carry none.
    assert sum(s.evaluation is not None for s in snapshots) < 20
    monkeypatch.setattr(training, "EVAL_INTERVAL", 3600.0)
    later = list(trainer.run(min_interval=0.0, max_steps=10))
    assert [s.evaluation is not None for s in later] == [True] + [False] * 8 + [True]


def test_evaluation_history_keeps_steps_in_order():
    history = EvaluationHistory()
    history.append(Evaluation(0, 2.0, 2.5, 0.1, None))
    history.append(Evaluation(10, 1.0, 1.5, 0.5, 0.4))
    history.append(Evaluation(10, 0.9, 1.4, 0.6, 0.5))  # the same step again: replaces
    history.append(Evaluation(5, 9.0, 9.0, 0.0, 0.0))  # older: ignored
    assert history.count == 2
    assert np.array_equal(history.steps, [0, 10]) and np.array_equal(history.train_loss, [2, 0.9])
    assert np.isnan(history.test_accuracy[0]) and history.last["test_accuracy"] == 0.5
    history.clear()
    assert history.count == 0 and history.last is None


# -- the digits preset -----------------------------------------------------------------------


def test_digits_preset_reaches_092_test_accuracy_within_3000_steps():
    started = time.perf_counter()
    opened = open_preset("digits")
    experiment, data = opened.experiment, opened.dataset
    assert experiment.spec.sizes == (64, 32, 10) and experiment.optimizer.name == "adam"
    assert experiment.test_fraction == 0.2
    split = experiment.split(data)
    trainer = Trainer(
        opened.network,
        data.X[split.train],
        data.Y[split.train],
        experiment.optimizer,
        experiment.batch_size,
        experiment.seed,
        test=(data.X[split.test], data.Y[split.test]),
        classification=True,
    )
    trainer.step(3000)
    ev = trainer.evaluate()
    # Measured: 0.969 after 3000 steps (0.92 first passed at step 200); 0.92 is the bar.
    assert ev.test_accuracy >= 0.92, ev
    assert time.perf_counter() - started < 10


# -- experiment files ------------------------------------------------------------------------


def digits_experiment(**changes) -> Experiment:
    fields = dict(
        spec=NetworkSpec.uniform((64, 8, 10), loss="softmax_cross_entropy"),
        dataset={"name": "digits"},
        optimizer=OptimizerConfig("adam", 0.01),
        batch_size=64,
        test_fraction=0.25,
        split_seed=3,
    )
    fields.update(changes)
    return Experiment(**fields)


def test_loss_and_split_round_trip_through_files(tmp_path):
    experiment = digits_experiment()
    save_experiment(experiment, tmp_path / "d.json")
    document = json.loads((tmp_path / "d.json").read_text("utf-8"))
    assert document["spec"]["loss"] == "softmax_cross_entropy"
    assert (document["test_fraction"], document["split_seed"]) == (0.25, 3)
    assert load_experiment(tmp_path / "d.json") == experiment
    assert experiment != digits_experiment(test_fraction=0.2)
    assert experiment != digits_experiment(split_seed=4)


def test_files_without_the_new_fields_load_as_before(tmp_path):
    document = json.loads(json.dumps(load_preset("moons").spec.to_dict()))
    assert document["loss"] == "squared"
    text = (
        '{"format": "backprop-explorer-experiment", "version": 1,'
        ' "spec": {"sizes": [2, 4, 1], "activations": ["tanh", "tanh"]},'
        ' "dataset": {"name": "xor"}, "optimizer": {"name": "sgd"}}'
    )
    (tmp_path / "old.json").write_text(text)
    old = load_experiment(tmp_path / "old.json")
    assert old.spec.loss == "squared" and old.test_fraction == 0.0 and old.split_seed == 0
    for name in ("moons", "xor", "spiral", "sine", "deep_sigmoid", "deep_relu"):
        preset = load_preset(name)
        assert preset.test_fraction == 0.0 and preset.spec.loss == "squared"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"test_fraction": 0.7}, "test_fraction", r"0.7 is outside \[0, 0.5\]"),
        ({"test_fraction": "0.2"}, "test_fraction", "expected a number, got a string"),
        ({"test_fraction": True}, "test_fraction", "expected a number"),
        ({"split_seed": -2}, "split_seed", "-2 is negative"),
        ({"split_seed": 1.5}, "split_seed", "expected an integer"),
        (
            {"spec": {"sizes": [64, 10], "activations": ["identity"], "loss": "l1"}},
            "spec.loss",
            "unknown name 'l1'",
        ),
        (
            {"spec": {"sizes": [64, 10], "activations": ["identity"], "loss": 3}},
            "spec.loss",
            "expected a string",
        ),
    ],
)
def test_bad_loss_and_split_fields_are_named(tmp_path, change, field, message):
    save_experiment(digits_experiment(), tmp_path / "d.json")
    document = json.loads((tmp_path / "d.json").read_text("utf-8"))
    document.update(change)
    (tmp_path / "d.json").write_text(json.dumps(document))
    with pytest.raises(ExperimentFileError, match=rf"d\.json: field '{field}': .*{message}"):
        load_experiment(tmp_path / "d.json")


def test_cross_entropy_needs_class_targets(tmp_path):
    experiment = Experiment(
        NetworkSpec((2, 4, 2), ("tanh", "identity"), "softmax_cross_entropy"),
        {"name": "sine", "n_samples": 20},
        OptimizerConfig(),
    )
    with pytest.raises(ExperimentFileError, match=r"spec\.sizes"):
        check_compatible(experiment, experiment.build_dataset())  # 1 output, not 2
    csv_like = dataset_from_config({"name": "blobs", "n_samples": 12, "centers": 2})
    blobs = Experiment(experiment.spec, {"name": "blobs", "centers": 2}, OptimizerConfig())
    check_compatible(blobs, csv_like)  # one-hot: fine
    (tmp_path / "reg.csv").write_text("x1,y1,y2\n0.5,0.3,2.0\n0.1,-1.0,0.0\n")
    regression = Experiment(
        NetworkSpec((1, 3, 2), ("tanh", "identity"), "softmax_cross_entropy"),
        {"name": "csv", "path": str(tmp_path / "reg.csv")},
        OptimizerConfig(),
    )
    with pytest.raises(ExperimentFileError, match=r"spec\.loss: .*class probabilities.*'csv'"):
        check_compatible(regression, regression.build_dataset())
