"""Every figure of :mod:`entente_lab.plots`, drawn, updated and summarised for any case.

:data:`FIGURES` holds one entry per ``plot_*`` function the package exports (a test
checks that none is missing, so a new figure cannot be forgotten): how to draw it, how
to update it to other data, and the text its ``*_summary`` function gives before and
after that update. :func:`layout_problems` renders a figure and lists what a person
would see wrong: text cut off at the figure's edge, labels printed over each other, a
plot area squeezed to a sliver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path as DrawnPath
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PIL import Image

import entente_lab
from entente_lab import assess, robustness
from entente_lab import plots as plots_package
from entente_lab.case.records import Case
from entente_lab.classroom.aggregate import ClassReport, aggregate
from entente_lab.classroom.demo import demo_class
from entente_lab.plots import classroom, maps, plane, stress, timeline, trilemma
from entente_lab.plots._canvas import FigureHandle

#: The share of the figure's width and of its height the main plot area must keep at least.
LEAST_PLOT_AREA = 0.25


def exported_figures() -> set[str]:
    """The names of every figure function :mod:`entente_lab.plots` exports."""
    return {name for name in dir(plots_package) if name.startswith("plot_")}


@dataclass
class Inputs:
    """What the figures of one case are drawn from (``other_*``: what they are updated to)."""

    case: Case
    report: ClassReport
    other_report: ClassReport

    def __post_init__(self) -> None:
        case = self.case
        self.weights = case.default_weights()
        self.other = {f.id: round(1.0 - w, 2) for f, w in zip(case.factors, self.weights.values(), strict=True)}
        self.assessment = assess(case)
        self.other_assessment = assess(case, self.other)
        self.result = robustness(case, n=200, seed=1)
        self.other_result = robustness(case, self.other, n=200, seed=1, spread=0.3)
        self.event = min(case.events, key=lambda e: (e.date, e.id)).id if case.events else None
        options = case.trilemma.options if case.trilemma is not None else ()
        self.option = options[0].id if options else None
        self.months = case.scenario.maximum if case.scenario is not None else None


def inputs_for(case: Case, folder: Path) -> Inputs:
    """A demonstration class of 12 and another of 8 for ``case``, saved under ``folder``."""
    reports = []
    for name, n, seed in (("class", 12, 0), ("other-class", 8, 1)):
        demo_class(case, folder / name, n=n, seed=seed)
        reports.append(aggregate(folder / name, case=case))
    return Inputs(case, *reports)


@dataclass(frozen=True)
class FigureCall:
    """How to draw one figure, update it, and what its ``*_summary`` function says before and after."""

    draw: Callable[[Inputs], FigureHandle]
    update: Callable[[FigureHandle, Inputs], None]
    summary: Callable[[Inputs, bool], str]
    drawable: Callable[[Case], bool] = lambda case: True


def _after(i: Inputs, updated: bool, before: Any, after: Any) -> Any:
    return after if updated else before


FIGURES: dict[str, FigureCall] = {
    "plot_argument_map": FigureCall(
        lambda i: maps.plot_argument_map(i.case),
        lambda h, i: h.update(i.other),
        lambda i, u: maps.argument_map_summary(i.case, _after(i, u, None, i.other))),
    "plot_actor_network": FigureCall(
        lambda i: maps.plot_actor_network(i.case),
        lambda h, i: h.update(i.other, relation_types={i.case.relations[0].type}),
        lambda i, u: maps.actor_network_summary(i.case, _after(i, u, None, i.other),
                                                relation_types=_after(i, u, None, {i.case.relations[0].type}))),
    "plot_region_shares": FigureCall(
        lambda i: stress.plot_region_shares(i.result, i.case),
        lambda h, i: h.update(i.other_result),
        lambda i, u: stress.region_shares_summary(_after(i, u, i.result, i.other_result), i.case)),
    "plot_tornado": FigureCall(
        lambda i: stress.plot_tornado(i.case),
        lambda h, i: h.update(i.other),
        lambda i, u: stress.tornado_summary(i.case, _after(i, u, None, i.other))),
    "plot_qbaf_comparison": FigureCall(
        lambda i: stress.plot_qbaf_comparison(i.case),
        lambda h, i: h.update(i.other),
        lambda i, u: stress.qbaf_comparison_summary(i.case, _after(i, u, None, i.other))),
    "plot_trilemma": FigureCall(
        lambda i: trilemma.plot_trilemma(i.case),
        lambda h, i: h.update(i.option),
        lambda i, u: trilemma.trilemma_summary(i.case, _after(i, u, None, i.option))),
    "plot_timeline": FigureCall(
        lambda i: timeline.plot_timeline(i.case),
        lambda h, i: h.update(i.event),
        lambda i, u: timeline.timeline_summary(i.case, _after(i, u, None, i.event))),
    "plot_duration": FigureCall(
        lambda i: timeline.plot_duration(i.case),
        lambda h, i: h.update(i.other, months=i.months),
        lambda i, u: timeline.duration_summary(i.case, _after(i, u, None, i.other), months=_after(i, u, None, i.months)),
        drawable=lambda case: case.scenario is not None),
    "plot_plane": FigureCall(
        lambda i: plane.plot_plane(i.assessment, i.case),
        lambda h, i: h.update(i.other_assessment, trail=[i.assessment]),
        lambda i, u: plane.plane_summary(_after(i, u, i.assessment, i.other_assessment), i.case)),
    "plot_balance": FigureCall(
        lambda i: plane.plot_balance(i.assessment, i.case),
        lambda h, i: h.update(i.other_assessment),
        lambda i, u: plane.balance_summary(_after(i, u, i.assessment, i.other_assessment), i.case)),
    "plot_class_plane": FigureCall(
        lambda i: classroom.plot_class_plane(i.report),
        lambda h, i: h.update(i.other_report),
        lambda i, u: classroom.class_plane_summary(_after(i, u, i.report, i.other_report))),
    "plot_weight_distributions": FigureCall(
        lambda i: classroom.plot_weight_distributions(i.report),
        lambda h, i: h.update(i.other_report),
        lambda i, u: classroom.weight_distributions_summary(_after(i, u, i.report, i.other_report))),
}


def draw_and_update(name: str, i: Inputs) -> FigureHandle:
    """Draw figure ``name`` for the inputs' case and update it to the other data."""
    handle = FIGURES[name].draw(i)
    FIGURES[name].update(handle, i)
    return handle


