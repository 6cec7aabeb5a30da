"""The dashboard's two figures: the case's plane and the balance of factors.

Each ``plot_*`` draws once and returns a handle (:class:`~entente_lab.plots._canvas.FigureHandle`)
whose ``update`` moves those artists in place (no new axes, no clearing) and whose
``summary`` says in one sentence what the figure shows (caption and alt text); the
``update_*`` and ``*_summary`` functions are the same, as functions. Every word comes
from the case. Nothing here calls ``pyplot``: figures are
:class:`matplotlib.figure.Figure` objects, which never touch a GUI backend and never
close under the caller's feet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

from ..analysis.model import REGIONS, Assessment, assess
from ..case.records import Case
from ..case.vocabulary import REGION_CORNERS as _REGION_CORNERS
from ..teaching.narrative import in_sentence
from ._canvas import (
    Box,
    FigureHandle,
    Segment,
    axes_inches,
    clear_beside,
    fitted,
    new_figure,
    place_beside,
    place_in_corner,
    text_size,
    widest,
    wrap_to_width,
)
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, side_names

__all__ = [
    "BalanceArtists", "PlaneArtists", "balance_summary", "change_words", "plane_summary", "plot_balance",
    "plot_plane", "update_balance", "update_plane",
]

#: Marker shapes for the presets, in case order (cycled): shape as well as a label.
_PRESET_MARKERS = ("^", "v", "D", "P", "X", "h")

#: The plane's size in inches: the dashboard shows it at 440 x 420 pixels.
_PLANE_SIZE = (4.4, 4.2)


def _region_bounds(verdict: str, thresholds: tuple[float, float]) -> tuple[float, float, float, float]:
    """``(x, y, width, height)`` of a region of the unit square."""
    ts, tt = thresholds
    right, top = _REGION_CORNERS[verdict]
    x0, x1 = (ts, 1.0) if right else (0.0, ts)
    y0, y1 = (tt, 1.0) if top else (0.0, tt)
    return x0, y0, x1 - x0, y1 - y0


# --------------------------------------------------------------------------- the plane

@dataclass(eq=False)
class PlaneArtists(FigureHandle):
    """The handle of :func:`plot_plane`.

    ``position``, ``position_label``, ``trail`` and ``highlight`` move with the
    assessment, and so do ``before``, ``before_label``, ``before_leader`` and ``change``
    (the point before the case's reference event, its label, the line that ties the
    label to it, and the arrow from it to now; all ``None``
    for a case that names no reference event): see :attr:`dynamic`. Everything else,
    the presets' markers and their own before-to-now arrows (``preset_befores``,
    ``preset_changes``) included, is drawn once.
    """

    case: Case
    assessment: Assessment
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
    you_texts: dict[str, str] = field(default_factory=dict)
    before: PathCollection | None = None
    before_label: Text | None = None
    before_leader: Line2D | None = None
    change: FancyArrowPatch | None = None
    preset_befores: dict[str, PathCollection] = field(default_factory=dict)
    preset_changes: dict[str, FancyArrowPatch] = field(default_factory=dict)
    #: The before label's size in data units, and the boxes it keeps clear of (measured once, when drawn).
    before_label_size: tuple[float, float] = (0.0, 0.0)
    static_boxes: list[tuple[float, float, float, float]] = field(default_factory=list, repr=False)
    #: The presets' arrows, ``(before, now)``: the before label keeps off them too.
    static_arrows: list[Segment] = field(default_factory=list, repr=False)
    #: False while :meth:`show_positions` hides where the weightings land (before a prediction is recorded).
    positions_shown: bool = True

    @property
    def dynamic(self) -> tuple[Any, ...]:
        """The artists :meth:`update` changes, in drawing order."""
        moving = (self.highlight, self.trail, self.before_leader, self.before, self.change, self.position,
                  self.position_label, self.before_label)
        return tuple(artist for artist in moving if artist is not None)

    @property
    def summary(self) -> str:
        """Where the weighting lands, in the case's words (:func:`plane_summary`)."""
        return plane_summary(self.assessment, self.case)

    def update(self, assessment: Assessment, trail: Sequence[Any] | None = None) -> None:
        """Move the student's marker, label, region outline and (if given) trail to ``assessment``.

        Only the artists in :attr:`dynamic` change; the caller redraws (or blits).

        Raises
        ------
        ValueError
            If the assessment uses other thresholds than the plane was drawn with.
        """
        if tuple(assessment.thresholds) != tuple(self.thresholds):
            raise ValueError(f"the plane was drawn with thresholds {self.thresholds}, the assessment uses "
                             f"{assessment.thresholds}; draw a new plane with plot_plane")
        self.assessment = assessment
        self.position.set_offsets([(assessment.strength, assessment.strain)])
        self.position_label.set_text(self.you_texts[assessment.region])
        self.highlight.set_bounds(*_region_bounds(assessment.region, self.thresholds))
        if trail is not None:
            self.trail.set_data(*_trail_xy(trail))
        self._move_before(assessment)

    def show_positions(self, shown: bool = True) -> None:
        """Show or hide everything that says where a weighting lands, the presets' included.

        Hidden, the plane keeps what a prediction is made on: the regions, their names,
        the thresholds and the axes. The student's star, its label, the region outline,
        the trail, the before point, its label and the arrow, and each preset's marker,
        label, before point and arrow are hidden. Shown again, an arrow is drawn only
        where it has a length. The caller redraws (the presets are in the static layer).

        Examples
        --------
        >>> from entente_lab import assess, load_case
        >>> case = load_case()
        >>> plane = plot_plane(assess(case), case)
        >>> plane.show_positions(False)
        >>> plane.position.get_visible(), plane.arrow_ends(), plane.region_labels["both-high"].get_visible()
        (False, None, True)
        >>> plane.show_positions()
        >>> plane.arrow_ends() == (assess(case).before, (assess(case).strength, assess(case).strain))
        True
        """
        self.positions_shown = shown
        marks = (*self.presets.values(), *self.preset_labels.values(), *self.preset_befores.values(), self.position,
                 self.position_label, self.highlight, self.trail, self.before, self.before_label, self.before_leader)
        for artist in marks:
            if artist is not None:
                artist.set_visible(shown)
        for arrow in self.preset_changes.values():
            _point_arrow(arrow, *arrow._posA_posB, shown=shown)
        self._move_before(self.assessment)

    def arrow_ends(self, key: str | None = None) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """Where the drawn arrow runs, ``(before, now)``: the student's, or preset ``key``'s; ``None`` if not drawn."""
        arrow = self.change if key is None else self.preset_changes.get(key)
        if arrow is None or not arrow.get_visible():
            return None
        start, end = arrow._posA_posB  # matplotlib keeps the ends here and has no getter for them
        return (float(start[0]), float(start[1])), (float(end[0]), float(end[1]))

    def _move_before(self, assessment: Assessment) -> None:
        """Put the before point, its label and the arrow to now where ``assessment`` says (no measuring)."""
        if self.before is None or self.change is None or self.before_label is None or assessment.before is None:
            return
        before, now = assessment.before, (assessment.strength, assessment.strain)
        self.before.set_offsets([before])
        _point_arrow(self.change, before, now, shown=self.positions_shown)
        star = _STAR_HALF
        taken = [*self.static_boxes, (now[0] - star, now[1] - star, now[0] + star, now[1] + star)]
        # beside the point, clear of the arrows where it can be; an arrow it cannot avoid runs under its opaque box
        x, y, ha, va = place_beside(*before, self.before_label_size, taken, gap=0.04,  # half-heights: on every move
                                    segments=[*self.static_arrows, (before, now)], step=0.5)
        self.before_label.set_position((x, y))
        self.before_label.set_horizontalalignment(ha)
        self.before_label.set_verticalalignment(va)
        if self.before_leader is not None:  # a thin line from the point to the corner of its label
            self.before_leader.set_data([before[0], x], [before[1], y])


