"""What every figure shares: the handle it returns, how a label is fitted, how big text is.

The figure contract
-------------------
Every ``plot_*`` function takes ``ax=None`` and returns a :class:`FigureHandle`:
``.figure`` (the figure to render or save), ``.ax`` (its main axes), ``.update(...)``
(moves the figure's artists in place for new data, without new axes) and ``.summary``
(one sentence saying what the figure shows now: the caption and the text alternative,
the same text as the figure's ``*_summary`` function). ``.full_labels`` maps each label
the figure had to shorten, as shown, to the full label, so nothing is lost.

Labels of any length
--------------------
:func:`fit_label` is the one way a figure fits a label from the case: the case's short
label when it gives one, else the label wrapped to at most two lines of about half
:data:`~entente_lab.case.vocabulary.FIGURE_LABEL_CHARS` characters, the rest elided with
"…". Figures then size themselves from the fitted labels (:func:`text_size`), once, when
they are drawn; an update never fits or measures again.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..case.records import Case
from ..case.vocabulary import FIGURE_LABEL_CHARS
from .style import drawable, plain

__all__ = [
    "FigureHandle", "FittedLabel", "RingHandle", "axes_inches", "figure_html", "fit_label", "fitted", "img_tag", "labels_html", "new_axes",
    "new_figure", "place_beside", "place_in_corner", "png_bytes", "root_figure", "text_size", "weights_of", "widest",
    "wrap", "wrap_to_width",
]

#: matplotlib's spacing between the lines of one text, as a multiple of the font size.
LINE_SPACING = 1.2

#: How much longer than ``chars / lines`` a line of a fitted label may grow before the label is elided.
_SLACK = 1.2

_ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


def new_figure(size: tuple[float, float]) -> Figure:
    """A new pyplot-free figure (drawn by the Agg canvas), laid out by constrained layout."""
    return Figure(figsize=size, dpi=100, layout="constrained")


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax`` itself, or the axes of a new :class:`~matplotlib.figure.Figure` (not registered with pyplot)."""
    if ax is not None:
        return ax
    return new_figure(figsize).add_subplot()


def root_figure(obj: Any) -> Any:
    """The top-level Figure of a Figure, SubFigure, Axes, handle or any artist.

    ``Artist.get_figure(root=True)`` does this from matplotlib 3.10 on; this works
    with every version the package supports.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> root_figure(fig.subfigures(1, 2)[0].add_subplot()) is fig
    True
    """
    if isinstance(obj, FigureHandle):
        obj = obj.ax
    figure = getattr(obj, "figure", obj)
    while getattr(figure, "figure", None) is not None and figure.figure is not figure:
        figure = figure.figure
    return figure


def png_bytes(figure: Any, dpi: float = 100) -> bytes:
    """The figure as PNG bytes (no ``bbox_inches='tight'``: the layout is the figure's own)."""
    buffer = io.BytesIO()
    root_figure(figure).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def figure_html(figure: Any, summary: str, full_labels: dict[str, str] | None = None, *, dpi: float = 100) -> str:
    """A figure as an HTML ``<figure>``: the image with ``summary`` as its alt text and caption.

    The labels the figure shortened (``full_labels``: as shown to in full) follow the
    caption, so a reader of the page, or of a screen reader, loses none of them.

    >>> from matplotlib.figure import Figure
    >>> page = figure_html(Figure(figsize=(1, 1)), "An empty square.", {"A lo…": "A long label"})
    >>> 'alt="An empty square."' in page, "<li>A lo… = A long label</li>" in page
    (True, True)
    """
    return _figure_tag(png_bytes(figure, dpi=dpi), summary, full_labels or {})


def labels_html(full_labels: dict[str, str]) -> str:
    """The labels a figure shortened, as shown and in full, as a collapsed HTML list ("" when none).

    >>> labels_html({})
    ''
    >>> "<li>A lo… = A long label</li>" in labels_html({"A lo…": "A long label"})
    True
    """
    listed = "".join(f"<li>{html.escape(shown)} = {html.escape(full)}</li>" for shown, full in full_labels.items())
    return f"<details><summary>Labels shortened in the figure</summary><ul>{listed}</ul></details>" if listed else ""


