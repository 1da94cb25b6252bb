"""The note's picture as a networkx.DiGraph: x = f_0 -> f_1 -> ... -> f_K -> L, theta_i -> f_{i+1}.

Node ids: "f0" .. "fK" (f0 is the input x), "theta0" .. "theta{K-1}", "y", "L".
Node attributes: kind ("input", "layer", "param", "target", "loss"), layer (index k or i),
shape (the array shape, or shapes for theta). Ids are made and rendered by core.notation.
Edge attributes: kind of the local derivative it carries in a chain: "red" (f_k -> f_{k+1}),
"yellow" (theta_i -> f_{i+1}), "loss" (f_K -> L), "target" (y -> L, in no chain).
"""

from __future__ import annotations

import networkx as nx

from core.network import NetworkSpec
from core.notation import f_id, theta_id


def build_graph(spec: NetworkSpec) -> nx.DiGraph:
    """The computation graph of `spec`. Nodes are added row by row, left to right, which is
    the order the layout relies on."""
    sizes, K = spec.sizes, spec.K
    g = nx.DiGraph(K=K)
    # Row 0: the forward chain and the loss. Row 1: the parameters and the target.
    g.add_node(f_id(0), kind="input", layer=0, row=0, shape=(sizes[0],))
    for k in range(1, K + 1):
        g.add_node(
            f_id(k),
            kind="layer",
            layer=k,
            row=0,
            shape=(sizes[k],),
            activation=spec.activations[k - 1],
        )
    g.add_node("L", kind="loss", layer=K + 1, row=0, shape=())
    for i in range(K):
        g.add_node(
            theta_id(i),
            kind="param",
            layer=i,
            row=1,
            shape=((sizes[i + 1], sizes[i]), (sizes[i + 1],)),
        )
    g.add_node("y", kind="target", layer=K, row=1, shape=(sizes[K],))

    for k in range(K):
        g.add_edge(f_id(k), f_id(k + 1), kind="red")
        g.add_edge(theta_id(k), f_id(k + 1), kind="yellow")
    g.add_edge(f_id(K), "L", kind="loss")
    g.add_edge("y", "L", kind="target")
    return g


def chain_edges(K: int, theta: int) -> list[tuple[str, str, str]]:
    """The edges whose factors multiply into dL/dtheta_i, in the note's order, with kinds:
    f_K -> L (dL/df_K), then f_k -> f_{k+1} for k = K-1 down to i+1 (red), then
    theta_i -> f_{i+1} (yellow)."""
    if not 0 <= theta < K:
        raise ValueError(f"theta: {theta} is not a parameter index 0..{K - 1}")
    edges = [(f_id(K), "L", "loss")]
    edges += [(f_id(k), f_id(k + 1), "red") for k in range(K - 1, theta, -1)]
    edges.append((theta_id(theta), f_id(theta + 1), "yellow"))
    return edges


def layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Positions (x, y): layers left to right one unit apart, row 0 at y = 0, row 1 at y = 1.

    networkx's multipartite layout with the two rows as its parts, aligned horizontally: row 0
    (x, f_1 .. f_K, L) has one node more than row 1 (theta_0 .. theta_{K-1}, y), so each
    theta_i lands half-way between f_i and f_{i+1}, beside the layer it feeds, and y between
    f_K and L. y grows downwards (screen convention): row 1 is drawn below row 0.
    """
    # Rows as ordered lists: given a node attribute, networkx groups the rows into sets and
    # loses the left-to-right order.
    rows: dict[int, list[str]] = {0: [], 1: []}
    for node, row in graph.nodes(data="row"):
        rows[row].append(node)
    pos = nx.multipartite_layout(graph, subset_key=rows, align="horizontal")
    # multipartite_layout rescales into [-1, 1]; undo that so one unit is one layer step.
    first, second = (pos[n] for n in rows[0][:2])
    step = float(second[0] - first[0])
    row_gap = float(pos[rows[1][0]][1] - first[1])
    return {
        n: ((float(p[0] - first[0])) / step, abs(float(p[1] - first[1]) / row_gap))
        for n, p in pos.items()
    }
