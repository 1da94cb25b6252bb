"""Ranges that change in jumps, not on every frame: each jump re-renders an axis in one piece
of GUI-thread time (the frame gaps of make bench, section 2)."""

import numpy as np

from core.loss_history import LossHistory
from explorer.views.image_view import bar_range
from explorer.views.loss_plot import HEADROOM_S, LossPlot


def test_bar_range_holds_every_bar_and_moves_in_half_steps():
    assert bar_range(np.array([0.1, 0.9]), probabilities=True) == (0.0, 1.0)
    assert bar_range(np.array([0.1, 0.9, 0.2]), probabilities=False) == (-0.05, 1.05)
    # A trained net's outputs just below 0 or above 1 keep the 0…1 view.
    assert bar_range(np.array([-0.04, 1.03]), probabilities=False) == (-0.05, 1.05)
    low, high = bar_range(np.array([-0.3, 1.2]), probabilities=False)
    assert (low, high) == (-0.55, 1.55)
    # A small change of the outputs keeps the range: no re-laid-out axis.
    assert bar_range(np.array([-0.31, 1.21]), probabilities=False) == (low, high)
    low, high = bar_range(np.array([np.nan, np.inf, 0.5, -1e300]), probabilities=False)
    assert low == -1e6 - 0.05 and high == 1.05  # non-finite ignored, a huge one clipped


def test_loss_plot_x_range_jumps_ahead_while_training_and_fits_when_paused(qtbot):
    history = LossHistory()
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(600, 300)
    plot.show()
    rate = 10_000.0  # steps a second, 30 snapshots a second, for five seconds
    plot.steps_per_second = rate
    ranges = []
    for _ in range(150):
        history.append(np.full(int(rate / 30), 0.5))
        plot.refresh(force=False)  # a frame while training
        x_max = plot._range[0]
        assert x_max >= history.count  # the whole run in view
        if not ranges or ranges[-1] != x_max:
            ranges.append(x_max)
    assert ranges == sorted(ranges)  # never narrowed while training
    # 15 % to spare would have jumped at every 1-1.5-2-3-5-7.5 step from 333 to 50,000
    # (eleven ranges); two seconds ahead at 10,000 steps/s, five.
    assert len(ranges) <= 5, ranges
    assert ranges[-1] <= 1.15 * history.count + 2 * HEADROOM_S * rate
    plot.refresh(force=True)  # paused: fitted again
    assert plot._range[0] == 75_000.0  # 1.15 x 50,000 rounded up to 7.5e4
    (x0, x1), _ = plot.plot.getViewBox().viewRange()
    assert x0 < 0 < history.count < x1 < 80_000


def test_loss_plot_draws_a_new_range_in_a_step_of_its_own(qtbot):
    """A range jump re-renders an axis: the curve's new points wait for the next step, so the
    two repaints are two pieces of GUI-thread time, not one."""
    history = LossHistory()
    plot = LossPlot(history)
    qtbot.addWidget(plot)
    plot.resize(600, 300)
    plot.show()
    plot.steps_per_second = 10_000.0
    history.append(np.full(300, 0.5))
    steps = plot.refresh_steps(force=False)
    next(steps)  # the first range: nothing else yet
    assert plot._range is not None and _points(plot.curve) == 0
    for _ in steps:
        pass
    assert _points(plot.curve) > 0
    # Within the range: the curve is drawn in the first step.
    history.append(np.full(10, 0.4))
    steps = plot.refresh_steps(force=False)
    before = plot._range
    next(steps)
    assert plot._range == before and plot.curve.xData[-1] == history.count


def test_prediction_surface_is_computed_then_shown_and_a_pan_between_wins(qtbot):
    from core.datasets import make_dataset
    from core.network import Network, NetworkSpec
    from explorer.views.prediction_view import PredictionView

    view = PredictionView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    view.set_dataset(make_dataset("moons", 50))
    net = Network.init(NetworkSpec((2, 4, 1), ("tanh", "tanh")), seed=1)
    steps = view.network_steps(net)
    next(steps)  # computed, not shown yet
    assert view.surface.image is None
    for _ in steps:
        pass
    shown = view.surface.image.copy()
    assert view._span == view._visible_span()
    # A new network, and the user pans before its picture is shown: the pan's picture (of the
    # new range, drawn at once) stays; the older one computed for the old range is dropped.
    other = Network.init(NetworkSpec((2, 4, 1), ("tanh", "tanh")), seed=2)
    steps = view.network_steps(other)
    next(steps)
    view.plot.getViewBox().translateBy(x=0.5)
    panned = view._span
    assert panned == view._visible_span() and not np.array_equal(view.surface.image, shown)
    for _ in steps:
        pass
    assert view._span == panned


def _points(curve) -> int:
    return 0 if curve.xData is None else len(curve.xData)
