"""The window's contents: the side panel, the graph with its header, the formula, the teaching
tabs, the loss plot with its history slider, and the prediction, in three splitters.

Built from the current theme, language and presentation scale, and rebuilt whole when one of
those changes (every colour, font size and string is then fresh); everything it shows comes
from the model, so a rebuilt workspace shows what the old one did.
"""

from __future__ import annotations

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtWidgets

from core.experiment import preset_names
from core.loss_history import LossHistory
from explorer.look import i18n, theme
from explorer.model import Tab, View
from explorer.panels.check_panel import CheckPanel
from explorer.panels.controls import ControlPanel
from explorer.panels.cost_panel import CostPanel
from explorer.panels.flow_panel import FlowPanel
from explorer.panels.step_panel import StepPanel
from explorer.views.formula_view import FormulaView
from explorer.views.graph_view import GraphView
from explorer.views.loss_plot import LossPlot
from explorer.views.matrix_view import MatrixPanel
from explorer.views.neuron_view import NeuronView
from explorer.views.prediction_view import PredictionView
from explorer.views.timeline import Timeline
from explorer.window.presenter import paths_hint

TAB_ORDER = (Tab.MATRICES, Tab.STEP, Tab.FLOW, Tab.CHECK, Tab.COST)
VIEW_ORDER = (View.LAYERS, View.NEURONS)
SPLITTERS = ("main", "centre", "right")


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