def _preset_assessments(case: Case, presets: Mapping[str, Assessment] | None,
                        like: Assessment) -> dict[str, tuple[str, Assessment]]:
    """Preset id to ``(label, assessment)``, scored with the same options as ``like``."""
    if presets is not None:
        return {key: (key, value) for key, value in presets.items()}
    return {p.id: (p.label, assess(case, dict(p.weights), evidence_trust=like.evidence_trust, months=like.months,
                                   thresholds=like.thresholds))
            for p in case.presets}


#: Half the student's star, in data units: the before label keeps off it.
_STAR_HALF = 0.035


def _point_arrow(arrow: FancyArrowPatch, start: tuple[float, float], end: tuple[float, float], *,
                 shown: bool = True) -> None:
    """Point ``arrow`` from ``start`` to ``end``; hide it when the two are the same point (no change), or not ``shown``."""
    arrow.set_positions(start, end)
    arrow.set_visible(shown and bool(np.hypot(end[0] - start[0], end[1] - start[1]) > 1e-9))


#: Region names go over the presets' arrows (2.5) and before points (2.6), under their markers (3), on an opaque box.
_REGION_NAME_Z = 2.8
#: How strongly a region's colour tints it.
_REGION_ALPHA = 0.16

#: How far off its marker (in label heights) a preset's label may be lifted before it is wrapped narrower.
_NEAR = 1.5


