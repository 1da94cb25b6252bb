"""The note's chain for one sample (x, y) and one theta_i, every factor as a real matrix.

    dL/dtheta_i = dL/df_K  df_K/df_{K-1} ... [df_{i+2}/df_{i+1}  df_{i+1}/dtheta_i]

- "loss" (uncoloured): dL/df_K, a row of shape (1, n_K): -2 (y - f_K)^T for the note's
  squared loss, (softmax(f_K) - y)^T for softmax cross-entropy (the network's spec.loss,
  core.losses).
- "red": df_{k+1}/df_k = diag(sigma'(z_{k+1})) A_k, shape (n_{k+1}, n_k), for k = K-1 .. i+1.
- "yellow": df_{i+1}/dtheta_i. Its b part is df_{i+1}/db_i = diag(sigma'(z_{i+1})), shape
  (n_{i+1}, n_{i+1}). Its A part is the tensor d f_{i+1,p} / d A_{i,qr} = [p=q] sigma'(z_{i+1,p})
  f_{i,r} of shape (n_{i+1}, n_{i+1}, n_i); it is stored compactly as the b part plus the layer
  input f_i (n_i,), and `Factor.dA_tensor()` builds the full tensor on request.

Training never uses any of this (it uses vector-Jacobian products, core.network.backward);
these matrices exist to be shown, and the tests check that their product is the gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import notation
from core.losses import Loss
from core.network import Network
from core.notation import f_id, theta_id

# Above this many entries the chain product for A_i uses the compact form instead of the
# explicit (n_{i+1}, n_{i+1}, n_i) tensor, which would cost memory for nothing.
TENSOR_LIMIT = 2_000_000


@dataclass(frozen=True)
class Factor:
    """One factor of the chain.

    kind: "loss", "red" or "yellow" (the note's colours).
    latex / text: its name in the note's notation, e.g. r"\\frac{\\partial f_{3}}{\\partial f_{2}}"
        and "∂f_3/∂f_2".
    numerator / denominator: the graph nodes it differentiates ("L" / "f3", "f3" / "f2",
        "f1" / "theta0"); the graph edge it belongs to is denominator -> numerator.
    array: the matrix for the current sample (yellow: df_{i+1}/db_i).
    layer_input: yellow only, f_i (n_i,), which with `array` gives df_{i+1}/dA_i.
    """

    kind: str
    latex: str
    text: str
    numerator: str
    denominator: str
    array: np.ndarray
    layer_input: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def edge(self) -> tuple[str, str]:
        """The computation-graph edge (u, v) whose local derivative this factor is."""
        return (self.denominator, self.numerator)

    def dA_tensor(self) -> np.ndarray:
        """Yellow only: d f_{i+1,p} / d A_{i,qr} as an (n_{i+1}, n_{i+1}, n_i) array."""
        if self.layer_input is None:
            raise ValueError(f"{self.text}: only the yellow factor has an A part")
        sigma_prime = np.diag(self.array)
        n = sigma_prime.size
        tensor = np.zeros((n, n, self.layer_input.size))
        tensor[np.arange(n), np.arange(n), :] = np.outer(sigma_prime, self.layer_input)
        return tensor


@dataclass(frozen=True)
class Chain:
    """The whole chain for dL/dtheta_i of one sample, in the note's order.

    factors: [loss, red (k = K-1 .. i+1), yellow].
    prefixes: the running products after the loss factor and after each red factor:
        prefixes[j] is dL/df_k (1, n_k) for k = K - j; the last one is dL/df_{i+1}.
    new_pair_start: index in `factors` where the note's box begins. For i <= K-2 the box is
        the last red factor and the yellow one, and everything before it multiplies to
        dL/df_{i+2}, which theta_{i+1}'s chain already computed (prefixes[-2]).
        For i = K-1 the box is the yellow factor alone and nothing is reused.
    grad_A, grad_b: dL/dA_i (n_{i+1}, n_i) and dL/db_i (n_{i+1},) from multiplying the chain.
    loss: the one-sample L of this sample. loss_function: the core.losses.Loss it is (its
        text(), latex() and gradient_text() give the caption of the first factor).
    """

    theta: int
    K: int
    factors: tuple[Factor, ...]
    prefixes: tuple[np.ndarray, ...]
    prefix_texts: tuple[str, ...]
    new_pair_start: int
    grad_A: np.ndarray
    grad_b: np.ndarray
    loss: float
    loss_function: Loss | None = None

    @property
    def reuses_prefix(self) -> bool:
        """True when the prefix was already computed for theta_{i+1} (i <= K-2)."""
        return self.theta < self.K - 1

    @property
    def reused_prefix(self) -> np.ndarray | None:
        """dL/df_{i+2} (1, n_{i+2}), the product of the factors before the box."""
        return self.prefixes[-2] if self.reuses_prefix else None

    @property
    def edges(self) -> list[tuple[str, str, str]]:
        """(u, v, kind) graph edges of the factors, in the note's order."""
        return [(*f.edge, f.kind) for f in self.factors]


def _factor(kind, top, bottom, array, layer_input=None) -> Factor:
    return Factor(
        kind,
        notation.fraction_latex(top, bottom),
        notation.fraction_text(top, bottom),
        top,
        bottom,
        array,
        layer_input,
    )


def chain_for(network: Network, x: np.ndarray, y: np.ndarray, theta: int) -> Chain:
    """Build every factor of dL/dtheta_i for one sample: x (n_0,), y (n_K,)."""
    K = network.spec.K
    if isinstance(theta, bool) or not isinstance(theta, int | np.integer) or not 0 <= theta < K:
        raise ValueError(f"theta: {theta!r} is not a parameter index 0..{K - 1}")
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(1, -1)
    fwd = network.forward(x)
    fK = fwd.output
    loss = float(network.loss.sample_losses(fK, y)[0])
    # sigma'(z_k) for the layers the chain passes through, as vectors (n_k,).
    sigma_prime = {
        k: network.sigmas[k - 1].derivative(fwd.zs[k], fwd.fs[k], None)[0]
        for k in range(theta + 1, K + 1)
    }

    first = _factor("loss", "L", f_id(K), network.loss.gradient(fK, y))
    factors = [first]
    prefixes = [first.array]
    prefix_texts = [f"∂L/∂f_{K}"]
    for k in range(K - 1, theta, -1):
        red = sigma_prime[k + 1][:, None] * network.A[k]
        factors.append(_factor("red", f_id(k + 1), f_id(k), red))
        prefixes.append(prefixes[-1] @ red)
        prefix_texts.append(f"∂L/∂f_{k}")
    layer_input = fwd.fs[theta][0].copy()
    yellow = _factor(
        "yellow", f_id(theta + 1), theta_id(theta), np.diag(sigma_prime[theta + 1]), layer_input
    )
    factors.append(yellow)

    dL_df = prefixes[-1]  # (1, n_{i+1})
    grad_b = (dL_df @ yellow.array)[0]
    n_out, n_in = network.A[theta].shape
    if n_out * n_out * n_in <= TENSOR_LIMIT:
        grad_A = np.tensordot(dL_df[0], yellow.dA_tensor(), axes=(0, 0))
    else:
        grad_A = np.outer(grad_b, layer_input)
    return Chain(
        theta=theta,
        K=K,
        factors=tuple(factors),
        prefixes=tuple(prefixes),
        prefix_texts=tuple(prefix_texts),
        new_pair_start=len(factors) - (2 if theta < K - 1 else 1),
        grad_A=grad_A,
        grad_b=grad_b,
        loss=loss,
        loss_function=network.loss,
    )
