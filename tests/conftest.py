"""Shared test set-up: headless Qt, isolated settings, one window fixture, and no thread or
job may outlive a test."""

import os
import sys
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


def _python_threads() -> set:
    # Threads of Qt's pool show up in Python as _DummyThread once they run Python code, and
    # such an entry never ends; the pool's jobs are checked below instead.
    return {t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}


@pytest.fixture(autouse=True)
def no_thread_left_running(request):
    """Fail a test that leaves a Python thread, a job or a pool thread running."""
    before = _python_threads()
    yield
    leftover = [t for t in _python_threads() - before if t.is_alive()]
    assert not leftover, f"{request.node.name} left threads running: {leftover}"
    if "explorer.window.jobs" in sys.modules:
        from PySide6 import QtCore

        from explorer.window.jobs import running_jobs

        running = running_jobs()
        assert not running, f"{request.node.name} left jobs running: {[j.name for j in running]}"
        # A job's thread returns to the pool just after it ends; none may still be busy.
        pool = QtCore.QThreadPool.globalInstance()
        assert pool.waitForDone(2000), f"{request.node.name} left the thread pool busy"


@pytest.fixture(autouse=True)
def answered_dialogs(monkeypatch):
    """No modal dialog may block a test. Closing a window with unsaved changes is answered
    'discard'; any other question fails the test unless the test answers it itself."""
    from explorer.window import dialogs

    def unexpected(name):
        def fail(*args, **kwargs):
            raise AssertionError(f"unexpected dialog: dialogs.{name}{args[1:]}")

        return fail

    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, closing=False: "discard")
    for name in ("open_path", "save_path", "error", "ask_export", "ask_images"):
        monkeypatch.setattr(dialogs, name, unexpected(name))
    from explorer.window import animation

    monkeypatch.setattr(animation, "ask", unexpected("ask_animation"))


@pytest.fixture
def open_window(qtbot):
    """A function that opens a shown window on a preset (closed by qtbot after the test)."""
    from tests.gui_helpers import open_window as _open

    def opener(preset="moons", size=(1280, 800)):
        return _open(qtbot, preset, size)

    return opener


@pytest.fixture
def window(open_window):
    """A shown 1280×800 window on the moons preset."""
    return open_window()
