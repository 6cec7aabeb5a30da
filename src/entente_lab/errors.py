"""The package's exceptions and the located problem records they carry."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MAX_MESSAGE_CHARS", "MAX_PROBLEMS", "CaseError", "EntenteLabError", "MoreProblems", "Problem",
           "cap_problems", "elide"]

#: At most this many problems are listed for one file; one more line counts the rest.
MAX_PROBLEMS = 100

#: A problem's message is one line of at most this many characters. Messages are
#: written to stay well under it (values they echo go through :func:`elide`); this is
#: the backstop.
MAX_MESSAGE_CHARS = 240


class _Elider(reprlib.Repr):
    """``repr`` cut to a few dozen characters, at every depth, whatever the value's size."""

    def __init__(self) -> None:
        super().__init__()
        self.maxstring = self.maxother = self.maxlong = 40
        self.maxlist = self.maxtuple = self.maxset = 4
        self.maxdict = 3
        self.maxlevel = 2

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 128:  # Python refuses to print an int of over 4300 digits at all
            return f"<a number of about {int(x.bit_length() * 0.30103):,} digits>"
        return super().repr_int(x, level)

    def repr_str(self, x: str, level: int) -> str:
        shown = super().repr_str(x, level)
        return shown if len(x) <= self.maxstring else f"{shown} ({len(x):,} characters)"


_ELIDER = _Elider()


def elide(value: object) -> str:
    """``value`` as a message shows it: its ``repr``, cut to a few dozen characters.

    Every message that echoes a value from a file echoes it through this function,
    so a 4 MB value costs one short line. Control characters, lone surrogates and
    terminal escapes come out as escapes, never raw.

    Examples
    --------
    >>> elide("strenght")
    "'strenght'"
    >>> elide("x" * 4_000_000)
    "'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx' (4,000,000 characters)"
    >>> elide(["a\\x1b[31m", {"k": [1, 2, 3, 4, 5, 6]}])
    "['a\\\\x1b[31m', {'k': [...]}]"
    >>> elide(7 ** 10_000)
    '<a number of about 8,451 digits>'
    """
    return _ELIDER.repr(value)


class EntenteLabError(Exception):
    """Base class of every error Entente Lab raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, with its place when one is known.

    ``line`` and ``column`` count from 1, as editors do. A ``warning`` does not make
    the file invalid: it says what will not show well (a label too long for a
    figure, a teaching note under an unknown name).

    Examples
    --------
    >>> str(Problem("case.yaml", 3, 7, "unknown key 'lable'"))
    "case.yaml:3:7: unknown key 'lable'"
    >>> str(Problem("case.yaml", None, None, "the file is empty"))
    'case.yaml: the file is empty'
    >>> str(Problem("case.yaml", 9, 5, "the label is long", warning=True))
    'case.yaml:9:5: warning: the label is long'
    """

    path: str
    line: int | None
    column: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        message = f"warning: {self.message}" if self.warning else self.message
        if self.line is None:
            return f"{self.path}: {message}"
        return f"{self.path}:{self.line}:{self.column or 1}: {message}"


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The one line that stands for the problems left out of a list capped at :data:`MAX_PROBLEMS`.

    ``exact`` is false when checking stopped early, so ``count`` is a lower bound.
    """

    count: int = 0
    exact: bool = True

    @classmethod
    def of(cls, path: str, count: int, exact: bool = True) -> MoreProblems:
        """The line for ``count`` problems not shown.

        >>> str(MoreProblems.of("case.yaml", 1234))
        'case.yaml: … and 1,234 more problems not shown'
        >>> str(MoreProblems.of("case.yaml", 1, exact=False))
        'case.yaml: … and at least 1 more problem not shown'
        """
        number = f"{count:,}" if exact else f"at least {count:,}"
        noun = "problem" if count == 1 else "problems"
        return cls(path, None, None, f"… and {number} more {noun} not shown", count=count, exact=exact)


def _one_line(message: str) -> str:
    message = " ".join(message.splitlines())
    return message if len(message) <= MAX_MESSAGE_CHARS else message[:MAX_MESSAGE_CHARS - 1] + "…"


def cap_problems(problems: Iterable[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Problems in file order, each once and on one line, at most ``limit`` of them plus one line for the rest.

    ``problems`` may hold :class:`MoreProblems` lines from earlier caps; their
    counts are carried into the new one.

    Examples
    --------
    >>> found = [Problem("c.yaml", line, 1, f"bad {line}") for line in (9, 3, 3, 5, 7)]
    >>> [str(p) for p in cap_problems(found, limit=2)]
    ['c.yaml:3:1: bad 3', 'c.yaml:5:1: bad 5', 'c.yaml: … and 2 more problems not shown']
    """
    problems = list(problems)
    hidden = sum(p.count for p in problems if isinstance(p, MoreProblems))
    exact = all(p.exact for p in problems if isinstance(p, MoreProblems))
    path = problems[0].path if problems else ""
    unique: dict[tuple, Problem] = {}
    for problem in problems:
        if not isinstance(problem, MoreProblems):
            unique.setdefault((problem.line, problem.column, problem.message), problem)
    ordered = sorted(unique.values(), key=lambda p: (p.line or 0, p.column or 0))
    shown = [Problem(p.path, p.line, p.column, _one_line(p.message), warning=p.warning) for p in ordered[:limit]]
    hidden += len(ordered) - len(shown)
    return shown + [MoreProblems.of(path, hidden, exact)] if hidden else shown


class CaseError(EntenteLabError, ValueError):
    """A case file could not be loaded; ``problems`` lists every reason found.

    Examples
    --------
    >>> err = CaseError([Problem("c.yaml", 1, 1, "bad"), Problem("c.yaml", 2, 1, "worse")])
    >>> print(err)
    c.yaml is not a valid case file (2 problems):
      c.yaml:1:1: bad
      c.yaml:2:1: worse
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        path = self.problems[0].path if self.problems else "case file"
        count = sum(p.count if isinstance(p, MoreProblems) else 1 for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        exact = all(p.exact for p in self.problems if isinstance(p, MoreProblems))
        lines = [f"{path} is not a valid case file ({'' if exact else 'at least '}{count:,} {noun}):"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))
