"""The computation graph of the note's picture, its chain query and its layout."""

import time

import pytest

from core import NetworkSpec, notation
from core.graph import build_graph, chain_edges, layout


def test_nodes_edges_and_attributes():
    spec = NetworkSpec.uniform((2, 8, 8, 1))
    g = build_graph(spec)
    assert set(g.nodes) == {"f0", "f1", "f2", "f3", "theta0", "theta1", "theta2", "y", "L"}
    assert set(g.edges) == {
        ("f0", "f1"),
        ("f1", "f2"),
        ("f2", "f3"),
        ("theta0", "f1"),
        ("theta1", "f2"),
        ("theta2", "f3"),
        ("f3", "L"),
        ("y", "L"),
    }
    assert g.nodes["theta1"]["shape"] == ((8, 8), (8,))
    assert g.nodes["f2"]["shape"] == (8,)
    assert notation.latex("theta1") == r"\theta_{1}"
    assert g.nodes["f0"]["kind"] == "input" and g.nodes["L"]["kind"] == "loss"
    assert g.edges["f1", "f2"]["kind"] == "red"
    assert g.edges["theta2", "f3"]["kind"] == "yellow"


def test_chain_edges_in_the_note_order():
    assert chain_edges(3, 2) == [("f3", "L", "loss"), ("theta2", "f3", "yellow")]
    assert chain_edges(3, 0) == [
        ("f3", "L", "loss"),
        ("f2", "f3", "red"),
        ("f1", "f2", "red"),
        ("theta0", "f1", "yellow"),
    ]
    g = build_graph(NetworkSpec.uniform((2, 3, 3, 3, 1)))
    for i in range(4):
        for u, v, kind in chain_edges(4, i):
            assert g.has_edge(u, v) and g.edges[u, v]["kind"] == kind
    with pytest.raises(ValueError, match="theta: 4"):
        chain_edges(4, 4)


def test_layout_layers_left_to_right_theta_beside_its_layer():
    g = build_graph(NetworkSpec.uniform((2, 8, 8, 1)))
    pos = layout(g)
    xs = [pos[f"f{k}"][0] for k in range(4)] + [pos["L"][0]]
    assert xs == sorted(xs) and len(set(xs)) == 5
    assert all(pos[f"f{k}"][1] == 0 for k in range(4))
    for i in range(3):
        assert pos[f"f{i}"][0] < pos[f"theta{i}"][0] < pos[f"f{i + 1}"][0]
        assert pos[f"theta{i}"][1] == pytest.approx(1.0)
    assert pos["f3"][0] < pos["y"][0] < pos["L"][0]


def test_thousand_layers_lay_out_fast():
    spec = NetworkSpec.uniform((2,) + (4,) * 999 + (1,))
    started = time.perf_counter()
    pos = layout(build_graph(spec))
    elapsed = time.perf_counter() - started
    assert len(pos) == 2 * 1000 + 3
    # Generous bound against pathological (quadratic) layouts; the real figure is in make bench.
    assert elapsed < 1.0
