"""Export for slides: pictures decode, SVG parses, LaTeX has the note's factors (and compiles
where pdflatex is installed; .ci/system-deps installs it), npz holds the right matrices."""

import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6 import QtGui

from core.jacobians import chain_for
from core.latex import standalone_document
from explorer.window.export import ExportError, export
from tests.gui_helpers import click_node, open_window, run_app


@pytest.fixture
def window(qtbot, window):
    click_node(qtbot, window, "theta0")
    return window


@pytest.mark.parametrize("what", ["graph", "formula", "loss", "prediction"])
def test_pictures_as_png_and_svg(window, tmp_path, what):
    window.step_once()
    png = export(window, what, tmp_path / f"{what}.png")
    image = QtGui.QImage(str(png))
    assert not image.isNull() and image.width() >= 200 and image.height() >= 100
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 5  # not blank
    svg = export(window, what, tmp_path / f"{what}.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 10


def test_latex_names_the_chain_factors(window, tmp_path):
    path = export(window, "latex", tmp_path / "chain.tex")
    text = path.read_text()
    for piece in [
        r"\frac{\partial L}{\partial \theta_{0}}",
        r"\frac{\partial L}{\partial f_{3}}",
        r"{\color{notered}\frac{\partial f_{3}}{\partial f_{2}}}",
        r"{\color{noteyellow}\frac{\partial f_{1}}{\partial \theta_{0}}}",
        r"\boxed{",
        r"\underbrace{",
    ]:
        assert piece in text
    assert text.count("{") == text.count("}")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(window, tmp_path):
    s = window.model
    (tmp_path / "doc.tex").write_text(standalone_document(chain_for(s.display, s.x, s.y, 0)))
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000


def test_npz_holds_the_factor_matrices(window, tmp_path):
    path = export(window, "npz", tmp_path / "chain.npz")
    s = window.model
    chain = chain_for(s.display, s.x, s.y, 0)
    with np.load(path, allow_pickle=False) as data:
        factors = sorted(k for k in data.files if k[0].isdigit() and "layer_input" not in k)
        assert len(factors) == 4
        shapes = [data[k].shape for k in factors]
        assert shapes == [(1, 1), (1, 8), (8, 8), (8, 8)]
        np.testing.assert_array_equal(data["grad_A0"], chain.grad_A)
        assert data["grad_A0"].shape == (8, 2)


def test_export_errors_name_the_problem(qtbot, tmp_path):
    w = open_window(qtbot)
    with pytest.raises(ExportError, match="select a parameter"):
        export(w, "latex", tmp_path / "x.tex")
    with pytest.raises(ExportError, match=r"x\.tex: graph is exported as \.png or \.svg"):
        export(w, "graph", tmp_path / "x.tex")
    click_node(qtbot, w, "theta0")
    (tmp_path / "taken.tex").mkdir()  # a folder where the file should go
    with pytest.raises(ExportError, match=r"taken\.tex: could not be written"):
        export(w, "latex", tmp_path / "taken.tex")
    with pytest.raises(ExportError, match="does not exist"):
        export(w, "loss", tmp_path / "missing" / "loss.png")


def test_command_line_export(tmp_path):
    out = tmp_path / "formula.svg"
    result = run_app(
        "export",
        "--preset",
        "xor",
        "--select",
        "0",
        "--what",
        "formula",
        "-o",
        str(out),
        config_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert ET.parse(out).getroot().tag.endswith("svg")
    bad = run_app(
        "export",
        "--preset",
        "xor",
        "--what",
        "npz",
        "-o",
        str(tmp_path / "c.npz"),
        config_dir=tmp_path,
    )
    assert bad.returncode != 0 and "select a parameter" in bad.stderr
    assert "Traceback" not in bad.stderr
