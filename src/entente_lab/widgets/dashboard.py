"""The main dashboard: weight the factors, see the case's plane, the balance and the verdict.

Three pieces, usable apart or together:

- :class:`WeightsPanel` - the controls: one slider per factor grouped by kind, each with
  its quote on demand and its own reset; reset all; presets; trust in each kind of
  evidence; the case's duration scenario, when it has one.
- :class:`PredictionGate` - predict-then-reveal: the student records where they expect
  the relationship to land before the sliders unlock.
- :class:`Dashboard` - both of the above beside the two live figures and the verdict
  in words.

How updates stay fast (and why dragging never builds a queue)
-------------------------------------------------------------
State lives apart from the view: the dashboard keeps the weights, trusts and months
in a plain :class:`DashboardState`, computes an :class:`~entente_lab.analysis.model.Assessment`
from it, and renders from the assessment. Each figure is its own prebuilt
:class:`matplotlib.figure.Figure`, shown as two layers
(:class:`~entente_lab.widgets.render.LayeredFigure`): what never moves (axes, regions,
presets, titles) as one PNG sent once, and what moves (the student's point and label, the
before point and arrow, the trail, the bars and totals) as a small SVG written from the
figure's own transforms. A change moves artists in place and rewrites only the SVGs of the
figures whose content changed: a few kilobytes of text, no raster drawing, no PNG
encoding. Reports and exports keep the whole matplotlib figure (:meth:`Dashboard.figure_png`).

A key press should not wait for the kernel at all: the round trip alone (browser, Jupyter
server, kernel and back) costs 40-50 ms at the median on a 2-core machine, 70-80 ms at
the 95th percentile. So the slider that has the keyboard focus tells the kernel
(:meth:`Dashboard.look_ahead`), and after each render the kernel also draws both figures
one step down and one step up on it, with the same code, and sends those frames with the
values of every slider they assume (:class:`~entente_lab.widgets.overlay.FigureOverlay`).
The browser shows such a frame on the key press, if it still fits; the kernel's render for
that value then reuses the very same markup, so nothing changes on screen. Drawing ahead
costs about twice a render's time, after the render is out; a pointer drag turns it off
until it ends.

Coalescing has two halves. In the browser, ipywidgets keeps at most one state message
per widget in flight: while the kernel is busy, further moves of a slider are merged
into one buffered message that carries only the latest value, sent when the kernel
reports idle. The kernel handles messages one at a time and renders *synchronously*
inside the handler, so "idle" means "the figure for the last value is out": the
browser cannot run ahead of the kernel, and a drag costs at most one stale render per
slider. Inside the kernel, every render reads the *current* state, never the value
carried by the event, and changes made while a batch is open (:meth:`Dashboard.set_weights`,
:meth:`Dashboard.reset`, presets) only mark the view dirty; the batch renders once
when it closes. A change arriving while a render runs (from an observer the render
triggers) marks the view dirty and the running render loops once more with the latest
state, instead of recursing. Rendering later (for instance with ``call_soon``) would
be worse: the kernel would report idle before the figure was out, and the browser
would send the next value at once.

"One at a time" is the kernel's only for the messages of one shell: with ipykernel 7,
JupyterLab 4.4+ and Notebook 7.4+ send widget messages to a subshell, whose thread runs
beside the main shell's (a click in the main shell, a slider's focus in the subshell, in
notebook 03). Every handler that moves the figures' artists or draws them therefore takes
its turn (:mod:`~entente_lab.widgets.threads`): a handler that arrives while another runs
waits for it, then renders from the state as it is then.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from ..analysis.model import EVIDENCE_TYPES, REGIONS, Assessment, assess, complete_weights, preset_weights
from ..case.records import Case, Factor
from ..classroom.submissions import Prediction  # the one prediction record: what a save file stores
from ..plots.plane import plot_balance, plot_plane
from ..teaching.narrative import before_and_now, scenario_rule
from . import controls
from .exercises import markdown_to_html
from .overlay import FigureOverlay
from .render import LayeredFigure
from .threads import one_at_a_time, take_turns, turn

__all__ = ["CUSTOM", "Dashboard", "DashboardState", "Prediction", "PredictionGate", "WeightsPanel"]

#: What each evidence type is called on its trust slider.
_TRUST_LABELS = {
    "observed": "trust in observed behaviour",
    "hypothesis": "trust in the speaker's judgement",
    "cited": "trust in cited analysis",
}


#: Styles scoped to the dashboard: factor labels wrap onto two lines instead of being
#: cut off; every row keeps its own height (nothing is squeezed); the plane stays in
#: view beside the sliders while the page scrolls (a sticky element needs every
#: box between it and the notebook's scroller to let it overflow, JupyterLab's output
#: boxes included, for the cell that holds a dashboard only); a figure's two layers (the
#: static PNG and the moving SVG) fill one grid cell, one over the other.
_CSS = """<style>
.entente-weights-panel .widget-slider .widget-label {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.15; height: auto;
  align-self: center; font-size: 12px;
}
.entente-weights-panel > *, .entente-weights-panel .entente-row { flex: 0 0 auto; }
.entente-weights-panel .entente-icon { padding: 0; }
.entente-dashboard .entente-figures { align-self: stretch; }
.entente-dashboard .entente-figures > .entente-plane { position: sticky; top: 0; z-index: 1;
  background: var(--jp-layout-color0, white); }