def _place_preset_label(text: str, point: tuple[float, float], taken: list[Box], arrows: list[Segment],
                        per_inch: float) -> tuple[str, tuple[float, float, str, str]]:
    """A preset's label and where it goes: beside its marker, clear of the other labels, markers and arrows.

    Near the marker as fitted; else near it wrapped to narrower lines (the same words);
    else wherever :func:`place_beside` finds room. ``taken`` gets the label's box.
    """
    narrow = wrap_to_width(" ".join(text.split()), max(text_size(text, FONT_SIZE - 2)[0] * 0.55, 0.5), FONT_SIZE - 2)

    def size(shown: str) -> tuple[float, float]:
        width, height = text_size(shown, FONT_SIZE - 2)
        return (width + 0.06) * per_inch, (height + 0.04) * per_inch

    for shown in dict.fromkeys((text, narrow)):
        spot = clear_beside(*point, size(shown), taken, gap=0.035, segments=arrows, reach=_NEAR)
        if spot is not None:
            return shown, spot
    return text, place_beside(*point, size(text), taken, gap=0.035, segments=arrows)


def _before_words(case: Case) -> str:
    """What the before point shows, in the case's words (``""`` for a case without a reference event)."""
    event = case.reference
    return f"before: {event.label}" if event is not None else ""


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


