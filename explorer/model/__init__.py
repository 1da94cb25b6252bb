"""The model layer: all state a user can see or set, in plain Python (imports no Qt)."""

from explorer.model.changes import Change, Tab, View
from explorer.model.frame import Frame
from explorer.model.model import CheckState, CostState, Divergence, Model, fit_spec

__all__ = [
    "Change",
    "CheckState",
    "CostState",
    "Divergence",
    "Frame",
    "Model",
    "Tab",
    "View",
    "fit_spec",
]