.jupyter-widgets:has(.entente-plane), .jp-OutputArea:has(.entente-plane),
.jp-OutputArea-child:has(.entente-plane), .jp-OutputArea-output:has(.entente-plane) { overflow: visible; min-width: 0; }
.entente-dashboard .widget-html-content { line-height: 1.4; }
.entente-weights-panel .widget-checkbox { width: auto; height: auto; }
.entente-weights-panel .widget-checkbox label, .entente-weights-panel .widget-checkbox span {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.3; }
.entente-layered > .widget-html, .entente-layered > .entente-overlay { grid-area: 1 / 1; margin: 0; height: auto;
  min-width: 0; }
.entente-layered .widget-html-content { line-height: normal; height: auto; white-space: normal; }
.entente-layered img { display: block; width: 100%; height: auto; }
.entente-dashboard .widget-button { width: auto; min-width: max-content; }
</style>"""

#: The preset dropdown's value when the weights match no preset.
CUSTOM = ""

#: How many earlier positions the plane's trail keeps.
TRAIL_LENGTH = 12


def _factor_quote_html(factor: Factor, case: Case) -> str:
    """The factor's quotes, verbatim, with their speakers, and what is the case's interpretation."""
    parts = []
    for quote in factor.quotes:
        try:
            speaker = case.person(quote.speaker).name
        except KeyError:
            speaker = quote.speaker
        parts.append(f"<blockquote style='margin:4px 0 4px 12px'>&ldquo;{html.escape(quote.text)}&rdquo;"
                     f"<br><small>&mdash; {html.escape(speaker)}</small></blockquote>")
    parts.append(f"<small><i>{html.escape(factor.summary)}</i> The label, this summary, the evidence type "
                 f"({html.escape(factor.evidence)}) and the default weight {factor.default_weight:.2f} are "
                 f"{html.escape(case.interpretation)}.</small>")
    return "".join(parts)


def _clock_slider(case: Case) -> widgets.Widget:
    """The scenario's clock: whole steps when its reference and maximum are whole, else half steps."""
    scenario = case.scenario
    reference, maximum = (scenario.reference, scenario.maximum) if scenario is not None else (0.0, 1)
    style = {"description_width": "190px", "layout": widgets.Layout(width="96%")}
    description = scenario.clock if scenario is not None else ""
    if float(reference).is_integer():
        return controls.IntSlider(value=int(reference), min=0, max=maximum, step=1, description=description,
                                  disabled=True, **style)
    return controls.FloatSlider(value=reference, min=0.0, max=float(maximum), step=0.5, description=description,
                                disabled=True, **style)


