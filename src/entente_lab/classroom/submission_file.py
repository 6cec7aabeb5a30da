"""The submission file format: its limits, and reading bytes into checked JSON in bounded time.

A submission file is one JSON object described by ``data/submission.schema.json``
(``schema`` is ``"entente-lab-submission"``, ``schema_version`` is 2; version 1 is
still read). This module turns the bytes of such a file into checked data, or
refuses them with a :class:`SubmissionError` whose ``reason`` is one of
:data:`REASONS`. It knows nothing of cases: :mod:`entente_lab.classroom.submissions` checks a
submission against the case it was made on.

Limits (each one a named constant below, enforced when reading *and* when saving,
so a save that would be refused later is refused at once, with the fix):

- the file: at most :data:`MAX_SUBMISSION_BYTES` (1,000,000) bytes of UTF-8 JSON;
  arrays and objects nested at most :data:`MAX_DEPTH` (16) deep; no array or
  object with more than :data:`MAX_WEIGHTS` (1,000) entries; no key twice in one
  object;
- numbers: finite (no ``NaN``, ``Infinity`` or ``1e999``), and no number literal
  longer than :data:`MAX_NUMBER_CHARS` (40) characters (refused before it is
  converted, so a 400-digit integer costs nothing); the duration scenario's
  clock (``options.months``) in [0, :data:`MAX_MONTHS`] (1,200);
- texts: valid Unicode (no lone surrogate, such as a JSON ``"\\udc80"`` escape);
  no control characters, except line breaks and tabs in the written verdict, the
  prediction's reason and a quote's text; the name at most :data:`MAX_NAME_CHARS`
  (200) characters, the written verdict :data:`MAX_VERDICT_CHARS` (20,000), the
  prediction's reason :data:`MAX_REASON_CHARS` (2,000), a decisive quote's text
  :data:`MAX_QUOTE_CHARS` (2,000); at most :data:`MAX_DECISIVE_QUOTES` (200)
  decisive quotes and :data:`MAX_WEIGHTS` (1,000) weights;
- dated evidence (optional): at most :data:`MAX_DATED_EVIDENCE` (100) pieces, each
  with a real date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), a source of at most
  :data:`MAX_EVIDENCE_SOURCE_CHARS` (500) characters and a claim of at most
  :data:`MAX_EVIDENCE_CLAIM_CHARS` (300), both on one line, a factor id and
  ``supports`` or ``weakens``;
- ``saved_at``: an ISO 8601 time with a time zone, in the years
  :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR` once converted to UTC (it is
  normalised to UTC). A time more than :data:`CLOCK_SKEW` (5 minutes) ahead of the
  reading computer's clock is accepted but *not trusted* (see
  :func:`check_format`).

Every check is linear in the size of the file; every message is one line.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from .._version import __version__
from ..case.schemas import json_schema, schema_validator
from ..case.vocabulary import REGIONS
from ..errors import EntenteLabError
from ..suggest import did_you_mean, type_words, unknown_key_hint

__all__ = [
    "CLOCK_SKEW", "EARLIEST_YEAR", "LATEST_YEAR", "MAX_DATED_EVIDENCE", "MAX_DECISIVE_QUOTES",
    "MAX_EVIDENCE_CLAIM_CHARS", "MAX_EVIDENCE_SOURCE_CHARS", "MAX_DEPTH", "MAX_MONTHS", "MAX_NAME_CHARS",
    "MAX_NUMBER_CHARS", "MAX_QUOTE_CHARS", "MAX_REASON_CHARS", "MAX_SUBMISSION_BYTES", "MAX_VERDICT_CHARS",
    "MAX_WEIGHTS", "PREDICTION_SCHEMA", "READABLE_VERSIONS", "REASONS", "SCHEMA", "SCHEMA_VERSION", "Checked", "SubmissionError",
    "bad_character",
    "check_format", "evidence_date_problem", "parse", "parse_saved_at", "read_bytes", "read_regular_file",
    "submission_schema",
]

#: The value of the ``schema`` field that marks a file as an Entente Lab submission.
SCHEMA = "entente-lab-submission"
#: The value of the ``schema`` field of a prediction kept for a later save (see :mod:`entente_lab.classroom.prediction_file`).
PREDICTION_SCHEMA = "entente-lab-prediction"
#: The submission format this version writes: region codes, and the case's scoring fingerprint.
SCHEMA_VERSION = 2
#: The formats this version reads (version 1 stored the regions' English labels).
READABLE_VERSIONS: tuple[int, ...] = (1, 2)

#: Files larger than this are refused before they are read (a real submission is a few kB).
MAX_SUBMISSION_BYTES = 1_000_000
#: Deepest nesting of arrays and objects accepted (a real submission nests 3 deep).
MAX_DEPTH = 16
#: Longest name, in characters.
MAX_NAME_CHARS = 200
#: Longest written verdict, in characters (about eight pages).
MAX_VERDICT_CHARS = 20_000
#: Longest reason for a prediction, in characters.
MAX_REASON_CHARS = 2_000
#: Longest text of a decisive quote, in characters.
MAX_QUOTE_CHARS = 2_000
#: Most decisive quotes in one submission.
MAX_DECISIVE_QUOTES = 200
#: Most pieces of dated evidence in one submission.
MAX_DATED_EVIDENCE = 100
#: Longest source (citation) of a piece of dated evidence, in characters.
MAX_EVIDENCE_SOURCE_CHARS = 500
#: Longest one-line claim of a piece of dated evidence, in characters.
MAX_EVIDENCE_CLAIM_CHARS = 300
#: Most weights (factors) in one submission; also the most entries of any array or object in the file.
MAX_WEIGHTS = 1_000
#: The largest value of the duration scenario's clock (``options.months``; a century, counted in months).
MAX_MONTHS = 1_200
#: Longest number literal, in characters: a longer one is refused before it is converted.
MAX_NUMBER_CHARS = 40
#: Earliest and latest year of ``saved_at``, in UTC.
EARLIEST_YEAR, LATEST_YEAR = 2000, 9999
#: How far ahead of this computer's clock a saved time may be and still be trusted.
CLOCK_SKEW = timedelta(minutes=5)

#: Why a file was refused: reason code to the phrase reports use.
REASONS: Mapping[str, str] = {
    "not-found": "not found",
    "unreadable": "cannot be read",
    "symlink-loop": "symlink loop",
    "not-a-file": "not a regular file",
    "too-large": "over the size limit",
    "empty": "empty file",
    "not-utf8": "not UTF-8 text",
    "too-deep": "nested too deeply",
    "invalid-json": "invalid JSON",
    "not-an-object": "JSON value not an object",
    "not-a-submission": "not a submission",
    "prediction": "kept prediction, not a submission",
    "unknown-version": "unknown schema version",
    "missing-field": "missing field",
    "bad-field": "bad field",
    "bad-weight": "bad weight",
    "unknown-factor": "unknown factor",
    "other-case": "for another case",
    "no-submissions": "folder with no submissions",
    "duplicate": "copy of a save already read",
    "unfinished": "hand-in that did not finish",
}

#: When a file has problems of several kinds, the reason named is the first of these.
_PRIORITY = ("missing-field", "bad-field", "bad-weight", "unknown-factor")
#: At most this many problems are named in one message (then "and N more").
_SHOWN_PROBLEMS = 3
#: Schema errors looked at, at most (a hostile file can have thousands).
_MAX_ERRORS = 50


class SubmissionError(EntenteLabError, ValueError):
    """A submission file was refused; ``reason`` is a key of :data:`REASONS`.

    Examples
    --------
    >>> err = SubmissionError("empty", "the file is empty", "s/anna.json")
    >>> err.reason, str(err)
    ('empty', 's/anna.json: empty file: the file is empty')
    """

    def __init__(self, reason: str, message: str, path: str = ""):
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.reason, self.message, self.path = reason, message, path
        super().__init__(f"{path}: {REASONS[reason]}: {message}" if path else f"{REASONS[reason]}: {message}")


# --------------------------------------------------------------------------- bytes

def read_bytes(path: Path, max_bytes: int = MAX_SUBMISSION_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, else a :class:`SubmissionError`."""
    return read_regular_file(path, max_bytes)[0]


