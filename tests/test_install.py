"""The installed app: resources inside the packages, the start-up check, a real wheel.

The fast tests run in every test run. `test_the_wheel_runs_outside_the_source_tree` builds the
sdist and a wheel from it, installs the wheel into a new virtual environment and runs the
installed command from a folder outside the checkout; it takes about 15 s (pip's cache keeps
reinstalling PySide6 cheap), so it runs when BACKPROP_EXPLORER_WHEEL_TEST=1, as make test does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import core.install as install
from core.experiment import load_preset, preset_names
from core.install import InstallationError

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
WHEEL_TEST = "BACKPROP_EXPLORER_WHEEL_TEST"


# -- what the wheel holds --------------------------------------------------------------------


def test_every_package_folder_is_listed_for_the_wheel():
    # The list is explicit (setuptools cannot combine discovery with the mapped resources
    # folder): a new folder of code under core/ or explorer/ must be added to it.
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(folder.relative_to(ROOT).parts)
        for top in ("core", "explorer")
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
    }
    missing = sorted(found - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    assert {"backprop_explorer_resources"} <= listed


def test_the_resources_folder_is_the_resources_package():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"backprop_explorer_resources": "resources"}
    data = PYPROJECT["tool"]["setuptools"]["package-data"]
    assert data["backprop_explorer_resources.presets"] == ["*.json"]
    assert data["backprop_explorer_resources.translations"] == ["*.qm"]
    # The digits data set with its attribution and both licences (data: CC BY 4.0; the file
    # as scikit-learn redistributes it: BSD-3).
    assert data["backprop_explorer_resources.data"] == ["*.csv.gz", "*.txt", "*.rst"]
    assert "backprop_explorer_resources.data" in PYPROJECT["tool"]["setuptools"]["packages"]
    licence = (ROOT / "resources/data/DIGITS-LICENCE.txt").read_text("utf-8")
    assert "CC BY 4.0" in licence and "UCI" in licence and "Alpaydin" in licence
    assert "BSD 3-Clause" in (ROOT / "resources/data/LICENSE-scikit-learn.txt").read_text("utf-8")
    assert PYPROJECT["project"]["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text("utf-8")


# -- resources through importlib.resources -----------------------------------------------------


def test_presets_and_translations_are_found_as_resources():
    assert preset_names() == sorted(p.stem for p in (ROOT / "resources" / "presets").glob("*.json"))
    with install.resource_path("data", "digits.csv.gz") as digits:
        assert digits.read_bytes() == (ROOT / "resources/data/digits.csv.gz").read_bytes()
    with install.resource_path("translations", "explorer_pl.qm") as qm:
        assert qm.read_bytes() == (ROOT / "resources/translations/explorer_pl.qm").read_bytes()


def test_a_missing_resources_package_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(install, "RESOURCES_PACKAGE", "no_such_package_here")
    with pytest.raises(InstallationError, match="'no_such_package_here' is not installed"):
        preset_names()
    with pytest.raises(InstallationError):
        load_preset("moons")


def test_missing_or_empty_resource_folders_are_clear_errors(monkeypatch, tmp_path):
    from importlib import resources

    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(InstallationError, match="the presets folder is missing"):
        preset_names()
    (tmp_path / "presets").mkdir()
    with pytest.raises(InstallationError, match=r"no \.json files in the installed presets"):
        preset_names()  # never an empty list of presets
    (tmp_path / "translations").mkdir()
    with pytest.raises(InstallationError, match=r"translations/explorer_pl\.qm is missing"):
        install.resource_path("translations", "explorer_pl.qm")
    (tmp_path / "data").mkdir()
    with pytest.raises(InstallationError, match=r"data/digits\.csv\.gz is missing"):
        install.resource_path("data", "digits.csv.gz")


def test_a_missing_translation_is_a_clear_error(monkeypatch, tmp_path, qapp):
    from importlib import resources

    from explorer.look import i18n

    (tmp_path / "translations").mkdir()
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(InstallationError, match=r"explorer_pl\.qm is missing"):
        i18n.install(qapp, "pl")
    (tmp_path / "translations" / "explorer_pl.qm").write_bytes(b"not a translation")
    with pytest.raises(InstallationError, match="not a translation Qt can load"):
        i18n.install(qapp, "pl")
    monkeypatch.undo()
    i18n.install(qapp, "en")


# -- the start-up check ----------------------------------------------------------------------


def test_this_checkout_passes_the_start_up_check():
    install.check_installation()


def test_not_installed_is_a_clear_error(monkeypatch):
    from importlib import metadata

    monkeypatch.setattr(metadata, "distributions", lambda **kwargs: iter(()))
    with pytest.raises(InstallationError, match="backprop-explorer is not installed"):
        install.check_installation()


def run_check(cwd: Path, **env) -> subprocess.CompletedProcess:
    code = "from core.install import check_installation as c; c(); print('whole')"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ, **env),
        timeout=60,
    )


@pytest.mark.parametrize("package", ["explorer", "backprop_explorer_resources"])
def test_another_package_of_the_same_name_first_on_the_path_is_named(tmp_path, package):
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("# someone else's\n")
    result = run_check(tmp_path, PYTHONPATH=str(tmp_path))
    assert result.returncode != 0
    assert "InstallationError" in result.stderr
    assert f"the package '{package}' is imported from {tmp_path / package}" in result.stderr
    assert "environment of its own" in result.stderr


def test_the_check_passes_from_any_folder(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "whole"


# -- a real wheel in a new environment -------------------------------------------------------


def run(args, cwd: Path, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.skipif(
    not os.environ.get(WHEEL_TEST), reason=f"make test runs it ({WHEEL_TEST}=1): about 15 s"
)
def test_the_wheel_runs_outside_the_source_tree(tmp_path):
    from PySide6 import QtGui

    dist = tmp_path / "dist"
    # The sdist first, then the wheel from the sdist (what pip and uv do with a release), so a
    # file missing from either is found. --no-isolation: the test extra has setuptools >= 77.
    built = run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT],
        cwd=tmp_path,
        env=dict(os.environ),
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("backprop_explorer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    assert "backprop_explorer_resources/presets/moons.json" in names
    assert "backprop_explorer_resources/presets/digits.json" in names
    for data_file in ("digits.csv.gz", "DIGITS-LICENCE.txt", "LICENSE-scikit-learn.txt"):
        assert f"backprop_explorer_resources/data/{data_file}" in names
    assert "backprop_explorer_resources/translations/explorer_pl.qm" in names
    assert not any(n.endswith(".ts") or n.startswith("tests/") for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert b"License-Expression: MIT" in metadata

    # A new environment without pip of its own: this environment's pip installs into it.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    installed = run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel],
        cwd=tmp_path,
        env=dict(os.environ),
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]

    # Run it from a folder outside the checkout, with nothing of the checkout on the path.
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path / "home"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    where = run(
        [
            python,
            "-c",
            "import core, explorer, backprop_explorer_resources as r; "
            "print(core.__file__, explorer.__file__, r.__file__)",
        ],
        cwd=work,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    for path in where.stdout.split():
        assert Path(path).is_relative_to(venv), f"{path} is not the installed copy"
    # The digits data set is read from the installed package data.
    digits = run(
        [
            python,
            "-c",
            "from core.experiment import open_preset; o = open_preset('digits'); "
            "print(o.dataset.X.shape, o.experiment.split(o.dataset).n_test)",
        ],
        cwd=work,
        env=env,
    )
    assert digits.returncode == 0, digits.stderr
    assert digits.stdout.strip() == "(1797, 64) 359"

    command = venv / "bin" / "backprop-explorer"
    english = run([command, "--screenshot", "X.png"], cwd=work, env=env)
    assert english.returncode == 0, english.stderr
    assert english.stdout.strip() == "wrote X.png (1600x1000)"
    polish = run([command, "--lang", "pl", "--screenshot", "Y.png"], cwd=work, env=env)
    assert polish.returncode == 0, polish.stderr
    x, y = QtGui.QImage(str(work / "X.png")), QtGui.QImage(str(work / "Y.png"))
    assert (x.width(), x.height()) == (y.width(), y.height()) == (1600, 1000)
    assert x != y  # the Polish labels differ from the English ones
    exported = run(
        [command, "export", "--preset", "xor", "--select", "0", "--what", "latex", "-o", "c.tex"],
        cwd=work,
        env=env,
    )
    assert exported.returncode == 0, exported.stderr
    assert r"\frac{\partial L}{\partial \theta_{0}}" in (work / "c.tex").read_text("utf-8")
    # Pillow comes with the wheel: an animation is written by the installed command.
    animated = run(
        [
            command,
            "export",
            "--preset",
            "xor",
            "--what",
            "animation",
            "--steps",
            "2",
            "-o",
            "a.gif",
        ],
        cwd=work,
        env=env,
    )
    assert animated.returncode == 0, animated.stderr
    assert (work / "a.gif").read_bytes()[:6] == b"GIF89a"

    # A broken file is one line and status 1 from the installed command too.
    (work / "bad.json").symlink_to("/dev/zero")
    bad = run([command, "--config", "bad.json", "--screenshot", "Z.png"], cwd=work, env=env)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        "backprop-explorer: cannot open bad.json: bad.json is a character device, not a "
        "regular file"
    ]

    # Another distribution's explorer/__init__.py over ours (as installing django-sql-explorer
    # into the same environment would do) is found by its recorded hash.
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "explorer" / "__init__.py").write_text('"""django-sql-explorer"""\n')
    clash = run([command, "--screenshot", "Z.png"], cwd=work, env=env)
    assert clash.returncode == 3
    (line,) = clash.stderr.strip().splitlines()
    assert "explorer/__init__.py is not the file backprop-explorer installed" in line
    assert not (work / "Z.png").exists()