def plot_plane(assessment: Assessment, case: Case, *, presets: Mapping[str, Assessment] | None = None,
                       trail: Sequence[Any] | None = None, ax: Axes | None = None) -> PlaneArtists:
    """Draw the case's plane: four named regions, the presets, and the student's position.

    When the case names a reference event (``case.reference``), each weighting is also
    drawn where it stood *before* that event, counting only the factors the text dates
    earlier (:attr:`entente_lab.Assessment.before`), with an arrow from there to now:
    the student's as a hollow circle labelled with the event, a black arrow and the
    star; each preset's lighter, in grey. The before point is not a verdict: it
    shows only what the text dates earlier. A case without a reference event keeps
    one point per weighting and no arrow.

    Parameters
    ----------
    assessment : Assessment
        The student's current weighting, from :func:`entente_lab.assess`; its
        thresholds split the plane.
    case : Case
        Gives the words (the plane's title, the sides' and regions' names). Unless
        ``presets`` is given, the case's presets are scored with the assessment's
        options and drawn as labelled markers.
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
        The handle: ``update(assessment, trail=None)`` moves it, ``summary`` says where it lands.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> plane = plot_plane(assess(case), case)
    >>> sorted(plane.regions) == sorted(REGIONS)
    True
    >>> plane.position.get_offsets().tolist()  # doctest: +ELLIPSIS
    [[0.6..., 0.62...]]
    >>> plane.position_label.get_text() == "★ you: " + case.region(assess(case).region).figure_label
    True
    >>> plane.summary == plane_summary(assess(case), case)
    True
    >>> plane.before.get_offsets().tolist() == [list(assess(case).before)]  # before the reference event
    True
    >>> plane.arrow_ends() == (assess(case).before, (assess(case).strength, assess(case).strain))
    True
    >>> plane.before_label.get_text().replace("\\n", " ").replace("- ", "-") == "before: " + case.reference.label
    True
    """
    if ax is None:
        ax = new_figure(_PLANE_SIZE).add_subplot()
    book: dict[str, str] = {}
    ts, tt = assessment.thresholds
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    sides = side_names(case)
    ax.set_xlabel(fitted(f"{sides['strength']} score", book, chars=40, lines=1), fontsize=FONT_SIZE)
    ax.set_ylabel(fitted(f"{sides['strain']} score", book, chars=40, lines=1), fontsize=FONT_SIZE)
    you_texts = {code: "\N{BLACK STAR} you: " + fitted(case.region_label(code), book, short=case.region(code).short,
                                                        chars=28, lines=1)
                 for code in REGIONS}
    you_height = max(text_size(t, FONT_SIZE, True)[1] for t in you_texts.values()) * 72
    ax.set_title(fitted(case.plane.title, book, chars=64), fontsize=FONT_SIZE + 1, loc="left", pad=you_height + 4)
    ax.tick_params(labelsize=FONT_SIZE - 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])

    regions: dict[str, Rectangle] = {}
    region_labels: dict[str, Text] = {}
    per_inch = 1 / axes_inches(ax)  # data units per inch
    scored = _preset_assessments(case, presets, assessment)
    dot = 0.025  # half a preset marker, in data units: names and labels keep off the markers
    taken = [(p.strength - dot, p.strain - dot, p.strength + dot, p.strain + dot) for _, p in scored.values()]
    taken += [(p.before[0] - dot, p.before[1] - dot, p.before[0] + dot, p.before[1] + dot)
              for _, p in scored.values() if p.before is not None]
    arrows: list[Segment] = [(p.before, (p.strength, p.strain)) for _, p in scored.values()  # the presets' arrows
                             if p.before is not None and p.before != (p.strength, p.strain)]
    for code in REGIONS:
        x, y, w, h = _region_bounds(code, (ts, tt))
        style = REGION_STYLE[code]
        regions[code] = ax.add_patch(Rectangle((x, y), w, h, facecolor=style["color"], alpha=_REGION_ALPHA,
                                               hatch=style["hatch"] or None, edgecolor="none", zorder=0))
        name = fitted(case.region_label(code), book, short=case.region(code).short, chars=36)
        size = tuple(side * per_inch for side in text_size(name, FONT_SIZE - 1, True))
        nx, ny, ha, va = place_in_corner((x, y, x + w, y + h), size, _REGION_CORNERS[code], taken,  # type: ignore[arg-type]
                                         segments=arrows)
        # Over the presets' arrows, on an opaque box of the region's own tint: a region crossed by an arrow keeps
        # its name whole, and the box does not show.
        tint = tuple(1 - _REGION_ALPHA * (1 - part) for part in to_rgb(style["color"]))
        region_labels[code] = ax.text(nx, ny, name, ha=ha, va=va, fontsize=FONT_SIZE - 1, fontweight="bold",
                                      color="#333333", zorder=_REGION_NAME_Z,
                                      bbox={"boxstyle": "square,pad=0.1", "facecolor": tint, "edgecolor": "none"})
    lines = (ax.axvline(ts, color=OKABE_ITO["grey"], linestyle="--", linewidth=1, zorder=1),
             ax.axhline(tt, color=OKABE_ITO["grey"], linestyle="--", linewidth=1, zorder=1))

    preset_markers: dict[str, PathCollection] = {}
    preset_labels: dict[str, Text] = {}
    for i, (key, (label, preset)) in enumerate(scored.items()):
        preset_markers[key] = ax.scatter([preset.strength], [preset.strain], s=55,
                                         marker=_PRESET_MARKERS[i % len(_PRESET_MARKERS)], facecolor="white",
                                         edgecolor=OKABE_ITO["black"], linewidth=1.2, zorder=3)
        text, (x, y, ha, va) = _place_preset_label(fitted(label, book, chars=40), (preset.strength, preset.strain),
                                                   taken, arrows, per_inch)
        preset_labels[key] = ax.text(x, y, text, ha=ha, va=va, fontsize=FONT_SIZE - 2, color="#222222", zorder=3,
                                     bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8,
                                           "edgecolor": "none"})

    preset_befores: dict[str, PathCollection] = {}
    preset_changes: dict[str, FancyArrowPatch] = {}
    for key, (_, preset) in scored.items():
        if preset.before is None:
            continue
        preset_befores[key] = ax.scatter([preset.before[0]], [preset.before[1]], s=22, marker="o", facecolor="white",
                                         edgecolor=OKABE_ITO["grey"], linewidth=1.0, zorder=2.6, clip_on=False)
        preset_changes[key] = ax.add_patch(FancyArrowPatch(
            preset.before, (preset.strength, preset.strain), arrowstyle="-|>", mutation_scale=9, shrinkA=3, shrinkB=6,
            color=OKABE_ITO["grey"], linewidth=0.9, alpha=0.8, zorder=2.5, clip_on=False))
        _point_arrow(preset_changes[key], preset.before, (preset.strength, preset.strain))

    before = before_label = before_leader = change = None
    label_size = (0.0, 0.0)
    if assessment.before is not None:
        before = ax.scatter([assessment.before[0]], [assessment.before[1]], s=80, marker="o", facecolor="white",
                            edgecolor=OKABE_ITO["black"], linewidth=1.6, zorder=4.6, clip_on=False)
        change = ax.add_patch(FancyArrowPatch(
            assessment.before, (assessment.strength, assessment.strain), arrowstyle="-|>", mutation_scale=15,
            shrinkA=5, shrinkB=9, color=OKABE_ITO["black"], linewidth=1.7, zorder=4.5, clip_on=False))
        words = fitted(_before_words(case), book, chars=50)
        width, height = text_size(words, FONT_SIZE - 2)
        label_size = ((width + 0.06) * per_inch, (height + 0.04) * per_inch)
        (before_leader,) = ax.plot([], [], color=OKABE_ITO["black"], linewidth=0.6, alpha=0.6, zorder=4.4)
        before_label = ax.text(*assessment.before, words, fontsize=FONT_SIZE - 2, fontstyle="italic", color="#222222",
                               zorder=6, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 1.0,
                                               "edgecolor": "none"})  # opaque: an arrow it cannot avoid runs under it

    xs, ys = _trail_xy(trail)
    (trail_line,) = ax.plot(xs, ys, linestyle=":", marker=".", markersize=4, color=OKABE_ITO["black"],
                            alpha=0.55, linewidth=1.2, zorder=4)
    x, y, w, h = _region_bounds(assessment.region, (ts, tt))
    highlight = ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=OKABE_ITO["black"], linewidth=2.5, zorder=2))
    position = ax.scatter([assessment.strength], [assessment.strain], s=260, marker="*",
                          facecolor=OKABE_ITO["yellow"], edgecolor=OKABE_ITO["black"], linewidth=1.3, zorder=5,
                          clip_on=False)  # whole at an edge (a weighting can land on 0 or 1)
    position_label = ax.text(0.0, 1.0, you_texts[assessment.region], transform=ax.transAxes, ha="left",
                             va="bottom", fontsize=FONT_SIZE, fontweight="bold", zorder=6)
    artists = PlaneArtists(ax=ax, case=case, assessment=assessment, thresholds=(ts, tt), regions=regions,
                           region_labels=region_labels, threshold_lines=lines, presets=preset_markers,
                           preset_labels=preset_labels, position=position, position_label=position_label,
                           trail=trail_line, highlight=highlight, you_texts=you_texts, full_labels=book,
                           before=before, before_label=before_label, before_leader=before_leader, change=change,
                           preset_befores=preset_befores, preset_changes=preset_changes, before_label_size=label_size,
                           static_boxes=list(taken), static_arrows=arrows)
    artists._move_before(assessment)
    return artists


