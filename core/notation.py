"""The note's symbols, made, parsed and rendered in one place.

Node ids of the graph (core.graph) are short strings, so they can be keys, signal arguments
and file entries: "f0" .. "fK" (f0 is the input x), "theta0" .. "theta{K-1}", "y", "L".
Nothing else in the code builds or slices them; it calls f_id / theta_id / parse here, and
renders a node as plain text, Unicode, HTML or LaTeX with the functions below, so the graph,
the formula, the tables and the exported LaTeX always spell a symbol the same way.

Index convention (the note's, used everywhere): theta_i = {A_i, b_i} feeds f_{i+1}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUBSCRIPT_DIGITS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")


@dataclass(frozen=True)
class Node:
    """A parsed node id. kind: "f", "theta", "y" or "L"; index: k or i, None for y and L."""

    kind: str
    index: int | None = None

    @property
    def id(self) -> str:
        return self.kind if self.index is None else f"{self.kind}{self.index}"


def f_id(k: int) -> str:
    """The id of layer output f_k (f_0 = x)."""
    return f"f{int(k)}"


def theta_id(i: int) -> str:
    """The id of theta_i = {A_i, b_i}, which feeds f_{i+1}."""
    return f"theta{int(i)}"


def parse(node: str) -> Node:
    """'f3' -> Node('f', 3), 'theta0' -> Node('theta', 0), 'L' -> Node('L'); ValueError else."""
    if node in ("y", "L"):
        return Node(node)
    for kind in ("theta", "f"):
        if node.startswith(kind) and node[len(kind) :].isdigit():
            return Node(kind, int(node[len(kind) :]))
    raise ValueError(f"node: {node!r} is not f<k>, theta<i>, y or L")


def theta_index(node: str) -> int | None:
    """i for 'theta<i>', None for any other node."""
    parsed = parse(node)
    return parsed.index if parsed.kind == "theta" else None


def subscript(n) -> str:
    """12 -> '₁₂', for indices in plain-text labels (θ₀, f₂, σ₁)."""
    return str(n).translate(_SUBSCRIPT_DIGITS)


def base(node: str) -> tuple[str, str | None]:
    """(symbol, index) as a painter draws it: ('θ', '0'), ('f', '3'), ('L', None)."""
    parsed = parse(node)
    symbol = "θ" if parsed.kind == "theta" else parsed.kind
    return symbol, None if parsed.index is None else str(parsed.index)


def text(node: str) -> str:
    """'f3' -> 'f_3', 'theta0' -> 'θ_0', 'L' -> 'L' (file names, logs, plain exports)."""
    symbol, index = base(node)
    return symbol if index is None else f"{symbol}_{index}"


def unicode(node: str) -> str:
    """'f3' -> 'f₃', 'theta0' -> 'θ₀' (labels, tooltips, table cells)."""
    symbol, index = base(node)
    return symbol if index is None else symbol + subscript(index)


def html(node: str) -> str:
    """'f3' -> 'f<sub>3</sub>' (Qt rich text)."""
    symbol, index = base(node)
    return symbol if index is None else f"{symbol}<sub>{index}</sub>"


def latex(node: str) -> str:
    """'f3' -> 'f_{3}', 'theta0' -> '\\theta_{0}'."""
    parsed = parse(node)
    symbol = r"\theta" if parsed.kind == "theta" else parsed.kind
    return symbol if parsed.index is None else f"{symbol}_{{{parsed.index}}}"


def fraction_text(top: str, bottom: str) -> str:
    """'∂f_3/∂f_2': a factor's name in plain text."""
    return f"∂{text(top)}/∂{text(bottom)}"


def fraction_html(top: str, bottom: str) -> str:
    """'∂f<sub>3</sub>/∂f<sub>2</sub>'."""
    return f"∂{html(top)}/∂{html(bottom)}"


def fraction_latex(top: str, bottom: str) -> str:
    r"""'\frac{\partial f_{3}}{\partial f_{2}}'."""
    return rf"\frac{{\partial {latex(top)}}}{{\partial {latex(bottom)}}}"


# A subscript follows a letter: digits, one letter standing alone (n_K), or {braced}.
_SUBSCRIPT = re.compile(r"(?<=[A-Za-zθσ])_(\{[^}]*\}|[0-9]+|[A-Za-z](?![A-Za-z0-9]))")


def rich(text: str) -> str:
    """Plain maths as Qt rich text: 'z_3 = A_2 f_2 + b_2' -> 'z<sub>3</sub> = A<sub>2</sub> ...',
    'n_K', 'x_{k+1}' likewise; line breaks become <br>. For labels and tooltips written in the
    note's plain-text notation, so they show subscripts as the typeset formula does."""
    html = _SUBSCRIPT.sub(lambda m: f"<sub>{m.group(1).strip('{}')}</sub>", text)
    return html.replace("\n", "<br>")
