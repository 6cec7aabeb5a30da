"""Render the package's HTML pages from Jinja2 templates (``entente_lab/templates``), every value escaped.

Autoescaping is on for every template, and before escaping each value passes through
:func:`visible`, which shows control, invisible and direction-changing characters,
lone surrogates and noncharacters as ``\\uXXXX`` escapes: a name from a submission
file cannot reorder the page's text or make it invalid HTML. A fragment that is
already HTML (built by this package, escaped where it was built) is passed as
:class:`markupsafe.Markup`. Jinja2 is imported when a page is rendered, not when the
package is.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["render", "visible"]

#: Characters shown as ``\\uXXXX`` escapes: controls, invisible and direction-changing characters, lone
#: surrogates (a file name that is not UTF-8 decodes to them; they cannot be written as UTF-8), and the
#: noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane), which HTML does not allow.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                        f"\ufeff\ud800-\udfff{_NONCHARACTERS}]")


def visible(text: str) -> str:
    """``text`` with invisible and direction-changing characters shown as ``\\u....`` escapes (not yet HTML-escaped).

    >>> visible('Ana\\u202eevil <b>')
    'Ana\\\\u202eevil <b>'
    """
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000 else
                          f"\\U{ord(m.group()):08x}", text)


def _finalize(value: Any) -> Any:
    """What every ``{{ ... }}`` shows: plain text made :func:`visible`; ready HTML (Markup) as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return visible(value)
    return value


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("entente_lab", "templates"), autoescape=True, finalize=_finalize,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(template: str, **values: Any) -> str:
    """The template ``template`` (a file in ``entente_lab/templates``) rendered with ``values``, every value escaped.

    Examples
    --------
    Values are text, never markup nor template code; the environment is the one every page uses:

    >>> _environment().from_string("<p>{{ name }}</p>").render(name='<b onclick="x">{{ 7 * 7 }}</b>\u202e')
    '<p>&lt;b onclick=&#34;x&#34;&gt;{{ 7 * 7 }}&lt;/b&gt;\\\\u202e</p>'
    """
    return _environment().get_template(template).render(**values)
