"""The loss history keeps every value exactly, across blocks, and its decimation never loses
a spike: each column's min and max are those of the raw values."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import loss_history
from core.loss_history import LossHistory


@pytest.fixture
def small_blocks(monkeypatch):
    # Blocks of 1000 make block boundaries cheap to cross in a test.
    monkeypatch.setattr(loss_history, "BLOCK", 1000)


def test_values_survive_block_boundaries(small_blocks):
    history = LossHistory()
    rng = np.random.default_rng(0)
    chunks = [rng.normal(size=n) for n in (1, 999, 1, 2500, 7, 3000)]
    for chunk in chunks:
        history.append(chunk)
    expected = np.concatenate(chunks)
    assert history.count == expected.size
    np.testing.assert_array_equal(history.values, expected)
    assert history.last == expected[-1]
    assert (history.low, history.high) == (expected.min(), expected.max())
    assert len(history._blocks) == 7


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 5000), min_size=1, max_size=8),
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(1, 2000),
    st.integers(0, 2**16),
)
def test_decimation_keeps_every_extreme(chunks, a, b, columns, seed):
    history = LossHistory()
    rng = np.random.default_rng(seed)
    values = [rng.lognormal(size=n) for n in chunks]
    for v in values:
        history.append(v)
    data = np.concatenate(values)
    first = 1 + int(min(a, b) * (data.size - 1))
    last = 1 + int(max(a, b) * (data.size - 1))
    steps, shown = history.decimated(first, last, columns)
    assert steps.size == shown.size > 0
    assert np.all(np.diff(steps) >= 0)
    # Every raw value in the range lies within what is drawn; nothing drawn is invented.
    in_range = data[first - 1 : last]
    assert shown.min() <= in_range.min() and shown.max() >= in_range.max()
    assert set(shown.tolist()) <= set(data.tolist())
    assert steps.size <= 2 * columns + 4 or steps.size <= last - first + 1


def test_a_long_history_is_drawn_with_few_points():
    history = LossHistory()
    chunk = np.linspace(1.0, 0.5, 10_000)
    for _ in range(200):  # two million steps
        history.append(chunk)
    history.append(np.array([50.0]))  # one spike at the very end
    steps, shown = history.decimated(1, history.count, 800)
    assert steps.size <= 2 * 800 + 4
    assert shown.max() == 50.0 and shown.min() == 0.5
