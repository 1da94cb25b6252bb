"""The lecturer's file work through the GUI: menus and shortcuts, save/open round trips,
broken files, unsaved changes, recent files, CSV import, exports, themes, presentation mode."""

import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from core.network import NetworkSpec
from explorer.look import theme
from explorer.window import dialogs
from tests.gui_helpers import click_node, open_window

Qt = QtCore.Qt


def answer(monkeypatch, **answers):
    """Make dialogs.<name> return answers[name] (callables are called with the arguments)."""
    calls = []
    for name, value in answers.items():

        def reply(*args, _name=name, _value=value, **kwargs):
            calls.append((_name, args[1:]))
            return _value(*args) if callable(_value) else _value

        monkeypatch.setattr(dialogs, name, reply)
    return calls


def menu_action(window, text):
    (action,) = [a for _, _, a in window.menus.table if a.text() == text]
    return action


def test_every_shortcut_is_in_a_menu_or_listed_and_unique(window):
    keys = [keys for _, keys, _ in window.menus.table if keys]
    assert len(keys) == len(set(keys)), "a key is bound twice"
    for _menu, keys, action in window.menus.table:
        if keys and keys != "0 … 9":
            assert action.shortcut() == QtGui.QKeySequence(keys), action.text()
    dialog = window.show_shortcuts()
    table = dialog.findChild(QtWidgets.QTableWidget)
    listed = {table.item(r, 2).text() for r in range(table.rowCount())}
    for needed in ("Space", "N", "R", "G", "V", "F11", "Ctrl+S", "Ctrl+E", "PgDown", "0 … 9"):
        native = QtGui.QKeySequence(needed).toString(QtGui.QKeySequence.SequenceFormat.NativeText)
        assert (native or needed) in listed, needed
    dialog.close()


def test_keys_trigger_what_they_say(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_V)
    assert window.ws.views.currentIndex() == 1
    qtbot.keyClick(window, Qt.Key.Key_V)
    assert window.ws.views.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.model.history.count == 1 and window.model.modified
    assert window.windowTitle().startswith("*")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window._shortcuts_dialog.isVisible()
    window._shortcuts_dialog.close()


def test_save_and_open_round_trip_through_the_gui(qtbot, window, tmp_path, monkeypatch):
    for _ in range(20):
        qtbot.keyClick(window, Qt.Key.Key_N)
    trained = [a.copy() for a in window.model.latest.A]
    path = tmp_path / "lecture.json"
    answer(monkeypatch, save_path=str(path))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.exists() and (tmp_path / "lecture.npz").exists()
    assert not window.model.modified and window.windowTitle().startswith("lecture.json")
    assert json.loads(path.read_text())["spec"]["sizes"] == [2, 8, 8, 1]
    # Open it in a fresh window from File -> Open: the trained weights come back bit for bit.
    window.discard_and_close()
    other = open_window(qtbot, preset="xor")
    answer(monkeypatch, open_path=str(path))
    menu_action(other, "Open…").trigger()
    assert other.model.spec.sizes == (2, 8, 8, 1)
    for a, b in zip(other.model.display.A, trained, strict=True):
        np.testing.assert_array_equal(a, b)
    assert other.model.path == path and not other.model.modified
    # The file is now in the recent-files menu; opening it from there works too.
    actions = other.menus.recent.actions()
    assert actions and actions[0].text() == "lecture.json"


def test_save_without_weights_starts_from_the_seed(qtbot, window, tmp_path, monkeypatch):
    initial = window.model.display.A[0].copy()
    for _ in range(5):
        window.step_once()
    path = tmp_path / "plain.json"
    answer(monkeypatch, save_path=str(path))
    assert window.save_as(include_weights=False)
    assert json.loads(path.read_text())["weights"] is None
    answer(monkeypatch, open_path=str(path))
    assert window.open_file()
    np.testing.assert_array_equal(window.model.display.A[0], initial)


