"""Backprop for one sample as a sequence of small steps, for the step-through view.

Forward: x = f_0, then z_k and f_k layer by layer, then L (the network's loss: the note's
squared one, or softmax cross-entropy; the titles say which). Backward: start from dL/df_K, and
for i = K-1 down to 0 produce dL/dtheta_i from the running prefix and the yellow factor, then
(for i > 0) multiply the red factor df_{i+1}/df_i into the prefix to get dL/df_i. Every step
is plain data: what it lights on the graph, the value it produced, and a sentence saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.jacobians import chain_for
from core.network import Network
from core.notation import f_id, theta_id


@dataclass(frozen=True)
class Step:
    """One step of the walk.

    phase: "forward" or "backward".
    title: a short sentence for the panel, in the note's notation (plain text).
    nodes: graph nodes lit by this step; edges: graph edges (u, v, kind) lit by it.
    values: named arrays produced by this step, e.g. {"z_2": (n_2,), "f_2": (n_2,)} or
        {"dL/df_1": (1, n_1)} or {"dL/dA_0": (n_1, n_0), "dL/db_0": (n_1,)}.
    theta: the parameter whose chain this step belongs to (backward), else None.
    factor: index of the factor (in chain_for(theta).factors) just multiplied, else None.
    """

    phase: str
    title: str
    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, str], ...]
    values: dict[str, np.ndarray] = field(default_factory=dict)
    theta: int | None = None
    factor: int | None = None


def backprop_steps(network: Network, x, y) -> list[Step]:
    """All steps for sample (x, y): x, then f_1 .. f_K, then L (K + 2 forward steps), then the
    backward walk (2K steps: the start and, per theta_i, its gradient and the next prefix)."""
    K = network.spec.K
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    fwd = network.forward(x)
    steps = [Step("forward", "x = f₀ enters the network", (f_id(0),), (), {"f_0": x.copy()})]
    for k in range(1, K + 1):
        steps.append(
            Step(
                "forward",
                f"z_{k} = A_{k - 1} f_{k - 1} + b_{k - 1},   f_{k} = σ_{k}(z_{k})"
                f"   ({network.spec.activations[k - 1]})",
                (f_id(k - 1), theta_id(k - 1), f_id(k)),
                ((f_id(k - 1), f_id(k), "forward"), (theta_id(k - 1), f_id(k), "forward")),
                {f"z_{k}": fwd.zs[k][0].copy(), f"f_{k}": fwd.fs[k][0].copy()},
            )
        )
    loss = float(network.loss.sample_losses(fwd.output, y[None])[0])
    steps.append(
        Step(
            "forward",
            f"{network.loss.text(K)} = {loss:.4g}",
            (f_id(K), "y", "L"),
            ((f_id(K), "L", "forward"), ("y", "L", "forward")),
            {"L": np.array([loss])},
        )
    )

    chains = {i: chain_for(network, x, y, i) for i in range(K)}
    top = chains[K - 1]
    steps.append(
        Step(
            "backward",
            f"start: {network.loss.gradient_text(K)}",
            (f_id(K), "L"),
            ((f_id(K), "L", "loss"),),
            {f"dL/df_{K}": top.prefixes[0]},
            K - 1,
            0,
        )
    )
    for i in range(K - 1, -1, -1):
        chain = chains[i]
        walked = tuple(chain.edges)
        steps.append(
            Step(
                "backward",
                f"∂L/∂θ_{i} = ∂L/∂f_{i + 1} · ∂f_{i + 1}/∂θ_{i}: gradient of θ_{i} ready",
                (theta_id(i), f_id(i + 1)),
                walked,
                {f"dL/dA_{i}": chain.grad_A, f"dL/db_{i}": chain.grad_b},
                i,
                len(chain.factors) - 1,
            )
        )
        if i > 0:
            below = chains[i - 1]
            red_index = len(below.factors) - 2
            steps.append(
                Step(
                    "backward",
                    f"∂L/∂f_{i} = ∂L/∂f_{i + 1} · ∂f_{i + 1}/∂f_{i}: one red factor more; "
                    f"the prefix ∂L/∂f_{i + 1} is reused",
                    (f_id(i), f_id(i + 1)),
                    tuple(below.edges[:-1]),
                    {f"dL/df_{i}": below.prefixes[-1]},
                    i - 1,
                    red_index,
                )
            )
    return steps
