"""Time: the timeline of the case's events, and the duration scenario (the package's scaling rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text

from ..model import assess
from ..records import Case, Scenario
from ._canvas import FigureArtists, new_axes, weights_of, wrap
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, region_names

__all__ = [
    "DurationArtists", "TimelineArtists", "duration_curve", "duration_summary", "plot_duration", "plot_timeline",
    "timeline_summary", "update_duration",
]

_TEXT_STYLE = {"marker": "D", "markersize": 11, "color": OKABE_ITO["black"],
               "label": "date stated in the text"}
_CONTEXT_STYLE = {"marker": "o", "markersize": 10, "color": "white",
                  "label": "date added as context ({interpreter})"}


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- timeline

@dataclass
class TimelineArtists(FigureArtists):
    """Handles of :func:`plot_timeline`: event id to its marker and its label."""

    markers: dict[str, Line2D] = field(default_factory=dict)
    labels: dict[str, Text] = field(default_factory=dict)


def _levels(days: Sequence[float], gap: float) -> list[int]:
    """Label heights: alternate above and below, climbing only when a nearby label is in the way."""
    candidates = [1, -1, 2, -2, 3, -3]
    last: dict[int, float] = {}
    chosen = []
    for i, day in enumerate(days):
        order = candidates if i % 2 == 0 else [-c for c in candidates]
        level = next((c for c in order if day - last.get(c, -np.inf) >= gap), order[0])
        last[level] = day
        chosen.append(level)
    return chosen


#: Events spanning at most this many years get a tick each quarter; longer spans a tick every few years.
_QUARTERLY_YEARS = 6


def _tick_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """About a dozen tick dates from ``first`` to ``last``: quarters, or whole years in steps of 1, 2 or 5 x 10^n.

    >>> [f"{d:%Y-%m}" for d in _tick_days(dt.date(2021, 8, 30), dt.date(2022, 8, 18))][:3]
    ['2021-01', '2021-04', '2021-07']
    >>> [d.year for d in _tick_days(dt.date(1, 1, 1), dt.date(9999, 12, 31))][-3:]
    [7000, 8000, 9000]
    """
    if last.year - first.year <= _QUARTERLY_YEARS:
        return [dt.date(y, m, 1) for y in range(first.year, min(last.year + 1, dt.MAXYEAR) + 1) for m in (1, 4, 7, 10)]
    step = next(s for s in (m * 10 ** e for e in range(5) for m in (1, 2, 5)) if (last.year - first.year) / s <= 12)
    years = range(first.year // step * step, last.year + step + 1, step)
    return [dt.date(y, 1, 1) for y in years if dt.MINYEAR <= y <= dt.MAXYEAR]


def plot_timeline(case: Case, *, ax: Axes | None = None) -> TimelineArtists:
    """Draw the case's events on a time axis, labelled, with stems above and below the line.

    A filled black diamond marks a date the text itself states; a hollow circle one
    that the case's interpreter added as context. The legend says which is which.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> artists = plot_timeline(load_case())
    >>> artists.markers["joint-statement"].get_marker(), artists.markers["invasion"].get_marker()
    ('D', 'o')
    """
    ax = new_axes(ax, (11.0, 4.8))
    artists = TimelineArtists(ax=ax)
    events = sorted(case.events, key=lambda e: (e.date, e.id))
    if not events:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "This case has no dated events.", ha="center", va="center", fontsize=FONT_SIZE + 2,
                transform=ax.transAxes)
        return artists
    days = [_date(e.date) for e in events]
    ordinals = [float(d.toordinal()) for d in days]
    span = max(ordinals[-1] - ordinals[0], 30.0)
    levels = _levels(ordinals, gap=span * 0.17)
    ax.axhline(0, color="black", linewidth=1.5, zorder=1)
    for event, day, x, level in zip(events, days, ordinals, levels, strict=True):
        style = _TEXT_STYLE if event.dated_by == "text" else _CONTEXT_STYLE
        ax.plot([x, x], [0, level * 0.9], color=OKABE_ITO["grey"], linewidth=1, zorder=0)
        artists.markers[event.id] = ax.plot([x], [0], linestyle="", marker=style["marker"],
                                            markersize=style["markersize"], markerfacecolor=style["color"],
                                            markeredgecolor="black", markeredgewidth=1.5, zorder=3)[0]
        text = f"{_long(day)}\n{plain(wrap(event.label, 24))}"
        artists.labels[event.id] = ax.text(x, level * 0.9 + (0.08 if level > 0 else -0.08), text,
                                           ha="center", va="bottom" if level > 0 else "top",
                                           fontsize=FONT_SIZE - 1, zorder=4,
                                           fontweight="bold" if event.dated_by == "text" else "normal")
    margin = span * 0.09
    ax.set_xlim(ordinals[0] - margin, ordinals[-1] + margin)
    top = max(abs(level) for level in levels)
    ax.set_ylim(-top - 1.15, top + 1.15)
    ticks = [t for t in _tick_days(days[0], days[-1]) if ordinals[0] - margin <= t.toordinal() <= ordinals[-1] + margin]
    quarterly = days[-1].year - days[0].year <= _QUARTERLY_YEARS
    ax.set_xticks([float(t.toordinal()) for t in ticks], [f"{t:%b %Y}" if quarterly else str(t.year) for t in ticks],
                  fontsize=FONT_SIZE - 1)
    ax.set_yticks([])
    ax.spines[["left", "right", "top"]].set_visible(False)
    handles = [Line2D([], [], linestyle="", marker=s["marker"], markersize=9, markerfacecolor=s["color"],
                      markeredgecolor="black", markeredgewidth=1.5,
                      label=plain(s["label"].format(interpreter=case.interpreter)))
               for s in (_TEXT_STYLE, _CONTEXT_STYLE)]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=FONT_SIZE,
              frameon=False)
    ax.set_title("Timeline of the events the case mentions", fontsize=FONT_SIZE + 2, loc="left")
    return artists


def timeline_summary(case: Case) -> str:
    """One sentence: the span of the timeline and how many dates the text itself gives.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = timeline_summary(case)
    >>> text.startswith(f"Timeline: {len(case.events)} events from ")
    True
    >>> text.endswith(f"are added as context by {case.interpreter}.")
    True
    """
    events = sorted(case.events, key=lambda e: (e.date, e.id))
    if not events:
        return "Timeline: this case has no dated events."
    stated = [e for e in events if e.dated_by == "text"]
    first, last = events[0], events[-1]
    named = f" ({'; '.join(e.label for e in stated)})" if stated else ""
    context = len(events) - len(stated)
    return (f"Timeline: {len(events)} events from {_long(_date(first.date))} ({first.label}) to "
            f"{_long(_date(last.date))} ({last.label}); {len(stated)} date{' is' if len(stated) == 1 else 's are'} "
            f"stated in the text{named} and {context} {'is' if context == 1 else 'are'} added as context "
            f"by {case.interpreter}.")


# --------------------------------------------------------------------------- the duration scenario

def _scenario(case: Case) -> Scenario:
    if case.scenario is None:
        raise ValueError(f"case {case.id!r} has no duration scenario (no 'scenario' section in its file); "
                         "check case.scenario before drawing one")
    return case.scenario


def duration_curve(case: Case, weights: object = None, *, months: Sequence[float] | None = None,
                   **options: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Strength, strain and region over the scenario's clock, under the package's duration rule.

    The grid runs from 0 to ``case.scenario.maximum`` in steps of one-seventy-second of
    it, unless ``months`` gives the clock's values.

    Returns
    -------
    months, strength, strain : ndarray
    regions : list of str
        Region codes.

    Raises
    ------
    ValueError
        If the case has no duration scenario.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> m, strength, strain, regions = duration_curve(case, months=[0, case.scenario.reference])
    >>> round(float(strain[1]), 3), regions
    (0.59, ['strength-high', 'both-high'])
    """
    scenario = _scenario(case)
    complete = weights_of(case, weights)
    grid = np.asarray(np.linspace(0, scenario.maximum, 73) if months is None else months, dtype=float)
    results = [assess(case, complete, months=float(m), **options) for m in grid]  # type: ignore[arg-type]
    return (grid, np.array([r.strength for r in results]), np.array([r.strain for r in results]),
            [r.region for r in results])


