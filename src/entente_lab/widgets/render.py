"""Live figures for the browser: the static part drawn once as PNG, the moving part as a small SVG.

The hot path of every live figure: a :class:`LayeredFigure` draws the static part of a
figure once (axes, regions, labels, markers that never move) as one PNG, and for each
frame writes only the moving artists as SVG in the figure's own coordinates, to lay over
that PNG at the same size. A frame is a few kilobytes of text, with no raster drawing
and no PNG encoding: the browser draws it. No ``pyplot``, no new figure per frame.
"""

from __future__ import annotations

import base64
import html
import io
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from PIL import Image

from .threads import one_at_a_time, take_turns

__all__ = ["LayeredFigure", "encode_png"]


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



#: What every overlay's root element inherits (matplotlib's SVG puts this in a global ``<style>``, which in a
#: page would restyle every SVG on it).
_SVG_ROOT_STYLE = "display:block;width:100%;height:auto;stroke-linejoin:round;stroke-linecap:butt"

#: How many drawn texts and markers a :class:`LayeredFigure` keeps (a moving total has one text per value it reached).
_SPRITE_LIMIT = 512

#: The characters whose glyphs go out with the background, so that a changing number needs no new shapes.
_DIGITS = "0123456789.-"

#: Ids that do not change from run to run (so a shape sent once is found again), glyphs drawn as shapes.
_SVG_SETTINGS = {"svg.hashsalt": "entente-lab", "svg.fonttype": "path"}

#: Every LayeredFigure draws in turn with every other: an overlay switches its figure's dpi and the
#: process-wide ``svg.*`` rcParams (:data:`_SVG_SETTINGS`) while it draws.
_DRAWING = threading.RLock()

_CLIP = re.compile(r'clip-path="url\(#[^)"]*\)"')
_PATH_ATTRIBUTES = re.compile(r'<path d="[^"]*"\s*((?:clip-path="[^"]*"\s*)?style="[^"]*")\s*/>')
_DEFS = re.compile(r"<defs>(.*?)</defs>", re.S)
_DEF = re.compile(r'<path id="([^"]+)"[^>]*/>|<(clipPath|pattern) id="([^"]+)".*?</\2>', re.S)
_SPACE = re.compile(r"\s*\n\s*")
_GROUP_ID = re.compile(r'<g id="[^"]*"')


def _split_defs(markup: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """``markup`` without its ``<defs>``; the shapes it defined (glyphs, markers) and its clips and hatches, by id."""
    shapes: dict[str, str] = {}
    local: dict[str, str] = {}
    for block in _DEFS.findall(markup):
        for found in _DEF.finditer(block):
            if found.group(1):
                shapes[found.group(1)] = found.group(0)
            else:
                local[found.group(3)] = found.group(0)
    return _DEFS.sub("", markup), shapes, local


class _Svg:
    """One matplotlib SVG renderer: header left out, what each artist draws read off as it draws."""

    def __init__(self, width: float, height: float) -> None:
        self.buffer = io.StringIO()
        self.renderer = RendererSVG(width, height, self.buffer, image_dpi=72,
                                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})

    def draw(self, artist: Any) -> str:
        """The markup ``artist`` draws."""
        before = self.buffer.tell()
        artist.draw(self.renderer)
        return _GROUP_ID.sub("<g", _SPACE.sub(" ", self.buffer.getvalue()[before:]))  # "text_1" would repeat on a page

    def finish(self) -> str:
        """The definitions (clip paths, hatches) the drawn artists refer to."""
        before = self.buffer.tell()
        self.renderer.finalize()
        return _SPACE.sub(" ", self.buffer.getvalue()[before:]).strip().removesuffix("</svg>")


