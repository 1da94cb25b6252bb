"""Backprop Explorer's run-time data, installed as the package `backprop_explorer_resources`.

pyproject.toml maps that name onto this folder (setuptools `package-dir`), so the files stay at
the top of the repository and still travel inside the wheel: `presets/*.json` (experiment files
for --preset and File -> Open preset) and `translations/*.qm` (compiled Qt translations).
Code finds them with importlib.resources (core.resources), never by a path relative to the
source tree, which an installed copy does not have.
"""
