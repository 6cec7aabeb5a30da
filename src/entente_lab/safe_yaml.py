"""Read a YAML file safely into plain data, remembering where every value stood.

Safe means: the file's size is checked before it is read, it must be UTF-8, only
plain YAML values are accepted (no language tags such as ``!!python/object``, which
are reported, never executed), aliases are refused (so an alias bomb costs
nothing), and duplicate keys are reported instead of silently dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

__all__ = ["MAX_BYTES", "Locator", "read_yaml"]

#: Case files larger than this are refused before they are read.
MAX_BYTES = 5 * 1024 * 1024

try:  # libyaml is much faster; both keep line and column marks on every node
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_TAG}timestamp"
_MAP, _SEQ = f"{_TAG}map", f"{_TAG}seq"

PathKey = tuple[Any, ...]


@dataclass
class Locator:
    """Maps a path into the data (keys and indexes) to its (line, column) in the file.

    Examples
    --------
    >>> loc = Locator({(): (1, 1), ("factors",): (4, 3), ("factors", 0): (5, 5)})
    >>> loc.find(("factors", 0, "label"))
    (5, 5)
    >>> loc.find(("nowhere",))
    (1, 1)
    """

    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    #: Paths whose value was refused while reading (already reported): later checks
    #: stay quiet about them rather than report the same defect twice.
    refused: set[PathKey] = field(default_factory=set)

    def was_refused(self, path: PathKey) -> bool:
        """True when ``path`` or one of its ancestors was refused while reading."""
        path = tuple(path)
        return any(path[:n] in self.refused for n in range(len(path) + 1))

    def find(self, path: PathKey) -> tuple[int | None, int | None]:
        """The place of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (None, None)
            path = path[:-1]


def _position(text: bytes, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of byte ``offset`` in ``text``."""
    line = text.count(b"\n", 0, offset) + 1
    column = offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _read_text(path: Path, shown: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    def fail(message: str, line: int | None = None, column: int | None = None):
        return None, [Problem(shown, line, column, message)]

    if not path.exists():
        return fail("no such file; check the path (a case file ends in .yaml)")
    if path.is_dir():
        return fail("is a directory, not a case file; give the path of a .yaml file inside it")
    if not path.is_file():
        return fail("is not a regular file; give the path of a .yaml case file")
    size = path.stat().st_size
    if size > max_bytes:
        return fail(
            f"the file is {size:,} bytes, over the limit of {max_bytes:,}; "
            "a case file is plain text and much smaller, so check that this is the right file"
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return fail(f"cannot be read: {exc.strerror or exc}")
    if len(raw) > max_bytes:
        return fail(f"the file is over the limit of {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        return fail(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded); "
            "save it again with UTF-8 encoding",
            line,
            column,
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return fail("the file is empty; a case file needs at least 'format', 'id', 'turns' and 'factors'")
    return text, []


class _Builder:
    """Turns a composed YAML node tree into plain data plus a :class:`Locator`."""

    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []
        self.locator = Locator()
        self.seen: set[int] = set()
        self.reported_aliases: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.locator.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            self.locator.refused.add(path)
            if id(node) not in self.reported_aliases:
                self.reported_aliases.add(id(node))
                self.problem(
                    node,
                    "the value anchored here (&name) is reused through an alias (*name); aliases "
                    "are not allowed in case files, so write the value out in full",
                )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP:
            return node.value  # dates stay text: "2022-08-18"
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self.constructor.construct_object(node)
        self.locator.refused.add(path)
        tag = node.tag.replace(_TAG, "!!", 1)
        self.problem(
            node,
            f"unsupported YAML tag {tag!r}; case files hold plain values only "
            "(text, numbers, true/false, lists and mappings), and tags are never executed",
        )
        return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                self.problem(key_node, "merge keys (<<) are not allowed in case files; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key in first_seen:
                earlier = first_seen[key].start_mark.line + 1
                self.problem(key_node, f"duplicate key {key!r} (first given on line {earlier}); keep one")
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, path + (key,))
        return result


def read_yaml(path: str | os.PathLike[str], *, shown: str | None = None,
              max_bytes: int = MAX_BYTES) -> tuple[Any, Locator, list[Problem]]:
    """Read ``path`` as plain YAML data.

    Parameters
    ----------
    path : path-like
        The file to read.
    shown : str, optional
        How to name the file in problems (default: ``path`` as given).
    max_bytes : int
        Files larger than this are refused before parsing.

    Returns
    -------
    data, locator, problems
        ``data`` is ``None`` when the file could not be parsed at all; ``problems``
        lists every problem found, each with its line and column where one exists.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = f.write_text("a: 1\\nb: [x, y]\\n", encoding="utf-8")
    >>> data, locator, problems = read_yaml(f, shown="x.yaml")
    >>> data, locator.find(("b", 1)), problems
    ({'a': 1, 'b': ['x', 'y']}, (2, 8), [])
    >>> _ = f.write_text("a: 1\\na: 2\\n", encoding="utf-8")
    >>> [str(p) for p in read_yaml(f, shown="x.yaml")[2]]
    ["x.yaml:2:1: duplicate key 'a' (first given on line 1); keep one"]
    """
    shown = str(path) if shown is None else shown
    text, problems = _read_text(Path(path), shown, max_bytes)
    if text is None:
        return None, Locator(), problems
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            start = exc.context_mark
            reason += f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, Locator(), [Problem(shown, line, column, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, Locator(), [Problem(shown, None, None, f"YAML error: {exc}")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None, Locator(), [Problem(shown, 1, 1, "the file holds no YAML document")]
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        return None, Locator(), [Problem(shown, mark.line + 1, mark.column + 1,
                                         "the file holds several YAML documents (---); a case file is one")]
    builder = _Builder(shown)
    data = builder.build(nodes[0], ())
    return data, builder.locator, builder.problems
