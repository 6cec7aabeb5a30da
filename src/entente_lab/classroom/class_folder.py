"""A class folder on a hub's shared volume: students hand in with one click, the instructor reads as files arrive.

The layout follows nbgrader's exchange directory (its ``inbound`` folder)::

    CLASS/                  0755, the instructor's: everyone may enter and read, only the instructor writes
    CLASS/class.json        0644: the title, the case (id, content hash, scoring fingerprint), the time created
    CLASS/inbound/          3733 (sticky bit, set-group-id): everyone may add a file, no one but the instructor
                            may list the folder; only a file's owner (and the instructor) may rename or remove it;
                            new files take the folder's group, the instructor's
    CLASS/inbound/USER+TIME+RANDOM.json
                            0640: a hand-in, readable by its owner and the instructor's group only

Who handed a file in is the file's **owner** (its ``st_uid``, as the system
recorded it), never the name in the file name or in the file: a student can
name a file after someone else, but cannot make it theirs. The name typed in
the notebook is only a display name. A file named for one user and owned by
another counts as its owner's, and is flagged (:attr:`ClassState.misnamed`).

:func:`hand_in` writes a submission into ``inbound/`` atomically, never
overwriting and never following a link; :class:`ClassInbox` reads the folder
incrementally (only new or changed files) with every limit of the submission
reader, and reports; it never raises on what it finds.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from .._version import __version__
from ..analysis.model import scoring_fingerprint
from ..atomic import write_atomic
from ..case.records import Case
from ..errors import EntenteLabError, elide
from .aggregate import ClassReport, Skipped, newest_per
from .submission_file import (
    MAX_NAME_CHARS,
    MAX_SUBMISSION_BYTES,
    REASONS,
    SubmissionError,
    bad_character,
    check_format,
    format_saved_at,
    parse,
    parse_saved_at,
    read_regular_file,
)
from .submissions import STALE_TEMP_SECONDS, Submission, encode_submission, read_submission

try:  # the owners' names; not on Windows, where a class folder is not supported anyway
    import pwd
except ImportError:  # pragma: no cover
    pwd = None  # type: ignore[assignment]

__all__ = [
    "CLASS_FILE", "CLASS_FILE_MODE", "CLASS_FOLDER_VARIABLE", "FOLDER_MODE", "HAND_IN_MODE", "INBOUND", "INBOUND_MODE",
    "MAX_INBOUND_ENTRIES", "ClassFolder", "ClassFolderError", "ClassInbox", "ClassState", "HandIn", "SkippedHandIn",
    "SHOWN_SKIPS", "class_folder_from_environment", "create_class", "hand_in", "hand_in_user", "owner_name", "skips_in_brief",
]

#: The environment variable a hub administrator sets for every user: the path of the class folder.
CLASS_FOLDER_VARIABLE = "ENTENTE_LAB_CLASS"
#: The file that makes a folder a class folder.
CLASS_FILE = "class.json"
#: The folder students hand in to.
INBOUND = "inbound"
#: The class folder: everyone may enter and read it; only the instructor writes.
FOLDER_MODE = 0o755
#: ``class.json``: read by all, written by the instructor.
CLASS_FILE_MODE = 0o644
#: ``inbound/``: written and entered by all, listed by the instructor only; the sticky bit keeps each
#: file its owner's (nobody else renames or removes it); set-group-id gives new files the instructor's group.
INBOUND_MODE = stat.S_ISVTX | stat.S_ISGID | 0o733
#: A hand-in: its owner writes it, the instructor's group (the folder's) reads it, nobody else.
HAND_IN_MODE = 0o640
#: A hand-in when the file system did not give it the folder's group: readable by all who know its (random) name.
_HAND_IN_MODE_WITHOUT_GROUP = 0o644
#: At most this many entries of ``inbound/`` are looked at in one refresh (a student cannot make it endless).
MAX_INBOUND_ENTRIES = 10_000
#: The largest ``class.json`` read.
_MAX_CLASS_FILE_BYTES = 100_000
_CLASS_SCHEMA = "entente-lab-class"
_CLASS_SCHEMA_VERSION = 1
#: Longest class title, in characters.
_MAX_TITLE_CHARS = MAX_NAME_CHARS
#: A hand-in's file name: ``USER+TIME+RANDOM.json``; the user part is the name the file claims, never trusted.
_HAND_IN_NAME = re.compile(r"(?P<user>[^+/]{1,64})\+(?P<time>[0-9]{8}T[0-9]{6}\.[0-9]{6}Z)\+(?P<random>[0-9a-f]{16})\.json")
#: The temporary file of a hand-in in progress: ``.`` + the hand-in's name + ``.tmp``.
_TEMP_NAME = re.compile(r"\.[^/]+\.json\.tmp")
#: Characters kept in the user part of a file name (others become ``_``).
_NAME_CHARS = re.compile(r"[^A-Za-z0-9._@-]")


class ClassFolderError(EntenteLabError):
    """A class folder cannot be created, opened or handed in to; the message is one line: the file, the problem, the fix."""


def _one_line(path: str | os.PathLike[str], problem: str) -> ClassFolderError:
    return ClassFolderError(f"{os.fspath(path)}: {problem}")


def _why(error: OSError) -> str:
    """An ``OSError``'s cause in words, without ``[Errno N]``."""
    return error.strerror or str(error)


