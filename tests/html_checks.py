"""Parse a page the lab writes (the class report, the handout) and check that its elements nest.

One parser for every HTML test: :func:`parse_html` records the tags, each attribute,
the URL-bearing attributes and the text; :func:`well_formed` also asserts that every
element is closed, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that have no end tag (HTML Living Standard, "void elements").
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: Attributes whose value the browser fetches or follows.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "data", "action"})


@dataclass
class ParsedPage:
    """What :func:`parse_html` found in a page.

    ``attrs`` holds every attribute as ``(tag, name, value)``; ``urls`` the URL-bearing
    ones (and any ``style`` attribute with ``url(``); ``text`` the text pieces in order
    (entities decoded); ``errors`` each end tag that closed the wrong element, and
    ``stack`` the elements left open at the end.
    """

    tags: set[str] = field(default_factory=set)
    attrs: list[tuple[str, str, str]] = field(default_factory=list)
    urls: list[tuple[str, str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag, attrs):
        page = self.page
        page.tags.add(tag)
        for name, value in attrs:
            page.attrs.append((tag, name, value or ""))
            if name in URL_ATTRIBUTES or (name == "style" and value and "url(" in value):
                page.urls.append((tag, name, value or ""))
        if tag not in VOID:
            page.stack.append(tag)

    def handle_startendtag(self, tag, attrs):  # <x/>: a void element stays closed, any other opens and closes
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.page.stack.pop()

    def handle_endtag(self, tag):
        stack = self.page.stack
        if not stack or stack[-1] != tag:
            self.page.errors.append(f"</{tag}> closes {stack[-1] if stack else 'nothing'}")
        else:
            stack.pop()

    def handle_data(self, data):
        self.page.text.append(data)


def parse_html(page: str) -> ParsedPage:
    """Parse ``page`` without judging it.

    Examples
    --------
    >>> parsed = parse_html("<p class='a'>x &amp; <b>y</p>")
    >>> sorted(parsed.tags), parsed.text, parsed.errors, parsed.stack
    (['b', 'p'], ['x & ', 'y'], ['</p> closes b'], ['p', 'b'])
    """
    parser = _Parser()
    parser.feed(page)
    parser.close()
    return parser.page


def well_formed(page: str) -> ParsedPage:
    """Parse ``page`` and assert that every element is closed, in the order it was opened.

    Examples
    --------
    >>> well_formed("<div><img src='data:,'><br/></div>").urls
    [('img', 'src', 'data:,')]
    >>> well_formed("<div><p>open</div>")
    Traceback (most recent call last):
    AssertionError: (['</div> closes p'], ['div', 'p'])
    """
    parsed = parse_html(page)
    assert parsed.errors == [] and parsed.stack == [], (parsed.errors, parsed.stack)
    return parsed
