"""The selected chain as LaTeX in the note's notation, ready to paste into a document.

chain_document also states the loss the chain starts from (the note's squared one, or
softmax cross-entropy) and its first factor dL/df_K.

Colours as in the note: red for df_{k+1}/df_k, yellow for df_{i+1}/dtheta_i (a darker yellow
than the note's, which is unreadable on white paper), the new pair boxed. The preamble lines
it needs (amsmath, xcolor) are given as comments at the top of the snippet and by `PREAMBLE`.
"""

from __future__ import annotations

import numpy as np

from core.jacobians import Chain

PREAMBLE = (
    "\\usepackage{amsmath}\n"
    "\\usepackage{xcolor}\n"
    "\\definecolor{notered}{RGB}{220,40,40}\n"
    "\\definecolor{noteyellow}{RGB}{200,150,0}\n"
)

_COLOUR = {"red": "notered", "yellow": "noteyellow"}


def chain_latex(chain: Chain) -> str:
    """The equation dL/dtheta_i = ... as one display-math environment."""
    parts = []
    for index, factor in enumerate(chain.factors):
        term = factor.latex
        if factor.kind in _COLOUR:
            term = f"{{\\color{{{_COLOUR[factor.kind]}}}{term}}}"
        parts.append((index, term))
    before = " ".join(term for index, term in parts if index < chain.new_pair_start)
    boxed = " ".join(term for index, term in parts if index >= chain.new_pair_start)
    if chain.reuses_prefix:
        k = chain.theta + 2
        before = (
            f"\\underbrace{{{before}}}_{{= \\partial L / \\partial f_{{{k}}}"
            f"\\text{{, computed for }} \\theta_{{{k - 1}}}}}"
        )
    lhs = f"\\frac{{\\partial L}}{{\\partial \\theta_{{{chain.theta}}}}}"
    return f"\\begin{{equation*}}\n{lhs} = {before}\n\\boxed{{{boxed}}}\n\\end{{equation*}}\n"


def matrix_latex(array: np.ndarray, digits: int = 3) -> str:
    """A bmatrix of the values (rows x columns)."""
    rows = np.atleast_2d(array)
    body = " \\\\\n".join(" & ".join(f"{v:.{digits}g}" for v in row) for row in rows)
    return f"\\begin{{bmatrix}}\n{body}\n\\end{{bmatrix}}"


def chain_document(chain: Chain, with_values: bool = True, max_entries: int = 64) -> str:
    """A snippet: preamble as comments, the equation, and each factor's values when small."""
    lines = [f"% Backprop Explorer: the chain of dL/dtheta_{chain.theta} (one sample)"]
    lines += ["% Preamble:"] + [f"%   {line}" for line in PREAMBLE.strip().splitlines()]
    lines.append(chain_latex(chain))
    if chain.loss_function is not None:
        loss = chain.loss_function
        lines.append(f"\\[ {loss.latex(chain.K)}, \\qquad {loss.gradient_latex(chain.K)} \\]")
    if with_values:
        for factor in chain.factors:
            name = factor.latex
            if factor.kind == "yellow":
                # Its values are the b part; the A part is diag(sigma') times f_i^T.
                i = chain.theta
                name = f"\\frac{{\\partial f_{{{i + 1}}}}}{{\\partial b_{{{i}}}}}"
            if factor.array.size <= max_entries:
                lines.append(f"\\[ {name} = {matrix_latex(factor.array)} \\]")
            else:
                shape = "\\times".join(map(str, factor.array.shape))
                lines.append(f"% {factor.text}: {shape} matrix, too large to print")
    return "\n".join(lines) + "\n"


def standalone_document(chain: Chain) -> str:
    """A complete LaTeX document around chain_document (for checking that it compiles)."""
    return (
        "\\documentclass{article}\n"
        + PREAMBLE
        + "\\begin{document}\n"
        + chain_document(chain)
        + "\\end{document}\n"
    )
