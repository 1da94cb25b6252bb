"""Languages: Qt's translation system with the app's own .qm files in resources/translations.

The .qm files are installed with the app (package backprop_explorer_resources) and found with
importlib.resources through core.install, so an installed copy finds them as a checkout does;
a missing one is core.install.InstallationError, naming the file.

Every user-visible string in explorer/ goes through `tr(context, text)` (QCoreApplication.
translate); tools/translations.py extracts them into the .ts sources, and pyside6-lrelease
compiles those to the .qm files loaded here. Maths stays maths; core's error messages, which
name fields in the code's terms, stay English.
"""

from __future__ import annotations

from PySide6 import QtCore

from core.install import DISTRIBUTION, InstallationError, resource_path

LANGUAGES = {"en": "English", "pl": "Polski"}

_installed: list[QtCore.QTranslator] = []
_current = "en"


def system_language() -> str:
    return "pl" if QtCore.QLocale.system().name().lower().startswith("pl") else "en"


def current() -> str:
    return _current


def install(app: QtCore.QCoreApplication, language: str) -> str:
    """Use `language` ('en' or 'pl') for every string translated from now on.

    Raises ValueError for an unknown language, InstallationError if its .qm file is missing.
    """
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "en":
        ours = QtCore.QTranslator(app)
        with resource_path("translations", f"explorer_{language}.qm") as qm:
            if not ours.load(str(qm)):
                raise InstallationError(
                    f"{qm} is not a translation Qt can load; reinstall {DISTRIBUTION}"
                )
        qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QtCore.QTranslator(app)
        if qt.load(f"qtbase_{language}", qt_dir):  # standard buttons, file dialogs
            _installed.append(qt)
        _installed.append(ours)
        for translator in _installed:
            app.installTranslator(translator)
    QtCore.QLocale.setDefault(QtCore.QLocale(language))
    _current = language
    return language


def tr(context: str, text: str) -> str:
    return QtCore.QCoreApplication.translate(context, text)


def integer(n: int) -> str:
    """A count with the language's digit grouping: 12,345 in English, 12 345 in Polish (a
    comma there is the decimal separator). Decimals keep their point, as the plots and the
    matrices print them."""
    return QtCore.QLocale(_current).toString(int(n))


def unbroken(text: str) -> str:
    """`text` with its formulas kept whole when a label wraps it: a word joiner after each
    "/∂" (Qt's rich text would otherwise break a line after the slash, and translated
    sentences, longer than English ones, wrap more often) and between σ′ and its bracket, and
    no-break spaces around a minus sign (U+2212: only formulas use it) and after "L =", so
    'L = ‖y − f_K‖²' and 'diag(σ′(z₁))' each stay on one line."""
    joiner, space = "\N{WORD JOINER}", "\N{NO-BREAK SPACE}"
    return (
        text.replace("/∂", f"/{joiner}∂")
        .replace("′(", f"′{joiner}(")
        .replace(" − ", f"{space}−{space}")
        .replace("L = ", f"L{space}={space}")
    )
