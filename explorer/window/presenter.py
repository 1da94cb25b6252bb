"""The chain presenter: draws the model's selection into the graph, the formula, the matrices,
the step-through and the neuron view, always from one Frame (one set of parameters), and
words what the model holds (tooltips, the paths sum, the divergence banner).

Views stay passive: they are given arrays, ids and text, and report clicks as signals.
"""

from __future__ import annotations

import time

import numpy as np

from core import notation
from core.losses import get_loss
from core.network import NetworkSpec
from explorer.look import i18n, names, theme
from explorer.model import Frame, Model, Tab, View


def tr(text: str) -> str:
    return i18n.tr("MainWindow", text)


def tr_(text: str) -> str:
    return i18n.tr("Session", text)  # the context of the old Session class: translations kept


# Seconds between two updates of the neuron thumbnails while training: one forward pass of the
# 24 x 24 grid for all neurons, and a pixmap per drawn neuron.
THUMBNAIL_INTERVAL = 0.25


def paths_hint() -> str:
    # Word joiners keep "|a|" whole: Qt's line breaking split it after the first bar.
    return tr(
        "Click a weight, or a neuron for its bias, to light every path from it to L. "
        "Blue: positive, orange: negative; thickness: |a|."
    ).replace("|a|", "\u2060|\u2060a\u2060|")


