"""Stress-testing figures: Monte Carlo region shares, the tipping-point tornado, and the formal lens.

Each returns a handle (:class:`~entente_lab.plots._canvas.FigureHandle`) that updates in
place and says what it shows; each sizes itself from its labels, once, when drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter

from ..analysis.model import REGIONS, Assessment
from ..analysis.qbaf import COUNTER_CLAIM, argument_qbaf, qbaf_strengths
from ..analysis.robustness import Robustness, TippingPoint, tipping_points
from ..case.records import Case
from ._canvas import FigureHandle, fitted, new_figure, text_size, weights_of, widest, wrap_to_width
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, side_names

__all__ = [
    "QbafComparisonArtists", "RegionSharesArtists", "TornadoArtists", "TornadoRow",
    "plot_qbaf_comparison", "plot_region_shares", "plot_tornado",
    "qbaf_comparison_summary", "qbaf_comparison_values", "region_shares_summary", "tornado_rows", "tornado_summary",
    "update_qbaf_comparison", "update_region_shares", "update_tornado",
]


def _region_words(case: Case, book: dict[str, str], chars: int = 40, lines: int = 2) -> dict[str, str]:
    """Region code to its name as a figure draws it: the short name if any, fitted."""
    return {code: fitted(case.region_label(code), book, short=case.region(code).short, chars=chars, lines=lines)
            for code in REGIONS}


def _row_height(labels: Sequence[str], fontsize: float, least: float = 0.3) -> float:
    """The height in inches of a row that holds the tallest of ``labels``."""
    return max(least, max((text_size(label, fontsize)[1] for label in labels), default=0.0) + 0.08)


# --------------------------------------------------------------------------- region shares

@dataclass(eq=False)
class RegionSharesArtists(FigureHandle):
    """The handle of :func:`plot_region_shares`: one bar and one percentage per region, in :data:`REGIONS` order."""

    case: Case | None = None
    result: Robustness | None = None
    bars: BarContainer | None = None
    values: list[Text] = field(default_factory=list)
    title: Text | None = None
    names: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """How many nearby weightings keep the verdict (:func:`region_shares_summary`)."""
        assert self.case is not None and self.result is not None
        return region_shares_summary(self.result, self.case)

    def update(self, result: Robustness) -> None:
        """Set the bars, percentages, labels and title to ``result``, in place."""
        assert self.bars is not None
        self.result = result
        for bar, text, code in zip(self.bars, self.values, REGIONS, strict=True):
            share = result.shares[code]
            bar.set_width(share)
            bar.set_linewidth(2.4 if code == result.verdict else 0.8)
            text.set_x(share + 0.015)
            text.set_text(f"{share:.0%}")
        rows = list(range(len(REGIONS)))[::-1]
        self.ax.set_yticks(rows, [_yours(self.names[c]) if c == result.verdict else self.names[c] for c in REGIONS])
        if self.title is not None:
            self.title.set_text(_shares_title(result))


def _yours(name: str) -> str:
    return f"{name} (yours)"


def _shares_title(result: Robustness) -> str:
    return f"Where {result.n:,} weightings near yours land (noise spread {result.spread:g})"


def plot_region_shares(result: Robustness, case: Case, *, ax: Axes | None = None) -> RegionSharesArtists:
    """Bar chart of the share of Monte Carlo samples in each region of the plane.

    The case's names for the regions label the bars, each bar has its own hatch as well
    as its colour, the share is written at the end of each bar, and the central
    weighting's own region is marked "(yours)".

    Parameters
    ----------
    result : Robustness
        From :func:`entente_lab.robustness`.
    case : Case
        The case the result belongs to: the regions' names.
    ax : Axes, optional
        Where to draw; by default a new figure as wide as the names need.

    Returns
    -------
    RegionSharesArtists
        The handle: ``update(result)`` moves the bars.

    Examples
    --------
    >>> from entente_lab import load_case, robustness
    >>> case = load_case()
    >>> shares = plot_region_shares(robustness(case, n=2_000, seed=1), case)
    >>> [t.get_text() for t in shares.values]
    ['98%', '0%', '2%', '0%']
    """
    book: dict[str, str] = {}
    names = _region_words(case, book)
    if ax is None:
        labels = [_yours(name) for name in names.values()]
        width = widest(labels, FONT_SIZE) + 5.6
        ax = new_figure((max(7.0, width), len(REGIONS) * _row_height(labels, FONT_SIZE, 0.45) + 1.2)).add_subplot()
    rows = list(range(len(REGIONS)))[::-1]  # first region on top
    bars = ax.barh(rows, [result.shares[v] for v in REGIONS], height=0.65,
                   color=[REGION_STYLE[v]["color"] for v in REGIONS], edgecolor="black", linewidth=0.8)
    for bar, code in zip(bars, REGIONS, strict=True):
        bar.set_hatch(REGION_STYLE[code]["bar_hatch"])
    artists = RegionSharesArtists(ax=ax, case=case, result=result, bars=bars, names=names, full_labels=book)
    for row in rows:
        artists.values.append(ax.text(0, row, "", va="center", ha="left", fontsize=FONT_SIZE, fontweight="bold"))
    ax.set_xlim(0, 1.18)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of samples", fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    artists.title = ax.set_title("", fontsize=FONT_SIZE + 1, loc="left")
    artists.update(result)
    return artists


def update_region_shares(artists: RegionSharesArtists, result: Robustness) -> None:
    """Set the bars, percentages, labels and title to a new result: :meth:`RegionSharesArtists.update`.

    Examples
    --------
    >>> from entente_lab import load_case, robustness
    >>> case = load_case()
    >>> shares = plot_region_shares(robustness(case, n=500, seed=1), case)
    >>> update_region_shares(shares, robustness(case, {f.id: 0.0 for f in case.factors}, n=500, seed=1))
    >>> shares.ax.get_yticklabels()[3].get_text() == case.region_label("both-low") + " (yours)"
    True
    """
    artists.update(result)


def region_shares_summary(result: Robustness, case: Case) -> str:
    """One sentence: how many nearby weightings keep the verdict, and where the rest go (the case's region names).

    Examples
    --------
    >>> from entente_lab import load_case, robustness
    >>> case = load_case()
    >>> text = region_shares_summary(robustness(case, n=2_000, seed=1), case)
    >>> text.startswith(f"Of 2,000 weightings near yours (noise spread 0.15), 98% keep your verdict, "
    ...                 f"{case.region_label('both-high')}; 0% land in {case.region_label('strength-high')}")
    True
    """
    names = {code: case.region_label(code) for code in REGIONS}
    others = [v for v in REGIONS if v != result.verdict]
    parts = [f"{result.shares[v]:.0%} {'land in ' if i == 0 else 'in '}{names[v]}" for i, v in enumerate(others)]
    rest = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)
    return (f"Of {result.n:,} weightings near yours (noise spread {result.spread:g}), {result.agreement:.0%} keep "
            f"your verdict, {names[result.verdict]}; {rest}.")


# --------------------------------------------------------------------------- tornado

@dataclass(frozen=True)
class TornadoRow:
    """One row of the tornado: a factor, its current weight and its tipping point."""

    factor: str
    label: str
    kind: str
    weight: float
    tip: TippingPoint


def _options_of(weights: object) -> dict[str, object]:
    if isinstance(weights, Assessment):
        return {"evidence_trust": weights.evidence_trust, "months": weights.months, "thresholds": weights.thresholds}
    return {}


def tornado_rows(case: Case, weights: object = None, **options: object) -> list[TornadoRow]:
    """The tornado's rows, closest tipping point first; factors with none last, in case order.

    ``weights`` is a mapping, a preset or an assessment (whose model options are then
    used); ``options`` (``evidence_trust``, ``months``, ``thresholds``) go to
    :func:`entente_lab.tipping_points`.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> rows = tornado_rows(case, {f.id: 0.5 for f in case.factors})
    >>> rows[0].factor == case.factors[0].id, rows[0].weight, rows[0].tip.weight
    (True, 0.5, 0.5)
    """
    complete = weights_of(case, weights)
    merged = {**_options_of(weights), **options}
    tips = tipping_points(case, complete, **merged)  # type: ignore[arg-type]
    rows = [TornadoRow(f.id, f.label, f.kind, complete[f.id], tips[f.id]) for f in case.factors]
    def closeness(i: int) -> tuple[bool, float, int]:
        tip = rows[i].tip.weight
        return (tip is None, 0.0 if tip is None else abs(tip - rows[i].weight), i)

    order = sorted(range(len(rows)), key=closeness)
    return [rows[i] for i in order]


@dataclass(eq=False)
class TornadoArtists(FigureHandle):
    """The handle of :func:`plot_tornado`: one slot per factor, top to bottom; ``update`` refills the slots."""

    case: Case | None = None
    rows: list[TornadoRow] = field(default_factory=list)
    verdict: str = ""
    bars: BarContainer | None = None
    current: list[Line2D] = field(default_factory=list)
    tips: list[Line2D] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    region_words: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """Which factor, moved alone, comes closest to changing the verdict (:func:`tornado_summary`)."""
        assert self.case is not None
        return _tornado_sentence(self.case, self.rows, self.verdict)

    def update(self, weights: object = None, **options: object) -> None:
        """Refill the rows for a new weighting (re-sorted), moving the existing artists.

        ``options`` (``evidence_trust``, ``months``, ``thresholds``) are the model's, as
        for :func:`entente_lab.assess`.
        """
        assert self.bars is not None and self.case is not None
        rows = tornado_rows(self.case, weights, **options)
        if len(rows) != len(self.current):
            raise ValueError(f"the tornado was drawn for {len(self.current)} factors; this case has {len(rows)}")
        for slot, row in enumerate(rows):
            style = KIND_STYLE[row.kind]
            bar = self.bars[slot]
            current, tip, note = self.current[slot], self.tips[slot], self.notes[slot]
            y = len(rows) - 1 - slot
            current.set_data([row.weight], [y])
            current.set_marker(style["marker"])
            current.set_markerfacecolor(style["color"])
            bar.set_facecolor(style["color"])
            bar.set_hatch(style["hatch"])
            note.set_position((1.03, y))
            if row.tip.weight is None:
                bar.set_x(row.weight)
                bar.set_width(0.0)
                tip.set_data([], [])
                note.set_text(_NO_TIP)
                note.set_color(OKABE_ITO["grey"])
                note.set_fontstyle("italic")
            else:
                low, high = sorted((row.weight, row.tip.weight))
                bar.set_x(low)
                bar.set_width(high - low)
                tip.set_data([row.tip.weight], [y])
                note.set_text(_note(row.tip, self.region_words))
                note.set_color("black")
                note.set_fontstyle("normal")
        self.ax.set_yticks(list(range(len(rows)))[::-1], [self.labels[row.factor] for row in rows])
        self.rows = rows
        self.factors = [row.factor for row in rows]
        self.verdict = _verdict(self.case, weights, options)


_NO_TIP = "none in [0, 1]"


def _note(tip: TippingPoint, region_words: Mapping[str, str]) -> str:
    """What lies past a tipping point, ready to draw."""
    where = "below" if tip.direction == "down" else "from"
    return f"{where} {tip.weight:.2f}: {region_words[tip.verdict_after]}"


def _verdict(case: Case, weights: object, options: Mapping[str, object]) -> str:
    from ..analysis.model import assess

    return assess(case, weights_of(case, weights), **{**_options_of(weights), **options}).region  # type: ignore[arg-type]


#: The tornado's bar area (weights 0 to 1) in inches.
_TORNADO_BARS = 4.2


def plot_tornado(case: Case, weights: object = None, *, ax: Axes | None = None, **options: object) -> TornadoArtists:
    """The tipping-point tornado: per factor, the span from its weight to the weight that flips the verdict.

    One row per factor, closest tipping point on top, labelled with the factor's label
    (its short label when the case gives one, fitted to two lines). A bar (kind colour
    **and** hatch) runs from the current weight (the kind's marker) to the tipping
    weight (a black bar end), and the text says which region lies past it; a factor
    that no weight in [0, 1] can flip on its own says "none in [0, 1]". The figure is
    as wide and as tall as its labels need.

    Parameters
    ----------
    case : Case
    weights : mapping, preset, assessment or None
        The weighting; an assessment also brings its model options.
    ax : Axes, optional
        Where to draw; by default a new figure sized to the labels.
    **options
        ``evidence_trust``, ``months``, ``thresholds`` as for :func:`entente_lab.assess`.

    Returns
    -------
    TornadoArtists
        The handle: ``update(weights, **options)`` refills it.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> tornado = plot_tornado(case, preset_weights(case, case.presets[-1].id))
    >>> tornado.factors == [row.factor for row in tornado_rows(case, preset_weights(case, case.presets[-1].id))]
    True
    >>> tornado.summary == tornado_summary(case, preset_weights(case, case.presets[-1].id))
    True
    """
    book: dict[str, str] = {}
    labels = {f.id: fitted(f.label, book, short=f.short_label) for f in case.factors}
    region_words = _region_words(case, book, chars=30, lines=1)
    sides = side_names(case)
    count = len(case.factors)
    notes = [_NO_TIP] + [f"below 0.00: {word}" for word in region_words.values()]
    note_width = widest(notes, FONT_SIZE - 1) + 0.15
    right = 1.03 + note_width / _TORNADO_BARS
    legend_labels = [fitted(f"{sides[k]} factor", book, chars=30, lines=1) for k in ("strength", "strain")]
    legend_labels += ["your weight", "tipping weight"]
    title = "Tipping points: moving one factor alone, where does the verdict change? (closest first)"
    own = ax is None
    if ax is None:
        width = max(7.0, widest(labels.values(), FONT_SIZE) + 0.4 + _TORNADO_BARS * right + 0.3)
        ax = new_figure((width, count * _row_height(list(labels.values()), FONT_SIZE) + 1.9)).add_subplot()
        title = wrap_to_width(title, width - 0.4, FONT_SIZE + 1)
    slots = list(range(count))[::-1]  # slot 0 at the top
    bars = ax.barh(slots, [0.0] * count, left=[0.0] * count, height=0.6, edgecolor="black", linewidth=0.6, alpha=0.85)
    artists = TornadoArtists(ax=ax, case=case, bars=bars, labels=labels, region_words=region_words, full_labels=book)
    for slot in slots:
        artists.current.append(ax.plot([], [], linestyle="", markersize=9, markeredgecolor="black", zorder=4)[0])
        artists.tips.append(ax.plot([], [], linestyle="", marker="|", markersize=16, markeredgewidth=3,
                                    color="black", zorder=4)[0])
        artists.notes.append(ax.text(0, slot, "", va="center", ha="left", fontsize=FONT_SIZE - 1, zorder=5))
    ax.set_xlim(0, right)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylim(-0.7, count - 0.3)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel("weight (0 to 1)", fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    for x in (0.25, 0.5, 0.75):
        ax.axvline(x, color=OKABE_ITO["grey"], alpha=0.3, linewidth=0.8, zorder=0)
    handles = [Patch(facecolor=KIND_STYLE[k]["color"], hatch=KIND_STYLE[k]["hatch"], edgecolor="black", label=label)
               for k, label in zip(("strength", "strain"), legend_labels, strict=False)]
    handles += [Line2D([], [], marker="o", linestyle="", color="grey", markeredgecolor="black", label=legend_labels[2]),
                Line2D([], [], marker="|", linestyle="", color="black", markersize=12, markeredgewidth=3,
                       label=legend_labels[3])]
    if own:
        columns = 4 if widest(legend_labels, FONT_SIZE - 1) * 4 + 2.4 <= ax.figure.get_figwidth() else 2
        ax.figure.legend(handles=handles, loc="outside lower center", ncol=columns, fontsize=FONT_SIZE - 1, frameon=False)
    else:
        ax.legend(handles=handles, loc="lower right", fontsize=FONT_SIZE - 1, frameon=False)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    artists.update(weights, **options)
    return artists


def update_tornado(artists: TornadoArtists, case: Case, weights: object = None, **options: object) -> None:
    """Refill the tornado's rows for a new weighting: :meth:`TornadoArtists.update`.

    ``case`` must be the case the tornado was drawn for.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> tornado = plot_tornado(case)
    >>> update_tornado(tornado, case, {f.id: 0.5 for f in case.factors})
    >>> tornado.factors[0] == case.factors[0].id
    True
    """
    if case is not artists.case:
        raise ValueError("the tornado was drawn for another case; draw a new one with plot_tornado")
    artists.update(weights, **options)


def _tornado_sentence(case: Case, rows: Sequence[TornadoRow], verdict_code: str) -> str:
    verdict = case.region_label(verdict_code)
    movable = [r for r in rows if r.tip.weight is not None]
    if not movable:
        return (f"Tipping points: no single factor, moved alone anywhere in [0, 1], changes the verdict "
                f"({verdict}) for any of the {len(rows)} factors.")
    first = movable[0]
    where = "below" if first.tip.direction == "down" else "at or above"
    return (f"Tipping points: {len(movable)} of {len(rows)} factors can change the verdict ({verdict}) on their own; "
            f'the closest is "{first.label}", whose weight {first.weight:.2f} turns it to '
            f"{case.region_label(first.tip.verdict_after)} {where} {first.tip.weight:.2f}.")


def tornado_summary(case: Case, weights: object = None, **options: object) -> str:
    """One sentence: which factor, moved alone, comes closest to changing the verdict.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = tornado_summary(case)
    >>> text.startswith("Tipping points: no single factor, moved alone anywhere in [0, 1], changes the verdict")
    True
    >>> text = tornado_summary(case, {f.id: 0.5 for f in case.factors})
    >>> text.startswith(f"Tipping points: {len(case.factors)} of {len(case.factors)} factors can change the verdict")
    True
    """
    return _tornado_sentence(case, tornado_rows(case, weights, **options), _verdict(case, weights, options))


# --------------------------------------------------------------------------- formal lens

_SEMANTICS_STYLE = {
    "quadratic-energy": {"color": OKABE_ITO["bluish_green"], "hatch": "", "label": "quadratic energy (Potyka)"},
    "df-quad": {"color": OKABE_ITO["reddish_purple"], "hatch": "//", "label": "DF-QuAD (Rago et al.)"},
}


def qbaf_comparison_values(case: Case, weights: object = None, **options: object) -> dict[str, dict[str, float]]:
    """Semantics to {node id: strength} for the thesis, the sub-claims and the counter-claim.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> values = qbaf_comparison_values(load_case())
    >>> list(values), list(values["df-quad"])[0], list(values["df-quad"])[-1]
    (['quadratic-energy', 'df-quad'], 'thesis', 'counter-claim')
    """
    complete = weights_of(case, weights)
    graph = argument_qbaf(case, complete, **{**_options_of(weights), **options})  # type: ignore[arg-type]
    nodes = ["thesis", *(c.id for c in case.claims), COUNTER_CLAIM]
    result = {}
    for semantics in _SEMANTICS_STYLE:
        strengths = qbaf_strengths(graph, semantics=semantics)
        result[semantics] = {node: strengths[node] for node in nodes}
    return result


@dataclass(eq=False)
class QbafComparisonArtists(FigureHandle):
    """The handle of :func:`plot_qbaf_comparison`: semantics to its bars and value labels, in node order."""

    case: Case | None = None
    values_now: dict[str, dict[str, float]] = field(default_factory=dict)
    nodes: list[str] = field(default_factory=list)
    bars: dict[str, BarContainer] = field(default_factory=dict)
    values: dict[str, list[Text]] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """Both semantics' strengths (:func:`qbaf_comparison_summary`)."""
        assert self.case is not None
        return _qbaf_sentence(self.case, self.values_now)

    def update(self, weights: object = None, **options: object) -> None:
        """Set the bars to a new weighting, in place (``options`` as for :func:`entente_lab.assess`)."""
        assert self.case is not None
        self._set(qbaf_comparison_values(self.case, weights, **options))

    def _set(self, values: Mapping[str, Mapping[str, float]]) -> None:
        self.values_now = {semantics: dict(strengths) for semantics, strengths in values.items()}
        for semantics, bars in self.bars.items():
            for bar, text, node in zip(bars, self.values[semantics], self.nodes, strict=True):
                value = values[semantics][node]
                bar.set_height(value)
                text.set_y(value + 0.015)
                text.set_text(f"{value:.2f}")


def plot_qbaf_comparison(case: Case, weights: object = None, *, ax: Axes | None = None,
                         **options: object) -> QbafComparisonArtists:
    """The formal lens: final strengths of thesis, sub-claims and counter-claim under both semantics.

    Side-by-side bars per argument: quadratic energy plain, DF-QuAD hatched, the
    value written on each bar, and a dotted line at the base score 0.5. Each argument
    is named by its label from the case (the counter-claim's is ``plane.counter_claim``),
    fitted to three short lines.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> lens = plot_qbaf_comparison(case)
    >>> lens.nodes[0], lens.nodes[-1], len(lens.nodes) == len(case.claims) + 2
    ('thesis', 'counter-claim', True)
    """
    book: dict[str, str] = {}
    values = qbaf_comparison_values(case, weights, **options)
    nodes = list(values["df-quad"])
    names = {"thesis": "Thesis: " + case.thesis.label, COUNTER_CLAIM: "Counter-claim: " + case.plane.counter_claim.label}
    names.update({c.id: "Sub-claim: " + c.label for c in case.claims})
    labels = [fitted(names[n], book, chars=66, lines=3) for n in nodes]
    if ax is None:
        column = max(1.5, widest(labels, FONT_SIZE - 1) + 0.2)
        height = max(text_size(label, FONT_SIZE - 1)[1] for label in labels)
        ax = new_figure((max(8.0, len(nodes) * column + 3.0), 3.6 + height)).add_subplot()
    artists = QbafComparisonArtists(ax=ax, case=case, nodes=nodes, full_labels=book)
    width = 0.38
    for offset, (semantics, style) in zip((-width / 2, width / 2), _SEMANTICS_STYLE.items(), strict=True):
        xs = [i + offset for i in range(len(nodes))]
        bars = ax.bar(xs, [values[semantics][n] for n in nodes], width=width, color=style["color"],
                      hatch=style["hatch"], edgecolor="black", linewidth=0.8, label=style["label"])
        artists.bars[semantics] = bars
        artists.values[semantics] = [ax.text(x, 0, "", ha="center", va="bottom", fontsize=FONT_SIZE - 1)
                                     for x in xs]
    ax.axhline(0.5, color=OKABE_ITO["grey"], linestyle=":", linewidth=1.5, label="base score 0.5")
    ax.set_xticks(range(len(nodes)), labels, fontsize=FONT_SIZE - 1)
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("final strength", fontsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=FONT_SIZE - 1, frameon=False)
    ax.set_title("Formal lens: the same weights under two gradual semantics", fontsize=FONT_SIZE + 1, loc="left")
    artists._set(values)
    return artists


def update_qbaf_comparison(artists: QbafComparisonArtists, case: Case, weights: object = None,
                           **options: object) -> None:
    """Set the bars to a new weighting: :meth:`QbafComparisonArtists.update` (``case`` is the one drawn for).

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> lens = plot_qbaf_comparison(case)
    >>> update_qbaf_comparison(lens, case, preset_weights(case, case.presets[-1].id))
    >>> lens.summary == qbaf_comparison_summary(case, preset_weights(case, case.presets[-1].id))
    True
    """
    if case is not artists.case:
        raise ValueError("the formal lens was drawn for another case; draw a new one with plot_qbaf_comparison")
    artists.update(weights, **options)


def _qbaf_sentence(case: Case, values: Mapping[str, Mapping[str, float]]) -> str:
    def part(semantics: str) -> Sequence[str]:
        return [f"{values[semantics][n]:.2f}" for n in values[semantics]]

    e, d = part("quadratic-energy"), part("df-quad")
    claims = "the sub-claim" if len(e) == 3 else "the sub-claims"
    return (f"Formal lens: quadratic energy gives the thesis {e[0]}, {claims} {' and '.join(e[1:-1])}, and the "
            f'counter-claim ({case.plane.counter_claim.label}) {e[-1]}; DF-QuAD gives them '
            f"{', '.join(d[:-1])} and {d[-1]}.")


def qbaf_comparison_summary(case: Case, weights: object = None, **options: object) -> str:
    """One sentence with both semantics' strengths of the thesis, sub-claims and counter-claim.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = qbaf_comparison_summary(case)
    >>> text.startswith("Formal lens: quadratic energy gives the thesis 0.87, the sub-claims 0.98 and 0.99, and the "
    ...                 f'counter-claim ({case.plane.counter_claim.label}) 0.30; DF-QuAD gives them ')
    True
    """
    return _qbaf_sentence(case, qbaf_comparison_values(case, weights, **options))
