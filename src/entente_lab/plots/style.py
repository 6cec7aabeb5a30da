"""One colour-blind-safe palette and one set of markers for every figure (Okabe & Ito).

Colour never carries meaning alone: each kind also has its own marker, hatch and line
style, and figures label what they show.
"""

from __future__ import annotations

from functools import cache

from ..case.schemas import json_schema

__all__ = ["OKABE_ITO", "KIND_STYLE", "REGION_STYLE", "VERDICT_STYLE", "RELATION_STYLE", "FONT_SIZE", "drawable", "plain",
           "region_names", "side_names"]

#: The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

#: Strength and strain: colour, marker, hatch and line style, so print and
#: colour-blind readers can tell them apart without colour.
KIND_STYLE = {
    "strength": {"color": OKABE_ITO["blue"], "marker": "o", "hatch": "", "linestyle": "-",
                 "label": "strength"},
    "strain": {"color": OKABE_ITO["vermillion"], "marker": "s", "hatch": "//", "linestyle": "--",
               "label": "strain"},
    "thesis": {"color": OKABE_ITO["black"], "marker": "D", "hatch": "", "linestyle": "-", "label": "thesis"},
}

#: The four regions of the plane: a light fill plus the region's name written on it.
#: Keyed by region code (the case names the regions).
REGION_STYLE = {
    "both-high": {"color": OKABE_ITO["reddish_purple"], "hatch": "", "marker": "o", "bar_hatch": "xx"},
    "strength-high": {"color": OKABE_ITO["sky_blue"], "hatch": "", "marker": "^", "bar_hatch": "//"},
    "strain-high": {"color": OKABE_ITO["orange"], "hatch": "", "marker": "s", "bar_hatch": "\\\\"},
    "both-low": {"color": OKABE_ITO["grey"], "hatch": "", "marker": "D", "bar_hatch": ".."},
}
#: The older name of :data:`REGION_STYLE`.
VERDICT_STYLE = REGION_STYLE

#: The looks of the relation types, in the order the case schema lists the types.
_RELATION_LOOKS = (
    {"color": OKABE_ITO["blue"], "linestyle": "-"},
    {"color": OKABE_ITO["vermillion"], "linestyle": "--"},
    {"color": OKABE_ITO["orange"], "linestyle": ":"},
    {"color": OKABE_ITO["black"], "linestyle": "-."},
    {"color": OKABE_ITO["grey"], "linestyle": (0, (1, 3))},
    {"color": OKABE_ITO["bluish_green"], "linestyle": (0, (5, 2, 1, 2))},
)

#: Actor relations, keyed by the relation types of the case schema: line style as well as colour.
RELATION_STYLE = dict(zip(
    json_schema("case.schema.json")["properties"]["relations"]["items"]["properties"]["type"]["enum"],
    _RELATION_LOOKS, strict=True))

#: Base font size in points: readable at the width a notebook shows a figure.
FONT_SIZE = 10


#: What a figure draws in place of a character no installed font can draw.
MISSING_GLYPH = "\N{WHITE SQUARE}"


@cache
def _drawable_characters() -> frozenset[int]:
    """The code points the fonts matplotlib uses for text can draw."""
    from matplotlib.font_manager import FontProperties, fontManager, get_font

    points: set[int] = set()
    for path in fontManager._find_fonts_by_props(FontProperties()):
        points.update(get_font(path).get_charmap())
    return frozenset(points)


def drawable(text: str) -> str:
    """``text`` with each character no installed font can draw replaced by a white square.

    matplotlib warns for each such glyph and draws an empty box; a case may use any
    script, so figures draw the square without a warning, and the figure's summary or
    list of full labels keeps the text as written.

    >>> drawable("Ålvmark \U0010fffd")  # a private-use character: no font has it
    'Ålvmark □'
    """
    known = _drawable_characters()
    if all(ord(c) in known or c in "\n\t" for c in text):
        return text
    return "".join(c if ord(c) in known or c in "\n\t" else MISSING_GLYPH for c in text)


def plain(text: str) -> str:
    """``text`` from a case file or a submission, made safe to draw exactly as written.

    matplotlib reads a string with an even number of ``$`` as mathtext, where a
    backslash or an underscore can fail to parse and lose the whole figure (a label
    such as ``"costs $a_$"``). Every ``$`` is escaped; matplotlib draws ``\\$`` as a
    plain ``$`` outside mathtext. A character no installed font has is drawn as a
    square (:func:`drawable`). Every figure passes text it did not write itself
    through this function, and only this one.

    Examples
    --------
    >>> print(plain("from $5 to $10, $x_$"))
    from \\$5 to \\$10, \\$x_\\$
    """
    return drawable(text).replace("$", "\\$")


def region_names(case) -> dict[str, str]:
    """Region code to the name a figure shows: the case's (``plane.regions``), or the code without a case.

    >>> region_names(None)["both-high"]
    'both-high'
    """
    from ..case.vocabulary import REGIONS

    if case is None:
        return {code: code for code in REGIONS}
    return {code: case.region_label(code) for code in REGIONS}


def side_names(case) -> dict[str, str]:
    """Side (``"strength"``, ``"strain"``) to the name a figure shows: the case's (``plane.sides``).

    >>> from entente_lab import load_case
    >>> side_names(load_case()) == {kind: load_case().side(kind).label for kind in ("strength", "strain")}
    True
    """
    return {kind: case.side(kind).label for kind in ("strength", "strain")}
