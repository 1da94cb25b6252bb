"""The cost of backpropagation: every dL/dtheta_i computed three ways, each counted as it runs.

What the note's box is about. For ONE sample (x, y) and the note's one-sample loss
L = ||y - f_K||^2 (not a batch mean), every gradient dL/dtheta_i, i = 0..K-1, is computed

(a) "chains": each chain of the note on its own, as written, with the full Jacobian matrices:
        dL/dtheta_i = dL/df_K  df_K/df_{K-1} ... df_{i+2}/df_{i+1}  df_{i+1}/dtheta_i
    with every red factor formed as the dense matrix diag(sigma'(z_{k+1})) A_k (n_{k+1} x n_k)
    and the yellow factor as the dense matrix df_{i+1}/dtheta_i of n_{i+1} x P_i, where
    P_i = n_{i+1} (n_i + 1) is the number of parameters in theta_i (columns: A_i row by row,
    then b_i). Nothing is shared between chains: each forms its own factors and its own
    dL/df_K. Evaluation order: left to right, starting from the row dL/df_K, so that every
    intermediate result is a row and each product costs exactly the size of its right-hand
    factor. That order is the cheapest for one dense chain: any order must multiply every
    entry of every factor at least once, and left to right does so exactly once. So (a) is
    the best one can do without the box, not a straw man.
(b) "reverse" (backpropagation): one sweep from the loss back, reusing the prefix
    dL/df_{i+2} that the box marks: delta_{i+1} = dL/df_{i+1} * sigma'(z_{i+1}) (elementwise),
    dL/dA_i = delta_{i+1} f_i^T (outer product), dL/db_i = delta_{i+1},
    dL/df_i = delta_{i+1}^T A_i. No Jacobian is formed (as core.network.Network.backward).
(c) "forward" (forward mode): for each parameter direction of theta_i a tangent
    t_{i+1} = df_{i+1}/dtheta_{i,j} (a column of the dense yellow factor) is pushed forward,
    t_{k+1} = sigma'(z_{k+1}) * (A_k t_k) for k = i+1..K-1, and dL/dtheta_{i,j} = dL/df_K t_K.
    Tangents are dense vectors, as a forward-mode (JVP) engine keeps them, and travel in
    chunks of columns (below).

All three start from the same stored forward pass (every f_k and sigma'(z_k)), which is
neither counted in them nor timed; `forward_count` gives its multiply-adds for comparison.

What is counted. One multiply-add = one scalar multiplication, with the addition that
accumulates it in a matrix product: a product of a p x q by a q x r matrix is p q r, a
vector outer product u v^T is |u| |v|, an elementwise product is one per element of the
result. Evaluating sigma or sigma' and copying or zero-filling arrays are not counted. The
counts are tallied by the code as it executes (every multiplication goes through `_Ops`, which
adds the sizes of the arrays it is actually given) and the tests check them against the
closed forms below, written with n_k the layer widths, K the depth, P_i = n_{i+1} (n_i + 1):

    (a) chains   = sum_i [ n_K                                       (dL/df_K, per chain)
                         + 2 sum_{k=i+1}^{K-1} n_{k+1} n_k           (form each red, multiply)
                         + n_{i+1} n_i + n_{i+1} P_i ]               (form the yellow, multiply)
    (b) reverse  = n_K + sum_i [ n_{i+1} + n_{i+1} n_i ]             (delta, outer product)
                 + sum_{i=1}^{K-1} n_{i+1} n_i                       (dL/df_i = delta^T A_i)
    (c) forward  = n_K + sum_i [ n_{i+1} n_i                         (the seeds)
                 + P_i ( sum_{k=i+1}^{K-1} n_{k+1} (n_k + 1) + n_K ) ] (push, then dL/df_K t_K)

So (a) grows with K^2 through its red factors (the prefix recomputed for every chain) and with
n^3 through its dense yellow factors; (b) is about two forward passes; (c) pays a forward
pass per parameter. `closed_form` returns these, split into the parts "loss", "red" and
"yellow" (which factor of the note each multiplication belongs to; in (b) the sigma' product
is the yellow factor's diag(sigma')).

Memory. (b) holds one row per layer. (a) and (c) build the dense yellow factor and the tangents
a chunk of columns at a time, each chunk at most CHUNK_ENTRIES values (16 MiB in float64), so
beyond the network, its forward pass and the gradients they hold at most three such chunks
(48 MiB) whatever the network; for 784-256-256-10 the whole dense yellow factor of theta_0
alone would be 256 x 200,960 values (411 MB), and is never materialised. Everything that is
counted is therefore also run: every figure from `measure` is a measured time, every figure
from `closed_form` and `curves` is a count; `measure` skips (reports None for) a method whose
count exceeds its `max_multiply_adds`, and the count then stands alone.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.network import Network, NetworkSpec

METHODS = ("chains", "reverse", "forward")
"""(a), (b), (c) above, in that order."""

PARTS = ("loss", "red", "yellow")

CHUNK_ENTRIES = 2**21
"""Values in one chunk of the dense yellow factor or of the tangents (16 MiB of float64)."""

Gradients = list[tuple[np.ndarray, np.ndarray]]
"""[(dL/dA_i (n_{i+1}, n_i), dL/db_i (n_{i+1},)) for i = 0..K-1], one sample's gradient."""