def test_a_broken_file_is_named_and_the_session_survives(qtbot, window, tmp_path, monkeypatch):
    click_node(qtbot, window, "theta1")
    window.step_once()
    window.model.modified = False
    before = window.model.display.A[1].copy()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "backprop-explorer-experiment", "version": 1, "spec": {"si')
    calls = answer(monkeypatch, open_path=str(broken), error=None)
    assert not window.open_file()
    ((_, (_title, message)),) = [c for c in calls if c[0] == "error"]
    assert "broken.json" in message and "line" in message
    np.testing.assert_array_equal(window.model.display.A[1], before)
    assert window.model.theta == 1 and window.model.history.count == 1


def test_unsaved_changes_are_asked_about_on_close(qtbot, window, monkeypatch):
    window.step_once()
    calls = answer(monkeypatch, ask_unsaved="cancel")
    window.close()
    assert window.isVisible() and calls == [("ask_unsaved", (True,))]
    answer(monkeypatch, ask_unsaved="discard")
    window.close()
    assert not window.isVisible()


def test_csv_import_and_its_errors(qtbot, window, tmp_path, monkeypatch):
    good = tmp_path / "points.csv"
    rows = ["x1,x2,x3,y1"] + [f"{i / 10},{-i / 10},{i % 3},{(-1) ** i}" for i in range(40)]
    good.write_text("\n".join(rows) + "\n")
    answer(monkeypatch, open_path=str(good))
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    s = window.model
    assert s.dataset.name == "csv" and s.dataset.n_samples == 40
    assert s.spec.sizes == (3, 8, 8, 1)
    assert window.model.modified
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,y1\n1,2\n3,oops\n")
    calls = answer(monkeypatch, open_path=str(bad), error=None)
    assert not window.import_csv()
    message = next(args for name, args in calls if name == "error")[1]
    assert "bad.csv" in message and "line 3" in message
    assert s.dataset.name == "csv" and s.dataset.n_samples == 40  # unchanged


@pytest.mark.parametrize("what", ["graph", "formula", "loss", "prediction", "latex", "npz"])
def test_exports_from_the_menu(qtbot, window, tmp_path, monkeypatch, what):
    click_node(qtbot, window, "theta0")
    suffix = {"latex": ".tex", "npz": ".npz"}.get(what, ".svg")
    path = tmp_path / f"out{suffix}"
    answer(monkeypatch, ask_export=what, save_path=str(path))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert path.exists() and path.stat().st_size > 100
    if suffix == ".svg":
        assert ET.parse(path).getroot().tag.endswith("svg")
    elif what == "npz":
        with np.load(path) as data:
            assert data["grad_A0"].shape == (8, 2)
    else:
        assert r"\frac{\partial L}{\partial \theta_{0}}" in path.read_text()


def test_light_theme_and_back(qtbot, window):
    click_node(qtbot, window, "theta2")
    window.set_theme("light")
    assert theme.name == "light"
    assert window.ws.graph.backgroundBrush().color().name() == "#ffffff"
    assert window.model.theta == 2
    assert window.ws.graph.lit_edges()[0] == ("f3", "L", "loss")
    window.set_theme("dark")
    assert theme.name == "dark"
    assert QtCore.QSettings().value("theme") == "dark"


def test_presentation_mode_is_full_screen_with_text_scaled_to_the_screen(qtbot, window):
    normal = QtWidgets.QApplication.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.model.presentation and window.menus.presentation.isChecked()
    scale = theme.presentation_scale(window.screen().geometry().height())
    assert QtWidgets.QApplication.font().pointSizeF() == pytest.approx(normal * scale, rel=0.02)
    assert not window.ws.side.isVisible()  # the side panel; keys still work
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.model.history.count == 1
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.model.presentation and not window.menus.presentation.isChecked()
    assert window.ws.side.isVisible()
    assert QtWidgets.QApplication.font().pointSizeF() == pytest.approx(normal)


def test_opening_a_preset_asks_about_opening_not_closing(qtbot, window, monkeypatch):
    window.step_once()
    calls = answer(monkeypatch, ask_unsaved="cancel")
    window.ws.controls.preset.activated.emit(window.ws.controls.preset.findData("xor"))
    assert calls == [("ask_unsaved", (False,))]
    assert window.model.preset == "moons" and window.model.history.count == 1
    answer(monkeypatch, ask_unsaved="discard")
    window.open_preset("xor")
    assert window.model.preset == "xor"
    assert window.ws.controls.preset.currentData() == "xor"  # the box names what is open


def test_an_edited_preset_loses_its_title_and_name(qtbot, window):
    assert window.ws.controls.preset.currentData() == "moons"
    window.set_architecture(NetworkSpec((2, 3, 3, 3, 1), ("tanh", "tanh", "tanh", "tanh")))
    assert "2-3-3-3-1" in window.windowTitle() and "2-8-8-1" not in window.windowTitle()
    assert window.model.preset is None and window.ws.controls.preset.currentData() == ""


def test_presentation_scale_follows_the_screen_height():
    # Designed at 1080 lines; a 768-line projector has no room for larger text.
    assert theme.presentation_scale(1080) == pytest.approx(1.35)
    assert theme.presentation_scale(768) == 1.0
    assert theme.presentation_scale(600) == 1.0
    assert 1.0 < theme.presentation_scale(900) < 1.35
    assert theme.presentation_scale(2160) == 2.0  # a 4K screen at device pixel ratio 1


def test_new_initial_weights_from_the_menu_and_its_key(qtbot, window):
    seed, A0 = window.model.experiment.seed, window.model.network.A[0].copy()
    qtbot.keyClick(window, Qt.Key.Key_N)
    menu_action(window, "New initial weights").trigger()
    assert window.model.experiment.seed != seed and window.model.history.count == 0
    assert not np.array_equal(window.model.network.A[0], A0)
    assert window.windowTitle().startswith("*")
    drawn = window.model.experiment.seed
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.model.experiment.seed not in (seed, drawn)
    after = window.model.network.A[0].copy()
    qtbot.keyClick(window, Qt.Key.Key_N)
    qtbot.keyClick(window, Qt.Key.Key_R)  # Reset keeps the seed, and so the weights
    np.testing.assert_array_equal(window.model.network.A[0], after)
