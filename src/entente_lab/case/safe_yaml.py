"""Read a YAML file safely into plain data, remembering where every value stood.

Safe means: the file's size is checked before it is read, it must be UTF-8, only
plain YAML values are accepted (no language tags such as ``!!python/object``, which
are reported, never executed), aliases are refused (so an alias bomb costs
nothing), duplicate keys are reported instead of silently dropped, and a value a
tag cannot convert (``!!int abc``) is reported at its place. The work is bounded
whatever the bytes: the file is read event by event, without recursion, and
refused past :data:`MAX_NODES` values, :data:`MAX_DEPTH` levels of nesting or a
number written with more than :data:`MAX_NUMBER_CHARS` characters. Any error the
operating system gives while reading the file is reported in one line, never raised.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import MAX_PROBLEMS, MoreProblems, Problem, cap_problems, elide

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "MAX_NUMBER_CHARS", "Locator", "read_bytes", "read_yaml"]

#: Case files larger than this are refused before they are read.
MAX_BYTES = 5 * 1024 * 1024

#: At most this many values (texts, numbers, lists, mappings, keys included) in one
#: file; the bundled case has about 1,600. It bounds the time every later check takes.
MAX_NODES = 100_000

#: Lists and mappings nest at most this deep (a case file needs 5 levels).
MAX_DEPTH = 20

#: A number written with more characters than this is refused before it is
#: converted (a case file's numbers are offsets and weights).
MAX_NUMBER_CHARS = 40

try:  # libyaml is much faster; both keep line and column marks on every event
    _Loader: type = yaml.CSafeLoader
    _OFFSETS_IN_BYTES = True  # libyaml counts a reader error's position in UTF-8 bytes
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader
    _OFFSETS_IN_BYTES = False

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _TIMESTAMP, _MERGE = (f"{_TAG}{name}" for name in ("str", "null", "timestamp", "merge"))
_MAP, _SEQ = f"{_TAG}map", f"{_TAG}seq"
#: Tags whose value SafeConstructor converts, with the fix for a value it cannot.
_CONVERTED = {
    f"{_TAG}int": ("a whole number", "write a plain number such as 3, or quote it to make it text"),
    f"{_TAG}float": ("a number", "write a plain number such as 0.5, or quote it to make it text"),
    f"{_TAG}bool": ("true or false", "write true or false, or quote it to make it text"),
}

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
    """Line and column (from 1, in characters) of byte ``offset`` in UTF-8 ``text``.

    >>> _position("a: 1\\nb: é\\x01".encode(), 10)
    (2, 5)
    """
    start = text.rfind(b"\n", 0, offset) + 1
    column = len(text[start:offset].decode("utf-8", errors="replace")) + 1
    return text.count(b"\n", 0, offset) + 1, column


# --------------------------------------------------------------------------- the file

def _os_error(exc: OSError, path: Path, opening: bool) -> str:
    """One line for an error the operating system gave while finding or opening the file."""
    code = exc.errno
    if code == errno.ENOENT:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return "is a symbolic link to a file that does not exist; point the link at the case file"
        except OSError:
            pass
        return "no such file; check the path (a case file ends in .yaml)"
    if code == errno.ENOTDIR:
        return "no such file: a part of the path is a file, not a folder; check the path"
    if code == errno.ELOOP:
        return "is a symbolic link loop (the link leads back to itself); point the link at the case file"
    if code in (errno.EACCES, errno.EPERM):
        whose = "the file's permissions" if opening else "the folder's permissions"
        return f"cannot be read: permission denied; check {whose}"
    if code == errno.ENAMETOOLONG:
        return "cannot be read: a name in the path is too long (the limit is 255 bytes a name); use a shorter name"
    if code == errno.EISDIR:
        return "is a directory, not a case file; give the path of a .yaml file inside it"
    return f"cannot be read: {exc.strerror or type(exc).__name__}; check the path and its permissions"


def _not_regular(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "is a directory, not a case file; give the path of a .yaml file inside it"
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else \
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
        return f"is {kind}, not a regular file; give the path of a .yaml case file"
    return None


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, str | None]:
    """The file's bytes, or the reason they cannot be read; never raises an OSError.

    The file is opened without blocking and checked again once open, so a pipe put
    in its place meanwhile is refused instead of waiting forever.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "x.yaml").write_bytes(b"a: 1\\n")
    >>> read_bytes(folder / "x.yaml")
    (b'a: 1\\n', None)
    >>> read_bytes(folder)
    (None, 'is a directory, not a case file; give the path of a .yaml file inside it')
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        return None, _os_error(exc, path, opening=False) if isinstance(exc, OSError) else \
            "no such file: the path holds a NUL character; check the path"
    refusal = _not_regular(info.st_mode)
    if refusal is None and info.st_size > max_bytes:
        refusal = (f"the file is {info.st_size:,} bytes, over the limit of {max_bytes:,}; "
                   "a case file is plain text and much smaller, so check that this is the right file")
    if refusal:
        return None, refusal
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        return None, _os_error(exc, path, opening=True)
    try:
        refusal = _not_regular(os.fstat(descriptor).st_mode)
        if refusal:
            return None, refusal
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(descriptor, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, _os_error(exc, path, opening=True)
    finally:
        os.close(descriptor)
    if size > max_bytes:
        return None, f"the file is over the limit of {max_bytes:,} bytes"
    return b"".join(chunks), None


def _read_text(path: Path, shown: str, max_bytes: int, read: tuple[bytes | None, str | None] | None = None,
               ) -> tuple[str | None, list[Problem]]:
    def fail(message: str, line: int | None = None, column: int | None = None):
        return None, [Problem(shown, line, column, message)]

    raw, refusal = read_bytes(path, max_bytes) if read is None else read
    if raw is None:
        return fail(refusal or "cannot be read")
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


# --------------------------------------------------------------------------- the data

_NO_KEY = object()  # a mapping waiting for its next key
_DROP = object()  # the key of a value that is dropped (its key was already reported)


@dataclass(slots=True)
class _Frame:
    """A list or mapping being filled; ``path`` is ``None`` for one that is dropped."""

    value: Any
    path: PathKey | None
    key: Any = _NO_KEY
    first_seen: dict[str, int] = field(default_factory=dict)  # key to the line it was first given on


class _TooLarge(Exception):
    """The file is over a limit: reading stops at once; ``args[0]`` is the problem to report."""


class _Builder:
    """Builds plain data and a :class:`Locator` from YAML events, with a stack, not recursion."""

    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []
        self.hidden = 0
        self.locator = Locator()
        self.root: Any = None
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.documents = 0
        self.anchors: dict[str, yaml.Mark] = {}
        self.reported_anchors: set[str] = set()
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, mark: Any, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, message))
        else:
            self.hidden += 1

    def stop(self, mark: Any, message: str) -> None:
        raise _TooLarge(Problem(self.shown, mark.line + 1, mark.column + 1, message))

    def found(self, last: Problem | None = None) -> list[Problem]:
        """The problems found, capped; ``last``, the one that stopped reading, is always among those shown."""
        kept = self.problems[:MAX_PROBLEMS - 1] if last else self.problems
        hidden = self.hidden + len(self.problems) - len(kept)
        more = [MoreProblems.of(self.shown, hidden)] if hidden else []
        return cap_problems(kept + ([last] if last else []) + more)

    # -- where the next value goes

    def _slot(self) -> tuple[str, PathKey | None]:
        """``("root" | "item" | "key" | "value" | "drop", path)`` for the next value."""
        if not self.stack:
            return "root", ()
        parent = self.stack[-1]
        if parent.path is None:
            return "drop", None
        if isinstance(parent.value, list):
            return "item", parent.path + (len(parent.value),)
        if parent.key is _NO_KEY:
            return "key", None
        if parent.key is _DROP:
            return "value", None
        return "value", parent.path + (parent.key,)

    def _place(self, slot: str, path: PathKey | None, value: Any) -> None:
        if slot == "root":
            self.root = value
        elif slot == "item":
            self.stack[-1].value.append(value)
        elif slot == "value":
            parent = self.stack[-1]
            if path is not None:
                parent.value[parent.key] = value
            parent.key = _NO_KEY

    def _mark(self, path: PathKey | None, mark: Any) -> None:
        if path is not None:
            self.locator.marks[path] = (mark.line + 1, mark.column + 1)

    def _refuse(self, slot: str, path: PathKey | None) -> None:
        if path is not None:
            self.locator.refused.add(path)
        self._place(slot, path, None)

    # -- events

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            return
        if isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()
            return
        if not isinstance(event, yaml.NodeEvent):
            return  # stream start and end, document end
        self.nodes += 1
        if self.documents > 1:
            self.stop(event.start_mark, "the file holds several YAML documents (---); a case file is one")
        if self.nodes > MAX_NODES:
            self.stop(event.start_mark, f"the file holds more than {MAX_NODES:,} values (texts, numbers, lists, "
                                        "mappings); a case file holds a few thousand, so check that this is the right file")
        if isinstance(event, yaml.CollectionStartEvent) and len(self.stack) >= MAX_DEPTH:
            self.stop(event.start_mark, f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                                        "a case file needs five at most")
        slot, path = self._slot()
        if slot == "drop":
            if isinstance(event, yaml.CollectionStartEvent):
                self.stack.append(_Frame(None, None))
            return
        if getattr(event, "anchor", None) is not None and not isinstance(event, yaml.AliasEvent):
            self.anchors.setdefault(event.anchor, event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self._alias(event, slot, path)
        elif slot == "key":
            self._key(event)
        elif isinstance(event, yaml.ScalarEvent):
            self._mark(path, event.start_mark)
            self._scalar(event, slot, path)
        else:
            self._mark(path, event.start_mark)
            self._collection(event, slot, path)

    def _alias(self, event: yaml.AliasEvent, slot: str, path: PathKey | None) -> None:
        if event.anchor not in self.reported_anchors:
            self.reported_anchors.add(event.anchor)
            self.problem(
                self.anchors.get(event.anchor, event.start_mark),
                "the value anchored here (&name) is reused through an alias (*name); aliases "
                "are not allowed in case files, so write the value out in full",
            )
        if slot == "key":
            self.stack[-1].key = _DROP
            return
        self._mark(path, event.start_mark)
        self._refuse(slot, path)

    def _key(self, event: yaml.NodeEvent) -> None:
        parent = self.stack[-1]
        parent.key = _DROP
        if not isinstance(event, yaml.ScalarEvent):
            self.problem(event.start_mark, "a key must be plain text, not a list or mapping")
            self.stack.append(_Frame(None, None))  # the key's own items are dropped with it
            return
        if event.tag is None and self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit) == _MERGE:
            self.problem(event.start_mark, "merge keys (<<) are not allowed in case files; write the keys out")
            return
        key = event.value
        if key in parent.first_seen:
            self.problem(event.start_mark,
                         f"duplicate key {elide(key)} (first given on line {parent.first_seen[key]}); keep one")
            return
        parent.first_seen[key] = event.start_mark.line + 1
        parent.key = key

    def _tag(self, event: yaml.NodeEvent, kind: type) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if kind is not yaml.ScalarNode:  # an untagged list or mapping is just that
                return _MAP if kind is yaml.MappingNode else _SEQ
            tag = self.resolver.resolve(kind, event.value, event.implicit)
        return tag

    def _unsupported(self, event: yaml.NodeEvent, tag: str) -> None:
        self.problem(
            event.start_mark,
            f"unsupported YAML tag {elide(tag.replace(_TAG, '!!', 1))}; case files hold plain values only "
            "(text, numbers, true/false, lists and mappings), and tags are never executed",
        )

    def _scalar(self, event: yaml.ScalarEvent, slot: str, path: PathKey | None) -> None:
        tag = self._tag(event, yaml.ScalarNode)
        if tag in (_STR, _TIMESTAMP):  # dates stay text: "2024-01-15"
            self._place(slot, path, event.value)
        elif tag == _NULL:
            self._place(slot, path, None)
        elif tag in _CONVERTED:
            self._converted(event, tag, slot, path)
        else:
            self._unsupported(event, tag)
            self._refuse(slot, path)

    def _converted(self, event: yaml.ScalarEvent, tag: str, slot: str, path: PathKey | None) -> None:
        what, fix = _CONVERTED[tag]
        text = event.value
        if len(text) > MAX_NUMBER_CHARS and tag != f"{_TAG}bool":
            self.problem(event.start_mark, f"this number is written with {len(text):,} characters, more than "
                                           f"the {MAX_NUMBER_CHARS} a case file needs; {fix}")
            self._refuse(slot, path)
            return
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            value = type(self.constructor).yaml_constructors[tag](self.constructor, node)
        except (ArithmeticError, LookupError, TypeError, ValueError):  # whatever the converter raises
            shown_tag = tag.replace(_TAG, "!!", 1)
            self.problem(event.start_mark, f"{elide(text)} is not {what} (tag {shown_tag}); {fix}")
            self._refuse(slot, path)
            return
        self._place(slot, path, value)

    def _collection(self, event: yaml.CollectionStartEvent, slot: str, path: PathKey | None) -> None:
        is_map = isinstance(event, yaml.MappingStartEvent)
        tag = self._tag(event, yaml.MappingNode if is_map else yaml.SequenceNode)
        if tag != (_MAP if is_map else _SEQ):
            self._unsupported(event, tag)
            self._refuse(slot, path)
            self.stack.append(_Frame(None, None))
            return
        container: Any = {} if is_map else []
        self._place(slot, path, container)
        self.stack.append(_Frame(container, path))


