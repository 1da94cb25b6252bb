"""(c) The reference: a training loop as a person would write it in plain NumPy.

Forward with tanh hidden layers and an identity output, the loss mean_m ||y - f_K||^2,
backprop by hand, plain SGD, the loss recorded every step. Nothing preallocated, no in-place
tricks: new arrays on every line, as in a lecture note. Minibatches, when asked for, are the
next rows of a shuffled order that is drawn anew every epoch (`batch_stream`).
"""

from __future__ import annotations

import numpy as np


def batch_stream(m, batch_size, seed):
    """Row indices of one batch per step: consecutive slices of a permutation of the m rows,
    a new permutation (np.random.default_rng(seed)) whenever one is used up; a batch that
    crosses the end of an epoch takes the rest of it and the start of the next. The order
    core.training.Trainer draws, so every implementation trains on the same batches."""
    rng = np.random.default_rng(seed)
    order, cursor = np.empty(0, dtype=np.intp), 0
    while True:
        batch = []
        while len(batch) < batch_size:
            if cursor >= len(order):
                order, cursor = rng.permutation(m), 0
            take = min(batch_size - len(batch), len(order) - cursor)
            batch.extend(order[cursor : cursor + take])
            cursor += take
        yield np.array(batch, dtype=np.intp)


class HandwrittenNet:
    def __init__(self, A, b, learning_rate, batches=None):
        self.batches = batches  # an iterator of row indices, or None for the full batch
        # Copies: the caller's initial weights are shared with the other implementations.
        self.W = [np.array(a, dtype=np.float64) for a in A]
        self.b = [np.array(v, dtype=np.float64) for v in b]
        self.lr = learning_rate

    def train(self, X, Y, steps):
        """Run `steps` full-batch SGD steps; return their losses (each before its update)."""
        W, b, lr = self.W, self.b, self.lr
        K = len(W)
        losses = []
        full_X, full_Y = X, Y
        for _ in range(steps):
            if self.batches is not None:
                rows = next(self.batches)
                X, Y = full_X[rows], full_Y[rows]
            m = X.shape[0]
            # forward: keep every layer's output for backprop
            hs = [X]
            for k in range(K - 1):
                hs.append(np.tanh(hs[-1] @ W[k].T + b[k]))
            out = hs[-1] @ W[K - 1].T + b[K - 1]
            diff = out - Y
            losses.append(np.sum(diff**2) / m)
            # backward
            delta = 2 * diff / m
            for k in range(K - 1, -1, -1):
                grad_W = delta.T @ hs[k]
                grad_b = delta.sum(axis=0)
                if k > 0:
                    delta = (delta @ W[k]) * (1 - hs[k] ** 2)
                W[k] = W[k] - lr * grad_W
                b[k] = b[k] - lr * grad_b
        return np.array(losses)