@dataclass
class Count:
    """Multiply-adds tallied while a method ran, by the factor of the note they belong to."""

    parts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PARTS, 0))

    @property
    def total(self) -> int:
        return sum(self.parts.values())


class _Ops:
    """The only way the three methods multiply: each call does the NumPy operation and adds
    the multiply-adds of the arrays it was given to the part named. `count=None`: no tally
    (the same calls, for timing)."""

    def __init__(self, count: Count | None):
        self.count = count

    def _add(self, part: str, n: int) -> None:
        if self.count is not None:
            self.count.parts[part] += int(n)

    def matmul(self, part: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """a @ b for a row or matrix a (p x q) and a column or matrix b (q x r): p q r."""
        p = a.shape[0] if a.ndim == 2 else 1
        r = b.shape[1] if b.ndim == 2 else 1
        self._add(part, p * a.shape[-1] * r)
        return a @ b

    def mul(self, part: str, a: np.ndarray, b) -> np.ndarray:
        """Elementwise a * b (broadcasting): one per element of the result."""
        result = a * b
        self._add(part, result.size)
        return result

    def outer(self, part: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        self._add(part, u.size * v.size)
        return np.outer(u, v)


@dataclass(frozen=True)
class _Pass:
    """The stored forward pass for one sample: fs[k] = f_k (n_k,), sp[k] = sigma'(z_k) (n_k,)
    for k = 1..K (sp[0] is None), and the network's A_k."""

    A: list[np.ndarray]
    fs: list[np.ndarray]
    sp: list[np.ndarray | None]
    y: np.ndarray

    @property
    def K(self) -> int:
        return len(self.A)


def _forward(network: Network, x, y) -> _Pass:
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if y.size != network.spec.sizes[-1]:
        raise ValueError(f"y: {y.size} values, the network gives n_K = {network.spec.sizes[-1]}")
    fwd = network.forward(x)
    sp = [None] + [
        network.sigmas[k - 1].derivative(fwd.zs[k], fwd.fs[k], None)[0]
        for k in range(1, network.spec.K + 1)
    ]
    return _Pass(network.A, [f[0] for f in fwd.fs], sp, y)


def _dL_dfK(ops: _Ops, fp: _Pass) -> np.ndarray:
    """dL/df_K = -2 (y - f_K): n_K multiplications."""
    return ops.mul("loss", fp.y - fp.fs[-1], -2.0)


def _yellow_columns(ops: _Ops, fp: _Pass, i: int, start: int, stop: int) -> np.ndarray:
    """Columns start..stop-1 of the dense yellow factor df_{i+1}/dtheta_i (n_{i+1} x P_i),
    columns ordered A_i row by row (A_{i,pr} at p n_i + r), then b_i. The A column of A_{i,pr}
    has one non-zero, sigma'_p f_{i,r} (one multiplication); the b column of b_{i,p} has
    sigma'_p (none)."""
    n_out, n_in = fp.A[i].shape
    cols = np.arange(start, stop)
    block = np.zeros((n_out, cols.size))
    in_a = cols < n_out * n_in
    a_cols = cols[in_a]
    p, r = np.divmod(a_cols, n_in)
    block[p, np.flatnonzero(in_a)] = ops.mul("yellow", fp.sp[i + 1][p], fp.fs[i][r])
    b_rows = cols[~in_a] - n_out * n_in
    block[b_rows, np.flatnonzero(~in_a)] = fp.sp[i + 1][b_rows]
    return block


def _chunks(P: int, rows: int, chunk_entries: int):
    width = max(1, chunk_entries // max(rows, 1))
    for start in range(0, P, width):
        yield start, min(P, start + width)


def _split(flat: np.ndarray, shape_A: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    n_out, n_in = shape_A
    return flat[: n_out * n_in].reshape(n_out, n_in), flat[n_out * n_in :].copy()


def chains(fp: _Pass, ops: _Ops, chunk_entries: int = CHUNK_ENTRIES) -> Gradients:
    """(a) Each chain on its own, dense factors, left to right (see the module docstring)."""
    K = fp.K
    grads: Gradients = []
    for i in range(K):
        row = _dL_dfK(ops, fp)  # (n_K,): dL/df_K, this chain's own
        for k in range(K - 1, i, -1):
            red = ops.mul("red", fp.sp[k + 1][:, None], fp.A[k])  # diag(sigma') A_k, dense
            row = ops.matmul("red", row, red)  # dL/df_k
        n_out, n_in = fp.A[i].shape
        P = n_out * (n_in + 1)
        flat = np.empty(P)
        for start, stop in _chunks(P, n_out, chunk_entries):
            yellow = _yellow_columns(ops, fp, i, start, stop)
            flat[start:stop] = ops.matmul("yellow", row, yellow)
        grads.append(_split(flat, (n_out, n_in)))
    return grads


def reverse(fp: _Pass, ops: _Ops) -> Gradients:
    """(b) Backpropagation: one sweep back, dL/df_{i+1} reused for theta_i and theta_{i-1}."""
    K = fp.K
    grads: Gradients = [None] * K  # type: ignore[list-item]
    row = _dL_dfK(ops, fp)  # dL/df_K
    for i in range(K - 1, -1, -1):
        delta = ops.mul("yellow", row, fp.sp[i + 1])  # dL/dz_{i+1} = dL/df_{i+1} diag(sigma')
        grads[i] = (ops.outer("yellow", delta, fp.fs[i]), delta.copy())
        if i > 0:
            row = ops.matmul("red", delta, fp.A[i])  # dL/df_i: the prefix the box reuses
    return grads


def forward(fp: _Pass, ops: _Ops, chunk_entries: int = CHUNK_ENTRIES) -> Gradients:
    """(c) Forward mode: tangents from every parameter of theta_i pushed to f_K in chunks."""
    K = fp.K
    g = _dL_dfK(ops, fp)
    widest = max(a.shape[0] for a in fp.A)
    grads: Gradients = []
    for i in range(K):
        n_out, n_in = fp.A[i].shape
        P = n_out * (n_in + 1)
        flat = np.empty(P)
        for start, stop in _chunks(P, widest, chunk_entries):
            tangents = _yellow_columns(ops, fp, i, start, stop)  # df_{i+1}/dtheta_i, seeds
            for k in range(i + 1, K):
                tangents = ops.matmul("red", fp.A[k], tangents)  # dz_{k+1}
                tangents = ops.mul("red", fp.sp[k + 1][:, None], tangents)  # df_{k+1}
            flat[start:stop] = ops.matmul("loss", g, tangents)
        grads.append(_split(flat, (n_out, n_in)))
    return grads


_RUN = {"chains": chains, "reverse": reverse, "forward": forward}


def gradients(network: Network, x, y, method: str) -> tuple[Gradients, Count]:
    """Every dL/dtheta_i of the one-sample L at (x (n_0,), y (n_K,)) by `method` (one of
    METHODS), with the multiply-adds it executed."""
    if method not in _RUN:
        raise ValueError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    count = Count()
    grads = _RUN[method](_forward(network, x, y), _Ops(count))
    return grads, count


# -- closed forms -----------------------------------------------------------------------------


def _sizes(spec) -> tuple[int, ...]:
    if isinstance(spec, Network):
        spec = spec.spec
    sizes = tuple(int(n) for n in (spec.sizes if isinstance(spec, NetworkSpec) else spec))
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes: {list(sizes)!r} is not n_0 .. n_K (K >= 1, every n >= 1)")
    return sizes


def closed_form(spec) -> dict[str, Count]:
    """The multiply-adds of each method (see the module docstring) from the sizes alone: a
    NetworkSpec, a Network or a sequence n_0..n_K. Exact integers, for any size (nothing is
    allocated)."""
    n = _sizes(spec)
    K = len(n) - 1
    P = [n[i + 1] * (n[i] + 1) for i in range(K)]
    a = Count()
    b = Count()
    c = Count()
    b.parts["loss"] = c.parts["loss"] = n[K]
    for i in range(K):
        red_after = range(i + 1, K)  # the red factors df_{k+1}/df_k of theta_i's chain
        a.parts["loss"] += n[K]
        a.parts["red"] += sum(2 * n[k + 1] * n[k] for k in red_after)
        a.parts["yellow"] += n[i + 1] * n[i] + n[i + 1] * P[i]
        b.parts["yellow"] += n[i + 1] + n[i + 1] * n[i]
        if i > 0:
            b.parts["red"] += n[i + 1] * n[i]
        c.parts["yellow"] += n[i + 1] * n[i]
        c.parts["red"] += P[i] * sum(n[k + 1] * (n[k] + 1) for k in red_after)
        c.parts["loss"] += P[i] * n[K]
    return {"chains": a, "reverse": b, "forward": c}


def forward_count(spec) -> int:
    """Multiply-adds of the forward pass all three methods start from: sum_k n_{k+1} n_k."""
    n = _sizes(spec)
    return sum(n[k + 1] * n[k] for k in range(len(n) - 1))


# -- measured times ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Measured wall time of one method: the median of `times` (seconds), or None when the
    method was not run because its count exceeded the limit (`count` then stands alone)."""

    method: str
    count: int
    median: float | None
    times: tuple[float, ...]


def measure(
    network: Network,
    x,
    y,
    repeats: int = 5,
    methods: Sequence[str] = METHODS,
    max_multiply_adds: int | None = 20_000_000_000,
) -> dict[str, Timing]:
    """Wall time of each method for one sample, from the same stored forward pass (not
    timed), in `repeats` interleaved rounds (chains, reverse, forward, chains, ...) so that a
    slow moment of the machine falls on all of them; the median of each. The timed calls are
    the counted code with the tally switched off. A method whose closed-form count exceeds
    `max_multiply_adds` (None: no limit) is not run (median None)."""
    if repeats < 1:
        raise ValueError(f"repeats: {repeats} is less than 1")
    for method in methods:
        if method not in _RUN:
            raise ValueError(f"methods: {method!r} is not one of {', '.join(METHODS)}")
    fp = _forward(network, x, y)
    counts = closed_form(network)
    ops = _Ops(None)
    run = [m for m in methods if max_multiply_adds is None or counts[m].total <= max_multiply_adds]
    times: dict[str, list[float]] = {m: [] for m in methods}
    for _ in range(repeats):
        for method in run:
            started = time.perf_counter()
            _RUN[method](fp, ops)
            times[method].append(time.perf_counter() - started)
    return {
        m: Timing(
            m,
            counts[m].total,
            statistics.median(times[m]) if times[m] else None,
            tuple(times[m]),
        )
        for m in methods
    }


# -- curves for the panel ---------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """Counts (closed form) of each method against depth K or width n, for a plot.

    axis: "K" or "n"; values: the K or n of each point; sizes: each point's n_0..n_K;
    counts[method][j]: multiply-adds of `method` at point j; forward[j]: the forward pass's.
    """

    axis: str
    values: tuple[int, ...]
    sizes: tuple[tuple[int, ...], ...]
    counts: dict[str, tuple[int, ...]]
    forward: tuple[int, ...]


def _curve(axis: str, values, sizes_of) -> Curve:
    values = tuple(int(v) for v in values)
    if not values or min(values) < 1:
        raise ValueError(f"{axis}: {list(values)!r} must be one or more values >= 1")
    sizes = tuple(sizes_of(v) for v in values)
    forms = [closed_form(s) for s in sizes]
    return Curve(
        axis,
        values,
        sizes,
        {m: tuple(f[m].total for f in forms) for m in METHODS},
        tuple(forward_count(s) for s in sizes),
    )


def curve_vs_depth(depths, width: int, n_in: int, n_out: int) -> Curve:
    """Counts for n_in-width-...-width-n_out networks of K = each of `depths` layers (K - 1
    hidden layers of `width`)."""
    return _curve("K", depths, lambda K: (n_in, *(width,) * (K - 1), n_out))


def curve_vs_width(widths, depth: int, n_in: int, n_out: int) -> Curve:
    """Counts for networks of K = `depth` layers whose K - 1 hidden layers are each of
    `widths` wide."""
    if depth < 1:
        raise ValueError(f"depth: {depth} is less than 1")
    return _curve("n", widths, lambda n: (n_in, *(n,) * (depth - 1), n_out))


def curves_for(spec: NetworkSpec, points: int = 8) -> tuple[Curve, Curve]:
    """The two curves around `spec` for the panel: depth 1..max(2K, 8) at the spec's widest
    hidden layer, and widths from 2 up to 4x that width (geometric) at the spec's depth."""
    sizes = spec.sizes
    hidden = max(sizes[1:-1], default=sizes[0])
    K = len(sizes) - 1
    depths = range(1, max(2 * K, 8) + 1)
    top = max(4 * hidden, 8)
    widths = sorted({round(2 * (top / 2) ** (j / (points - 1))) for j in range(points)})
    return (
        curve_vs_depth(depths, hidden, sizes[0], sizes[-1]),
        curve_vs_width(widths, K, sizes[0], sizes[-1]),
    )


def time_curve(
    curve: Curve, repeats: int = 3, max_multiply_adds: int | None = 200_000_000, seed: int = 0
) -> dict[str, tuple[float | None, ...]]:
    """Measured median times (seconds) at every point of `curve`, for the same plot: each
    point's network (tanh hidden layers, identity output, Network.init(seed)) on one random
    sample. A point whose count exceeds `max_multiply_adds` is None (counted, not measured);
    the default keeps a whole curve to about a second."""
    times: dict[str, list[float | None]] = {m: [] for m in METHODS}
    rng = np.random.default_rng(seed)
    for sizes in curve.sizes:
        network = Network.init(NetworkSpec.uniform(sizes), seed=seed)
        x, y = rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
        timings = measure(network, x, y, repeats, METHODS, max_multiply_adds)
        for m in METHODS:
            times[m].append(timings[m].median)
    return {m: tuple(v) for m, v in times.items()}


# -- agreement ----------------------------------------------------------------------------------


def agreement(network: Network, x, y, methods: Sequence[str] = METHODS) -> dict[str, float]:
    """For each method, the largest difference of its gradient from core.network's backprop
    (Network.backward, for a batch of this one sample), relative to the largest entry of
    that gradient: 0 for equal, about 1e-16 for equal up to rounding. The panel's proof that
    the three ways give one gradient."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    _, grads_A, grads_b = network.gradients(x[None], y[None])
    reference = np.concatenate(
        [g.ravel() for pair in zip(grads_A, grads_b, strict=True) for g in pair]
    )
    scale = max(float(np.max(np.abs(reference))), np.finfo(float).tiny)
    result = {}
    for method in methods:
        grads, _ = gradients(network, x, y, method)
        mine = np.concatenate([g.ravel() for pair in grads for g in pair])
        result[method] = float(np.max(np.abs(mine - reference))) / scale
    return result


def main(argv: Sequence[str] | None = None) -> None:
    """python -m core.cost 2-16-16-16-16-1 784-256-256-10 [--repeats R]: counts, measured
    times (tanh hidden layers, identity output, seed 0, one random sample) and agreement."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m core.cost", description=main.__doc__)
    parser.add_argument("sizes", nargs="+", help="layer sizes such as 2-16-16-1")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    for text in args.sizes:
        sizes = tuple(int(n) for n in text.split("-"))
        network = Network.init(NetworkSpec.uniform(sizes), seed=0)
        rng = np.random.default_rng(0)
        x, y = rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
        timings = measure(network, x, y, repeats=args.repeats, max_multiply_adds=None)
        agree = agreement(network, x, y)
        print(f"{text}: forward pass {forward_count(sizes):,} multiply-adds")
        for method in METHODS:
            t = timings[method]
            print(
                f"  {method:8} {t.count:>16,} multiply-adds  {t.median * 1e3:10.3f} ms "
                f"(median of {len(t.times)})  rel. diff. from backprop {agree[method]:.1e}"
            )


if __name__ == "__main__":
    main()