#: What a file that is not a regular file is, in words, by :mod:`stat` test.
_NOT_REGULAR = ((stat.S_ISLNK, "a symbolic link; links are not followed here"), (stat.S_ISDIR, "a folder"),
                (stat.S_ISFIFO, "a named pipe (FIFO); it is never opened"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def _not_regular(mode: int, shown: str) -> SubmissionError:
    what = next((words for test, words in _NOT_REGULAR if test(mode)), "neither a file nor a folder")
    return SubmissionError("not-a-file", what, shown)


def read_regular_file(path: str | os.PathLike[str], max_bytes: int = MAX_SUBMISSION_BYTES, *, dir_fd: int | None = None,
                      follow_symlinks: bool = True, shown: str | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most ``max_bytes`` and the status of the file read, else a :class:`SubmissionError`.

    The file is opened without blocking (``O_NONBLOCK``) and its type checked again
    once open, so a pipe put in its place after the first look is refused instead of
    waiting forever for a writer. With ``follow_symlinks=False`` a symbolic link is
    refused (``O_NOFOLLOW``), never followed, even when one replaces the file
    between the look and the opening. ``dir_fd`` reads ``path`` relative to an open
    folder. The status returned is the open file's own (``os.fstat``): its owner is
    the owner of the bytes returned. ``shown`` is how messages name the file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.json").write_bytes(b"{}")
    >>> os.symlink(folder / "a.json", folder / "link.json")
    >>> read_regular_file(folder / "a.json")[0]
    b'{}'
    >>> read_regular_file(folder / "link.json", follow_symlinks=False, shown="link.json")
    Traceback (most recent call last):
    ...
    entente_lab.classroom.submission_file.SubmissionError: link.json: not a regular file: a symbolic link; links are not followed here
    """
    shown = os.fspath(path) if shown is None else shown
    try:
        info = os.stat(path) if dir_fd is None and follow_symlinks else os.stat(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        raise SubmissionError("not-found", "no such file; check the path", shown) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SubmissionError("symlink-loop", "the symbolic link points back to itself", shown) from None
        raise SubmissionError("unreadable", _os_problem(error), shown) from None
    except ValueError:  # a NUL character in the path
        raise SubmissionError("not-found", "the path holds a NUL character; check the path", shown) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode, shown)
    if info.st_size > max_bytes:
        raise SubmissionError("too-large", f"{info.st_size:,} bytes, over the limit of {max_bytes:,}; "
                                           "not read", shown)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags) if dir_fd is None else os.open(path, flags, dir_fd=dir_fd)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:  # a link put in the file's place since the look
            raise _not_regular(stat.S_IFLNK, shown) from None
        raise SubmissionError("unreadable", _os_problem(error), shown) from None
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise _not_regular(opened.st_mode, shown)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(descriptor, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise SubmissionError("unreadable", _os_problem(error), shown) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise SubmissionError("too-large", f"grew past the limit of {max_bytes:,} bytes while being read", shown)
    if not data.strip():
        raise SubmissionError("empty", "the file is empty" if not data else "the file holds only white space",
                              shown)
    return data, opened


def _os_problem(error: OSError) -> str:
    """What went wrong, in words, and the fix for the usual cause."""
    words = error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{words}; check the file's permissions (and its folder's)"
    return words


# --------------------------------------------------------------------------- JSON

class _LongNumber:
    """A number literal longer than :data:`MAX_NUMBER_CHARS`: kept as its length, never converted."""

    __slots__ = ("length",)

    def __init__(self, literal: str):
        self.length = len(literal)

    def __repr__(self) -> str:
        return f"a number written with {self.length:,} characters (the limit is {MAX_NUMBER_CHARS})"


class _NonFinite(float):
    """A JSON ``NaN``/``Infinity`` literal, or one too large for a float (``1e999``), kept as written."""

    literal: str

    def __new__(cls, literal: str) -> _NonFinite:
        value = {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(literal, literal)
        number = super().__new__(cls, value)
        number.literal = literal
        return number

    def __repr__(self) -> str:
        return self.literal


def _parse_int(literal: str) -> int | _LongNumber:
    return _LongNumber(literal) if len(literal) > MAX_NUMBER_CHARS else int(literal)


def _parse_float(literal: str) -> float | _LongNumber:
    if len(literal) > MAX_NUMBER_CHARS:
        return _LongNumber(literal)
    value = float(literal)
    return value if math.isfinite(value) else _NonFinite(literal)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {_shown(key)} appears twice in one object")
        result[key] = value
    return result


#: The characters that matter to nesting: brackets, braces, quotes and backslashes.
_STRUCTURE = re.compile(r'[\[\]{}"\\]')


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings, in one pass (linear, whatever the text).

    >>> _depth('{"a": [1, {"b": "[[[\\\\"]"}]}')
    3
    >>> _depth('"' + '\\\\"' * 10)  # an unterminated string full of escaped quotes
    0
    """
    depth = deepest = 0
    in_string = False
    escaped_at = -1
    for match in _STRUCTURE.finditer(text):
        at = match.start()
        if at == escaped_at:
            continue  # the character after a backslash, inside a string
        char = match.group()
        if in_string:
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def parse(data: bytes, shown: str = "") -> dict[str, Any]:
    """The JSON object in ``data`` (UTF-8, a BOM allowed), parsed with bounded work.

    Raises
    ------
    SubmissionError
        ``not-utf8``, ``too-deep``, ``invalid-json`` (also for a key twice in one
        object) or ``not-an-object``.

    Examples
    --------
    >>> parse(b'{"months": 12}')
    {'months': 12}
    >>> parse(b'{"months": ' + b'9' * 400 + b'}')
    {'months': a number written with 400 characters (the limit is 40)}
    >>> parse(b'[' * 17 + b']' * 17)
    Traceback (most recent call last):
    ...
    entente_lab.classroom.submission_file.SubmissionError: nested too deeply: arrays or objects nest more than 16 deep
    """
    import json

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError("not-utf8", f"byte {error.start:,} is not UTF-8; save the file as UTF-8 JSON",
                              shown) from None
    if _depth(text) > MAX_DEPTH:
        raise SubmissionError("too-deep", f"arrays or objects nest more than {MAX_DEPTH} deep", shown)
    try:
        value = json.loads(text, parse_constant=_NonFinite, parse_int=_parse_int, parse_float=_parse_float,
                           object_pairs_hook=_pairs)
    except json.JSONDecodeError as error:
        raise SubmissionError("invalid-json", f"line {error.lineno:,} column {error.colno:,}: {error.msg}",
                              shown) from None
    except RecursionError:
        raise SubmissionError("too-deep", "arrays or objects nest too deeply", shown) from None
    except ValueError as error:  # a duplicate key
        raise SubmissionError("invalid-json", str(error), shown) from None
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
            type(value), "a number")
        raise SubmissionError("not-an-object", f"the file holds {kind}, not a JSON object", shown)
    return value


def _place(path: tuple) -> str:
    """A readable place in the data, such as ``decisive_quotes[3].text``; odd or long keys shown briefly.

    >>> _place(("weights", "x" * 90, 2))
    "weights.'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'[2]"
    >>> _place(())
    'the top level'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            shown = part if part.isprintable() and len(part) <= 40 else _shown(part)
            text += f".{shown}" if text else shown
    return text or "the top level"


def _too_many_entries(data: Any) -> str | None:
    """A message for the first array or object with more than :data:`MAX_WEIGHTS` entries, or None."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, (dict, list)):
            if len(value) > MAX_WEIGHTS:
                return f"{_place(path)} has {len(value):,} entries; the limit is {MAX_WEIGHTS:,}"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((path + (key,), item) for key, item in items)
    return None


# --------------------------------------------------------------------------- schema

def submission_schema() -> dict[str, Any]:
    """The JSON Schema of the submission format, as shipped in ``data/submission.schema.json``."""
    return json_schema("submission.schema.json")


def _version_1_region(label: str) -> str:
    """The region code of a version 1 file's region label.

    Version 1 stored the bundled case's English names of the regions; the schema
    lists them (``data/submission.schema.json``) in the order of :data:`REGIONS`,
    so the names live in the data file, not in the code.

    >>> [_version_1_region(label) for label in _version_1_labels()] == list(REGIONS)
    True
    """
    return dict(zip(_version_1_labels(), REGIONS, strict=True))[label]


def _version_1_labels() -> list[str]:
    schema = submission_schema()
    return schema["$defs"]["assessment-v1"]["properties"]["verdict"]["enum"]


def _validator() -> Any:
    return schema_validator("submission.schema.json", finite_numbers=True)


#: What a field is, in words, for messages (ints in a path are written ``[]``).
_FIELD_WORDS = {
    "verdict_text": "the written verdict", "prediction.reason": "the prediction's reason",
    "decisive_quotes": "the decisive quotes", "decisive_quotes[].text": "a decisive quote's text",
    "options.months": "the duration scenario's clock",
    "dated_evidence": "the dated evidence", "dated_evidence[].date": "a piece of evidence's date",
    "dated_evidence[].source": "a piece of evidence's source", "dated_evidence[].claim": "a piece of evidence's claim",
    "dated_evidence[].factor": "the factor a piece of evidence is attached to",
    "dated_evidence[].direction": "whether a piece of evidence supports or weakens its factor",
}
#: What to do about a text that is too long, by field.
_SHORTEN = {"decisive_quotes": "mark fewer quotes as decisive", "dated_evidence": "attach fewer pieces of evidence"}


def _shown(value: object, limit: int = 60) -> str:
    """``repr`` of a value, cut to about ``limit`` characters (a message stays one line)."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 5] + "...'" if isinstance(value, str) else text[:limit] + "..."


def _where(path: tuple) -> str:
    if len(path) == 2 and path[0] == "weights":
        return f"the weight of {_shown(path[1])}"
    place = _place(path)
    pattern = "".join("[]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    words = _FIELD_WORDS.get(pattern)
    return f"{place} ({words})" if words else place


#: What the two text patterns of the schema refuse: every control character (names, ids, times) or
#: every control character but line breaks and tabs (the verdict, a reason, a quote); lone surrogates always.
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_character(text: str, breaks_allowed: bool) -> str | None:
    """Where the first character a text may not hold is, what it is, and the fix (a regex: linear, in C).

    ``None`` when the text holds none; line breaks and tabs are allowed only with ``breaks_allowed``.

    >>> bad_character("two\\nlines", breaks_allowed=False)
    'a line break at character 4; keep it on one line'
    >>> bad_character("two\\nlines", breaks_allowed=True) is None
    True
    """
    found = (_NOT_IN_TEXT if breaks_allowed else _NOT_IN_LINE).search(text)
    if found is None:
        return None
    char, place = found.group(), f"at character {found.start() + 1:,}"
    if "\ud800" <= char <= "\udfff":
        return f"a broken character (a lone surrogate, U+{ord(char):04X}) {place}; retype it"
    if char in "\n\t":
        return f"a {'line break' if char == chr(10) else 'tab'} {place}; keep it on one line"
    return f"a control character (U+{ord(char):04X}) {place}; remove it"


def _message(error: Any) -> tuple[str, str]:  # noqa: C901 - one branch per kind of schema error
    """``(reason, message)`` for one schema error, in plain words naming the field."""
    path = tuple(error.absolute_path)
    kind, instance, limit = error.validator, error.instance, error.validator_value
    where = _where(path)
    under_weights = bool(path) and path[0] == "weights"
    value_reason = "bad-weight" if under_weights and len(path) == 2 else "bad-field"
    if "propertyNames" in error.relative_schema_path:
        return "unknown-factor", (f"weights has the key {_shown(instance)}, which cannot be a factor id (lower-case "
                                  "words joined by hyphens, such as 'energy-concessions')")
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        key = extra[0] if extra else "?"
        hint = unknown_key_hint(key, allowed)
        more = f" (and {len(extra) - 1:,} more)" if len(extra) > 1 else ""
        return "bad-field", f"unknown key {_shown(key)} in {_place(path)}{more}{hint}"
    if kind == "type":
        expected = limit if isinstance(limit, list) else [limit]
        words = type_words(expected)
        if isinstance(instance, _LongNumber):
            return value_reason, f"{where} is {instance!r}"
        if isinstance(instance, _NonFinite):
            return value_reason, f"{where} is {instance!r}, not a finite number"
        return value_reason, f"{where} is {_shown(instance)}, not {words}"
    if kind in ("enum", "const"):
        options = limit if kind == "enum" else [limit]
        return value_reason, (f"{where} is {_shown(instance)}, not one of: {', '.join(map(str, options))}"
                              f"{did_you_mean(instance, [str(o) for o in options])}")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low = error.schema.get("minimum", error.schema.get("exclusiveMinimum"))
        high = error.schema.get("maximum", error.schema.get("exclusiveMaximum"))
        if low is None or high is None:
            return value_reason, (f"{where} is {instance!r}, below the minimum {low:,}" if high is None
                                  else f"{where} is {instance!r}, above the maximum {high:,}")
        span = (f"{'(' if 'exclusiveMinimum' in error.schema else '['}{low:,}, {high:,}"
                f"{')' if 'exclusiveMaximum' in error.schema else ']'}")
        return value_reason, f"{where} is {instance!r}, outside {span}"
    if kind == "maxLength":
        return value_reason, f"{where} is {len(instance):,} characters; the limit is {limit:,}: shorten it"
    if kind == "minLength":
        return value_reason, f"{where} is empty" + ("; give a name or a pseudonym" if path == ("name",) else "")
    if kind == "pattern":
        problem = bad_character(instance, breaks_allowed="\\u000b" in limit) if "\\u0000" in limit else None
        if problem is not None:
            return value_reason, f"{where} holds {problem}"
        if limit.startswith("^[0-9]{4}"):
            return value_reason, f"{where} is {_shown(instance)}, not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
        if limit.startswith("^sha256"):
            return value_reason, f"{where} is {_shown(instance)}, not 'sha256:' and 64 hexadecimal digits"
        return value_reason, (f"{where} is {_shown(instance)}, not an id (lower-case words joined by hyphens, "
                              "such as 'energy-concessions')")
    if kind in ("maxItems", "maxProperties"):
        fix = _SHORTEN.get(_place(path), "")
        return value_reason, f"{where} has {len(instance):,} entries; the limit is {limit:,}" + (f": {fix}" if fix else "")
    if kind in ("minItems", "minProperties"):
        count = len(instance)
        return value_reason, f"{where} has {count:,} {'entry' if count == 1 else 'entries'}; it needs at least {limit:,}"
    return value_reason, f"{where}: {error.message[:120]}"


def _schema_problems(data: dict[str, Any], shown: str) -> None:
    """Raise a :class:`SubmissionError` for the file's schema errors, the most telling reason first."""
    errors = list(islice(_validator().iter_errors(data), _MAX_ERRORS))
    missing: dict[str, list[str]] = {}
    found: dict[str, list[str]] = {}
    for error in errors:
        if error.validator == "required":
            key = error.message.split("'")[1] if "'" in error.message else error.message
            missing.setdefault(_place(tuple(error.absolute_path)), []).append(repr(key))
            continue
        reason, message = _message(error)
        if message not in found.setdefault(reason, []):
            found[reason].append(message)
    if missing:
        raise SubmissionError("missing-field", "; ".join(
            f"no {', '.join(keys)}" + ("" if place == "the top level" else f" in {place}")
            for place, keys in missing.items()), shown)
    if not found:
        return
    reason = next(r for r in _PRIORITY if r in found)
    messages = found[reason]
    text = "; ".join(messages[:_SHOWN_PROBLEMS])
    rest = sum(len(m) for m in found.values()) - min(len(messages), _SHOWN_PROBLEMS)
    if rest:
        text += f"; and {rest:,}{'+' if len(errors) == _MAX_ERRORS else ''} more problem{'s' if rest != 1 else ''}"
    raise SubmissionError(reason, text, shown)


# --------------------------------------------------------------------------- times

#: The one written form of a saved time that every supported Python reads alike (a missing zone is
#: refused afterwards, with its own message).
_SAVED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.(?:\d{3}|\d{6}))?)?(?:[Zz]|[+-]\d{2}:\d{2})?", re.ASCII)


