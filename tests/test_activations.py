"""Each activation's derivative against central differences; stability at |z| = 1000; sigmoid,
its derivative and softplus against exact arithmetic."""

from decimal import Decimal, getcontext, localcontext

import numpy as np
import pytest

from core.activations import ACTIVATIONS, get_activation

Z = np.linspace(-4, 4, 81) + 0.013  # offset keeps ReLU's kink away from the grid


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_finite_differences(name):
    act = get_activation(name)
    eps = 1e-6
    numeric = (act.forward(Z + eps, None) - act.forward(Z - eps, None)) / (2 * eps)
    analytic = act.derivative(Z, act.forward(Z, None), None)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_out_buffers_give_the_same_values(name):
    act = get_activation(name)
    f = act.forward(Z, None)
    out = np.empty_like(Z)
    np.testing.assert_array_equal(act.forward(Z, out), f)
    in_place = Z.copy()  # the training loop and predict() pass z itself as `out`
    np.testing.assert_array_equal(act.forward(in_place, in_place), f)
    d = act.derivative(Z, f, None)
    np.testing.assert_array_equal(act.derivative(Z, f, np.empty_like(Z)), d)


@pytest.mark.parametrize("name", ["sigmoid", "softplus", "tanh"])
def test_stable_for_large_inputs(name):
    act = get_activation(name)
    z = np.array([-1000.0, 1000.0])
    # Underflow to 0 is the right answer far in the tails; overflow or NaN is not.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward(z, None)
        d = act.derivative(z, f, None)
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(d))
    if name == "sigmoid":
        np.testing.assert_allclose(f, [0.0, 1.0])
    if name == "softplus":
        np.testing.assert_allclose(f, [0.0, 1000.0])


