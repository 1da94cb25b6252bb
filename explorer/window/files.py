"""The File menu's work: new, open, save, recent files, CSV and image import, export, and the
question about unsaved changes. Every question goes through explorer.window.dialogs (which tests
answer); every file is read by core, which names the file and the field of any problem; the
model changes only when the file was read whole, so a bad file leaves the session as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore

from core.datasets import dataset_from_config, load_csv
from core.errors import FileError
from core.experiment import open_experiment, open_preset, save_experiment
from explorer.look import i18n, names
from explorer.model import Model
from explorer.window import dialogs
from explorer.window.export import ExportError, export
from explorer.window.jobs import run_blocking

MAX_RECENT = 8
DEFAULT_PRESET = "moons"


def tr(text: str) -> str:
    return i18n.tr("Files", text)


def _csv_job(path: str):
    """Loading a CSV file as a job: nothing to report on the way, the data set at the end."""
    return load_csv(path)
    yield  # a generator: every job runs through the same worker


def _images_job(config: dict):
    """Reading image files (an image CSV or an IDX pair) as a job: the data set at the end,
    or core's DatasetError naming the file and the line or byte at fault."""
    return dataset_from_config(config)
    yield


def _open_job(path: str):
    """Opening an experiment file as a job: the file read and everything it describes built
    (its data set may be a CSV file), or the one FileError that names what is wrong."""
    return open_experiment(path)
    yield


