"""Each activation's derivative against central differences; stability at |z| = 1000."""

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
