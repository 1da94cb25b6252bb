"""The note's layered network: f_0 = x, f_{i+1} = sigma_{i+1}(A_i f_i + b_i), i = 0..K-1.

Index convention (used everywhere in this project): theta_i = {A_i, b_i} feeds layer i+1.
A_i has shape (n_{i+1}, n_i), b_i has shape (n_{i+1},), and theta_{K-1} feeds the output f_K.

Batches are rows: a batch of m inputs is X of shape (m, n_0), and layer k holds f_k of shape
(m, n_k), so z_{k+1} = f_k A_k^T + b_k. The loss of one sample is the note's
L = ||y - f_K||^2 unless the spec chooses another (core.losses: softmax cross-entropy);
training minimises its mean over a batch. Functions say which one they give.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from core.activations import ACTIVATIONS, Activation, get_activation
from core.limits import MAX_LAYERS, MAX_WIDTH, check_parameters
from core.losses import LOSSES, SQUARED, Loss, get_loss


def _check_size(index: int, value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"sizes[{index}]: {value!r} is not an integer")
    value = int(value)
    if value < 1:
        raise ValueError(f"sizes[{index}]: {value} is less than 1")
    if value > MAX_WIDTH:
        raise ValueError(f"sizes[{index}]: {value} is wider than {MAX_WIDTH} (the limit MAX_WIDTH)")
    return value


@dataclass(frozen=True)
class NetworkSpec:
    """Layer sizes n_0..n_K and the activation sigma_{i+1} of every layer i+1 = 1..K.

    sizes: (n_0, ..., n_K), K >= 1; each n_k <= MAX_WIDTH, K <= MAX_LAYERS, and at most
        MAX_PARAMETERS parameters in all (core.limits), checked here, before any allocation.
    activations: K names, activations[i] is sigma_{i+1}, the one applied after theta_i.
    loss: the one-sample loss L after f_K, a name of core.losses.LOSSES: "squared" (the
        note's ||y - f_K||^2, the default) or "softmax_cross_entropy" (f_K are logits).
    """

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str = SQUARED

    def __post_init__(self):
        sizes = self.sizes
        if isinstance(sizes, str | bytes) or not hasattr(sizes, "__len__"):
            raise ValueError(f"sizes: {sizes!r} is not a list of layer widths")
        if len(sizes) < 2:
            raise ValueError(f"sizes: {list(sizes)!r} has fewer than two sizes (need n_0 and n_K)")
        if len(sizes) - 1 > MAX_LAYERS:
            raise ValueError(
                f"sizes: K = {len(sizes) - 1} layers is more than {MAX_LAYERS} "
                "(the limit MAX_LAYERS)"
            )
        checked = tuple(_check_size(i, n) for i, n in enumerate(sizes))
        # From the sizes alone, so that no weight matrix of a too-large network is allocated.
        check_parameters(checked)
        acts = self.activations
        if isinstance(acts, str):
            acts = (acts,)
        acts = tuple(acts)
        if len(acts) != len(checked) - 1:
            raise ValueError(
                f"activations: {len(acts)} given for K = {len(checked) - 1} layers "
                f"(need one per layer)"
            )
        for i, name in enumerate(acts):
            if name not in ACTIVATIONS:
                known = ", ".join(ACTIVATIONS)
                raise ValueError(f"activations[{i}]: unknown name {name!r} (known: {known})")
        if not isinstance(self.loss, str) or self.loss not in LOSSES:
            raise ValueError(f"loss: unknown name {self.loss!r} (known: {', '.join(LOSSES)})")
        if get_loss(self.loss).needs_classes and checked[-1] < 2:
            raise ValueError(
                f"loss: {self.loss} needs at least 2 outputs (one per class), n_K = {checked[-1]}"
            )
        object.__setattr__(self, "sizes", checked)
        object.__setattr__(self, "activations", acts)

    @classmethod
    def uniform(
        cls, sizes, hidden: str = "tanh", output: str = "identity", loss: str = SQUARED
    ) -> NetworkSpec:
        """A spec with one activation for every hidden layer and another for the output."""
        K = len(sizes) - 1
        return cls(tuple(sizes), (hidden,) * (K - 1) + (output,), loss)

    @property
    def K(self) -> int:
        """The number of layers (and of parameter sets theta_0..theta_{K-1})."""
        return len(self.sizes) - 1

    def describe(self) -> str:
        """Plain text such as '2-8-8-1 (tanh, tanh, identity)', with '; softmax
        cross-entropy' before the ')' when the loss is not the note's squared one."""
        loss = "" if self.loss == SQUARED else f"; {get_loss(self.loss).title}"
        return "-".join(map(str, self.sizes)) + " (" + ", ".join(self.activations) + loss + ")"

    def to_dict(self) -> dict:
        """{"sizes": [...], "activations": [...], "loss": name}, as experiment files hold it."""
        return {
            "sizes": list(self.sizes),
            "activations": list(self.activations),
            "loss": self.loss,
        }

    @classmethod
    def from_dict(cls, data: dict) -> NetworkSpec:
        """The inverse of to_dict; a dict without "loss" (older files) is the squared loss."""
        return cls(tuple(data["sizes"]), tuple(data["activations"]), data.get("loss", SQUARED))


@dataclass
class Forward:
    """What the forward pass keeps for backprop and for the views.

    fs[k]: f_k, shape (m, n_k) for k = 0..K (fs[0] is the input x).
    zs[k]: z_k = f_{k-1} A_{k-1}^T + b_{k-1}, shape (m, n_k) for k = 1..K; zs[0] is None so that
    the list is indexed like the note.
    """

    fs: list[np.ndarray]
    zs: list[np.ndarray | None] = field(default_factory=list)

    @property
    def output(self) -> np.ndarray:
        return self.fs[-1]


class Network:
    """The parameters theta_i = (A_i, b_i), i = 0..K-1, of a NetworkSpec, in float64."""

    def __init__(self, spec: NetworkSpec, A: list[np.ndarray], b: list[np.ndarray]):
        self.spec = spec
        self.A = [np.ascontiguousarray(a, dtype=np.float64) for a in A]
        self.b = [np.ascontiguousarray(v, dtype=np.float64) for v in b]
        self.sigmas: list[Activation] = [get_activation(name) for name in spec.activations]
        self.loss: Loss = get_loss(spec.loss)
        self._check_shapes()

    def _check_shapes(self):
        K = self.spec.K
        if len(self.A) != K or len(self.b) != K:
            raise ValueError(f"parameters: {len(self.A)} A and {len(self.b)} b for K = {K}")
        for i in range(K):
            want_a = (self.spec.sizes[i + 1], self.spec.sizes[i])
            if self.A[i].shape != want_a:
                raise ValueError(f"A_{i}: shape {self.A[i].shape}, expected {want_a}")
            if self.b[i].shape != (want_a[0],):
                raise ValueError(f"b_{i}: shape {self.b[i].shape}, expected {(want_a[0],)}")

    @classmethod
    def init(cls, spec: NetworkSpec, seed: int = 0) -> Network:
        """Seeded initialisation suited to each layer's activation.

        Xavier (Glorot normal, var = 2/(n_in+n_out)) for sigmoid, tanh and identity; He
        (var = 2/n_in) for ReLU-like ones. Biases start at zero.
        """
        rng = np.random.default_rng(seed)
        A, b = [], []
        for i, name in enumerate(spec.activations):
            n_in, n_out = spec.sizes[i], spec.sizes[i + 1]
            if get_activation(name).init == "he":
                std = np.sqrt(2.0 / n_in)
            else:
                std = np.sqrt(2.0 / (n_in + n_out))
            A.append(rng.normal(0.0, std, size=(n_out, n_in)))
            b.append(np.zeros(n_out))
        return cls(spec, A, b)

    # -- parameters as plain data -------------------------------------------------------------

    def copy(self) -> Network:
        return Network(self.spec, [a.copy() for a in self.A], [v.copy() for v in self.b])

    def parameters(self) -> list[np.ndarray]:
        """[A_0, b_0, A_1, b_1, ...], the arrays themselves (not copies)."""
        return [p for pair in zip(self.A, self.b, strict=True) for p in pair]

    def snapshot(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        """Copies of (A, b), safe to hand to another thread."""
        return tuple(a.copy() for a in self.A), tuple(v.copy() for v in self.b)

    def load(self, A, b) -> None:
        """Copy parameter values in place (shapes must match)."""
        for dst, src in zip(self.A + self.b, list(A) + list(b), strict=True):
            if dst.shape != np.shape(src):
                raise ValueError(f"parameters: shape {np.shape(src)}, expected {dst.shape}")
            np.copyto(dst, src)

    def parameter_count(self) -> int:
        return sum(p.size for p in self.parameters())

    # -- forward, loss, backward --------------------------------------------------------------

    def forward(self, X: np.ndarray) -> Forward:
        """Forward pass keeping every z_k and f_k. X: (m, n_0) or one sample (n_0,)."""
        f = np.atleast_2d(np.asarray(X, dtype=np.float64))
        if f.shape[1] != self.spec.sizes[0]:
            raise ValueError(
                f"x: {f.shape[1]} features, the network takes n_0 = {self.spec.sizes[0]}"
            )
        fs, zs = [f], [None]
        for A, b, sigma in zip(self.A, self.b, self.sigmas, strict=True):
            z = f @ A.T + b
            f = sigma.forward(z, None)
            zs.append(z)
            fs.append(f)
        return Forward(fs, zs)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """f_K for a batch X (m, n_0) -> (m, n_K), without keeping the intermediate layers."""
        f = np.atleast_2d(np.asarray(X, dtype=np.float64))
        for A, b, sigma in zip(self.A, self.b, self.sigmas, strict=True):
            z = f @ A.T
            z += b
            f = sigma.forward(z, z)
        return f

    def backward(self, fwd: Forward, dL_dfK: np.ndarray):
        """Vector-Jacobian products from dL/df_K (m, n_K) back to every theta_i.

        Returns (grads_A, grads_b) with grads_A[i] = dL/dA_i (n_{i+1}, n_i) and grads_b[i] =
        dL/db_i (n_{i+1},), summed over the batch rows. No Jacobian is formed: each step is
        delta_{i+1} = dL/dz_{i+1} = dL/df_{i+1} * sigma'(z_{i+1}), then dL/dA_i = delta^T f_i,
        dL/db_i = sum of delta, dL/df_i = delta A_i.
        """
        K = self.spec.K
        grads_A: list[np.ndarray] = [None] * K  # type: ignore[list-item]
        grads_b: list[np.ndarray] = [None] * K  # type: ignore[list-item]
        delta = dL_dfK
        for i in range(K - 1, -1, -1):
            dz = delta * self.sigmas[i].derivative(fwd.zs[i + 1], fwd.fs[i + 1], None)
            grads_A[i] = dz.T @ fwd.fs[i]
            grads_b[i] = dz.sum(axis=0)
            if i > 0:
                delta = dz @ self.A[i]
        return grads_A, grads_b

    def gradients(self, X: np.ndarray, Y: np.ndarray):
        """Mean batch loss of the spec's loss and its gradients: (loss, grads_A, grads_b)."""
        fwd = self.forward(X)
        Y = np.atleast_2d(np.asarray(Y, dtype=np.float64))
        m = fwd.output.shape[0]
        loss = float(np.mean(self.loss.sample_losses(fwd.output, Y)))
        grads_A, grads_b = self.backward(fwd, self.loss.gradient(fwd.output, Y) / m)
        return loss, grads_A, grads_b

    def sample_losses(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """The one-sample loss L of the spec (the note's ||y - f_K||^2 by default) for every
        row of the batch: X (m, n_0), Y (m, n_K) -> (m,)."""
        Y = np.atleast_2d(np.asarray(Y, dtype=np.float64))
        return self.loss.sample_losses(self.predict(X), Y)

    def mean_loss(self, X: np.ndarray, Y: np.ndarray) -> float:
        """The training loss: the mean over the batch of the one-sample L."""
        return float(np.mean(self.sample_losses(X, Y)))


def sample_losses(fK: np.ndarray, Y: np.ndarray, loss: str = SQUARED) -> np.ndarray:
    """The one-sample loss for each row, (m, n_K) -> (m,): the note's L = ||y - f_K||^2, or
    the loss named (core.losses)."""
    return get_loss(loss).sample_losses(fK, Y)


def loss_gradient(fK: np.ndarray, Y: np.ndarray, loss: str = SQUARED) -> np.ndarray:
    """dL/df_K for each row's one-sample loss, (m, n_K): -2 (y - f_K) for the note's squared
    loss, softmax(f_K) - y for softmax cross-entropy with one-hot y (core.losses)."""
    return get_loss(loss).gradient(fK, Y)