class ChainPresenter:
    """Renders the selected chain of `model` into the workspace's views."""

    def __init__(self, model: Model, workspace):
        self.model = model
        self.ws = workspace
        self.frame: Frame | None = None  # the frame on screen (graph and formula)
        self._thumbnails_due = 0.0
        self._thumbnails_shown: tuple | None = None  # (model version, workspace) drawn
        self.thumbnail_ms = 0.0  # what the last thumbnail update cost (tests, bench)

    # -- the chain: graph, formula, step-through ---------------------------------------------

    def draw_chain(self):
        m, ws = self.model, self.ws
        step = m.current_step() if m.step_index >= 0 else None
        if ws.built(Tab.STEP):  # else it is filled when built
            self.draw_steps()
        if step is not None:
            self._draw_step(step)
            return
        frame = self.frame = m.frame()
        chain = frame.chain
        widths = factor_widths(chain) if chain is not None and m.factor_widths else None
        ws.graph.highlight_chain(
            frame.theta,
            m.chain_edges(),
            chain.factors[frame.factor].edge if chain and frame.factor is not None else None,
            widths,
        )
        ws.formula.set_chain(chain, frame.factor, frame.sample)
        self._draw_sample_image()

    def _draw_sample_image(self):
        """Image data: the chosen sample x = f_0 as its picture beside the formula's caption,
        with its class; nothing for other data."""
        m = self.model
        if not m.dataset.is_image:
            self.ws.formula.set_sample_image(None)
            return
        label = m.dataset.class_names[int(np.argmax(m.dataset.Y[m.sample]))]
        self.ws.formula.set_sample_image(
            m.dataset.image(m.sample), "x = f₀\n" + tr("class {0}").format(label)
        )

    def draw_steps(self):
        """The step-through panel at the model's position (image data: x = f_0 as the image)."""
        m = self.model
        self.ws.stepper.show_steps(
            m.steps() if m.step_index >= 0 else [],
            m.step_index,
            m.dataset.image_shape if m.dataset.is_image else None,
        )

    def _draw_step(self, step):
        m, ws = self.model, self.ws
        self._draw_sample_image()
        if step.phase == "forward":
            ws.graph.highlight(step.edges, set(step.nodes), numbered=False, focus=step.nodes[-1])
            ws.formula.set_chain(
                None, message=tr("Forward pass: the chain appears once L is computed")
            )
            self.frame = None
            return
        frame = self.frame = m.step_frame(step)
        ws.graph.highlight(
            step.edges,
            {n for u, v, _ in step.edges for n in (u, v)},
            notation.theta_id(step.theta),
            frame.chain.factors[step.factor].edge,
        )
        ws.formula.set_chain(frame.chain, step.factor, m.sample)

    # -- the matrices ------------------------------------------------------------------------

    def draw_matrices(self):
        """The shown factor, the chain's product and backprop's gradient: all of one frame.
        In steps (explorer.window.refresh): the frame computed; the factor; the product, the
        gradient and the verdict on them, which are never on screen from different parameters."""
        m, ws = self.model, self.ws
        if m.tab is not Tab.MATRICES:
            return
        frame = m.frame() if m.step_index < 0 else (self.frame or m.frame())
        yield
        if frame.chain is None:
            return
        if not frame.finite:
            # Never draw inf or NaN: keep the last finite matrices and say why.
            ws.matrices.agreement.setText(
                tr(
                    "The matrices overflowed for these parameters (training diverged); "
                    "the last finite ones stay on screen."
                )
            )
            return
        factor = frame.shown_factor
        ws.matrices.show_factor(factor.array, i18n.unbroken(factor_title(factor, m.spec)))
        self._mark_chosen(frame)
        yield
        ws.matrices.show_gradients(
            frame.theta,
            frame.chain.grad_A,
            frame.backprop_A,
            frame.max_relative_difference,
            bool(frame.equal),
            i18n.integer(frame.step),
            m.network.loss.html(m.K),
        )

    def _mark_chosen(self, frame):
        """Outline the entry chosen to set by hand where this frame's heatmaps show it: a_pq
        of A_i in ∂L/∂A_i (chain product and backprop) and in the red factor diag(σ′) A_i,
        b_i[p] on the diagonal of the yellow factor ∂f_{i+1}/∂b_i (its column p); no outline
        elsewhere."""
        m, mats = self.model, self.ws.matrices
        entry = m.chosen_entry
        weight = factor_cell = None
        if entry is not None:
            i, kind, p, q = entry
            if kind == "A" and i == frame.theta:
                weight = (p, q)
            if factor_entry(frame.shown_factor, p, q if kind == "A" else p) == entry:
                factor_cell = (p, q if kind == "A" else p)
        mats.product.mark_cell(weight)
        mats.backprop.mark_cell(weight)
        mats.factor.mark_cell(factor_cell)

    # -- the neuron view ---------------------------------------------------------------------

    def draw_neurons(self):
        """In steps (explorer.window.refresh): the lit paths; the neurons' values; the
        weights' lines and the paths line."""
        m, ws = self.model, self.ws
        if m.view is not View.NEURONS:
            return
        network = m.display
        if m.bias is not None:
            ws.neurons.highlight_bias(*m.bias)
        else:
            ws.neurons.highlight_paths(*(m.weight or (None, None, None)))
        yield
        ws.neurons.update_neurons(network, m.x)
        yield
        ws.neurons.update_weights(network)
        paths = m.weight_paths()
        self._show_weight_editor()
        if m.bias is not None:
            self._show_bias_paths(m.bias_paths())
            return
        if paths is None:
            self.show_paths(paths_hint())
            return
        theta, p, q = m.weight
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
        self.show_paths(
            i18n.unbroken(text).format(
                p,
                q,
                theta,
                i18n.integer(paths.n_paths),
                f"{paths.total:.6g}",
                f"{paths.gradient_entry:.6g}",
                "✔" if paths.agrees else "✘",
                m.sample,
            )
        )

    def show_paths(self, text: str):
        """The line under the neuron view; its box takes another line count only when the
        text needs it."""
        if text != self.ws.paths_label.text():
            self.ws.paths_label.setText(text)
            self.ws.paths_box.fit_lines()

    def _show_bias_paths(self, paths):
        """The chosen bias's ∂L/∂b_i[p] summed over its paths (from neuron p of f_{i+1} to
        L), beside backprop's, as the label does for a weight: the sum is computed, not said."""
        text = (
            tr(
                "∂L/∂b<sub>{0}</sub>[{1}] = sum over {2} path from neuron {1} of f<sub>{3}</sub> "
                "= <b>{4}</b>;  by backprop = {5} {6}  (sample #{7})"
            )
            if paths.n_paths == 1
            else tr(
                "∂L/∂b<sub>{0}</sub>[{1}] = sum over {2} paths from neuron {1} of f<sub>{3}</sub> "
                "= <b>{4}</b>;  by backprop = {5} {6}  (sample #{7})"
            )
        )
        self.show_paths(
            i18n.unbroken(text).format(
                paths.theta,
                paths.p,
                i18n.integer(paths.n_paths),
                paths.theta + 1,
                f"{paths.total:.6g}",
                f"{paths.gradient_entry:.6g}",
                "✔" if paths.agrees else "✘",
                self.model.sample,
            )
        )

    def draw_thumbnails(self):
        """Each neuron's output over the input plane (2-D input), or for image data each
        first-layer neuron's row of A_0 as an image. While training at most every
        THUMBNAIL_INTERVAL seconds: the scheduler marks the part dirty again until then. In
        two steps (explorer.window.refresh): the pictures computed, then drawn."""
        m, ws = self.model, self.ws
        if m.view is not View.NEURONS:
            return
        shown = (m._version, ws)
        if self._thumbnails_shown is not None:
            same = (
                self._thumbnails_shown[0] == shown[0]
                and self._thumbnails_shown[1] is ws
                and bool(ws.neurons.thumbnails)  # set_sizes drops them
            )
            if same or (m.training and time.perf_counter() < self._thumbnails_due):
                return
        started = time.perf_counter()
        images: dict[tuple[int, int], np.ndarray] = {}
        outputs = m.neuron_outputs()
        flip = True
        if outputs is not None:
            for k, f in enumerate(outputs):
                for j in ws.neurons.shown(f.shape[2]):
                    images[(k, j)] = f[:, :, j]
        else:
            weights = m.first_layer_images()
            if weights is not None:
                flip = False
                for p in ws.neurons.shown(weights.shape[0]):
                    images[(1, p)] = weights[p]
        spent = time.perf_counter() - started
        yield
        started = time.perf_counter()
        ws.neurons.set_thumbnails(images, flip)
        self._thumbnails_shown = shown
        now = time.perf_counter()
        self.thumbnail_ms = (spent + now - started) * 1e3
        self._thumbnails_due = now + THUMBNAIL_INTERVAL

    def _show_weight_editor(self):
        """The chosen weight's or bias's value in the editor under the neuron view (not while
        the user is typing in it)."""
        m, ws = self.model, self.ws
        entry = m.chosen_entry
        ws.weight_editor.setVisible(entry is not None)
        if entry is None:
            return
        i, kind, p, q = entry
        if kind == "A":
            name = f"a<sub>{p},{q}</sub> " + tr("of") + f" A<sub>{i}</sub> ="
        else:
            name = f"b<sub>{i}</sub>[{p}] ="
        if name != ws.weight_name.text():
            ws.weight_name.setText(name)
            ws.weight_hint.setText(
                tr("or drag the weight up or down")
                if kind == "A"
                else tr("or drag the ringed neuron up or down")
            )
        box = ws.weight_value
        if not box.hasFocus() or not box.lineEdit().isModified():
            box.blockSignals(True)
            box.setValue(m.parameter(i, kind, p, q))
            box.blockSignals(False)

    # -- words -------------------------------------------------------------------------------

    def neuron_tooltip(self, kind: str, key: tuple) -> str:
        """Hover in the neuron view, computed now from the parameters on display: a weight's
        value, or what a neuron's picture shows."""
        m = self.model
        if kind == "weight":
            i, p, q = key
            value = m.parameter(i, "A", p, q)
            return tr("a<sub>{0},{1}</sub> of A<sub>{2}</sub> = {3}  (step {4})").format(
                p, q, i, f"{value:.6g}", i18n.integer(m.viewed_step)
            )
        k, j = key
        if k == 0:
            return self.neuron_hover(k, j)  # x = f_0 has no bias
        value = m.parameter(k - 1, "b", j)
        bias = tr("b<sub>{0}</sub>[{1}] = {2}  (step {3})").format(
            k - 1, j, f"{value:.6g}", i18n.integer(m.viewed_step)
        )
        return f"{self.neuron_hover(k, j)}<br>{bias}"

    def neuron_hover(self, k: int, j: int) -> str:
        """One line: what neuron j of f_k shows."""
        m = self.model
        name = tr("neuron {0} of {1}").format(j, f"f<sub>{k}</sub>")
        if m.input_span() is not None:
            return tr("{0}'s output over the input plane, on the prediction's colour scale").format(
                name
            )
        if m.dataset.is_image and k == 1:
            return tr("{0}: its row of weights in A<sub>0</sub>, drawn as the image").format(name)
        return name

    def node_summary(self, node: str) -> str:
        """Tooltip: current values and norms of a graph node for the current sample, in rich
        text (subscripts as the formula panel typesets them)."""
        with np.errstate(all="ignore"):
            return notation.rich(self._node_summary(node))

    def _node_summary(self, node: str) -> str:
        m = self.model
        d = m.display
        parsed = notation.parse(node)
        if parsed.kind == "theta":
            i = parsed.index
            A, b = d.A[i], d.b[i]
            return "\n".join(
                (
                    tr_("θ_{0} = {{A_{0}, b_{0}}} feeds f_{1}").format(i, i + 1),
                    tr_("A_{0}: {1}×{2}, ‖A‖ = {3}, range [{4}, {5}]").format(
                        i,
                        A.shape[0],
                        A.shape[1],
                        f"{np.linalg.norm(A):.4g}",
                        f"{A.min():.3g}",
                        f"{A.max():.3g}",
                    ),
                    f"b_{i}: {b.size}, ‖b‖ = {np.linalg.norm(b):.4g}",
                )
            )
        fwd = d.forward(m.x)
        sample = tr_("(sample #{0})").format(m.sample)
        if parsed.kind == "L":
            return f"{m.network.loss.label(m.K)} = {m.sample_loss():.5g}\n{sample}"
        if parsed.kind == "y":
            return tr_("y (target of sample #{0}) = {1}").format(m.sample, _vector(m.y))
        k = parsed.index
        text = f"f_{k} = {_vector(fwd.fs[k][0])}\n‖f_{k}‖ = {np.linalg.norm(fwd.fs[k][0]):.4g}"
        if k:
            text += f"\nz_{k} = A_{k - 1} f_{k - 1} + b_{k - 1} = {_vector(fwd.zs[k][0])}"
            text += f"\nσ_{k} = {names.activation(m.spec.activations[k - 1])}"
        return text + f"\n{sample}"

    def banner_text(self) -> str | None:
        """The banner's message, or None to hide it."""
        m = self.model
        if m.error_message is not None:
            return "⚠ " + tr("Training stopped by an error: {0}").format(m.error_message)
        d = m.divergence
        if d is None:
            return None
        if d.last_finite_loss is None:
            message = tr(
                "Training paused: the very first loss was NaN or infinite. Press R to reset."
            )
        else:
            message = tr(
                "Training paused: the loss became NaN or infinite at step {0} (last finite "
                "loss {1}). The learning rate {2} is too high: lower it and press Start to "
                "continue from the last good parameters (step {3}), or press R to reset."
            ).format(
                i18n.integer(d.at),
                f"{d.last_finite_loss:.4g}",
                f"{d.learning_rate:g}",
                i18n.integer(d.restored),
            )
        return "⚠ " + message


