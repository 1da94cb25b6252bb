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
from core.loss_history import EvaluationHistory, LossHistory
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
from explorer.views.steady import SteadyBox
from explorer.views.timeline import Timeline
from explorer.window.presenter import paths_hint

TAB_ORDER = (Tab.MATRICES, Tab.STEP, Tab.FLOW, Tab.CHECK, Tab.COST)
VIEW_ORDER = (View.LAYERS, View.NEURONS)
SPLITTERS = ("main", "centre", "right")
# The neuron view draws every shown neuron of a column in its pane's height: in the layers'
# pane of a 1024 x 768 window (225 px, 135 of them for the drawing) its neurons were 8 px
# across. The first time it shows in a run its pane gets NEURON_PANE px (room for the
# presets' columns at 16 px a neuron, and the lines under them), or NEURON_SHARE of the centre
# column if that is less; a pane already that tall stays as it is (a larger one also paints
# more pixels on every frame while training: make bench, section 2).
NEURON_PANE = 360
NEURON_SHARE = 0.5


def roomy_for_neurons(sizes: list[int], minimums: list[int]) -> list[int]:
    """The centre splitter's sizes (graph pane, formula, tabs) with the graph pane at least
    NEURON_PANE px or NEURON_SHARE of their sum, whichever is less: room taken from the tabs,
    then the formula, down to their minimum heights; if that is not enough (a 1024 x 768
    screen) the formula steps aside, collapsed, and comes back with the layers view (their
    sizes are kept apart)."""
    total = sum(sizes)
    need = min(NEURON_PANE, round(total * NEURON_SHARE)) - sizes[0]
    if need <= 0:
        return list(sizes)
    new = list(sizes)
    for i in (2, 1):
        give = min(need, max(new[i] - minimums[i], 0))
        new[i] -= give
        need -= give
    if need > 0:
        new[1] = 0
    new[0] = total - sum(new[1:])
    return new


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


def _opaque_plots(widget: QtWidgets.QWidget):
    # Plots fill their whole area with their own background: telling Qt so spares the
    # style-sheet backgrounds of every ancestor on each repaint while training (about a
    # fifth of a loss-plot frame, measured with make bench's smoothness section).
    for view in widget.findChildren(pg.GraphicsView):
        for part in (view, view.viewport()):
            part.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)


class Workspace(QtWidgets.QWidget):
    """Every view and panel of the window, laid out; no state of its own beyond layout.

    The teaching tabs not on show are built after the window's first paint (build_pages) or
    when first asked for (page(), or the stepper / flow_panel / check_panel / cost_panel
    attributes):
    their plots cost a tenth of a second of start-up that nobody sees. pageBuilt(tab) says
    when one is built, so the window connects and fills it then.
    """

    pageBuilt = QtCore.Signal(object)  # the Tab whose panel was just built

    def __init__(
        self,
        history: LossHistory,
        parent=None,
        tab: Tab = Tab.MATRICES,
        evaluations: EvaluationHistory | None = None,
    ):
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
        self._pages: dict[Tab, QtWidgets.QWidget] = {Tab.MATRICES: self.matrices}
        self._released = False
        self._factories = {
            Tab.STEP: StepPanel,
            Tab.FLOW: lambda: FlowPanel(preset_names()),
            Tab.CHECK: CheckPanel,
            Tab.COST: CostPanel,
        }
        self.loss_plot = LossPlot(history, evaluations)
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
        # Its numbers change with every frame of the neuron view while training: in a box, so
        # that a new number never re-lays out the window (explorer.views.steady).
        self.paths_box = SteadyBox(self.paths_label, lines=2, fit=True)
        neuron_layout.addWidget(self.paths_box)
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
        for title in (tr("Step through"), tr("Flow"), tr("Check (G)"), tr("Cost")):
            holder = QtWidgets.QWidget()  # the panel goes in here when it is built
            QtWidgets.QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
        self.tabs.setTabToolTip(
            TAB_ORDER.index(Tab.COST),
            tr("what backpropagation saves: multiply-adds and times of three ways to the gradient"),
        )
        # A tab about to be shown is built first (the signal comes before its page shows).
        self.tabs.currentChanged.connect(lambda index: self.page(TAB_ORDER[index]))
        if tab is not Tab.MATRICES:
            self.page(tab)

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
        # Except the formula: the neuron view needs its room on a 1024 x 768 screen
        # (roomy_for_neurons), and dragged closed it comes back by its handle.
        self.centre.setCollapsible(1, True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.main)
        _opaque_plots(self)

    # -- the teaching tabs, built when needed ------------------------------------------------

    def page(self, tab: Tab) -> QtWidgets.QWidget:
        """The panel of `tab`, built now if it was not yet."""
        panel = self._pages.get(tab)
        if panel is None:
            panel = self._pages[tab] = self._factories[tab]()
            self.tabs.widget(TAB_ORDER.index(tab)).layout().addWidget(panel)
            _opaque_plots(panel)
            self.pageBuilt.emit(tab)
        return panel

    def built(self, tab: Tab) -> bool:
        return tab in self._pages

    def current_page(self) -> QtWidgets.QWidget:
        """The panel of the tab on show."""
        return self.page(TAB_ORDER[self.tabs.currentIndex()])

    def page_index(self, panel: QtWidgets.QWidget) -> int:
        """The tab index that shows `panel` (tabs other than Matrices hold theirs in a box)."""
        return next(TAB_ORDER.index(tab) for tab, page in self._pages.items() if page is panel)

    def build_all(self):
        """Build every tab now (tests that count widgets; exports of a hidden tab)."""
        for tab in TAB_ORDER:
            self.page(tab)

    def build_pages(self):
        """Build the tabs not built yet, one per turn of the event loop (after the first
        paint: the window is on screen and answers input between them)."""
        waiting = [tab for tab in TAB_ORDER if tab not in self._pages]
        if waiting and not self._released:  # a closed window builds nothing more
            self.page(waiting[0])
            if len(waiting) > 1:
                QtCore.QTimer.singleShot(0, self, self.build_pages)

    @property
    def stepper(self) -> StepPanel:
        return self.page(Tab.STEP)

    @property
    def flow_panel(self) -> FlowPanel:
        return self.page(Tab.FLOW)

    @property
    def check_panel(self) -> CheckPanel:
        return self.page(Tab.CHECK)

    @property
    def cost_panel(self) -> CostPanel:
        return self.page(Tab.COST)

    def splitters(self) -> tuple[QtWidgets.QSplitter, ...]:
        return (self.main, self.centre, self.right)

    def centre_minimums(self) -> list[int]:
        """The least height of each pane of the centre column (its splitter keeps to them)."""
        return [
            max(w.minimumSizeHint().height(), w.minimumHeight())
            for w in (self.centre.widget(i) for i in range(self.centre.count()))
        ]

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
        self.page(tab)
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
        self._released = True
        if self.built(Tab.STEP):
            self.stepper.timer.stop()
        for plot in self.findChildren(pg.PlotWidget):
            item = plot.getPlotItem()
            menus = [getattr(item, "ctrlMenu", None), getattr(item.vb, "menu", None)]
            for menu in menus:
                if isinstance(menu, QtWidgets.QMenu) and shiboken6.isValid(menu):
                    shiboken6.delete(menu)
