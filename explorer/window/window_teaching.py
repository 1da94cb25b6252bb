"""The teaching panels' work for the main window: the neuron view's path sums, the layer /
neuron switch, the step-through, the history scrub, the gradient-flow comparison and the
gradient check. A mixin of MainWindow, like window_files.FileActions."""

from __future__ import annotations

import numpy as np

from core.experiment import load_preset
from core.flow import gradient_flow
from core.paths import weight_paths
from explorer.look import i18n


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


class TeachingActions:
    """Needs: self.session, the views built by MainWindow._build_widgets, self._mark_dirty,
    self.refresh, self._slow_prediction, self._slow_flow."""

    def select_weight(self, theta: int, p: int, q: int):
        self.neurons.highlight_paths(theta, p, q)
        self._show_paths()
        self.neurons.update_values(self.session.display, self.session.x)

    def _show_paths(self):
        if self.neurons.selected is None:
            return
        s = self.session
        theta, p, q = self.neurons.selected
        with np.errstate(all="ignore"):
            paths = weight_paths(s.display, s.x, s.y, theta, p, q)
        agree = abs(paths.total - paths.gradient_entry) <= 1e-12 * max(
            abs(paths.gradient_entry), 1e-300
        )
        mark = "✔" if agree else "✘"
        text = (
            tr(
                "∂L/∂a<sub>{0},{1}</sub> of A<sub>{2}</sub> = sum over {3} path = <b>{4}</b>;  "
                "entry ({0}, {1}) of ∂L/∂A<sub>{2}</sub> by backprop = {5} {6}  (sample #{7})"
            )
            if paths.n_paths == 1
            else tr(
                "∂L/∂a<sub>{0},{1}</sub> of A<sub>{2}</sub> = sum over {3} paths = <b>{4}</b>;  "
                "entry ({0}, {1}) of ∂L/∂A<sub>{2}</sub> by backprop = {5} {6}  (sample #{7})"
            )
        )
        self.paths_label.setText(
            i18n.unbroken(text).format(
                p,
                q,
                theta,
                i18n.integer(paths.n_paths),
                f"{paths.total:.6g}",
                f"{paths.gradient_entry:.6g}",
                mark,
                s.sample,
            )
        )

    def toggle_view(self):
        (self.neuron_button if self.views.currentIndex() == 0 else self.layer_button).setChecked(
            True
        )

    def _view_switched(self, layers: bool):
        self.views.setCurrentIndex(0 if layers else 1)
        self._mark_dirty("prediction")
        self._slow_prediction()

    def fit_view(self):
        (self.graph if self.views.currentIndex() == 0 else self.neurons).fit()

    def step_forward(self):
        self.tabs.setCurrentWidget(self.stepper)
        self.stepper.set_steps(self.session.steps())
        self.stepper.go_next()

    def step_back(self):
        self.tabs.setCurrentWidget(self.stepper)
        self.stepper.go_prev()

    def _step_changed(self, index: int):
        self._mark_dirty("chain")
        self.refresh()

    def _show_step(self, step):
        s = self.session
        if step.phase == "forward":
            self.graph.highlight(step.edges, set(step.nodes), numbered=False, focus=step.nodes[-1])
            self.formula.set_chain(
                None, message=tr("Forward pass: the chain appears once L is computed")
            )
            return
        chain = s.chain_for_step(step)
        self.graph.highlight(
            step.edges,
            {n for u, v, _ in step.edges for n in (u, v)},
            f"theta{step.theta}",
            chain.factors[step.factor].edge,
        )
        self.formula.set_chain(chain, step.factor, s.sample)

    def scrub(self, index: int):
        self.session.scrub(index)
        self.timeline.show_state(self.session.viewed_step, live=False)
        self._mark_dirty("chain", "prediction")
        self.refresh()

    def go_live(self):
        self.session.go_live()
        self._update_timeline()
        self._mark_dirty("chain", "prediction")
        self.refresh()

    def _update_timeline(self):
        s = self.session
        viewed = None if s.live else s.snapshots.nearest(s.viewed_step)
        self.timeline.set_count(len(s.snapshots), s.live, viewed)
        self.timeline.show_state(s.viewed_step, s.live)

    def compare_flow(self, name: str):
        if not name:
            self.flow_panel.set_comparison("", None)
        else:
            other = load_preset(name)
            dataset = other.build_dataset()
            with np.errstate(all="ignore"):
                record = gradient_flow(
                    other.build_network(), dataset.X, dataset.Y, dataset.X[0], dataset.Y[0]
                )
            self.flow_panel.set_comparison(name, record)
        self._mark_dirty("flow")
        self._flow_due = 0.0
        self._slow_flow()

    def run_gradient_check(self):
        self.tabs.setCurrentWidget(self.check_panel)
        s = self.session
        self.check_panel.start(s.display, s.dataset.X, s.dataset.Y)

    @staticmethod
    def _factor_widths(chain) -> dict:
        """Edge widths that grow with log ‖factor‖₂ (1.5 px for 1e-3, 14 px for 1e2)."""
        widths = {}
        for factor in chain.factors:
            norm = float(np.linalg.norm(factor.array, 2)) if factor.array.size else 0.0
            level = np.log10(max(norm, 1e-12))
            widths[factor.edge] = float(np.clip(7.0 + 2.5 * level, 1.5, 14.0))
        return widths
