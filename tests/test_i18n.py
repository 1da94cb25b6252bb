"""Languages: every string explorer/ shows goes through Qt's translator and has a finished
Polish translation; a window built in Polish shows no English; the language can be switched
from the View menu and chosen on the command line."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from core.datasets import DATASET_TITLES
from core.experiment import load_preset
from core.network import Network, NetworkSpec
from core.optim import OPTIMIZER_TITLES
from core.stepthrough import backprop_steps
from explorer.look import i18n, names
from explorer.panels.step_panel import sentence
from tests.gui_helpers import isolated_env, open_window

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "translations.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("translations", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("translations", module)
    spec.loader.exec_module(module)
    return module


translations = load_tool()


@pytest.fixture
def polish():
    """Polish for the test's windows (install before building them), English again after."""
    app = QtWidgets.QApplication.instance()
    i18n.install(app, "pl")
    try:
        yield
    finally:
        i18n.install(app, "en")
        QtCore.QSettings().remove("language")
    assert i18n.tr("Actions", "&File") == "&File"


# -- the tool and the catalogue --------------------------------------------------------------


def test_every_string_has_a_finished_polish_translation_and_the_qm_is_current():
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (ROOT / "resources" / "translations" / "explorer_pl.qm").exists()


def test_the_extractor_finds_contexts_and_refuses_computed_text(tmp_path):
    (tmp_path / "one.py").write_text(
        "from explorer import i18n\n"
        "def tr(text):\n"
        "    return i18n.tr('One', text)\n"
        "a = tr('plain')\n"
        "b = tr('a {0} b').format(1)\n"
        "c = i18n.tr('Other', 'explicit')\n"
        "d = tr(f'computed {a}')\n"
        "e = i18n.tr('Presets', a)  # i18n: dynamic\n",
        encoding="utf-8",
    )
    result = translations.extract(tmp_path, tmp_path)
    assert list(result.messages) == [("One", "plain"), ("One", "a {0} b"), ("Other", "explicit")]
    assert len(result.problems) == 1 and "one.py:7" in result.problems[0]


def test_consistency_checks_placeholders_tags_keys_and_mnemonics():
    check = translations.consistency
    assert check("step {0} of {1}", "krok {0} z {1}") == []
    assert check("step {0} of {1}", "krok {0}") == ["placeholders differ"]
    assert check("f<sub>K</sub>", "f_K") == ["tags differ"]
    assert check("Step (N)", "Krok") == ["key hints differ"]
    assert check("&File", "Plik") == ["mnemonic ampersands differ"]


def test_merging_keeps_translations_marks_new_ones_and_drops_obsolete(tmp_path):
    ts = tmp_path / "x.ts"
    translations.write_ts(
        ts, "pl_PL", {("A", "kept"): ("zachowane", True), ("A", "gone"): ("usunięte", True)}
    )
    extraction = translations.Extraction()
    extraction.add("A", "kept", "x.py:1")
    extraction.add("A", "new & <b>bold</b>", "x.py:2")
    entries = translations.merged(extraction, translations.read_ts(ts))
    translations.write_ts(ts, "pl_PL", entries)
    assert translations.read_ts(ts) == {
        ("A", "kept"): ("zachowane", True),
        ("A", "new & <b>bold</b>"): ("", False),
    }
    assert 'type="unfinished"' in ts.read_text(encoding="utf-8")


def test_names_of_core_identifiers_match_core_in_english():
    for name, title in DATASET_TITLES.items():
        assert names.dataset_title(name) == title
    for name, title in OPTIMIZER_TITLES.items():
        assert names.optimizer_title(name) == title
    assert names.dataset_short("sine") == "sine"


@pytest.mark.parametrize("sizes", [(2, 3), (2, 4, 3, 1)])
def test_step_sentences_are_cores_titles_in_english(sizes):
    """The step panel rebuilds core's sentences from each step's data, to translate them: in
    English they must stay exactly core's titles."""
    K = len(sizes) - 1
    network = Network.init(NetworkSpec(sizes, ("tanh",) * (K - 1) + ("identity",)), seed=0)
    steps = backprop_steps(network, np.ones(sizes[0]), np.ones(sizes[-1]))
    assert [sentence(step) for step in steps] == [step.title for step in steps]