class LayeredFigure:
    """A live figure as two layers: its static part as one PNG, its moving artists as a small SVG.

    The figure is laid out once and never moves. :meth:`background` is the static part
    as a PNG (without the ``dynamic`` artists), sent once; :meth:`overlay` draws only
    the moving artists, as SVG in the figure's own coordinates (points, 72 to the inch,
    the origin at the top left), to lay over the PNG at the same size. Every drawing method
    (background, overlay, full PNG) of every LayeredFigure runs in turn with the others
    (:func:`~entente_lab.widgets.threads.one_at_a_time`): widget handlers may run in two
    kernel threads, and an overlay draws at 72 dpi, so a PNG drawn meanwhile would come
    out part at that scale. Every position in
    the overlay comes from the figure's transforms and matplotlib's own SVG renderer
    writes every shape and glyph, so the two layers show what a full draw of the figure
    shows. Three fast paths keep a frame to a few milliseconds and a few kilobytes:

    - a :class:`~matplotlib.patches.Rectangle` is drawn through the renderer once, for
      its style; afterwards only its corners are written;
    - a :class:`~matplotlib.text.Text` is drawn once per (text, alignment), and a marker
      collection with one point once, then moved with a ``translate``;
    - the glyphs and marker shapes go out once, with the background, and the overlay
      refers to them by id; anything else (lines, arrows) is drawn every frame.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A pyplot-free figure; an Agg canvas is attached if it has none.
    dynamic : iterable of Artist
        The artists that move between frames, in drawing order. They are marked
        *animated*, so the background leaves them out.
    glyphs : str, optional
        Characters the moving texts may show later (a label that changes with the
        data): their shapes go out with the background too.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 2), dpi=50)
    >>> ax = fig.add_subplot()
    >>> (line,) = ax.plot([0, 1], [0, 1])
    >>> layers = LayeredFigure(fig, [line])
    >>> layers.background().startswith('<img alt="" src="data:image/png;base64,')
    True
    >>> svg = layers.overlay("a rising line")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'aria-label="a rising line"' in svg
    True
    >>> layers.size, layers.frames
    ((144.0, 144.0), 2)
    """

    def __init__(self, figure: Figure, dynamic: Iterable[Any], glyphs: str = "") -> None:
        take_turns(self, _DRAWING)  # background, overlay and full_png draw one at a time
        self.figure = figure
        self.glyphs = glyphs
        if not isinstance(figure.canvas, FigureCanvasAgg):
            FigureCanvasAgg(figure)
        self.canvas: FigureCanvasAgg = figure.canvas  # type: ignore[assignment]
        self.dynamic = tuple(dynamic)
        engine = figure.get_layout_engine()
        if engine is not None:
            # Lay the figure out once, with the moving artists in it, then freeze the layout.
            engine.execute(figure)
            figure.set_layout_engine("none")
        for artist in self.dynamic:
            artist.set_animated(True)
        width, height = figure.get_size_inches() * 72
        #: The overlay's size in points: its ``viewBox``.
        self.size = (float(width), float(height))
        self._rectangles: dict[int, str] = {}
        self._matrices: dict[int, Any] = {}  # this frame's data transforms, by id
        self._sprites: dict[tuple[Any, ...], tuple[str, tuple[float, float]]] = {}
        self._shapes: dict[str, str] = {}  # glyphs and markers, by id
        self._local: dict[str, str] = {}  # the rectangles' and sprites' clips and hatches, by id
        self._sent: set[str] = set()  # the shapes that went out with the background
        #: How many overlays have been drawn (tests count redraws with it).
        self.frames = 0

    @contextmanager
    def _in_points(self) -> Iterator[None]:
        """Draw at 72 dpi, as matplotlib's SVG backend does (one display unit is one point), with stable ids."""
        dpi = self.figure.dpi
        saved = {key: rcParams[key] for key in _SVG_SETTINGS}
        self.figure.dpi = 72
        try:
            rcParams.update(_SVG_SETTINGS)  # two keys: much cheaper than rc_context, which copies them all
            yield
        finally:
            rcParams.update(saved)
            self.figure.dpi = dpi

    @one_at_a_time
    def background(self) -> str:
        """The static layer as HTML: the PNG (decorative, ``alt=""``) and the shapes the overlays refer to.

        Drawn once, before the first overlay is shown: the glyphs of every moving text,
        and of the digits, go out here.
        """
        self.overlay("")
        with self._in_points():
            for artist in self.dynamic:
                if isinstance(artist, Text):
                    self._learn_glyphs(artist)
        self.canvas.draw()
        png = base64.b64encode(encode_png(self.canvas, compress_level=6)).decode("ascii")
        self._sent = set(self._shapes)
        return (f'<img alt="" src="data:image/png;base64,{png}">'
                f'<svg aria-hidden="true" width="0" height="0" style="position:absolute">'
                f'<defs>{"".join(self._shapes.values())}</defs></svg>')

    def _learn_glyphs(self, artist: Text) -> None:
        text = artist.get_text()
        artist.set_text(f"{text} {_DIGITS}{self.glyphs}")
        try:
            self._shapes.update(_split_defs(_Svg(*self.size).draw(artist))[1])
        finally:
            artist.set_text(text)

    @one_at_a_time
    def overlay(self, label: str) -> str:
        """The moving artists as one ``<svg role="img">`` element named ``label`` (the figure's summary)."""
        width, height = self.size
        parts: list[str] = []
        rectangles: list[tuple[str, str]] = []  # a run of rectangles drawn alike: one group

        def end_run() -> None:
            if rectangles:
                parts.append(f"<g {rectangles[0][0]}>{''.join(d for _style, d in rectangles)}</g>")
                rectangles.clear()

        self._matrices.clear()
        with self._in_points():
            svg = _Svg(width, height)
            for artist in self.dynamic:
                if not artist.get_visible():
                    continue
                if type(artist) is Rectangle and artist.get_angle() == 0 and artist.get_data_transform().is_affine:
                    style, path = self._rectangle(artist)
                    if rectangles and rectangles[0][0] != style:
                        end_run()
                    rectangles.append((style, path))
                    continue
                end_run()
                if isinstance(artist, Text):
                    if isinstance(artist, Annotation):
                        artist.update_positions(svg.renderer)  # where its text goes, at this dpi
                    parts.append(self._sprite(artist, (artist.get_text(), artist.get_ha(), artist.get_va()),
                                              artist._get_xy_display()))
                elif isinstance(artist, PathCollection) and len(artist.get_offsets()) == 1:
                    anchor = artist.get_offset_transform().transform(artist.get_offsets()[0])
                    parts.append(self._sprite(artist, (), anchor))
                else:
                    parts.append(svg.draw(artist))
            end_run()
            body, shapes, local = _split_defs("".join(parts) + svg.finish())
        self._shapes.update(shapes)
        late = "".join(markup for key, markup in self._shapes.items() if key not in self._sent)
        self.frames += 1
        return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                f'viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{html.escape(label)}" '
                f'style="{_SVG_ROOT_STYLE}"><defs>{late}{"".join({**self._local, **local}.values())}</defs>{body}</svg>')

    def _remember(self, markup: str) -> str:
        """``markup`` without its definitions, which are kept to be sent once."""
        body, shapes, local = _split_defs(markup)
        self._shapes.update(shapes)
        self._local.update(local)
        return body

    def _rectangle(self, artist: Rectangle) -> tuple[str, str]:
        """An upright rectangle: the style matplotlib drew it with the first time, and a path at its corners now.

        Nothing drawn opposite itself: a run of rectangles in one style (bars on rows of
        their own) shares one group, whose opacity is then that of each rectangle.
        """
        key = id(artist)
        if key not in self._rectangles:
            svg = _Svg(*self.size)
            found = _PATH_ATTRIBUTES.search(svg.draw(artist))
            if found is None:
                raise ValueError(f"matplotlib drew {artist!r} as something other than one path")
            self._rectangles[key] = found.group(1)
            self._remember(svg.finish())
        transform = artist.get_data_transform()
        if id(transform) not in self._matrices:  # one per axes and frame: composing it is most of the cost
            self._matrices[id(transform)] = transform.get_matrix()
        (a, c, e), (b, d, f) = self._matrices[id(transform)][:2]
        x0, y0 = artist.get_xy()
        x1, y1 = x0 + artist.get_width(), y0 + artist.get_height()
        height = self.size[1]
        corners = " L ".join(f"{a * x + c * y + e:.3f} {height - (b * x + d * y + f):.3f}"
                             for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))
        return self._rectangles[key], f'<path d="M {corners} z"/>'

    def _sprite(self, artist: Any, key: tuple[Any, ...], anchor: Any) -> str:
        """``artist`` drawn once per ``key`` and moved from where it was drawn to ``anchor`` (display units)."""
        full_key = (id(artist), *key)
        if full_key not in self._sprites:
            if len(self._sprites) >= _SPRITE_LIMIT:
                self._sprites.clear()
            svg = _Svg(*self.size)
            markup = svg.draw(artist)
            self._sprites[full_key] = (self._remember(markup + svg.finish()), (float(anchor[0]), float(anchor[1])))
        markup, (x0, y0) = self._sprites[full_key]
        dx, dy = float(anchor[0]) - x0, y0 - float(anchor[1])
        if abs(dx) < 5e-4 and abs(dy) < 5e-4:
            return markup
        # The clip stays where the axes are: only what is drawn moves.
        clips = set(_CLIP.findall(markup))
        if len(clips) == 1:
            return f'<g {clips.pop()}><g transform="translate({dx:.3f} {dy:.3f})">{_CLIP.sub("", markup)}</g></g>'
        return f'<g transform="translate({dx:.3f} {dy:.3f})">{markup}</g>'

    @one_at_a_time
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
