"""(c) The reference: a training loop as a person would write it in plain NumPy.

Forward with tanh hidden layers and an identity output, the loss mean_m ||y - f_K||^2,
backprop by hand, plain SGD, the loss recorded every step. Nothing preallocated, no in-place
tricks: new arrays on every line, as in a lecture note.
"""

from __future__ import annotations

import numpy as np


class HandwrittenNet:
    def __init__(self, A, b, learning_rate):
        # Copies: the caller's initial weights are shared with the other implementations.
        self.W = [np.array(a, dtype=np.float64) for a in A]
        self.b = [np.array(v, dtype=np.float64) for v in b]
        self.lr = learning_rate

    def train(self, X, Y, steps):
        """Run `steps` full-batch SGD steps; return their losses (each before its update)."""
        W, b, lr = self.W, self.b, self.lr
        K = len(W)
        m = X.shape[0]
        losses = []
        for _ in range(steps):
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
