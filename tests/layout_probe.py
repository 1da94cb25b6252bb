"""The layout probe behind tests/test_layout.py: open the window on one simulated screen and
check, for each combination asked for, that everything drawn has its room.

Qt's offscreen platform has one 800×800 screen unless told otherwise, and a screen (its size,
its device pixel ratio) is fixed when the QApplication starts. So each screen gets a process of
its own, started by the test with

    QT_QPA_PLATFORM=offscreen:configfile=screen.json   (the screen's native size)
    QT_SCALE_FACTOR=2                                   (for "3840x2160@2": 1920×1080 logical)

and this module checks every combination for that screen in turn, printing one JSON line per
combination: {"case": ..., "failures": [...], "seconds": ...}. Run it by hand to see one
combination's failures while fixing them:

    python -m tests.layout_probe 1024x768 normal-dark-en-moons presentation-light-pl-deep_sigmoid

(the screen is set up for you: the module re-executes itself with the environment above).

A combination is MODE-THEME-LANGUAGE-PRESET, with MODE normal (the window as large as the
screen, side panel as the app chooses for that width) or presentation (F11). In each, θ₀ is
selected (the longest chain), a few hundred steps are trained, and every teaching tab is
visited (Matrices, Step through at three positions, Flow, Check after a gradient check); after
each visit the checks below run on what is on screen:

- text: no QLabel, button or check box shows less than its text (single-line text wider than
  the contents rectangle, word-wrapped text taller than the label, "…" in a label), and no tab
  of the tab bars is cut or scrolled away;
- clipping: no visible widget extends past the window, and none is cut by an ancestor (a
  scroll area's viewport may cut vertically: that content scrolls);
- heatmaps: no two cell numbers overlap and none leaves its cell;
- graph: after Fit (key F) every node of the graph lies inside the graph's viewport;
- screen: the window's minimum size fits the screen's available area, and the window is as
  large as asked for (a minimum size larger than the screen makes it larger).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore

SCREENS = {
    # name: (native width, native height, scale factor)
    "1024x768": (1024, 768, 1),
    "1280x720": (1280, 720, 1),
    "1366x768": (1366, 768, 1),
    "1920x1080": (1920, 1080, 1),
    "3840x2160@2": (3840, 2160, 2),
}
MODES = ("normal", "presentation")
THEMES = ("dark", "light")
LANGUAGES = ("en", "pl")
PRESETS = ("moons", "deep_sigmoid")  # K = 3 and K = 10
TRAIN_STEPS = 300
SLACK = 1  # px: rounding of font metrics and layouts
# px a parent may cut from the bottom of a text's box: the box includes the last line's
# leading and descent, and a 3-line label 3 px taller than its room still shows all its
# glyphs (seen). A parent's cut may go the font's descent further: the last line's baseline
# stays visible, and digits and most letters with it ("max +0.327" cut by 8 px was whole on
# screen; a cut of 16 px at 1024×768 hides most of that line).
CUT_SLACK = 3
PROBE_ENV = "BACKPROP_EXPLORER_LAYOUT_PROBE"
# What the offscreen platform says on every show() and tooltip (as in pyproject.toml).
QUIET = ("This plugin does not support propagateSizeHints", "This plugin does not support raise")
SHOTS_ENV = "BACKPROP_EXPLORER_LAYOUT_SHOTS"  # a folder: each checked state saved as a PNG


@dataclass(frozen=True)
class Case:
    screen: str
    mode: str
    theme: str
    language: str
    preset: str

    @property
    def name(self) -> str:
        return f"{self.screen}-{self.mode}-{self.theme}-{self.language}-{self.preset}"

    @property
    def combination(self) -> str:
        return f"{self.mode}-{self.theme}-{self.language}-{self.preset}"

    @classmethod
    def parse(cls, screen: str, combination: str) -> Case:
        mode, theme_, language, preset = combination.split("-", 3)
        case = cls(screen, mode, theme_, language, preset)
        if (
            screen not in SCREENS
            or mode not in MODES
            or theme_ not in THEMES
            or language not in LANGUAGES
            or preset not in PRESETS
        ):
            raise ValueError(f"not a layout combination: {case.name}")
        return case


def all_cases() -> list[Case]:
    return [
        Case(s, m, t, lang, p)
        for s in SCREENS
        for m in MODES
        for t in THEMES
        for lang in LANGUAGES
        for p in PRESETS
    ]


# -- running a screen's process ----------------------------------------------------------------


def offscreen_screen(name: str, width: int, height: int, folder: Path, scale: float = 1) -> dict:
    """An environment whose offscreen platform has one screen of width x height (logical
    pixels times `scale`), with its own settings folder: Qt fixes a screen's size when it
    starts, so each size needs a process of its own. Used by tools/screenshots.py too."""
    config = folder / "screen.json"
    screen = {"name": name, "x": 0, "y": 0, "width": width, "height": height}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=str(scale),
        XDG_CONFIG_HOME=str(folder / "config"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    return env


def screen_environment(screen: str, folder: Path) -> dict:
    width, height, scale = SCREENS[screen]
    env = offscreen_screen(f"layout-{screen}", width, height, folder, scale)
    env[PROBE_ENV] = "1"
    return env


def run_screen(screen: str, combinations: list[str], timeout: float = 600) -> dict[str, dict]:
    """Check `combinations` on `screen` in a process of its own: {combination: result}."""
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="bpe-layout-") as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "tests.layout_probe", screen, *combinations],
            capture_output=True,
            text=True,
            env=screen_environment(screen, Path(tmp)),
            timeout=timeout,
            cwd=root,
        )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            results[result["case"]] = result
    if done.returncode != 0 or len(results) != len(combinations):
        missing = [c for c in combinations if c not in results]
        for combination in missing:
            results[combination] = {
                "case": combination,
                "failures": [
                    f"the probe for {screen} ended with status {done.returncode} before "
                    f"checking this; its stderr ends: {done.stderr[-1500:]}"
                ],
                "seconds": 0.0,
            }
    return results


# -- the checks (in the screen's process) ------------------------------------------------------


def _describe(widget) -> str:
    from PySide6 import QtWidgets

    name = widget.objectName()
    kind = type(widget).__name__
    text = ""
    if hasattr(widget, "text") and callable(widget.text):
        try:
            text = widget.text()
        except TypeError:
            text = ""
    text = " ".join(str(text).split())
    if len(text) > 60:
        text = text[:57] + "..."
    parts = [kind]
    if name:
        parts.append(f"#{name}")
    if text:
        parts.append(repr(text))
    # The nearest named or typed ancestor (not a plain QWidget) helps to find the widget.
    parent = widget.parentWidget()
    while parent is not None and not parent.objectName() and type(parent) is QtWidgets.QWidget:
        parent = parent.parentWidget()
    if parent is not None and parent is not widget.window():
        name = parent.objectName()
        parts.append(f"in {type(parent).__name__}" + (f"#{name}" if name else ""))
    return " ".join(parts)


def _rect(r) -> str:
    return f"{r.width()}×{r.height()}+{r.x()}+{r.y()}"


def _shown(widget, window) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def _window_rect_of(widget, window):
    from PySide6 import QtCore

    top_left = widget.mapTo(window, QtCore.QPoint(0, 0))
    return QtCore.QRect(top_left, widget.size())


def _scrolled_rect(widget, window):
    """The part of `widget` inside every scroll area it is in (the rest scrolls), in window
    coordinates."""
    from PySide6 import QtWidgets

    rect = _window_rect_of(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QtWidgets.QAbstractScrollArea) and parent is area.viewport():
            rect = rect.intersected(_window_rect_of(parent, window))
        parent = area
    return rect


def _clipped_by(widget, window, need: QtCore.QSize):
    """(ancestor, visible part) if an ancestor cuts the text of `widget`, `need` large and
    placed in the widget as its alignment places it (a scroll area only counts when it cuts
    sideways: vertically its content scrolls), else None."""
    from PySide6 import QtWidgets

    mine = _window_rect_of(widget, window)
    alignment = (
        widget.alignment()
        if isinstance(widget, QtWidgets.QLabel)
        else QtCore.Qt.AlignmentFlag.AlignCenter
    )
    text = QtWidgets.QStyle.alignedRect(
        QtCore.Qt.LayoutDirection.LeftToRight,
        alignment,
        need.boundedTo(mine.size()),
        mine,
    )
    parent = widget.parentWidget()
    scrolled = False
    while parent is not None and parent is not window:
        theirs = _window_rect_of(parent, window)
        inside = theirs.intersected(text)
        if theirs.intersected(mine).isEmpty():
            return None  # scrolled out of sight entirely: not drawn, not cut
        area = parent.parentWidget()
        if isinstance(area, QtWidgets.QAbstractScrollArea) and parent is area.viewport():
            scrolled = True
        cut = inside.width() + SLACK < text.width()
        if not scrolled:
            slack = CUT_SLACK + widget.fontMetrics().descent()
            cut = cut or inside.height() + slack < text.height()
        if cut:
            return parent, theirs.intersected(mine)
        parent = area
    return None


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def check_widgets(window, where: str) -> list[str]:
    """Text wider or taller than its widget, widgets past the window or cut by a parent."""
    from PySide6 import QtCore, QtWidgets

    failures = []
    window_rect = window.rect()
    for widget in window.findChildren(QtWidgets.QWidget):
        if not _shown(widget, window) or widget.window() is not window:
            continue
        rect = _scrolled_rect(widget, window)
        if rect.isEmpty():
            continue  # scrolled out of sight in a scroll area
        if not window_rect.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            failures.append(
                f"{where}: {_describe(widget)} at {_rect(rect)} extends past the window "
                f"{window_rect.width()}×{window_rect.height()}"
            )
            continue
        is_text = isinstance(widget, QtWidgets.QLabel | QtWidgets.QAbstractButton)
        if is_text and (widget.text() if hasattr(widget, "text") else ""):
            need = widget.sizeHint()
            if isinstance(widget, QtWidgets.QLabel) and widget.wordWrap():
                need = QtCore.QSize(widget.width(), widget.heightForWidth(widget.width()))
            cut = _clipped_by(widget, window, need)
            if cut is not None:
                parent, inside = cut
                failures.append(
                    f"{where}: {_describe(widget)} {widget.width()}×{widget.height()} is cut "
                    f"to {inside.width()}×{inside.height()} by {_describe(parent)}"
                )
        if isinstance(widget, QtWidgets.QLabel):
            failures += _label_failures(widget, where)
        elif isinstance(widget, QtWidgets.QAbstractButton):
            failures += _button_failures(widget, where)
        elif isinstance(widget, QtWidgets.QTabBar):
            failures += _tab_failures(widget, where)
    return failures


def _label_failures(label, where: str) -> list[str]:
    from PySide6 import QtCore, QtGui

    text = label.text()
    if not text or not label.isVisible():
        return []
    failures = []
    form = label.textFormat()
    rich = form == QtCore.Qt.TextFormat.RichText or (
        form == QtCore.Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    shown_text = _document_text(label) if rich else text
    if shown_text.rstrip().endswith(("…", "...")):  # "n₀-…-n_K" is notation, not elision
        failures.append(f"{where}: {_describe(label)} is elided")
    room = label.contentsRect()
    margin = label.margin()
    indent = max(label.indent(), 0)
    width = room.width() - 2 * margin - indent
    height = room.height() - 2 * margin
    if label.wordWrap():
        need_h = label.heightForWidth(label.width())
        need_w = _longest_word_width(label, shown_text)
        if need_h > label.height() + CUT_SLACK:
            failures.append(
                f"{where}: {_describe(label)} wraps to {need_h} px high in a "
                f"{label.width()}×{label.height()} label"
            )
        if need_w > width + SLACK:
            failures.append(
                f"{where}: {_describe(label)} has a word {need_w} px wide in {width} px"
            )
    else:
        need = label.sizeHint()
        frame = label.frameWidth() * 2
        need_w = need.width() - frame - 2 * margin - indent
        need_h = need.height() - frame - 2 * margin
        if need_w > width + SLACK:
            failures.append(f"{where}: {_describe(label)} text is {need_w} px wide in {width} px")
        if need_h > height + SLACK:
            failures.append(f"{where}: {_describe(label)} text is {need_h} px high in {height} px")
    return failures


def _document_text(label) -> str:
    from PySide6 import QtGui

    document = QtGui.QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def _longest_word_width(label, text: str) -> int:
    metrics = label.fontMetrics()
    words = text.split()
    return max((metrics.horizontalAdvance(w) for w in words), default=0) if words else 0


def _button_failures(button, where: str) -> list[str]:
    from PySide6 import QtWidgets

    text = _plain(button.text())
    if not text:
        return []
    style = button.style()
    if isinstance(button, QtWidgets.QCheckBox | QtWidgets.QRadioButton):
        option = QtWidgets.QStyleOptionButton()
        button.initStyleOption(option)
        element = (
            QtWidgets.QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QtWidgets.QCheckBox)
            else QtWidgets.QStyle.SubElement.SE_RadioButtonContents
        )
        room = style.subElementRect(element, option, button).width()
        need = button.fontMetrics().horizontalAdvance(text)
        if not button.icon().isNull():
            need += button.iconSize().width() + 4
    elif isinstance(button, QtWidgets.QPushButton):
        option = QtWidgets.QStyleOptionButton()
        button.initStyleOption(option)
        room = style.subElementRect(
            QtWidgets.QStyle.SubElement.SE_PushButtonContents, option, button
        ).width()
        need = button.fontMetrics().horizontalAdvance(text)
        if not button.icon().isNull():
            need += button.iconSize().width() + 4
    else:
        room = button.contentsRect().width()
        need = button.fontMetrics().horizontalAdvance(text)
    if need > room + SLACK:
        return [f"{where}: {_describe(button)} text is {need} px wide in {room} px"]
    return []


def _tab_failures(bar, where: str) -> list[str]:
    failures = []
    inside = bar.rect()
    for index in range(bar.count()):
        tab = bar.tabRect(index)
        text = _plain(bar.tabText(index))
        need = bar.fontMetrics().horizontalAdvance(text)
        if not inside.contains(tab):
            failures.append(
                f"{where}: tab {text!r} of {_describe(bar)} at {_rect(tab)} is outside the "
                f"tab bar {inside.width()}×{inside.height()} (tabs scroll)"
            )
        elif need > tab.width() - 8:
            failures.append(f"{where}: tab {text!r} is {need} px wide in a {tab.width()} px tab")
    return failures


def check_heatmaps(window, where: str) -> list[str]:
    """Cell numbers: no two overlap, each inside its cell (in scene coordinates, where the
    text items are drawn)."""
    from PySide6 import QtCore

    from explorer.views.matrix_view import Heatmap

    failures = []
    for heatmap in window.findChildren(Heatmap):
        if not _shown(heatmap, window) or heatmap.array is None:
            continue
        owner = _heatmap_name(heatmap, window)
        texts = [t for t in heatmap._cell_texts if t.isVisible() and t.textItem.toPlainText()]
        boxes = []
        rows, cols = heatmap.array.shape
        for item in texts:
            box = _glyph_box(item)
            pos = item.pos()  # the cell centre, in the view's (column, row) coordinates
            c, r = int(pos.x() - 0.5), int(pos.y() - 0.5)
            cell = heatmap.view.mapViewToScene(QtCore.QRectF(c, r, 1, 1)).boundingRect()
            boxes.append((item, box, cell))
            if not cell.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
                failures.append(
                    f"{where}: {owner} number {item.textItem.toPlainText()!r} in cell "
                    f"({r}, {c}) of {rows}×{cols} is {box.width():.0f}×{box.height():.0f} px "
                    f"in a {cell.width():.0f}×{cell.height():.0f} px cell"
                )
        overlaps = 0
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i][1], boxes[j][1]
                inter = a.intersected(b)
                if inter.width() > SLACK and inter.height() > SLACK:
                    overlaps += 1
                    if overlaps <= 3:
                        failures.append(
                            f"{where}: {owner} numbers "
                            f"{boxes[i][0].textItem.toPlainText()!r} at {_rectf(a)} and "
                            f"{boxes[j][0].textItem.toPlainText()!r} at {_rectf(b)} overlap"
                        )
        if overlaps > 3:
            failures.append(f"{where}: {owner}: {overlaps} overlapping pairs of numbers in all")
    return failures


def _rectf(r) -> str:
    return f"{r.width():.0f}×{r.height():.0f}+{r.x():.0f}+{r.y():.0f}"


def _heatmap_name(heatmap, window) -> str:
    ws = window.ws
    names = {
        id(ws.matrices.factor): "Matrices/factor",
        id(ws.matrices.product): "Matrices/chain product",
        id(ws.matrices.backprop): "Matrices/backprop",
    }
    for n, m in enumerate(ws.stepper.maps):
        names[id(m)] = f"Step through/map {n}"
    title = " ".join(_document_text(heatmap.title).split())
    return f"heatmap {names.get(id(heatmap), 'Heatmap')} ({title!r}, {heatmap.width()}×" + (
        f"{heatmap.height()}, plot {heatmap.plot.width()}×{heatmap.plot.height()})"
    )


def _glyph_box(item):
    """The scene rectangle the text's glyphs cover (the text item's rectangle less the text
    document's margin, which is empty)."""
    item.updateTransform(force=True)  # as its next paint does: the place it is drawn at
    text_item = item.textItem
    margin = text_item.document().documentMargin()
    local = text_item.boundingRect().adjusted(margin, margin, -margin, -margin)
    return text_item.mapRectToScene(local)