# --------------------------------------------------------------------------- owners

def owner_name(uid: int) -> str:
    """The login name of the user ``uid``, or ``"uid N"`` when the system knows no such user.

    >>> owner_name(0)
    'root'
    >>> owner_name(2**31 - 7)
    'uid 2147483641'
    """
    if pwd is not None:
        try:
            return pwd.getpwuid(uid).pw_name
        except (KeyError, OverflowError):
            pass
    return f"uid {uid}"


def hand_in_user(environ: Mapping[str, str] = os.environ) -> str:
    """Who is handing in: the hub user (``JUPYTERHUB_USER``), else this process's login name.

    >>> hand_in_user({"JUPYTERHUB_USER": "ana.lima"})
    'ana.lima'
    """
    user = environ.get("JUPYTERHUB_USER", "").strip()
    if user:
        return user
    return owner_name(os.getuid()) if hasattr(os, "getuid") else environ.get("USERNAME", "student")


def _file_name_part(user: str) -> str:
    """``user`` as the first part of a hand-in's file name: no ``+``, ``/`` or leading dot, at most 64 characters.

    >>> _file_name_part("../ana+x")
    '_._ana_x'
    >>> _file_name_part(".hidden")
    '_hidden'
    """
    part = _NAME_CHARS.sub("_", user)[:64]
    if part.startswith("."):
        part = "_" + part[1:]
    return part if part not in ("", ".", "..") else "student"


# --------------------------------------------------------------------------- the folder