# -- a window in Polish ----------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z]{3,}")
# Words of maths, proper names and file types, written the same in Polish.
SAME_IN_POLISH = {
    "Adam", "SGD", "ReLU", "tanh", "sigmoid", "relu", "softplus", "leaky", "sin", "sign",
    "diag", "max", "min", "log", "NaN", "PNG", "SVG", "CSV", "LaTeX", "NumPy", "npz", "tex",
    "json", "txt", "csv", "png", "svg", "Backprop", "Explorer", "XOR", "Ctrl", "Shift",
    "Space", "PgUp", "PgDn", "Page", "Down", "neuron", "gradient",
}  # fmt: skip


def plain(text: str) -> str:
    """Rich text as it reads: tags dropped, entities and word joiners undone."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.replace("\N{WORD JOINER}", "").replace("&", "").split())


def english_phrases() -> set[str]:
    """Every English source whose Polish differs, cut at its placeholders into the phrases
    that hold an English word (maths-only pieces such as '‖A‖ = ' are the same in Polish)."""
    phrases = set()
    for (_, source), (translation, _) in translations.read_ts(translations.paths("pl")[0]).items():
        if translation == source:
            continue
        for piece in re.split(r"\{\d+\}", source.replace("{{", "{").replace("}}", "}")):
            piece = plain(piece).strip(" ,:;.()")
            if any(word not in SAME_IN_POLISH for word in WORD.findall(piece)):
                phrases.add(piece)
    return phrases


def widget_texts(root: QtWidgets.QWidget) -> list[str]:
    """What `root` and its widgets show or show on hovering: texts, titles, tooltips, items,
    headers, menus and actions (file paths, e.g. of recent files, left out)."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QtWidgets.QWidget)]:
        texts.append(w.toolTip())
        if isinstance(w, QtWidgets.QLabel):
            texts.append(w.text())
        if isinstance(w, QtWidgets.QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QtWidgets.QGroupBox):
            texts.append(w.title())
        if isinstance(w, QtWidgets.QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QtWidgets.QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QtWidgets.QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QtWidgets.QAbstractSpinBox):
            texts.append(w.specialValueText())
        if isinstance(w, QtWidgets.QTableWidget):
            texts += [w.horizontalHeaderItem(c).text() for c in range(w.columnCount())]
            texts += [
                w.item(r, c).text()
                for r in range(w.rowCount())
                for c in range(w.columnCount())
                if w.item(r, c)
            ]
        if isinstance(w, QtWidgets.QMenu):
            texts.append(w.title())
    for action in root.findChildren(QtGui.QAction):
        if not isinstance(action.parent(), pg.GraphicsScene):  # see test_no_pyqtgraph_menus
            texts += [action.text(), action.toolTip()]
    return [plain(t) for t in texts if t and not t.startswith("/")]


def shown_texts(window) -> list[str]:
    """widget_texts(window), and what it paints: the formula's text, the graph's labels, the
    plots' titles, axes and legends, the nodes' tooltips, the status bar."""
    texts = []
    formula = window.ws.formula
    texts += [formula.hint(), formula.caption(), formula.reuse_label(), window.ws.stepper.hint()]
    for plot in (
        window.ws.loss_plot.plot,
        window.ws.flow_panel.over_time,
        window.ws.flow_panel.profile,
    ):
        item = plot.getPlotItem()
        texts.append(item.titleLabel.text)
        texts += [item.getAxis(side).labelText for side in ("bottom", "left")]
    for node, item in window.ws.graph.nodes.items():
        texts += [window.presenter.node_summary(node), item.label.toHtml()]
    texts += [window.status.text(), window.statusBar().currentMessage()]
    return widget_texts(window) + [plain(t) for t in texts if t]


def assert_no_english(texts: list[str]):
    phrases = english_phrases()
    assert len(phrases) > 150
    found = sorted(
        {
            (phrase, text)
            for text in texts
            for phrase in phrases
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        }
    )
    assert not found, "English in the Polish window:\n" + "\n".join(map(str, found))


def test_no_pyqtgraph_menus(qtbot):
    """pyqtgraph's right-click menus (View All, Plot Options, Export...) have no Polish: no
    plot of the window offers them."""
    window = open_window(qtbot)
    window.ws.build_all()  # the tabs built after the first paint have plots too
    views = [
        item
        for widget in window.findChildren(pg.GraphicsView)
        for item in widget.scene().items()
        if isinstance(item, pg.ViewBox)
    ]
    assert len(views) >= 8
    assert not [view for view in views if view.menuEnabled()]


