"""The cost of backpropagation (core.cost): the multiply-adds each method executes are the
closed forms of its docstring, and the three methods give backprop's gradient."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Network, NetworkSpec
from core.cost import (
    METHODS,
    Count,
    _forward,
    _Ops,
    agreement,
    chains,
    closed_form,
    curve_vs_depth,
    curve_vs_width,
    curves_for,
    forward,
    forward_count,
    gradients,
    main,
    measure,
    time_curve,
)
from tests.nets import activation_lists, random_net

# Relative to the gradient's largest entry: the methods sum the same products in different
# orders, which in float64 differs by a few ulp per term (seen: under 1e-15).
GRADIENT_TOLERANCE = 1e-12

SPECS = [
    (1, 1),
    (3, 1),
    (2, 5, 3, 4),
    (2, 16, 16, 16, 16, 1),
    (4, 7, 1, 6, 2),
    (1, 3, 3, 3, 3, 3, 1),
]


def rel(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def backprop(net, x, y):
    """core.network's gradient of the one-sample loss (a batch of one)."""
    _, grads_A, grads_b = net.gradients(x[None], y[None])
    return grads_A, grads_b


def assert_same_gradient(grads, net, x, y):
    grads_A, grads_b = backprop(net, x, y)
    for (gA, gb), rA, rb in zip(grads, grads_A, grads_b, strict=True):
        assert gA.shape == rA.shape and gb.shape == rb.shape
        for got, want in ((gA, rA), (gb, rb)):
            if np.any(want):
                assert rel(got, want) <= GRADIENT_TOLERANCE
            else:
                assert not np.any(got)


@pytest.mark.parametrize("sizes", SPECS)
@pytest.mark.parametrize("method", METHODS)
def test_instrumented_counts_are_the_closed_forms(sizes, method):
    net, x, y = random_net(sizes, ["tanh"] * (len(sizes) - 2) + ["identity"], seed=3)
    grads, count = gradients(net, x, y, method)
    assert count.parts == closed_form(sizes)[method].parts
    assert_same_gradient(grads, net, x, y)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=6), st.data(), st.integers(0, 2**16))
def test_three_ways_agree_with_backprop_on_random_networks(sizes, data, seed):
    net, x, y = random_net(sizes, activation_lists(data, sizes), seed)
    closed = closed_form(net)
    for method in METHODS:
        grads, count = gradients(net, x, y, method)
        assert count.total == closed[method].total
        assert_same_gradient(grads, net, x, y)


def test_closed_forms_by_hand_for_a_2_3_1_network():
    # n = (2, 3, 1), K = 2, P_0 = 3 * 3 = 9, P_1 = 1 * 4 = 4.
    counts = closed_form((2, 3, 1))
    # (a): loss 2 * 1; red: theta_0's chain forms diag(sigma') A_1 (3) and multiplies (3);
    # yellow: (3*2 + 3*9) + (1*3 + 1*4).
    assert counts["chains"].parts == {"loss": 2, "red": 6, "yellow": 40}
    # (b): loss 1; yellow (3 + 6) + (1 + 3); red: delta^T A_1 = 3.
    assert counts["reverse"].parts == {"loss": 1, "red": 3, "yellow": 13}
    # (c): loss 1 + 9*1 + 4*1; seeds 6 + 3; red: theta_0's 9 tangents through layer 2: 9 * 1 * 4.
    assert counts["forward"].parts == {"loss": 14, "red": 36, "yellow": 9}
    assert forward_count((2, 3, 1)) == 9


def test_a_wrong_formula_would_be_caught():
    """The check can fail: one multiplication left out of the count is seen."""
    net, x, y = random_net((2, 5, 3, 4), ["tanh", "tanh", "identity"], seed=1)
    count = Count()
    forward(_forward(net, x, y), _Ops(count))
    count.parts["red"] -= 1
    assert count.parts != closed_form((2, 5, 3, 4))["forward"].parts


@pytest.mark.parametrize("method", ["chains", "forward"])
def test_chunks_bound_memory_and_change_nothing(method):
    """Chunks of a few columns (down to one) give the same gradient and the same count."""
    net, x, y = random_net((3, 6, 5, 2), ["sigmoid", "relu", "identity"], seed=7)
    fp = _forward(net, x, y)
    run = chains if method == "chains" else forward
    whole_count, tiny_count = Count(), Count()
    whole = run(fp, _Ops(whole_count))
    tiny = run(fp, _Ops(tiny_count), chunk_entries=1)
    assert whole_count.parts == tiny_count.parts
    for (a, b), (c, d) in zip(whole, tiny, strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-13, atol=0)
        np.testing.assert_allclose(b, d, rtol=1e-13, atol=0)