class Workspace(QtWidgets.QWidget):
    """Every view and panel of the window, laid out; no state of its own beyond layout."""

    def __init__(self, history: LossHistory, parent=None):
        super().__init__(parent)
        self.controls = ControlPanel()
        self.side = QtWidgets.QScrollArea()
        self.side.setWidget(self.controls)
        self.side.setWidgetResizable(True)
        self.side.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side.setMinimumWidth(300)  # with the centre and the plots: fits 1024 px

        self.banner = QtWidgets.QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.graph = GraphView()
        self.neurons = NeuronView()
        self.paths_label = QtWidgets.QLabel(paths_hint())
        self.paths_label.setWordWrap(True)
        self.paths_label.setStyleSheet(f"font-size: {theme.pt(13)};")
        self.formula = FormulaView()
        self.matrices = MatrixPanel()
        self.stepper = StepPanel()
        self.flow_panel = FlowPanel(preset_names())
        self.check_panel = CheckPanel()
        self.cost_panel = CostPanel()
        self.loss_plot = LossPlot(history)
        self.timeline = Timeline()
        self.prediction = PredictionView()

        header = QtWidgets.QHBoxLayout()
        self.layer_button = QtWidgets.QPushButton(tr("Layers"))
        self.neuron_button = QtWidgets.QPushButton(tr("Neurons"))
        for button in (self.layer_button, self.neuron_button):
            button.setCheckable(True)
            button.setAutoExclusive(True)
            header.addWidget(button)
        self.layer_button.setChecked(True)
        self.layer_button.setToolTip(tr("the note's picture: one node per layer (V switches)"))
        self.neuron_button.setToolTip(tr("every neuron and weight (V switches)"))
        self.norm_widths = QtWidgets.QCheckBox(tr("width ∝ ‖factor‖"))
        self.norm_widths.setToolTip(
            tr("draw each edge of the chain as thick as the norm of its factor (log scale)")
        )
        header.addWidget(self.norm_widths)
        header.addStretch(1)
        self.fit_button = QtWidgets.QPushButton(tr("Fit (F)"))
        self.fit_button.setToolTip(tr("fit the graph to the window"))
        header.addWidget(self.fit_button)
        neuron_box = QtWidgets.QWidget()
        neuron_layout = QtWidgets.QVBoxLayout(neuron_box)
        neuron_layout.setContentsMargins(0, 0, 0, 0)
        neuron_layout.addWidget(self.neurons, 1)
        neuron_layout.addWidget(self.paths_label)
        editor = QtWidgets.QHBoxLayout()
        self.weight_name = QtWidgets.QLabel("")
        self.weight_name.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.weight_value = QtWidgets.QDoubleSpinBox()
        self.weight_value.setObjectName("weight_value")
        self.weight_value.setDecimals(6)
        self.weight_value.setRange(-1e6, 1e6)
        self.weight_value.setSingleStep(0.05)
        self.weight_value.setKeyboardTracking(False)  # a value once typed, not per keystroke
        self.weight_value.setToolTip(
            tr("type a new value for the selected weight and press Enter (Ctrl+Z undoes)")
        )
        self.weight_hint = QtWidgets.QLabel(tr("or drag the weight up or down"))
        self.weight_hint.setStyleSheet(f"color: {theme.MUTED};")
        editor.addWidget(self.weight_name)
        editor.addWidget(self.weight_value)
        editor.addWidget(self.weight_hint)
        editor.addStretch(1)
        self.weight_editor = QtWidgets.QWidget()
        self.weight_editor.setLayout(editor)
        editor.setContentsMargins(0, 0, 0, 0)
        self.weight_editor.hide()
        neuron_layout.addWidget(self.weight_editor)
        self.views = QtWidgets.QStackedWidget()
        self.views.addWidget(self.graph)
        self.views.addWidget(neuron_box)

        graph_box = QtWidgets.QWidget()
        graph_layout = QtWidgets.QVBoxLayout(graph_box)
        graph_layout.setContentsMargins(0, 0, 0, 0)
        graph_layout.addWidget(self.banner)
        graph_layout.addLayout(header)
        graph_layout.addWidget(self.views, 1)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.matrices, tr("Matrices"))
        self.tabs.addTab(self.stepper, tr("Step through"))
        self.tabs.addTab(self.flow_panel, tr("Flow"))
        self.tabs.addTab(self.check_panel, tr("Check (G)"))
        self.tabs.addTab(self.cost_panel, tr("Cost"))
        self.tabs.setTabToolTip(
            self.tabs.indexOf(self.cost_panel),
            tr("what backpropagation saves: multiply-adds and times of three ways to the gradient"),
        )

        right_top = QtWidgets.QWidget()
        right_layout = QtWidgets.QVBoxLayout(right_top)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.loss_plot, 1)
        right_layout.addWidget(self.timeline)

        self.centre = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.centre.setObjectName("centre")
        self.centre.addWidget(graph_box)
        self.centre.addWidget(self.formula)
        self.centre.addWidget(self.tabs)
        self.centre.setSizes([380, 230, 320])
        self.right = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.right.setObjectName("right")
        self.right.addWidget(right_top)
        self.right.addWidget(self.prediction)
        self.main = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.main.setObjectName("main")
        self.main.addWidget(self.side)
        self.main.addWidget(self.centre)
        self.main.addWidget(self.right)
        self.main.setStretchFactor(1, 3)
        self.main.setStretchFactor(2, 2)
        self.main.setSizes([340, 900, 560])
        for splitter in self.splitters():
            splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.main)
        # Plots fill their whole area with their own background: telling Qt so spares the
        # style-sheet backgrounds of every ancestor on each repaint while training (about a
        # fifth of a loss-plot frame, measured with make bench's smoothness section).
        for view in self.findChildren(pg.GraphicsView):
            for widget in (view, view.viewport()):
                widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def splitters(self) -> tuple[QtWidgets.QSplitter, ...]:
        return (self.main, self.centre, self.right)

    # -- what the user chose, as the model's enums -------------------------------------------

    def show_view(self, view: View):
        index = VIEW_ORDER.index(view)
        button = self.layer_button if view is View.LAYERS else self.neuron_button
        if not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self.views.setCurrentIndex(index)

    def show_tab(self, tab: Tab):
        index = TAB_ORDER.index(tab)
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)

    def tab_at(self, index: int) -> Tab:
        return TAB_ORDER[index]

    def release(self):
        """Before the workspace is dropped: stop its timers and delete the menus pyqtgraph
        made without a parent (each plot's context menus are top-level widgets; without this,
        every rebuild would leave them alive)."""
        self.stepper.timer.stop()
        for plot in self.findChildren(pg.PlotWidget):
            item = plot.getPlotItem()
            menus = [getattr(item, "ctrlMenu", None), getattr(item.vb, "menu", None)]
            for menu in menus:
                if isinstance(menu, QtWidgets.QMenu) and shiboken6.isValid(menu):
                    shiboken6.delete(menu)