def test_a_polish_window_shows_no_english(qtbot, polish):
    window = open_window(qtbot, preset="sine")
    window.select_theta(1)
    window.step_once()
    window.compare_flow("deep_sigmoid")
    window.toggle_view()
    window.select_weight((1, 2, 3))
    window.refresh_all()
    window.run_gradient_check()
    qtbot.waitUntil(lambda: window.model.check.results is not None, timeout=20000)
    texts = shown_texts(window)
    for index in range(len(window.model.steps())):  # every sentence of the step-through
        window.go_step(index)
        texts.append(plain(window.ws.stepper.title.text()))
    window.go_step(-1)
    dialog = window.show_shortcuts()
    texts += widget_texts(dialog)
    dialog.close()
    assert_no_english(texts)

    # A few by name.
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Plik", "&Edycja", "&Uczenie", "&Widok", "Pomo&c"]
    assert window.ws.controls.start.text() == "Uruchom  (Space)"
    assert window.ws.loss_plot.title.text().startswith("Funkcja straty")
    assert window.ws.formula.caption().startswith("funkcja straty")
    assert window.ws.tabs.tabText(0) == "Macierze"
    assert "dane: sinus, próbek: 200" in window.status.text()
    assert window.windowTitle() == "*Regresja sinusa · 1-16-16-1 tanh — Backprop Explorer"
    assert "identyczność" in window.presenter.node_summary("f3")
    assert "suma po " in window.ws.paths_label.text()


def test_polish_messages_around_cores_errors(qtbot, polish):
    window = open_window(qtbot)
    window.ws.controls.sizes.setText("2-x-1")
    window.ws.controls.apply_arch.click()
    assert "sizes[1]: 'x' nie jest liczbą całkowitą" in window.ws.controls.arch_error.text()
    window.ws.controls.sizes.setText("3-8-1")  # core's message (English) in a Polish banner
    window.ws.controls.apply_arch.click()
    assert "spec.sizes" in window.ws.controls.arch_error.text()
    # A data set core refuses (noise out of range): its message in the Polish banner.
    window.set_data({"name": "moons", "n_samples": 200, "noise": 99.0, "seed": 0})
    assert window.ws.banner.isVisible()
    assert window.ws.banner.text().endswith("(niczego nie zmieniono)")
    assert "noise" in window.ws.banner.text()


def test_switching_the_language_rebuilds_the_window_in_it(qtbot):
    window = open_window(qtbot)
    window.select_theta(2)
    try:
        window.set_language("pl")
        assert i18n.current() == "pl" and QtCore.QSettings().value("language") == "pl"
        assert window.model.theta == 2 and window.model.language == "pl"
        assert window.menuBar().actions()[0].text() == "&Plik"
        assert window.menus.languages["pl"].isChecked()
        assert window.ws.controls.start.text() == "Uruchom  (Space)"
        window.menus.languages["en"].trigger()
        assert i18n.current() == "en"
        assert window.menuBar().actions()[0].text() == "&File"
        assert window.ws.controls.start.text() == "Start  (Space)"
        assert window.ws.graph.lit_edges()[0] == ("f3", "L", "loss")
    finally:
        i18n.install(QtWidgets.QApplication.instance(), "en")
        QtCore.QSettings().remove("language")


# -- the command line ------------------------------------------------------------------------


def run_app(*args):
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args],
        capture_output=True,
        text=True,
        env=isolated_env(),
        timeout=120,
        cwd=ROOT,
    )


def test_lang_pl_screenshot(tmp_path):
    out = tmp_path / "pl.png"
    result = run_app("--lang", "pl", "--select", "1", "--size", "1280x800", "--screenshot", out)
    assert result.returncode == 0, result.stderr
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_lang_pl_applies_to_the_command_lines_export_messages(tmp_path):
    result = run_app("export", "--lang", "pl", "--what", "graph", "-o", tmp_path / "g.tex")
    assert result.returncode != 0
    assert "graf można wyeksportować tylko jako .png lub .svg" in result.stderr


def test_every_preset_title_is_translated():
    for name in ("moons", "sine", "xor", "spiral", "deep_relu", "deep_sigmoid"):
        title = load_preset(name).title
        assert ("Presets", title) in translations.read_ts(translations.paths("pl")[0])
        assert names.preset_title(title) == title  # English here: the tests' language


def test_a_deep_network_is_described_short():
    from core.network import NetworkSpec
    from explorer.look import names

    assert names.describe(NetworkSpec.uniform((2, 8, 8, 1))) == "2-8-8-1 (tanh, tanh, identity)"
    deep = NetworkSpec((2, *[4] * 99, 1), (*["relu"] * 99, "tanh"))
    assert names.describe(deep) == "2-4-4-4-…-4-1 (relu ×99, tanh)"