class WeightsPanel(widgets.VBox):
    """The controls: one slider per factor, grouped by kind, plus presets, trust and months.

    Parameters
    ----------
    case : Case

    Attributes
    ----------
    sliders : dict of str to FloatSlider
        Factor id to its weight slider, in case order.
    trust : dict of str to FloatSlider
        Evidence type to its trust slider.
    scenario : Checkbox
        Ticked: use the case's duration scenario; unticked: weights as when the text was
        written. Hidden (and never ticked) when the case has no scenario.
    months : IntSlider or FloatSlider
        The scenario's clock, 0 to ``case.scenario.maximum``, used when ``scenario`` is ticked.
    preset : Dropdown
        The case's presets; :data:`CUSTOM` (``""``) when the weights match none of them.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> panel = WeightsPanel(case)
    >>> first = case.factors[0]
    >>> (panel.sliders[first.id].value, panel.sliders[first.id].description) == (first.default_weight, first.label)
    True
    >>> panel.months_value() is None
    True
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self.sliders: dict[str, controls.FloatSlider] = {}
        self.resets: dict[str, widgets.Button] = {}
        self.quote_toggles: dict[str, widgets.ToggleButton] = {}
        self.quotes: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for kind in ("strength", "strain"):
            rows.append(widgets.HTML(f"<h4 style='margin:8px 0 2px 0'>{html.escape(case.side(kind).heading)}</h4>"))
            for factor in case.factors_of_kind(kind):
                rows.append(self._factor_row(factor))
        self.reset_all = widgets.Button(description="Reset all", icon="undo",
                                        tooltip="Put every weight, trust and the scenario back to its default")
        self.preset = controls.Dropdown(
            options=[("(your own weighting)", CUSTOM)] + [(p.label, p.id) for p in case.presets], value=CUSTOM,
            description="Preset", tooltip=f"Load a named weighting ({case.interpretation})")
        self.trust = {
            kind: controls.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description=_TRUST_LABELS[kind],
                                       readout_format=".2f", continuous_update=True,
                                       description_width="190px", layout=widgets.Layout(width="96%"))
            for kind in EVIDENCE_TYPES
        }
        scenario = case.scenario
        self.scenario = widgets.Checkbox(value=False, indent=False,
                                         description=f"{scenario.label} (the package's model)" if scenario else "")
        self.months = _clock_slider(case)
        self.months_default = self.months.value
        self.scenario.observe(lambda change: setattr(self.months, "disabled", not change["new"]), names="value")
        scenario_box: list[widgets.Widget] = []
        if scenario is not None:
            scenario_box = [
                widgets.HTML(f"<h4 style='margin:8px 0 2px 0'>{html.escape(scenario.question)}</h4>"
                             f"<small>Unticked: {html.escape(scenario.reference_note)}. Ticked: the clock below "
                             f"runs the scenario's rule.{markdown_to_html(scenario_rule(case, brief=True))}</small>"),
                self.scenario, self.months,
            ]
        options = widgets.VBox([
            widgets.HTML("<h4 style='margin:8px 0 2px 0'>How much do you trust each kind of evidence?</h4>"),
            *self.trust.values(), *scenario_box,
        ])
        top = widgets.HBox([self.preset, self.reset_all], layout=widgets.Layout(flex_flow="row wrap"))
        for row in rows:
            row.add_class("entente-row")
        # No inner scroll box: the page scrolls, and the figures beside the panel stay in view (see _CSS).
        sliders = widgets.VBox(rows + [options], layout=widgets.Layout(padding="0 6px 0 0"))
        super().__init__([widgets.HTML(_CSS), top, sliders],
                         layout=widgets.Layout(flex="1 1 360px", min_width="320px", max_width="520px"))
        self.add_class("entente-weights-panel")

    def _factor_row(self, factor: Factor) -> widgets.Widget:
        slider = controls.FloatSlider(
            value=factor.default_weight, min=0.0, max=1.0, step=0.05, description=factor.label,
            readout_format=".2f", continuous_update=True,
            tooltip=f"Weight of the {self.case.side(factor.kind).label} factor '{factor.label}', from 0 (does not "
                    "count) to 1 (counts fully)",
            description_width="185px", layout=widgets.Layout(flex="1 1 auto", width="auto"))
        toggle = widgets.ToggleButton(value=False, icon="quote-left", tooltip=f"Show the words behind '{factor.label}'",
                                      layout=widgets.Layout(width="32px"))
        reset = widgets.Button(icon="undo", tooltip=f"Reset '{factor.label}' to its default weight "
                                                    f"{factor.default_weight:.2f}",
                               layout=widgets.Layout(width="32px"))
        toggle.add_class("entente-icon")
        reset.add_class("entente-icon")
        quote = widgets.HTML(_factor_quote_html(factor, self.case), layout=widgets.Layout(display="none"))
        toggle.observe(lambda change: setattr(quote.layout, "display", None if change["new"] else "none"),
                       names="value")
        reset.on_click(lambda _button: setattr(slider, "value", factor.default_weight))
        self.sliders[factor.id] = slider
        self.resets[factor.id] = reset
        self.quote_toggles[factor.id] = toggle
        self.quotes[factor.id] = quote
        line = widgets.HBox([slider, toggle, reset], layout=widgets.Layout(min_height="34px", align_items="center"))
        line.add_class("entente-row")
        return widgets.VBox([line, quote])

    def months_value(self) -> float | None:
        """The scenario's clock for the model: ``None`` unless the scenario is ticked."""
        return float(self.months.value) if self.scenario.value else None

    def controls(self) -> list[widgets.Widget]:
        """Every control that the prediction gate locks."""
        return [*self.sliders.values(), *self.resets.values(), self.reset_all, self.preset, *self.trust.values(),
                self.scenario]

    def set_enabled(self, enabled: bool) -> None:
        """Enable or disable every control (the months slider follows the scenario box)."""
        for control in self.controls():
            control.disabled = not enabled
        self.months.disabled = not (enabled and self.scenario.value)


