"""Aggregate a class's submission files: who landed where, and which factors divide the class.

:func:`aggregate` reads files and folders, refuses bad files one by one with a
named reason (see :data:`~entente_lab.classroom.submissions.REASONS`), keeps every good one,
and counts the newest submission under each name. Pure data: no plotting, no HTML
(see :mod:`entente_lab.report`).

What it flags for the instructor, without deciding: names that look alike (equal
once letter width, capitals, invisible characters and spacing are set aside;
they still count as different students), saved times in the future (not trusted),
and submissions saved against another version of the case file (counted when the
scoring is the same, or when other versions are accepted). See
:meth:`ClassReport.notices`.
"""

from __future__ import annotations

import errno
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..analysis.model import REGIONS
from ..case.loading import load_case
from ..case.records import Case
from .prediction_file import PREDICTION_FILE
from .submission_file import CLOCK_SKEW
from .submissions import MAX_SUBMISSION_BYTES, REASONS, Submission, SubmissionError, load_weighting

__all__ = ["ClassReport", "FactorSpread", "Skipped", "aggregate", "collect_files", "look_alike_key", "newest_per"]

#: Plural phrases for the summary line, where adding nothing would read wrongly.
_PLURALS = {"symlink-loop": "symlink loops", "not-a-file": "not regular files", "empty": "empty files",
            "not-an-object": "JSON values not objects", "not-a-submission": "not submissions",
            "unknown-version": "unknown schema versions", "missing-field": "missing fields", "bad-field": "bad fields",
            "bad-weight": "bad weights", "unknown-factor": "unknown factors",
            "no-submissions": "folders with no submissions", "duplicate": "copies of saves already read",
            "prediction": "kept predictions, not submissions", "unfinished": "hand-ins that did not finish"}

#: How many factors :attr:`ClassReport.contested` and :attr:`ClassReport.consensus` name.
TOP_N = 3


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) that was not counted, and why; ``reason`` is a key of ``REASONS``."""

    path: str
    reason: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {REASONS[self.reason]}: {self.message}"


@dataclass(frozen=True)
class FactorSpread:
    """How the class weighted one factor (over the counted submissions)."""

    factor: str
    kind: str
    label: str
    n: int
    mean: float
    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float
    std: float

    @property
    def iqr(self) -> float:
        """The interquartile range ``q3 - q1``: the spread of the middle half of the class."""
        return self.q3 - self.q1


def _key(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _walk(top: str, unreadable) -> Iterable[tuple[str, list[str], list[str]]]:
    """``os.walk(top, followlinks=True)``, top-down, with a stack instead of recursion.

    Python before 3.12 walks a tree recursively, so a folder nested a thousand deep
    (a hostile zip) raised ``RecursionError``. Same order as :func:`os.walk`: a
    folder, then each of its sub-folders' trees in the order left in ``dirnames``
    (which the caller may prune, as with :func:`os.walk`). A folder that cannot be
    listed is passed to ``unreadable`` and skipped.
    """
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            unreadable(error)
            continue
        dirnames, filenames = [], []
        for entry in listed:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(entry.name)
        yield folder, dirnames, filenames
        stack.extend(os.path.join(folder, name) for name in reversed(dirnames))


#: Characters that show as nothing but are not format characters (Unicode category Cf).
_ALSO_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def look_alike_key(name: str) -> str:
    r"""What is left of a name once the ways two names can look alike are set aside.

    Compatibility forms (NFKC: full-width letters, ligatures), capitals (case
    folding), invisible characters (zero-width spaces and joiners, byte-order marks,
    soft hyphens, bidirectional controls: Unicode category Cf, and a few blank
    letters) and runs of white space. Names with the same key are flagged, not
    merged: they still count as different students.

    Examples
    --------
    >>> look_alike_key("\uff2a\uff4f\uff53\u00e9") == look_alike_key("jos\u00e9") == look_alike_key("Jo\u200bse\u0301 ")
    True
    >>> look_alike_key("Ana Lee") == look_alike_key("Ana Le\u00e9")
    False
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    visible = "".join(c for c in folded if unicodedata.category(c) != "Cf" and c not in _ALSO_INVISIBLE)
    return " ".join(unicodedata.normalize("NFKC", visible).split())


