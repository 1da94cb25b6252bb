"""Projector-ready (issue 10): on every screen from 1024×768 to 4K at device pixel ratio 2, in
and out of presentation mode, dark and light, English and Polish, K = 3 and K = 10, every text
has its room, no heatmap numbers overlap, Fit shows the whole graph and nothing leaves the
window. The checks themselves are in tests/layout_probe.py, which runs each screen in a
process of its own (a screen's size and pixel ratio are fixed when Qt starts).

`make test` runs a sample that covers every value of every axis; `make layout`
(BACKPROP_EXPLORER_LAYOUT=full) runs all 80 combinations. Each failure line names the screen,
the combination, where (the tab, the step), the widget and the sizes.

The last tests show that each check can fail: a clipped label, overlapping numbers, a graph
scrolled off its viewport and a widget outside the window are each reported.
"""

from __future__ import annotations

import os

import pytest
from PySide6 import QtCore, QtWidgets

from tests import layout_probe
from tests.layout_probe import Case

FULL = os.environ.get("BACKPROP_EXPLORER_LAYOUT") == "full"

# Two per screen; together every mode, theme, language and preset on every screen axis.
SAMPLE = (
    Case("1024x768", "normal", "dark", "en", "moons"),
    Case("1024x768", "normal", "light", "pl", "deep_sigmoid"),  # a rebuild once grew it
    Case("1024x768", "presentation", "light", "pl", "deep_sigmoid"),
    Case("1280x720", "normal", "light", "pl", "deep_sigmoid"),
    Case("1280x720", "presentation", "dark", "en", "moons"),
    Case("1366x768", "normal", "dark", "pl", "moons"),
    Case("1366x768", "presentation", "light", "en", "deep_sigmoid"),
    Case("1920x1080", "normal", "light", "en", "deep_sigmoid"),
    Case("1920x1080", "presentation", "dark", "pl", "moons"),
    Case("3840x2160@2", "normal", "dark", "en", "deep_sigmoid"),
    Case("3840x2160@2", "presentation", "light", "pl", "moons"),
)
CASES = tuple(layout_probe.all_cases()) if FULL else SAMPLE

_results: dict[str, dict[str, dict]] = {}


def result_for(case: Case) -> dict:
    """The probe's result for `case`; each screen's process runs once, for all its cases."""
    if case.screen not in _results:
        combinations = [c.combination for c in CASES if c.screen == case.screen]
        _results[case.screen] = layout_probe.run_screen(case.screen, combinations)
    return _results[case.screen][case.combination]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_text_has_its_room_and_the_graph_fits(case):
    failures = result_for(case)["failures"]
    assert not failures, f"{case.name}: {len(failures)} layout failures:\n" + "\n".join(
        f"  {case.name}: {line}" for line in failures
    )


def test_the_sample_covers_every_value_of_every_axis():
    for axis, values in (
        ("screen", layout_probe.SCREENS),
        ("mode", layout_probe.MODES),
        ("theme", layout_probe.THEMES),
        ("language", layout_probe.LANGUAGES),
        ("preset", layout_probe.PRESETS),
    ):
        assert {getattr(c, axis) for c in SAMPLE} == set(values), axis
    assert len(layout_probe.all_cases()) == 80


# -- the checks can fail -----------------------------------------------------------------------


@pytest.fixture
def window(open_window):
    """A 1600×1000 window whose layout nothing remembered changes (earlier tests leave
    splitter sizes and the side panel in the settings): everything fits before a test breaks
    one thing."""
    QtCore.QSettings().remove("main_window")
    return open_window(size=(1600, 1000))


def test_a_clipped_label_or_button_is_reported(qtbot, window):
    label = window.ws.stepper.title
    label.setWordWrap(False)
    label.setText("a text much wider than the forty pixels this label is given")
    label.setFixedWidth(40)
    window.ws.fit_button.setFixedWidth(20)
    window.model.set_tab(window.ws.tab_at(1))
    qtbot.waitUntil(label.isVisible)
    failures = layout_probe.check_widgets(window, "here")
    assert any("'a text much wider" in f and "px wide in" in f for f in failures), failures
    assert any("'Fit (F)'" in f and "text is" in f for f in failures), failures


def test_overlapping_and_oversized_heatmap_numbers_are_reported(qtbot, window):
    heatmap = window.ws.matrices.factor
    heatmap.set_matrix([[0.5, -0.25], [1.0, 2.0]])
    # Numbered and laid out: the view places its cells once the layout has run.
    qtbot.waitUntil(lambda: any(t.isVisible() for t in heatmap._cell_texts))
    qtbot.waitUntil(lambda: not layout_probe.check_heatmaps(window, "here"))
    first, second = heatmap._cell_texts[:2]
    second.setPos(first.pos())  # drawn over each other
    first.setText("-4.5e-11 and then some")  # wider than any cell
    failures = layout_probe.check_heatmaps(window, "here")
    assert any("overlap" in f for f in failures), failures
    assert any("-4.5e-11 and then some" in f and "cell" in f for f in failures), failures


def test_a_graph_not_fitted_and_a_widget_past_the_window_are_reported(qtbot, window):
    assert not layout_probe.check_graph(window, "here")
    window.ws.graph.set_camera((3.0, 0.0, 0.0))
    assert "lie outside" in " ".join(layout_probe.check_graph(window, "here"))
    stray = QtWidgets.QLabel("stray", window)
    stray.setGeometry(QtCore.QRect(window.width() - 10, 40, 200, 30))
    stray.show()
    failures = layout_probe.check_widgets(window, "here")
    assert any("'stray'" in f and "extends past the window" in f for f in failures), failures
