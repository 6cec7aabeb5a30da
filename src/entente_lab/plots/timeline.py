"""Time: the timeline of the case's events, and the duration scenario (the package's scaling rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text

from ..analysis.model import REGIONS, assess
from ..case.records import Case, Scenario
from ..teaching.narrative import in_sentence
from ._canvas import FigureHandle, RingHandle, fitted, new_figure, text_size, weights_of, widest, wrap_to_width
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, REGION_STYLE, plain, region_names, side_names

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

@dataclass(eq=False)
class TimelineArtists(RingHandle):
    """The handle of :func:`plot_timeline`: event id to its marker and its label; ``update(highlight)`` rings one."""

    case: Case | None = None
    labels: dict[str, Text] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The span of the events and the dates the text gives (:func:`timeline_summary`)."""
        assert self.case is not None
        return timeline_summary(self.case, self.highlighted)

    def update(self, highlight: str | None) -> None:
        """Ring one event's marker (or none), in place.

        Raises
        ------
        KeyError
            If ``highlight`` is not an event of the case (the message lists them).
        """
        self._ring(highlight, "event", "on the timeline")


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


#: The timeline's width in inches, the height of the first level of labels above the line, and the label font.
_TIMELINE_WIDTH, _FIRST_LEVEL, _EVENT_FONT = 11.0, 0.3, FONT_SIZE - 1


#: At most about this many ticks on the time axis.
_TICKS = 12


