"""The File menu's work for the main window: new, open, save, recent files, CSV import, export,
and the question about unsaved changes. A mixin of MainWindow: it uses the window's session
and views, and asks every question through explorer.dialogs (which tests answer)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from core.datasets import DatasetError, load_csv
from core.experiment import (
    ExperimentFileError,
    load_experiment,
    load_preset,
    save_experiment,
)
from core.network import NetworkSpec
from explorer.look import names
from explorer.look.i18n import tr as translate
from explorer.window import dialogs
from explorer.window.export import ExportError, export

MAX_RECENT = 8
DEFAULT_PRESET = "moons"


def tr(text: str) -> str:
    return translate("Files", text)


class FileActions:
    """Needs: self.session, self.stop_training(), self._rebuild(change), self.show_error()."""

    current_path: Path | None = None
    modified = False

    # -- state -------------------------------------------------------------------------------

    def set_modified(self, modified: bool = True):
        if modified != self.modified:
            self.modified = modified
            self.update_title()

    def update_title(self):
        s = self.session
        if self.current_path:
            name = self.current_path.name
        elif s.experiment.title:
            name = names.preset_title(s.experiment.title)
        else:
            name = names.describe(s.spec)

        self.setWindowTitle(f"{'*' if self.modified else ''}{name} — Backprop Explorer")

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user saved or discarded it."""
        if not self.modified:
            return True
        answer = dialogs.ask_unsaved(self)
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- opening -----------------------------------------------------------------------------

    def new_experiment(self):
        if self.confirm_discard():
            self._open(lambda: self.session.load(load_preset(DEFAULT_PRESET)), None)

    def open_preset(self, name: str):
        if self.confirm_discard():
            self._open(lambda: self.session.load(load_preset(name)), None)

    def open_file(self, path: str | None = None) -> bool:
        if not self.confirm_discard():
            return False
        path = path or dialogs.open_path(self, tr("Open experiment"), dialogs.experiment_filter())
        if not path:
            return False
        try:
            experiment = load_experiment(path)
        except ExperimentFileError as error:
            self._forget_recent(Path(path))
            dialogs.error(self, tr("Cannot open the experiment"), str(error))
            return False
        return self._open(lambda: self.session.load(experiment), Path(path))

    def open_experiment(self, experiment, path: Path | None = None) -> bool:
        return self._open(lambda: self.session.load(experiment), path)

    def _open(self, change, path: Path | None) -> bool:
        if not self._rebuild(change, quiet=True):
            return False
        self.current_path = path
        if path is not None:
            self._remember_recent(path)
        self.modified = False
        self.update_title()
        return True

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.current_path is None:
            return self.save_as(True)
        return self._save_to(self.current_path, True)

    def save_as(self, include_weights: bool = True) -> bool:
        title = (
            tr("Save experiment")
            if include_weights
            else tr("Save experiment without trained weights")
        )
        suggested = str(self.current_path or Path.cwd() / "experiment.json")
        path = dialogs.save_path(self, title, dialogs.experiment_filter(), suggested)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        return self._save_to(path, include_weights)

    def _save_to(self, path: Path, include_weights: bool) -> bool:
        s = self.session
        experiment = (
            s.experiment.with_network(s.latest)
            if include_weights
            else (dataclasses.replace(s.experiment, weights=None))
        )
        try:
            save_experiment(experiment, path, include_weights=include_weights)
        except (ExperimentFileError, OSError) as error:
            dialogs.error(self, tr("Cannot save the experiment"), str(error))
            return False
        self.current_path = path
        self._remember_recent(path)
        self.modified = False
        self.update_title()
        self.statusBar().showMessage(tr("Saved {0}").format(path), 5000)
        return True

    # -- recent files ------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = QtCore.QSettings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path):
        files = [str(path.resolve())] + [p for p in self.recent_files() if p != str(path.resolve())]
        QtCore.QSettings().setValue("recent_files", files[:MAX_RECENT])
        self.fill_recent_menu()

    def _forget_recent(self, path: Path):
        files = [p for p in self.recent_files() if p != str(path.resolve())]
        QtCore.QSettings().setValue("recent_files", files)
        self.fill_recent_menu()

    def fill_recent_menu(self):
        menu = getattr(self, "recent_menu", None)
        if menu is None:
            return
        menu.clear()
        files = self.recent_files()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda *_, p=path: self.open_file(p))
        menu.setEnabled(bool(files))

    # -- data --------------------------------------------------------------------------------

    def import_csv(self, path: str | None = None) -> bool:
        path = path or dialogs.open_path(self, tr("Import CSV data"), dialogs.csv_filter())
        if not path:
            return False
        try:
            dataset = run_in_thread(
                self, tr("Loading {0} …").format(Path(path).name), lambda: load_csv(path)
            )
        except DatasetError as error:
            dialogs.error(self, tr("Cannot use this CSV file"), str(error))
            return False
        s = self.session
        spec = s.spec
        sizes = (dataset.n_inputs, *spec.sizes[1:-1], dataset.n_outputs)
        activations = spec.activations
        if dataset.task == "regression":
            activations = (*activations[:-1], "identity")

        def change():
            s.load(
                dataclasses.replace(
                    s.experiment,
                    spec=NetworkSpec(sizes, activations),
                    dataset=dataset.config,
                    weights=None,
                ),
                dataset=dataset,
            )

        if self._rebuild(change, quiet=True):
            self.set_modified()
            return True
        return False

    # -- export ------------------------------------------------------------------------------

    def export_choices(self) -> list[tuple[str, str]]:
        return [
            ("graph", tr("Graph (PNG or SVG)…")),
            ("formula", tr("Formula (PNG or SVG)…")),
            ("loss", tr("Loss plot (PNG or SVG)…")),
            ("prediction", tr("Prediction (PNG or SVG)…")),
            ("latex", tr("Chain as LaTeX…")),
            ("npz", tr("Chain matrices (.npz)…")),
        ]

    def export_dialog(self, what: str | None = None) -> Path | None:
        what = what or dialogs.ask_export(self, self.export_choices())
        if not what:
            return None
        filters = {
            "latex": tr("LaTeX (*.tex)"),
            "npz": tr("NumPy arrays (*.npz)"),
        }.get(what, tr("PNG image (*.png);;SVG vector image (*.svg)"))
        suffix = {"latex": ".tex", "npz": ".npz"}.get(what, ".png")
        path = dialogs.save_path(self, tr("Export"), filters, str(Path.cwd() / f"{what}{suffix}"))
        if not path:
            return None
        try:
            written = busy(lambda: export(self, what, path))
        except ExportError as error:
            dialogs.error(self, tr("Cannot export"), str(error))
            return None
        self.statusBar().showMessage(tr("Exported {0}").format(written), 5000)
        return written


class _Call(QtCore.QThread):
    """Runs one function in a thread of its own and keeps its result or exception."""

    def __init__(self, work):
        super().__init__()
        self.work, self.result, self.error = work, None, None

    def run(self):
        try:
            self.result = self.work()
        except Exception as error:  # re-raised in the GUI thread by run_in_thread
            self.error = error


def run_in_thread(parent, label: str, work):
    """Run `work()` (plain Python, no widgets) in a thread; the window stays painted and a
    busy dialog appears if it takes longer than 300 ms. Returns its result or raises its error."""
    call = _Call(work)
    loop = QtCore.QEventLoop()
    call.finished.connect(loop.quit)
    dialog = QtWidgets.QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)  # starts the dialog's show-after-300-ms timer
    call.start()
    if not call.isFinished():
        loop.exec()
    call.wait()
    dialog.reset()
    dialog.deleteLater()
    if call.error is not None:
        raise call.error
    return call.result


def busy(work):
    """Run `work()` in the GUI thread (rendering must) under a busy cursor."""
    QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QtWidgets.QApplication.restoreOverrideCursor()
