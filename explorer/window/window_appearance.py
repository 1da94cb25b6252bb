"""Theme, presentation mode and language for the main window: each switch rebuilds the window
on the same session, so no widget keeps an old colour, size or string. A mixin of MainWindow.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.look import i18n, theme
from explorer.window.actions import shortcuts_dialog


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


# Windows made by a rebuild have no parent; keeping them here stops Python from collecting
# them. A closed one deletes itself and leaves the list through its destroyed signal.
_open_windows: list = []


class AppearanceActions:
    """Needs: self.session, self.views, self.tabs, self.main, self.stop_training,
    self._save_settings, self.presentation_action, self.action_table, self.replaced."""

    def _state(self) -> dict:
        return {
            "current_path": self.current_path,
            "modified": self.modified,
            "view": self.views.currentIndex(),
            "tab": self.tabs.currentIndex(),
            "geometry": self.saveGeometry(),
            "presentation": self.isFullScreen(),
        }

    def _apply_state(self, state: dict):
        self.current_path = state.get("current_path")
        self.modified = state.get("modified", False)
        self.update_title()
        (self.layer_button if state.get("view", 0) == 0 else self.neuron_button).setChecked(True)
        self.tabs.setCurrentIndex(state.get("tab", 0))
        if state.get("geometry") is not None:
            self.restoreGeometry(state["geometry"])

    def _replace_window(self, presentation: bool | None = None):
        """A new window on the same session (training stopped), built with the current theme
        and language; this one closes without asking anything."""
        self.stop_training()
        state = self._state()
        if presentation is not None:
            state["presentation"] = presentation
        self._save_settings()
        new = type(self)(session=self.session, state=state)
        new.set_presentation_layout(state["presentation"])
        if state["presentation"]:
            new.showFullScreen()
        else:
            new.show()
        _open_windows.append(new)
        new.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        new.destroyed.connect(lambda *_: _open_windows.remove(new))
        self._replacing = True
        self.replaced.emit(new)
        self.close()
        return new

    def set_presentation_layout(self, on: bool):
        """Presentation mode: bigger fonts and lines (the theme's scale), no side panel (every
        control stays on its key), full screen."""
        self.presentation_action.setChecked(on)
        self.main.widget(0).setVisible(not on)

    def set_presentation(self, on: bool):
        from explorer.window.qt_app import apply_style

        theme.use(theme.name, presentation=on)
        apply_style(QtWidgets.QApplication.instance())
        self._replace_window(presentation=on)

    def set_theme(self, name: str):
        from explorer.window.qt_app import apply_style

        theme.use(name, presentation=self.isFullScreen())
        QtCore.QSettings().setValue("theme", name)
        apply_style(QtWidgets.QApplication.instance())
        self._replace_window()

    def set_language(self, language: str):
        i18n.install(QtWidgets.QApplication.instance(), language)
        QtCore.QSettings().setValue("language", language)
        self._replace_window()

    def show_shortcuts(self):
        dialog = shortcuts_dialog(self, self.action_table)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self._shortcuts_dialog = dialog
        return dialog

    def show_about(self):
        QtWidgets.QMessageBox.about(
            self,
            tr("About Backprop Explorer"),
            tr(
                "Backprop Explorer teaches backpropagation as the chain rule over a layered "
                "network: click a parameter θᵢ to see the Jacobian factors that multiply into "
                "its gradient, with the real matrices, while the network trains."
            ),
        )
