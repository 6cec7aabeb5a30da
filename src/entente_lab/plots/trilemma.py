"""The policy trilemma: three goals at the corners of a triangle, each policy option placed by its effects."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text

from ..case.records import Case, Trilemma, TrilemmaOption
from ._canvas import RingHandle, fitted, new_axes, wrap_to_width
from .style import FONT_SIZE, OKABE_ITO, plain

__all__ = [
    "NO_TRILEMMA", "TrilemmaArtists", "option_position", "plot_trilemma", "sacrificed_goal", "trilemma_summary",
    "update_trilemma",
]

#: Corners of the triangle: first goal at the top, then bottom left, bottom right.
_CORNERS = np.array([[0.0, 1.0], [-math.sqrt(3) / 2, -0.5], [math.sqrt(3) / 2, -0.5]])
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")
_COLOURS = ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black", "yellow")
NO_TRILEMMA = "This case has no policy trilemma."


def option_position(trilemma: Trilemma, option: TrilemmaOption) -> tuple[float, float]:
    """Where an option sits: barycentric, with each goal's effect shifted from [-1, 1] to [0, 1].

    An option that serves one goal fully and hurts the others fully sits on that goal's
    corner; one with equal effects on all three sits in the middle.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> t = load_case().trilemma
    >>> x, y = option_position(t, t.options[3])  # the fourth option: almost all for the second goal
    >>> [round(float(t.options[3].effects.get(g.id, 0.0)), 1) for g in t.goals], round(x, 3), round(y, 3)
    ([-0.9, 1.0, -1.0], -0.825, -0.429)
    """
    shares = np.array([(float(option.effects.get(g.id, 0.0)) + 1.0) / 2.0 for g in trilemma.goals[:3]])
    total = shares.sum()
    if total <= 0:
        return 0.0, 0.0
    x, y = (shares / total) @ _CORNERS[: len(shares)]
    return float(x), float(y)


def sacrificed_goal(trilemma: Trilemma, option: TrilemmaOption) -> tuple[str, float]:
    """The goal an option serves least (lowest effect; first in goal order on a tie) and that effect.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> t = load_case().trilemma
    >>> label, effect = sacrificed_goal(t, t.options[0])
    >>> label == t.goals[1].label, effect
    (True, -1.0)
    """
    goal = min(trilemma.goals, key=lambda g: float(option.effects.get(g.id, 0.0)))
    return goal.label, float(option.effects.get(goal.id, 0.0))


@dataclass(eq=False)
class TrilemmaArtists(RingHandle):
    """The handle of :func:`plot_trilemma`; ``update(highlight)`` rings another option.

    Attributes
    ----------
    ax : Axes
    markers : dict
        Option id to its marker (a ``Line2D``).
    numbers : dict
        Option id to its number label.
    ring : Line2D
        The highlight ring round the chosen option (empty when none is chosen).
    highlighted : str or None
        The id of the highlighted option.
    """

    case: Case | None = None
    numbers: dict[str, Text] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    legend: object = None

    @property
    def summary(self) -> str:
        """The triangle, or the highlighted option (:func:`trilemma_summary`)."""
        assert self.case is not None
        return trilemma_summary(self.case, self.highlighted)

    def update(self, highlight: str | None) -> None:
        """Ring and embolden one option (or none), in place.

        Raises
        ------
        KeyError
            If ``highlight`` is not an option of the trilemma (the message lists them).
        """
        self._ring(highlight, "option", "in the trilemma")
        if self.ring is None:
            return
        for option_id, line in self.markers.items():
            chosen = option_id == highlight
            line.set_markersize(15 if chosen else 11)
            self.numbers[option_id].set_fontsize(FONT_SIZE + 3 if chosen else FONT_SIZE)
        if self.legend is not None:
            for text, option_id in zip(self.legend.get_texts(), self.markers, strict=True):
                text.set_fontweight("bold" if option_id == highlight else "normal")


def _label_positions(points: list[tuple[float, float]], step: float = 0.12) -> list[tuple[float, float]]:
    """Number labels beside their markers, pushed apart (deterministically) so none overlap."""
    labels = np.array([[x + step * 0.6, y + step * 0.45] for x, y in points], dtype=float)
    anchors = np.array(points, dtype=float).reshape(-1, 2)
    for _ in range(200):
        moved = False
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                delta = labels[j] - labels[i]
                distance = float(np.hypot(*delta))
                if distance < step:
                    direction = delta / distance if distance > 1e-9 else np.array([0.0, 1.0])
                    push = (step - distance) / 2 + 1e-3
                    labels[i] -= direction * push
                    labels[j] += direction * push
                    moved = True
            for k in range(len(anchors)):  # keep labels off other markers too
                delta = labels[i] - anchors[k]
                distance = float(np.hypot(*delta))
                if distance < step * 0.75:
                    direction = delta / distance if distance > 1e-9 else np.array([1.0, 0.0])
                    labels[i] += direction * (step * 0.75 - distance + 1e-3)
                    moved = True
        if not moved:
            break
    return [(float(x), float(y)) for x, y in labels]


def plot_trilemma(case: Case, *, highlight: str | None = None, ax: Axes | None = None) -> TrilemmaArtists:
    """Draw the trilemma triangle: the goals at the corners, each option placed by its effects.

    Each option has its own marker shape, colour and number; the key beside the
    triangle gives its name. The positions are the case interpreter's reading of each
    option's effects (``case.interpretation``), and the figure says so. A case without a trilemma gets a
    figure that says so, not an error.

    Parameters
    ----------
    case : Case
    highlight : str, optional
        The id of an option to ring and embolden.
    ax : Axes, optional
        Where to draw; by default a new 10 x 6 inch figure.

    Returns
    -------
    TrilemmaArtists

    Raises
    ------
    KeyError
        If ``highlight`` is not an option of the case's trilemma (the message lists them).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> triangle = plot_trilemma(case, highlight=case.trilemma.options[0].id)
    >>> triangle.highlighted == case.trilemma.options[0].id, len(triangle.markers) == len(case.trilemma.options)
    (True, True)
    """
    ax = new_axes(ax, (10.0, 6.0))
    artists = TrilemmaArtists(ax=ax, case=case)
    ax.set_axis_off()
    trilemma = case.trilemma
    if trilemma is None or len(trilemma.goals) < 3:
        ax.text(0.5, 0.5, NO_TRILEMMA, ha="center", va="center", fontsize=FONT_SIZE + 2, transform=ax.transAxes)
        return artists
    corners = np.vstack([_CORNERS, _CORNERS[:1]])
    ax.fill(corners[:, 0], corners[:, 1], facecolor="#F4F4F4", edgecolor="black", linewidth=1.5, zorder=0)
    for fraction in (1 / 3, 2 / 3):  # faint guide lines towards each corner
        for k in range(3):
            a, b, c = _CORNERS[k], _CORNERS[(k + 1) % 3], _CORNERS[(k + 2) % 3]
            p, q = a + (b - a) * fraction, a + (c - a) * fraction
            ax.plot([p[0], q[0]], [p[1], q[1]], color=OKABE_ITO["grey"], linewidth=0.6, alpha=0.5, zorder=0)
    offsets = [(0, 0.08, "center", "bottom"), (-0.04, -0.1, "center", "top"), (0.04, -0.1, "center", "top")]
    for goal, (x, y), (dx, dy, ha, va) in zip(trilemma.goals[:3], _CORNERS, offsets, strict=True):
        ax.text(x + dx, y + dy, fitted(goal.label, artists.full_labels, chars=44), ha=ha, va=va, fontsize=FONT_SIZE + 1,
                fontweight="bold")
        ax.plot([x], [y], marker="o", color="black", markersize=5)
    points = [option_position(trilemma, option) for option in trilemma.options]
    label_xy = _label_positions(points)
    handles = []
    for number, (option, point, text_xy) in enumerate(zip(trilemma.options, points, label_xy, strict=True), start=1):
        colour = OKABE_ITO[_COLOURS[(number - 1) % len(_COLOURS)]]
        marker = _MARKERS[(number - 1) % len(_MARKERS)]
        line = ax.plot([point[0]], [point[1]], linestyle="", marker=marker, markersize=11, color=colour,
                       markeredgecolor="black", zorder=3,
                       label=f"{number}  {fitted(option.label, artists.full_labels)}")[0]
        artists.markers[option.id] = line
        artists.positions[option.id] = point
        artists.numbers[option.id] = ax.text(*text_xy, str(number), ha="center", va="center",
                                             fontsize=FONT_SIZE, fontweight="bold", zorder=4)
        handles.append(line)
    artists.ring = ax.plot([], [], linestyle="", marker="o", markersize=26, markerfacecolor="none",
                           markeredgecolor="black", markeredgewidth=2.5, zorder=2)[0]
    artists.legend = ax.legend(handles=handles, loc="center right", fontsize=FONT_SIZE, frameon=False,
                               title="policy option", title_fontsize=FONT_SIZE, borderaxespad=0.2)
    ax.text(0.0, -0.78, plain(wrap_to_width(f"Placement of each option: {case.interpretation}.", 5.0, FONT_SIZE - 1)),
            ha="center", va="top",
            fontsize=FONT_SIZE - 1, fontstyle="italic", color="#444444")
    ax.set_xlim(-1.25, 2.75)
    ax.set_ylim(-0.9, 1.28)
    ax.set_aspect("equal")
    ax.set_title("The trilemma: three goals, and what each option does to them", fontsize=FONT_SIZE + 2, loc="left")
    artists.update(highlight)
    return artists


def update_trilemma(artists: TrilemmaArtists, highlight: str | None) -> None:
    """Ring and embolden one option (or none): :meth:`TrilemmaArtists.update`.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> artists = plot_trilemma(load_case())
    >>> option = next(iter(artists.markers))
    >>> update_trilemma(artists, option)
    >>> artists.ring.get_xydata().tolist() == [list(artists.positions[option])]
    True
    >>> update_trilemma(artists, "no-such")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "no option 'no-such' in the trilemma; known: ..."
    """
    artists.update(highlight)


def trilemma_summary(case: Case, highlight: str | None = None) -> str:
    """One sentence on the triangle, or on the highlighted option's effects and what it sacrifices.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> trilemma_summary(case).startswith(f"Trilemma triangle: {len(case.trilemma.options)} policy options placed")
    True
    >>> option = case.trilemma.options[0]
    >>> trilemma_summary(case, option.id).startswith(f'Trilemma triangle: "{option.label}" scores ')
    True
    """
    trilemma = case.trilemma
    if trilemma is None or len(trilemma.goals) < 3:
        return f"Trilemma triangle: {NO_TRILEMMA[0].lower()}{NO_TRILEMMA[1:]}"
    goals = [g.label for g in trilemma.goals[:3]]
    if highlight is None:
        all_lose = all(min(float(o.effects.get(g.id, 0.0)) for g in trilemma.goals) < 0 for o in trilemma.options)
        tail = "every option sacrifices at least one goal" if all_lose else "some option hurts no goal"
        return (f"Trilemma triangle: {len(trilemma.options)} policy options placed among three goals "
                f"({', '.join(goals)}) by their effects, {case.interpretation}; {tail}.")
    option = next((o for o in trilemma.options if o.id == highlight), None)
    if option is None:
        known = ", ".join(o.id for o in trilemma.options)
        raise KeyError(f"no option {highlight!r} in the trilemma; known: {known}")
    effects = [f"{float(option.effects.get(g.id, 0.0)):+.1f} on {g.label}" for g in trilemma.goals[:3]]
    lost, value = sacrificed_goal(trilemma, option)
    verb = f"so it sacrifices {lost}" if value < 0 else f"so it sacrifices no goal (it serves {lost} least)"
    return (f'Trilemma triangle: "{option.label}" scores {effects[0]}, {effects[1]} and {effects[2]} '
            f"({case.interpretation}), {verb}.")
