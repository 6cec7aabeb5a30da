"""Fast PNG frames from a prebuilt figure: cached background, redraw only what moved.

The hot path of every live figure: a :class:`FigureFrames` draws the static part of a
figure once, keeps it as a bitmap, and for each frame restores that bitmap, draws only
the moving artists on top (blitting) and encodes the pixels as a PNG with fast zlib
settings. No ``pyplot``, no ``bbox_inches="tight"``, no new figure per frame.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["FigureFrames", "encode_png"]


def encode_png(canvas: FigureCanvasAgg, *, compress_level: int = 1) -> bytes:
    """The canvas's current pixels as PNG bytes (RGB, fast zlib level by default).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(1, 1), dpi=20)
    >>> canvas = FigureCanvasAgg(fig)
    >>> canvas.draw()
    >>> encode_png(canvas)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()


class FigureFrames:
    """Render PNG frames of ``figure`` where only ``dynamic`` artists change between frames.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A pyplot-free figure; an Agg canvas is attached if it has none.
    dynamic : iterable of Artist
        The artists the caller moves between frames. They are marked *animated*, so a
        full draw leaves them out and the background can be cached without them.

    Notes
    -----
    A layout engine (``layout="constrained"``) runs once, here, and is then switched
    off, so the axes stay put between frames. The background is drawn on the first :meth:`frame` and after :meth:`invalidate`
    (call it if anything static changes). Dynamic artists are drawn in the order
    given, on top of everything static, which is how the figures in
    :mod:`entente_lab.plots.plane` are layered anyway. :meth:`full_png` renders the
    whole figure the ordinary way, for saving or for checking a frame against.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 2), dpi=50)
    >>> ax = fig.add_subplot()
    >>> (line,) = ax.plot([0, 1], [0, 1])
    >>> frames = FigureFrames(fig, [line])
    >>> first = frames.frame()
    >>> line.set_ydata([1, 0])
    >>> frames.frame() != first, frames.frames
    (True, 2)
    """

    def __init__(self, figure: Figure, dynamic: Iterable[Any]) -> None:
        self.figure = figure
        if not isinstance(figure.canvas, FigureCanvasAgg):
            FigureCanvasAgg(figure)
        self.canvas: FigureCanvasAgg = figure.canvas  # type: ignore[assignment]
        self.dynamic = tuple(dynamic)
        engine = figure.get_layout_engine()
        if engine is not None:
            # Lay the figure out once, with the moving artists in it, then freeze the
            # layout: a frame and a full draw then put every axes in the same place.
            engine.execute(figure)
            figure.set_layout_engine("none")
        for artist in self.dynamic:
            artist.set_animated(True)
        self._background: Any = None
        #: How many frames have been rendered (tests count redraws with it).
        self.frames = 0

    def invalidate(self) -> None:
        """Forget the cached background: the next frame redraws the static part too."""
        self._background = None

    def frame(self) -> bytes:
        """PNG bytes of the figure as it is now."""
        if self._background is None:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self.dynamic:
            if artist.get_visible():
                artist.draw(renderer)
        self.frames += 1
        return encode_png(self.canvas)

    def full_png(self, **savefig_kwargs: Any) -> bytes:
        """The whole figure through ``savefig`` (not the hot path), moving artists included."""
        for artist in self.dynamic:
            artist.set_animated(False)
        try:
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png", **savefig_kwargs)
            return buffer.getvalue()
        finally:
            for artist in self.dynamic:
                artist.set_animated(True)
            self.invalidate()