@dataclass
class DurationArtists(FigureArtists):
    """Handles of :func:`plot_duration`: the two curves, the current-value marker, its points and its text."""

    strength: Line2D | None = None
    strain: Line2D | None = None
    now: Line2D | None = None
    points: dict[str, Line2D] = field(default_factory=dict)
    readout: Text | None = None


def plot_duration(case: Case, weights: object = None, *, months: float | None = None, ax: Axes | None = None,
                  **options: object) -> DurationArtists:
    """Strength and strain against the scenario's clock (0 to its maximum), with the chosen value marked.

    The duration-linked factors follow the package's scaling rule (see
    :func:`entente_lab.assess`), not a claim of the text; the figure says so. The
    words (the scenario's name, the clock, the axis) come from ``case.scenario``.
    Strength is solid with circles, strain dashed with squares, the thresholds dotted.
    ``months`` defaults to the scenario's reference (when the text was written).

    Raises
    ------
    ValueError
        If the case has no duration scenario.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> artists = plot_duration(load_case(), months=12)
    >>> list(artists.now.get_xdata())
    [12, 12]
    """
    scenario = _scenario(case)
    months = scenario.reference if months is None else months
    ax = new_axes(ax, (8.0, 4.2))
    grid, strength, strain, _ = duration_curve(case, weights, **options)
    thresholds = options.get("thresholds", (0.5, 0.5))
    artists = DurationArtists(ax=ax)
    for kind, values in (("strength", strength), ("strain", strain)):
        style = KIND_STYLE[kind]
        line = ax.plot(grid, values, color=style["color"], linestyle=style["linestyle"], linewidth=2.2,
                       label=plain(f"{case.side(kind).label} score"))[0]
        setattr(artists, kind, line)
        artists.points[kind] = ax.plot([], [], linestyle="", marker=style["marker"], markersize=10,
                                       color=style["color"], markeredgecolor="black", zorder=4)[0]
    ts, tt = thresholds  # type: ignore[misc]
    ax.axhline(float(ts), color=OKABE_ITO["grey"], linestyle=":", linewidth=1.2, label="threshold")
    if float(tt) != float(ts):
        ax.axhline(float(tt), color=OKABE_ITO["grey"], linestyle=":", linewidth=1.2)
    ax.axvline(scenario.reference, color=OKABE_ITO["grey"], linewidth=0.8)
    ax.text(scenario.reference + scenario.maximum / 120, 0.03, "when the text\nwas written", fontsize=FONT_SIZE - 2,
            color="#444444")
    artists.now = ax.axvline(months, color="black", linewidth=1.5, linestyle="-", label="value chosen")
    artists.readout = ax.text(0.99, 0.97, "", ha="right", va="top", transform=ax.transAxes, fontsize=FONT_SIZE,
                              bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "black"})
    ax.set_xlim(0, scenario.maximum)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(plain(scenario.axis_label), fontsize=FONT_SIZE)
    ax.set_ylabel("score", fontsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize=FONT_SIZE - 1, framealpha=0.95)
    ax.set_title(plain(f"{scenario.label}: the package's scaling rule, not the authors' claim"),
                 fontsize=FONT_SIZE + 1, loc="left")
    update_duration(artists, case, weights, months=months, **options)
    return artists