@dataclass(frozen=True)
class ClassFolder:
    """A class folder made by :func:`create_class`: where it is, and what ``class.json`` records.

    Attributes
    ----------
    path : pathlib.Path
        The class folder.
    title : str
        The class's title, as the instructor gave it.
    case_id, case_title, content_hash, scoring_hash : str
        The case the class weighs: its id and title, the content hash of its file and
        its scoring fingerprint (:func:`~entente_lab.analysis.model.scoring_fingerprint`).
    created_at : str
        When the class was created, in UTC (ISO 8601).
    """

    path: Path
    title: str
    case_id: str
    case_title: str
    content_hash: str
    scoring_hash: str
    created_at: str

    @property
    def inbound(self) -> Path:
        """The folder students hand in to."""
        return self.path / INBOUND

    @property
    def class_file(self) -> Path:
        """The class's ``class.json``."""
        return self.path / CLASS_FILE

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> ClassFolder:
        """The class folder at ``path``; a :class:`ClassFolderError` (one line, with the fix) when it is not one.

        Examples
        --------
        >>> import tempfile
        >>> ClassFolder.open(tempfile.mkdtemp())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        entente_lab.classroom.class_folder.ClassFolderError: ...: no class.json here, so this is not a class folder; ...
        """
        folder = Path(path)
        try:
            info = os.stat(folder)
        except FileNotFoundError:
            raise _one_line(folder, "no such folder; check the path, or create the class: "
                                    "entente-lab class create PATH") from None
        except (OSError, ValueError) as error:
            raise _one_line(folder, f"cannot be opened ({_why(error) if isinstance(error, OSError) else error}); "
                                    "check the path and its permissions") from None
        if not stat.S_ISDIR(info.st_mode):
            raise _one_line(folder, "is a file, not a class folder; give the folder made by entente-lab class create")
        class_file = folder / CLASS_FILE
        try:
            data, _ = read_regular_file(class_file, _MAX_CLASS_FILE_BYTES, follow_symlinks=False)
        except SubmissionError as error:
            if error.reason == "not-found":
                raise _one_line(folder, "no class.json here, so this is not a class folder; create one with "
                                        "entente-lab class create PATH, or check the path") from None
            raise _one_line(class_file, f"{REASONS[error.reason]}: {error.message}") from None
        made = cls._from_json(folder, data)
        try:
            inbound = os.lstat(made.inbound)
        except OSError as error:
            raise _one_line(made.inbound, f"cannot be found ({_why(error)}); students hand in there: create the "
                                          "class again with entente-lab class create") from None
        if not stat.S_ISDIR(inbound.st_mode):
            raise _one_line(made.inbound, "is not a folder (a link or a file); students hand in there: create the "
                                          "class again with entente-lab class create")
        return made

    @classmethod
    def _from_json(cls, folder: Path, data: bytes) -> ClassFolder:
        shown = folder / CLASS_FILE
        fix = "create the class again with entente-lab class create"
        try:
            record = parse(data, os.fspath(shown))
        except SubmissionError as error:
            raise _one_line(shown, f"{REASONS[error.reason]}: {error.message}; {fix}") from None
        if record.get("schema") != _CLASS_SCHEMA:
            raise _one_line(shown, f'no "schema": "{_CLASS_SCHEMA}" field, so this is not a class file; {fix}')
        version = record.get("schema_version")
        if version != _CLASS_SCHEMA_VERSION or isinstance(version, bool):
            raise _one_line(shown, f"schema version {elide(version)}; entente-lab {__version__} reads version "
                                   f"{_CLASS_SCHEMA_VERSION} (a newer class needs a newer entente-lab)")
        case = record.get("case")
        fields = {"title": record.get("title"), "created_at": record.get("created_at")}
        if isinstance(case, dict):
            fields.update({f"case.{key}": case.get(key) for key in ("id", "title", "content_hash", "scoring_hash")})
        else:
            fields["case"] = case
        for key, value in fields.items():
            if not isinstance(value, str) or (key != "case.title" and not value.strip()):
                raise _one_line(shown, f"{key} is {elide(value)}, not a text; {fix}")
        try:
            parse_saved_at(record["created_at"])
        except ValueError as error:
            raise _one_line(shown, f"created_at: {error}; {fix}") from None
        return cls(folder, record["title"], case["id"], case["title"], case["content_hash"], case["scoring_hash"],
                   record["created_at"])

    def case_problem(self, case: Case) -> str | None:
        """Why ``case`` is not the class's case (one line with the fix), or ``None`` when it is.

        The same case, or a version of its file that scores the same (the same scoring fingerprint), is the class's.
        """
        if case.id != self.case_id:
            return (f"{self.class_file}: the class weighs case {self.case_id!r}, but the case loaded is {case.id!r}; "
                    f"load the class's case file (set ENTENTE_LAB_CASE to it)")
        if case.content_hash != self.content_hash and scoring_fingerprint(case) != self.scoring_hash:
            return (f"{self.class_file}: the class weighs another version of case {case.id!r}, which scores "
                    "differently; load the version the class was created with")
        return None

    def permission_problems(self) -> list[str]:
        """One line for each way the folder's permissions differ from :func:`create_class`'s (empty when none).

        Students could list or remove each other's hand-ins through a folder whose
        permissions were changed; the instructor's view shows these lines.
        """
        lines = []
        for path, expected, what in ((self.path, FOLDER_MODE, "the class folder"), (self.inbound, INBOUND_MODE, "inbound")):
            try:
                mode = stat.S_IMODE(os.lstat(path).st_mode)
            except OSError as error:
                lines.append(f"{path}: cannot be checked ({_why(error)})")
                continue
            if mode & 0o022 and path == self.path:
                lines.append(f"{path}: {what} is writable by others (mode {mode:04o}); run chmod {expected:04o} on it")
            if path == self.inbound:
                if mode & stat.S_IROTH:
                    lines.append(f"{path}: students can list each other's hand-ins (mode {mode:04o}); "
                                 f"run chmod {expected:04o} on it")
                if not mode & stat.S_ISVTX:
                    lines.append(f"{path}: without the sticky bit students can remove each other's hand-ins "
                                 f"(mode {mode:04o}); run chmod {expected:04o} on it")
        return lines


def _case_record(case: Case) -> dict[str, str]:
    return {"id": case.id, "title": case.source.title, "content_hash": case.content_hash,
            "scoring_hash": scoring_fingerprint(case)}


def _check_title(title: str) -> str:
    if not isinstance(title, str):
        raise ClassFolderError(f"the title is {type(title).__name__}, not a text; give the title as text")
    title = " ".join(title.split()) if "\n" in title else title.strip()
    if not title:
        raise ClassFolderError("the title is empty; give the class a title (--title)")
    if len(title) > _MAX_TITLE_CHARS:
        raise ClassFolderError(f"the title is {len(title):,} characters; the limit is {_MAX_TITLE_CHARS:,}: shorten it")
    problem = bad_character(title, breaks_allowed=False)
    if problem is not None:
        raise ClassFolderError(f"the title holds {problem}")
    return title