def _cannot_open(folder: str, error: OSError) -> Skipped:
    """The line for a folder that cannot be opened, with the fix for its cause."""
    if error.errno == errno.ENAMETOOLONG:
        fix = "its path is too long for this system (folders nested too deeply); move the files up"
    else:
        fix = "check its permissions"
    return Skipped(folder, "unreadable", f"cannot open the folder ({error.strerror or error}); {fix}")


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Skipped]]:
    """The submission files under ``paths``, and the paths that could not be searched.

    A file named directly is always read, whatever its name. A folder is searched
    recursively for ``*.json`` files, skipping hidden files and folders (``.name``,
    which also skips the temporary files of a save in progress) and the prediction a
    student's folder keeps for a later save (``prediction.json``, see
    :mod:`~entente_lab.classroom.prediction_file`: the saved file holds it). Symbolic links are
    followed, but a folder already visited is not entered again (a symlink loop is
    reported, not followed), and a file reached twice is read once.

    Returns
    -------
    files : list of str
        In a stable order: the arguments' order, then sorted within each folder.
    problems : list of Skipped
        Missing paths (``not-found``), symlink loops (``symlink-loop``), folders
        that cannot be opened (``unreadable``: no permission, for instance), folders
        that hold no submission file (``no-submissions``).
    """
    files: list[str] = []
    problems: list[Skipped] = []
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def add_file(path: str) -> None:
        key = _key(path)
        if key is None or key not in seen_files:
            if key is not None:
                seen_files.add(key)
            files.append(path)

    def unreadable(error: OSError) -> None:
        problems.append(_cannot_open(os.fspath(error.filename) if error.filename is not None else path, error))

    for raw in paths:
        path = os.fspath(raw)
        try:
            is_dir = os.path.isdir(path)
            os.stat(path)
        except ValueError:
            problems.append(Skipped(path, "not-found", "the path holds a NUL character; check the path"))
            continue
        except OSError as error:
            if error.errno == errno.ELOOP:
                problems.append(Skipped(path, "symlink-loop", "the symbolic link points back to itself"))
            elif os.path.lexists(path):
                files.append(path)  # reading it will say what is wrong
            else:
                problems.append(Skipped(path, "not-found", "no such file or folder; check the path"))
            continue
        if not is_dir:
            add_file(path)
            continue
        before, problems_before = len(files), len(problems)
        root_key = _key(path)
        if root_key in seen_dirs:
            continue
        seen_dirs.add(root_key)  # type: ignore[arg-type]
        for folder, dirnames, filenames in _walk(path, unreadable):
            keep = []
            for name in sorted(dirnames):
                if name.startswith("."):
                    continue
                sub = os.path.join(folder, name)
                try:
                    info = os.stat(sub)
                except OSError as error:
                    problems.append(Skipped(sub, "symlink-loop", "the symbolic link points back to itself")
                                    if error.errno == errno.ELOOP else _cannot_open(sub, error))
                    continue
                key = (info.st_dev, info.st_ino)
                if key in seen_dirs:
                    problems.append(Skipped(sub, "symlink-loop", "leads back to a folder already searched; "
                                                                 "not entered again"))
                else:
                    seen_dirs.add(key)
                    keep.append(name)
            dirnames[:] = keep
            for name in sorted(filenames):
                if name.startswith(".") or not name.lower().endswith(".json") or name == PREDICTION_FILE:
                    continue
                add_file(os.path.join(folder, name))
        if len(files) == before and not any(p.reason == "unreadable" for p in problems[problems_before:]):
            problems.append(Skipped(path, "no-submissions", "the folder holds no submission file (*.json)"))
    return files, problems


