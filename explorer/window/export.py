"""Export for slides: the graph, the formula, the loss plot and the prediction panel as PNG
or SVG (by the file's suffix); the selected chain as LaTeX or as an .npz of its matrices.

Qt's own painters render the graph and the formula, and every SVG (QSvgGenerator, so slides
get vectors); pyqtgraph's ImageExporter renders the plots as PNG at twice their size.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # registers pg.exporters
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from core.latex import chain_document
from explorer.look import i18n

WHAT = ("graph", "formula", "loss", "prediction", "latex", "npz")
PICTURES = {".png", ".svg"}
SUFFIXES = {
    "graph": PICTURES,
    "formula": PICTURES,
    "loss": PICTURES,
    "prediction": PICTURES,
    "latex": {".tex"},
    "npz": {".npz"},
}


class ExportError(ValueError):
    """What cannot be exported, and why (names the item and the path)."""


def tr(text: str) -> str:
    return i18n.tr("Export", text)


def what_name(what: str) -> str:
    """How messages name an export: in English its --what key, 'graph', 'loss', ..."""
    return {
        "graph": tr("graph"),
        "formula": tr("formula"),
        "loss": tr("loss"),
        "prediction": tr("prediction"),
        "latex": tr("latex"),
        "npz": tr("npz"),
    }.get(what, what)


def export(window, what: str, path) -> Path:
    """Write `what` of the window's current state to `path`; returns the path written."""
    path = Path(path)
    if what not in WHAT:
        # Only the command line can ask for another export; it names its option in English.
        raise ExportError(f"--what: {what!r} is not one of {', '.join(WHAT)}")
    if path.suffix.lower() not in SUFFIXES[what]:
        suffixes = sorted(SUFFIXES[what])
        wanted = tr("{0} or {1}").format(*suffixes) if len(suffixes) == 2 else suffixes[0]
        raise ExportError(
            tr("{0}: {1} is exported as {2}").format(path.name, what_name(what), wanted)
        )
    if not path.parent.exists():
        raise ExportError(tr("{0}: the folder {1} does not exist").format(path, path.parent))
    try:
        _write(window, what, path)
    except OSError as error:  # a folder named like the file, no permission, a full disk
        raise ExportError(tr("{0}: could not be written ({1})").format(path, error)) from None
    return path


def _write(window, what: str, path: Path) -> None:
    if what in ("latex", "npz"):
        chain = window.model.frame().chain
        if chain is None:
            raise ExportError(
                tr("{0}: select a parameter θᵢ first (click it, or --select I)").format(
                    what_name(what)
                )
            )
        if what == "latex":
            path.write_text(chain_document(chain), encoding="utf-8")
        else:
            _save_npz(chain, path)
        return
    window.refresh_all()
    if what == "graph":
        _render_scene(window.ws.graph.scene(), path)
    elif what == "formula":
        _render_widget(window.ws.formula, path)
    else:
        plot = window.ws.loss_plot.plot if what == "loss" else window.ws.prediction.plot
        if path.suffix.lower() == ".svg":
            # pyqtgraph 0.14's SVGExporter cannot parse the path data Qt 6 writes; Qt's own
            # SVG painter gives the same vectors.
            _render_widget(plot, path)
        else:
            _export_plot(plot.getPlotItem(), path)


def _save_npz(chain, path: Path):
    arrays = {}
    for index, factor in enumerate(chain.factors):
        name = factor.text.replace("∂", "d").replace("/", "_").replace("θ", "theta")
        arrays[f"{index}_{factor.kind}_{name}"] = factor.array
        if factor.layer_input is not None:
            arrays[f"{index}_{factor.kind}_layer_input_f{chain.theta}"] = factor.layer_input
    for k, prefix in enumerate(chain.prefixes):
        arrays[f"prefix_{k}_{chain.prefix_texts[k].replace('∂', 'd').replace('/', '_')}"] = prefix
    arrays[f"grad_A{chain.theta}"] = chain.grad_A
    arrays[f"grad_b{chain.theta}"] = chain.grad_b
    with path.open("wb") as handle:
        np.savez(handle, **arrays)


def _svg_painter(generator: QtSvg.QSvgGenerator, path: Path) -> QtGui.QPainter:
    """A painter on the SVG file; OSError when Qt could not open it (it only warns)."""
    painter = QtGui.QPainter(generator)
    if not painter.isActive():
        raise OSError(f"cannot open {path} for writing")
    return painter


def _svg_generator(path: Path, size: QtCore.QSize) -> QtSvg.QSvgGenerator:
    generator = QtSvg.QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QtCore.QRect(QtCore.QPoint(0, 0), size))
    generator.setTitle("Backprop Explorer")
    return generator


def _render_scene(scene: QtWidgets.QGraphicsScene, path: Path, scale: float = 1.5):
    source = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
    size = QtCore.QSize(int(source.width() * scale), int(source.height() * scale))
    if path.suffix.lower() == ".svg":
        generator = _svg_generator(path, size)  # must outlive the painter
        painter = _svg_painter(generator, path)
        try:
            painter.fillRect(QtCore.QRect(QtCore.QPoint(0, 0), size), scene.backgroundBrush())
            scene.render(painter, QtCore.QRectF(0, 0, size.width(), size.height()), source)
        finally:
            painter.end()
        return
    image = QtGui.QImage(size, QtGui.QImage.Format.Format_ARGB32)
    image.fill(scene.views()[0].backgroundBrush().color())
    painter = QtGui.QPainter(image)
    painter.setRenderHints(
        QtGui.QPainter.RenderHint.Antialiasing | QtGui.QPainter.RenderHint.TextAntialiasing
    )
    scene.render(painter, QtCore.QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    _save_image(image, path)


def _render_widget(widget: QtWidgets.QWidget, path: Path):
    if path.suffix.lower() == ".svg":
        generator = _svg_generator(path, widget.size())  # must outlive the painter
        painter = _svg_painter(generator, path)
        try:
            if isinstance(widget, QtWidgets.QGraphicsView):
                widget.render(painter)  # the view's own overload: what the viewport shows
            else:
                widget.render(painter, QtCore.QPoint(0, 0))
        finally:
            painter.end()
        return
    _save_image(widget.grab().toImage(), path)


def _export_plot(plot_item, path: Path):
    exporter = pg.exporters.ImageExporter(plot_item)
    exporter.parameters()["width"] = max(int(plot_item.sceneBoundingRect().width() * 2), 800)
    if exporter.export(str(path)) is False or not path.exists():
        raise OSError(f"pyqtgraph could not write {path}")


def _save_image(image: QtGui.QImage, path: Path):
    if not image.save(str(path)):
        raise ExportError(tr("{0}: could not be written").format(path))