def _syntax_problem(exc: yaml.YAMLError, text: str, shown: str) -> Problem:
    """One located line for a YAML error."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            start = exc.context_mark
            reason += f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return Problem(shown, line, column, f"YAML syntax error: {reason}")
    if isinstance(exc, yaml.reader.ReaderError):
        encoded = text.encode("utf-8")
        offset = exc.position if _OFFSETS_IN_BYTES else len(text[:exc.position].encode("utf-8"))
        line, column = _position(encoded, min(max(offset, 0), len(encoded)))
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        return Problem(shown, line, column, f"the file holds the control character U+{code:04X}, which YAML "
                                            "does not allow; delete it")
    return Problem(shown, None, None, f"YAML error: {exc}")  # cap_problems makes it one short line


def read_yaml(path: str | os.PathLike[str], *, shown: str | None = None, max_bytes: int = MAX_BYTES,
              read: tuple[bytes | None, str | None] | None = None) -> tuple[Any, Locator, list[Problem]]:
    """Read ``path`` as plain YAML data.

    Parameters
    ----------
    path : path-like
        The file to read.
    shown : str, optional
        How to name the file in problems (default: ``path`` as given).
    max_bytes : int
        Files larger than this are refused before parsing.
    read : (bytes or None, str or None), optional
        What :func:`read_bytes` returned for ``path``, when the caller has read it
        already (the file is then not read again).

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
    text, problems = _read_text(Path(path), shown, max_bytes, read)
    if text is None:
        return None, Locator(), problems
    builder = _Builder(shown)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.YAMLError as exc:
        return None, Locator(), builder.found(_syntax_problem(exc, text, shown))
    except _TooLarge as stop:
        return None, Locator(), builder.found(stop.args[0])
    if builder.documents == 0:
        return None, Locator(), [Problem(shown, 1, 1, "the file holds no YAML document")]
    return builder.root, builder.locator, builder.found()