def factor_entry(factor, row: int, col: int) -> tuple[int, str, int, int] | None:
    """The parameter entry cell (row, col) of a factor's heatmap stands for, as (i, kind,
    row, col): in a red factor ∂f_{k+1}/∂f_k = diag(σ′(z_{k+1})) A_k, whose cell is
    σ′ a_row,col, weight a_row,col of A_k; in the yellow ∂f_{i+1}/∂b_i, whose column is the
    bias index, b_i[col]; None for ∂L/∂f_K, which belongs to no parameter."""
    if factor is None or factor.kind == "loss":
        return None
    k = notation.parse(factor.numerator).index  # the factor's f_k
    if factor.kind == "red":
        return k - 1, "A", row, col
    return k - 1, "b", col, 0


def factor_widths(chain) -> dict:
    """Edge widths that grow with log ‖factor‖₂ (1.5 px for 1e-3, 14 px for 1e2)."""
    widths = {}
    for factor in chain.factors:
        norm = float(np.linalg.norm(factor.array, 2)) if factor.array.size else 0.0
        level = np.log10(max(norm, 1e-12))
        widths[factor.edge] = float(np.clip(7.0 + 2.5 * level, 1.5, 14.0))
    return widths


def factor_title(factor, spec: NetworkSpec) -> str:
    """The heatmap's title for a factor, in HTML, coloured as in the note."""
    colour = theme.KIND_COLOURS[factor.kind]
    top, bottom = factor.numerator, factor.denominator
    name = f"<span style='color:{colour}'>{notation.fraction_html(top, bottom)}</span>"
    if factor.kind == "loss":
        return f"{name} = {get_loss(spec.loss).gradient_html(spec.K)}"
    k = notation.parse(top).index
    if factor.kind == "red":
        return f"{name} = diag(σ′(z<sub>{k}</sub>)) A<sub>{k - 1}</sub>"
    return f"{name} → ∂f<sub>{k}</sub>/∂b<sub>{k - 1}</sub> = diag(σ′(z<sub>{k}</sub>))"


def _vector(v: np.ndarray, limit: int = 8) -> str:
    shown = ", ".join(f"{value:.3g}" for value in v[:limit])
    return f"[{shown}{', …' if v.size > limit else ''}]"