def update_plane(artists: PlaneArtists, assessment: Assessment, trail: Sequence[Any] | None = None) -> None:
    """Move the plane to a new assessment: :meth:`PlaneArtists.update`.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> plane = plot_plane(assess(case), case)
    >>> update_plane(plane, assess(case, {f.id: 0.0 for f in case.factors}), trail=[(0.6, 0.6)])
    >>> plane.assessment.region, plane.trail.get_xydata().tolist()
    ('both-low', [[0.6, 0.6]])
    """
    artists.update(assessment, trail)


def plane_summary(assessment: Assessment, case: Case) -> str:
    """One sentence saying where the weighting lands on the plane (caption, alt text), in the case's words.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> text = plane_summary(assess(case), case)
    >>> text.startswith(f"{case.plane.title}: your weighting lands in the {case.region_label('both-high')} region")
    True
    >>> f"0.10 from the {case.side('strength').label} boundary; " in text
    True
    >>> f"before {case.reference.label}, counting only the 4 factors the text dates earlier" in text
    True
    >>> text.endswith("so strength rose by 0.60 and strain by 0.42 (the arrow).")
    True
    """
    ts, tt = assessment.thresholds
    sides = side_names(case)
    now = (f"{case.plane.title}: your weighting lands in the {case.region_label(assessment.region)} region, at "
           f"{sides['strength']} {assessment.strength:.2f} and {sides['strain']} {assessment.strain:.2f} "
           f"(thresholds {ts:.2f} and {tt:.2f}), {assessment.margin:.2f} from the "
           f"{sides[assessment.nearest_boundary]} boundary")
    if assessment.before is None or assessment.change is None or case.reference is None:
        return now + "."
    dated = len(case.factors_before_reference())
    counted = f"only the {dated} factor{'' if dated == 1 else 's'} the text dates earlier" if dated else \
        "no factor, since the text dates none earlier"
    return (f"{now}; before {in_sentence(case.reference.label)}, counting {counted}, it stood at {sides['strength']} "
            f"{assessment.before[0]:.2f} and {sides['strain']} {assessment.before[1]:.2f} (not a verdict on the relationship then: "
            f"it counts only what the text dates earlier), so {change_words(assessment.change, sides)} (the arrow).")