def parse_saved_at(text: str) -> datetime:
    """``text`` as an aware UTC :class:`~datetime.datetime`, or a ``ValueError`` saying what is wrong.

    Examples
    --------
    >>> parse_saved_at("2024-05-01T14:00:00+02:00").isoformat()
    '2024-05-01T12:00:00+00:00'
    >>> parse_saved_at("0001-01-01T00:00:00+01:00")
    Traceback (most recent call last):
    ...
    ValueError: saved_at is '0001-01-01T00:00:00+01:00', in the year 1: a saved time must fall in the years 2000 to 9999 (UTC)

    Only the extended form is read (date, ``T``, hours and minutes, optional seconds with
    3 or 6 decimals, then ``Z`` or ``±HH:MM``), so every supported Python reads the same
    files (3.11's ``fromisoformat`` also takes week dates and the basic form; 3.10's does not):

    >>> parse_saved_at("2024-W18-3T12:00:00Z")
    Traceback (most recent call last):
    ...
    ValueError: saved_at is '2024-W18-3T12:00:00Z', not an ISO 8601 time with a time zone (such as 2024-05-01T12:00:00Z)
    """
    if not isinstance(text, str) or _SAVED_AT.fullmatch(text) is None:
        raise ValueError(f"saved_at is {_shown(text)}, not an ISO 8601 time with a time zone "
                         "(such as 2024-05-01T12:00:00Z)")
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise ValueError(f"saved_at is {_shown(text)}, not an ISO 8601 time with a time zone "
                         "(such as 2024-05-01T12:00:00Z)") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"saved_at is {_shown(text)}, without a time zone; a saved time must have one "
                         "(such as 2024-05-01T12:00:00Z)")
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        utc = None
    year = moment.year if utc is None else utc.year
    if utc is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"saved_at is {_shown(text)}, in the year {year}: a saved time must fall in the years "
                         f"{EARLIEST_YEAR} to {LATEST_YEAR} (UTC)")
    return utc


