"""Issue 13: the cost-of-backpropagation tab."""

from PySide6 import QtCore

from core import cost
from explorer.look import i18n
from explorer.model import Tab


def test_cost_tab_counts_equal_the_closed_forms_and_times_are_measured(qtbot, window):
    ws = window.ws
    bar = ws.tabs.tabBar()
    index = ws.page_index(ws.cost_panel)
    qtbot.mouseClick(bar, QtCore.Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.model.tab is Tab.COST
    panel = ws.cost_panel
    expected = cost.closed_form(window.model.spec)
    for method in cost.METHODS:
        assert panel.counts[method].total == expected[method].total
        assert panel.count_labels[method].text().startswith(i18n.integer(expected[method].total))
        assert panel.time_labels[method].text() == "—"
    # Each plot: three curves, counts from core.cost.curves_for.
    by_depth, _ = cost.curves_for(window.model.spec)
    curves = panel.plots["K"].getPlotItem().listDataItems()
    assert len(curves) == 3
    assert list(curves[1].yData) == [float(v) for v in by_depth.counts["reverse"]]
    qtbot.mouseClick(panel.measure, QtCore.Qt.MouseButton.LeftButton)
    assert window.model.cost.running or window.model.cost.timings is not None
    qtbot.waitUntil(lambda: panel.timings is not None, timeout=20000)
    for method in cost.METHODS:
        assert panel.timings[method].count == expected[method].total
        assert panel.time_labels[method].text().endswith(("µs", "ms", " s"))
    assert "✔" in panel.agreement.text()
    assert window._cost_job is None or not window._cost_job.running


def test_measure_key_is_listed_in_help(window):
    keys = {keys for _, keys, _ in window.menus.table}
    assert "M" in keys and "Ctrl+Z" in keys
