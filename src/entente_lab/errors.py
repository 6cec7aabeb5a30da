"""The package's exceptions and the located problem records they carry."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EntenteLabError", "Problem", "CaseError"]


class EntenteLabError(Exception):
    """Base class of every error Entente Lab raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, with its place when one is known.

    ``line`` and ``column`` count from 1, as editors do.

    Examples
    --------
    >>> str(Problem("case.yaml", 3, 7, "unknown key 'lable'"))
    "case.yaml:3:7: unknown key 'lable'"
    >>> str(Problem("case.yaml", None, None, "the file is empty"))
    'case.yaml: the file is empty'
    """

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column or 1}: {self.message}"


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
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{path} is not a valid case file ({count} {noun}):"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))
