"""Explorers for the notebooks: the trilemma, the actor network, robustness and the duration scenario.

Each explorer is an :class:`ipywidgets.VBox`, so it displays itself. It builds its
figures once (a :class:`matplotlib.figure.Figure`, no pyplot), updates their artists
in place when a control changes, and shows them as PNG in an ``<img>`` whose alt text
is the figure's one-sentence summary, with that summary below it as the caption.
(:class:`ipywidgets.Image` has no alt text, and JupyterLab's image renderer drops the
``alt`` an ``IPython.display.Image`` puts in its metadata, so the ``<img>`` is drawn
by an :class:`ipywidgets.HTML`.) Every control is a native, named
element (a :mod:`~entente_lab.widgets.controls` menu or slider, an ipywidgets checkbox
or button), reachable with Tab and moved with the keyboard.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..analysis.model import Weights, complete_weights
from ..analysis.robustness import robustness
from ..case.records import Case
from ..plots._canvas import FigureHandle, img_tag, labels_html
from ..plots.maps import plot_actor_network
from ..plots.stress import plot_region_shares, plot_tornado
from ..plots.timeline import plot_duration
from ..plots.trilemma import NO_TRILEMMA, plot_trilemma, sacrificed_goal, trilemma_summary
from ..teaching.narrative import scenario_rule
from . import controls
from .exercises import markdown_to_html
from .render import encode_png

__all__ = ["ActorNetworkView", "DurationScenario", "FigurePanel", "RobustnessView", "TrilemmaExplorer"]

_DPI = 100


class FigurePanel:
    """One figure (a plot's handle) shown as a PNG image with its summary as alt text and,
    with any shortened labels, as a caption (``box`` holds both; :meth:`show` redraws).

    With ``frozen_layout``, the figure is laid out once, when attached, and every
    :meth:`show` draws it as it is (no layout pass) into a fast PNG: for a figure whose
    artists move in place often and whose layout already fits every state (the live
    class's plane: its legend is sized for 999 students). Half the time of a redraw.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.plots.trilemma import plot_trilemma
    >>> panel = FigurePanel()
    >>> handle = panel.attach(plot_trilemma(load_case()))
    >>> panel.show()
    >>> f'alt="{html.escape(handle.summary)}"' in panel.image.value
    True
    """

    def __init__(self, *, frozen_layout: bool = False) -> None:
        self.handle: FigureHandle | None = None
        self.frozen_layout = frozen_layout
        self._canvas: FigureCanvasAgg | None = None
        self.image = widgets.HTML()
        self.caption = widgets.HTML()
        self.box = widgets.VBox([self.image, self.caption])

    def attach(self, handle: FigureHandle) -> FigureHandle:
        """Show ``handle`` from now on."""
        self.handle = handle
        if self.frozen_layout:
            figure = handle.figure
            engine = figure.get_layout_engine()
            if engine is not None:
                engine.execute(figure)
                figure.set_layout_engine("none")
            self._canvas = FigureCanvasAgg(figure)
        return handle

    def _png(self) -> bytes:
        assert self.handle is not None
        if self._canvas is None:
            return self.handle.png(dpi=_DPI)
        self._canvas.draw()
        return encode_png(self._canvas)

    def show(self) -> None:
        """Render the figure as it is now, and its summary (as wide as the figure, at most the page)."""
        assert self.handle is not None
        figure = self.handle.figure
        width, height = figure.get_figwidth() * _DPI, figure.get_figheight() * _DPI
        self.image.value = img_tag(self._png(), self.handle.summary,
                                   f"width:100%;max-width:{width:.0f}px;height:auto;aspect-ratio:{width:.0f}/{height:.0f}")
        self.caption.value = (f'<p role="note" style="max-width:60em">{html.escape(self.handle.summary)}</p>'
                              f"{labels_html(self.handle.full_labels)}")


def _options(evidence_trust: Mapping[str, float] | None, thresholds: Sequence[float]) -> dict[str, Any]:
    """The model options the explorers pass on (they set the scenario's clock themselves)."""
    return {"evidence_trust": evidence_trust, "thresholds": tuple(thresholds)}


def _note(text: str) -> widgets.HTML:
    return widgets.HTML(f'<p style="font-style:italic;max-width:60em">{html.escape(text)}</p>')


# --------------------------------------------------------------------------- trilemma

class TrilemmaExplorer(widgets.VBox):
    """Pick a policy option; see its effects on the three goals and where it sits in the triangle.

    Attributes
    ----------
    option : entente_lab.widgets.controls.Dropdown or None
        The option chooser (``None`` for a case without a trilemma).
    effects : ipywidgets.HTML
        The chosen option's effects in words, the goal it sacrifices, and the note that
        the effects are the case's interpretation.
    image, summary : ipywidgets.HTML
        The triangle (an ``<img>`` with its summary as alt text) and its one-sentence summary.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> explorer = TrilemmaExplorer(case)
    >>> option = case.trilemma.options[-1]
    >>> explorer.option.value = option.id
    >>> f"sacrifices <b>{sacrificed_goal(case.trilemma, option)[0]}</b>" in explorer.effects.value
    True
    """

    def __init__(self, case: Case, **kwargs: Any):
        self.case = case
        self.option: controls.Dropdown | None = None
        self.effects = widgets.HTML()
        self._panel = FigurePanel()
        self.image, self.summary = self._panel.image, self._panel.caption
        trilemma = case.trilemma
        if trilemma is None or len(trilemma.goals) < 3 or not trilemma.options:
            self.artists = None
            self.effects.value = f"<p>{html.escape(NO_TRILEMMA)} There is nothing to explore here.</p>"
            self.summary.value = f'<p role="note">{html.escape(trilemma_summary(case))}</p>'
            super().__init__([self.effects], **kwargs)
            return
        self.option = controls.Dropdown(options=[(o.label, o.id) for o in trilemma.options],
                                        value=trilemma.options[0].id, description="Policy option:",
                                        layout=widgets.Layout(width="32em"))
        self.artists = self._panel.attach(plot_trilemma(case, highlight=self.option.value))
        self.option.observe(self._on_change, names="value")
        self._refresh()
        super().__init__([self.option, widgets.HBox([self.effects]), self._panel.box], **kwargs)

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self._refresh()

    def _refresh(self) -> None:
        assert self.option is not None and self.artists is not None and self.case.trilemma is not None
        trilemma = self.case.trilemma
        option = next(o for o in trilemma.options if o.id == self.option.value)
        rows = "".join(
            f"<tr><td>{html.escape(g.label)}</td><td style='text-align:right'>"
            f"{float(option.effects.get(g.id, 0.0)):+.1f}</td></tr>" for g in trilemma.goals)
        lost, value = sacrificed_goal(trilemma, option)
        verdict = (f"It sacrifices <b>{html.escape(lost)}</b> (effect {value:+.1f})." if value < 0
                   else f"It hurts no goal; it serves {html.escape(lost)} least.")
        self.effects.value = (
            f"<p><b>{html.escape(option.label)}</b>: {html.escape(option.summary)}</p>"
            f"<table><tr><th style='text-align:left'>goal</th><th>effect (-1 to +1)</th></tr>{rows}</table>"
            f"<p>{verdict}</p><p><i>The effects are {html.escape(self.case.interpretation)}.</i></p>")
        self.artists.update(option.id)
        self._panel.show()


# --------------------------------------------------------------------------- actor network

class ActorNetworkView(widgets.VBox):
    """The actor network, with one checkbox per relation type to show or hide it.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> view = ActorNetworkView(case)
    >>> relation = case.relations[-1]
    >>> view.filters[relation.type].value = False
    >>> view.artists.edges[relation.id].get_visible(), relation.type in view.relation_types
    (False, False)
    """

    def __init__(self, case: Case, weights: Weights = None, **kwargs: Any):
        self.case = case
        self.weights = weights
        self._panel = FigurePanel()
        self.image, self.summary = self._panel.image, self._panel.caption
        self.artists = self._panel.attach(plot_actor_network(case, weights))
        types = list(dict.fromkeys(r.type for r in case.relations))
        self.filters = {t: widgets.Checkbox(value=True, description=t, indent=False,
                                            layout=widgets.Layout(width="auto")) for t in types}
        for box in self.filters.values():
            box.observe(self._on_change, names="value")
        controls = widgets.HBox([widgets.Label("Show relations:"), *self.filters.values()],
                                layout=widgets.Layout(flex_flow="row wrap"))
        self._refresh()
        super().__init__([controls, self._panel.box,
                          _note(f"Relation types, labels and weights are {case.interpretation}.")], **kwargs)

    @property
    def relation_types(self) -> list[str]:
        """The relation types currently shown."""
        return [t for t, box in self.filters.items() if box.value]

    def set_weights(self, weights: Weights) -> None:
        """Re-weight the relations (line widths) for a new weighting."""
        self.weights = weights
        self._refresh()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self._refresh()

    def _refresh(self) -> None:
        self.artists.update(self.weights, relation_types=self.relation_types)
        self._panel.show()


# --------------------------------------------------------------------------- robustness

class RobustnessView(widgets.VBox):
    """Monte Carlo robustness: a noise-spread slider, a seeded "Run" button, the region shares and the tornado.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> view = RobustnessView(load_case(), n=500)
    >>> view.spread.value = 0.4
    >>> view.run.click()
    >>> view.result.spread
    0.4
    """

    def __init__(self, case: Case, weights: Weights = None, *, n: int = 5_000, seed: int = 0,
                 evidence_trust: Mapping[str, float] | None = None, thresholds: Sequence[float] = (0.5, 0.5),
                 **kwargs: Any):
        self.case, self.weights, self.n, self.seed = case, complete_weights(case, weights), n, seed
        self.options = _options(evidence_trust, thresholds)
        self.spread = controls.FloatSlider(value=0.15, min=0.0, max=0.5, step=0.01, description="Noise spread:",
                                           continuous_update=False, readout_format=".2f",
                                           layout=widgets.Layout(width="30em"))
        self.run = widgets.Button(description="Run", icon="play", tooltip=f"Score {n:,} nearby weightings (seed {seed})",
                                  button_style="primary")
        self._shares, self._tornado = FigurePanel(), FigurePanel()
        self.image, self.summary = self._shares.image, self._shares.caption
        self.tornado_image, self.tornado_summary = self._tornado.image, self._tornado.caption
        self.result = self._compute()
        self.shares_artists = self._shares.attach(plot_region_shares(self.result, case))
        self.tornado_artists = self._tornado.attach(plot_tornado(case, self.weights, **self.options))
        self._shares.show()
        self._tornado.show()
        self.run.on_click(self._on_run)
        super().__init__([widgets.HBox([self.spread, self.run]), self._shares.box, self._tornado.box,
                          _note("Each run adds Normal noise of the chosen spread to every weight, clipped to [0, 1], "
                                f"and scores {n:,} weightings with seed {seed}, so a run can be repeated exactly.")],
                         **kwargs)

    def _compute(self):
        return robustness(self.case, self.weights, n=self.n, spread=float(self.spread.value), seed=self.seed,
                          **self.options)

    def _on_run(self, button: widgets.Button | None = None) -> None:
        self.result = self._compute()
        self.shares_artists.update(self.result)
        self._shares.show()

    def set_weights(self, weights: Weights, *, evidence_trust: Mapping[str, float] | None = None,
                    thresholds: Sequence[float] = (0.5, 0.5)) -> None:
        """Use a new central weighting (and model options): redraw the tornado and re-run the Monte Carlo."""
        self.weights, self.options = complete_weights(self.case, weights), _options(evidence_trust, thresholds)
        self.tornado_artists.update(self.weights, **self.options)
        self._tornado.show()
        self._on_run()


# --------------------------------------------------------------------------- the duration scenario

class DurationScenario(widgets.VBox):
    """The scenario's clock as a slider: strength and strain along the package's duration rule.

    The clock starts at the case's reference event (0: the before point) and reaches
    the now point when the text was written; the rule is shown beneath in the case's
    words (:func:`entente_lab.teaching.narrative.scenario_rule`).

    A case without a duration scenario gets one line that says so, and nothing else.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> scenario = DurationScenario(case)
    >>> scenario.months.value = 0
    >>> f"after 0 {case.scenario.clock}" in scenario.summary.value and "(the before point)" in scenario.summary.value
    True
    """

    def __init__(self, case: Case, weights: Weights = None, *, evidence_trust: Mapping[str, float] | None = None,
                 thresholds: Sequence[float] = (0.5, 0.5), **kwargs: Any):
        self.case, self.weights = case, complete_weights(case, weights)
        self.options = _options(evidence_trust, thresholds)
        if case.scenario is None:
            self.months = None
            super().__init__([_note("This case has no duration scenario.")], **kwargs)
            return
        scenario = case.scenario
        self.months = controls.IntSlider(value=int(scenario.reference), min=0, max=scenario.maximum, step=1,
                                         description=f"{scenario.clock[:1].upper()}{scenario.clock[1:]}:",
                                         layout=widgets.Layout(width="30em"))
        self._panel = FigurePanel()
        self.image, self.summary = self._panel.image, self._panel.caption
        self.artists = self._panel.attach(plot_duration(case, self.weights, months=self.months.value, **self.options))
        self.months.observe(self._on_change, names="value")
        self._refresh()
        super().__init__([self.months, self._panel.box, widgets.HTML(markdown_to_html(scenario_rule(case, brief=True)))], **kwargs)

    def set_weights(self, weights: Weights, *, evidence_trust: Mapping[str, float] | None = None,
                    thresholds: Sequence[float] = (0.5, 0.5)) -> None:
        """Redraw the curves for a new weighting (and model options)."""
        self.weights, self.options = complete_weights(self.case, weights), _options(evidence_trust, thresholds)
        self._refresh()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self._refresh()

    def _refresh(self) -> None:
        """Move the marker (and the curves, when the weights changed) and show the figure."""
        self.artists.update(self.weights, months=self.months.value, **self.options)
        self._panel.show()
