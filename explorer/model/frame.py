"""A frame: everything the chain views show, computed from one set of parameters.

The chain of θᵢ, each factor's matrix, their product and backprop's gradient are computed
together from the same network and sample, and carry the step they belong to. Views that
compare two of these numbers therefore compare one moment with itself: while training, the
graph and the matrices may be drawn a few milliseconds apart, but each draws a frame whole,
never a chain from one step beside a gradient from another.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.jacobians import Chain, chain_for
from core.network import Network

# The chain's product and backprop's gradient are two orders of the same float operations;
# they agree to a few ulps of the largest entry. Relative to that entry, anything above this
# is a real disagreement, not rounding.
AGREEMENT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Frame:
    """The selected chain at one moment.

    step: the training step the parameters belong to. theta, factor, sample: the selection.
    chain: core.jacobians.Chain (None when no θ is selected). backprop_A (n_{i+1}, n_i) and
    backprop_b (n_{i+1},): ∂L/∂Aᵢ, ∂L/∂bᵢ of the one-sample loss by backprop, from the same
    parameters. finite: False when any of them overflowed (on the way to a divergence).
    """

    step: int
    theta: int | None
    factor: int | None
    sample: int
    chain: Chain | None
    backprop_A: np.ndarray | None
    backprop_b: np.ndarray | None
    finite: bool

    @property
    def shown_factor(self):
        """The factor whose matrix is shown: the selected one, else the yellow (last) one."""
        if self.chain is None:
            return None
        return self.chain.factors[self.factor if self.factor is not None else -1]

    @property
    def max_relative_difference(self) -> float | None:
        """max |product − backprop| / max |backprop| over ∂L/∂Aᵢ, or None without a chain."""
        if self.chain is None or not self.finite:
            return None
        scale = max(float(np.max(np.abs(self.backprop_A), initial=0.0)), 1e-300)
        return float(np.max(np.abs(self.chain.grad_A - self.backprop_A), initial=0.0)) / scale

    @property
    def equal(self) -> bool | None:
        difference = self.max_relative_difference
        return None if difference is None else difference <= AGREEMENT_TOLERANCE


def compute_frame(
    network: Network, x, y, step: int, theta: int | None, factor: int | None, sample: int
) -> Frame:
    """The frame of `network` for sample (x (n_0,), y (n_K,)) and the selection given."""
    if theta is None:
        return Frame(step, None, None, sample, None, None, None, True)
    with np.errstate(all="ignore"):  # overflow near a divergence shows as inf/NaN, not warnings
        chain = chain_for(network, x, y, theta)
        _, grads_A, grads_b = network.gradients(x[None], y[None])
    arrays = [f.array for f in chain.factors] + [chain.grad_A, chain.grad_b, grads_A[theta]]
    finite = all(bool(np.all(np.isfinite(a))) for a in arrays)
    return Frame(step, theta, factor, sample, chain, grads_A[theta], grads_b[theta], finite)
