"""The dashboard's two figures: the paradox plane and the balance of factors.

Each figure comes as a trio: ``plot_*`` draws once and returns the artists,
``update_*`` moves those artists in place (no new axes, no clearing), and
``*_summary`` says in one sentence what the figure shows (caption and alt text).
Nothing here calls ``pyplot``: figures are :class:`matplotlib.figure.Figure` objects,
which never touch a GUI backend and never close under the caller's feet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from ..model import REGIONS, Assessment, assess
from ..records import Case
from ..vocabulary import REGION_CORNERS as _REGION_CORNERS
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, region_names

__all__ = [
    "BalanceArtists", "PlaneArtists", "balance_summary", "paradox_plane_summary", "plot_balance",
    "plot_paradox_plane", "update_balance", "update_paradox_plane",
]

#: Marker shapes for the presets, in case order (cycled): shape as well as a label.
_PRESET_MARKERS = ("^", "v", "D", "P", "X", "h")



def _new_axes(figsize: tuple[float, float]) -> Axes:
    """One axes on a fresh, pyplot-free figure (rendered by the Agg canvas)."""
    figure = Figure(figsize=figsize, dpi=100, layout="constrained")
    return figure.add_subplot()


def _region_bounds(verdict: str, thresholds: tuple[float, float]) -> tuple[float, float, float, float]:
    """``(x, y, width, height)`` of a region of the unit square."""
    ts, tt = thresholds
    right, top = _REGION_CORNERS[verdict]
    x0, x1 = (ts, 1.0) if right else (0.0, ts)
    y0, y1 = (tt, 1.0) if top else (0.0, tt)
    return x0, y0, x1 - x0, y1 - y0


# --------------------------------------------------------------------------- the paradox plane

@dataclass
class PlaneArtists:
    """Handles to the paradox plane's artists.

    ``position``, ``position_label``, ``trail`` and ``highlight`` move with the
    assessment (see :attr:`dynamic`); everything else is drawn once.
    """

    ax: Axes
    thresholds: tuple[float, float]
    regions: dict[str, Rectangle]
    region_labels: dict[str, Text]
    threshold_lines: tuple[Line2D, Line2D]
    presets: dict[str, PathCollection]
    preset_labels: dict[str, Text]
    position: PathCollection
    position_label: Text
    trail: Line2D
    highlight: Rectangle
    names: dict[str, str] = field(default_factory=lambda: region_names(None))

    @property
    def figure(self) -> Any:
        """The figure the plane is drawn on."""
        return self.ax.figure

    @property
    def dynamic(self) -> tuple[Any, ...]:
        """The artists :func:`update_paradox_plane` changes, in drawing order."""
        return (self.highlight, self.trail, self.position, self.position_label)


def _preset_assessments(case: Case | None, presets: Mapping[str, Assessment] | None,
                        like: Assessment) -> dict[str, tuple[str, Assessment]]:
    """Preset id to ``(label, assessment)``, scored with the same options as ``like``."""
    if presets is not None:
        return {key: (key, value) for key, value in presets.items()}
    if case is None:
        return {}
    return {p.id: (p.label, assess(case, dict(p.weights), evidence_trust=like.evidence_trust, months=like.months,
                                   thresholds=like.thresholds))
            for p in case.presets}


def _trail_xy(trail: Sequence[Any] | None) -> tuple[list[float], list[float]]:
    """Earlier positions, given as assessments or ``(strength, strain)`` pairs."""
    xs: list[float] = []
    ys: list[float] = []
    for point in trail or ():
        if isinstance(point, Assessment):
            xs.append(point.strength)
            ys.append(point.strain)
        else:
            x, y = point
            xs.append(float(x))
            ys.append(float(y))
    return xs, ys


def _you_text(assessment: Assessment, names: Mapping[str, str]) -> str:
    return f"\N{BLACK STAR} you: {names[assessment.region]}"


def plot_paradox_plane(assessment: Assessment, *, case: Case | None = None,
                       presets: Mapping[str, Assessment] | None = None,
                       trail: Sequence[Any] | None = None, ax: Axes | None = None) -> PlaneArtists:
    """Draw the paradox plane: four named regions, the presets, and the student's position.

    Parameters
    ----------
    assessment : Assessment
        The student's current weighting, from :func:`entente_lab.assess`; its
        thresholds split the plane.
    case : Case, optional
        Gives the words (the plane's title, the regions' names); without it, codes are
        shown. If ``presets`` is not given, the case's presets are scored with the
        assessment's options and drawn as labelled markers.
    presets : mapping of str to Assessment, optional
        Preset markers to draw instead, keyed by the label to show.
    trail : sequence, optional
        Earlier positions, oldest first, as assessments or ``(strength, strain)`` pairs;
        drawn as a dotted path.
    ax : matplotlib Axes, optional
        Where to draw; by default a new 4.4 x 4.2 inch pyplot-free figure.

    Returns
    -------
    PlaneArtists
        Handles that :func:`update_paradox_plane` moves.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> artists = plot_paradox_plane(assess(case), case=case)
    >>> sorted(artists.regions) == sorted(REGIONS)
    True
    >>> artists.position.get_offsets().tolist()  # doctest: +ELLIPSIS
    [[0.633..., 0.59...]]
    >>> artists.position_label.get_text() == "★ you: " + case.region_label("both-high")
    True
    """
    if ax is None:
        ax = _new_axes((4.4, 4.2))
    ts, tt = assessment.thresholds
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    names = region_names(case)
    sides = {kind: (case.side(kind).label if case is not None else kind) for kind in ("strength", "strain")}
    ax.set_xlabel(plain(f"{sides['strength']} score"), fontsize=FONT_SIZE)
    ax.set_ylabel(plain(f"{sides['strain']} score"), fontsize=FONT_SIZE)
    ax.set_title(plain(case.plane.title if case is not None else "The plane"), fontsize=FONT_SIZE + 1, loc="left")
    ax.tick_params(labelsize=FONT_SIZE - 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])

    regions: dict[str, Rectangle] = {}
    region_labels: dict[str, Text] = {}
    for verdict in REGIONS:
        x, y, w, h = _region_bounds(verdict, (ts, tt))
        style = REGION_STYLE[verdict]
        regions[verdict] = ax.add_patch(Rectangle((x, y), w, h, facecolor=style["color"], alpha=0.16,
                                                  hatch=style["hatch"] or None, edgecolor="none", zorder=0))
        right, top = _REGION_CORNERS[verdict]
        name = plain(names[verdict])
        region_labels[verdict] = ax.text(
            0.98 if right else 0.02, 0.98 if top else 0.02, name.replace(" ", "\n", 1) if " " in name else name,
            ha="right" if right else "left", va="top" if top else "bottom", fontsize=FONT_SIZE,
            fontweight="bold", color="#333333", zorder=1)
    lines = (ax.axvline(ts, color=OKABE_ITO["grey"], linestyle="--", linewidth=1, zorder=1),
             ax.axhline(tt, color=OKABE_ITO["grey"], linestyle="--", linewidth=1, zorder=1))

    preset_markers: dict[str, PathCollection] = {}
    preset_labels: dict[str, Text] = {}
    for i, (key, (label, preset)) in enumerate(_preset_assessments(case, presets, assessment).items()):
        preset_markers[key] = ax.scatter([preset.strength], [preset.strain], s=55,
                                         marker=_PRESET_MARKERS[i % len(_PRESET_MARKERS)], facecolor="white",
                                         edgecolor=OKABE_ITO["black"], linewidth=1.2, zorder=3)
        left = preset.strength > 0.75  # no room on the right: label above, ending at the marker
        preset_labels[key] = ax.annotate(plain(label), (preset.strength, preset.strain), xytext=(6, 8) if left else (10, -2),
                                         textcoords="offset points", ha="right" if left else "left",
                                         va="bottom" if left else "top",
                                         fontsize=FONT_SIZE - 2, color="#222222", zorder=3,
                                         bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7,
                                               "edgecolor": "none"})

    xs, ys = _trail_xy(trail)
    (trail_line,) = ax.plot(xs, ys, linestyle=":", marker=".", markersize=4, color=OKABE_ITO["black"],
                            alpha=0.55, linewidth=1.2, zorder=4)
    highlight = ax.add_patch(Rectangle(_region_bounds(assessment.verdict, (ts, tt))[:2],
                                       *_region_bounds(assessment.verdict, (ts, tt))[2:], fill=False,
                                       edgecolor=OKABE_ITO["black"], linewidth=2.5, zorder=2))
    position = ax.scatter([assessment.strength], [assessment.strain], s=260, marker="*",
                          facecolor=OKABE_ITO["yellow"], edgecolor=OKABE_ITO["black"], linewidth=1.3, zorder=5)
    position_label = ax.text(1.0, 1.015, plain(_you_text(assessment, names)), transform=ax.transAxes, ha="right",
                             va="bottom",
                             fontsize=FONT_SIZE, fontweight="bold", zorder=6)
    return PlaneArtists(ax=ax, thresholds=(ts, tt), regions=regions, region_labels=region_labels,
                        threshold_lines=lines, presets=preset_markers, preset_labels=preset_labels,
                        position=position, position_label=position_label, trail=trail_line, highlight=highlight,
                        names=names)


def update_paradox_plane(artists: PlaneArtists, assessment: Assessment, trail: Sequence[Any] | None = None) -> None:
    """Move the student's marker, label, region outline and trail to a new assessment.

    Only the artists in ``artists.dynamic`` change; the caller redraws (or blits).

    Raises
    ------
    ValueError
        If the assessment uses other thresholds than the plane was drawn with.

    Examples
    --------
    >>> from entente_lab import assess, load_case, preset_weights
    >>> case = load_case()
    >>> artists = plot_paradox_plane(assess(case))
    >>> update_paradox_plane(artists, assess(case, {f.id: 0.0 for f in case.factors}), trail=[(0.6, 0.6)])
    >>> artists.position_label.get_text(), artists.trail.get_xydata().tolist()
    ('★ you: both-low', [[0.6, 0.6]])
    """
    if tuple(assessment.thresholds) != tuple(artists.thresholds):
        raise ValueError(f"the plane was drawn with thresholds {artists.thresholds}, the assessment uses "
                         f"{assessment.thresholds}; draw a new plane with plot_paradox_plane")
    point = (assessment.strength, assessment.strain)
    artists.position.set_offsets([point])
    artists.position_label.set_text(plain(_you_text(assessment, artists.names)))
    x, y, w, h = _region_bounds(assessment.verdict, artists.thresholds)
    artists.highlight.set_bounds(x, y, w, h)
    if trail is not None:
        artists.trail.set_data(*_trail_xy(trail))


def paradox_plane_summary(assessment: Assessment, case: Case | None = None) -> str:
    """One sentence saying where the weighting lands on the plane (caption, alt text); words from ``case``.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> print(paradox_plane_summary(assess(load_case())))  # doctest: +NORMALIZE_WHITESPACE
    The plane: your weighting lands in the both-high region, at strength 0.63 and
    strain 0.59 (thresholds 0.50 and 0.50), 0.09 from the strain boundary.
    """
    ts, tt = assessment.thresholds
    title = case.plane.title if case is not None else "The plane"
    return (f"{title}: your weighting lands in the {region_names(case)[assessment.region]} region, at strength "
            f"{assessment.strength:.2f} and strain {assessment.strain:.2f} (thresholds {ts:.2f} and {tt:.2f}), "
            f"{assessment.margin:.2f} from the {assessment.nearest_boundary} boundary.")


# --------------------------------------------------------------------------- the balance

@dataclass
class BalanceArtists:
    """Handles to the balance figure: one bar per factor, per side, and the side totals."""

    axes: dict[str, Axes]
    bars: dict[str, Rectangle]
    given: dict[str, Rectangle]
    totals: dict[str, Text]
    factor_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def figure(self) -> Any:
        """The figure the balance is drawn on."""
        return next(iter(self.axes.values())).figure

    @property
    def dynamic(self) -> tuple[Any, ...]:
        """The artists :func:`update_balance` changes."""
        return (*self.given.values(), *self.bars.values(), *self.totals.values())


def _total_text(kind: str, assessment: Assessment) -> str:
    score = assessment.strength if kind == "strength" else assessment.strain
    return f"contribution; the bars add up to {kind} {score:.2f}"


def plot_balance(assessment: Assessment, case: Case, *, ax: Sequence[Axes] | None = None) -> BalanceArtists:
    """Draw each factor's contribution to its side's score, strength and strain side by side.

    A bar's length is the factor's effective weight divided by the number of factors on
    its side, so a side's bars add up to its score. Strength bars are plain blue,
    strain bars orange-red and hatched; every bar is labelled with the factor's label.
    A thin outline shows the weight as set, before the evidence trust and the
    duration scenario (the two coincide when neither applies).

    Parameters
    ----------
    assessment : Assessment
    case : Case
        The case the assessment belongs to (for the factors' labels and kinds).
    ax : pair of Axes, optional
        ``(strength axes, strain axes)``; by default a new 8.4 x 3.9 inch pyplot-free figure.

    Returns
    -------
    BalanceArtists

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> artists = plot_balance(assess(case), case)
    >>> round(float(artists.bars["russia-beholden"].get_width()), 4)  # 0.8 / 9 strength factors
    0.0889
    >>> artists.bars["policy-trilemma"].get_hatch()
    '//'
    """
    if ax is None:
        figure = Figure(figsize=(9.0, 4.0), dpi=100, layout="constrained")
        axes = figure.subplots(1, 2)
        figure.supxlabel("filled bar: the factor's contribution after evidence trust and the duration "
                         "scenario; outline: the weight as you set it", fontsize=FONT_SIZE - 2, color="#333333")
    else:
        axes = list(ax)
        if len(axes) != 2:
            raise ValueError(f"ax must be two Axes (strength, strain), not {len(axes)}")
    by_kind = {kind: case.factors_of_kind(kind) for kind in ("strength", "strain")}
    widest = max(1 / len(fs) for fs in by_kind.values() if fs)
    rows = max(len(fs) for fs in by_kind.values())
    bars: dict[str, Rectangle] = {}
    given: dict[str, Rectangle] = {}
    totals: dict[str, Text] = {}
    for axis, kind in zip(axes, ("strength", "strain"), strict=True):
        factors = by_kind[kind]
        style = KIND_STYLE[kind]
        y = np.arange(len(factors))
        count = len(factors)
        drawn = axis.barh(y, [assessment.contributions[f.id] for f in factors], height=0.7, color=style["color"],
                          alpha=0.85, edgecolor="white", linewidth=0.5)
        outline = axis.barh(y, [assessment.weights[f.id] / count for f in factors], height=0.7, fill=False,
                            edgecolor="#333333", linewidth=0.8, linestyle=style["linestyle"])
        for factor, bar, ghost in zip(factors, drawn.patches, outline.patches, strict=True):
            bar.set_hatch(str(style["hatch"]) or None)
            bars[factor.id] = bar
            given[factor.id] = ghost
        axis.set_yticks(y, [plain(f.label) for f in factors], fontsize=FONT_SIZE - 1)
        axis.set_ylim(rows - 0.5, -0.5)  # first factor on top; both sides share the row grid
        axis.set_xlim(0, widest * 1.02)
        axis.set_xticks([0, widest / 2, widest], ["0", f"{widest / 2:.2f}", f"{widest:.2f}"])
        axis.tick_params(axis="x", labelsize=FONT_SIZE - 2)
        axis.set_title(f"{kind.upper()} factors ({'plain' if not style['hatch'] else 'hatched'} bars)",
                       fontsize=FONT_SIZE, loc="right", color=style["color"], fontweight="bold")
        axis.spines[["top", "right"]].set_visible(False)
        # Not the x label: an axis always draws its label, so a moving label could not be blitted.
        totals[kind] = axis.text(1.0, -0.085, _total_text(kind, assessment), transform=axis.transAxes, ha="right",
                                 va="top", fontsize=FONT_SIZE - 1)
    return BalanceArtists(axes=dict(zip(("strength", "strain"), axes, strict=True)), bars=bars, given=given,
                          totals=totals, factor_ids={k: tuple(f.id for f in fs) for k, fs in by_kind.items()})


def update_balance(artists: BalanceArtists, assessment: Assessment) -> None:
    """Resize the bars and rewrite the side totals for a new assessment, in place.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> artists = plot_balance(assess(case), case)
    >>> update_balance(artists, assess(case, {"russia-beholden": 0.0}))
    >>> artists.bars["russia-beholden"].get_width()
    0.0
    """
    for kind, ids in artists.factor_ids.items():
        count = len(ids)
        for fid in ids:
            artists.bars[fid].set_width(assessment.contributions[fid])
            artists.given[fid].set_width(assessment.weights[fid] / count)
        artists.totals[kind].set_text(_total_text(kind, assessment))


def balance_summary(assessment: Assessment, case: Case) -> str:
    """One sentence comparing the two sides and naming the largest factor on each.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> print(balance_summary(assess(case), case))  # doctest: +NORMALIZE_WHITESPACE
    Balance: strength 0.63 from 9 factors, led by "Russia now depends on China" (0.09); strain
    0.59 from 10 factors, led by "The policy trilemma" (0.08).
    """
    parts = []
    for kind in ("strength", "strain"):
        score = assessment.strength if kind == "strength" else assessment.strain
        count = len(case.factors_of_kind(kind))
        top = assessment.top_factors(kind)
        if top and assessment.contributions[top[0]] > 0:
            lead = f'led by "{case.factor(top[0]).label}" ({assessment.contributions[top[0]]:.2f})'
        else:
            lead = "with no factor counting"
        parts.append(f"{kind} {score:.2f} from {count} factors, {lead}")
    return f"Balance: {parts[0]}; {parts[1]}."