def check_graph(window, where: str) -> list[str]:
    """After Fit, every node inside the graph's viewport."""
    graph = window.ws.graph
    if not _shown(graph, window):
        return []
    viewport = graph.viewport().rect()
    failures = []
    outside = []
    for name, node in graph.nodes.items():
        box = graph.mapFromScene(node.sceneBoundingRect()).boundingRect()
        if not viewport.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
            outside.append(f"{name} at {_rect(box)}")
    if outside:
        failures.append(
            f"{where}: after Fit, {len(outside)} of {len(graph.nodes)} graph nodes lie outside "
            f"the {viewport.width()}×{viewport.height()} viewport (zoom "
            f"{graph.transform().m11():.2f}): {', '.join(outside[:6])}"
            + (" …" if len(outside) > 6 else "")
        )
    return failures


def check_screen(window, want, where: str) -> list[str]:
    from PySide6 import QtWidgets

    screen = window.screen() or QtWidgets.QApplication.primaryScreen()
    available = screen.availableGeometry()
    failures = []
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    if minimum.width() > available.width() or minimum.height() > available.height():
        failures.append(
            f"{where}: the window's minimum size {minimum.width()}×{minimum.height()} does not "
            f"fit the screen's {available.width()}×{available.height()}"
        )
    size = window.size()
    if size.width() > want[0] or size.height() > want[1]:
        failures.append(
            f"{where}: the window is {size.width()}×{size.height()}, asked for "
            f"{want[0]}×{want[1]} on this screen (minimum size now {minimum.width()}×"
            f"{minimum.height()}: a larger one during a rebuild grew the window)"
        )
    return failures


