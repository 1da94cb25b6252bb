"""Every modal question the app asks, in one place.

The window calls these through the module (dialogs.open_path(...)), so tests replace them
with answers instead of clicking through native dialogs.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Dialogs", text)


def experiment_filter() -> str:
    return tr("Backprop Explorer experiments (*.json)")


def csv_filter() -> str:
    return tr("CSV data (*.csv *.txt)")


def open_path(parent, title: str, file_filter: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return path or None


def save_path(parent, title: str, file_filter: str, suggested: str = "") -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


def error(parent, title: str, message: str) -> None:
    QtWidgets.QMessageBox.warning(parent, title, message)


def ask_unsaved(parent, closing: bool = False) -> str:
    """'save', 'discard' or 'cancel'; `closing` when the window closes, else another
    experiment is about to replace this one."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Unsaved changes"))
    box.setText(tr("This experiment has changes that are not saved."))
    box.setInformativeText(
        tr("Save them before closing?") if closing else tr("Save them before opening another?")
    )
    Button = QtWidgets.QMessageBox.StandardButton
    box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
    box.setDefaultButton(Button.Save)
    answer = box.exec()
    return {Button.Save: "save", Button.Discard: "discard"}.get(Button(answer), "cancel")


def ask_export(parent, choices: list[tuple[str, str]]) -> str | None:
    """Which export (one of the keys of `choices`, shown with its label)."""
    labels = [label for _, label in choices]
    label, ok = QtWidgets.QInputDialog.getItem(
        parent, tr("Export"), tr("What to export:"), labels, 0, False
    )
    if not ok:
        return None
    return dict((lab, key) for key, lab in choices)[label]


def ask_images(parent) -> dict | None:
    """File → Import images…: the recipe of an image CSV or an IDX pair, or None."""
    from explorer.window.image_import import ImageImportDialog

    dialog = ImageImportDialog(parent)
    try:
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.config()
    finally:
        dialog.deleteLater()
