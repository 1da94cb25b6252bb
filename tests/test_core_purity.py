"""core/ is pure NumPy: importing all of it loads no Qt, pyqtgraph or explorer module."""

import subprocess
import sys


def test_importing_core_loads_no_gui_module():
    code = (
        "import sys, pkgutil, importlib, core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('core.' + m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in "
        "('PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'explorer', 'shiboken6')]\n"
        "print(len([n for n in sys.modules if n.startswith('core.')]), bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, bad = out.stdout.split(" ", 1)
    assert int(count) >= 6, out.stdout
    assert bad.strip() == "[]", out.stdout