def format_saved_at(moment: datetime) -> str:
    """The way ``saved_at`` is written: UTC, to the microsecond, ending in ``Z``.

    >>> format_saved_at(parse_saved_at("2024-05-01T14:00:00+02:00"))
    '2024-05-01T12:00:00.000000Z'
    """
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def evidence_date_problem(text: str) -> str | None:
    """What is wrong with a piece of evidence's date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or ``None``.

    >>> evidence_date_problem("2023-02"), evidence_date_problem("2023-02-30")
    (None, "'2023-02-30' is not a real date: write YYYY-MM-DD, YYYY-MM or YYYY")
    >>> evidence_date_problem("Feb 2023")
    "'Feb 2023' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
    """
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", text):
        return f"{_shown(text)} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        datetime(parts[0], parts[1], parts[2])
    except ValueError:
        return f"{_shown(text)} is not a real date: write YYYY-MM-DD, YYYY-MM or YYYY"
    return None


def _check_evidence_dates(evidence: Any, shown: str) -> None:
    """Each piece of dated evidence has a real calendar date (the schema checked the form)."""
    for index, piece in enumerate(evidence):
        problem = evidence_date_problem(piece["date"])
        if problem is not None:
            raise SubmissionError("bad-field", f"dated_evidence[{index}].date (a piece of evidence's date): {problem}",
                                  shown)


