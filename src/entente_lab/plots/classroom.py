"""Class figures: the class on the paradox plane, and how the class weighted each factor.

Each function takes a :class:`~entente_lab.aggregate.ClassReport`, draws on
``ax`` (a new figure's axes when ``None``), returns the artists, and never shows.
Each has a ``*_summary`` companion: one sentence saying what the figure shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..aggregate import ClassReport
from ..model import REGIONS, assess
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, region_names

__all__ = ["REGION_MARKERS", "class_plane_summary", "plot_class_plane", "plot_weight_distributions",
           "weight_distributions_summary"]

#: Each region's marker for students' points, so a point's region reads without colour.
REGION_MARKERS = {code: style["marker"] for code, style in REGION_STYLE.items()}


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def plot_class_plane(report: ClassReport, *, ax: Axes | None = None, presets: bool = True) -> dict[str, Any]:
    """Each student as a point on the case's plane, the presets as labelled reference markers.

    The four regions are shaded lightly and named in words; a student's point has
    its region's colour *and* marker, and the legend gives each region's count.
    Thresholds are those of the first counted submission (0.5, 0.5 by default).

    Returns
    -------
    dict
        ``"ax"``, ``"students"`` (region to its ``PathCollection``), ``"presets"``
        (list of (marker, label) artists), ``"regions"`` (region to its fill),
        ``"thresholds"`` (the two lines).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.aggregate import ClassReport
    >>> handles = plot_class_plane(ClassReport(load_case(), ()))
    >>> handles["ax"].get_xlabel()
    'strength score (0 to 1)'
    >>> len(handles["presets"])
    4
    """
    ax = _axes(ax, (6.4, 6.0))
    ts, tt = report.submissions[0].thresholds if report.submissions else (0.5, 0.5)
    boxes = {"both-high": (ts, 1, tt, 1), "strength-high": (ts, 1, 0, tt),
             "strain-high": (0, ts, tt, 1), "both-low": (0, ts, 0, tt)}
    names = region_names(report.case)
    regions, counts = {}, report.region_counts
    for verdict, (x0, x1, y0, y1) in boxes.items():
        style = REGION_STYLE[verdict]
        edge = {0: -0.03, 1: 1.03}  # fill out to the axes' margin
        regions[verdict] = ax.fill_between([edge.get(x0, x0), edge.get(x1, x1)], edge.get(y0, y0),
                                           edge.get(y1, y1), color=style["color"], alpha=0.12, linewidth=0,
                                           hatch=style["hatch"] or None, zorder=0)
        x_text = x0 + 0.02 if x0 == 0 else x1 - 0.02
        y_text = y1 - 0.03 if y1 == 1 else y0 + 0.03
        ax.text(x_text, y_text, plain(names[verdict]), ha="left" if x0 == 0 else "right", va="top" if y1 == 1 else "bottom",
                fontsize=FONT_SIZE, fontweight="bold", color="#333333", zorder=1)
    thresholds = [ax.axvline(ts, color=OKABE_ITO["grey"], linewidth=1, linestyle=":", zorder=1),
                  ax.axhline(tt, color=OKABE_ITO["grey"], linewidth=1, linestyle=":", zorder=1)]
    students = {}
    for verdict in REGIONS:
        points = [(s.strength, s.strain) for s in report.submissions if s.region == verdict]
        xy = np.array(points, dtype=float).reshape(-1, 2)
        students[verdict] = ax.scatter(
            xy[:, 0], xy[:, 1], s=46, marker=REGION_MARKERS[verdict], color=REGION_STYLE[verdict]["color"],
            edgecolor="black", linewidth=0.7, alpha=0.9, zorder=3,
            label=plain(f"{names[verdict]}: {counts[verdict]} student{'s' if counts[verdict] != 1 else ''}"))
    preset_artists = []
    if presets:
        for preset in report.case.presets:
            a = assess(report.case, preset.weights, thresholds=(ts, tt))
            marker = ax.scatter([a.strength], [a.strain], s=120, marker="X", color="white", edgecolor="black",
                                linewidth=1.4, zorder=4)
            label = ax.annotate(plain(preset.label), (a.strength, a.strain), xytext=(7, -3), textcoords="offset points",
                                fontsize=FONT_SIZE - 1, style="italic", zorder=5,
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.55})
            preset_artists.append((marker, label))
        ax.scatter([], [], s=90, marker="X", color="white", edgecolor="black", linewidth=1.4,
                   label="preset (reference reading)")
    ax.set_xlim(-0.03, 1.03)  # a margin, so a student at 0 or 1 is drawn whole
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    sides = {kind: report.case.side(kind).label for kind in ("strength", "strain")}
    ax.set_xlabel(plain(f"{sides['strength']} score (0 to 1)"), fontsize=FONT_SIZE)
    ax.set_ylabel(plain(f"{sides['strain']} score (0 to 1)"), fontsize=FONT_SIZE)
    ax.set_title(plain(f"The class on {report.case.plane.in_sentence} ({report.n_students} "
                       f"student{'s' if report.n_students != 1 else ''})"), fontsize=FONT_SIZE + 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=FONT_SIZE - 1, frameon=False)
    return {"ax": ax, "students": students, "presets": preset_artists, "regions": regions, "thresholds": thresholds}


def class_plane_summary(report: ClassReport) -> str:
    """One sentence: how the class spreads over the four regions.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.aggregate import ClassReport
    >>> class_plane_summary(ClassReport(load_case(), ()))
    'No submission has been counted yet, so the plane shows only the presets.'
    """
    n = report.n_students
    if not n:
        return "No submission has been counted yet, so the plane shows only the presets."
    names = region_names(report.case)
    parts = [f"{count} in {names[verdict]} ({count / n:.0%})" for verdict, count in
             sorted(report.region_counts.items(), key=lambda item: -item[1]) if count]
    return (f"Of {n} student{'s' if n != 1 else ''}, " + ", ".join(parts)
            + "; the presets are marked with an X for reference.")


def plot_weight_distributions(report: ClassReport, *, ax: Axes | None = None, seed: int = 0) -> dict[str, Any]:
    """Each factor's weights across the class: a box (middle half, median) and every student as a dot.

    One row per factor, strength factors above strain factors, each row labelled with
    the factor's label and side; strength and strain differ in colour, dot marker
    and box hatching. The most contested factors are flagged "contested" in words.
    Dots are jittered vertically with a fixed ``seed``, so the figure is reproducible.

    Returns
    -------
    dict
        ``"ax"``, ``"boxes"`` (factor id to its box patch), ``"dots"`` (factor id to its
        ``PathCollection``).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.aggregate import ClassReport
    >>> handles = plot_weight_distributions(ClassReport(load_case(), ()))
    >>> len(handles["ax"].get_yticklabels())
    19
    """
    case = report.case
    factors = [f for kind in ("strength", "strain") for f in case.factors_of_kind(kind)]
    ax = _axes(ax, (9.5, 0.36 * len(factors) + 1.9))
    index = {f.id: j for j, f in enumerate(case.factors)}
    matrix = report.weight_matrix
    rng = np.random.default_rng(seed)
    contested = set(report.contested)
    boxes, dots = {}, {}
    for row, factor in enumerate(factors):
        y = len(factors) - 1 - row
        style = KIND_STYLE[factor.kind]
        values = matrix[:, index[factor.id]]
        if values.size:
            q1, median, q3 = np.percentile(values, [25, 50, 75])
            ax.plot([values.min(), values.max()], [y, y], color=style["color"], linewidth=1,
                    linestyle=style["linestyle"], zorder=1)
            boxes[factor.id] = ax.add_patch(_box(q1, q3, y, style))
            ax.plot([median, median], [y - 0.3, y + 0.3], color="black", linewidth=2, zorder=3)
            jitter = rng.uniform(-0.17, 0.17, size=values.size)
            dots[factor.id] = ax.scatter(values, y + jitter, s=14, marker=style["marker"], color=style["color"],
                                         edgecolor="white", linewidth=0.4, alpha=0.85, zorder=4)
        if factor.id in contested:
            ax.text(1.02, y, "contested", va="center", ha="left", fontsize=FONT_SIZE - 1, fontweight="bold",
                    color="black", transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(factors)))
    ax.set_yticklabels([plain(f"{f.label} ({f.kind})") for f in reversed(factors)], fontsize=FONT_SIZE - 1)
    n_strength = len(case.factors_of_kind("strength"))
    ax.axhline(len(factors) - n_strength - 0.5, color=OKABE_ITO["grey"], linewidth=1)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, len(factors) - 0.3)
    ax.set_xlabel("weight: 0 = does not count, 1 = counts fully\n(dot: one student; box: middle half of the class; "
                  "black bar: median; line: lowest to highest)", fontsize=FONT_SIZE)
    ax.set_title("How the class weighted each factor", fontsize=FONT_SIZE + 1)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    return {"ax": ax, "boxes": boxes, "dots": dots}


def _box(q1: float, q3: float, y: float, style: dict[str, Any]):
    from matplotlib.patches import Rectangle

    return Rectangle((q1, y - 0.26), max(q3 - q1, 0.004), 0.52, facecolor=style["color"], alpha=0.35,
                     edgecolor=style["color"], hatch=style["hatch"] or None, linewidth=1.2, zorder=2)


def weight_distributions_summary(report: ClassReport) -> str:
    """One sentence: which factors divide the class most, and which it agrees on.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.aggregate import ClassReport
    >>> weight_distributions_summary(ClassReport(load_case(), ()))
    'No submission has been counted yet, so there are no weights to compare.'
    """
    if not report.n_students:
        return "No submission has been counted yet, so there are no weights to compare."
    spreads = report.spreads

    def named(ids: tuple[str, ...]) -> str:
        return ", ".join(f'"{spreads[i].label}" (middle half {spreads[i].q1:.2f} to {spreads[i].q3:.2f})'
                         for i in ids)

    return (f"The class disagrees most on {named(report.contested)}, and agrees most on "
            f"{named(report.consensus)}.")
