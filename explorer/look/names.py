"""What the window calls core's identifiers, in the interface's language: data sets, optimisers,
presets, activations. Core keeps its English keys and titles (they are data: saved in files,
named in error messages); these functions are called when a widget is filled, after the
language is installed, so they are functions and not tables built at import.

Maths and proper names stay as they are: tanh, ReLU, sigmoid, softplus, SGD, Adam.
"""

from __future__ import annotations

from core.datasets import DATASET_TITLES, SOURCE_TITLES
from core.network import NetworkSpec
from core.optim import OPTIMIZER_TITLES
from explorer.look import i18n


def tr(text: str) -> str:
    return i18n.tr("Names", text)


def dataset_title(name: str) -> str:
    """'moons' -> 'two moons' (or its translation); unknown names (CSV files) as they are."""
    titles = {
        "xor": tr("XOR (four quadrants)"),
        "circles": tr("two circles"),
        "moons": tr("two moons"),
        "spirals": tr("two spirals"),
        "blobs": tr("blobs (several classes)"),
        "sine": tr("sine  y = sin(πx)"),
        "abs": tr("absolute value  y = |x|"),
        "step": tr("step  y = sign(x)"),
        "digits": tr("handwritten digits (8×8)"),
        "csv": tr("CSV file"),
        "image_csv": tr("images from a CSV file"),
        "idx": tr("images from MNIST IDX files"),
    }
    return titles.get(name) or DATASET_TITLES.get(name) or SOURCE_TITLES.get(name, name)


def dataset_short(name: str) -> str:
    """The title without its formula, for one line of text: 'two moons', 'sine'. (Titles
    put two spaces before a formula: 'sine  y = sin(πx)'.)"""
    return dataset_title(name).split("  ")[0]


def optimizer_title(name: str) -> str:
    titles = {"sgd": "SGD", "momentum": tr("SGD + momentum"), "adam": "Adam"}
    return titles.get(name) or OPTIMIZER_TITLES.get(name, name)


def preset_label(name: str) -> str:
    """A preset's file name as the menus and lists show it: 'deep_relu' -> 'deep ReLU'."""
    labels = {
        "deep_relu": tr("deep ReLU"),
        "deep_sigmoid": tr("deep sigmoid"),
        "digits": tr("digits"),
        "moons": tr("moons"),
        "sine": tr("sine"),
        "spiral": tr("spiral"),
        "xor": "XOR",
    }
    return labels.get(name) or name.replace("_", " ")


def preset_title(title: str) -> str:
    """A preset's title ('Two moons · 2-8-8-1 tanh'), translated when it is one of ours
    (tools/translations.py reads them from resources/presets); any other title as it is."""
    return i18n.tr("Presets", title)  # i18n: dynamic


def activation(name: str) -> str:
    """'identity' in the interface's language; the other activations are maths names."""
    return {"identity": tr("identity")}.get(name, name)


def describe(spec: NetworkSpec) -> str:
    """'2-8-8-1 (tanh, tanh, identity)', with the activations as activation() names them.
    A deep network is written short, so the line stays readable in a status bar:
    '2-4-4-4-…-4-1 (relu ×99, tanh)' for K = 100."""
    sizes = [str(n) for n in spec.sizes]
    if len(sizes) > 12:
        sizes = [*sizes[:4], "…", *sizes[-2:]]
    runs: list[list] = []
    for name in spec.activations:
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    if len(runs) < len(spec.activations) and len(spec.activations) > 3:
        acts = ", ".join(activation(a) + (f" ×{n}" if n > 1 else "") for a, n in runs)
    else:
        acts = ", ".join(activation(a) for a in spec.activations)
    return f"{'-'.join(sizes)} ({acts})"