# --------------------------------------------------------------------------- the whole check

class Checked(NamedTuple):
    """A submission's data after :func:`check_format`, in the shape of format version 2.

    ``data`` has region codes (``assessment.region``, ``prediction.region``), names
    in Unicode NFC and ``saved_at`` normalised to UTC; ``case.scoring_hash`` is
    ``None`` for a version 1 file. ``version`` is the file's own format version.
    ``saved`` is ``saved_at`` as a UTC datetime; ``time_trusted`` is false when it
    lies more than :data:`CLOCK_SKEW` ahead of this computer's clock.
    """

    data: dict[str, Any]
    version: int
    saved: datetime
    time_trusted: bool


def _schema_version_problem(data: dict[str, Any], shown: str) -> int:
    if data.get("schema") == PREDICTION_SCHEMA:
        raise SubmissionError("prediction", "a prediction the weighing notebook keeps until the verdict is saved; the "
                                            "saved file holds it, so nothing is wrong here: count the saved file",
                              shown)
    if data.get("schema") != SCHEMA:
        raise SubmissionError("not-a-submission", f"no \"schema\": \"{SCHEMA}\" field; this JSON file is not an "
                                                  "Entente Lab submission", shown)
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version not in READABLE_VERSIONS:
        raise SubmissionError("unknown-version", f"schema version {_shown(version)}; entente-lab {__version__} reads "
                                                 f"versions {', '.join(map(str, READABLE_VERSIONS))} (a newer file "
                                                 "needs a newer entente-lab)", shown)
    return version


