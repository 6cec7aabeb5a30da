"""The JSON Schemas shipped in ``data/`` (case file, submission file), and jsonschema imported on first use."""

from __future__ import annotations

import json
import math
from functools import cache
from importlib.resources import files
from types import ModuleType
from typing import Any

__all__ = ["import_jsonschema", "json_schema", "schema_validator"]


@cache
def json_schema(file_name: str) -> dict[str, Any]:
    """The JSON Schema shipped as ``data/<file_name>`` (read once, then cached).

    >>> json_schema("submission.schema.json")["title"]
    'Entente Lab submission file'
    """
    text = (files("entente_lab") / "data" / file_name).read_text(encoding="utf-8")
    return json.loads(text)


def import_jsonschema() -> ModuleType:
    """The ``jsonschema`` package, imported without its optional ``rfc3987_syntax`` dependency.

    jsonschema imports the optional ``rfc3987_syntax`` package, when installed, to
    check the "iri" formats; that package compiles its grammars at import time
    (about 0.7 s here). Our schemas use no ``format`` keyword, so the import is
    blocked while jsonschema loads, the standard way (a ``None`` entry in
    ``sys.modules``), and the entry is removed again afterwards.
    """
    import sys

    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema
        import jsonschema.validators
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def _is_number(checker: Any, value: object) -> bool:
    """JSON Schema "number", strictly: finite and not a boolean."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_integer(checker: Any, value: object) -> bool:
    """JSON Schema "integer", strictly: written whole (JSON Schema itself admits ``1.0`` and ``0.0``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """``schema`` with every ``$ref`` to ``#/$defs/...`` replaced by its definition (our schemas have no cycles).

    jsonschema resolves a ``$ref`` anew for every value it checks; inlined, a schema
    checks a large file about three times as fast, with the same errors.

    >>> _inlined({"a": {"$ref": "#/$defs/x"}, "$defs": {"x": {"type": "string"}}}, {"x": {"type": "string"}})
    {'a': {'type': 'string'}}
    """
    if isinstance(schema, list):
        return [_inlined(part, defs) for part in schema]
    if not isinstance(schema, dict):
        return schema
    rest = {key: _inlined(value, defs) for key, value in schema.items() if key not in ("$defs", "$ref")}
    reference = schema.get("$ref")
    if not (isinstance(reference, str) and reference.startswith("#/$defs/")):
        return rest if reference is None else {**rest, "$ref": reference}
    resolved = _inlined(defs[reference.removeprefix("#/$defs/")], defs)
    if set(rest) <= {"description", "title"}:  # annotations only: merge them in
        return {**resolved, **rest}
    return {**rest, "allOf": [resolved]}  # a $ref beside other keywords applies both


@cache
def schema_validator(file_name: str, *, finite_numbers: bool = False) -> Any:
    """A Draft 2020-12 validator for ``data/<file_name>``, made on first use.

    Stricter than JSON Schema where our files need it: an "integer" must be written
    whole (``start: 0.0`` is refused, where JSON Schema accepts it); with
    ``finite_numbers``, a "number" must also be finite and not a boolean (the case
    validator leaves NaN to its own, more specific message). ``$ref`` keywords are inlined
    for speed.
    """
    jsonschema = import_jsonschema()
    base = jsonschema.Draft202012Validator
    types = {"integer": _is_integer, **({"number": _is_number} if finite_numbers else {})}
    checker = base.TYPE_CHECKER.redefine_many(types)
    schema = json_schema(file_name)
    return jsonschema.validators.extend(base, type_checker=checker)(_inlined(schema, schema.get("$defs", {})))
