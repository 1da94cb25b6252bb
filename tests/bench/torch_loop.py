"""(d) The same training in PyTorch on the CPU: one thread, float64, autograd, torch.optim.SGD.

Written the way a PyTorch user would: nn.Sequential of Linear and Tanh, loss.backward(),
optimizer.step(), loss.item() recorded every step. Minibatches, when asked for, are the
rows handwritten.batch_stream gives (the Trainer's order), gathered with index_select.
"""

from __future__ import annotations

import contextlib

import numpy as np


def available() -> tuple[bool, str]:
    try:
        import torch
    except ImportError as error:
        return False, f"torch not installed ({error}): PyTorch column skipped"
    return True, f"torch {torch.__version__}, 1 thread, float64"


def configure_threads():
    import torch

    torch.set_num_threads(1)
    # It may only be set once, before any parallel work: a second call raises.
    with contextlib.suppress(RuntimeError):
        torch.set_num_interop_threads(1)


class TorchNet:
    def __init__(self, A, b, learning_rate, X, Y, batches=None):
        import torch
        from torch import nn

        configure_threads()
        layers = []
        for k, (a, v) in enumerate(zip(A, b, strict=True)):
            linear = nn.Linear(a.shape[1], a.shape[0], dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(np.asarray(a)))
                linear.bias.copy_(torch.from_numpy(np.asarray(v)))
            layers.append(linear)
            if k < len(A) - 1:
                layers.append(nn.Tanh())
        self.model = nn.Sequential(*layers)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=learning_rate)
        self.X = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float64))
        self.Y = torch.from_numpy(np.ascontiguousarray(Y, dtype=np.float64))
        self.batches = batches

    def train(self, steps):
        import torch

        model, optimizer, X, Y = self.model, self.optimizer, self.X, self.Y
        losses = []
        for _ in range(steps):
            if self.batches is not None:
                rows = torch.from_numpy(next(self.batches))
                X, Y = self.X.index_select(0, rows), self.Y.index_select(0, rows)
            loss = ((model(X) - Y) ** 2).sum(dim=1).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        return np.array(losses)
