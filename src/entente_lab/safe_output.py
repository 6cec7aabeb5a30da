"""Text that is safe to put where it goes: a spreadsheet cell, or one line on a terminal.

Two rules, one place each:

- :func:`csv_cell` keeps a spreadsheet from running a text cell as a formula
  (OWASP's "CSV injection" advice, also CWE-1236).
- :func:`printable` turns any text (a file name, a message quoting a value) into
  one bounded line that cannot drive the terminal: control, format and
  direction-changing characters are shown as escapes, and a long text is elided in
  the middle, saying how much was left out.
"""

from __future__ import annotations

__all__ = ["FORMULA_TRIGGERS", "MAX_LINE", "csv_cell", "printable"]

#: First characters that make a spreadsheet read a cell as a formula: OWASP's list
#: (``=``, ``+``, ``-``, ``@``, tab, carriage return, NUL), a line feed, and the
#: full-width forms of the four signs, which some spreadsheets treat as the same.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\x00\uff1d\uff0b\uff0d\uff20")

#: The longest line :func:`printable` returns by default, in characters.
MAX_LINE = 400


def csv_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with one of :data:`FORMULA_TRIGGERS` gets a leading ``'``,
    which spreadsheets hide and which turns the cell into plain text. Use it for
    text cells only: numbers are written as they are (a negative number's ``-`` is
    not a formula), so numeric columns stay numeric.

    Parameters
    ----------
    text : str
        The cell's text.

    Returns
    -------
    str
        ``text``, or ``"'" + text`` when it starts with a formula trigger.

    Examples
    --------
    >>> csv_cell('=HYPERLINK("http://example.org","click")')
    '\\'=HYPERLINK("http://example.org","click")'
    >>> csv_cell("@SUM(A1)"), csv_cell("-2+3"), csv_cell("\\t=1")
    ("'@SUM(A1)", "'-2+3", "'\\t=1")
    >>> csv_cell("Grain on Northport's terms"), csv_cell("")
    ("Grain on Northport's terms", '')
    """
    return "'" + text if text[:1] in FORMULA_TRIGGERS else text


def _shown(char: str) -> str:
    """One character as the terminal may see it: itself, or its Python escape."""
    return char if char == " " or char.isprintable() else repr(char)[1:-1]


def printable(text: object, limit: int = MAX_LINE) -> str:
    r"""``text`` as one line of at most ``limit`` characters that cannot drive a terminal.

    Every character that is not printable (controls such as ``ESC`` and the line
    ends, format characters such as the direction overrides and zero-width spaces,
    lone surrogates from undecodable file names) is shown as its Python escape, so
    the result is one line of plain text. A line longer than ``limit`` keeps its
    beginning and end and says how many characters were left out of the middle;
    the work done is bounded by ``limit``, however long ``text`` is.

    Parameters
    ----------
    text : object
        The text, or anything whose ``str()`` is wanted.
    limit : int, default MAX_LINE
        The longest result, in characters (at least 80).

    Returns
    -------
    str
        The safe line.

    Examples
    --------
    >>> print(printable("class/\x1b[31mred\x1b[0m.json: not found"))
    class/\x1b[31mred\x1b[0m.json: not found
    >>> print(printable("two\nlines and a \u202eswitch"))
    two\nlines and a \u202eswitch
    >>> line = printable("x" * 4_000_000, limit=100)
    >>> len(line) <= 100, line[:5], line[-5:]
    (True, 'xxxxx', 'xxxxx')
    >>> print(line[40:90])
    xxxx … [3999935 characters left out] … xxxxxxxxxxx
    """
    text = str(text)
    limit = max(int(limit), 80)
    if len(text) <= limit:
        shown = "".join(_shown(c) for c in text)
        if len(shown) <= limit:
            return shown
    # Too long: keep a head and a tail, each built from at most ``limit`` characters.
    marker_room = len(" … [ characters left out] … ") + len(str(len(text)))
    budget = limit - marker_room
    head_budget, tail_budget = budget - budget // 3, budget // 3
    head: list[str] = []
    used = 0
    for char in text[:head_budget]:
        piece = _shown(char)
        if used + len(piece) > head_budget:
            break
        head.append(piece)
        used += len(piece)
    tail: list[str] = []
    used = 0
    for char in reversed(text[len(head):][-tail_budget:]):
        piece = _shown(char)
        if used + len(piece) > tail_budget:
            break
        tail.append(piece)
        used += len(piece)
    left_out = len(text) - len(head) - len(tail)
    return f"{''.join(head)} … [{left_out} characters left out] … {''.join(reversed(tail))}"
