"""Check a case file's structure (JSON Schema) and meaning, collecting every problem."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import Problem
from .safe_yaml import Locator, PathKey, read_yaml
from .schemas import json_schema, schema_validator

__all__ = ["case_schema", "check_case_data", "validate_file"]


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case format, as shipped in ``data/case.schema.json``."""
    return json_schema("case.schema.json")


# --------------------------------------------------------------------------- helpers

def did_you_mean(value: object, known: Iterable[str]) -> str:
    """A hint naming the closest known value, or ``''``.

    >>> did_you_mean("inida", ["china", "india", "russia"])
    " (did you mean 'india'?)"
    >>> did_you_mean("zzz", ["china"])
    ''
    """
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _known(values: Iterable[str], limit: int = 12) -> str:
    values = sorted(values)
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def describe_path(path: PathKey, data: Any = None) -> str:
    """A readable place in the data; items with an id are named by it.

    >>> describe_path(("factors", 3, "quotes", 0, "start"))
    'factors[3].quotes[0].start'
    >>> describe_path(("factors", 0, "label"), {"factors": [{"id": "energy"}]})
    "factors[0] (id 'energy').label"
    >>> describe_path(())
    'the top level'
    """
    text = ""
    node = data
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            text += f" (id {node['id']!r})"
    return text or "the top level"


def _describe_value(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else "a text"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "array": "a list", "object": "a mapping",
               "null": "empty"}


class _Report:
    """Collects problems, placing each at the YAML node its data path names."""

    def __init__(self, shown: str, locator: Locator):
        self.shown, self.locator = shown, locator
        self.problems: list[Problem] = []

    def add(self, path: PathKey, message: str) -> None:
        if self.locator.was_refused(path):
            return  # already reported while reading the file
        line, column = self.locator.find(path)
        self.problems.append(Problem(self.shown, line, column, message))


# --------------------------------------------------------------------------- schema

def _schema_messages(error: Any, data: Any) -> list[tuple[PathKey, str]]:
    """Plain-words messages for one schema error, each with the path it is about."""
    found = _schema_message(error, data)
    return found if isinstance(found, list) else [found]


def _schema_message(error: Any, data: Any) -> tuple[PathKey, str] | list[tuple[PathKey, str]]:
    path = tuple(error.absolute_path)
    where = describe_path(path, data)
    kind = error.validator
    schema, instance = error.schema, error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        found = []
        for key in (k for k in instance if k not in allowed):
            hint = did_you_mean(key, allowed) or f"; allowed keys: {', '.join(allowed)}"
            found.append((path + (key,), f"unknown key {key!r} in {where}{hint}"))
        return found or [(path, f"{where}: {error.message}")]
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path, f"{where} is missing the required key {missing!r}"
    if kind == "type":
        expected = error.validator_value
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in (expected if isinstance(expected, list) else [expected]))
        return path, f"{where} must be {words}, not {_describe_value(instance)}"
    if kind == "enum":
        options = ", ".join(repr(o) for o in error.validator_value)
        return path, f"{where} must be one of {options}, not {instance!r}{did_you_mean(instance, error.validator_value)}"
    if kind == "const":
        return path, f"{where} must be {error.validator_value!r}, not {instance!r}"
    if kind == "minimum":
        return path, f"{where} is {instance!r}, below the minimum {error.validator_value!r}"
    if kind == "maximum":
        return path, f"{where} is {instance!r}, above the maximum {error.validator_value!r}"
    if kind == "pattern":
        if "id" in where or error.validator_value.startswith("^[a-z0-9]"):
            return path, (f"{where} is {instance!r}, not a valid id: use lower-case letters, digits "
                          "and hyphens, such as 'energy-concessions'")
        return path, f"{where} is {instance!r}, which does not have the expected form ({error.validator_value})"
    if kind == "minItems":
        return path, f"{where} needs at least {error.validator_value} item(s)"
    if kind == "maxItems":
        return path, f"{where} may have at most {error.validator_value} item(s)"
    if kind == "uniqueItems":
        return path, f"{where} lists the same value twice; keep one"
    if kind == "minLength":
        return path, f"{where} must not be empty"
    return path, f"{where}: {error.message}"


