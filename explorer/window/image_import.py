"""File → Import images…: the dialog that asks which image files and how to read them.

Two kinds (core.image_files): an image CSV (one image per row, its pixels and a label column;
the width given or the image square) and MNIST's IDX pair (images and labels, optionally
gzipped). The dialog only collects a recipe; reading the files is a job of the file
controller, and core checks every field and names the file and line or byte at fault.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from core.limits import MAX_WIDTH


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("ImageImport", text)


class PathField(QtWidgets.QWidget):
    """A file path to type or to choose with Browse…"""

    changed = QtCore.Signal()

    def __init__(self, title: str, file_filter: str, parent=None):
        super().__init__(parent)
        self._title, self._filter = title, file_filter
        self.edit = QtWidgets.QLineEdit()
        self.edit.setMinimumWidth(260)
        self.edit.textChanged.connect(self.changed)
        self.browse = QtWidgets.QPushButton(tr("Browse…"))
        self.browse.clicked.connect(self._browse)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

    def _browse(self):
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self._title, self.edit.text(), self._filter
        )
        if path:
            self.edit.setText(path)

    def path(self) -> str:
        return self.edit.text().strip()


class ImageImportDialog(QtWidgets.QDialog):
    """Asks for an image CSV (with width and label column) or an IDX pair; config() is the
    data-set recipe core.datasets.dataset_from_config reads."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import images"))
        self.tabs = QtWidgets.QTabWidget()

        csv_page = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(csv_page)
        intro = QtWidgets.QLabel(
            tr(
                "One image per row: its pixels row by row (any scale, ≥ 0) and one column of "
                "integer class labels 0, 1, …; a header row is optional."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.csv_path = PathField(tr("Image CSV file"), tr("CSV data (*.csv *.txt)"))
        self.width = QtWidgets.QSpinBox()
        self.width.setRange(0, MAX_WIDTH)
        self.width.setSpecialValueText(tr("square images"))
        self.width.setToolTip(tr("the image's width in pixels; its height follows"))
        self.label_column = QtWidgets.QSpinBox()
        self.label_column.setRange(0, MAX_WIDTH + 1)
        self.label_column.setSpecialValueText(tr("'label' column, else the first"))
        self.label_column.setToolTip(tr("the column (1, 2, …) that holds the class labels"))
        form.addRow(tr("CSV file"), self.csv_path)
        form.addRow(tr("image width"), self.width)
        form.addRow(tr("label column"), self.label_column)
        self.tabs.addTab(csv_page, tr("Image CSV"))

        idx_page = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(idx_page)
        intro = QtWidgets.QLabel(
            tr("MNIST's format: a file of images and a file of their labels (.gz or not).")
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        idx_filter = tr("IDX files (*idx* *.gz *ubyte*);;All files (*)")
        self.idx_images = PathField(tr("IDX images file"), idx_filter)
        self.idx_labels = PathField(tr("IDX labels file"), idx_filter)
        self.n_samples = QtWidgets.QSpinBox()
        self.n_samples.setRange(0, 1_000_000)
        self.n_samples.setSingleStep(1000)
        self.n_samples.setSpecialValueText(tr("all images"))
        self.n_samples.setToolTip(tr("read only the first images (MNIST's 60,000 are too many)"))
        form.addRow(tr("image file"), self.idx_images)
        form.addRow(tr("label file"), self.idx_labels)
        form.addRow(tr("first images only"), self.n_samples)
        self.tabs.addTab(idx_page, tr("MNIST IDX"))

        Button = QtWidgets.QDialogButtonBox.StandardButton
        self.buttons = QtWidgets.QDialogButtonBox(Button.Ok | Button.Cancel)
        self.buttons.button(Button.Ok).setText(tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        for field in (self.csv_path, self.idx_images, self.idx_labels):
            field.changed.connect(self._enable)
        self.tabs.currentChanged.connect(self._enable)
        self._enable()

    @property
    def ok_button(self) -> QtWidgets.QPushButton:
        return self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)

    def _enable(self, *_):
        if self.tabs.currentIndex() == 0:
            ready = bool(self.csv_path.path())
        else:
            ready = bool(self.idx_images.path() and self.idx_labels.path())
        self.ok_button.setEnabled(ready)

    def config(self) -> dict:
        """The recipe: {"name": "image_csv", "path", width?, label_column?} or
        {"name": "idx", "images", "labels", n_samples?}; options left at "auto" are left out."""
        if self.tabs.currentIndex() == 0:
            config = {"name": "image_csv", "path": self.csv_path.path()}
            if self.width.value():
                config["width"] = self.width.value()
            if self.label_column.value():
                config["label_column"] = self.label_column.value()
            return config
        config = {"name": "idx", "images": self.idx_images.path(), "labels": self.idx_labels.path()}
        if self.n_samples.value():
            config["n_samples"] = self.n_samples.value()
        return config