# -- one combination ---------------------------------------------------------------------------


def settle(app, window, rounds: int = 3):
    for _ in range(rounds):
        app.processEvents()
        window.refresh_all()
    app.processEvents()


def wait_until(app, condition, timeout: float = 20.0):
    from PySide6 import QtCore

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("layout probe: waited too long")
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)


def _shoot(window, case: Case, where: str):
    folder = os.environ.get(SHOTS_ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        slug = "".join(ch if ch.isalnum() else "-" for ch in where)
        window.grab().save(str(Path(folder) / f"{case.name}-{slug}.png"))


def check_case(app, case: Case) -> list[str]:
    from PySide6 import QtCore, QtTest

    from core.experiment import load_preset
    from explorer.look import i18n, theme
    from explorer.look.style import apply_style
    from explorer.model import Tab
    from explorer.window.jobs import running_jobs
    from explorer.window.main_window import MainWindow

    screen = app.primaryScreen().availableGeometry()
    want = (screen.width(), screen.height())
    QtCore.QSettings().clear()
    theme.use("dark")
    i18n.install(app, "en")
    apply_style(app)
    window = MainWindow(load_preset(case.preset))
    failures: list[str] = []
    try:
        window.setWindowState(QtCore.Qt.WindowState.WindowNoState)
        window.choose_side_panel(want[0])  # as the app does for an explicit --size
        window.resize(*want)
        window.show()
        QtTest.QTest.qWaitForWindowExposed(window)
        # The user's way there: switches rebuild the window, as the menus and F11 do.
        if case.language != "en":
            window.set_language(case.language)
        if case.theme != "dark":
            window.set_theme(case.theme)
        if case.mode == "presentation":
            QtTest.QTest.keyClick(window, QtCore.Qt.Key.Key_F11)
            wait_until(app, window.isFullScreen)
        window.train_here(TRAIN_STEPS)
        window.select_theta(0)
        settle(app, window)
        QtTest.QTest.keyClick(window, QtCore.Qt.Key.Key_F)  # Fit
        settle(app, window)
        failures += check_screen(window, want, "window")
        failures += check_graph(window, "graph after F")
        m = window.model
        for tab in (Tab.MATRICES, Tab.STEP, Tab.FLOW, Tab.CHECK):
            where = tab.name.lower()
            if tab is Tab.STEP:
                steps = m.steps() if callable(getattr(m, "steps", None)) else []
                count = len(steps)
                positions = sorted({1, count // 2, count - 1}) if count else []
                m.set_tab(tab)
                for index in positions:
                    window.go_step(index)
                    settle(app, window)
                    at = f"step through at step {index + 1} of {count}"
                    failures += check_widgets(window, at)
                    failures += check_heatmaps(window, at)
                    _shoot(window, case, at)
                window.go_step(-1)
                continue
            if tab is Tab.CHECK:
                window.run_gradient_check()
                wait_until(app, lambda: m.check.results is not None or m.check.error)
            m.set_tab(tab)
            settle(app, window)
            failures += check_widgets(window, where)
            failures += check_heatmaps(window, where)
            _shoot(window, case, where)
        # The whole window once more with the graph fitted after all the visits.
        QtTest.QTest.keyClick(window, QtCore.Qt.Key.Key_F)
        settle(app, window)
        failures += check_graph(window, "graph after F (end)")
    finally:
        window.stop_gradient_check()
        window.discard_and_close()
        window.deleteLater()
        app.processEvents()
    if running_jobs():
        failures.append(f"jobs left running: {[j.name for j in running_jobs()]}")
    return _unique(failures)


def _unique(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        # The same widget failing on every tab is one finding: keep the first tab's line.
        key = item.split(": ", 1)[1] if ": " in item else item
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    screen, combinations = (
        argv[0],
        argv[1:] or [c.combination for c in all_cases() if c.screen == argv[0]],
    )
    if os.environ.get(PROBE_ENV) != "1":
        # By hand: set the screen up and run again, printing a readable report.
        results = run_screen(screen, combinations)
        bad = 0
        for combination in combinations:
            result = results[combination]
            failures = result["failures"]
            bad += bool(failures)
            print(f"{screen}-{combination}: {len(failures)} failures ({result['seconds']:.1f} s)")
            for line in failures:
                print(f"    {line}")
        return 1 if bad else 0

    from PySide6 import QtCore, QtWidgets

    cases = [Case.parse(screen, c) for c in combinations]
    warnings: list[str] = []

    def handler(kind, context, message):
        if kind != QtCore.QtMsgType.QtDebugMsg and not message.startswith(QUIET):
            warnings.append(" ".join(message.split()))

    QtCore.qInstallMessageHandler(handler)
    with tempfile.TemporaryDirectory(prefix="bpe-layout-settings-") as folder:
        QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
        QtCore.QSettings.setPath(
            QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, folder
        )
        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["layout-probe"])
        QtCore.QCoreApplication.setOrganizationName("BackpropExplorerLayoutProbe")
        QtCore.QCoreApplication.setApplicationName("layout-probe")
        for case in cases:
            started = time.perf_counter()
            del warnings[:]
            try:
                failures = check_case(app, case)
            except Exception as error:  # one combination's crash must not hide the others
                failures = [f"the probe failed: {type(error).__name__}: {error}"]
            failures += [f"Qt warning: {w}" for w in dict.fromkeys(warnings)]
            result = {
                "case": case.combination,
                "failures": failures,
                "seconds": time.perf_counter() - started,
            }
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