def img_tag(png: bytes, alt: str, style: str = "max-width:100%") -> str:
    """PNG bytes as an HTML ``<img>`` with ``alt`` as its text alternative (the bytes inline, as a data URI).

    >>> img_tag(b"\\x89PNG", "A <small> dot.")
    '<img src="data:image/png;base64,iVBORw==" alt="A &lt;small&gt; dot." style="max-width:100%">'
    """
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" style="{html.escape(style)}">'


def _figure_tag(png: bytes, summary: str, full_labels: dict[str, str]) -> str:
    return (f'<figure style="margin:0">{img_tag(png, summary)}'
            f"<figcaption>{html.escape(summary)}</figcaption>{labels_html(full_labels)}</figure>")


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to lines of at most ``width`` characters (words are never split)."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def weights_of(case: Case, weights: object) -> dict[str, float]:
    """Complete, checked weights from ``None``, a mapping, or anything with a ``weights`` mapping
    (a preset, an assessment): :func:`entente_lab.analysis.graphs.resolve_weights`, weights only."""
    from ..analysis.graphs import resolve_weights

    return resolve_weights(case, weights)[0]


# --------------------------------------------------------------------------- fitting labels

#: A line break that textwrap made after a hyphen inside a word ("business-as-" / "usual").
_HYPHEN_BREAK = re.compile(r"(?<=\w-)\n(?=\w)")


@dataclass(frozen=True)
class FittedLabel:
    """A label as a figure shows it (``text``, perhaps on two lines or elided) and in ``full``."""

    text: str
    full: str

    @property
    def shown(self) -> str:
        """The shown text on one line (a line that breaks after a hyphen joins the next without a space).

        >>> FittedLabel("Counter-\\nclaim: the business-as-\\nusual…", "").shown
        'Counter-claim: the business-as-usual…'
        >>> FittedLabel("pro-\\nand anti-", "pro- and anti-").shown
        'pro- and anti-'
        """
        if self.whole:
            return " ".join(self.full.split())
        return " ".join(_HYPHEN_BREAK.sub("", self.text).split())

    @property
    def whole(self) -> bool:
        """Whether the figure shows the full label, only wrapped (at a space, or after a hyphen).

        >>> FittedLabel("a full-\\nscale label", "a full-scale label").whole
        True
        """
        return "".join(self.text.split()) == "".join(self.full.split())


def _two_lines(words: str, lines: int, width: int) -> str | None:
    """``words`` wrapped into at most ``lines`` lines of balanced length, each at most ``width`` characters."""
    for line in range(math.ceil(len(words) / lines), width + 1):
        parts = textwrap.wrap(words, line, break_long_words=False)
        if len(parts) <= lines and max(map(len, parts)) <= line:
            return "\n".join(parts)
    return None


def fit_label(label: str, short: str = "", *, chars: int = FIGURE_LABEL_CHARS, lines: int = 2) -> FittedLabel:
    """What a figure shows for a label: ``short`` if given, wrapped to at most ``lines`` lines, the rest elided.

    A line holds about ``chars / lines`` characters (a little more when that keeps the
    label whole); a label that still does not fit keeps its first lines and ends in
    "…". ``full`` is always the whole label, for the figure's summary or its list of
    full labels.

    Examples
    --------
    >>> fit_label("A short label").text
    'A short label'
    >>> print(fit_label("A label of fifty characters that wraps onto 2 lines").text)
    A label of fifty characters
    that wraps onto 2 lines
    >>> fitted = fit_label("word " * 30)
    >>> fitted.text.endswith("…"), fitted.text.count("\\n"), fitted.whole
    (True, 1, False)
    >>> fit_label("A very long label indeed", short="Long label").shown
    'Long label'
    """
    full = " ".join(label.split())
    chosen = " ".join((short or label).split())
    width = max(4, math.ceil(chars / lines))
    if len(chosen) <= width:
        return FittedLabel(chosen, full)
    text = _two_lines(chosen, lines, int(width * _SLACK)) if lines > 1 else None
    if text is None:
        parts = textwrap.wrap(chosen, width, break_long_words=True)
        kept = parts[:lines]
        kept[-1] = kept[-1][: width - 1].rstrip(" ,;:-") + _ELLIPSIS
        text = "\n".join(kept)
    return FittedLabel(text, full)


