"""Helpers shared by the argument-map, network, stress, trilemma and timeline figures."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..records import Case

__all__ = ["FigureArtists", "new_axes", "png_bytes", "root_figure", "weights_of", "wrap"]


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax`` itself, or the axes of a new :class:`~matplotlib.figure.Figure` (not registered with pyplot)."""
    if ax is not None:
        return ax
    figure = Figure(figsize=figsize, layout="constrained")
    return figure.add_subplot()


def root_figure(obj: Any) -> Any:
    """The top-level Figure of a Figure, SubFigure, Axes or any artist.

    ``Artist.get_figure(root=True)`` does this from matplotlib 3.10 on; this works
    with every version the package supports.

    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> root_figure(fig.subfigures(1, 2)[0].add_subplot()) is fig
    True
    """
    figure = getattr(obj, "figure", obj)
    while getattr(figure, "figure", None) is not None and figure.figure is not figure:
        figure = figure.figure
    return figure


def png_bytes(figure: Any, dpi: float = 100) -> bytes:
    """The figure as PNG bytes (no ``bbox_inches='tight'``: the layout is the figure's own)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to lines of at most ``width`` characters (words are never split)."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def weights_of(case: Case, weights: object) -> dict[str, float]:
    """Complete, checked weights from ``None``, a mapping, or anything with a ``weights`` mapping
    (a preset, an assessment): :func:`entente_lab.graphs.resolve_weights`, weights only."""
    from ..graphs import resolve_weights

    return resolve_weights(case, weights)[0]


@dataclass
class FigureArtists:
    """Base of every figure's handles: the axes it drew on; shows itself as a PNG in a notebook."""

    ax: Axes

    @property
    def figure(self) -> Any:
        """The (sub)figure the axes belong to."""
        return self.ax.figure

    def _repr_png_(self) -> bytes:
        return png_bytes(root_figure(self.ax))