class PredictionGate(widgets.VBox):
    """Predict-then-reveal: pick a region and give a reason, then record it.

    ``on_record(callback)`` registers ``callback(prediction)``, called once when the
    student records a prediction (with the button, or Enter in the *Because* box);
    afterwards the gate shows the prediction and locks. A prediction kept from an
    earlier run counts as recorded (:meth:`restore`): the gate shows it, and its
    *Predict again* button opens the gate as for a first prediction, calling the
    ``on_reopen`` callbacks; the kept prediction stays named until a new one is recorded.

    Attributes
    ----------
    prediction : Prediction or None
    restored : bool
        Whether :attr:`prediction` was kept from an earlier run, not recorded here.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> gate = PredictionGate(load_case())
    >>> seen = []
    >>> gate.on_record(seen.append)
    >>> gate.choice.value, gate.reason.value = "both-high", "the author says both at once"
    >>> gate.record.click()
    >>> gate.prediction, seen == [gate.prediction], gate.choice.disabled
    (Prediction(region='both-high', strength=None, strain=None, reason='the author says both at once'), True, True)

    A prediction kept from an earlier run, then replaced on purpose:

    >>> gate = PredictionGate(load_case())
    >>> gate.restore(Prediction("both-low", reason="neither side"))
    >>> gate.restored, gate.choice.disabled, "&ldquo;neither side&rdquo;" in gate.feedback.value
    (True, True, True)
    >>> gate.again.click()
    >>> gate.prediction is None, gate.choice.disabled, gate.choice.value
    (True, False, None)
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self.prediction: Prediction | None = None
        self.restored = False
        self._callbacks: list[Callable[[Prediction], Any]] = []
        self._reopen_callbacks: list[Callable[[], Any]] = []
        self._kept_line = ""  # after "Predict again": what stays kept until a new prediction is recorded
        self.choice = controls.RadioButtons(
            options=[(f"{case.region(v).label} — {case.region(v).meaning}", v) for v in REGIONS], value=None,
            description="I expect:", layout=widgets.Layout(width="auto"))
        self.reason = controls.TextBox(placeholder="one line: why do you expect that?", description="Because",
                                       layout=widgets.Layout(width="90%"))
        self.record = widgets.Button(description="Record my prediction", button_style="primary", icon="check",
                                     layout=widgets.Layout(width="auto"))  # the fixed 148 px cut the label
        self.again = widgets.Button(description="Predict again", icon="redo",
                                    tooltip="Replace the kept prediction with a new one",
                                    layout=widgets.Layout(width="auto", display="none"))
        self.feedback = widgets.HTML()
        self.record.on_click(self._on_click)
        self.again.on_click(lambda _button: self.reopen())
        self.reason.on_enter(self._record)  # Enter in the "Because" box records, as in 07's name box
        super().__init__([
            widgets.HTML(f"<b>Before you touch the sliders:</b> where do you expect {html.escape(case.plane.subject)} "
                         "to land, weighing the factors as you read them? The sliders unlock when you record a "
                         "prediction."),
            self.choice, self.reason, self.record, self.again, self.feedback,
        ], layout=widgets.Layout(border="1px solid #999999", padding="6px", margin="0 0 8px 0"))

    def on_record(self, callback: Callable[[Prediction], Any]) -> None:
        """Call ``callback(prediction)`` when a prediction is recorded (or restored, see :meth:`restore`)."""
        self._callbacks.append(callback)

    def on_reopen(self, callback: Callable[[], Any]) -> None:
        """Call ``callback()`` when *Predict again* opens the gate."""
        self._reopen_callbacks.append(callback)

    def _on_click(self, _button: Any = None) -> None:
        self._record(self.reason.value)

    def _quoted(self, prediction: Prediction) -> str:
        """``<b>region</b>, because “reason”``: the prediction in the gate's words."""
        return (f"<b>{html.escape(self.case.region_label(prediction.region))}</b>, "
                f"because &ldquo;{html.escape(prediction.reason)}&rdquo;")

    def _warn(self, warning: str) -> None:
        """Say what is missing, under the line saying what is kept (when a prediction is)."""
        line = f"<span role='alert' style='color:#D55E00'>&#9888; {warning}</span>"
        self.feedback.value = f"{self._kept_line}<br>{line}" if self._kept_line else line

    def _record(self, reason: str) -> None:
        """Record the chosen region with ``reason``, or say what is missing."""
        if self.prediction is not None:
            return  # recorded already (Enter in the "Because" box, then the button)
        reason = reason.strip()
        if self.choice.value is None:
            self._warn("Pick the region you expect first.")
            return
        if not reason:
            self._warn("Add a one-line reason: it is what you will compare with the result.")
            return
        self._accept(Prediction(region=self.choice.value, reason=reason), restored=False)

    def restore(self, prediction: Prediction) -> None:
        """Count ``prediction``, kept from an earlier run, as recorded: the gate shows it and the callbacks run."""
        self.choice.value = prediction.region if prediction.region in REGIONS else None
        self.reason.value = prediction.reason
        self._accept(prediction, restored=True)

    def _accept(self, prediction: Prediction, *, restored: bool) -> None:
        self.prediction, self.restored, self._kept_line = prediction, restored, ""
        for control in (self.choice, self.reason, self.record):
            control.disabled = True
        self.again.layout.display = None if restored else "none"
        said = (f"Kept from an earlier run: you expected {self._quoted(prediction)}. The sliders are unlocked; "
                "<i>Predict again</i> replaces it." if restored else
                f"Recorded: you expect {self._quoted(prediction)}. The sliders are unlocked.")
        self.feedback.value = f"<span role='status'>&#10003; {said}</span>"
        for callback in self._callbacks:
            callback(prediction)

    def reopen(self) -> None:
        """Open the gate as for a first prediction (what *Predict again* does); the kept one stays named until replaced."""
        if self.prediction is None:
            return
        self._kept_line = (f"Kept until you record a new prediction: {self._quoted(self.prediction)}.")
        self.prediction, self.restored = None, False
        self.choice.value, self.reason.value = None, ""
        for control in (self.choice, self.reason, self.record):
            control.disabled = False
        self.again.layout.display = "none"
        self.feedback.value = self._kept_line
        for callback in self._reopen_callbacks:
            callback()


