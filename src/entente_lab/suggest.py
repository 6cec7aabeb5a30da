"""Words for messages about a wrong value: the closest known one, a JSON Schema type in plain words, a value shown plainly.

Shared by every reader and checker of the package (the case validator, the model, the
submission reader), so it imports nothing but the standard library: the model can
name the closest factor id without loading the case file's YAML machinery.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["TYPE_WORDS", "did_you_mean", "shown_value", "type_words", "unknown_key_hint"]

#: Longest value :func:`did_you_mean` compares (a longer one gets no hint).
_HINT_CHARS = 100

#: A JSON Schema type in the words a message gives it.
TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
              "boolean": "true or false", "array": "a list", "object": "a mapping",
              "null": "empty"}


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """A hint naming the closest known value, or ``''``.

    Values longer than 100 characters are never compared (the comparison's cost
    grows with the product of the lengths).

    >>> did_you_mean("soutbay", ["northport", "southbay", "eastcove"])
    " (did you mean 'southbay'?)"
    >>> did_you_mean("zzz", ["northport"])
    ''
    """
    if not isinstance(value, str) or len(value) > _HINT_CHARS:
        return ""
    candidates = [k for k in known if isinstance(k, str) and len(k) <= _HINT_CHARS]
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_key_hint(key: object, allowed: Iterable[str]) -> str:
    """What follows "unknown key ...": the closest allowed key, else the list of them.

    >>> unknown_key_hint("nmae", ["name", "weights"])
    " (did you mean 'name'?)"
    >>> unknown_key_hint("zzz", ["name", "weights"])
    '; allowed keys: name, weights'
    """
    allowed = list(allowed)
    return did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"


def type_words(expected: str | Iterable[str]) -> str:
    """One JSON Schema type, or several, in plain words joined by "or".

    >>> type_words("integer")
    'a whole number'
    >>> type_words(["string", "null"])
    'text or empty'
    """
    kinds = [expected] if isinstance(expected, str) else list(expected)
    return " or ".join(TYPE_WORDS.get(kind, kind) for kind in kinds)


def shown_value(value: object) -> str:
    """``repr`` of a value, with a numpy scalar shown as the plain Python number it holds.

    >>> shown_value(0.5), shown_value("x")
    ('0.5', "'x'")
    """
    if any(kind.__module__ == "numpy" and kind.__name__ == "generic" for kind in type(value).__mro__):
        value = value.item()  # type: ignore[attr-defined]  # a numpy scalar (numpy itself is not imported here)
    return repr(value)