def fitted(label: str, book: dict[str, str], *, short: str = "", chars: int = FIGURE_LABEL_CHARS, lines: int = 2) -> str:
    """:func:`fit_label`, ready to draw (:func:`~entente_lab.plots.style.plain`); a shortened label goes in ``book``.

    ``book`` maps each shortened label, as shown on one line, to the full label: a
    handle's :attr:`FigureHandle.full_labels`.

    >>> book = {}
    >>> fitted("A very long label indeed", book, short="Long label"), book
    ('Long label', {'Long label': 'A very long label indeed'})
    """
    result = fit_label(label, short, chars=chars, lines=lines)
    if not result.whole:
        book[result.shown] = result.full
    return plain(result.text)


# --------------------------------------------------------------------------- measuring text

@cache
def _renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, 72)


@cache
def text_size(text: str, fontsize: float, bold: bool = False) -> tuple[float, float]:
    """Width and height in inches of ``text`` (as :func:`fitted` returns it) drawn at ``fontsize`` points.

    >>> width, height = text_size("two\\nlines", 10)
    >>> 0.2 < width < 0.4, round(height, 3)
    (True, 0.333)
    """
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    lines = drawable(text.replace("\\$", "$")).split("\n")
    width = max(_renderer().get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines)
    return width / 72, fontsize * LINE_SPACING * len(lines) / 72


def widest(texts: Iterable[str], fontsize: float, bold: bool = False) -> float:
    """The width in inches of the widest of ``texts`` (0 for none).

    >>> widest(["a", "a longer one"], 10) == text_size("a longer one", 10)[0]
    True
    """
    return max((text_size(t, fontsize, bold)[0] for t in texts), default=0.0)


def wrap_to_width(text: str, inches: float, fontsize: float, bold: bool = False) -> str:
    """``text`` wrapped (between words) so that each line is at most ``inches`` wide at ``fontsize`` points.

    A single word wider than ``inches`` keeps a line of its own.

    >>> print(wrap_to_width("one two three four", 0.9, 10))
    one two
    three four
    """
    lines: list[str] = []
    for word in text.split():
        if lines and text_size(f"{lines[-1]} {word}", fontsize, bold)[0] <= inches:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def axes_inches(ax: Axes) -> float:
    """About how many inches the shorter side of ``ax`` will take on its figure (before any layout runs)."""
    position = ax.get_position()
    figure = root_figure(ax)
    return 0.95 * min(position.width * figure.get_figwidth(), position.height * figure.get_figheight())


Box = tuple[float, float, float, float]


def place_beside(x: float, y: float, size: tuple[float, float], taken: list[Box], *,
                 limits: tuple[float, float] = (0.0, 1.0), gap: float = 0.02,
                 margin: float = 0.01) -> tuple[float, float, str, str]:
    """Where to write a label of ``size`` (data units) beside the point ``(x, y)``: ``(x, y, ha, va)``.

    Right and below the point if that fits inside ``limits`` (both axes) and clear of
    the ``taken`` boxes ``(x0, y0, x1, y1)`` by ``margin``; else left, or above, then further up or
    down beside the point; the first place that fits inside wins when none is clear.
    The chosen box is added to ``taken``.

    >>> taken = [(0.5, 0.3, 1.0, 0.5)]
    >>> place_beside(0.6, 0.55, (0.2, 0.1), taken)  # right-below would cover the taken box: above instead
    (0.62, 0.56, 'left', 'bottom')
    """
    w, h = size
    low, high = limits
    options = [(x + gap, y - gap / 2, "left", "top"), (x - gap, y - gap / 2, "right", "top")]
    for lift in (0.0, 0.5, 1.0, 1.5, -0.5, -1.0, -1.5, 2.0, 2.5, 3.0, -2.0, -2.5, -3.0):  # then above (or below), further off
        options += [(x + gap, y + gap / 2 + lift * h, "left", "bottom"), (x - gap, y + gap / 2 + lift * h, "right", "bottom")]

    def box(px: float, py: float, ha: str, va: str) -> Box:
        x0, y0 = (px if ha == "left" else px - w), (py - h if va == "top" else py)
        return x0, y0, x0 + w, y0 + h

    def inside(b: Box) -> bool:
        return low <= b[0] and b[2] <= high and low <= b[1] and b[3] <= high

    chosen = min(options, key=lambda o: (not inside(box(*o)), not _clear(box(*o), taken, margin)))
    taken.append(box(*chosen))
    return chosen


