"""Check a case file's structure (JSON Schema) and meaning, collecting every problem.

The work is bounded for any input: list and mapping sizes are checked against the
schema's limits before the schema runs, schema errors are read lazily and reading
stops once far more problems are found than are shown, and a message that needs a
search (a hint, a list of known ids) is only written for a problem that is shown.
Every check of meaning skips a value of the wrong type: the schema reports it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from typing import Any

from ..errors import MAX_PROBLEMS, MoreProblems, Problem, cap_problems, elide
from ..suggest import did_you_mean, type_words, unknown_key_hint
from .safe_yaml import Locator, PathKey, read_yaml
from .schemas import json_schema, schema_validator
from .vocabulary import FIGURE_LABEL_CHARS, MAIN_DOCUMENT_ID, TEACHING_NOTE_SLOTS

__all__ = ["case_schema", "check_case_data", "validate_file"]

#: Problems kept with their place before the rest are only counted; the first
#: :data:`~entente_lab.errors.MAX_PROBLEMS` of them, in file order, are shown.
_KEPT = 10 * MAX_PROBLEMS

#: Schema errors read before reading stops (the count shown is then a lower bound).
_SCHEMA_ERRORS_READ = 10 * MAX_PROBLEMS

Message = str | Callable[[], str]


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case format, as shipped in ``data/case.schema.json``."""
    return json_schema("case.schema.json")


# --------------------------------------------------------------------------- helpers

def _known(values: Iterable[str], chars: int = 80) -> str:
    """The known values, sorted, as many as fit in about ``chars`` characters."""
    values = sorted(values)
    shown: list[str] = []
    for value in values:
        if shown and sum(len(v) + 2 for v in shown) + len(value) > chars:
            return ", ".join(shown) + f", ... ({len(values)} in all)"
        shown.append(value if len(value) <= 40 else elide(value))
    return ", ".join(shown)


def _step(part: object) -> str:
    if isinstance(part, int):
        return f"[{part}]"
    if isinstance(part, str) and len(part) <= 40 and part.isprintable() and part.strip() == part and part:
        return f".{part}"
    return f"[{elide(part)}]"


def describe_path(path: PathKey, data: Any = None) -> str:
    """A readable place in the data; items with an id are named by it.

    >>> describe_path(("factors", 3, "quotes", 0, "start"))
    'factors[3].quotes[0].start'
    >>> describe_path(("factors", 0, "label"), {"factors": [{"id": "energy"}]})
    "factors[0] (id 'energy').label"
    >>> describe_path(("presets", 0, "weights", "bad\\nkey"))
    "presets[0].weights['bad\\\\nkey']"
    >>> describe_path(())
    'the top level'
    """
    text = ""
    node = data
    for part in path:
        step = _step(part)
        text += step if text or step.startswith("[") else step[1:]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            text += f" (id {elide(node['id'])})"
    return text or "the top level"