def test_known_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(get_activation("sigmoid").forward(z, None), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(get_activation("relu").forward(z, None), [0, 0, 3])
    np.testing.assert_allclose(get_activation("leaky_relu").forward(z, None), [-0.02, 0, 3])
    np.testing.assert_allclose(get_activation("softplus").forward(z, None), np.log1p(np.exp(z)))


def test_unknown_name_is_named():
    with pytest.raises(ValueError, match="'swish'"):
        get_activation("swish")


# -- accuracy against exact arithmetic ------------------------------------------------------
# The reference evaluates each function in decimal arithmetic with 60 significant digits from
# the exact value of the float z, then rounds once to float64: it is correctly rounded, so the
# error measured is the implementation's own.

getcontext().prec = 60


def exact_sigmoid(z: float) -> float:
    e = Decimal(z).exp()
    return float(e / (1 + e))


def exact_sigmoid_prime(z: float) -> float:
    e = Decimal(-abs(z)).exp()  # symmetric: sigma'(z) = sigma'(-z)
    return float(e / (1 + e) ** 2)


def exact_softplus(z: float) -> float:
    # ln(1 + e^z) for z << 0 is about e^z: 1 + e^z must keep e^z's digits, so the precision
    # grows with -z (e^-700 is 1e-304).
    with localcontext() as context:
        context.prec = 60 + max(0, int(-z / 2.3))
        return float((1 + Decimal(z).exp()).ln())


POINTS = np.concatenate(
    [
        np.linspace(-700.0, 700.0, 2801),
        np.random.default_rng(5).uniform(-45.0, 45.0, 1000),
        [-20.0, -30.0, -37.5, -40.0, -700.0, 40.0, 700.0, 1e-300, -1e-300, 0.0],
    ]
)


def max_relative_error(got: np.ndarray, exact) -> float:
    want = np.array([exact(float(z)) for z in POINTS])
    assert np.all(want > 0)
    return float(np.max(np.abs(got - want) / want))


def test_sigmoid_is_accurate_across_the_range():
    act = get_activation("sigmoid")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward(POINTS, None)
        d = act.derivative(POINTS, f, None)
    assert max_relative_error(f, exact_sigmoid) <= 1e-15
    assert max_relative_error(d, exact_sigmoid_prime) <= 1e-15


def test_softplus_and_its_derivative_are_accurate_across_the_range():
    act = get_activation("softplus")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward(POINTS, None)
        d = act.derivative(POINTS, f, None)
    assert max_relative_error(f, exact_softplus) <= 1e-15
    assert max_relative_error(d, exact_sigmoid) <= 1e-15


def test_the_old_sigmoid_fails_the_same_check():
    # 0.5 (1 + tanh(z/2)) and f (1 - f), the formulas before: the check above catches them.
    old = 0.5 * (1 + np.tanh(POINTS / 2))
    with np.errstate(all="ignore"):
        assert max_relative_error(old, exact_sigmoid) == 1.0  # 0 below z = -37.4
        assert max_relative_error(old * (1 - old), exact_sigmoid_prime) == 1.0  # 0 above 37
    assert abs(0.5 * (1 + np.tanh(-10.0)) / exact_sigmoid(-20.0) - 1) > 1e-9


@pytest.mark.parametrize(
    ("z", "sigma", "sigma_prime"),
    [
        (-745.0, 5e-324, 5e-324),  # the smallest subnormal, correctly rounded
        (745.0, 1.0, 5e-324),
        (-744.0, exact_sigmoid(-744.0), exact_sigmoid_prime(-744.0)),
        (-710.0, exact_sigmoid(-710.0), exact_sigmoid_prime(-710.0)),
        (-746.0, 0.0, 0.0),
        (40.0, 1.0, exact_sigmoid_prime(40.0)),
        (-np.inf, 0.0, 0.0),
        (np.inf, 1.0, 0.0),
    ],
)
def test_sigmoid_in_the_far_tails(z, sigma, sigma_prime):
    act = get_activation("sigmoid")
    zs = np.array([z, 0.0, 1.0])  # one far element among ordinary ones
    # Underflow is the right answer far in the tails; overflow or an invalid operation is not.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward(zs, None)
        d = act.derivative(zs, f, None)
        in_place = zs.copy()
        assert act.forward(in_place, in_place) is in_place
    for got, want in ((f[0], sigma), (d[0], sigma_prime)):
        assert got == want or abs(got - want) <= 1e-15 * want
    assert np.array_equal(in_place, f)
    assert (f[1], d[1]) == (0.5, 0.25)


def test_nan_stays_nan_without_warnings():
    act = get_activation("sigmoid")
    zs = np.array([np.nan, -800.0, 800.0, 0.0])
    # Underflow is the right answer far in the tails; overflow or an invalid operation is not.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward(zs, None)
        d = act.derivative(zs, f, None)
    assert np.isnan(f[0]) and np.isnan(d[0])
    assert list(f[1:]) == [0.0, 1.0, 0.5] and list(d[1:]) == [0.0, 0.0, 0.25]


def test_derivative_may_write_over_f():
    act = get_activation("sigmoid")
    f = act.forward(Z, None)
    expected = act.derivative(Z, f, None)
    assert np.array_equal(act.derivative(Z, f, f), expected)


def test_the_training_loops_kept_derivative_is_as_accurate():
    # Trainer calls forward_keeping (sigma(z), and sigma(-z) into the sigma' buffer) and then
    # derivative_kept: the same sigma, and sigma' within 1e-15 like the plain derivative.
    act = get_activation("sigmoid")
    zs = np.concatenate([POINTS, [-800.0, 800.0, -745.0, 745.0]])
    out, keep = np.empty_like(zs), np.empty_like(zs)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward_keeping(zs, out, keep)
        d = act.derivative_kept(f, keep, keep)
    assert f is out and d is keep
    assert np.array_equal(f, act.forward(zs, None))
    want = np.array([exact_sigmoid_prime(float(z)) for z in zs])
    close = (d == want) | (np.abs(d - want) <= 1e-15 * want)
    assert close.all(), zs[~close]


def test_the_kept_derivative_with_nan_and_the_tails_in_one_array():
    act = get_activation("sigmoid")
    zs = np.array([np.nan, -800.0, 800.0, 0.0, 3.0])
    out, keep = np.empty_like(zs), np.empty_like(zs)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        f = act.forward_keeping(zs, out, keep)
        d = act.derivative_kept(f, keep, None)
    assert np.isnan(f[0]) and np.isnan(d[0])
    assert list(d[1:4]) == [0.0, 0.0, 0.25]
    assert abs(d[4] / exact_sigmoid_prime(3.0) - 1) <= 1e-15


def test_the_gradient_through_a_saturated_sigmoid_is_not_lost():
    # f_1 = sigma(40), f_2 = f_1, L = (0 - f_2)^2: dL/db_0 = 2 f_2 sigma'(40) = 8.5e-18, where
    # f (1 - f) gave exactly 0. Backprop and the training loop both see it.
    from core.network import Network, NetworkSpec
    from core.optim import OptimizerConfig
    from core.training import Trainer

    spec = NetworkSpec((1, 1, 1), ("sigmoid", "identity"))
    net = Network(spec, [np.ones((1, 1)), np.ones((1, 1))], [np.array([40.0]), np.zeros(1)])
    X, Y = np.zeros((1, 1)), np.zeros((1, 1))
    expected = 2 * exact_sigmoid(40.0) * exact_sigmoid_prime(40.0)
    _, _, grads_b = net.gradients(X, Y)
    assert abs(grads_b[0][0] / expected - 1) < 1e-14
    trainer = Trainer(net, X, Y, OptimizerConfig("sgd", learning_rate=1e18))
    trainer.step(1)
    assert abs((40.0 - net.b[0][0]) / (1e18 * expected) - 1) < 1e-12