def check_format(data: dict[str, Any], shown: str = "", *, now: datetime | None = None) -> Checked:
    """Check parsed submission data against the format (no case needed) and bring it to version 2's shape.

    Checks the schema (``data/submission.schema.json``), then what a schema cannot
    say: no array or object over :data:`MAX_WEIGHTS` entries, a name that is not
    only white space, a predicted point given in full or not at all, a valid
    ``saved_at``. ``now`` (default: the clock) decides whether ``saved_at`` is
    trusted.

    Raises
    ------
    SubmissionError
        ``prediction`` (a kept prediction), ``not-a-submission``, ``unknown-version``, ``missing-field``,
        ``bad-field``, ``bad-weight`` or ``unknown-factor``; the message names the
        field and, where there is one, the fix.

    Examples
    --------
    >>> check_format({"schema": "entente-lab-submission", "schema_version": 2, "name": "Ana"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.classroom.submission_file.SubmissionError: missing field: no 'case', 'weights', 'options', 'assessment', ...
    """
    version = _schema_version_problem(data, shown)
    if isinstance(data.get("name"), str):  # limits apply to the name as it is kept: in NFC
        data = dict(data, name=unicodedata.normalize("NFC", data["name"]))
    crowded = _too_many_entries(data)
    if crowded is not None:
        raise SubmissionError("bad-field", crowded, shown)
    _schema_problems(data, shown)
    if not data["name"].strip():
        raise SubmissionError("bad-field", "name is only white space; give a name or a pseudonym", shown)
    try:
        saved = parse_saved_at(data["saved_at"])
    except ValueError as error:
        raise SubmissionError("bad-field", str(error), shown) from None
    _check_evidence_dates(data.get("dated_evidence", ()), shown)
    prediction = data["prediction"]
    if prediction is not None and (prediction.get("strength") is None) != (prediction.get("strain") is None):
        raise SubmissionError("bad-field", "the predicted point has only one of strength and strain; give both "
                                           "or neither", shown)
    upgraded = dict(data, saved_at=format_saved_at(saved))
    if version == 1:
        upgraded["case"] = {**data["case"], "scoring_hash": None}
        assessment = dict(data["assessment"])
        upgraded["assessment"] = {"strength": assessment["strength"], "strain": assessment["strain"],
                                  "region": _version_1_region(assessment["verdict"])}
        if prediction is not None:
            upgraded["prediction"] = {"region": _version_1_region(prediction["verdict"]),
                                      "strength": prediction.get("strength"), "strain": prediction.get("strain"),
                                      "reason": prediction.get("reason", "")}
    now = datetime.now(timezone.utc) if now is None else now
    return Checked(upgraded, version, saved, saved <= now + CLOCK_SKEW)