class FileController:
    """File operations on `model` for `window` (the parent of dialogs). `stop_training` is
    called before anything replaces the experiment; `show_status` shows a short message."""

    def __init__(
        self,
        model: Model,
        window,
        stop_training: Callable[[], None],
        show_status: Callable[[str], None],
        recent_changed: Callable[[], None],
    ):
        self.model = model
        self.window = window
        self.stop_training = stop_training
        self.show_status = show_status
        self.recent_changed = recent_changed

    # -- the title ---------------------------------------------------------------------------

    def title(self) -> str:
        m = self.model
        if m.path:
            name = m.path.name
        elif m.experiment.title:
            name = names.preset_title(m.experiment.title)
        else:
            name = names.describe(m.spec)
        return f"{'*' if m.modified else ''}{name} — Backprop Explorer"

    def confirm_discard(self, closing: bool = False) -> bool:
        """True when there is nothing unsaved, or the user saved or discarded it. `closing`:
        the window closes (else another experiment replaces this one)."""
        if not self.model.modified:
            return True
        answer = dialogs.ask_unsaved(self.window, closing)
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- opening -----------------------------------------------------------------------------

    def new_experiment(self) -> bool:
        return self.open_preset(DEFAULT_PRESET)

    def open_preset(self, name: str) -> bool:
        if not self.confirm_discard():
            return False
        return self._open(lambda: open_preset(name), None, name)

    def open_file(self, path: str | None = None) -> bool:
        if not self.confirm_discard():
            return False
        path = path or dialogs.open_path(
            self.window, tr("Open experiment"), dialogs.experiment_filter()
        )
        if not path:
            return False
        label = tr("Loading {0} …").format(Path(path).name)
        return self._open(lambda: run_blocking(self.window, label, _open_job, path), Path(path))

    def _open(self, read, path: Path | None, preset: str | None = None) -> bool:
        """`read()` gives a core.experiment.OpenedExperiment, or raises the FileError that
        names the file and the field; the model changes only when everything was built."""
        self.stop_training()
        try:
            opened = read()
            self.model.load(opened.experiment, opened.dataset, path=path, preset=preset)
        except ValueError as error:  # FileError (core names the file and the field)
            if path is not None:
                self._forget_recent(path)
            title = tr("Cannot open the experiment")
            dialogs.error(self.window, title, str(error))
            return False
        if path is not None:
            self._remember_recent(path)
        return True

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.model.path is None:
            return self.save_as(True)
        return self._save_to(self.model.path, True)

    def save_as(self, include_weights: bool = True) -> bool:
        title = (
            tr("Save experiment")
            if include_weights
            else tr("Save experiment without trained weights")
        )
        suggested = str(self.model.path or Path.cwd() / "experiment.json")
        path = dialogs.save_path(self.window, title, dialogs.experiment_filter(), suggested)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        return self._save_to(path, include_weights)

    def _save_to(self, path: Path, include_weights: bool) -> bool:
        experiment = self.model.experiment_to_save(include_weights)
        try:
            save_experiment(experiment, path, include_weights=include_weights)
        except FileError as error:
            # The previous file is kept (saves are atomic); the user hears why.
            dialogs.error(self.window, tr("Cannot save the experiment"), str(error))
            return False
        self.model.set_file(path, False)
        self._remember_recent(path)
        self.show_status(tr("Saved {0}").format(path))
        return True

    # -- recent files ------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = QtCore.QSettings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path):
        resolved = str(path.resolve())
        files = [resolved] + [p for p in self.recent_files() if p != resolved]
        QtCore.QSettings().setValue("recent_files", files[:MAX_RECENT])
        self.recent_changed()

    def _forget_recent(self, path: Path):
        files = [p for p in self.recent_files() if p != str(path.resolve())]
        QtCore.QSettings().setValue("recent_files", files)
        self.recent_changed()

    # -- data --------------------------------------------------------------------------------

    def import_csv(self, path: str | None = None) -> bool:
        path = path or dialogs.open_path(self.window, tr("Import CSV data"), dialogs.csv_filter())
        if not path:
            return False
        self.stop_training()
        try:
            dataset = run_blocking(
                self.window, tr("Loading {0} …").format(Path(path).name), _csv_job, path
            )
            self.model.set_data(dataset.config, dataset)
        except ValueError as error:  # FileError, or a network that cannot fit these widths
            dialogs.error(self.window, tr("Cannot use this CSV file"), str(error))
            return False
        return True

    def import_images(self, config: dict | None = None) -> bool:
        """File → Import images…: an image CSV or an IDX pair (`config` is the recipe the
        dialog makes; tests give it). The model changes only when the files were read whole."""
        config = config or dialogs.ask_images(self.window)
        if not config:
            return False
        self.stop_training()
        first = config.get("path") or config.get("images", "")
        try:
            dataset = run_blocking(
                self.window, tr("Loading {0} …").format(Path(first).name), _images_job, config
            )
            self.model.set_data(dataset.config, dataset)
        except ValueError as error:  # DatasetError naming file and line or byte, or the network
            dialogs.error(self.window, tr("Cannot use these images"), str(error))
            return False
        self.show_status(
            tr("Imported {0} images of {1}×{2} pixels, {3} classes").format(
                i18n.integer(dataset.n_samples), *dataset.image_shape, dataset.n_classes
            )
        )
        return True

    # -- export ------------------------------------------------------------------------------

    @staticmethod
    def export_choices() -> list[tuple[str, str]]:
        return [
            ("graph", tr("Graph (PNG or SVG)…")),
            ("formula", tr("Formula (PNG or SVG)…")),
            ("loss", tr("Loss plot (PNG or SVG)…")),
            ("prediction", tr("Prediction (PNG or SVG)…")),
            ("latex", tr("Chain as LaTeX…")),
            ("npz", tr("Chain matrices (.npz)…")),
        ]

    def export_dialog(self, what: str | None = None) -> Path | None:
        what = what or dialogs.ask_export(self.window, self.export_choices())
        if not what:
            return None
        filters = {
            "latex": tr("LaTeX (*.tex)"),
            "npz": tr("NumPy arrays (*.npz)"),
        }.get(what, tr("PNG image (*.png);;SVG vector image (*.svg)"))
        suffix = {"latex": ".tex", "npz": ".npz"}.get(what, ".png")
        path = dialogs.save_path(
            self.window, tr("Export"), filters, str(Path.cwd() / f"{what}{suffix}")
        )
        if not path:
            return None
        QtCore.QCoreApplication.processEvents()  # the file dialog's area repaints first
        try:
            written = export(self.window, what, path)
        except ExportError as error:
            dialogs.error(self.window, tr("Cannot export"), str(error))
            return None
        self.show_status(tr("Exported {0}").format(written))
        return written
