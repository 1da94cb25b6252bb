"""Is this a whole, genuine installation? The run-time data files, and the start-up check.

Run-time data (presets, translations) lives in the package `backprop_explorer_resources`,
which pyproject.toml maps onto the repository's resources/ folder, so it is inside the wheel
and found here with importlib.resources, whether the app is installed from a wheel, installed
editable (`pip install -e .`, which make run and make test use) or zipped.

The distribution installs the top-level packages `core` and `explorer`, names that other
distributions use too (django-sql-explorer installs an `explorer`). Two distributions that
install the same top-level name into one environment overwrite each other's files, and one on
PYTHONPATH hides the other. Renaming the packages would touch every import of the code base,
so instead `check_installation` (which the command line runs first) verifies that `core`,
`explorer` and the resources are the files this distribution installed, and says what is
wrong and what to do (an environment of its own: pipx or uv tool) when they are not.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import sys
from contextlib import AbstractContextManager
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import unquote, urlparse

DISTRIBUTION = "backprop-explorer"
RESOURCES_PACKAGE = "backprop_explorer_resources"
PACKAGES = ("core", "explorer", RESOURCES_PACKAGE)
ADVICE = (
    "install Backprop Explorer in an environment of its own "
    "(pipx install PATH or uv tool install PATH, with the path of its folder or wheel)"
)


class InstallationError(RuntimeError):
    """The installed app is incomplete or mixed with another distribution's files. The
    message says what is missing or foreign, where, and what to do; one line."""


# -- resources -------------------------------------------------------------------------------


def resource_folder(name: str) -> Traversable:
    """The resources subfolder `name` ('presets', 'translations'); InstallationError if the
    resources package or the folder is missing."""
    try:
        root = resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        raise InstallationError(
            f"the resources package {RESOURCES_PACKAGE!r} is not installed, so there are no "
            f"{name}; reinstall {DISTRIBUTION} (pip install ., or make run from a checkout)"
        ) from None
    folder = root.joinpath(name)
    if not folder.is_dir():
        raise InstallationError(
            f"the {name} folder is missing from the installed resources ({root}); "
            f"reinstall {DISTRIBUTION}"
        )
    return folder


def resource_files(name: str, suffix: str) -> dict[str, Traversable]:
    """The files NAME/*SUFFIX by stem, sorted; InstallationError if there are none."""
    folder = resource_folder(name)
    found = {
        entry.name[: -len(suffix)]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(suffix) and entry.is_file()
    }
    if not found:
        raise InstallationError(
            f"no {suffix} files in the installed {name} folder ({folder}); reinstall {DISTRIBUTION}"
        )
    return dict(sorted(found.items()))


def resource_path(name: str, file: str) -> AbstractContextManager[Path]:
    """A context manager giving a file-system path to resource NAME/FILE (a temporary copy
    only if the package is zipped); InstallationError if it is not installed."""
    entry = resource_folder(name).joinpath(file)
    if not entry.is_file():
        raise InstallationError(
            f"{name}/{file} is missing from the installed resources; reinstall {DISTRIBUTION}"
        )
    return resources.as_file(entry)


# -- the start-up check ----------------------------------------------------------------------


def _origin(package: str) -> Path | None:
    """The resolved __init__.py the import system finds for a top-level package, or None."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or spec.origin in ("namespace", "built-in"):
        return None
    return Path(spec.origin).resolve()


def _other_owners(package: str) -> list[str]:
    """Other installed distributions that also provide the top-level name `package`."""
    owners = metadata.packages_distributions().get(package, [])
    return sorted({name for name in owners if name.lower() != DISTRIBUTION})


def _foreign(package: str, found: Path | None, expected: Path) -> InstallationError:
    where = f"from {found}" if found else "as a folder without __init__.py"
    others = _other_owners(package)
    owners = f"; {', '.join(others)} also install(s) a top-level {package!r}" if others else ""
    return InstallationError(
        f"the package {package!r} is imported {where}, not from this installation of "
        f"{DISTRIBUTION} ({expected}){owners}; {ADVICE}"
    )


def _editable_root(dist: metadata.Distribution) -> Path | None:
    """The project folder of an editable install (PEP 610's direct_url.json), else None."""
    try:
        text = dist.read_text("direct_url.json")
        info = json.loads(text) if text else {}
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not (info.get("dir_info") or {}).get("editable"):
        return None
    url = urlparse(str(info.get("url", "")))
    return Path(unquote(url.path)).resolve() if url.scheme == "file" else None


def _recorded_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def check_installation() -> None:
    """Raise InstallationError unless `core`, `explorer` and the resources all come from the
    installed distribution backprop-explorer, unmodified.

    Editable install: each package's __init__.py must lie in the project folder that the
    install points to. Wheel install: each must be the file the distribution's RECORD lists,
    with the hash it recorded, so a file overwritten by another distribution that installs
    the same top-level name is found too.
    """
    # The first installed copy on sys.path: one with a RECORD of installed files. An
    # .egg-info folder that a build leaves in a checkout (found when the checkout is the
    # current directory) is metadata of a build, not of an installation.
    dist = next(
        (d for d in metadata.distributions(name=DISTRIBUTION) if d.read_text("RECORD")), None
    )
    if dist is None:
        raise InstallationError(
            f"{DISTRIBUTION} is not installed in this Python ({sys.prefix}): run "
            "`pip install .` (or make run) in its folder, or use pipx or uv tool"
        )
    project = _editable_root(dist)
    if project is not None:
        folders = {"core": "core", "explorer": "explorer", RESOURCES_PACKAGE: "resources"}
        for package, folder in folders.items():
            expected = project / folder / "__init__.py"
            found = _origin(package)
            if found != expected:
                raise _foreign(package, found, expected)
        return
    recorded = {str(f).replace("\\", "/"): f for f in dist.files or ()}
    for package in PACKAGES:
        entry = recorded.get(f"{package}/__init__.py")
        if entry is None:
            raise InstallationError(
                f"{DISTRIBUTION}'s record of installed files does not list {package}/__init__.py;"
                f" reinstall it"
            )
        expected = Path(dist.locate_file(entry)).resolve()
        found = _origin(package)
        if found != expected:
            raise _foreign(package, found, expected)
        if entry.hash is not None:
            try:
                actual = _recorded_hash(found)
            except OSError as error:
                raise InstallationError(f"cannot read {found}: {error.strerror}") from None
            if actual != f"{entry.hash.mode}={entry.hash.value}":
                others = _other_owners(package)
                by = f" (also installed by {', '.join(others)})" if others else ""
                raise InstallationError(
                    f"{found} is not the file {DISTRIBUTION} installed: another distribution "
                    f"that installs a top-level {package!r} overwrote it{by}; {ADVICE}"
                )


__all__ = [
    "DISTRIBUTION",
    "RESOURCES_PACKAGE",
    "InstallationError",
    "check_installation",
    "resource_files",
    "resource_folder",
    "resource_path",
]