def change_words(change: tuple[float, float], sides: Mapping[str, str]) -> str:
    """How each side moved from before to now, in words: ``"strength rose by 0.63 and strain by 0.39"``.

    >>> sides = {"strength": "strength", "strain": "strain"}
    >>> change_words((0.63, 0.39), sides), change_words((0.0, -0.1), sides)
    ('strength rose by 0.63 and strain by 0.39', 'strength stayed the same and strain fell by 0.10')
    >>> change_words((0.2, -0.1), sides)
    'strength rose by 0.20 and strain fell by 0.10'
    """
    def moved(delta: float) -> tuple[str, str]:
        if round(delta, 2) == 0:
            return "stayed", "stayed the same"
        verb = "rose" if delta > 0 else "fell"
        return verb, f"{verb} by {abs(delta):.2f}"

    (verb_a, words_a), (verb_b, words_b) = moved(change[0]), moved(change[1])
    second = words_b.removeprefix(f"{verb_a} ") if verb_a == verb_b and verb_a != "stayed" else words_b
    return f"{sides['strength']} {words_a} and {sides['strain']} {second}"


# --------------------------------------------------------------------------- the balance

@dataclass(eq=False)
class BalanceArtists(FigureHandle):
    """The handle of :func:`plot_balance`: one bar per factor, per side, and the side totals.

    ``ax`` is the strength side's axes; ``axes`` holds both sides'.
    """

    case: Case
    assessment: Assessment
    axes: dict[str, Axes]
    bars: dict[str, Rectangle]
    given: dict[str, Rectangle]
    totals: dict[str, Text]
    factor_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    side_words: dict[str, str] = field(default_factory=dict)

    @property
    def dynamic(self) -> tuple[Any, ...]:
        """The artists :meth:`update` changes, in the order a full draw draws them (the outlines over the bars)."""
        return (*self.bars.values(), *self.given.values(), *self.totals.values())

    @property
    def summary(self) -> str:
        """The two sides and their leading factors (:func:`balance_summary`)."""
        return balance_summary(self.assessment, self.case)

    def update(self, assessment: Assessment) -> None:
        """Resize the bars and rewrite the side totals for ``assessment``, in place."""
        self.assessment = assessment
        for kind, ids in self.factor_ids.items():
            count = len(ids)
            for fid in ids:
                self.bars[fid].set_width(assessment.contributions[fid])
                self.given[fid].set_width(assessment.weights[fid] / count)
            self.totals[kind].set_text(_total_text(self.side_words[kind], assessment.strength if kind == "strength"
                                                   else assessment.strain))


