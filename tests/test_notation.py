"""core.notation: one spelling of every node id, in every rendering."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import notation
from core.graph import build_graph
from core.network import NetworkSpec


@given(st.integers(0, 10_000))
def test_ids_round_trip(k):
    assert notation.parse(notation.f_id(k)) == notation.Node("f", k)
    assert notation.parse(notation.theta_id(k)) == notation.Node("theta", k)
    assert notation.theta_index(notation.theta_id(k)) == k
    assert notation.theta_index(notation.f_id(k)) is None
    assert notation.parse(notation.theta_id(k)).id == notation.theta_id(k)


@pytest.mark.parametrize("bad", ["", "f", "theta", "f-1", "thetax", "g3", "F3", "f 3", "L1", "θ0"])
def test_parse_refuses_what_is_not_a_node(bad):
    with pytest.raises(ValueError, match="node"):
        notation.parse(bad)


def test_renderings():
    assert notation.text("theta12") == "θ_12" and notation.text("f3") == "f_3"
    assert notation.unicode("theta12") == "θ₁₂" and notation.unicode("L") == "L"
    assert notation.html("f3") == "f<sub>3</sub>" and notation.html("y") == "y"
    assert notation.latex("theta0") == r"\theta_{0}" and notation.latex("f10") == "f_{10}"
    assert notation.fraction_text("f3", "theta2") == "∂f_3/∂θ_2"
    assert notation.fraction_latex("L", "f2") == r"\frac{\partial L}{\partial f_{2}}"


def test_every_graph_node_parses():
    g = build_graph(NetworkSpec((2, 3, 3, 1), ("tanh", "tanh", "identity")))
    kinds = {notation.parse(n).kind for n in g.nodes}
    assert kinds == {"f", "theta", "y", "L"}


def test_rich_typesets_subscripts_and_leaves_words_alone():
    assert notation.rich("z_3 = A_2 f_2 + b_2") == (
        "z<sub>3</sub> = A<sub>2</sub> f<sub>2</sub> + b<sub>2</sub>"
    )
    assert notation.rich("n_0-…-n_K") == "n<sub>0</sub>-…-n<sub>K</sub>"
    assert notation.rich("θ_1 = {A_1, b_1}\nfeeds f_{i+1}") == (
        "θ<sub>1</sub> = {A<sub>1</sub>, b<sub>1</sub>}<br>feeds f<sub>i+1</sub>"
    )
    assert notation.rich("file_name") == "file_name"  # a word, not a subscript
