"""What a model change touches, and the enums of what a user chooses.

Listeners receive a `Change` (a flag set) and redraw only what it names. Enums, not strings,
so a misspelt part fails at import instead of being silently ignored.
"""

from __future__ import annotations

import enum


class Change(enum.Flag):
    """What changed in the model since listeners were last told."""

    EXPERIMENT = enum.auto()  # a new experiment, data set or network: everything is new
    LOSS = enum.auto()  # losses were appended (the curve, the readout, the timeline)
    PARAMETERS = enum.auto()  # the parameters on display (live or scrubbed) changed
    SELECTION = enum.auto()  # θᵢ or the factor
    SAMPLE = enum.auto()  # the sample the chain and the views are computed for
    STEP_THROUGH = enum.auto()  # the step-through position
    WEIGHT = enum.auto()  # the weight a_pq chosen in the neuron view
    VIEW = enum.auto()  # layers or neurons; the teaching tab
    TRAINING = enum.auto()  # training started or stopped
    OPTIMIZER = enum.auto()  # optimiser settings or batch size
    CHECK = enum.auto()  # the gradient check: progress or results
    COST = enum.auto()  # the cost tab's measured times
    FLOW = enum.auto()  # gradient-flow records or the comparison
    TIMELINE = enum.auto()  # live or scrubbed; snapshots kept
    FILE = enum.auto()  # the file the experiment belongs to, or whether it is saved
    MESSAGE = enum.auto()  # the divergence banner
    LOOK = enum.auto()  # theme, language or presentation mode

    @classmethod
    def everything(cls) -> Change:
        everything = cls(0)
        for member in cls:
            everything |= member
        return everything


class View(enum.Enum):
    """What the graph area shows."""

    LAYERS = "layers"  # the note's picture: one node per layer
    NEURONS = "neurons"  # every neuron and weight


class Tab(enum.Enum):
    """The teaching tab under the formula."""

    MATRICES = "matrices"
    STEP = "step"
    FLOW = "flow"
    CHECK = "check"
    COST = "cost"  # the cost of backpropagation
