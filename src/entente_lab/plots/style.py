"""One colour-blind-safe palette and one set of markers for every figure (Okabe & Ito).

Colour never carries meaning alone: each kind also has its own marker, hatch and line
style, and figures label what they show.
"""

from __future__ import annotations

__all__ = ["OKABE_ITO", "KIND_STYLE", "REGION_STYLE", "VERDICT_STYLE", "RELATION_STYLE", "FONT_SIZE", "plain",
           "region_names"]

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

#: The four regions of the paradox plane: a light fill plus the region's name written on it.
#: Keyed by region code (the case names the regions).
REGION_STYLE = {
    "both-high": {"color": OKABE_ITO["reddish_purple"], "hatch": "", "marker": "o", "bar_hatch": "xx"},
    "strength-high": {"color": OKABE_ITO["sky_blue"], "hatch": "", "marker": "^", "bar_hatch": "//"},
    "strain-high": {"color": OKABE_ITO["orange"], "hatch": "", "marker": "s", "bar_hatch": "\\\\"},
    "both-low": {"color": OKABE_ITO["grey"], "hatch": "", "marker": "D", "bar_hatch": ".."},
}
#: The older name of :data:`REGION_STYLE`.
VERDICT_STYLE = REGION_STYLE

#: Actor relations: line style as well as colour.
RELATION_STYLE = {
    "partnership": {"color": OKABE_ITO["blue"], "linestyle": "-"},
    "rivalry": {"color": OKABE_ITO["vermillion"], "linestyle": "--"},
    "sphere-of-influence": {"color": OKABE_ITO["orange"], "linestyle": ":"},
    "war": {"color": OKABE_ITO["black"], "linestyle": "-."},
    "withdrawal": {"color": OKABE_ITO["grey"], "linestyle": (0, (1, 3))},
    "concern": {"color": OKABE_ITO["bluish_green"], "linestyle": (0, (5, 2, 1, 2))},
}

#: Base font size in points: readable at the width a notebook shows a figure.
FONT_SIZE = 10


def plain(text: str) -> str:
    """``text`` from a case file or a submission, made safe to draw exactly as written.

    matplotlib reads a string with an even number of ``$`` as mathtext, where a
    backslash or an underscore can fail to parse and lose the whole figure (a label
    such as ``"costs $a_$"``). Every ``$`` is escaped; matplotlib draws ``\\$`` as a
    plain ``$`` outside mathtext. Every figure passes text it did not write itself
    through this function, and only this one.

    Examples
    --------
    >>> print(plain("from $5 to $10, $x_$"))
    from \\$5 to \\$10, \\$x_\\$
    """
    return text.replace("$", "\\$")


def region_names(case) -> dict[str, str]:
    """Region code to the name a figure shows: the case's (``plane.regions``), or the code without a case.

    >>> region_names(None)["both-high"]
    'both-high'
    """
    from ..vocabulary import REGIONS

    if case is None:
        return {code: code for code in REGIONS}
    return {code: case.region_label(code) for code in REGIONS}