def _total_text(side: str, score: float) -> str:
    """The side's total under its bars (``side`` is ready to draw)."""
    return f"the bars add up to {side} {score:.2f}"


#: The balance's bar area per side, in inches, and the room between the two sides.
_BAR_INCHES, _GAP_INCHES = 2.4, 0.35


def _balance_figure(labels: Sequence[str], rows: int) -> tuple[list[Axes], float]:
    """A new figure with two axes, sized for ``labels`` on ``rows`` rows; and its width in inches."""
    label_width = widest(labels, FONT_SIZE - 1)
    line_height = max(text_size(label, FONT_SIZE - 1)[1] for label in labels)
    width = max(8.0, 2 * (label_width + 0.15 + _BAR_INCHES) + _GAP_INCHES + 0.3)
    height = rows * max(0.3, line_height + 0.05) + 1.5
    figure = new_figure((width, height))
    return list(figure.subplots(1, 2)), width


def plot_balance(assessment: Assessment, case: Case, *, ax: Sequence[Axes] | None = None) -> BalanceArtists:
    """Draw each factor's contribution to its side's score, the two sides side by side.

    A bar's length is the factor's effective weight divided by the number of factors on
    its side, so a side's bars add up to its score. Strength bars are plain blue,
    strain bars orange-red and hatched; every bar is labelled with the factor's label
    (its short label when the case gives one, fitted to two lines). A thin outline
    shows the weight as set, before the evidence trust and the duration scenario (the
    two coincide when neither applies). The figure is as wide and as tall as its labels need.

    Parameters
    ----------
    assessment : Assessment
    case : Case
        The case the assessment belongs to (for the factors' labels and kinds, the sides' names).
    ax : pair of Axes, optional
        ``(strength axes, strain axes)``; by default a new pyplot-free figure.

    Returns
    -------
    BalanceArtists
        The handle: ``update(assessment)`` resizes the bars.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> balance = plot_balance(assess(case), case)
    >>> first = case.factors_of_kind("strength")[0]
    >>> float(balance.bars[first.id].get_width()) == first.default_weight / len(case.factors_of_kind("strength"))
    True
    >>> balance.bars[case.factors_of_kind("strain")[0].id].get_hatch()
    '//'
    """
    book: dict[str, str] = {}
    by_kind = {kind: case.factors_of_kind(kind) for kind in ("strength", "strain")}
    labels = {f.id: fitted(f.label, book, short=f.short_label) for f in case.factors}
    rows = max(len(fs) for fs in by_kind.values())
    sides = side_names(case)
    side_words = {kind: fitted(sides[kind], book, chars=24, lines=1) for kind in sides}
    if ax is None:
        axes, width = _balance_figure(list(labels.values()), rows)
        figure = axes[0].figure
        note = ("filled bar: the factor's contribution after evidence trust and the duration scenario; "
                "outline: the weight as you set it")
        figure.supxlabel(wrap_to_width(note, width - 0.4, FONT_SIZE - 2), fontsize=FONT_SIZE - 2, color="#333333")
    else:
        axes = list(ax)
        if len(axes) != 2:
            raise ValueError(f"ax must be two Axes (strength, strain), not {len(axes)}")
    widest_bar = max(1 / len(fs) for fs in by_kind.values() if fs)
    bars: dict[str, Rectangle] = {}
    given: dict[str, Rectangle] = {}
    totals: dict[str, Text] = {}
    panel = widest(labels.values(), FONT_SIZE - 1) + _BAR_INCHES
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
        axis.set_yticks(y, [labels[f.id] for f in factors], fontsize=FONT_SIZE - 1)
        axis.set_ylim(rows - 0.5, -0.5)  # first factor on top; both sides share the row grid
        axis.set_xlim(0, widest_bar * 1.02)
        axis.set_xticks([0, widest_bar / 2, widest_bar], ["0", f"{widest_bar / 2:.2f}", f"{widest_bar:.2f}"])
        axis.tick_params(axis="x", labelsize=FONT_SIZE - 2)
        title = plain(f"{sides[kind].upper()} factors ({'plain' if not style['hatch'] else 'hatched'} bars)")
        axis.set_title(wrap_to_width(title, panel, FONT_SIZE, True), fontsize=FONT_SIZE, loc="right",
                       color=style["color"], fontweight="bold")
        axis.spines[["top", "right"]].set_visible(False)
        # Not the x label: an axis always draws its label, so a moving label could not be blitted.
        score = assessment.strength if kind == "strength" else assessment.strain
        totals[kind] = axis.annotate(_total_text(side_words[kind], score), (1.0, 0.0),
                                     xycoords="axes fraction", xytext=(0, -16), textcoords="offset points",
                                     ha="right", va="top", fontsize=FONT_SIZE - 1)
    return BalanceArtists(ax=axes[0], case=case, assessment=assessment,
                          axes=dict(zip(("strength", "strain"), axes, strict=True)), bars=bars, given=given,
                          totals=totals, factor_ids={k: tuple(f.id for f in fs) for k, fs in by_kind.items()},
                          side_words=side_words, full_labels=book)