def update_duration(artists: DurationArtists, case: Case, weights: object = None, *, months: float,
                    curves: bool = False, **options: object) -> None:
    """Move the marker and readout (and, with ``curves=True``, redraw the curves for new weights).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> artists = plot_duration(case)
    >>> update_duration(artists, case, months=0)
    >>> artists.readout.get_text().splitlines()[0] == f"0 {case.scenario.unit}: {case.region_label('strength-high')}"
    True
    """
    scenario = _scenario(case)
    if curves and artists.strength is not None and artists.strain is not None:
        grid, strength, strain, _ = duration_curve(case, weights, **options)
        artists.strength.set_data(grid, strength)
        artists.strain.set_data(grid, strain)
    result = assess(case, weights_of(case, weights), months=float(months), **options)  # type: ignore[arg-type]
    if artists.now is not None:
        artists.now.set_xdata([months, months])
    artists.points["strength"].set_data([months], [result.strength])
    artists.points["strain"].set_data([months], [result.strain])
    if artists.readout is not None:
        sides = {kind: case.side(kind).label for kind in ("strength", "strain")}
        artists.readout.set_text(plain(f"{months:g} {scenario.unit}: {case.region_label(result.region)}\n"
                                       f"{sides['strength']} {result.strength:.2f}, {sides['strain']} {result.strain:.2f}"))
        artists.readout.get_bbox_patch().set_facecolor(_light(REGION_STYLE[result.region]["color"]))


def _light(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (0.75 + 0.25 * r, 0.75 + 0.25 * g, 0.75 + 0.25 * b)


def duration_summary(case: Case, weights: object = None, *, months: float | None = None,
                     **options: object) -> str:
    """One sentence: strength, strain and region at the chosen value, and where the region changes.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = duration_summary(case)
    >>> text.startswith(f"{case.scenario.label} (the package's scaling rule, not the authors' claim): after ")
    True
    """
    scenario = _scenario(case)
    months = scenario.reference if months is None else months
    names = region_names(case)
    grid, _, _, regions = duration_curve(case, weights, **options)
    result = assess(case, weights_of(case, weights), months=float(months), **options)  # type: ignore[arg-type]
    unit = scenario.unit
    changes = [f"{grid[i]:g} {unit} (to {names[regions[i]]})" for i in range(1, len(grid)) if regions[i] != regions[i - 1]]
    moves = (f"the verdict changes at {', '.join(changes)}" if changes
             else "the verdict stays the same throughout")
    return (f"{scenario.label} (the package's scaling rule, not the authors' claim): after {months:g} {scenario.clock} "
            f"{case.side('strength').label} is {result.strength:.2f} and {case.side('strain').label} "
            f"{result.strain:.2f} (verdict: {names[result.region]}); over 0 to {scenario.maximum:g} {unit} {moves}.")