def _clear(box: Box, taken: list[Box], margin: float = 0.0) -> bool:
    """Whether ``box`` keeps at least ``margin`` away from every box in ``taken``."""
    return all(box[2] + margin <= t[0] or t[2] + margin <= box[0] or box[3] + margin <= t[1] or t[3] + margin <= box[1]
               for t in taken)


def place_in_corner(bounds: Box, size: tuple[float, float], corner: tuple[int, int], taken: list[Box], *,
                    inset: tuple[float, float] = (0.02, 0.02)) -> tuple[float, float, str, str]:
    """Where to write a region's name inside ``bounds``: ``(x, y, ha, va)``, in the first corner clear of ``taken``.

    ``corner`` (``(right?, top?)``) is tried first, then the corner across, the one
    above or below, and the diagonal; when none is clear, the first. The chosen box is
    added to ``taken``.

    >>> taken = [(0.85, 0.0, 0.95, 0.1)]  # a marker in the bottom-right corner
    >>> place_in_corner((0.5, 0.0, 1.0, 0.5), (0.2, 0.1), (1, 0), taken)  # so the name goes bottom-left
    (0.52, 0.02, 'left', 'bottom')
    """
    x0, y0, x1, y1 = bounds
    w, h = size
    right, top = corner
    options = []
    for r, t in ((right, top), (1 - right, top), (right, 1 - top), (1 - right, 1 - top)):
        x, y = (x1 - inset[0] if r else x0 + inset[0]), (y1 - inset[1] if t else y0 + inset[1])
        box = (x - w if r else x, y - h if t else y, x if r else x + w, y if t else y + h)
        options.append(((x, y, "right" if r else "left", "top" if t else "bottom"), box))
    chosen, box = next((option for option in options if _clear(option[1], taken, min(inset) / 2)), options[0])
    taken.append(box)
    return chosen


# --------------------------------------------------------------------------- the handle

@dataclass(eq=False)
class FigureHandle:
    """What every figure function returns: its axes, an update in place, and its one-sentence summary.

    Attributes
    ----------
    ax : Axes
        The figure's main axes.
    full_labels : dict
        Each label the figure shortened, as shown on one line, to the full label.

    A handle shows itself in a notebook as the image with its summary as alt text and
    caption (``_repr_mimebundle_``), rendered once.
    """

    ax: Axes
    full_labels: dict[str, str] = field(default_factory=dict, kw_only=True)

    @property
    def figure(self) -> Any:
        """The top-level figure the handle draws on (what to render or save)."""
        return root_figure(self.ax)

    @property
    def summary(self) -> str:
        """One sentence saying what the figure shows now (caption and text alternative)."""
        raise NotImplementedError(f"{type(self).__name__} does not say what it shows")

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Move the figure's artists in place for new data (each figure says which)."""
        raise NotImplementedError(f"{type(self).__name__} cannot be updated")

    def png(self, dpi: float = 100) -> bytes:
        """The whole figure as PNG bytes."""
        return png_bytes(self.figure, dpi=dpi)

    def _repr_png_(self) -> bytes:
        return self.png()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        png, summary = self.png(), self.summary
        return {"text/plain": summary, "image/png": png, "text/html": _figure_tag(png, summary, self.full_labels)}


@dataclass(eq=False)
class RingHandle(FigureHandle):
    """A handle whose ``update(highlight)`` rings one of its ``markers`` (an option, an event), or none.

    Attributes
    ----------
    markers : dict
        Id to its marker (a ``Line2D`` of one point).
    ring : Line2D or None
        The ring drawn round the highlighted marker (empty when none is).
    highlighted : str or None
        The id of the ringed marker.
    """

    markers: dict[str, Any] = field(default_factory=dict)
    ring: Any = None
    highlighted: str | None = None

    def _ring(self, highlight: str | None, noun: str, place: str) -> None:
        """Ring ``highlight`` (``KeyError`` naming the known ids when it has no marker)."""
        if highlight is not None and highlight not in self.markers:
            raise KeyError(f"no {noun} {highlight!r} {place}; known: {', '.join(self.markers) or 'none'}")
        self.highlighted = highlight
        if self.ring is not None:
            self.ring.set_data(*(([], []) if highlight is None else self.markers[highlight].get_data()))
