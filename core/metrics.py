"""How well a network does on training and test rows: loss, accuracy, confusion matrix.

Labels are class indices as core.datasets.Dataset.labels() gives them: for one output column
of +-1 targets the class is f_K > 0 (0 for -1, 1 for +1); for several outputs it is the
largest output (argmax; with softmax cross-entropy that is the most probable class, since the
softmax keeps the order of the logits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.network import Network


def predicted_labels(fK: np.ndarray) -> np.ndarray:
    """The class each output row votes for: (m, n_K) -> (m,) int64 (see the module)."""
    fK = np.atleast_2d(np.asarray(fK, dtype=np.float64))
    if fK.shape[1] == 1:
        return (fK[:, 0] > 0).astype(np.int64)
    return np.argmax(fK, axis=1).astype(np.int64)


def accuracy(predicted: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of rows whose predicted class is the true one: (m,), (m,) -> [0, 1].
    NaN for no rows."""
    predicted, labels = np.asarray(predicted), np.asarray(labels)
    if predicted.shape != labels.shape:
        raise ValueError(f"accuracy: {predicted.shape} predictions for {labels.shape} labels")
    return float(np.mean(predicted == labels)) if labels.size else float("nan")


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """counts[t, p]: how many rows of true class t were predicted as p, (n_classes,
    n_classes) int64. Rows are the true classes, columns the predictions; the diagonal holds
    the correct ones."""
    labels, predicted = np.asarray(labels, dtype=np.int64), np.asarray(predicted, dtype=np.int64)
    if labels.shape != predicted.shape:
        raise ValueError(f"confusion_matrix: {predicted.shape} predictions, {labels.shape} labels")
    for name, values in (("labels", labels), ("predicted", predicted)):
        if values.size and (values.min() < 0 or values.max() >= n_classes):
            raise ValueError(f"{name}: classes outside 0 .. {n_classes - 1}")
    counts = np.bincount(labels * n_classes + predicted, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


@dataclass(frozen=True)
class Evaluation:
    """The network after `step` training steps, measured on every training and test row.

    train_loss, test_loss: the mean one-sample loss over all training / test rows (the
        trainer's per-step loss is over a batch, before that step's update). test_loss is
        None when there are no test rows.
    train_accuracy, test_accuracy: for classification, the fraction classified right; None
        for regression (and test_accuracy for no test rows).
    """

    step: int
    train_loss: float
    test_loss: float | None
    train_accuracy: float | None
    test_accuracy: float | None


def evaluate(
    network: Network,
    X_train: np.ndarray,
    Y_train: np.ndarray,
    X_test: np.ndarray | None = None,
    Y_test: np.ndarray | None = None,
    classification: bool = False,
    step: int = 0,
) -> Evaluation:
    """One forward pass over the training rows (m_train, n_0) and the test rows (m_test,
    n_0), with targets (., n_K); no backward pass."""

    def measure(X, Y):
        if X is None or len(X) == 0:
            return None, None
        with np.errstate(all="ignore"):  # a diverging network gives inf/NaN, not warnings
            fK = network.predict(X)
            loss = float(np.mean(network.loss.sample_losses(fK, Y)))
        if not classification:
            return loss, None
        truth = (Y[:, 0] > 0).astype(np.int64) if Y.shape[1] == 1 else np.argmax(Y, axis=1)
        return loss, accuracy(predicted_labels(fK), truth)

    train_loss, train_accuracy = measure(X_train, Y_train)
    test_loss, test_accuracy = measure(X_test, Y_test)
    return Evaluation(
        step,
        float("nan") if train_loss is None else train_loss,
        test_loss,
        train_accuracy,
        test_accuracy,
    )


@dataclass(frozen=True, eq=False)
class ClassReport:
    """A classifier's answers on some rows of a data set, for the views.

    rows: the data set's row indices (m,) (e.g. Split.test). labels, predicted: (m,) int64,
    the true and the predicted class of each row. confusion: (n_classes, n_classes) int64,
    confusion_matrix(labels, predicted). accuracy: the fraction right (NaN for no rows).
    """

    rows: np.ndarray
    labels: np.ndarray
    predicted: np.ndarray
    confusion: np.ndarray
    accuracy: float

    @property
    def mistakes(self) -> np.ndarray:
        """The data set's row indices that were classified wrong, (k,)."""
        return self.rows[self.predicted != self.labels]


def class_report(network: Network, dataset, rows: np.ndarray) -> ClassReport:
    """How `network` classifies rows `rows` (int indices) of a classification Dataset."""
    rows = np.asarray(rows, dtype=np.int64)
    labels = dataset.labels()[rows]
    with np.errstate(all="ignore"):
        predicted = predicted_labels(network.predict(dataset.X[rows]))
        if rows.size == 0:
            predicted = np.empty(0, dtype=np.int64)
    n = dataset.n_classes
    return ClassReport(
        rows, labels, predicted, confusion_matrix(labels, predicted, n), accuracy(predicted, labels)
    )


__all__ = [
    "ClassReport",
    "Evaluation",
    "accuracy",
    "class_report",
    "confusion_matrix",
    "evaluate",
    "predicted_labels",
]
