"""Class figures: the class on the case's plane, and how the class weighted each factor.

Each function takes a :class:`~entente_lab.classroom.aggregate.ClassReport`, draws on ``ax`` (a
new figure's axes, sized to its labels, when ``None``), never shows, and returns a
handle (:class:`~entente_lab.plots._canvas.FigureHandle`): ``update(report)`` moves the
students' marks to another report of the same case, ``summary`` says in one sentence
what the figure shows (the ``*_summary`` functions give the same sentence).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from ..analysis.model import REGIONS, assess
from ..case.vocabulary import REGION_CORNERS
from ..classroom.aggregate import ClassReport
from ._canvas import (
    FigureHandle,
    axes_inches,
    fitted,
    new_axes,
    new_figure,
    place_beside,
    place_in_corner,
    text_size,
    widest,
    wrap_to_width,
)
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, side_names

__all__ = ["REGION_MARKERS", "ClassPlaneArtists", "WeightDistributionArtists", "class_plane_summary",
           "plot_class_plane", "plot_weight_distributions", "weight_distributions_summary"]

#: Each region's marker for students' points, so a point's region reads without colour.
REGION_MARKERS = {code: style["marker"] for code, style in REGION_STYLE.items()}

#: The class plane's size in inches (the class report shows it beside its table).
_CLASS_PLANE_SIZE = (6.4, 6.4)


def _thresholds(report: ClassReport) -> tuple[float, float]:
    """Those of the first counted submission (0.5, 0.5 for an empty class)."""
    return tuple(report.submissions[0].thresholds) if report.submissions else (0.5, 0.5)  # type: ignore[return-value]


def _students(count: int) -> str:
    return f"{count} student{'s' if count != 1 else ''}"


# --------------------------------------------------------------------------- the class on the plane

@dataclass(eq=False)
class ClassPlaneArtists(FigureHandle):
    """The handle of :func:`plot_class_plane`.

    Attributes
    ----------
    students : dict
        Region code to the ``PathCollection`` of the students who land there.
    presets : list
        ``(marker, label)`` artists of the presets; a preset's label says how many
        students land on its marker (their points are drawn above it).
    preset_points : list
        ``(label, strength, strain)`` of each preset, in the order of ``presets``.
    regions : dict
        Region code to its fill.
    thresholds : list
        The two threshold lines.
    """

    report: ClassReport | None = None
    students: dict[str, PathCollection] = field(default_factory=dict)
    presets: list[tuple[Any, Text]] = field(default_factory=list)
    preset_points: list[tuple[str, float, float]] = field(default_factory=list)
    regions: dict[str, Any] = field(default_factory=dict)
    #: Where the preset labels may not go (preset markers, region names), and data units per inch.
    label_room: tuple[list[tuple[float, float, float, float]], float] = field(default_factory=lambda: ([], 1.0))
    #: Each preset label's box (data units) without and with its "(+ n students here)" line, measured once when drawn.
    label_sizes: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    thresholds: list[Line2D] = field(default_factory=list)
    legend: Any = None
    title: Text | None = None
    names: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """How the class spreads over the regions (:func:`class_plane_summary`)."""
        assert self.report is not None
        return class_plane_summary(self.report)

    def update(self, report: ClassReport) -> None:
        """Move the students' points, the counts and the title to ``report`` (same case, same thresholds).

        Raises
        ------
        ValueError
            If the report is for another case, or its thresholds differ from the ones drawn.
        """
        assert self.report is not None
        if report.case is not self.report.case or _thresholds(report) != _thresholds(self.report) and report.submissions:
            raise ValueError("the class plane was drawn for another case or other thresholds; "
                             "draw a new one with plot_class_plane")
        self.report = report
        counts = report.region_counts
        for code in REGIONS:
            points = [(s.strength, s.strain) for s in report.submissions if s.region == code]
            self.students[code].set_offsets(np.array(points, dtype=float).reshape(-1, 2))
        if self.legend is not None:
            for text, code in zip(self.legend.get_texts(), REGIONS, strict=False):
                text.set_text(f"{self.names[code]}: {_students(counts[code])}")
        if self.title is not None:
            self.title.set_text(_class_title(report))
        for (_, label), point in zip(self.presets, self.preset_points, strict=True):
            label.set_text(_preset_label(point, report))
        _place_preset_labels(self)


#: How close to a preset's point a student's point is "on" its marker, in score units (half the marker's width).
ON_PRESET = 0.025


def _preset_label(point: tuple[str, float, float], report: ClassReport) -> str:
    """A preset's label, and how many students land on its marker (so a student there is not taken for the preset).

    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import ClassReport
    >>> _preset_label(("A reading", 0.5, 0.5), ClassReport(load_case(), ()))
    'A reading'
    """
    label, x, y = point
    here = sum(abs(s.strength - x) <= ON_PRESET and abs(s.strain - y) <= ON_PRESET for s in report.submissions)
    return f"{label}\n(+ {_students(here)} here)" if here else label


def _class_title(report: ClassReport) -> str:
    return plain(f"The class on {report.case.plane.in_sentence} ({_students(report.n_students)})")


def _place_preset_labels(artists: ClassPlaneArtists) -> None:
    """Put each preset's label beside its marker, clear of the students' points where there is room.

    The labels are placed again whenever the class changes (``update``); where no place is
    clear the students' points are drawn above the label, so no student is hidden.
    """
    assert artists.report is not None
    fixed, _ = artists.label_room
    dot = ON_PRESET
    taken = list(fixed) + [(s.strength - dot, s.strain - dot, s.strength + dot, s.strain + dot)
                           for s in artists.report.submissions]
    for (_, label), (_, px, py), (alone, counted) in zip(artists.presets, artists.preset_points, artists.label_sizes,
                                                          strict=True):
        size = counted if "\n(+ " in label.get_text() else alone  # measured when drawn: an update measures nothing
        x, y, ha, va = place_beside(px, py, size, taken, limits=(-0.03, 1.03), gap=0.035)
        label.set_position((x, y))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)


def plot_class_plane(report: ClassReport, *, ax: Axes | None = None, presets: bool = True) -> ClassPlaneArtists:
    """Each student as a point on the case's plane, the presets as labelled reference markers.

    The four regions are shaded lightly and named in the case's words; a student's
    point has its region's colour *and* marker, and the legend gives each region's
    count. Thresholds are those of the first counted submission (0.5, 0.5 by default).

    Returns
    -------
    ClassPlaneArtists
        The handle: ``update(report)`` moves the students, ``summary`` describes the class.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import ClassReport
    >>> case = load_case()
    >>> class_plane = plot_class_plane(ClassReport(case, ()))
    >>> class_plane.ax.get_xlabel() == f"{case.side('strength').label} score (0 to 1)"
    True
    >>> len(class_plane.presets) == len(case.presets)
    True
    """
    case = report.case
    book: dict[str, str] = {}
    names = {code: fitted(case.region_label(code), book, short=case.region(code).short, chars=36) for code in REGIONS}
    ax = new_axes(ax, _CLASS_PLANE_SIZE)
    ts, tt = _thresholds(report)
    artists = ClassPlaneArtists(ax=ax, report=report, names={code: " ".join(n.split()) for code, n in names.items()},
                                full_labels=book)
    counts = report.region_counts
    edge = {0: -0.03, 1: 1.03}  # fill out to the axes' margin
    per_inch = 1.06 / axes_inches(ax)  # data units per inch
    scored = [(preset, assess(case, preset.weights, thresholds=(ts, tt))) for preset in case.presets] if presets else []
    dot = ON_PRESET  # half a preset marker, in data units: names and labels keep off the markers
    taken = [(a.strength - dot, a.strain - dot, a.strength + dot, a.strain + dot) for _, a in scored]
    for code in REGIONS:
        right, top = REGION_CORNERS[code]
        x0, x1 = (ts, 1) if right else (0, ts)
        y0, y1 = (tt, 1) if top else (0, tt)
        style = REGION_STYLE[code]
        artists.regions[code] = ax.fill_between([edge.get(x0, x0), edge.get(x1, x1)], edge.get(y0, y0),
                                                edge.get(y1, y1), color=style["color"], alpha=0.12, linewidth=0,
                                                hatch=style["hatch"] or None, zorder=0)
        size = tuple(side * per_inch for side in text_size(names[code], FONT_SIZE, True))
        x, y, ha, va = place_in_corner((x0, y0, x1, y1), size, (right, top), taken, inset=(0.02, 0.03))  # type: ignore[arg-type]
        ax.text(x, y, names[code], ha=ha, va=va, fontsize=FONT_SIZE, fontweight="bold", color="#333333", zorder=1)
    artists.thresholds = [ax.axvline(ts, color=OKABE_ITO["grey"], linewidth=1, linestyle=":", zorder=1),
                          ax.axhline(tt, color=OKABE_ITO["grey"], linewidth=1, linestyle=":", zorder=1)]
    for code in REGIONS:
        points = [(s.strength, s.strain) for s in report.submissions if s.region == code]
        xy = np.array(points, dtype=float).reshape(-1, 2)
        artists.students[code] = ax.scatter(
            xy[:, 0], xy[:, 1], s=46, marker=REGION_MARKERS[code], color=REGION_STYLE[code]["color"],
            edgecolor="black", linewidth=0.7, alpha=0.9, zorder=6,  # above the preset labels too: no student hidden
            label=f"{artists.names[code]}: {_students(counts[code])}")
    for preset, a in scored:
        # under the students (zorder 6): a student who weighs as a preset does is drawn on its marker, not hidden by it
        marker = ax.scatter([a.strength], [a.strain], s=120, marker="X", color="white", edgecolor="black",
                            linewidth=1.4, zorder=2)
        artists.preset_points.append((fitted(preset.label, book, chars=32), a.strength, a.strain))
        label = ax.text(a.strength, a.strain, _preset_label(artists.preset_points[-1], report), fontsize=FONT_SIZE - 1,
                        style="italic", zorder=5, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
        artists.presets.append((marker, label))
        name = artists.preset_points[-1][0]
        artists.label_sizes.append(tuple(  # type: ignore[arg-type]
            ((width + 0.06) * per_inch, (height + 0.04) * per_inch)
            for width, height in (text_size(text, FONT_SIZE - 1) for text in (name, f"{name}\n(+ {_students(999)} here)"))))
    artists.label_room = (taken, per_inch)
    _place_preset_labels(artists)
    if presets:
        ax.scatter([], [], s=90, marker="X", color="white", edgecolor="black", linewidth=1.4,
                   label="preset (reference reading)")
    ax.set_xlim(-0.03, 1.03)  # a margin, so a student at 0 or 1 is drawn whole
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    sides = side_names(case)
    ax.set_xlabel(fitted(f"{sides['strength']} score (0 to 1)", book, chars=60, lines=1), fontsize=FONT_SIZE)
    ax.set_ylabel(fitted(f"{sides['strain']} score (0 to 1)", book, chars=60, lines=1), fontsize=FONT_SIZE)
    width = ax.figure.get_figwidth() - 0.6
    artists.title = ax.set_title(wrap_to_width(_class_title(report), width, FONT_SIZE + 1), fontsize=FONT_SIZE + 1)
    labels = [f"{artists.names[code]}: {_students(999)}" for code in REGIONS]
    columns = 2 if 2 * widest(labels, FONT_SIZE - 1) + 1.2 <= width else 1
    artists.legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=columns, fontsize=FONT_SIZE - 1,
                               frameon=False)
    return artists


def class_plane_summary(report: ClassReport) -> str:
    """One sentence: how the class spreads over the four regions (the case's names for them).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import ClassReport
    >>> class_plane_summary(ClassReport(load_case(), ()))
    'No submission has been counted yet, so the plane shows only the presets.'
    """
    n = report.n_students
    if not n:
        return "No submission has been counted yet, so the plane shows only the presets."
    parts = [f"{count} in {report.case.region_label(code)} ({count / n:.0%})" for code, count in
             sorted(report.region_counts.items(), key=lambda item: -item[1]) if count]
    return f"Of {_students(n)}, " + ", ".join(parts) + "; the presets are marked with an X for reference."


# --------------------------------------------------------------------------- the weights across the class

@dataclass(eq=False)
class WeightDistributionArtists(FigureHandle):
    """The handle of :func:`plot_weight_distributions`: per factor id, its range, box, median, dots and flag."""

    report: ClassReport | None = None
    seed: int = 0
    rows: dict[str, float] = field(default_factory=dict)
    ranges: dict[str, Line2D] = field(default_factory=dict)
    boxes: dict[str, Rectangle] = field(default_factory=dict)
    medians: dict[str, Line2D] = field(default_factory=dict)
    dots: dict[str, PathCollection] = field(default_factory=dict)
    flags: dict[str, Text] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """Which factors divide the class most, and which it agrees on (:func:`weight_distributions_summary`)."""
        assert self.report is not None
        return weight_distributions_summary(self.report)

    def update(self, report: ClassReport) -> None:
        """Move every box, median, range and dot, and the "contested" flags, to ``report`` (same case).

        Raises
        ------
        ValueError
            If the report is for another case.
        """
        assert self.report is not None
        if report.case is not self.report.case:
            raise ValueError("the figure was drawn for another case; draw a new one with plot_weight_distributions")
        self.report = report
        matrix = report.weight_matrix
        index = {f.id: j for j, f in enumerate(report.case.factors)}
        rng = np.random.default_rng(self.seed)
        contested = set(report.contested)
        for fid, y in self.rows.items():
            values = matrix[:, index[fid]]
            has = values.size > 0
            q1, median, q3 = np.percentile(values, [25, 50, 75]) if has else (0.0, 0.0, 0.0)
            self.ranges[fid].set_data([values.min(), values.max()] if has else [], [y, y] if has else [])
            self.boxes[fid].set_bounds(q1, y - 0.26, max(q3 - q1, 0.004), 0.52)
            self.boxes[fid].set_visible(has)
            self.medians[fid].set_data([median, median] if has else [], [y - 0.3, y + 0.3] if has else [])
            jitter = rng.uniform(-0.17, 0.17, size=values.size)
            self.dots[fid].set_offsets(np.column_stack([values, y + jitter]).reshape(-1, 2))
            self.flags[fid].set_visible(fid in contested)


def _row_labels(report: ClassReport, book: dict[str, str]) -> dict[str, str]:
    """Factor id to its row label: the fitted label, then its side."""
    sides = side_names(report.case)
    side_words = {kind: fitted(label, book, chars=24, lines=1) for kind, label in sides.items()}
    return {f.id: f"{fitted(f.label, book, short=f.short_label)} ({side_words[f.kind]})" for f in report.case.factors}


def plot_weight_distributions(report: ClassReport, *, ax: Axes | None = None, seed: int = 0) -> WeightDistributionArtists:
    """Each factor's weights across the class: a box (middle half, median) and every student as a dot.

    One row per factor, strength factors above strain factors, each row labelled with
    the factor's label (fitted to two lines) and the case's name for its side;
    strength and strain differ in colour, dot marker and box hatching. The most
    contested factors are flagged "contested" in words. Dots are jittered vertically
    with a fixed ``seed``, so the figure is reproducible. The figure is as wide and as
    tall as its labels need.

    Returns
    -------
    WeightDistributionArtists
        The handle: ``update(report)`` moves the boxes and dots.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import ClassReport
    >>> case = load_case()
    >>> spread = plot_weight_distributions(ClassReport(case, ()))
    >>> len(spread.ax.get_yticklabels()) == len(case.factors)
    True
    """
    case = report.case
    book: dict[str, str] = {}
    factors = [f for kind in ("strength", "strain") for f in case.factors_of_kind(kind)]
    labels = _row_labels(report, book)
    if ax is None:
        row = max(0.32, max(text_size(label, FONT_SIZE - 1)[1] for label in labels.values()) + 0.08)
        width = widest(labels.values(), FONT_SIZE - 1) + 0.3 + 5.2 + text_size("contested", FONT_SIZE - 1, True)[0] + 0.3
        ax = new_figure((max(8.0, width), row * len(factors) + 2.0)).add_subplot()
    artists = WeightDistributionArtists(ax=ax, report=report, seed=seed, full_labels=book)
    for position, factor in enumerate(factors):
        y = float(len(factors) - 1 - position)
        style = KIND_STYLE[factor.kind]
        artists.rows[factor.id] = y
        artists.ranges[factor.id] = ax.plot([], [], color=style["color"], linewidth=1, linestyle=style["linestyle"],
                                            zorder=1)[0]
        artists.boxes[factor.id] = ax.add_patch(_box(style))
        artists.medians[factor.id] = ax.plot([], [], color="black", linewidth=2, zorder=3)[0]
        artists.dots[factor.id] = ax.scatter([], [], s=14, marker=style["marker"], color=style["color"],
                                             edgecolor="white", linewidth=0.4, alpha=0.85, zorder=4)
        artists.flags[factor.id] = ax.text(1.02, y, "contested", va="center", ha="left", fontsize=FONT_SIZE - 1,
                                           fontweight="bold", color="black", transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(factors)))
    ax.set_yticklabels([labels[f.id] for f in reversed(factors)], fontsize=FONT_SIZE - 1)
    n_strength = len(case.factors_of_kind("strength"))
    ax.axhline(len(factors) - n_strength - 0.5, color=OKABE_ITO["grey"], linewidth=1)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, len(factors) - 0.3)
    ax.set_xlabel("weight: 0 = does not count, 1 = counts fully\n(dot: one student; box: middle half of the class; "
                  "black bar: median; line: lowest to highest)", fontsize=FONT_SIZE)
    ax.set_title("How the class weighted each factor", fontsize=FONT_SIZE + 1)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    artists.update(report)
    return artists


def _box(style: Mapping[str, Any]) -> Rectangle:
    return Rectangle((0.0, 0.0), 0.004, 0.52, facecolor=style["color"], alpha=0.35, edgecolor=style["color"],
                     hatch=style["hatch"] or None, linewidth=1.2, zorder=2)


def weight_distributions_summary(report: ClassReport) -> str:
    """One sentence: which factors divide the class most, and which it agrees on.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import ClassReport
    >>> weight_distributions_summary(ClassReport(load_case(), ()))
    'No submission has been counted yet, so there are no weights to compare.'
    """
    if not report.n_students:
        return "No submission has been counted yet, so there are no weights to compare."
    if report.spread_note:
        return report.spread_note
    spreads = report.spreads

    def named(ids: tuple[str, ...]) -> str:
        return ", ".join(f'"{spreads[i].label}" (middle half {spreads[i].q1:.2f} to {spreads[i].q3:.2f})'
                         for i in ids)

    return (f"The class disagrees most on {named(report.contested)}, and agrees most on "
            f"{named(report.consensus)}.")
