"""Stress-testing figures: Monte Carlo region shares, the tipping-point tornado, and the formal lens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter

from ..model import REGIONS, Assessment
from ..qbaf import COUNTER_CLAIM, argument_qbaf, qbaf_strengths
from ..records import Case
from ..robustness import Robustness, TippingPoint, tipping_points
from ._canvas import FigureArtists, new_axes, weights_of, wrap
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, region_names

__all__ = [
    "QbafComparisonArtists", "RegionSharesArtists", "TornadoArtists", "TornadoRow",
    "plot_qbaf_comparison", "plot_region_shares", "plot_tornado",
    "qbaf_comparison_summary", "qbaf_comparison_values", "region_shares_summary", "tornado_rows", "tornado_summary",
    "update_qbaf_comparison", "update_region_shares", "update_tornado",
]



# --------------------------------------------------------------------------- region shares

@dataclass
class RegionSharesArtists(FigureArtists):
    """Handles of :func:`plot_region_shares`: one bar and one percentage per region, in :data:`REGIONS` order."""

    bars: BarContainer | None = None
    values: list[Text] = field(default_factory=list)
    title: Text | None = None
    names: dict[str, str] = field(default_factory=lambda: region_names(None))


def _shares_title(result: Robustness) -> str:
    return f"Where {result.n:,} weightings near yours land (noise spread {result.spread:g})"


def plot_region_shares(result: Robustness, *, case: Case | None = None, ax: Axes | None = None) -> RegionSharesArtists:
    """Bar chart of the share of Monte Carlo samples in each region of the plane.

    The regions' names (the case's; codes without a case) label the bars, each bar has its own hatch as well as its
    colour, the share is written at the end of each bar, and the central weighting's
    own verdict is marked "(yours)".

    Parameters
    ----------
    result : Robustness
        From :func:`entente_lab.robustness`.
    ax : Axes, optional
        Where to draw; by default a new 8 x 3.2 inch figure.

    Returns
    -------
    RegionSharesArtists

    Examples
    --------
    >>> from entente_lab import load_case, robustness
    >>> artists = plot_region_shares(robustness(load_case(), n=2_000, seed=1))
    >>> [t.get_text() for t in artists.values]
    ['97%', '3%', '0%', '0%']
    """
    ax = new_axes(ax, (8.0, 3.2))
    rows = list(range(len(REGIONS)))[::-1]  # first region on top
    bars = ax.barh(rows, [result.shares[v] for v in REGIONS], height=0.65,
                   color=[REGION_STYLE[v]["color"] for v in REGIONS], edgecolor="black", linewidth=0.8)
    for bar, verdict in zip(bars, REGIONS, strict=True):
        bar.set_hatch(REGION_STYLE[verdict]["bar_hatch"])
    artists = RegionSharesArtists(ax=ax, bars=bars, names=region_names(case))
    for row in rows:
        artists.values.append(ax.text(0, row, "", va="center", ha="left", fontsize=FONT_SIZE, fontweight="bold"))
    ax.set_xlim(0, 1.18)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("share of samples", fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    artists.title = ax.set_title("", fontsize=FONT_SIZE + 1, loc="left")
    update_region_shares(artists, result)
    return artists


def update_region_shares(artists: RegionSharesArtists, result: Robustness) -> None:
    """Set the bars, percentages, labels and title to a new result, in place.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights, robustness
    >>> case = load_case()
    >>> artists = plot_region_shares(robustness(case, n=500, seed=1))
    >>> update_region_shares(artists, robustness(case, {f.id: 0.0 for f in case.factors}, n=500, seed=1))
    >>> artists.ax.get_yticklabels()[3].get_text()
    'both-low (yours)'
    """
    assert artists.bars is not None
    for bar, text, verdict in zip(artists.bars, artists.values, REGIONS, strict=True):
        share = result.shares[verdict]
        bar.set_width(share)
        bar.set_linewidth(2.4 if verdict == result.verdict else 0.8)
        text.set_x(share + 0.015)
        text.set_text(f"{share:.0%}")
    rows = list(range(len(REGIONS)))[::-1]
    names = {v: plain(name) for v, name in artists.names.items()}
    artists.ax.set_yticks(rows, [f"{names[v]} (yours)" if v == result.verdict else names[v] for v in REGIONS])
    if artists.title is not None:
        artists.title.set_text(_shares_title(result))


def region_shares_summary(result: Robustness, case: Case | None = None) -> str:
    """One sentence: how many nearby weightings keep the verdict, and where the rest go.

    Examples
    --------
    >>> from entente_lab import load_case, robustness
    >>> print(region_shares_summary(robustness(load_case(), n=2_000, seed=1)))  # doctest: +NORMALIZE_WHITESPACE
    Of 2,000 weightings near yours (noise spread 0.15), 97% keep your verdict, both-high;
    3% land in strength-high, 0% in strain-high and 0% in both-low.
    """
    names = region_names(case)
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
    >>> rows = tornado_rows(case, preset_weights(case, "equal"))
    >>> rows[0].factor, rows[0].weight, rows[0].tip.weight
    ('russia-beholden', 0.5, 0.5)
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


@dataclass
class TornadoArtists(FigureArtists):
    """Handles of :func:`plot_tornado`: one slot per factor, top to bottom; :func:`update_tornado` refills the slots."""

    bars: BarContainer | None = None
    current: list[Line2D] = field(default_factory=list)
    tips: list[Line2D] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)


def plot_tornado(case: Case, weights: object = None, *, ax: Axes | None = None, **options: object) -> TornadoArtists:
    """The tipping-point tornado: per factor, the span from its weight to the weight that flips the verdict.

    One row per factor, closest tipping point on top. A bar (kind colour **and**
    hatch) runs from the current weight (the kind's marker) to the tipping weight (a
    black bar end), and the text says which verdict lies past it; a factor that no
    weight in [0, 1] can flip on its own says "none in [0, 1]".

    Parameters
    ----------
    case : Case
    weights : mapping, preset, assessment or None
        The weighting; an assessment also brings its model options.
    ax : Axes, optional
        Where to draw; by default a new 10 x 7 inch figure.
    **options
        ``evidence_trust``, ``months``, ``thresholds`` as for :func:`entente_lab.assess`.

    Returns
    -------
    TornadoArtists

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> artists = plot_tornado(case, preset_weights(case, "equal"))
    >>> artists.notes[0].get_text()
    'below 0.50: estrangement'
    """
    ax = new_axes(ax, (10.0, 7.0))
    count = len(case.factors)
    slots = list(range(count))[::-1]  # slot 0 at the top
    bars = ax.barh(slots, [0.0] * count, left=[0.0] * count, height=0.6, edgecolor="black", linewidth=0.6, alpha=0.85)
    artists = TornadoArtists(ax=ax, bars=bars)
    for slot in slots:
        artists.current.append(ax.plot([], [], linestyle="", markersize=9, markeredgecolor="black", zorder=4)[0])
        artists.tips.append(ax.plot([], [], linestyle="", marker="|", markersize=16, markeredgewidth=3,
                                    color="black", zorder=4)[0])
        artists.notes.append(ax.text(0, slot, "", va="center", ha="left", fontsize=FONT_SIZE - 1, zorder=5))
    ax.set_xlim(0, 1.62)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylim(-0.7, count - 0.3)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel("weight (0 to 1)", fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    for x in (0.25, 0.5, 0.75):
        ax.axvline(x, color=OKABE_ITO["grey"], alpha=0.3, linewidth=0.8, zorder=0)
    handles = [Patch(facecolor=KIND_STYLE[k]["color"], hatch=KIND_STYLE[k]["hatch"], edgecolor="black",
                     label=f"{k} factor") for k in ("strength", "strain")]
    handles += [Line2D([], [], marker="o", linestyle="", color="grey", markeredgecolor="black", label="your weight"),
                Line2D([], [], marker="|", linestyle="", color="black", markersize=12, markeredgewidth=3,
                       label="tipping weight")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=4, fontsize=FONT_SIZE - 1,
              frameon=False)
    ax.set_title("Tipping points: moving one factor alone, where does the verdict change? (closest first)",
                 fontsize=FONT_SIZE + 1, loc="left")
    update_tornado(artists, case, weights, **options)
    return artists


def update_tornado(artists: TornadoArtists, case: Case, weights: object = None, **options: object) -> None:
    """Refill the tornado's rows for a new weighting (re-sorted), moving the existing artists.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> artists = plot_tornado(case)
    >>> artists.notes[0].get_text()
    'none in [0, 1]'
    >>> update_tornado(artists, case, {f.id: 0.5 for f in case.factors})
    >>> artists.factors[0] == case.factors[0].id
    True
    """
    assert artists.bars is not None
    rows = tornado_rows(case, weights, **options)
    if len(rows) != len(artists.current):
        raise ValueError(f"the tornado was drawn for {len(artists.current)} factors; this case has {len(rows)}")
    labels = []
    for slot, row in enumerate(rows):
        style = KIND_STYLE[row.kind]
        bar = artists.bars[slot]
        current, tip, note = artists.current[slot], artists.tips[slot], artists.notes[slot]
        y = len(rows) - 1 - slot
        current.set_data([row.weight], [y])
        current.set_marker(style["marker"])
        current.set_markerfacecolor(style["color"])
        bar.set_facecolor(style["color"])
        bar.set_hatch(style["hatch"])
        if row.tip.weight is None:
            bar.set_x(row.weight)
            bar.set_width(0.0)
            tip.set_data([], [])
            note.set_position((1.03, y))
            note.set_text("none in [0, 1]")
            note.set_color(OKABE_ITO["grey"])
            note.set_fontstyle("italic")
        else:
            low, high = sorted((row.weight, row.tip.weight))
            bar.set_x(low)
            bar.set_width(high - low)
            tip.set_data([row.tip.weight], [y])
            where = "below" if row.tip.direction == "down" else "from"
            note.set_position((1.03, y))
            note.set_text(plain(f"{where} {row.tip.weight:.2f}: {case.region_label(row.tip.verdict_after)}"))
            note.set_color("black")
            note.set_fontstyle("normal")
        labels.append(plain(row.label))
    artists.ax.set_yticks(list(range(len(rows)))[::-1], labels)
    artists.factors = [row.factor for row in rows]


def tornado_summary(case: Case, weights: object = None, **options: object) -> str:
    """One sentence: which factor, moved alone, comes closest to changing the verdict.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> text = tornado_summary(case)
    >>> text.startswith("Tipping points: no single factor, moved alone anywhere in [0, 1], changes the verdict")
    True
    >>> text = tornado_summary(case, {f.id: 0.5 for f in case.factors})
    >>> text.startswith(f"Tipping points: {len(case.factors)} of {len(case.factors)} factors can change the verdict")
    True
    """
    from ..model import assess

    complete = weights_of(case, weights)
    merged = {**_options_of(weights), **options}
    verdict = case.region_label(assess(case, complete, **merged).region)  # type: ignore[arg-type]
    rows = tornado_rows(case, complete, **merged)
    movable = [r for r in rows if r.tip.weight is not None]
    if not movable:
        return (f"Tipping points: no single factor, moved alone anywhere in [0, 1], changes the verdict "
                f"({verdict}) for any of the {len(rows)} factors.")
    first = movable[0]
    where = "below" if first.tip.direction == "down" else "at or above"
    return (f"Tipping points: {len(movable)} of {len(rows)} factors can change the verdict ({verdict}) on their own; "
            f'the closest is "{first.label}", whose weight {first.weight:.2f} turns it to '
            f"{case.region_label(first.tip.verdict_after)} {where} {first.tip.weight:.2f}.")


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


@dataclass
class QbafComparisonArtists(FigureArtists):
    """Handles of :func:`plot_qbaf_comparison`: semantics to its bars and value labels, in node order."""

    nodes: list[str] = field(default_factory=list)
    bars: dict[str, BarContainer] = field(default_factory=dict)
    values: dict[str, list[Text]] = field(default_factory=dict)


def plot_qbaf_comparison(case: Case, weights: object = None, *, ax: Axes | None = None,
                         **options: object) -> QbafComparisonArtists:
    """The formal lens: final strengths of thesis, sub-claims and counter-claim under both semantics.

    Side-by-side bars per argument: quadratic energy plain, DF-QuAD hatched, the
    value written on each bar, and a dotted line at the base score 0.5.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> artists = plot_qbaf_comparison(load_case())
    >>> artists.nodes[0], artists.nodes[-1], len(artists.nodes)
    ('thesis', 'counter-claim', 4)
    """
    ax = new_axes(ax, (8.0, 4.2))
    values = qbaf_comparison_values(case, weights, **options)
    nodes = list(values["df-quad"])
    names = {"thesis": "Thesis: " + case.thesis.label, COUNTER_CLAIM: "Counter-claim: " + case.plane.counter_claim.label}
    names.update({c.id: "Sub-claim: " + c.label for c in case.claims})
    artists = QbafComparisonArtists(ax=ax, nodes=nodes)
    width = 0.38
    for offset, (semantics, style) in zip((-width / 2, width / 2), _SEMANTICS_STYLE.items(), strict=True):
        xs = [i + offset for i in range(len(nodes))]
        bars = ax.bar(xs, [values[semantics][n] for n in nodes], width=width, color=style["color"],
                      hatch=style["hatch"], edgecolor="black", linewidth=0.8, label=style["label"])
        artists.bars[semantics] = bars
        artists.values[semantics] = [ax.text(x, 0, "", ha="center", va="bottom", fontsize=FONT_SIZE - 1)
                                     for x in xs]
    ax.axhline(0.5, color=OKABE_ITO["grey"], linestyle=":", linewidth=1.5, label="base score 0.5")
    ax.set_xticks(range(len(nodes)), [plain(wrap(names[n], 20)) for n in nodes], fontsize=FONT_SIZE - 1)
    ax.set_ylim(0, 1.15)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("final strength", fontsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=FONT_SIZE - 1, frameon=False)
    ax.set_title("Formal lens: the same weights under two gradual semantics", fontsize=FONT_SIZE + 1, loc="left")
    _set_qbaf(artists, values)
    return artists


def _set_qbaf(artists: QbafComparisonArtists, values: Mapping[str, Mapping[str, float]]) -> None:
    for semantics, bars in artists.bars.items():
        for bar, text, node in zip(bars, artists.values[semantics], artists.nodes, strict=True):
            value = values[semantics][node]
            bar.set_height(value)
            text.set_y(value + 0.015)
            text.set_text(f"{value:.2f}")


def update_qbaf_comparison(artists: QbafComparisonArtists, case: Case, weights: object = None,
                           **options: object) -> None:
    """Set the bars to a new weighting, in place.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> artists = plot_qbaf_comparison(case)
    >>> update_qbaf_comparison(artists, case, preset_weights(case, "costs-first"))
    >>> artists.values["quadratic-energy"][-1].get_text(), artists.values["df-quad"][-1].get_text()
    ('0.03', '0.49')
    """
    _set_qbaf(artists, qbaf_comparison_values(case, weights, **options))


def qbaf_comparison_summary(case: Case, weights: object = None, **options: object) -> str:
    """One sentence with both semantics' strengths of the thesis, sub-claims and counter-claim.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> print(qbaf_comparison_summary(load_case()))  # doctest: +NORMALIZE_WHITESPACE
    Formal lens: quadratic energy gives the thesis 0.84, the sub-claims 0.99 and 0.99, and the
    counter-claim 0.48; DF-QuAD gives them 0.75, 1.00, 1.00 and 0.50.
    """
    values = qbaf_comparison_values(case, weights, **options)

    def part(semantics: str) -> Sequence[str]:
        return [f"{values[semantics][n]:.2f}" for n in values[semantics]]

    e, d = part("quadratic-energy"), part("df-quad")
    return (f'Formal lens: quadratic energy gives the thesis {e[0]}, the sub-claims {" and ".join(e[1:-1])}, and the '
            f'counter-claim {e[-1]}; DF-QuAD gives them {", ".join(d[:-1])} and {d[-1]}.')
