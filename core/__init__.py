"""Backprop Explorer's engine: the note's layered network in pure NumPy.

Never imports Qt: the GUI in explorer/ and a lecturer's notebook both use it through plain
data. Index convention: theta_i = {A_i, b_i} feeds layer f_{i+1}.
"""

from core.activations import ACTIVATIONS, Activation, get_activation
from core.network import Forward, Network, NetworkSpec, loss_gradient, sample_losses

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Forward",
    "Network",
    "NetworkSpec",
    "get_activation",
    "loss_gradient",
    "sample_losses",
]