def _tick_days(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """At most about a dozen ``(date, label)`` ticks from ``first`` to ``last``.

    Every 1, 3 or 6 months ("Jan 2021") when that is few enough, else whole years in
    steps of 1, 2 or 5 x 10^n ("2021").

    >>> [label for _, label in _tick_days(dt.date(2021, 8, 30), dt.date(2022, 8, 18))][:3]
    ['Jan 2021', 'Apr 2021', 'Jul 2021']
    >>> [label for _, label in _tick_days(dt.date(2019, 3, 22), dt.date(2024, 2, 20))][:3]
    ['Jan 2019', 'Jul 2019', 'Jan 2020']
    >>> [day.year for day, _ in _tick_days(dt.date(1, 1, 1), dt.date(9999, 12, 31))][-3:]
    [7000, 8000, 9000]
    """
    months = (last.year - first.year) * 12 + last.month
    step = next((s for s in (1, 3, 6) if months / s <= _TICKS), None)
    if step is not None:
        return [(dt.date(y, m, 1), f"{dt.date(y, m, 1):%b %Y}") for y in range(first.year, min(last.year + 1, dt.MAXYEAR) + 1)
                for m in range(1, 13, step)]
    years = last.year - first.year
    step = next(s for s in (m * 10 ** e for e in range(5) for m in (1, 2, 5)) if years / s <= _TICKS)
    return [(dt.date(y, 1, 1), str(y)) for y in range(first.year // step * step, last.year + step + 1, step)
            if dt.MINYEAR <= y <= dt.MAXYEAR]


def plot_timeline(case: Case, *, ax: Axes | None = None) -> TimelineArtists:
    """Draw the case's events on a time axis, labelled, with stems above and below the line.

    A filled black diamond marks a date the text itself states; a hollow circle one
    that the case's interpreter added as context. The legend says which is which.
    Labels are fitted to three short lines; the stems are as long, and the figure as
    tall, as the labels need.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> timeline = plot_timeline(case)
    >>> {e.dated_by: timeline.markers[e.id].get_marker() for e in case.events} == {"text": "D", "context": "o"}
    True
    """
    book: dict[str, str] = {}
    events = sorted(case.events, key=lambda e: (e.date, e.id))
    days = [_date(e.date) for e in events]
    texts = [f"{_long(day)}\n{fitted(event.label, book, chars=72, lines=3)}" for event, day in zip(events, days, strict=True)]
    label_width = widest(texts, _EVENT_FONT, True) + 0.1
    label_height = max((text_size(t, _EVENT_FONT, True)[1] for t in texts), default=0.0) + 0.1
    ordinals = [float(d.toordinal()) for d in days]
    span = max(ordinals[-1] - ordinals[0], 30.0) if events else 30.0
    per_inch = span / max(1.0, _TIMELINE_WIDTH - 0.4 - label_width - 0.3)  # days per inch, leaving half a label each side
    levels = _levels(ordinals, gap=(label_width + 0.15) * per_inch)
    spacing = label_height + 0.15
    top = max((abs(level) for level in levels), default=1)
    reach = _FIRST_LEVEL + (top - 1) * spacing + 0.04 + label_height + 0.1
    if ax is None:
        ax = new_figure((_TIMELINE_WIDTH, 2 * reach + 1.5)).add_subplot()
    artists = TimelineArtists(ax=ax, case=case, full_labels=book)
    if not events:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "This case has no dated events.", ha="center", va="center", fontsize=FONT_SIZE + 2,
                transform=ax.transAxes)
        return artists
    ax.axhline(0, color="black", linewidth=1.5, zorder=1)
    for event, x, level, text in zip(events, ordinals, levels, texts, strict=True):
        style = _TEXT_STYLE if event.dated_by == "text" else _CONTEXT_STYLE
        height = np.sign(level) * (_FIRST_LEVEL + (abs(level) - 1) * spacing)
        ax.plot([x, x], [0, height], color=OKABE_ITO["grey"], linewidth=1, zorder=0)
        artists.markers[event.id] = ax.plot([x], [0], linestyle="", marker=style["marker"],
                                            markersize=style["markersize"], markerfacecolor=style["color"],
                                            markeredgecolor="black", markeredgewidth=1.5, zorder=3)[0]
        artists.labels[event.id] = ax.text(x, height + (0.04 if level > 0 else -0.04), text,
                                           ha="center", va="bottom" if level > 0 else "top",
                                           fontsize=_EVENT_FONT, zorder=4,
                                           fontweight="bold" if event.dated_by == "text" else "normal")
    artists.ring = ax.plot([], [], linestyle="", marker="o", markersize=22, markerfacecolor="none",
                           markeredgecolor=OKABE_ITO["blue"], markeredgewidth=2.5, zorder=2)[0]
    margin = (label_width / 2 + 0.1) * per_inch
    ax.set_xlim(ordinals[0] - margin, ordinals[-1] + margin)
    ax.set_ylim(-reach, reach)
    ticks = [(day, label) for day, label in _tick_days(days[0], days[-1])
             if ordinals[0] - margin <= day.toordinal() <= ordinals[-1] + margin]
    ax.set_xticks([float(day.toordinal()) for day, _ in ticks], [label for _, label in ticks], fontsize=FONT_SIZE - 1)
    ax.set_yticks([])
    ax.spines[["left", "right", "top"]].set_visible(False)
    handles = [Line2D([], [], linestyle="", marker=s["marker"], markersize=9, markerfacecolor=s["color"],
                      markeredgecolor="black", markeredgewidth=1.5,
                      label=plain(s["label"].format(interpreter=case.interpreter)))
               for s in (_TEXT_STYLE, _CONTEXT_STYLE)]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.3 / (2 * reach)), ncol=2, fontsize=FONT_SIZE,
              frameon=False)
    ax.set_title("Timeline of the events the case mentions", fontsize=FONT_SIZE + 2, loc="left")
    return artists


def timeline_summary(case: Case, highlight: str | None = None) -> str:
    """One sentence: the span of the timeline and how many dates the text itself gives (and the highlighted event).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = timeline_summary(case)
    >>> text.startswith(f"Timeline: {len(case.events)} events from ")
    True
    >>> "((" in text.replace(" ", "") or "))" in text.replace(" ", "")  # no brackets inside brackets
    False
    >>> text.endswith(f"are added as context by {case.interpreter}.")
    True
    """
    events = sorted(case.events, key=lambda e: (e.date, e.id))
    if not events:
        return "Timeline: this case has no dated events."
    stated = [e for e in events if e.dated_by == "text"]
    first, last = events[0], events[-1]
    # labels in quotation marks, never in brackets: a label may hold brackets of its own
    named = f": {', '.join(f'“{e.label}”' for e in stated)}" if stated else ""
    context = len(events) - len(stated)
    chosen = next((e for e in events if e.id == highlight), None)
    ringed = f"; ringed: {chosen.label}, on {_long(_date(chosen.date))}" if chosen is not None else ""
    span = (f"1 event, on {_long(_date(first.date))}: “{first.label}”" if len(events) == 1 else
            f"{len(events)} events from {_long(_date(first.date))} to {_long(_date(last.date))}, the first "
            f"“{first.label}”, the last “{last.label}”")
    return (f"Timeline: {span}; {len(stated)} date{' is' if len(stated) == 1 else 's are'} stated in the "
            f"text{named} and {context} {'is' if context == 1 else 'are'} added as context by {case.interpreter}{ringed}.")