def _describe_value(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return f"the text {elide(value)}"
    if isinstance(value, (int, float)):
        return f"the number {elide(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# A number in exponent form that YAML 1.1 (PyYAML) reads as text: it wants a dot
# in the mantissa and a sign in the exponent ("1.0e-1"), so "1e-1" stays a string.
_EXPONENT_FORM = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")


def _yaml_number(text: str) -> str | None:
    """How to write ``text`` so YAML reads it as a number, when it is one YAML reads as text.

    >>> _yaml_number("1e-1"), _yaml_number("2E3"), _yaml_number("1e-40"), _yaml_number("high")
    ('0.1', '2000', '1.0e-40', None)
    """
    if len(text) > 40 or not _EXPONENT_FORM.fullmatch(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    if abs(number.adjusted()) <= 15:
        return format(number, "f")
    mantissa, exponent = f"{number:e}".split("e")
    return f"{mantissa if '.' in mantissa else mantissa + '.0'}e{int(exponent):+d}"


def _type_hint(instance: object, expected: set[str]) -> str:
    plain = _yaml_number(instance) if isinstance(instance, str) else None
    if plain is not None and ("number" in expected or ("integer" in expected and "." not in plain)):
        return f"; write {plain} (YAML reads {instance} as text)"
    if "integer" in expected:
        return "; write a whole number such as 12"
    return ""


class _Report:
    """Collects problems, placing each at the YAML node its data path names.

    A message may be a function, called only for the problems shown. Past
    ``_KEPT`` problems the rest are only counted.
    """

    def __init__(self, shown: str, locator: Locator):
        self.shown, self.locator = shown, locator
        self.found: list[tuple[int | None, int | None, Message]] = []
        self.counted = 0  # found after ``found`` was full
        self.exact = True  # false when checking stopped early
        self.warnings: list[tuple[int | None, int | None, str]] = []

    @property
    def full(self) -> bool:
        return len(self.found) >= _KEPT

    def add(self, path: PathKey, message: Message) -> None:
        if self.locator.was_refused(path):
            return  # already reported while reading the file
        if self.full:
            self.counted += 1
            return
        line, column = self.locator.find(path)
        self.found.append((line, column, message))

    def warn(self, path: PathKey, message: str) -> None:
        """Note something that will not show well; it does not make the file invalid."""
        if len(self.warnings) < _KEPT:
            line, column = self.locator.find(path)
            self.warnings.append((line, column, message))

    def problems(self) -> list[Problem]:
        """The first problems in file order, with one line counting the rest; then the warnings."""
        warnings = [Problem(self.shown, line, column, message, warning=True)
                    for line, column, message in sorted(self.warnings, key=lambda w: (w[0] or 0, w[1] or 0))]
        return self._errors() + cap_problems(warnings) if warnings else self._errors()

    def _errors(self) -> list[Problem]:
        order = sorted(range(len(self.found)), key=lambda i: (self.found[i][0] or 0, self.found[i][1] or 0, i))
        shown: dict[tuple, Problem] = {}
        written = 0
        for index in order:
            if len(shown) >= MAX_PROBLEMS:
                break
            written += 1
            line, column, message = self.found[index]
            text = message() if callable(message) else message
            shown.setdefault((line, column, text), Problem(self.shown, line, column, text))
        hidden = len(self.found) - written + self.counted
        if not self.exact:  # checking stopped with errors left unread: at least one more
            hidden = max(hidden, 1)
        more = [MoreProblems.of(self.shown, hidden, self.exact)] if hidden else []
        return cap_problems(list(shown.values()) + more)


# --------------------------------------------------------------------------- limits

def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return case_schema()["$defs"][ref.removeprefix("#/$defs/")]
    return schema


def _oversized(value: Any, schema: dict[str, Any], path: PathKey) -> Iterator[tuple[PathKey, int, int, str]]:
    """``(path, size, limit, noun)`` for each list or mapping over its ``maxItems`` or ``maxProperties``.

    Only the schema's own structure is followed, so the walk is linear in the data
    the schema describes; it stops at a list or mapping over its limit.
    """
    schema = _resolve(schema)
    for part in schema.get("allOf", ()):
        yield from _oversized(value, part, path)
    if isinstance(value, list):
        limit = schema.get("maxItems")
        if limit is not None and len(value) > limit:
            yield path, len(value), limit, "items"
            return
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                yield from _oversized(item, items, path + (index,))
    elif isinstance(value, dict):
        limit = schema.get("maxProperties")
        if limit is not None and len(value) > limit:
            yield path, len(value), limit, "keys"
            return
        properties, others = schema.get("properties", {}), schema.get("additionalProperties")
        for key, item in value.items():
            part = properties.get(key, others)
            if isinstance(part, dict):
                yield from _oversized(item, part, path + (key,))


# --------------------------------------------------------------------------- schema

def _defs_pattern(name: str) -> str:
    return case_schema()["$defs"][name]["pattern"]


def _pattern_message(where: str, instance: object, pattern: str) -> str:
    value = elide(instance)
    if pattern == _defs_pattern("id"):
        return (f"{where} is {value}, not a valid id: use lower-case letters, digits "
                "and hyphens, such as 'energy-concessions'")
    if pattern == _defs_pattern("date"):
        return f"{where} is {value}, not a date; write it as YYYY-MM-DD, such as '2024-01-31'"
    if pattern == _defs_pattern("url"):
        return f"{where} is {value}, not a web address; it must start with http:// or https://"
    return f"{where} is {value}, which does not have the expected form ({elide(pattern)})"


def _unknown_key(key: str, where: str, allowed: list[str]) -> str:
    return f"unknown key {elide(key)} in {where}{unknown_key_hint(key, allowed)}"


#: Schema keywords whose message needs only the place, the value, the keyword's value and the value's size.
_SIMPLE_MESSAGES = {
    "const": "{where} must be {expected!r}, not {value}",
    "minimum": "{where} is {value}, below the minimum {expected!r}",
    "maximum": "{where} is {value}, above the maximum {expected!r}",
    "minItems": "{where} needs at least {expected} item(s)",
    "maxItems": "{where} may have at most {expected:,} item(s)",
    "maxProperties": "{where} may have at most {expected:,} key(s)",
    "uniqueItems": "{where} lists the same value twice; keep one",
    "minLength": "{where} must not be empty",
    "maxLength": "{where} is {size:,} characters long, over the limit of {expected:,}; shorten it",
}


def _schema_messages(error: Any, data: Any) -> Iterator[tuple[PathKey, Message]]:
    """Plain-words messages for one schema error, each with the path it is about."""
    path = tuple(error.absolute_path)
    where = describe_path(path, data)
    kind = error.validator
    schema, instance, expected = error.schema, error.instance, error.validator_value
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        unknown = [key for key in instance if key not in allowed]
        for key in unknown:
            yield path + (key,), partial(_unknown_key, key, where, allowed)
        if not unknown:
            yield path, f"{where}: {error.message}"
    elif kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield path, f"{where} is missing the required key {missing!r}"
    elif kind == "type":
        kinds = set(expected if isinstance(expected, list) else [expected])
        words = type_words(expected)
        yield path, f"{where} must be {words}, not {_describe_value(instance)}{_type_hint(instance, kinds)}"
    elif kind == "enum":
        options = ", ".join(repr(o) for o in expected)
        yield path, f"{where} must be one of {options}, not {elide(instance)}{did_you_mean(instance, expected)}"
    elif kind == "pattern":
        yield path, _pattern_message(where, instance, expected)
    elif kind in _SIMPLE_MESSAGES:
        size = len(instance) if isinstance(instance, (str, list, dict)) else 0
        yield path, _SIMPLE_MESSAGES[kind].format(where=where, value=elide(instance), expected=expected, size=size)
    else:
        yield path, f"{where} does not fit the case format (schema keyword {kind!r})"


def _schema_validator() -> Any:
    """A validator for the case schema, made on first use (strict whole numbers: ``start: 0.0`` is
    refused; see :func:`~entente_lab.case.schemas.schema_validator`)."""
    return schema_validator("case.schema.json")


def _check_schema(data: Any, report: _Report) -> None:
    errors = []
    for error in _schema_validator().iter_errors(data):
        if len(errors) >= _SCHEMA_ERRORS_READ:
            report.exact = False
            break
        errors.append(error)
    errors.sort(key=lambda e: [str(p) for p in e.absolute_path])
    # A misspelt key shows up twice: as unknown ('lable') and as missing ('label').
    # Report it once, as the misspelling, which names the fix.
    misspelt = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            unknown = [key for key in error.instance if key not in allowed]
            for key in unknown[:MAX_PROBLEMS]:
                close = did_you_mean(key, allowed)
                if close:
                    misspelt.add((tuple(error.absolute_path), close.split("'")[1]))
    for error in errors:
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            if (tuple(error.absolute_path), missing) in misspelt:
                continue
        for path, message in _schema_messages(error, data):
            report.add(path, message)


# --------------------------------------------------------------------------- meaning

def _items(data: dict, key: str) -> Iterator[tuple[int, dict]]:
    value = data.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _ids(data: dict, key: str, report: _Report, noun: str) -> set[str]:
    seen: dict[str, int] = {}
    for index, item in _items(data, key):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            report.add((key, index, "id"), f"duplicate {noun} id {elide(item_id)} (also {key}[{seen[item_id]}]); "
                                           "ids must be unique")
        else:
            seen[item_id] = index
    return set(seen)


def _is_bad_number(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@lru_cache(maxsize=1)
def _prose_keys() -> frozenset[str]:
    """Keys whose text may run to several lines: those the schema gives the ``prose`` type."""
    keys: set[str] = set()
    stack: list[Any] = [case_schema()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if value == {"$ref": "#/$defs/prose"}:
                    keys.add(key)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(keys)


# C0 and C1 controls, lone surrogates, and the two noncharacters XML forbids.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_PROSE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # line breaks and tabs allowed


def _character_message(path: PathKey, data: Any, text: str, index: int) -> str:
    where = describe_path(path, data)
    char = text[index]
    code = f"U+{ord(char):04X}"
    at = f"at character {index + 1:,}"
    if "\ud800" <= char <= "\udfff":
        return (f"{where} holds a lone surrogate ({code}) {at}, which is not a character; "
                "delete its \\u escape, or write the character itself")
    if char in "\ufffe\uffff":
        return f"{where} holds the noncharacter {code} {at}; delete it"
    if char in "\n\t":
        name = "a line break" if char == "\n" else "a tab"
        return (f"{where} holds {name} ({code}) {at}; write it on one line (line breaks and tabs belong "
                "only in summaries, definitions, descriptions and quotes)")
    return f"{where} holds the control character {code} {at}; delete it"


def _check_characters(data: Any, report: _Report) -> None:
    """Every text holds only characters every output can carry (GraphML, CSV, a terminal)."""
    prose = _prose_keys()
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (key,), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in enumerate(value))
        elif isinstance(value, str):
            found = (_NOT_PROSE if path and path[-1] in prose else _NOT_TEXT).search(value)
            if found:
                report.add(path, partial(_character_message, path, data, value, found.start()))


def _check_date(data: dict, path: PathKey, value: object, report: _Report) -> None:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            report.add(path, f"{describe_path(path, data)} is {elide(value)}, which is not a real date; use YYYY-MM-DD")


class _Meaning:
    """The checks a schema cannot make: references, quotes, numbers, dates."""

    def __init__(self, data: dict, report: _Report):
        self.data, self.report = data, report
        self.turn_text: dict[str, str] = {}
        for _, turn in _items(data, "turns"):
            paragraphs = turn.get("paragraphs")
            if isinstance(turn.get("id"), str) and isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs):
                self.turn_text[turn["id"]] = "\n\n".join(paragraphs)

    def refs(self, path: PathKey, values: object, known: set[str], noun: str, owner: str) -> None:
        single = isinstance(values, str)
        if single:
            values = [values]
        if not isinstance(values, list):
            return
        for index, value in enumerate(values):
            if isinstance(value, str) and value not in known:
                place = path if single else path + (index,)
                self.report.add(place, partial(self._unknown, owner, noun, value, known))

    @staticmethod
    def _unknown(owner: str, noun: str, value: str, known: set[str]) -> str:
        return (f"{owner} names unknown {noun} {elide(value)}{did_you_mean(value, known)}; "
                f"known {noun}s: {_known(known) or 'none'}")

    def _fix(self, turn: str, text: str) -> str:
        """Where the quote's text really is, for the message (a search: only run for a problem shown)."""
        found = self.turn_text[turn].find(text)
        if found >= 0:
            return f"; the text is found at start: {found}, end: {found + len(text)}"
        elsewhere = next((tid for tid, body in self.turn_text.items() if text in body), None)
        if elsewhere is not None:
            return f"; the text is in turn {elide(elsewhere)}, not {elide(turn)}"
        return "; the text is not in the turn at all: copy it exactly from the turn, keeping its punctuation"

    def quote(self, path: PathKey, quote: object) -> None:
        if not isinstance(quote, dict):
            return
        turn, start, end, text = (quote.get(k) for k in ("turn", "start", "end", "text"))
        if not isinstance(turn, str) or turn not in self.turn_text:
            if isinstance(turn, str):
                self.report.add(path + ("turn",), partial(self._unknown, "quote", "turn", turn, set(self.turn_text)))
            return
        if not (_whole(start) and _whole(end) and isinstance(text, str)) or start < 0:
            return
        body = self.turn_text[turn]
        if start > end or end > len(body):
            self.report.add(path + ("start",), lambda: f"offsets {start}-{end} fall outside turn {elide(turn)}, "
                                                       f"which has {len(body)} characters{self._fix(turn, text)}")
        elif body[start:end] != text:
            self.report.add(path + ("text",), lambda: f"quote does not match turn {elide(turn)} at {start}-{end} "
                                                      f"(there the turn reads {elide(body[start:end])}){self._fix(turn, text)}")

    def quotes(self, path: PathKey, quotes: object) -> None:
        if isinstance(quotes, list):
            for index, quote in enumerate(quotes):
                self.quote(path + (index,), quote)

    def number(self, path: PathKey, value: object, what: str) -> None:
        if _is_bad_number(value):
            self.report.add(path, f"{what} is {elide(value)}, not a number; give a number between 0 and 1")

    def run(self) -> None:
        data, report = self.data, self.report
        people = _ids(data, "people", report, "person")
        _ids(data, "turns", report, "turn")
        _ids(data, "claims", report, "claim")
        factors = _ids(data, "factors", report, "factor")
        actors = _ids(data, "actors", report, "actor")
        _ids(data, "relations", report, "relation")
        _ids(data, "events", report, "event")
        sources = _ids(data, "sources", report, "source")
        _ids(data, "presets", report, "preset")

        for index, turn in _items(data, "turns"):
            self.refs(("turns", index, "speaker"), turn.get("speaker"), people, "person", f"turn {elide(turn.get('id'))}")

        source = data.get("source")
        if isinstance(source, dict):
            _check_date(data, ("source", "published"), source.get("published"), report)
        self.documents()

        thesis = data.get("thesis")
        if isinstance(thesis, dict):
            self.quotes(("thesis", "quotes"), thesis.get("quotes"))
        claim_kinds = set()
        for index, claim in _items(data, "claims"):
            if isinstance(claim.get("kind"), str):
                claim_kinds.add(claim["kind"])
            self.quotes(("claims", index, "quotes"), claim.get("quotes"))
        for kind in ("strength", "strain"):
            if isinstance(data.get("claims"), list) and kind not in claim_kinds:
                report.add(("claims",), f"claims need one {kind!r} sub-claim (the half of the thesis its factors support)")

        kinds = set()
        for index, factor in _items(data, "factors"):
            owner = f"factor {elide(factor.get('id'))}"
            if isinstance(factor.get("kind"), str):
                kinds.add(factor["kind"])
            self.refs(("factors", index, "actors"), factor.get("actors"), actors, "actor", owner)
            self.refs(("factors", index, "cites"), factor.get("cites"), sources, "source", owner)
            if factor.get("evidence") == "cited" and not factor.get("cites"):
                report.add(("factors", index, "evidence"), f"{owner} has evidence 'cited' but no 'cites'; "
                                                           f"name the cited work's id from 'sources'")
            self.number(("factors", index, "default_weight"), factor.get("default_weight"), f"the default_weight of {owner}")
            self.quotes(("factors", index, "quotes"), factor.get("quotes"))
        if isinstance(data.get("factors"), list):
            for kind in ("strength", "strain"):
                if kind not in kinds:
                    report.add(("factors",), f"the case has no {kind} factor; it needs at least one of each kind")

        for index, relation in _items(data, "relations"):
            owner = f"relation {elide(relation.get('id'))}"
            self.refs(("relations", index, "source"), relation.get("source"), actors, "actor", owner)
            self.refs(("relations", index, "target"), relation.get("target"), actors, "actor", owner)
            self.refs(("relations", index, "factors"), relation.get("factors"), factors, "factor", owner)

        for index, event in _items(data, "events"):
            _check_date(data, ("events", index, "date"), event.get("date"), report)
            self.quotes(("events", index, "quotes"), event.get("quotes"))
        for index, work in _items(data, "sources"):
            _check_date(data, ("sources", index, "date"), work.get("date"), report)
        for index, entry in _items(data, "glossary"):
            self.quotes(("glossary", index, "quotes"), entry.get("quotes"))
        seen_terms: dict[str, int] = {}
        for index, entry in _items(data, "glossary"):
            term = entry.get("term")
            if isinstance(term, str):
                if term.lower() in seen_terms:
                    report.add(("glossary", index, "term"), f"glossary term {elide(term)} is defined twice "
                                                            f"(also glossary[{seen_terms[term.lower()]}])")
                seen_terms.setdefault(term.lower(), index)

        trilemma = data.get("trilemma")
        if isinstance(trilemma, dict):
            self.refs(("trilemma", "cites"), trilemma.get("cites"), sources, "source", "the trilemma")
            self.quotes(("trilemma", "quotes"), trilemma.get("quotes"))
            goals = _ids(trilemma, "goals", report, "trilemma goal")
            _ids(trilemma, "options", report, "trilemma option")
            for index, goal in _items(trilemma, "goals"):
                self.quote(("trilemma", "goals", index, "quote"), goal.get("quote"))
            for index, option in _items(trilemma, "options"):
                effects = option.get("effects")
                if not isinstance(effects, dict):
                    continue
                path = ("trilemma", "options", index, "effects")
                owner = f"trilemma option {elide(option.get('id'))}"
                self.refs(path, list(effects), goals, "goal", owner)
                for goal in sorted(goals - set(effects)):
                    report.add(path, f"{owner} gives no effect for goal {elide(goal)}; add '{goal}: 0' if it has none")
                for key, value in effects.items():
                    if _is_bad_number(value):
                        report.add(path + (key,), f"the effect of {owner} on {elide(key)} is {elide(value)}, not a number; "
                                                 "give a number between -1 and 1")

        self.vocabulary(factors)
        self.mapping(factors)

        for index, preset in _items(data, "presets"):
            weights = preset.get("weights")
            if not isinstance(weights, dict):
                continue
            owner = f"preset {elide(preset.get('id'))}"
            for key, value in weights.items():
                path = ("presets", index, "weights", key)
                if key not in factors:
                    report.add(path, partial(self._unknown, owner, "factor", key, factors))
                self.number(path, value, f"the weight of {elide(key)} in {owner}")


    def mapping(self, factors: set[str]) -> None:
        """The map-building exercise: quotes at their offsets, known factors, readings that differ from the case's own."""
        mapping = self.data.get("mapping")
        if not isinstance(mapping, dict):
            return
        for key, own in (("statements", "placement"), ("links", "relation")):
            _ids(mapping, key, self.report, f"mapping {key[:-1]}")
            for index, item in _items(mapping, key):
                path = ("mapping", key, index)
                owner = f"mapping {key[:-1]} {elide(item.get('id'))}"
                if key == "statements":
                    self.quote(path + ("quote",), item.get("quote"))
                    self.refs(path + ("factor",), item.get("factor"), factors, "factor", owner)
                else:
                    self.refs(path + ("factors",), item.get("factors"), factors, "factor", owner)
                readings = item.get("defensible")
                if isinstance(readings, dict) and isinstance(item.get(own), str) and item[own] in readings:
                    self.report.add(path + ("defensible", item[own]),
                                    f"'{item[own]}' is the {own} of {owner} itself; 'defensible' lists only the other "
                                    "readings a careful reader could defend: remove this entry")

    def documents(self) -> None:
        """Each turn names a known document; further documents have their own ids, real dates and turns."""
        data, report = self.data, self.report
        source = data.get("source")
        main = source.get("id", MAIN_DOCUMENT_ID) if isinstance(source, dict) else MAIN_DOCUMENT_ID
        others = _ids(data, "documents", report, "document")
        for index, document in _items(data, "documents"):
            _check_date(data, ("documents", index, "published"), document.get("published"), report)
            if document.get("id") == main:
                report.add(("documents", index, "id"), f"document id {elide(main)} is the main text's id (source.id, "
                                                      f"default {MAIN_DOCUMENT_ID!r}); give this document another id")
        known = others | {main} if isinstance(main, str) else others
        used = set()
        for index, turn in _items(data, "turns"):
            document = turn.get("document", main)
            used.add(document)
            self.refs(("turns", index, "document"), document if "document" in turn else None, known, "document",
                      f"turn {elide(turn.get('id'))}")
        for index, document in _items(data, "documents"):
            if isinstance(document.get("id"), str) and document["id"] not in used:
                report.warn(("documents", index), f"document {elide(document['id'])} has no turns, so nothing of it can "
                                                  f"be quoted; add its passages as turns with 'document: {document['id']}'")

    def vocabulary(self, factors: set[str]) -> None:
        """The words the lab shows: the scenario's clock, region names, teaching notes, label lengths."""
        data, report = self.data, self.report
        events = {e["id"]: e for _, e in _items(data, "events") if isinstance(e.get("id"), str)}
        linked = [f.get("id") for _, f in _items(data, "factors") if f.get("duration_linked") is True]
        reference_event = data.get("reference_event")
        if isinstance(reference_event, str) and reference_event not in events:
            report.add(("reference_event",), partial(self._unknown, "reference_event", "event", reference_event,
                                                     set(events)))
        before = [index for index, f in _items(data, "factors") if f.get("dated_before_reference") is True]
        if before and "reference_event" not in data:
            report.add(("factors", before[0], "dated_before_reference"),
                       f"{len(before)} factor(s) are dated before the reference event, but the case names none; "
                       "add 'reference_event: <event id>' at the top level")
        for index, f in _items(data, "factors"):
            readings = f.get("evidence_readings")
            if isinstance(readings, dict) and f.get("evidence") in readings:
                report.add(("factors", index, "evidence_readings", f["evidence"]),
                           f"'{f['evidence']}' is this factor's own evidence type; 'evidence_readings' lists only the "
                           "other types a reader could defensibly give it: remove this entry")
            places = f.get("kind_readings")
            if isinstance(places, dict) and f.get("kind") in places:
                report.add(("factors", index, "kind_readings", f["kind"]),
                           f"'{f['kind']}' is this factor's own side; 'kind_readings' lists only the other places a "
                           "reader could defensibly give it: remove this entry")
        scenario = data.get("scenario")
        if isinstance(scenario, dict) and "reference_event" not in data:
            report.add(("scenario",), "a scenario's clock starts at the case's reference event; add "
                                      "'reference_event: <event id>' at the top level")
        if isinstance(scenario, dict):
            reference, maximum = scenario.get("reference"), scenario.get("maximum")
            if _whole(maximum) and isinstance(reference, (int, float)) and not isinstance(reference, bool) \
                    and reference > maximum:
                report.add(("scenario", "reference"), f"the scenario's reference {elide(reference)} is beyond its "
                                                      f"maximum {elide(maximum)}; raise the maximum")
            if not linked:
                report.warn(("scenario",), "the case has a scenario but no factor with 'duration_linked: true', so "
                                           "moving its clock changes nothing; mark the factors the text ties to it")
        elif linked:
            report.warn(("factors",), f"{len(linked)} factor(s) have 'duration_linked: true' but the case has no "
                                      "'scenario' section, so no duration scenario is shown; add one "
                                      "(see lessons/writing_a_case.md)")
        plane = data.get("plane")
        regions = plane.get("regions") if isinstance(plane, dict) else None
        if isinstance(regions, dict):
            seen: dict[str, str] = {}
            for code, words in regions.items():
                label = words.get("label") if isinstance(words, dict) else None
                if isinstance(label, str):
                    if label.casefold() in seen:
                        report.add(("plane", "regions", code, "label"),
                                   f"regions {seen[label.casefold()]} and {code} are both called {elide(label)}; "
                                   "give each region its own name")
                    seen.setdefault(label.casefold(), code)
        notes = data.get("teaching_notes")
        if isinstance(notes, dict):
            for slot in notes:
                if isinstance(slot, str) and slot not in TEACHING_NOTE_SLOTS:
                    report.warn(("teaching_notes", slot),
                                f"no notebook shows a teaching note called {elide(slot)}{did_you_mean(slot, TEACHING_NOTE_SLOTS)}; "
                                f"the places are: {', '.join(TEACHING_NOTE_SLOTS)}")
        for index, factor in _items(data, "factors"):
            label = factor.get("label")
            if isinstance(label, str) and len(label) > FIGURE_LABEL_CHARS and not factor.get("short_label"):
                report.warn(("factors", index, "label"),
                            f"the label of factor {elide(factor.get('id'))} has {len(label)} characters; figures show "
                            f"about {FIGURE_LABEL_CHARS} on a line, so they wrap or shorten it: add a 'short_label' "
                            "to choose what they show")


def check_case_data(data: Any, locator: Locator, shown: str) -> list[Problem]:
    """Every structural and meaning problem in already-parsed case data.

    At most :data:`~entente_lab.errors.MAX_PROBLEMS` problems are listed, in file
    order; one more line counts the rest.

    Examples
    --------
    >>> from entente_lab.case.safe_yaml import Locator
    >>> [p.message for p in check_case_data([], Locator(), "x.yaml")]
    ['the top level must be a mapping, not a list']
    >>> big = {"factors": [{}] * 600}
    >>> [p.message for p in check_case_data(big, Locator(), "x.yaml")]
    ['factors has 600 items, over the limit of 500; remove some (the other checks run once this is fixed)']
    """
    report = _Report(shown, locator)
    if not isinstance(data, dict):
        report.add((), f"the top level must be a mapping, not {_describe_value(data)}")
        return report.problems()
    for path, size, limit, noun in _oversized(data, case_schema(), ()):
        report.add(path, f"{describe_path(path, data)} has {size:,} {noun}, over the limit of {limit:,}; "
                         "remove some (the other checks run once this is fixed)")
    if report.found:
        return report.problems()
    _check_schema(data, report)
    _check_characters(data, report)
    _Meaning(data, report).run()
    return report.problems()


def validate_file(path, *, shown: str | None = None,
                  read: tuple[bytes | None, str | None] | None = None) -> tuple[Any, list[Problem]]:
    """Read and check one case file; returns ``(data, problems)``.

    ``data`` is the parsed content (``None`` if it could not be parsed); the file is
    valid when ``problems`` is empty. Never raises for any content of the file or
    any error in reading it; at most :data:`~entente_lab.errors.MAX_PROBLEMS`
    problems are listed, each on one line, and one more line counts the rest. ``read`` is
    what :func:`~entente_lab.case.safe_yaml.read_bytes` returned for ``path``, when the
    caller has read the file already.
    """
    shown = str(path) if shown is None else shown
    data, locator, problems = read_yaml(path, shown=shown, read=read)
    if data is None and problems:
        return None, problems
    return data, cap_problems(problems + check_case_data(data, locator, shown))
