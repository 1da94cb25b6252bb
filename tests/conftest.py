"""Shared test set-up: headless Qt, isolated settings, and no thread may outlive a test."""

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(tmp_path_factory):
    """QSettings go to a temporary folder, never to the developer's real configuration."""
    from PySide6 import QtCore

    folder = tmp_path_factory.mktemp("settings")
    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(folder)
    )
    return folder


@pytest.fixture(autouse=True)
def no_thread_left_running(request):
    """Fail a test that leaves a Python thread or a training QThread running."""
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not leftover, f"{request.node.name} left threads running: {leftover}"
    if "explorer.window.worker" in __import__("sys").modules:
        from explorer.window.worker import running_threads

        running = running_threads()
        assert not running, f"{request.node.name} left {len(running)} training thread(s) running"


@pytest.fixture(autouse=True)
def answered_dialogs(monkeypatch):
    """No modal dialog may block a test. Closing a window with unsaved changes is answered
    'discard'; any other question fails the test unless the test answers it itself."""
    from explorer.window import dialogs

    def unexpected(name):
        def fail(*args, **kwargs):
            raise AssertionError(f"unexpected dialog: dialogs.{name}{args[1:]}")

        return fail

    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent: "discard")
    for name in ("open_path", "save_path", "error", "ask_export"):
        monkeypatch.setattr(dialogs, name, unexpected(name))


@pytest.fixture(autouse=True)
def close_rebuilt_windows():
    """Windows made by a theme, language or presentation switch belong to the app, not to
    qtbot: close the ones a test leaves open (they delete themselves on close)."""
    yield
    import sys

    if "explorer.window.window_appearance" not in sys.modules:
        return
    import shiboken6

    from explorer.window.window_appearance import _open_windows

    for window in list(_open_windows):
        if shiboken6.isValid(window):
            window.discard_and_close()