def _concealed_plane_summary(case: Case) -> str:
    """What the plane says before a prediction: the regions it is made of, and when the rest is shown."""
    names = [case.region_label(code) for code in REGIONS]
    return (f"{case.plane.title}: the regions {', '.join(names[:-1])} and {names[-1]}; where your weighting lands is "
            "shown once you record your prediction.")


def _layered_view(layers: LayeredFigure, name: str) -> tuple[widgets.Box, FigureOverlay]:
    """A figure's two layers in one grid cell: the static PNG, sent once, under the SVG of what moves.

    The box is as wide as the figure at its own dpi, and narrower when its column is;
    both layers scale together. The PNG is decorative (``alt=""``): the SVG above it
    carries the figure's summary as its accessible name.
    """
    background = widgets.HTML(layers.background())
    overlay = FigureOverlay()
    overlay.add_class("entente-overlay")
    width = layers.figure.get_figwidth() * layers.figure.dpi
    box = widgets.Box([background, overlay], layout=widgets.Layout(display="grid", width=f"{width:.0f}px",
                                                                     max_width="100%"))
    box.add_class("entente-layered")
    box.add_class(name)
    return box, overlay


@dataclass
class DashboardState:
    """Everything the view shows, apart from the view: weights, trust, months, trail."""

    weights: dict[str, float]
    trust: dict[str, float] = field(default_factory=lambda: dict.fromkeys(EVIDENCE_TYPES, 1.0))
    months: float | None = None
    trail: list[tuple[float, float]] = field(default_factory=list)