@dataclass(frozen=True)
class ClassReport:
    """What :func:`aggregate` found. Counts, shares and spreads are over :attr:`submissions`.

    Attributes
    ----------
    case : Case
        The case the class worked on.
    submissions : tuple of Submission
        The counted submissions: the newest under each name, oldest first.
    superseded : tuple of Submission
        Good submissions replaced by a newer one under the same name.
    other_case : tuple of Submission
        Good submissions for another case (or a version of its file that scores
        differently): listed, not mixed in.
    skipped : tuple of Skipped
        Every file or folder not counted, with its reason (``other-case`` ones too).

    Submissions saved against another version of the case file that were counted
    all the same carry a ``note`` (see :attr:`notes`); those whose saved time lies
    in the future are in :attr:`future_times`.
    """

    case: Case
    submissions: tuple[Submission, ...]
    superseded: tuple[Submission, ...] = ()
    other_case: tuple[Submission, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    # ----------------------------------------------------------------- counts
    @property
    def n_read(self) -> int:
        """Good submission files for this case (counted or superseded)."""
        return len(self.submissions) + len(self.superseded)

    @property
    def n_students(self) -> int:
        return len(self.submissions)

    @property
    def skip_counts(self) -> dict[str, int]:
        """Reason code to the number of files skipped for it, in the order of ``REASONS``."""
        counts = Counter(s.reason for s in self.skipped)
        return {reason: counts[reason] for reason in REASONS if counts[reason]}

    @property
    def duplicate_names(self) -> dict[str, int]:
        """Names with several submissions, to how many there were (the newest counts)."""
        counts = Counter(s.name for s in self.superseded)
        return {s.name: counts[s.name] + 1 for s in self.submissions if counts[s.name]}

    @property
    def similar_names(self) -> list[tuple[str, ...]]:
        """Groups of counted names that look alike: perhaps one student.

        Names are compared in Unicode NFC (so "José" typed on two computers is one
        name, and the newest save counts); names that differ only in capitals,
        spacing, letter width or invisible characters (see :func:`look_alike_key`)
        still count as different students, so "Anna" and "anna " are two; they are
        grouped here, and the report asks the instructor to check.
        """
        groups: dict[str, list[str]] = {}
        for s in self.submissions:
            groups.setdefault(look_alike_key(s.name), []).append(s.name)
        return [tuple(names) for names in groups.values() if len(names) > 1]

    @property
    def future_times(self) -> tuple[Submission, ...]:
        """Good submissions (counted or superseded) whose saved time lies in the future: not trusted.

        A time more than :data:`~entente_lab.classroom.submission_file.CLOCK_SKEW` ahead of
        this computer's clock is kept as it is but does not win "the newest counts"
        over a save whose time is trusted.
        """
        return tuple(s for s in (*self.submissions, *self.superseded) if not s.time_trusted)

    @property
    def notes(self) -> tuple[Submission, ...]:
        """Good submissions (counted or superseded) read with a note: saved against another version of the case file."""
        return tuple(s for s in (*self.submissions, *self.superseded) if s.note)

    def notices(self, labels: Mapping[str, str] | None = None) -> list[str]:
        """One line for each thing the instructor should check: look-alike names, future times, notes.

        ``labels`` maps names to how they are shown (see
        :func:`~entente_lab.report.student_labels`); names are shown as they are
        without it.

        Examples
        --------
        >>> from entente_lab import load_case
        >>> ClassReport(load_case(), ()).notices()
        []
        """
        def shown(name: str) -> str:
            return repr(name if labels is None else labels.get(name, "a student"))

        lines = [f"Names that look alike count as different students; check whether these are one person: "
                 f"{', '.join(shown(n) for n in group)}." for group in self.similar_names]
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        lines += [f"{shown(s.name)} saved at {s.saved_datetime:%Y-%m-%d %H:%M} UTC, more than {minutes} minutes ahead "
                  "of this computer's clock: the time is not trusted (a save with a trusted time counts before it)."
                  for s in self.future_times]
        lines += [f"{shown(s.name)}: {s.note}." for s in self.notes]
        return lines

    def summary(self) -> str:
        """One line: how many files were read, counted and skipped, and why.

        Examples
        --------
        >>> from entente_lab import load_case
        >>> ClassReport(load_case(), ()).summary()
        'Read 0 submissions; skipped 0.'
        """
        read = f"Read {self.n_read} submission{'s' if self.n_read != 1 else ''}"
        if self.future_times:
            read += f" ({len(self.future_times)} with a saved time in the future, not trusted)"
        if self.superseded:
            read += (f" from {self.n_students} student{'s' if self.n_students != 1 else ''} "
                     f"({len(self.superseded)} older save{'s' if len(self.superseded) != 1 else ''} "
                     f"under a repeated name superseded; the newest counts)")
        reasons = ", ".join(f"{count} {REASONS[reason] if count == 1 else _PLURALS.get(reason, REASONS[reason])}"
                            for reason, count in self.skip_counts.items())
        return f"{read}; skipped {len(self.skipped)}" + (f": {reasons}." if reasons else ".")

    # ----------------------------------------------------------------- statistics
    @cached_property
    def weight_matrix(self) -> np.ndarray:
        """``(n_students, n_factors)`` weights, rows as :attr:`submissions`, columns in case order."""
        ids = [f.id for f in self.case.factors]
        return np.array([[s.weights[i] for i in ids] for s in self.submissions], dtype=float).reshape(-1, len(ids))

    @property
    def region_counts(self) -> dict[str, int]:
        """Region code to the number of students whose weighting lands there, every region listed."""
        counts = Counter(s.region for s in self.submissions)
        return {v: counts[v] for v in REGIONS}

    @property
    def region_shares(self) -> dict[str, float]:
        """Region code to the share of the class in that region (0 for an empty class)."""
        n = self.n_students
        return {v: (c / n if n else 0.0) for v, c in self.region_counts.items()}

    @cached_property
    def spreads(self) -> dict[str, FactorSpread]:
        """Factor id to how the class weighted it, in case order (empty for an empty class)."""
        if not self.submissions:
            return {}
        m = self.weight_matrix
        q1, median, q3 = np.percentile(m, [25, 50, 75], axis=0)
        return {
            f.id: FactorSpread(f.id, f.kind, f.label, m.shape[0], float(m[:, j].mean()), float(median[j]),
                               float(q1[j]), float(q3[j]), float(m[:, j].min()), float(m[:, j].max()),
                               float(m[:, j].std()))
            for j, f in enumerate(self.case.factors)
        }

    def _ranked(self) -> list[FactorSpread]:
        # widest spread first: IQR, then standard deviation, then case order
        order = {f.id: i for i, f in enumerate(self.case.factors)}
        return sorted(self.spreads.values(), key=lambda s: (-round(s.iqr, 12), -round(s.std, 12), order[s.factor]))

    @property
    def spread_note(self) -> str | None:
        """Why there is nothing to compare yet (fewer than two students, or all alike), or ``None``.

        With one student, or every student giving every factor the same weight, a
        "most contested" list would name factors nobody disagrees on.
        """
        if self.n_students < 2:
            return "Fewer than two students so far: the spread of the class's weights needs at least two."
        if not any(s.iqr > 0 or s.std > 0 for s in self.spreads.values()):
            return "Every student gave every factor the same weight so far: nothing divides the class yet."
        return None

    @property
    def contested(self) -> tuple[str, ...]:
        """The factors the class disagrees on most (widest interquartile range), widest first.

        Only factors the class does disagree on (some spread), and none while
        :attr:`spread_note` says there is nothing to compare.
        """
        if self.spread_note:
            return ()
        ranked = [s for s in self._ranked() if s.iqr > 0 or s.std > 0]
        return tuple(s.factor for s in ranked[:min(TOP_N, len(self.spreads) // 2)])

    @property
    def consensus(self) -> tuple[str, ...]:
        """The factors the class agrees on most (narrowest interquartile range), narrowest first.

        None while :attr:`spread_note` says there is nothing to compare.
        """
        if self.spread_note:
            return ()
        ranked = self._ranked()
        return tuple(s.factor for s in reversed(ranked[len(ranked) - min(TOP_N, len(ranked) // 2):]))

    @property
    def predictions(self) -> dict[tuple[str | None, str], int]:
        """``(predicted region or None, final region)`` to the number of students."""
        return dict(Counter((s.prediction.region if s.prediction else None, s.region) for s in self.submissions))

    @property
    def prediction_hits(self) -> tuple[int, int]:
        """``(kept, predicted)``: students whose final region is the one they predicted, of those who predicted."""
        made = [s for s in self.submissions if s.prediction is not None]
        return sum(s.prediction.region == s.region for s in made), len(made)  # type: ignore[union-attr]


def _same_save_key(s: Submission) -> str:
    """Equal for two files that hold the same save (a copy: same name, time and content), whatever their paths."""
    return json.dumps(s.to_dict(), sort_keys=True, ensure_ascii=False)


def _without_copies(good: list[Submission]) -> tuple[list[Submission], list[Skipped]]:
    """``good`` with every copy of a save already read left out, and a :class:`Skipped` for each copy."""
    first: dict[str, Submission] = {}
    kept, copies = [], []
    for submission in good:
        original = first.setdefault(_same_save_key(submission), submission)
        if original is submission:
            kept.append(submission)
        else:
            copies.append(Skipped(submission.path, "duplicate", "holds the same save as another file read (same "
                                                                "name, saved time and content); counted once"))
    return kept, copies


def _newest_last_key(s: Submission) -> tuple:
    """Oldest first, newest last; a saved time in the future (not trusted) ranks below every trusted one."""
    return (s.time_trusted, s.saved_datetime, s.path)


def newest_per(good: Iterable[Submission], key: Callable[[Submission], Hashable]) -> tuple[list[Submission], list[Submission]]:
    """``(counted, superseded)``: the newest submission for each ``key`` (a name, an owner), and the others.

    Both lists run oldest first; a saved time in the future (not trusted) ranks below
    every trusted one.

    >>> from types import SimpleNamespace as S
    >>> from datetime import datetime, timezone
    >>> at = lambda h: datetime(2024, 5, 1, h, tzinfo=timezone.utc)
    >>> a1, a2, b = (S(name=n, time_trusted=True, saved_datetime=at(h), path=p) for n, h, p in (("a", 9, "1"), ("a", 10, "2"),
    ...                                                                                          ("b", 8, "3")))
    >>> counted, superseded = newest_per([a1, a2, b], lambda s: s.name)
    >>> [s.path for s in counted], [s.path for s in superseded]
    (['3', '2'], ['1'])
    """
    groups: dict[Hashable, list[Submission]] = {}
    for submission in good:
        groups.setdefault(key(submission), []).append(submission)
    counted, superseded = [], []
    for group in groups.values():
        group.sort(key=_newest_last_key)
        counted.append(group[-1])
        superseded.extend(group[:-1])
    counted.sort(key=_newest_last_key)
    superseded.sort(key=_newest_last_key)
    return counted, superseded


def aggregate(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *, case: Case | None = None,
              max_bytes: int = MAX_SUBMISSION_BYTES, accept_other_versions: bool = False) -> ClassReport:
    """Read a class's submission files and folders into a :class:`ClassReport`.

    Every file is read on its own: a bad file is skipped with a named reason and
    never stops the others from counting. Submissions for another case are kept
    apart (``other_case``). A submission saved against another version of this
    case file counts when the scoring is the same (same factors, sides, evidence
    types and duration flags; see :func:`~entente_lab.analysis.model.scoring_fingerprint`),
    with a note; otherwise it is kept apart too, unless ``accept_other_versions``.
    When a name has several submissions, the newest (by its ``saved_at`` time)
    counts and the others are listed as superseded; a saved time more than five
    minutes in the future is not trusted and ranks below every trusted time.
    A file that holds the same save as one already read (a copy: the same name,
    saved time and content, whatever its file name) is counted once, and the copy
    is listed as ``duplicate``. Names are compared exactly as given, in Unicode NFC (look-alike names are
    flagged in :attr:`ClassReport.similar_names`).

    Parameters
    ----------
    paths : path-like or iterable of path-likes
        Files and folders (searched recursively for ``*.json``; see :func:`collect_files`).
    case : Case, optional
        The case the class worked on; the bundled (or ``$ENTENTE_LAB_CASE``) one by default.
    max_bytes : int
        Larger files are refused before being read.
    accept_other_versions : bool
        Also count submissions saved against a version of the case file that
        scores differently, rescored with ``case`` (when every factor they weigh
        exists in it); each carries a note saying so.

    Returns
    -------
    ClassReport

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case, save_weighting
    >>> case = load_case()
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = save_weighting(case, {case.factors[-1].id: 1.0}, name="Ana", folder=folder)
    >>> _ = save_weighting(case, {}, name="Ben", folder=folder, prediction="strain-high")
    >>> _ = (folder / "notes.json").write_text("{oops", encoding="utf-8")
    >>> report = aggregate(folder, case=case)
    >>> report.summary()
    'Read 2 submissions; skipped 1: 1 invalid JSON.'
    >>> report.region_counts["both-high"], report.prediction_hits
    (2, (0, 1))
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    case = load_case() if case is None else case
    files, skipped = collect_files(paths)
    good: list[Submission] = []
    other: list[Submission] = []
    for path in files:
        try:
            good.append(load_weighting(path, case=case, max_bytes=max_bytes,
                                       accept_other_versions=accept_other_versions))
        except SubmissionError as error:
            skipped.append(Skipped(error.path or path, error.reason, error.message))
            if error.reason == "other-case":
                try:
                    other.append(load_weighting(path, max_bytes=max_bytes))
                except SubmissionError:  # pragma: no cover - it passed every check but the case's
                    pass
    good, copies = _without_copies(good)
    skipped.extend(copies)
    counted, superseded = newest_per(good, lambda s: s.name)
    return ClassReport(case=case, submissions=tuple(counted), superseded=tuple(superseded),
                       other_case=tuple(other), skipped=tuple(skipped))