def create_class(path: str | os.PathLike[str], *, case: Case, title: str | None = None) -> ClassFolder:
    """Create a class folder at ``path`` for ``case`` (see the module's layout), owned by the calling user.

    ``path`` must not exist, or be an empty folder; anything else is refused with a
    one-line :class:`ClassFolderError`, and nothing is changed. Run it as the
    instructor: the instructor owns the folder, reads every hand-in and alone can
    list them.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case
    >>> folder = create_class(Path(tempfile.mkdtemp()) / "seminar", case=load_case(), title="Tuesday seminar")
    >>> folder.title, oct(os.stat(folder.inbound).st_mode & 0o7777)
    ('Tuesday seminar', '0o3733')
    >>> create_class(folder.path, case=load_case())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.classroom.class_folder.ClassFolderError: .../seminar: the folder is not empty; ...
    """
    title = _check_title(case.source.title if title is None else title)
    folder = Path(path)
    made_folder = _make_empty_folder(folder)
    inbound = folder / INBOUND
    created = format_saved_at(datetime.now(timezone.utc))
    record = {"schema": _CLASS_SCHEMA, "schema_version": _CLASS_SCHEMA_VERSION, "title": title,
              "case": _case_record(case), "created_at": created, "package_version": __version__}
    try:
        os.chmod(folder, FOLDER_MODE)
        os.mkdir(inbound, 0o700)
        os.chmod(inbound, INBOUND_MODE)
        written = write_atomic(folder / CLASS_FILE, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        os.chmod(written, CLASS_FILE_MODE)
    except OSError as error:
        _undo(folder, made_folder)
        raise _one_line(folder, f"cannot create the class ({_why(error)}); choose a folder you can write to on the "
                                "shared volume") from None
    return ClassFolder(folder, title, *(_case_record(case)[k] for k in ("id", "title", "content_hash", "scoring_hash")),
                       created)


def _make_empty_folder(folder: Path) -> bool:
    """Make ``folder`` (its parents too) or check that it is an empty folder; whether it was made here."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as error:
        raise _one_line(folder, f"cannot be checked ({_why(error) if isinstance(error, OSError) else error}); "
                                "check the path") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise _one_line(folder, "is a symbolic link; give the folder itself (a link is not followed)")
        if not stat.S_ISDIR(info.st_mode):
            raise _one_line(folder, "is a file; give a new folder for the class")
        try:
            with os.scandir(folder) as entries:
                if next(entries, None) is not None:
                    raise _one_line(folder, "the folder is not empty; give a new folder for the class (an existing "
                                            "class is opened, not created again)")
        except OSError as error:
            raise _one_line(folder, f"cannot be read ({_why(error)}); check its permissions") from None
        return False
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(folder, 0o700)
    except OSError as error:
        raise _one_line(folder, f"cannot create the folder ({_why(error)}); choose a folder you can write to on "
                                "the shared volume") from None
    return True


def _undo(folder: Path, made_folder: bool) -> None:
    """Remove what a failed :func:`create_class` made (best effort)."""
    for path in (folder / CLASS_FILE, folder / INBOUND):
        try:
            os.rmdir(path) if path.name == INBOUND else os.unlink(path)
        except OSError:
            pass
    if made_folder:
        try:
            os.rmdir(folder)
        except OSError:
            pass


def class_folder_from_environment(environ: Mapping[str, str] = os.environ) -> ClassFolder | None:
    """The class folder named by :data:`CLASS_FOLDER_VARIABLE`, or ``None`` when it is unset or empty.

    A path that is not a class folder gives a one-line :class:`ClassFolderError`
    naming the variable, the problem and the fix.

    >>> class_folder_from_environment({}) is None
    True
    >>> class_folder_from_environment({CLASS_FOLDER_VARIABLE: "/nowhere"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.classroom.class_folder.ClassFolderError: ENTENTE_LAB_CLASS names /nowhere: no such folder; ...
    """
    value = environ.get(CLASS_FOLDER_VARIABLE, "")
    if not value.strip():
        return None
    try:
        return ClassFolder.open(value)
    except ClassFolderError as error:
        message = str(error)
        if message.startswith(value + ": "):
            message = message[len(value) + 2:]
        raise ClassFolderError(f"{CLASS_FOLDER_VARIABLE} names {value}: {message}") from None


# --------------------------------------------------------------------------- handing in

@dataclass(frozen=True)
class HandIn:
    """A hand-in made by :func:`hand_in`: the file, the user it belongs to, when, and a line saying so."""

    path: Path
    user: str
    saved: datetime
    message: str


def _payload(folder: ClassFolder, submission: Mapping[str, Any] | bytes) -> bytes:
    """The submission's bytes, checked as the instructor's reader checks them, for the class's case."""
    if isinstance(submission, (bytes, bytearray, memoryview)):
        data = bytes(submission)
    elif isinstance(submission, Mapping):
        try:
            data = encode_submission(submission)
        except (TypeError, ValueError) as error:
            raise ClassFolderError(f"the work cannot be written as a submission file ({error}); save it again") from None
    elif hasattr(submission, "to_dict"):
        data = encode_submission(submission.to_dict())
    else:
        raise ClassFolderError(f"a hand-in is a submission file's bytes or its data, not {type(submission).__name__}")
    if len(data) > MAX_SUBMISSION_BYTES:
        raise ClassFolderError(f"the submission is {len(data):,} bytes; the limit is {MAX_SUBMISSION_BYTES:,}: shorten "
                               "the written verdict")
    try:
        checked = check_format(parse(data)).data
    except SubmissionError as error:
        raise ClassFolderError(f"not handed in: {error}; save your work again, then hand it in") from None
    case = checked["case"]
    if case["id"] != folder.case_id:
        raise ClassFolderError(f"not handed in: this work weighs case {case['id']!r}, the class {folder.title!r} "
                               f"weighs {folder.case_id!r}; open the class's case, save, then hand in")
    if case["content_hash"] != folder.content_hash and case["scoring_hash"] != folder.scoring_hash:
        raise ClassFolderError(f"not handed in: this work was saved against another version of case {folder.case_id!r}, "
                               "which scores differently; update the lab, save again, then hand in")
    return data


def _hand_in_problem(folder: ClassFolder, error: OSError) -> ClassFolderError:
    """A failed hand-in in one line: what happened and what to do (the local save is kept by the caller)."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why = "the shared volume is full; tell your instructor, and keep your saved file"
    elif code in (errno.EACCES, errno.EPERM):
        why = "you may not write to it (permission denied); tell your instructor, and keep your saved file"
    elif code == errno.EROFS:
        why = "the shared volume is read-only; tell your instructor, and keep your saved file"
    elif code in (errno.ENOENT, errno.ENOTDIR):
        why = "its inbound folder is missing; tell your instructor, and keep your saved file"
    else:
        why = f"{_why(error)}; try again, or tell your instructor, and keep your saved file"
    return ClassFolderError(f"cannot hand in to {folder.inbound}: {why}")


def hand_in(folder: ClassFolder, submission: Mapping[str, Any] | bytes, *, user: str | None = None) -> HandIn:
    """Hand a submission in to the class: a new file in ``inbound/``, written atomically, never overwriting.

    The file is named ``USER+TIME+RANDOM.json`` (``USER`` from ``user``, by default
    :func:`hand_in_user`; ``TIME`` in UTC to the microsecond; 16 random hexadecimal
    digits), so nobody can guess its name. It is first written to a new temporary
    file (``O_CREAT | O_EXCL | O_NOFOLLOW``: never a file or link already there),
    fsynced, given mode :data:`HAND_IN_MODE` and then linked to its final name
    (``os.link`` fails rather than replace anything), and the temporary name is
    removed. The file's owner, the calling user, is who the instructor's reader
    counts it for; the name typed in the work stays its display name.

    Parameters
    ----------
    folder : ClassFolder
        The class (see :func:`class_folder_from_environment`).
    submission : bytes or mapping
        The bytes of the submission file the student saved (or its data). It is
        checked as the instructor's reader checks it, and must weigh the class's case.
    user : str, optional
        The user the file name names.

    Raises
    ------
    ClassFolderError
        One line: the work is not a submission for this class, or the folder cannot
        be written (full, read-only, no permission), with what to do. The caller keeps
        the student's own saved file.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case, save_weighting
    >>> case = load_case()
    >>> folder = create_class(Path(tempfile.mkdtemp()) / "class", case=case)
    >>> saved = save_weighting(case, {}, name="Ana", folder=tempfile.mkdtemp())
    >>> done = hand_in(folder, saved.read_bytes(), user="ana")
    >>> done.path.parent == folder.inbound, done.path.name.startswith("ana+"), oct(done.path.stat().st_mode & 0o777)
    (True, True, '0o640')
    """
    payload = _payload(folder, submission)
    user = hand_in_user() if user is None else user
    part = _file_name_part(user)
    inbound = folder.inbound
    for _attempt in range(5):
        saved = datetime.now(timezone.utc)
        name = f"{part}+{saved:%Y%m%dT%H%M%S.%fZ}+{secrets.token_hex(8)}.json"
        try:
            if _write_new(inbound, name, payload):
                break
        except OSError as error:
            raise _hand_in_problem(folder, error) from None
    else:  # pragma: no cover - five random names taken in a row
        raise ClassFolderError(f"cannot hand in to {inbound}: no free file name; try again")
    message = (f"Handed in to {folder.title} as {user} at {saved:%H:%M:%S} UTC. Handing in again replaces this "
               "hand-in in the class's count (the newest counts); nothing is deleted.")
    return HandIn(inbound / name, user, saved, message)


def _write_new(inbound: Path, name: str, payload: bytes) -> bool:
    """Write ``payload`` to ``inbound/name`` unless that name is taken (``False``); ``OSError`` on failure."""
    temp = inbound / f".{name}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(temp, flags, 0o600)
    except FileExistsError:  # something (a link?) has the temporary name: left alone, another name is tried
        return False
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(descriptor, view):]
            folder_group = os.stat(inbound).st_gid
            inherited = os.fstat(descriptor).st_gid == folder_group
            os.fchmod(descriptor, HAND_IN_MODE if inherited else _HAND_IN_MODE_WITHOUT_GROUP)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temp, inbound / name, follow_symlinks=False)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.ENOTSUP):
                raise
            _copy_without_links(temp, inbound / name, payload)
        return True
    finally:
        try:
            os.unlink(temp)
        except OSError:
            pass


def _copy_without_links(temp: Path, target: Path, payload: bytes) -> None:
    """On a file system without hard links: write ``target`` anew (``O_EXCL``: never an existing file or link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(target, flags, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(descriptor, view):]
        os.fchmod(descriptor, stat.S_IMODE(os.stat(temp).st_mode))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class SkippedHandIn(Skipped):
    """An entry of ``inbound/`` that was not counted, and why; ``user`` is its owner (who put it there)."""

    user: str = ""


#: How many files not counted are listed one by one; the rest are counted by reason and owner.
SHOWN_SKIPS = 20


def skips_in_brief(skipped: Sequence[Skipped], *, hide_names: bool = False,
                   limit: int = SHOWN_SKIPS) -> tuple[int, str | None]:
    """How many of ``skipped`` to list one by one, and a sentence for the rest (``None`` when all are listed).

    A student can drop thousands of files in ``inbound/``: the instructor sees the first
    ``limit`` and, for the rest, how many of each reason and who put them there.

    Examples
    --------
    >>> many = [SkippedHandIn(f"x{i}.json", "empty", "the file is empty", "eve") for i in range(25)]
    >>> skips_in_brief(many, limit=20)
    (20, 'and 5 more files not counted: 5 empty file (put there by eve)')
    >>> skips_in_brief(many, limit=20, hide_names=True)
    (20, 'and 5 more files not counted: 5 empty file')
    >>> skips_in_brief(many[:3])
    (3, None)
    """
    if len(skipped) <= limit:
        return len(skipped), None
    rest = Counter((skip.reason, "" if hide_names else getattr(skip, "user", "")) for skip in skipped[limit:])
    parts = [f"{n} {REASONS.get(reason, reason)}" + (f" (put there by {user})" if user else "")
             for (reason, user), n in rest.most_common()]
    return limit, f"and {len(skipped) - limit} more files not counted: " + "; ".join(parts)


class _Key(NamedTuple):
    """What says that an entry of ``inbound/`` is unchanged since it was read."""

    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    uid: int
    mode: int


class _Read(NamedTuple):
    """What one entry gave: its owner, and a submission or the reason it was skipped."""

    user: str
    submission: Submission | None
    skipped: SkippedHandIn | None
    other_case: Submission | None = None


@dataclass(frozen=True)
class ClassState:
    """What :meth:`ClassInbox.refresh` found in the class folder.

    Attributes
    ----------
    report : ClassReport
        The class: ``report.submissions`` holds each user's newest hand-in (oldest
        first), ``report.superseded`` the earlier ones it replaced (kept, not counted),
        ``report.skipped`` every entry not counted, with its reason.
    users : tuple of str
        Who handed in (the owners of the counted hand-ins), in the order of
        ``report.submissions``.
    owners : mapping of str to str
        Each good hand-in's path to its owner (counted and replaced ones).
    misnamed : tuple of (str, str, str)
        ``(path, name in the file name, owner)`` for each file named for a user other
        than its owner: it counts as its owner's.
    changed : bool
        Whether anything in ``inbound/`` changed since the refresh before (always true
        for the first).
    problem : str or None
        Why ``inbound/`` could not be read this time (one line), or ``None``; the
        report is then the last one read.
    read : int
        How many files this refresh read (new or changed ones).
    """

    report: ClassReport
    users: tuple[str, ...] = ()
    owners: Mapping[str, str] = field(default_factory=dict)
    misnamed: tuple[tuple[str, str, str], ...] = ()
    changed: bool = True
    problem: str | None = None
    read: int = 0

    @property
    def n_handed_in(self) -> int:
        """How many users have handed in."""
        return len(self.users)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """Every entry not counted, with its reason (the report's)."""
        return self.report.skipped

    @property
    def replaced(self) -> tuple[Submission, ...]:
        """Earlier hand-ins replaced in the count by a newer one of the same user (kept on disk)."""
        return self.report.superseded

    def owner(self, submission: Submission) -> str:
        """The user a hand-in belongs to."""
        return self.owners.get(submission.path, "")

    def notices(self) -> list[str]:
        """One line for each thing the instructor should know: misnamed files, one account for all, the folder."""
        lines = [f"{path}: named for {named!r} but owned by {owner!r}: counted as a hand-in of {owner!r}"
                 for path, named, owner in self.misnamed]
        owners = set(self.owners.values())
        claimed = {named for _path, named, _owner in self.misnamed}
        if len(owners) == 1 and len(claimed) > 1:
            (owner,) = owners
            lines.append(f"every hand-in belongs to the account {owner!r}, though they are named for {len(claimed)} "
                         "users: this hub runs every student under one account, so the class folder cannot tell "
                         "students apart; give each student their own account (user id)")
        if self.problem:
            lines.append(self.problem)
        return lines

    def summary(self) -> str:
        """One line: who handed in, how many earlier hand-ins were replaced, what was skipped and why.

        >>> from entente_lab import load_case
        >>> ClassState(ClassReport(load_case(), ())).summary()
        '0 students handed in; skipped 0.'
        """
        n = self.n_handed_in
        line = f"{n} student{'s' if n != 1 else ''} handed in"
        if self.replaced:
            count = len(self.replaced)
            line += f" ({count} earlier hand-in{'s' if count != 1 else ''} replaced by a newer one; the newest counts)"
        rest = self.report.summary().split("; skipped ", 1)[1]
        return f"{line}; skipped {rest}"


class ClassInbox:
    """The instructor's reader of a class folder: each :meth:`refresh` reads only new or changed files.

    Each refresh lists ``inbound/`` (at most :data:`MAX_INBOUND_ENTRIES` entries),
    looks at each entry without following links (``lstat``), and reads a regular
    file only when it is new or changed since it was last read (same name, inode,
    size, modification and change times, owner and mode: unchanged). A file is read
    with every limit of the submission reader (its size, its depth, its fields),
    without following a link (``O_NOFOLLOW``) and without blocking on a pipe
    (``O_NONBLOCK``). Links, pipes, folders, devices, files over the size limit and
    bad files are listed in the report's ``skipped``, with their reason and owner;
    the rest still count. A temporary file of a hand-in in progress is left alone
    for :data:`~entente_lab.classroom.submissions.STALE_TEMP_SECONDS` seconds, then
    listed as a hand-in that did not finish.

    Each user's newest hand-in counts (by its saved time; see
    :func:`~entente_lab.classroom.aggregate.newest_per`); the earlier ones are kept
    and listed as replaced. The user is the file's owner.

    Parameters
    ----------
    folder : ClassFolder or path-like
        The class folder.
    case : Case, optional
        The class's case; by default the bundled one (or ``$ENTENTE_LAB_CASE``). It
        must be the case the class was created for (:meth:`ClassFolder.case_problem`).
    accept_other_versions : bool
        As for :func:`~entente_lab.aggregate`.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case, save_weighting
    >>> case = load_case()
    >>> folder = create_class(Path(tempfile.mkdtemp()) / "class", case=case)
    >>> inbox = ClassInbox(folder, case=case)
    >>> inbox.refresh().n_handed_in
    0
    >>> _ = hand_in(folder, save_weighting(case, {}, name="Ana", folder=tempfile.mkdtemp()).read_bytes())
    >>> state = inbox.refresh()
    >>> state.n_handed_in, state.changed, state.read, state.report.submissions[0].name
    (1, True, 1, 'Ana')
    >>> later = inbox.refresh()
    >>> later.changed, later.read
    (False, 0)
    """

    def __init__(self, folder: ClassFolder | str | os.PathLike[str], *, case: Case | None = None,
                 accept_other_versions: bool = False) -> None:
        from ..case.loading import load_case

        self.folder = folder if isinstance(folder, ClassFolder) else ClassFolder.open(folder)
        self.case = load_case() if case is None else case
        problem = self.folder.case_problem(self.case)
        if problem is not None:
            raise ClassFolderError(problem)
        self.accept_other_versions = accept_other_versions
        self._seen: dict[str, tuple[_Key, _Read]] = {}
        self._users: dict[int, str] = {}
        self.state: ClassState | None = None

    def refresh(self) -> ClassState:
        """Read what is new or changed in ``inbound/`` and return the class as it stands; never raises."""
        inbound = self.folder.inbound
        try:
            descriptor = os.open(inbound, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            return self._unreadable(f"{inbound}: cannot be read ({_why(error)}); run the instructor's view as the user "
                                    "who created the class")
        try:
            try:
                with os.scandir(descriptor) as listing:
                    names = [entry.name for entry in islice(listing, MAX_INBOUND_ENTRIES + 1)]
            except OSError as error:
                return self._unreadable(f"{inbound}: cannot be listed ({_why(error)}); run the instructor's view as "
                                        "the user who created the class")
            overflow = len(names) > MAX_INBOUND_ENTRIES
            names = sorted(names[:MAX_INBOUND_ENTRIES])
            seen: dict[str, tuple[_Key, _Read]] = {}
            read = 0
            for name in names:
                looked = self._look(descriptor, name)
                if looked is None:
                    continue
                key, known = looked
                previous = self._seen.get(name)
                if previous is not None and previous[0] == key:
                    seen[name] = previous
                    continue
                seen[name] = (key, known if known is not None else self._read(descriptor, name, key))
                read += 1
        finally:
            os.close(descriptor)
        changed = self.state is None or seen.keys() != self._seen.keys() or read > 0
        self._seen = seen
        problem = (f"{inbound}: holds more than {MAX_INBOUND_ENTRIES:,} entries; only the first "
                   f"{MAX_INBOUND_ENTRIES:,} (by name) were looked at: remove stray files") if overflow else None
        self.state = self._state(changed=changed, read=read, problem=problem)
        return self.state

    def _unreadable(self, problem: str) -> ClassState:
        if self.state is None:
            self.state = ClassState(ClassReport(self.case, ()), problem=problem)
        else:
            self.state = ClassState(self.state.report, self.state.users, self.state.owners, self.state.misnamed,
                                    changed=False, problem=problem)
        return self.state

    def _user(self, uid: int) -> str:
        if uid not in self._users:
            self._users[uid] = owner_name(uid)
        return self._users[uid]

    def _look(self, descriptor: int, name: str) -> tuple[_Key, _Read | None] | None:
        """The entry's key, and what it is when that needs no reading; ``None`` for an entry to leave alone now."""
        shown = os.fspath(self.folder.inbound / name)
        try:
            info = os.lstat(name, dir_fd=descriptor)
        except FileNotFoundError:
            return None  # removed since the listing
        except OSError as error:
            return _Key(0, 0, 0, 0, -1, 0), _Read("", None, SkippedHandIn(shown, "unreadable", _why(error), ""))
        key = _Key(info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_uid, info.st_mode)
        user = self._user(info.st_uid)
        if _TEMP_NAME.fullmatch(name) and stat.S_ISREG(info.st_mode):
            now = time.time()  # in progress only while both times are recent: a student can set mtime (to the future), not ctime
            if 0 <= now - info.st_mtime <= STALE_TEMP_SECONDS and 0 <= now - info.st_ctime <= STALE_TEMP_SECONDS:
                return None  # a hand-in in progress
            return key, _Read(user, None, SkippedHandIn(shown, "unfinished", "the temporary file of a hand-in that "
                                                                            "stopped half-way; not read", user))
        return key, None

    def _read(self, descriptor: int, name: str, key: _Key) -> _Read:
        shown = os.fspath(self.folder.inbound / name)
        user = self._user(key.uid)
        try:
            data, opened = read_regular_file(name, dir_fd=descriptor, follow_symlinks=False, shown=shown)
        except SubmissionError as error:
            return _Read(user, None, SkippedHandIn(shown, error.reason, error.message, user))
        user = self._user(opened.st_uid)  # the owner of the bytes read
        try:
            return _Read(user, read_submission(data, shown, case=self.case,
                                               accept_other_versions=self.accept_other_versions), None)
        except SubmissionError as error:
            skipped = SkippedHandIn(shown, error.reason, error.message, user)
        other = None
        if skipped.reason == "other-case":
            try:
                other = read_submission(data, shown)
            except SubmissionError:  # pragma: no cover - it passed every check but the case's
                pass
        return _Read(user, None, skipped, other)

    def _state(self, *, changed: bool, read: int, problem: str | None) -> ClassState:
        good: list[Submission] = []
        owners: dict[str, str] = {}
        skipped: list[Skipped] = []
        other: list[Submission] = []
        misnamed: list[tuple[str, str, str]] = []
        for name, (_key, entry) in self._seen.items():
            if entry.skipped is not None:
                skipped.append(entry.skipped)
            if entry.other_case is not None:
                other.append(entry.other_case)
            if entry.submission is None:
                continue
            good.append(entry.submission)
            owners[entry.submission.path] = entry.user
            named = _HAND_IN_NAME.fullmatch(name)
            if named is not None and named["user"] != _file_name_part(entry.user):
                misnamed.append((entry.submission.path, named["user"], entry.user))
        counted, superseded = newest_per(good, lambda s: owners[s.path])
        report = ClassReport(self.case, tuple(counted), tuple(superseded), tuple(other), tuple(skipped))
        return ClassState(report, tuple(owners[s.path] for s in counted), owners, tuple(misnamed), changed=changed,
                          problem=problem, read=read)