def _schema_validator() -> Any:
    """A validator for the case schema, made on first use (see :func:`~entente_lab.schemas.import_jsonschema`)."""
    return schema_validator("case.schema.json")


def _check_schema(data: Any, report: _Report) -> None:
    validator = _schema_validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    # A misspelt key shows up twice: as unknown ('lable') and as missing ('label').
    # Report it once, as the misspelling, which names the fix.
    misspelt = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    misspelt.update((tuple(error.absolute_path), m) for m in
                                    difflib.get_close_matches(key, allowed, n=1, cutoff=0.6))
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
            report.add((key, index, "id"), f"duplicate {noun} id {item_id!r} (also {key}[{seen[item_id]}]); ids must be unique")
        else:
            seen[item_id] = index
    return set(seen)


def _is_bad_number(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


class _Meaning:
    """The checks a schema cannot make: references, quotes, numbers."""

    def __init__(self, data: dict, report: _Report):
        self.data, self.report = data, report
        self.turn_text: dict[str, str] = {}
        for _, turn in _items(data, "turns"):
            paragraphs = turn.get("paragraphs")
            if isinstance(turn.get("id"), str) and isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs):
                self.turn_text[turn["id"]] = "\n\n".join(paragraphs)

    def refs(self, path: PathKey, values: object, known: set[str], noun: str, owner: str) -> None:
        if isinstance(values, str):
            values = [values]
            single = True
        else:
            single = False
        if not isinstance(values, list):
            return
        for index, value in enumerate(values):
            if isinstance(value, str) and value not in known:
                place = path if single else path + (index,)
                self.report.add(place, f"{owner} names unknown {noun} {value!r}{did_you_mean(value, known)}; "
                                       f"known {noun}s: {_known(known) or 'none'}")

    def quote(self, path: PathKey, quote: object) -> None:
        if not isinstance(quote, dict):
            return
        turn, start, end, text = (quote.get(k) for k in ("turn", "start", "end", "text"))
        if not isinstance(turn, str) or turn not in self.turn_text:
            if isinstance(turn, str):
                self.report.add(path + ("turn",), f"quote names unknown turn {turn!r}{did_you_mean(turn, self.turn_text)}; "
                                                  f"known turns: {_known(self.turn_text)}")
            return
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(text, str)) or isinstance(start, bool):
            return
        body = self.turn_text[turn]
        found = body.find(text)
        fix = f"; the text is found at start: {found}, end: {found + len(text)}" if found >= 0 else ""
        if not found >= 0:
            elsewhere = [tid for tid, t in self.turn_text.items() if text in t]
            if elsewhere:
                fix = f"; the text is in turn {elsewhere[0]!r}, not {turn!r}"
            else:
                fix = "; the text is not in the turn at all: copy it exactly from the turn, keeping its punctuation"
        if start > end or end > len(body):
            self.report.add(path + ("start",), f"offsets {start}-{end} fall outside turn {turn!r}, "
                                               f"which has {len(body)} characters{fix}")
            return
        if body[start:end] != text:
            self.report.add(path + ("text",), f"quote does not match turn {turn!r} at {start}-{end} "
                                              f"(there the turn reads {body[start:end][:60]!r}){fix}")

    def quotes(self, path: PathKey, quotes: object) -> None:
        if isinstance(quotes, list):
            for index, quote in enumerate(quotes):
                self.quote(path + (index,), quote)

    def number(self, path: PathKey, value: object, what: str) -> None:
        if _is_bad_number(value):
            self.report.add(path, f"{what} is {value!r}, not a number; give a number between 0 and 1")

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
            self.refs(("turns", index, "speaker"), turn.get("speaker"), people, "person", f"turn {turn.get('id')!r}")

        thesis = data.get("thesis")
        if isinstance(thesis, dict):
            self.quotes(("thesis", "quotes"), thesis.get("quotes"))
        claim_kinds = set()
        for index, claim in _items(data, "claims"):
            claim_kinds.add(claim.get("kind"))
            self.quotes(("claims", index, "quotes"), claim.get("quotes"))
        for kind in ("strength", "strain"):
            if isinstance(data.get("claims"), list) and kind not in claim_kinds:
                report.add(("claims",), f"claims need one {kind!r} sub-claim (the half of the thesis its factors support)")

        kinds = set()
        for index, factor in _items(data, "factors"):
            owner = f"factor {factor.get('id')!r}"
            kinds.add(factor.get("kind"))
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
            owner = f"relation {relation.get('id')!r}"
            self.refs(("relations", index, "source"), relation.get("source"), actors, "actor", owner)
            self.refs(("relations", index, "target"), relation.get("target"), actors, "actor", owner)
            self.refs(("relations", index, "factors"), relation.get("factors"), factors, "factor", owner)

        for index, event in _items(data, "events"):
            self.quotes(("events", index, "quotes"), event.get("quotes"))
        for index, entry in _items(data, "glossary"):
            self.quotes(("glossary", index, "quotes"), entry.get("quotes"))
        seen_terms: dict[str, int] = {}
        for index, entry in _items(data, "glossary"):
            term = entry.get("term")
            if isinstance(term, str):
                if term.lower() in seen_terms:
                    report.add(("glossary", index, "term"), f"glossary term {term!r} is defined twice "
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
                owner = f"trilemma option {option.get('id')!r}"
                self.refs(path, [k for k in effects], goals, "goal", owner)
                for goal in sorted(goals - set(effects)):
                    report.add(path, f"{owner} gives no effect for goal {goal!r}; add '{goal}: 0' if it has none")
                for key, value in effects.items():
                    if _is_bad_number(value):
                        report.add(path + (key,), f"the effect of {owner} on {key!r} is {value!r}, not a number; "
                                                 "give a number between -1 and 1")

        for index, preset in _items(data, "presets"):
            weights = preset.get("weights")
            if not isinstance(weights, dict):
                continue
            owner = f"preset {preset.get('id')!r}"
            for key, value in weights.items():
                path = ("presets", index, "weights", key)
                if key not in factors:
                    report.add(path, f"{owner} names unknown factor {key!r}{did_you_mean(key, factors)}; "
                                     f"known factors: {_known(factors)}")
                self.number(path, value, f"the weight of {key!r} in {owner}")


def check_case_data(data: Any, locator: Locator, shown: str) -> list[Problem]:
    """Every structural and meaning problem in already-parsed case data.

    Examples
    --------
    >>> from entente_lab.safe_yaml import Locator
    >>> [p.message for p in check_case_data([], Locator(), "x.yaml")]
    ['the top level must be a mapping, not a list']
    """
    report = _Report(shown, locator)
    if not isinstance(data, dict):
        report.add((), f"the top level must be a mapping, not {_describe_value(data)}")
        return report.problems
    _check_schema(data, report)
    _Meaning(data, report).run()
    unique: dict[tuple, Problem] = {}
    for problem in report.problems:
        unique.setdefault((problem.line, problem.column, problem.message), problem)
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.column or 0))


def validate_file(path, *, shown: str | None = None) -> tuple[Any, list[Problem]]:
    """Read and check one case file; returns ``(data, problems)``.

    ``data`` is the parsed content (``None`` if it could not be parsed); the file is
    valid when ``problems`` is empty.
    """
    shown = str(path) if shown is None else shown
    data, locator, problems = read_yaml(path, shown=shown)
    if data is None and problems:
        return None, problems
    return data, problems + check_case_data(data, locator, shown)
