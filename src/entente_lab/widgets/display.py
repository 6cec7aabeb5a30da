"""Show a static figure in a notebook as an accessible image: alt text and a caption.

The figure helpers (matplotlib) are imported by :func:`show_figure` when it runs, so
that a notebook showing only Markdown (``show_markdown``) does not load matplotlib.
"""

from __future__ import annotations

import html
from typing import Any

from IPython.display import HTML, IFrame, Markdown

__all__ = ["show_document", "show_figure", "show_markdown"]


def _figure_of(obj: Any) -> Any:
    from ..plots._canvas import root_figure

    figure = root_figure(obj)
    if not hasattr(figure, "savefig"):
        raise TypeError(f"cannot show {type(obj).__name__}: give a figure's handle, a matplotlib Figure or Axes")
    return figure


def show_figure(obj: Any, summary: str | None = None, *, dpi: int = 100) -> HTML:
    """A figure as an ``<img>`` whose alt text and caption are ``summary``.

    ``obj`` is the handle a ``plot_*`` function returned (its own summary, and the
    labels it shortened, are used unless ``summary`` is given), or a matplotlib Figure
    or Axes with a ``summary``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.add_subplot().plot([0, 1])
    >>> out = show_figure(fig, "A rising line.")
    >>> 'alt="A rising line."' in out.data and "<figcaption>A rising line.</figcaption>" in out.data
    True
    """
    from ..plots._canvas import FigureHandle, figure_html

    if isinstance(obj, FigureHandle):
        return HTML(figure_html(obj.figure, obj.summary if summary is None else summary, obj.full_labels, dpi=dpi))
    if summary is None:
        raise TypeError("show_figure needs a summary for a bare Figure or Axes: the text for screen readers")
    return HTML(figure_html(_figure_of(obj), summary, dpi=dpi))


def show_document(page: str, *, height: int = 600, title: str = "document") -> IFrame:
    """A whole HTML page (such as the class report) in a sandboxed frame, scripts disabled.

    The page keeps its own ``<head>`` (and so its security policy and styles) instead
    of being pasted into the notebook.

    >>> frame = show_document("<!DOCTYPE html><p>Hi & bye</p>", height=100)._repr_html_()
    >>> 'sandbox=""' in frame and "Hi &amp; bye" in frame
    True
    """
    return IFrame(src="about:blank", width="100%", height=int(height),
                  extras=[f'srcdoc="{html.escape(page)}"', 'sandbox=""', f'title="{html.escape(title)}"'])


def show_markdown(text: str) -> Markdown | None:
    """Markdown for a notebook cell to show, such as a sentence from :mod:`entente_lab.teaching.narrative`.

    Blank text gives ``None``, which a cell shows as nothing at all: a part the case
    does not have leaves no empty output behind.

    >>> show_markdown("**Hello**").data
    '**Hello**'
    >>> show_markdown("  ") is None
    True
    """
    return Markdown(text) if text.strip() else None
