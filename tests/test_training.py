"""Training: the fast loop equals plain backprop, losses fall, divergence is caught."""

import numpy as np
import pytest

from core import Network, NetworkSpec
from core.optim import OptimizerConfig
from core.training import DivergenceError, Trainer


def xor_data():
    X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    Y = np.array([[-1.0], [1.0], [1.0], [-1.0]])
    return X, Y


def spiral_data(n=100, seed=0):
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0, 1, n)) * 3 * np.pi
    arms = []
    for sign in (1, -1):
        arms.append(np.c_[sign * t * np.cos(t), sign * t * np.sin(t)] / (3 * np.pi))
    X = np.vstack(arms)
    Y = np.r_[np.ones(n), -np.ones(n)][:, None]
    return X, Y


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("weight_decay", [0.0, 0.01])
def test_one_step_equals_a_reference_update(optimizer, weight_decay):
    """The in-place loop gives the same loss and parameters as Network.gradients + a plain
    update written out here."""
    spec = NetworkSpec((2, 5, 3, 2), ("tanh", "sigmoid", "identity"))
    net = Network.init(spec, seed=1)
    ref = net.copy()
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))
    config = OptimizerConfig(optimizer, learning_rate=0.1, weight_decay=weight_decay)
    trainer = Trainer(net, X, Y, config)
    state = {}
    for t in range(1, 4):
        loss, gA, gb = ref.gradients(X, Y)
        got = trainer.step(1)[0]
        assert got == pytest.approx(loss, rel=1e-12)
        for j, (p, g) in enumerate(
            zip(
                ref.parameters(),
                [g for pair in zip(gA, gb, strict=True) for g in pair],
                strict=True,
            )
        ):
            g = g + weight_decay * p
            if optimizer == "sgd":
                p -= 0.1 * g
            elif optimizer == "momentum":
                v = state[j] = 0.9 * state.get(j, 0) + g
                p -= 0.1 * v
            else:
                m = state[j, "m"] = 0.9 * state.get((j, "m"), 0) + 0.1 * g
                v = state[j, "v"] = 0.999 * state.get((j, "v"), 0) + 0.001 * g * g
                p -= 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        for p, q in zip(net.parameters(), ref.parameters(), strict=True):
            np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-12)


def test_xor_is_learned():
    X, Y = xor_data()
    net = Network.init(NetworkSpec((2, 4, 1), ("tanh", "tanh")), seed=0)
    trainer = Trainer(net, X, Y, OptimizerConfig("momentum", learning_rate=0.1))
    losses = trainer.step(1500)
    assert losses[0] > 0.5
    assert losses[-1] < 0.01  # threshold: all four points within ~0.05 of their target
    assert np.all(np.sign(net.predict(X)) == Y)


def test_spirals_are_learned():
    X, Y = spiral_data()
    net = Network.init(NetworkSpec.uniform((2, 16, 16, 1), hidden="relu", output="tanh"), seed=0)
    trainer = Trainer(net, X, Y, OptimizerConfig("adam", learning_rate=0.02), batch_size=50)
    losses = trainer.step(3000)
    assert losses[:10].mean() > 0.8
    assert net.mean_loss(X, Y) < 0.15  # threshold: > 96% of points on the right side
    assert np.mean(np.sign(net.predict(X)) == Y) > 0.96


def test_minibatches_cover_every_sample_each_epoch():
    X = np.arange(10.0)[:, None]
    Y = np.zeros((10, 1))
    trainer = Trainer(Network.init(NetworkSpec.uniform((1, 2, 1)), 0), X, Y, batch_size=4)
    seen = []
    for _ in range(5):  # 20 draws = two epochs
        trainer._next_batch()
        seen += list(trainer._xb[:, 0])
    assert sorted(seen) == sorted(list(np.arange(10.0)) * 2)


def test_divergence_stops_with_step_and_last_finite_loss():
    X, Y = xor_data()
    net = Network.init(NetworkSpec((2, 4, 1), ("identity", "identity")), seed=0)
    trainer = Trainer(net, X, Y, OptimizerConfig("sgd", learning_rate=1e6))
    with pytest.raises(DivergenceError) as caught:
        trainer.step(1000)
    error = caught.value
    assert error.step == trainer.step_count + 1
    assert error.last_finite_loss == trainer.last_loss
    assert np.isfinite(error.last_finite_loss)
    assert len(error.pending_losses) == trainer.step_count
    assert np.all(np.isfinite(error.pending_losses))
    assert "step" in str(error) and "learning rate" in str(error)
    # The parameters are those before the failing step: stepping again fails at once.
    before = [p.copy() for p in net.parameters()]
    with pytest.raises(DivergenceError):
        trainer.step(1)
    assert all(
        np.array_equal(p, q, equal_nan=True) for p, q in zip(before, net.parameters(), strict=True)
    )


def test_run_yields_every_loss_once_and_can_stop():
    X, Y = xor_data()
    net = Network.init(NetworkSpec.uniform((2, 3, 1)), seed=0)
    trainer = Trainer(net, X, Y, OptimizerConfig("sgd", learning_rate=0.1))
    reference = Trainer(net.copy(), X, Y, OptimizerConfig("sgd", learning_rate=0.1)).step(500)
    snapshots = list(trainer.run(min_interval=0.0005, max_steps=500))
    assert snapshots[-1].step == 500
    np.testing.assert_array_equal(np.concatenate([s.losses for s in snapshots]), reference)
    last = snapshots[-1]
    np.testing.assert_array_equal(last.A[0], net.A[0])
    assert last.A[0] is not net.A[0]  # copies, safe for another thread
    generator = trainer.run(min_interval=0.0)
    first = next(generator)
    generator.close()
    assert first.step == 501 and trainer.step_count == 501


def test_learning_rate_change_keeps_optimizer_state():
    X, Y = xor_data()
    trainer = Trainer(
        Network.init(NetworkSpec.uniform((2, 3, 1)), 0),
        X,
        Y,
        OptimizerConfig("adam", learning_rate=0.01),
    )
    trainer.step(3)
    state = trainer.optimizer
    trainer.set_optimizer(OptimizerConfig("adam", learning_rate=0.001))
    assert trainer.optimizer is state and state.learning_rate == 0.001 and state.t == 3
    trainer.set_optimizer(OptimizerConfig("sgd", learning_rate=0.001))
    assert trainer.optimizer is not state


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "rmsprop"}, "optimizer: unknown name 'rmsprop'"),
        ({"learning_rate": -1.0}, "learning_rate: -1.0"),
        ({"learning_rate": 0.0}, "learning_rate: must be greater than 0"),
        ({"learning_rate": float("nan")}, "learning_rate: nan"),
        ({"momentum": 1.0}, "momentum: 1.0 must be below 1"),
        ({"weight_decay": "a lot"}, "weight_decay: 'a lot' is not a number"),
    ],
)
def test_bad_optimizer_settings_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        OptimizerConfig(**kwargs)


def test_bad_shapes_and_batch_size_are_named():
    net = Network.init(NetworkSpec.uniform((2, 3, 1)), seed=0)
    with pytest.raises(ValueError, match="X: shape"):
        Trainer(net, np.zeros((4, 3)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match="Y: shape"):
        Trainer(net, np.zeros((4, 2)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="batch_size: 0"):
        Trainer(net, np.zeros((4, 2)), np.zeros((4, 1)), batch_size=0)
