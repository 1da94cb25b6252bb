"""The model layer: all state a user can see or set, in plain Python (imports no Qt)."""

from explorer.model.changes import Change, Tab, View
from explorer.model.frame import Frame
from explorer.model.model import CheckState, Divergence, Model, fit_spec

__all__ = ["Change", "CheckState", "Divergence", "Frame", "Model", "Tab", "View", "fit_spec"]