def test_figures_for_the_two_networks_of_the_issue():
    """The counts the README quotes, from the closed forms (784-256-256-10 would take seconds
    to run by forward mode; the instrumented count equals the closed form on smaller ones)."""
    small = closed_form((2, 16, 16, 16, 16, 1))
    assert {m: c.total for m, c in small.items()} == {
        "chains": 17_862,
        "reverse": 1_666,
        "forward": 277_506,
    }
    large = closed_form((784, 256, 256, 10))
    assert {m: c.total for m, c in large.items()} == {
        "chains": 68_724_354,
        "reverse": 337_428,
        "forward": 13_910_074_990,
    }


def test_measure_times_every_method_and_skips_over_the_limit():
    net = Network.init(NetworkSpec.uniform((2, 4, 4, 1)), seed=0)
    timings = measure(net, [0.1, 0.2], [0.3], repeats=3)
    for method in METHODS:
        t = timings[method]
        assert t.count == closed_form((2, 4, 4, 1))[method].total
        assert len(t.times) == 3 and t.median == sorted(t.times)[1] and t.median > 0
    limited = measure(net, [0.1, 0.2], [0.3], repeats=1, max_multiply_adds=100)
    assert limited["reverse"].median is not None  # 61 multiply-adds
    assert limited["forward"].median is None and limited["forward"].times == ()


def test_curves_against_depth_and_width():
    depth = curve_vs_depth(range(1, 7), width=8, n_in=2, n_out=1)
    assert depth.values == (1, 2, 3, 4, 5, 6)
    assert depth.sizes[2] == (2, 8, 8, 1)
    for j, sizes in enumerate(depth.sizes):
        for method in METHODS:
            assert depth.counts[method][j] == closed_form(sizes)[method].total
    # Reverse mode grows linearly with K, the separate chains quadratically in their red part.
    rev = np.diff(depth.counts["reverse"])
    assert np.all(rev[1:] == rev[1])
    assert np.all(np.diff(depth.counts["chains"], 2)[1:] > 0)
    width = curve_vs_width([2, 4, 8], depth=3, n_in=2, n_out=1)
    assert width.sizes == ((2, 2, 2, 1), (2, 4, 4, 1), (2, 8, 8, 1))
    by_depth, by_width = curves_for(NetworkSpec.uniform((2, 8, 8, 1)))
    assert by_depth.axis == "K" and by_depth.values[0] == 1 and by_width.axis == "n"
    with pytest.raises(ValueError, match="depth"):
        curve_vs_width([2], depth=0, n_in=2, n_out=1)


def test_bad_arguments_name_the_field():
    net = Network.init(NetworkSpec.uniform((2, 3, 1)), seed=0)
    with pytest.raises(ValueError, match="method: 'sideways'"):
        gradients(net, [0.0, 0.0], [0.0], "sideways")
    with pytest.raises(ValueError, match="y: 2 values"):
        gradients(net, [0.0, 0.0], [0.0, 1.0], "reverse")
    with pytest.raises(ValueError, match="sizes"):
        closed_form((3,))


def test_agreement_and_the_figures_command(capsys):
    net, x, y = random_net((3, 5, 4, 2), ["tanh", "sigmoid", "identity"], seed=5)
    agree = agreement(net, x, y)
    assert set(agree) == set(METHODS) and max(agree.values()) <= GRADIENT_TOLERANCE
    main(["2-3-1", "--repeats", "2"])
    out = capsys.readouterr().out
    assert "2-3-1: forward pass 9 multiply-adds" in out
    for method, count in (("chains", 48), ("reverse", 17), ("forward", 59)):
        assert f"{method}" in out and f"{count:,} multiply-adds" in out


def test_time_curve_measures_what_is_under_the_limit():
    curve = curve_vs_width([2, 4, 64], depth=3, n_in=2, n_out=1)
    times = time_curve(curve, repeats=1, max_multiply_adds=20_000)
    assert set(times) == set(METHODS)
    assert all(t is not None and t > 0 for t in times["reverse"])
    # At width 64 forward mode counts 4160 * (64 * 65 + 1) + ...: counted, not measured.
    assert curve.counts["forward"][2] > 20_000 and times["forward"][2] is None
    assert times["forward"][0] is not None
