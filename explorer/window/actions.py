"""The menu bar and every keyboard shortcut, in one table: the menus, the hidden keys and the
Help -> Keyboard shortcuts dialog are all built from it, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6 import QtCore, QtGui, QtWidgets

from core.experiment import preset_names
from explorer.look import i18n, names, theme


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Actions", text)


@dataclass
class Menus:
    """What build_menus made: the help table's rows (menu, keys, action), the menus and
    actions the window updates later, and every QAction (to delete them on a rebuild)."""

    table: list[tuple[str, str, QtGui.QAction]] = field(default_factory=list)
    recent: QtWidgets.QMenu | None = None
    presentation: QtGui.QAction | None = None
    side_panel: QtGui.QAction | None = None
    themes: dict[str, QtGui.QAction] = field(default_factory=dict)
    languages: dict[str, QtGui.QAction] = field(default_factory=dict)
    actions: list[QtGui.QAction] = field(default_factory=list)


def build_menus(window, export_choices) -> Menus:
    """Create the menus and every shortcut of `window`, whose methods they call."""
    menus = Menus()
    table = menus.table
    bar = window.menuBar()

    def add(menu, text, keys, slot, checkable=False, hidden=False):
        action = QtGui.QAction(text, window)
        if keys:
            action.setShortcut(QtGui.QKeySequence(keys))
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menus.actions.append(action)
        if hidden or menu is None:
            window.addAction(action)
        else:
            menu.addAction(action)
        table.append((menu.title().replace("&", "") if menu else tr("Selection"), keys, action))
        return action

    file_menu = bar.addMenu(tr("&File"))
    add(file_menu, tr("New"), "Ctrl+N", lambda *_: window.new_experiment())
    add(file_menu, tr("Open…"), "Ctrl+O", lambda *_: window.open_file())
    presets = file_menu.addMenu(tr("Open preset"))
    for name in preset_names():
        action = presets.addAction(names.preset_label(name))
        action.triggered.connect(lambda *_, n=name: window.open_preset(n))
    menus.recent = file_menu.addMenu(tr("Open recent"))
    file_menu.addSeparator()
    add(file_menu, tr("Save"), "Ctrl+S", lambda *_: window.save())
    add(file_menu, tr("Save as…"), "Ctrl+Shift+S", lambda *_: window.save_as(True))
    add(file_menu, tr("Save as, without trained weights…"), "", lambda *_: window.save_as(False))
    file_menu.addSeparator()
    add(file_menu, tr("Import CSV data…"), "Ctrl+I", lambda *_: window.import_csv())
    add(file_menu, tr("Import images…"), "Ctrl+Shift+I", lambda *_: window.import_images())
    add(file_menu, tr("Export…"), "Ctrl+E", lambda *_: window.export_dialog())
    export_menu = file_menu.addMenu(tr("Export"))
    for what, label in export_choices:
        action = export_menu.addAction(label)
        action.triggered.connect(lambda *_, w=what: window.export_dialog(w))
    add(file_menu, tr("Export animation…"), "Ctrl+Shift+E", lambda *_: window.export_animation())
    file_menu.addSeparator()
    add(file_menu, tr("Quit"), "Ctrl+Q", lambda *_: window.close())

    edit = bar.addMenu(tr("&Edit"))
    add(edit, tr("Undo weight or bias change"), "Ctrl+Z", lambda *_: window.undo())
    add(edit, tr("Redo weight or bias change"), "Ctrl+Shift+Z", lambda *_: window.redo())

    training = bar.addMenu(tr("&Training"))
    add(training, tr("Start / pause"), "Space", lambda *_: window.toggle_training())
    add(training, tr("One step"), "N", lambda *_: window.step_once())
    add(training, tr("Reset"), "R", lambda *_: window.reset())
    add(training, tr("New initial weights"), "Ctrl+Shift+R", lambda *_: window.new_weights())
    training.addSeparator()
    add(training, tr("Gradient check"), "G", lambda *_: window.run_gradient_check())
    add(training, tr("Measure the cost of backprop"), "M", lambda *_: window.measure_cost())
    add(training, tr("Step-through: next"), "PgDown", lambda *_: window.step_forward())
    add(training, tr("Step-through: previous"), "PgUp", lambda *_: window.step_back())
    add(training, tr("Back to the live network"), "L", lambda *_: window.go_live())

    view = bar.addMenu(tr("&View"))
    add(view, tr("Layers / neurons"), "V", lambda *_: window.toggle_view())
    add(view, tr("Fit the graph to the window"), "F", lambda *_: window.fit_view())
    menus.side_panel = add(
        view, tr("Side panel"), "Ctrl+B", lambda on: window.set_side_panel(on), True
    )
    view.addSeparator()
    menus.presentation = add(
        view, tr("Presentation mode"), "F11", lambda on: window.set_presentation(on), True
    )
    themes = view.addMenu(tr("Theme"))
    group = QtGui.QActionGroup(window)
    for key, label in (("dark", tr("Dark, high contrast")), ("light", tr("Light, high contrast"))):
        action = themes.addAction(label)
        action.setCheckable(True)
        action.setChecked(key == theme.name)
        group.addAction(action)
        action.triggered.connect(lambda *_, k=key: window.set_theme(k))
        menus.themes[key] = action
    languages = view.addMenu(tr("Language"))
    group = QtGui.QActionGroup(window)
    for key, label in i18n.LANGUAGES.items():  # each in its own language
        action = languages.addAction(label)
        action.setCheckable(True)
        action.setChecked(key == i18n.current())
        group.addAction(action)
        action.triggered.connect(lambda *_, k=key: window.set_language(k))
        menus.languages[key] = action

    for digit in range(10):
        add(None, str(digit), str(digit), lambda *_, d=digit: window.select_theta(d))
    table[-10:] = [(tr("Selection"), "0 … 9", table[-1][2])]
    add(None, tr("previous θ"), "Left", lambda *_: window.move_selection(-1))
    add(None, tr("next θ"), "Right", lambda *_: window.move_selection(+1))

    help_menu = bar.addMenu(tr("&Help"))
    add(help_menu, tr("Keyboard shortcuts"), "F1", lambda *_: window.show_shortcuts())
    add(help_menu, tr("About Backprop Explorer"), "", lambda *_: window.show_about())
    return menus


def mouse_rows() -> list[tuple[str, str, str]]:
    """What the mouse does that no key does, for the shortcuts dialog: (where, what, how)."""
    mouse = tr("Mouse")
    return [
        (mouse, tr("Neuron view: choose a weight to set by hand"), tr("click an edge")),
        (mouse, tr("Neuron view: choose a neuron's bias to set by hand"), tr("click a neuron")),
        (mouse, tr("Neuron view: change the chosen weight or bias"), tr("drag it up or down")),
        (mouse, tr("Matrices: choose the weight or bias a cell stands for"), tr("click a cell")),
    ]


def shortcuts_dialog(parent, table) -> QtWidgets.QDialog:
    """A table of every action with its keys, then what the mouse does (not modal: it can stay
    open beside the window)."""
    dialog = QtWidgets.QDialog(parent)
    dialog.setWindowTitle(tr("Keyboard shortcuts"))
    layout = QtWidgets.QVBoxLayout(dialog)
    rows = [(menu, action.text().replace("&", ""), keys) for menu, keys, action in table if keys]
    rows = [(m, tr("select θ₀ … θ₉") if k == "0 … 9" else t, k) for m, t, k in rows]
    rows = [
        (m, t, QtGui.QKeySequence(k).toString(QtGui.QKeySequence.SequenceFormat.NativeText) or k)
        for m, t, k in rows
    ] + mouse_rows()
    view = QtWidgets.QTableWidget(len(rows), 3)
    view.setHorizontalHeaderLabels([tr("Menu"), tr("Action"), tr("Keys or mouse")])
    for r, (menu, text, keys) in enumerate(rows):
        for c, value in enumerate((menu, text, keys)):
            view.setItem(r, c, QtWidgets.QTableWidgetItem(value))
    view.verticalHeader().hide()
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    layout.addWidget(view)
    close = QtWidgets.QPushButton(tr("Close"))
    close.clicked.connect(dialog.close)
    layout.addWidget(close)
    # As large as its contents (every entry whole, no scrolling), within the screen.
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    frame = 2 * view.frameWidth()
    width = sum(header.sectionSize(c) for c in range(3)) + frame + 24
    height = header.height() + sum(view.rowHeight(r) for r in range(len(rows))) + frame
    height += close.sizeHint().height() + 3 * layout.spacing() + 40
    screen = (
        parent.screen() if parent is not None else None
    ) or QtGui.QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 4000, 4000)
    dialog.resize(min(width, available.width()), min(height, available.height()))
    return dialog