def update_balance(artists: BalanceArtists, assessment: Assessment) -> None:
    """Resize the bars and rewrite the side totals: :meth:`BalanceArtists.update`.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> balance = plot_balance(assess(case), case)
    >>> first = case.factors[0].id
    >>> update_balance(balance, assess(case, {first: 0.0}))
    >>> balance.bars[first].get_width()
    0.0
    """
    artists.update(assessment)


def balance_summary(assessment: Assessment, case: Case) -> str:
    """One sentence comparing the two sides and naming the largest factor on each.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> text = balance_summary(assess(case), case)
    >>> text.startswith(f"Balance: {case.side('strength').label} 0.60 from {len(case.factors_of_kind('strength'))} factors")
    True
    """
    sides = side_names(case)
    parts = []
    for kind in ("strength", "strain"):
        score = assessment.strength if kind == "strength" else assessment.strain
        count = len(case.factors_of_kind(kind))
        top = assessment.top_factors(kind)
        if top and assessment.contributions[top[0]] > 0:
            lead = f'led by "{case.factor(top[0]).label}" ({assessment.contributions[top[0]]:.2f})'
        else:
            lead = "with no factor counting"
        parts.append(f"{sides[kind]} {score:.2f} from {count} factors, {lead}")
    return f"Balance: {parts[0]}; {parts[1]}."