# --------------------------------------------------------------------------- the duration scenario

def _scenario(case: Case) -> Scenario:
    if case.scenario is None:
        raise ValueError(f"case {case.id!r} has no duration scenario (no 'scenario' section in its file); "
                         "check case.scenario before drawing one")
    return case.scenario


def duration_curve(case: Case, weights: object = None, *, months: Sequence[float] | None = None,
                   **options: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Strength, strain and region over the scenario's clock, under the package's duration rule.

    At 0 the scores are the before point (:attr:`entente_lab.Assessment.before`; its
    region code is returned like any other, but the figures give it no name), at the
    scenario's reference they are the now point.

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
    >>> (float(strength[0]), float(strain[0])) == assess(case).before  # at 0: the before point
    True
    >>> round(float(strain[1]), 3), regions[1]  # at the reference: the now point
    (0.62, 'both-high')
    """
    scenario = _scenario(case)
    complete = weights_of(case, weights)
    grid = np.asarray(np.linspace(0, scenario.maximum, 73) if months is None else months, dtype=float)
    results = [assess(case, complete, months=float(m), **options) for m in grid]  # type: ignore[arg-type]
    return (grid, np.array([r.strength for r in results]), np.array([r.strain for r in results]),
            [r.region for r in results])


@dataclass(eq=False)
class DurationArtists(FigureHandle):
    """The handle of :func:`plot_duration`: the two curves, the current-value marker, its points and its text."""

    case: Case | None = None
    weights: dict[str, float] = field(default_factory=dict)
    months: float = 0.0
    options: dict[str, object] = field(default_factory=dict)
    strength: Line2D | None = None
    strain: Line2D | None = None
    now: Line2D | None = None
    starts: dict[str, Line2D] = field(default_factory=dict)
    before_words: str = ""
    points: dict[str, Line2D] = field(default_factory=dict)
    readout: Text | None = None
    region_words: dict[str, str] = field(default_factory=dict)
    side_words: dict[str, str] = field(default_factory=dict)
    unit_word: str = ""

    @property
    def summary(self) -> str:
        """The scores and region at the chosen value, and where the region changes (:func:`duration_summary`)."""
        assert self.case is not None
        return duration_summary(self.case, self.weights, months=self.months, **self.options)

    def update(self, weights: object = None, *, months: float | None = None, **options: object) -> None:
        """Move the marker and readout to ``months`` (the scenario's reference by default).

        The curves are redrawn only when the weighting or the model options differ from
        the ones drawn.
        """
        assert self.case is not None
        scenario = _scenario(self.case)
        months = scenario.reference if months is None else months
        complete = weights_of(self.case, weights)
        if (complete, options) != (self.weights, self.options) and self.strength is not None and self.strain is not None:
            grid, strength, strain, _ = duration_curve(self.case, complete, **options)
            self.strength.set_data(grid, strength)
            self.strain.set_data(grid, strain)
            for kind, values in (("strength", strength), ("strain", strain)):
                if kind in self.starts:
                    self.starts[kind].set_data([grid[0]], [values[0]])
        self.weights, self.months, self.options = complete, months, dict(options)
        result = assess(self.case, complete, months=float(months), **options)  # type: ignore[arg-type]
        if self.now is not None:
            self.now.set_xdata([months, months])
        self.points["strength"].set_data([months], [result.strength])
        self.points["strain"].set_data([months], [result.strain])
        if self.readout is not None:
            at_start = months == 0
            where = self.before_words if at_start else self.region_words[result.region]
            self.readout.set_text(f"{months:g} {self.unit_word}: {where}\n"
                                  f"{self.side_words['strength']} {result.strength:.2f}, "
                                  f"{self.side_words['strain']} {result.strain:.2f}")
            self.readout.get_bbox_patch().set_facecolor("white" if at_start else _light(REGION_STYLE[result.region]["color"]))


def plot_duration(case: Case, weights: object = None, *, months: float | None = None, ax: Axes | None = None,
                  **options: object) -> DurationArtists:
    """Strength and strain against the scenario's clock (0 to its maximum), with the chosen value marked.

    The clock starts at the case's reference event. The curves follow the package's
    rule (see :func:`entente_lab.assess`), not a claim of the text; the figure says so:
    at 0 only the factors the text dates before the event count (the *before* point,
    hollow markers, not a verdict); every other factor phases in until the
    reference, when the text was written (the *now* point; the shaded span); after it
    only the duration-linked factors keep growing. The words (the scenario's name, the
    clock, the axis, the event) come from the case. Strength is solid with circles,
    strain dashed with squares, the thresholds dotted. ``months`` (the clock's value)
    defaults to the scenario's reference.

    Returns
    -------
    DurationArtists
        The handle: ``update(weights, months=...)`` moves the marker (and the curves for new weights).

    Raises
    ------
    ValueError
        If the case has no duration scenario.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> duration = plot_duration(case, months=12)
    >>> list(duration.now.get_xdata())
    [12, 12]
    >>> [duration.starts[kind].get_ydata()[0] for kind in ("strength", "strain")] == list(assess(case).before)
    True
    """
    scenario = _scenario(case)
    months = scenario.reference if months is None else months
    book: dict[str, str] = {}
    sides = {kind: fitted(label, book, chars=24, lines=1) for kind, label in side_names(case).items()}
    title = plain(f"{scenario.label}: the package's scaling rule, not the authors' claim")
    width = 8.0
    if ax is None:
        ax = new_figure((width, 4.8)).add_subplot()
    grid, strength, strain, _ = duration_curve(case, weights, **options)
    thresholds = options.get("thresholds", (0.5, 0.5))
    event = case.reference
    before = fitted(f"before {in_sentence(event.label)}" if event is not None else "at the start", book, chars=60, lines=1)
    artists = DurationArtists(ax=ax, case=case, weights=weights_of(case, weights), months=months, options=dict(options),
                              region_words={code: fitted(case.region_label(code), book, short=case.region(code).short,
                                                         chars=30, lines=1) for code in REGIONS},
                              side_words=sides, unit_word=fitted(scenario.unit, book, chars=20, lines=1),
                              before_words=before, full_labels=book)
    ax.axvspan(0, scenario.reference, color=OKABE_ITO["grey"], alpha=0.12, linewidth=0, zorder=0,
               label=f"0 to {scenario.reference:g} {artists.unit_word}: the other factors phase in")
    for kind, values in (("strength", strength), ("strain", strain)):
        style = KIND_STYLE[kind]
        line = ax.plot(grid, values, color=style["color"], linestyle=style["linestyle"], linewidth=2.2,
                       label=f"{sides[kind]} score")[0]
        setattr(artists, kind, line)
        artists.starts[kind] = ax.plot([grid[0]], [values[0]], linestyle="", marker=style["marker"], markersize=9,
                                       markerfacecolor="white", markeredgecolor=style["color"], markeredgewidth=2,
                                       clip_on=False, zorder=3)[0]
        artists.points[kind] = ax.plot([], [], linestyle="", marker=style["marker"], markersize=10,
                                       color=style["color"], markeredgecolor="black", zorder=4)[0]
    ax.plot([], [], linestyle="", marker="o", markersize=8, markerfacecolor="white", markeredgecolor="black",
            label=f"at 0: {before}")
    ts, tt = thresholds  # type: ignore[misc]
    ax.axhline(float(ts), color=OKABE_ITO["grey"], linestyle=":", linewidth=1.2, label="threshold")
    if float(tt) != float(ts):
        ax.axhline(float(tt), color=OKABE_ITO["grey"], linestyle=":", linewidth=1.2)
    ax.axvline(scenario.reference, color=OKABE_ITO["grey"], linewidth=0.8)
    ax.text(scenario.reference + scenario.maximum / 120, 0.03, "now: when the text was written;\nafter it, only the "
            "duration-linked factors grow", fontsize=FONT_SIZE - 2, color="#444444")
    artists.now = ax.axvline(months, color="black", linewidth=1.5, linestyle="-", label="value chosen")
    artists.readout = ax.text(0.99, 0.97, "", ha="right", va="top", transform=ax.transAxes, fontsize=FONT_SIZE,
                              bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "black"})
    ax.set_xlim(0, scenario.maximum)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(wrap_to_width(plain(scenario.axis_label), width - 1.2, FONT_SIZE), fontsize=FONT_SIZE)
    ax.set_ylabel("score", fontsize=FONT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=FONT_SIZE - 1, frameon=False)
    ax.set_title(wrap_to_width(title, width - 0.3, FONT_SIZE + 1), fontsize=FONT_SIZE + 1, loc="left")
    artists.update(weights, months=months, **options)
    return artists


def update_duration(artists: DurationArtists, case: Case, weights: object = None, *, months: float,
                    curves: bool = False, **options: object) -> None:
    """Move the marker and readout (and the curves, for new weights): :meth:`DurationArtists.update`.

    ``case`` must be the case the figure was drawn for; ``curves`` is no longer needed
    (the curves follow the weights by themselves) and is kept for old callers.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> duration = plot_duration(case)
    >>> update_duration(duration, case, months=0)
    >>> duration.readout.get_text().splitlines()[0] == f"0 {case.scenario.unit}: before {case.reference.label}"
    True
    """
    if case is not artists.case:
        raise ValueError("the figure was drawn for another case; draw a new one with plot_duration")
    artists.update(weights, months=months, **options)


def _light(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (0.75 + 0.25 * r, 0.75 + 0.25 * g, 0.75 + 0.25 * b)


def duration_summary(case: Case, weights: object = None, *, months: float | None = None,
                     **options: object) -> str:
    """One sentence: the rule's three phases, the scores at the chosen value, and where the verdict changes.

    At 0 the scenario is the *before* point (only the factors the text dates before the
    reference event count), which is not a verdict; at the reference it is the *now*
    point; after it only the duration-linked factors keep growing.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = duration_summary(case)
    >>> text.startswith(f"{case.scenario.label} (the package's scaling rule, not the authors' claim): at 0 ")
    True
    >>> f"before {case.reference.label}, only the 4 factors the text dates earlier count" in text
    True
    >>> "(strength 0.00 and strain 0.20, not a verdict)" in text
    True
    >>> "(strength 0.60 and strain 0.62, the now point)" in text
    True
    """
    scenario = _scenario(case)
    months = scenario.reference if months is None else months
    names = region_names(case)
    sides = side_names(case)
    complete = weights_of(case, weights)
    grid, strength, strain, regions = duration_curve(case, complete, **options)
    result = assess(case, complete, months=float(months), **options)  # type: ignore[arg-type]
    now = assess(case, complete, months=scenario.reference, **options)  # type: ignore[arg-type]
    unit, reference = scenario.unit, f"{scenario.reference:g}"
    dated = len(case.factors_before_reference())
    linked = sum(1 for f in case.factors if f.duration_linked)
    event = f", before {in_sentence(case.reference.label)}," if case.reference is not None else ""
    counted = (f"only the {dated} factor{'' if dated == 1 else 's'} the text dates earlier count{'s' if dated == 1 else ''}"
               if dated else "no factor counts yet (the text dates none earlier)")
    later = (f"after that only the {linked} duration-linked factor{'' if linked == 1 else 's'} keep{'s' if linked == 1 else ''} "
             "growing" if linked else "after that nothing changes (no factor is duration-linked)")
    phases = (f"at 0 {unit}{event} {counted} ({sides['strength']} {strength[0]:.2f} and {sides['strain']} {strain[0]:.2f}, "
              f"not a verdict); every other factor phases in until {reference} {unit}, when the text was "
              f"written ({sides['strength']} {now.strength:.2f} and {sides['strain']} {now.strain:.2f}, the now point); "
              f"{later}")
    verdict = "the before point" if months == 0 else f"verdict: {names[result.region]}"
    changes = [f"{float(f'{grid[i]:.3g}'):g} {unit} (to {names[regions[i]]})" for i in range(2, len(grid)) if regions[i] != regions[i - 1]]
    moves = (f"starts as {names[regions[1]]} and changes at {', '.join(changes)}" if changes
             else f"is {names[regions[1]]} throughout")
    return (f"{scenario.label} (the package's scaling rule, not the authors' claim): {phases}; after {months:g} "
            f"{scenario.clock}, {sides['strength']} is {result.strength:.2f} and {sides['strain']} {result.strain:.2f} "
            f"({verdict}); once the clock has started, the verdict {moves}.")