class Dashboard(widgets.VBox):
    """The weights panel beside the case's plane, the balance and the verdict in words.

    Parameters
    ----------
    case : Case
    require_prediction : bool, default False
        Lock the controls behind a :class:`PredictionGate` until the student records
        where they expect the relationship to land. Until then nothing says where the
        weighting lands (:attr:`concealed`): the plane shows its regions only (no star,
        no region outline, no before point or arrow, no preset), the verdict says to
        record a prediction, and the balance of factors, whose totals are the scores,
        is not shown.

    Attributes
    ----------
    sliders : dict of str to FloatSlider
        Factor id to its weight slider.
    panel : WeightsPanel
    gate : PredictionGate or None
    plane_view, balance_view : ipywidgets.Box
        The two figures, each a static PNG drawn once (``<img alt="">``) under an SVG of
        what moves (:class:`~entente_lab.widgets.render.LayeredFigure`).
    plane_overlay, balance_overlay : FigureOverlay
        The moving layers: an ``<svg role="img">`` named by the figure's one-sentence
        summary, rewritten on each change, with the frames drawn ahead for the focused slider.
    verdict : ipywidgets.HTML
        The verdict in words, the prediction beside it, and both figures' summaries.
    renders : int
        How many times the view has been brought up to date (tests count with it).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> dash = Dashboard(case)
    >>> dash.assessment.region
    'both-high'
    >>> first, second = case.factors[0].id, case.factors[1].id
    >>> dash.set_weights({first: 0.0, second: 0.0})
    >>> dash.assessment.weights[first], dash.renders
    (0.0, 2)
    """

    def __init__(self, case: Case, *, require_prediction: bool = False) -> None:
        take_turns(self)  # the handlers that move the figures' artists and draw them run one at a time
        self.case = case
        self.panel = WeightsPanel(case)
        self.sliders = self.panel.sliders
        self.state = DashboardState(weights=case.default_weights())
        self.assessment: Assessment = self._compute()
        self.renders = 0
        self._batch_depth = 0
        self._dirty = False
        self._rendering = False
        self._syncing_preset = False
        self._shown: dict[str, Any] = {}
        # The sliders whose next steps the figures draw ahead, by the key the browser knows them by.
        self._steppable: dict[str, controls.FloatSlider | controls.IntSlider] = {
            **{f"weight/{fid}": slider for fid, slider in self.panel.sliders.items()},
            **{f"trust/{kind}": slider for kind, slider in self.panel.trust.items()},
            "months": self.panel.months,
        }
        self._ahead_key: str | None = None  # the slider that last had the focus in the browser
        self._ahead_frames: dict[str, dict[Any, str]] = {"plane": {}, "balance": {}}
        self._dragging = False  # a pointer drag: every step waits for the kernel anyway, so nothing is drawn ahead
        for key, slider in self._steppable.items():
            slider.key = key
            slider.on_focus(lambda _slider, key=key: self.look_ahead(key))
            slider.on_drag(lambda _slider, dragging: self._on_drag(dragging))

        self._plane = plot_plane(self.assessment, case)
        self._balance = plot_balance(self.assessment, case)
        if require_prediction:  # before the prediction, nothing says where a weighting lands: see _show_positions
            self._plane.show_positions(False)
        self._layers = {"plane": LayeredFigure(self._plane.figure, self._plane.dynamic,
                                               glyphs="".join(self._plane.you_texts.values())),
                        "balance": LayeredFigure(self._balance.figure, self._balance.dynamic)}
        self.plane_view, self.plane_overlay = _layered_view(self._layers["plane"], "entente-plane")
        self.balance_view, self.balance_overlay = _layered_view(self._layers["balance"], "entente-balance")
        self.verdict = widgets.HTML(layout=widgets.Layout(width="auto", min_height="200px"))
        self.verdict.add_class("entente-verdict")
        self.balance_caption = widgets.HTML()

        self.gate: PredictionGate | None = None
        if require_prediction:
            self.gate = PredictionGate(case)
            self.gate.on_record(self._on_prediction)
            self.gate.on_reopen(self._on_reopen)
            self.panel.set_enabled(False)

        for slider in self.sliders.values():
            slider.observe(self._on_control, names="value")
        for slider in self.panel.trust.values():
            slider.observe(self._on_control, names="value")
        self.panel.months.observe(self._on_control, names="value")
        self.panel.scenario.observe(self._on_control, names="value")
        self.panel.preset.observe(self._on_preset, names="value")
        self.panel.reset_all.on_click(lambda _button: self.reset())

        # The plane alone in the sticky column: text put under it would slide beneath it while
        # the page scrolls, so the verdict comes after the panel and the plane, in reading order.
        figures = widgets.VBox([self.plane_view], layout=widgets.Layout(flex="1 1 360px", min_width="300px",
                                                                        max_width=self.plane_view.layout.width))
        figures.add_class("entente-figures")
        top = widgets.HBox([self.panel, figures], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        children: list[widgets.Widget] = [top, self.verdict]
        if self.gate is None:
            children += [self.balance_view, self.balance_caption]
        else:  # the balance's totals are the scores: it joins the view when the prediction is recorded
            children.insert(0, self.gate)
        super().__init__(children)
        self.add_class("entente-dashboard")
        scope = f"entente-scope-{self.model_id}"  # where the overlays look for their sliders
        self.add_class(scope)
        self.plane_overlay.scope = self.balance_overlay.scope = scope
        self._render()

    # ------------------------------------------------------------------ state

    def _compute(self) -> Assessment:
        return assess(self.case, self.state.weights, evidence_trust=self.state.trust, months=self.state.months)

    def _read_controls(self) -> None:
        """Copy the controls' values into the state (the view's values are the input)."""
        self.state.weights = {fid: float(slider.value) for fid, slider in self.sliders.items()}
        self.state.trust = {kind: float(slider.value) for kind, slider in self.panel.trust.items()}
        self.state.months = self.panel.months_value()

    @property
    def prediction(self) -> Prediction | None:
        """The recorded prediction, or ``None`` (also when no gate was asked for)."""
        return self.gate.prediction if self.gate is not None else None

    @property
    def concealed(self) -> bool:
        """Whether the view still hides where the weighting lands: a gate with no prediction recorded yet."""
        return self.gate is not None and self.gate.prediction is None

    # ------------------------------------------------------------------ batching and rendering

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Changes inside only mark the view dirty; the outermost batch renders once on exit (other threads wait)."""
        with turn(self):
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
                if self._batch_depth == 0 and self._dirty:
                    self._render()

    @one_at_a_time
    def _on_control(self, _change: Mapping[str, Any]) -> None:
        self._dirty = True
        if self._batch_depth == 0:
            self._render()

    @one_at_a_time
    def _render(self) -> None:
        """Bring the view up to date with the current controls: latest state wins."""
        self._dirty = True
        if self._rendering:
            return  # the running render loops again and picks this change up
        self._rendering = True
        try:
            while self._dirty:
                self._dirty = False
                self._read_controls()
                self.assessment = self._compute()
                self._update_view()
                self.renders += 1
            if self._ahead_key is not None and not self._dragging:
                self._draw_ahead()
        finally:
            self._rendering = False

    def _next_trail(self, point: tuple[float, float]) -> list[tuple[float, float]]:
        """The trail once the point moves to ``point``: the point shown until now joins it."""
        trail = list(self.state.trail)
        if "point" in self._shown and self._shown["point"] != point:
            trail.append(self._shown["point"])
        return trail[-TRAIL_LENGTH:]

    @staticmethod
    def _frame_keys(a: Assessment, trail: list[tuple[float, float]]) -> tuple[Any, Any]:
        """Everything each figure's moving layer shows: the same keys, the same frame."""
        return ((a.strength, a.strain), a.before, a.verdict, tuple(trail)), (tuple(a.contributions.values()),
                                                                            tuple(a.weights.values()))

    def _frame(self, name: str, key: Any) -> str:
        """Figure ``name``'s moving layer for frame ``key``: drawn ahead if it was, else drawn now (artists in place)."""
        drawn = self._ahead_frames[name].get(key)
        if drawn is not None:
            return drawn
        if name == "plane":
            return self._layers[name].overlay(_concealed_plane_summary(self.case) if self.concealed else self._plane.summary)
        return self._layers[name].overlay(self._balance.summary)

    def _update_view(self) -> None:
        a = self.assessment
        point = (a.strength, a.strain)
        self.state.trail[:] = self._next_trail(point)
        plane_key, balance_key = self._frame_keys(a, self.state.trail)
        if self._shown.get("plane") != plane_key:
            self._plane.update(a, trail=self.state.trail)
            self.plane_overlay.value = self._frame("plane", plane_key)
            self._shown["plane"] = plane_key
        if self._shown.get("balance") != balance_key:
            self._balance.update(a)
            self.balance_overlay.value = self._frame("balance", balance_key)
            self._shown["balance"] = balance_key
        self._shown["point"] = point
        self.verdict.value = self._verdict_html()
        self.balance_caption.value = "" if self.concealed else f"<small>{html.escape(self._balance.summary)}</small>"
        self._sync_preset_dropdown()

    def _verdict_html(self) -> str:
        if self.concealed:
            return ("<p style='margin:6px 0'><i>Record your prediction above: then the sliders unlock, and the plane, "
                    "the verdict and the balance of factors show where your weighting lands.</i></p>")
        a = self.assessment
        name = self.case.region_label
        lines = [f"<h3 style='margin:4px 0'>Verdict: {html.escape(name(a.region))}</h3>"]
        change = before_and_now(self.case, a)
        if change:
            lines.append(f"<p class='entente-change' style='margin:2px 0'><b>{html.escape(change)}</b></p>")
        lines.append(f"<p style='margin:2px 0'>{html.escape(a.describe(self.case))}</p>")
        if self.prediction is not None:
            match = self.prediction.region == a.verdict
            lines.append(
                f"<p style='margin:6px 0'><b>You predicted {html.escape(name(self.prediction.region))}</b> "
                f"(&ldquo;{html.escape(self.prediction.reason)}&rdquo;); your weighting now says "
                f"<b>{html.escape(name(a.region))}</b>: "
                + ("they agree." if match else "they differ. Which factors moved you?") + "</p>")
        lines.append(f"<p style='margin:6px 0'><small>Figure: {html.escape(self._plane.summary)}</small></p>")
        return "".join(lines)

    # ------------------------------------------------------------------ frames drawn ahead

    @one_at_a_time
    def look_ahead(self, key: str | None) -> None:
        """Draw ahead the next steps of the slider named ``key`` (the browser calls it when the slider gets the focus).

        ``None`` stops drawing ahead. See :mod:`entente_lab.widgets.overlay`.
        """
        if key is not None and key not in self._steppable:
            raise KeyError(f"no slider {key!r} on this dashboard; one of {sorted(self._steppable)}")
        if key != self._ahead_key:
            self._ahead_key = key
            self._draw_ahead()

    @one_at_a_time
    def _on_drag(self, dragging: bool) -> None:
        """A drag's steps come faster than a round trip: draw ahead only once it ends, from where it ends."""
        self._dragging = dragging
        if not dragging and self._ahead_key is not None:
            self._draw_ahead()

    def _assess_with(self, key: str, value: float) -> Assessment:
        """The assessment once the slider ``key`` is at ``value``, every other control as it is."""
        weights, trust, months = dict(self.state.weights), dict(self.state.trust), self.state.months
        kind, _, name = key.partition("/")
        if kind == "weight":
            weights[name] = float(value)
        elif kind == "trust":
            trust[name] = float(value)
        else:
            months = float(value)
        return assess(self.case, weights, evidence_trust=trust, months=months)

    def _draw_ahead(self) -> None:
        """Draw both figures one step down and one step up on the focused slider, with the same code as a render.

        The frames go to the browser with the value of every keyed slider they assume;
        the next render that lands on one of them sends that same markup.
        """
        key = self._ahead_key
        slider = self._steppable[key] if key is not None else None
        drawn: dict[str, dict[Any, str]] = {"plane": {}, "balance": {}}
        frames: dict[str, dict[str, str]] = {"plane": {}, "balance": {}}
        if slider is not None and not slider.disabled:
            try:
                for text, value in slider.steps().items():
                    a = self._assess_with(key, value)
                    trail = self._next_trail((a.strength, a.strain))
                    plane_key, balance_key = self._frame_keys(a, trail)
                    if plane_key == self._shown["plane"]:
                        frames["plane"][text] = self.plane_overlay.value
                    else:
                        self._plane.update(a, trail=trail)
                        frames["plane"][text] = drawn["plane"][plane_key] = self._frame("plane", plane_key)
                    if balance_key == self._shown["balance"]:
                        frames["balance"][text] = self.balance_overlay.value
                    else:
                        self._balance.update(a)
                        frames["balance"][text] = drawn["balance"][balance_key] = self._frame("balance", balance_key)
            finally:  # the artists back where the figures are now (what a full PNG shows)
                self._plane.update(self.assessment, trail=self.state.trail)
                self._balance.update(self.assessment)
        self._ahead_frames = drawn
        base = {name: control.text(control.value) for name, control in self._steppable.items()}
        for name, overlay in (("plane", self.plane_overlay), ("balance", self.balance_overlay)):
            overlay.ahead = {"base": base, "frames": {key: frames[name]}} if frames[name] else {}

    def _sync_preset_dropdown(self) -> None:
        """Show the preset the weights match, or '(your own weighting)'."""
        matching = CUSTOM
        for preset in self.case.presets:
            if all(self.state.weights[fid] == value for fid, value in preset.weights.items()):
                matching = preset.id
                break
        if self.panel.preset.value != matching:
            self._syncing_preset = True
            try:
                self.panel.preset.value = matching
            finally:
                self._syncing_preset = False

    def _on_preset(self, change: Mapping[str, Any]) -> None:
        if self._syncing_preset or change["new"] == CUSTOM:
            return
        self.apply_preset(change["new"])

    @one_at_a_time
    def _on_prediction(self, _prediction: Prediction) -> None:
        self.panel.set_enabled(True)
        self._show_positions(True)
        if self.gate is not None and not self.gate.restored:
            # the Because box that had the focus is locked now: the focus goes to the first slider, not to <body>
            next(iter(self.sliders.values())).focus()

    @one_at_a_time
    def _on_reopen(self) -> None:
        self.panel.set_enabled(False)
        self._show_positions(False)

    def _show_positions(self, shown: bool) -> None:
        """Show (or hide again) where the weighting lands: the plane's marks, the presets' (in its static layer),
        the verdict, the balance."""
        self._plane.show_positions(shown)
        self.plane_view.children[0].value = self._layers["plane"].background()  # the static layer, presets in it or not
        self._shown.pop("plane", None)
        self._ahead_frames = {"plane": {}, "balance": {}}  # frames drawn ahead show what was shown when drawn
        self._render()
        rest = tuple(child for child in self.children if child not in (self.balance_view, self.balance_caption))
        self.children = (*rest, self.balance_view, self.balance_caption) if shown else rest

    # ------------------------------------------------------------------ public actions

    def set_weights(self, weights: Mapping[str, float]) -> None:
        """Set several factor weights at once: one message to the browser, one redraw.

        Unknown ids and values outside [0, 1] raise :class:`~entente_lab.analysis.model.ModelError`
        before any slider moves.
        """
        checked = complete_weights(self.case, {**self.state.weights, **weights})
        with self._batch(), ExitStack() as held:
            for fid in weights:
                held.enter_context(self.sliders[fid].hold_sync())
            for fid in weights:
                self.sliders[fid].value = checked[fid]

    def apply_preset(self, preset_id: str) -> None:
        """Load a preset's weights (all factors) in one update."""
        self.set_weights(preset_weights(self.case, preset_id))

    def reset(self) -> None:
        """Every weight to its default, trust to 1, scenario off: one update."""
        with self._batch():
            self.set_weights(self.case.default_weights())
            with ExitStack() as held:
                for slider in self.panel.trust.values():
                    held.enter_context(slider.hold_sync())
                for slider in self.panel.trust.values():
                    slider.value = 1.0
                self.panel.scenario.value = False
                self.panel.months.value = self.panel.months_default

    @one_at_a_time
    def figure_png(self, which: str = "plane") -> bytes:
        """A full-quality PNG of one figure (``"plane"`` or ``"balance"``), for saving."""
        return self._layers[which].full_png()

    def summaries(self) -> dict[str, str]:
        """The text of everything the figures show: verdict, the change since the reference event, plane and balance."""
        a = self.assessment
        return {"verdict": a.describe(self.case), "change": before_and_now(self.case, a), "plane": self._plane.summary,
                "balance": self._balance.summary}