def load(path: Path | None) -> Case:
    return entente_lab.load_case(path) if path is not None else entente_lab.load_case()


# ---------------------------------------------------------------- what a person would see wrong

def render(handle: FigureHandle) -> Any:
    """Draw the handle's figure on an Agg canvas (the layout engine runs); returns the renderer."""
    canvas = FigureCanvasAgg(handle.figure)
    canvas.draw()
    return canvas.get_renderer()


def save_rendered(handle: FigureHandle, path: Path) -> Path:
    """Save what :func:`render` drew as a PNG (no second rendering)."""
    canvas = handle.figure.canvas
    width, height = canvas.get_width_height(physical=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(path)
    return path


def _in_view_ticks(ax: Any) -> set[int]:
    """The ids of the tick labels the axes actually draws (those of ticks inside its view)."""
    shown: set[int] = set()
    for axis in (ax.xaxis, ax.yaxis) if ax.axison else ():
        if not axis.get_visible():
            continue
        low, high = sorted(axis.get_view_interval())
        pad = (high - low) * 1e-9
        for tick, loc in zip(axis.get_major_ticks(), axis.get_majorticklocs(), strict=False):
            if low - pad <= loc <= high + pad:
                shown.update((id(tick.label1), id(tick.label2)))
    return shown


def _all_tick_labels(ax: Any) -> set[int]:
    return {id(label) for axis in (ax.xaxis, ax.yaxis) for tick in axis.get_major_ticks() + axis.get_minor_ticks()
            for label in (tick.label1, tick.label2)}


def _shown(text: Text) -> bool:
    return text.get_visible() and bool(text.get_text().strip())


def figure_texts(handle: FigureHandle) -> list[Text]:
    """Every text the figure draws (tick labels outside the view, hidden or empty texts left out)."""
    figure = handle.figure
    ticks = set().union(*(_all_tick_labels(ax) for ax in figure.axes)) if figure.axes else set()
    in_view = set().union(*(_in_view_ticks(ax) for ax in figure.axes)) if figure.axes else set()
    hidden = {id(ax.xaxis.label) for ax in figure.axes if not ax.axison} | {
        id(ax.yaxis.label) for ax in figure.axes if not ax.axison}
    return [t for t in figure.findobj(Text)
            if _shown(t) and (id(t) not in ticks or id(t) in in_view) and id(t) not in hidden]


def _label_texts(ax: Any) -> list[Text]:
    """An axes' tick labels, axis labels, titles and texts (not the labels that point at a marker)."""
    in_view = _in_view_ticks(ax)
    ticks = [t for t in ax.get_xticklabels() + ax.get_yticklabels() if id(t) in in_view]
    titles = [ax.title, ax._left_title, ax._right_title]
    texts = [t for t in ax.texts if not isinstance(t, Annotation)]
    axis_labels = [ax.xaxis.label, ax.yaxis.label] if ax.axison else []
    return [t for t in [*ticks, *axis_labels, *titles, *texts] if _shown(t)]


def layout_problems(handle: FigureHandle, renderer: Any) -> list[str]:
    """What is wrong with the drawn figure's layout, in words (empty when nothing is)."""
    figure = handle.figure
    box = figure.bbox
    problems = []
    extents: dict[int, Bbox] = {}  # each text measured once (the pairs below would measure it once per pair)

    def extent_of(text: Text) -> Bbox:
        if id(text) not in extents:
            extents[id(text)] = text.get_window_extent(renderer)
        return extents[id(text)]

    for text in figure_texts(handle):
        extent = extent_of(text)
        if extent.x0 < box.x0 - 1 or extent.x1 > box.x1 + 1 or extent.y0 < box.y0 - 1 or extent.y1 > box.y1 + 1:
            problems.append(f"text {text.get_text()!r} runs off the figure: {extent} outside {box}")
    for ax in figure.axes:
        for a, b in combinations(_label_texts(ax), 2):
            overlap = Bbox.intersection(extent_of(a), extent_of(b))
            if overlap is not None and overlap.width > 1 and overlap.height > 1:
                problems.append(f"{a.get_text()!r} and {b.get_text()!r} are printed over each other")
    for ax in getattr(handle, "axes", {}).values() or [handle.ax]:
        area = ax.get_window_extent(renderer)
        if area.width < LEAST_PLOT_AREA * box.width or area.height < LEAST_PLOT_AREA * box.height:
            problems.append(f"the plot area is {area.width:.0f} x {area.height:.0f} px of a "
                            f"{box.width:.0f} x {box.height:.0f} px figure")
    return problems


def _mark_crosses(mark: Any, box: Bbox, renderer: Any) -> bool:
    """Whether ``mark`` (an arrow, or a marker of one point) is drawn inside ``box`` (display units)."""
    if isinstance(mark, FancyArrowPatch):
        ends = mark.axes.transData.transform(np.asarray(mark._posA_posB, dtype=float))  # the arrow's line, end to end
        return DrawnPath(ends).intersects_bbox(box, filled=False)
    if isinstance(mark, PathCollection):
        half = np.sqrt(mark.get_sizes()[0]) / 2 * renderer.points_to_pixels(1.0)
        x, y = mark.get_offset_transform().transform(mark.get_offsets()[0])
        return Bbox.intersection(box, Bbox([[x - half, y - half], [x + half, y + half]])) is not None
    raise TypeError(f"not a mark: {mark!r}")


def _backed(label: Text) -> bool:
    """Whether ``label`` hides what is under its letters: a halo, or an opaque box behind it."""
    box = label.get_bbox_patch()
    return bool(label.get_path_effects()) or (box is not None and box.get_facecolor()[3] == 1.0
                                              and box.get_alpha() in (None, 1.0))


def marks_over_labels(renderer: Any, labels: dict[str, Text], marks: dict[str, Any]) -> list[str]:
    """Each shown label that a shown mark (an arrow's line, a marker) is drawn over, in words.

    A label's box is its text, less a pixel on each side (a line that only touches it
    does not count). A label drawn over the mark (a higher z-order) in a halo (a path
    effect) or on an opaque box keeps the mark under its letters: that is no finding;
    a box that lets the mark show through (the presets' labels are 80 % opaque) does not.
    """
    problems = []
    for label_name, label in labels.items():
        if label is None or not _shown(label):
            continue
        box = label.get_window_extent(renderer).padded(-1)
        for mark_name, mark in marks.items():
            if mark is None or not mark.get_visible():
                continue
            if label.get_zorder() > mark.get_zorder() and _backed(label):
                continue
            if _mark_crosses(mark, box, renderer):
                problems.append(f"{mark_name} is drawn over the label {label_name} {label.get_text()!r}")
    return problems
