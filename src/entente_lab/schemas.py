"""The JSON Schemas shipped in ``data/`` (case file, submission file), and jsonschema imported on first use."""

from __future__ import annotations

import json
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


@cache
def schema_validator(file_name: str) -> Any:
    """A Draft 2020-12 validator for ``data/<file_name>``, made on first use."""
    return import_jsonschema().Draft202012Validator(json_schema(file_name))
