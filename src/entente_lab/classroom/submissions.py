"""Save a student's weighting as a submission file, and read one back, checking everything.

A submission is one JSON object (schema ``entente-lab-submission``, version
:data:`SCHEMA_VERSION`, described by ``data/submission.schema.json``) holding the
name as given (in Unicode NFC), the case id, content hash and scoring fingerprint,
every factor's weight, the model options, the scores and region, the prediction
made before the sliders unlocked, the written verdict, the quotes marked as
decisive, any dated evidence the student brought (only when there is some, so a file
without it reads as before), the package version and a UTC timestamp. Regions are stored as codes
(:data:`~entente_lab.analysis.model.REGIONS`), never as labels; version 1 files, which
stored labels, are still read.

Files are written atomically and never overwrite one another; a save refuses
anything a reader would refuse (the limits are listed in
:mod:`entente_lab.classroom.submission_file`: 1,000,000 bytes, a 200-character name, a
20,000-character verdict, and so on), with the fix in the message. Reading refuses
hostile or broken files with a :class:`SubmissionError` whose ``reason`` is one of
:data:`REASONS`, in time linear in the size of the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .._version import __version__
from ..analysis.model import Assessment, ModelError, assess, check_region, scoring_fingerprint, verdict_of
from ..atomic import make_folder, write_atomic
from ..case.records import Case, Quote
from ..suggest import did_you_mean
from .submission_file import (
    MAX_DEPTH,
    MAX_SUBMISSION_BYTES,
    REASONS,
    SCHEMA,
    SCHEMA_VERSION,
    SubmissionError,
    check_format,
    format_saved_at,
    parse,
    read_bytes,
)

__all__ = [
    "DatedEvidence", "DecisiveQuote", "EVIDENCE_DIRECTIONS", "MAX_DEPTH", "MAX_SUBMISSION_BYTES", "Prediction",
    "REASONS", "SCHEMA", "SCHEMA_VERSION", "STALE_TEMP_SECONDS", "Submission", "SubmissionError",
    "check_dated_evidence", "encode_submission", "load_weighting", "read_submission", "safe_file_stem", "save_weighting",
]

_SLUG_LENGTH = 40
#: A temporary file of an interrupted save older than this (seconds) is removed by the next save into its folder.
STALE_TEMP_SECONDS = 60
#: The temporary files :func:`~entente_lab.atomic.write_atomic` makes while saving a submission:
#: ``.<submission file name>.<12 hex digits>.tmp``. Only these are ever removed.
_OUR_TEMP_FILE = re.compile(r"\.[a-z0-9][a-z0-9-]*\.json\.[0-9a-f]{12}\.tmp")


@dataclass(frozen=True)
class Prediction:
    """Where the student expected the relationship to land, before the sliders unlocked.

    ``region`` is a region code (:data:`~entente_lab.analysis.model.REGIONS`; ``verdict`` is
    the same code, under its older name). ``strength`` and ``strain`` are set when the
    prediction was a point on the plane; ``reason`` is the student's reason in their
    words, if they gave one.

    >>> p = Prediction("both-high")
    >>> p.region, p.verdict
    ('both-high', 'both-high')
    """

    region: str
    strength: float | None = None
    strain: float | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        check_region(self.region)

    @property
    def verdict(self) -> str:
        """The predicted region's code (the older name of :attr:`region`)."""
        return self.region

    def to_dict(self) -> dict[str, Any]:
        return {"region": self.region, "strength": self.strength, "strain": self.strain, "reason": self.reason}


@dataclass(frozen=True)
class DecisiveQuote:
    """A quote the student marked as decisive: ``case.factor(factor).quotes[index]``."""

    factor: str
    index: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "quote": self.index, "text": self.text}


@dataclass(frozen=True)
class DatedEvidence:
    """A dated piece of evidence the student brought and attached to a factor: their claim, not the lab's.

    ``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``source`` a citation or address;
    ``claim`` what it shows, in one line; ``direction`` is ``'supports'`` or ``'weakens'``
    (the factor). The lab checks the form of each field, never whether the claim is true.

    >>> DatedEvidence("2023-03", "A news report", "Trade grew", "energy-concessions", "supports").to_dict()["direction"]
    'supports'
    """

    date: str
    source: str
    claim: str
    factor: str
    direction: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "source": self.source, "claim": self.claim, "factor": self.factor,
                "direction": self.direction}


#: The two directions a piece of dated evidence can take, as the submission file writes them.
EVIDENCE_DIRECTIONS = ("supports", "weakens")


@dataclass(frozen=True)
class Submission:
    """One student's saved work, as :func:`save_weighting` wrote it and :func:`load_weighting` read it.

    ``weights`` holds every factor's weight in case order; ``strength``, ``strain``
    and ``region`` (a code; ``verdict`` is the same code) are the scores the weights
    and options give. Pass :attr:`options` to :func:`~entente_lab.assess` to score
    it again: ``assess(case, s.weights, **s.options)``.

    Three attributes describe the reading, not the file (they do not take part in
    ``==``): ``path``, the file it was read from (empty for one not yet read);
    ``time_trusted``, false when ``saved_at`` lay more than five minutes ahead of
    the reading computer's clock (such a time is reported, and does not win "the
    newest counts"); ``note``, set when the file was saved against another version
    of the case file and counted all the same (see :func:`load_weighting`).
    ``scoring_hash`` is ``None`` for a version 1 file, which did not record it.
    ``dated_evidence`` is the evidence the student brought (empty for a file without any).
    """

    name: str
    case_id: str
    case_hash: str
    weights: dict[str, float]
    evidence_trust: dict[str, float]
    months: float | None
    thresholds: tuple[float, float]
    strength: float
    strain: float
    region: str
    prediction: Prediction | None
    verdict_text: str
    decisive_quotes: tuple[DecisiveQuote, ...]
    package_version: str
    saved_at: str
    schema_version: int = SCHEMA_VERSION
    case_title: str = ""
    scoring_hash: str | None = None
    dated_evidence: tuple[DatedEvidence, ...] = ()
    path: str = field(default="", compare=False)
    time_trusted: bool = field(default=True, compare=False)
    note: str = field(default="", compare=False)

    @property
    def verdict(self) -> str:
        """The region's code (the older name of :attr:`region`)."""
        return self.region

    @property
    def options(self) -> dict[str, Any]:
        """The model options as keyword arguments of :func:`~entente_lab.assess`."""
        return {"evidence_trust": dict(self.evidence_trust), "months": self.months, "thresholds": self.thresholds}

    @property
    def saved_datetime(self) -> datetime:
        """``saved_at`` as an aware :class:`datetime.datetime`."""
        return datetime.fromisoformat(self.saved_at.replace("Z", "+00:00"))

    def assess(self, case: Case) -> Assessment:
        """Score the saved weighting again with the saved options."""
        return assess(case, self.weights, **self.options)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the file, in the current format (version :data:`SCHEMA_VERSION`).

        ``dated_evidence`` is written only when there is some, so a file without it is read
        by earlier versions of the package too.
        """
        data = {
            "schema": SCHEMA, "schema_version": SCHEMA_VERSION, "name": self.name,
            "case": {"id": self.case_id, "content_hash": self.case_hash, "scoring_hash": self.scoring_hash,
                     "title": self.case_title},
            "weights": dict(self.weights),
            "options": {"evidence_trust": dict(self.evidence_trust), "months": self.months,
                        "thresholds": list(self.thresholds)},
            "assessment": {"strength": self.strength, "strain": self.strain, "region": self.region},
            "prediction": None if self.prediction is None else self.prediction.to_dict(),
            "verdict_text": self.verdict_text,
            "decisive_quotes": [q.to_dict() for q in self.decisive_quotes],
            "package_version": self.package_version, "saved_at": self.saved_at,
        }
        if self.dated_evidence:
            data["dated_evidence"] = [piece.to_dict() for piece in self.dated_evidence]
        return data


# --------------------------------------------------------------------------- file names

def safe_file_stem(name: str) -> str:
    """A file-name stem for ``name``: a short ASCII slug plus a hash of the exact name.

    The stem holds only ``a-z``, ``0-9`` and ``-``, is at most 51 characters, and
    differs for names that differ in any way, case included (the hash is of the
    exact name; the slug is lower case, so the stems stay distinct on file systems
    that ignore case).

    Examples
    --------
    >>> safe_file_stem("Anna Müller")
    'anna-muller-94666c8824'
    >>> safe_file_stem("../../etc/x")
    'etc-x-56da1a2ef2'
    >>> safe_file_stem("anna") != safe_file_stem("Anna")
    True
    >>> safe_file_stem("李明")
    'student-aa22710284'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_SLUG_LENGTH].strip("-") or "student"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}"


def _file_names(name: str, saved: datetime):
    """Candidate file names, in order: the plain one, then numbered ones."""
    base = f"{safe_file_stem(name)}-{saved.strftime('%Y%m%d-%H%M%S')}"  # UTC; lower case throughout
    yield f"{base}.json"
    for counter in range(2, 10_000):
        yield f"{base}-{counter}.json"


# --------------------------------------------------------------------------- saving

def _text_field(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} holds characters that cannot be saved as UTF-8 (a lone surrogate); "
                         "retype it") from None
    return value


def _region_of(case: Case, value: str) -> str:
    """A region code from a code, or from one of the case's names for the regions (in any capitals)."""
    if value in case.plane.regions:
        return value
    labels = {region.label.casefold(): code for code, region in case.plane.regions.items()}
    if value.casefold() in labels:
        return labels[value.casefold()]
    names = [region.label for region in case.plane.regions.values()]
    raise ValueError(f"prediction {value!r} is not a region{did_you_mean(value, [*names, *case.plane.regions])}; "
                     f"choose one of: {', '.join(names)} (or their codes: {', '.join(case.plane.regions)})")


def _prediction(case: Case, value: object, thresholds: tuple[float, float]) -> Prediction | None:
    if value is None:
        return None
    reason = ""
    if hasattr(value, "region"):  # a Prediction (the dashboard's gate records one), or a record with region and reason
        reason = _text_field(getattr(value, "reason", ""), "the prediction's reason")
        if isinstance(value, Prediction):
            return value
        value = value.region
    if isinstance(value, str):
        try:
            return Prediction(_region_of(case, value), reason=reason)
        except ModelError as error:
            raise ValueError(f"prediction: {error}") from None
    if isinstance(value, Sequence) and len(value) == 2:
        strength, strain = (_unit_number(v, f"the predicted {w}") for v, w in zip(value, ("strength", "strain"),
                                                                                     strict=True))
        return Prediction(verdict_of(strength, strain, thresholds), strength, strain)
    raise TypeError(f"prediction must be a region (its code or the case's name for it), a (strength, strain) "
                    f"pair or None, not {value!r}")


def _unit_number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} is {value!r}, not a number in [0, 1]")
    number = float(value)
    if not 0 <= number <= 1:  # also False for NaN
        raise ValueError(f"{what} is {value!r}, outside [0, 1]")
    return number


def _decisive(case: Case, quotes: object) -> tuple[DecisiveQuote, ...]:
    found: list[DecisiveQuote] = []
    for item in quotes or ():  # type: ignore[union-attr]
        if isinstance(item, Quote):
            matches = [(f.id, i) for f in case.factors for i, q in enumerate(f.quotes) if q == item]
            if not matches:
                raise ValueError(f"the quote {item.text[:40]!r}... is not one of the factors' quotes")
            factor_id, index = matches[0]
        elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
            factor_id, index = item
        else:
            raise TypeError(f"a decisive quote is a (factor id, quote index) pair or a Quote, not {item!r}")
        factor_ids = [f.id for f in case.factors]
        if factor_id not in factor_ids:
            raise ModelError(f"unknown factor {factor_id!r}{did_you_mean(factor_id, factor_ids)} in the decisive "
                             f"quotes; known factors: {', '.join(factor_ids)}")
        count = len(case.factor(factor_id).quotes)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            raise ValueError(f"factor {factor_id!r} has {count} quote(s); quote index {index!r} is not one of "
                             f"0..{count - 1}")
        found.append(DecisiveQuote(factor_id, index, case.factor(factor_id).quotes[index].text))
    return tuple(found)


def _dated_evidence(case: Case, pieces: object) -> tuple[DatedEvidence, ...]:
    """The student's dated evidence as records; the factor must be the case's (the reader's checks do the rest)."""
    found: list[DatedEvidence] = []
    factor_ids = [f.id for f in case.factors]
    for item in pieces or ():  # type: ignore[union-attr]
        if isinstance(item, Mapping):
            try:
                item = DatedEvidence(**{key: item[key] for key in ("date", "source", "claim", "factor", "direction")})
            except KeyError as missing:
                raise ValueError(f"a piece of dated evidence needs a {missing.args[0]!r}") from None
        if not isinstance(item, DatedEvidence):
            raise TypeError(f"a piece of dated evidence is a DatedEvidence or a mapping, not {type(item).__name__}")
        for key in ("date", "source", "claim", "factor", "direction"):
            _text_field(getattr(item, key), f"the evidence's {key}")
        if item.factor not in factor_ids:
            raise ModelError(f"unknown factor {item.factor!r}{did_you_mean(item.factor, factor_ids)} in the dated "
                             f"evidence; known factors: {', '.join(factor_ids)}")
        found.append(DatedEvidence(item.date.strip(), item.source.strip(), item.claim.strip(), item.factor,
                                   item.direction))
    return tuple(found)


def _remove_stale_temp_files(folder: Path, now: float | None = None) -> list[str]:
    """Remove the temporary files that saves killed midway left in ``folder``; return their names.

    Only files named as :func:`~entente_lab.atomic.write_atomic` names a submission's
    temporary file (``.<name>.json.<12 hex digits>.tmp``), that are regular files
    (never a link, whatever it points to) and were last changed more than
    :data:`STALE_TEMP_SECONDS` ago (a save in progress takes far less). Anything
    that goes wrong is ignored: tidying up never stops a save.
    """
    now = time.time() if now is None else now
    removed = []
    try:
        with os.scandir(folder) as listing:  # closed even when reading the folder fails half-way
            entries = list(listing)
    except OSError:
        return removed
    for entry in entries:
        if not _OUR_TEMP_FILE.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime <= STALE_TEMP_SECONDS:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


def _submission(case: Case, result: Assessment, *, name: str, saved: datetime, prediction: Prediction | None = None,
                verdict_text: str = "", decisive_quotes: tuple[DecisiveQuote, ...] = (),
                dated_evidence: tuple[DatedEvidence, ...] = ()) -> Submission:
    """The submission a save writes, from checked parts."""
    return Submission(
        name=name, case_id=case.id, case_hash=case.content_hash, weights=dict(result.weights),
        evidence_trust=dict(result.evidence_trust), months=result.months, thresholds=tuple(result.thresholds),
        strength=result.strength, strain=result.strain, region=result.region, prediction=prediction,
        verdict_text=verdict_text, decisive_quotes=decisive_quotes, package_version=__version__,
        saved_at=format_saved_at(saved), case_title=case.source.title, scoring_hash=scoring_fingerprint(case),
        dated_evidence=dated_evidence,
    )


def check_dated_evidence(case: Case, pieces: Sequence[object]) -> tuple[DatedEvidence, ...]:
    """The pieces of dated evidence as records, checked exactly as a save checks them.

    Raises ``ValueError`` (a :class:`~entente_lab.ModelError` for an unknown factor) or
    ``TypeError`` with the fix, as :func:`save_weighting` would.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> piece = {"date": "2023-03", "source": "A report", "claim": "It grew", "factor": case.factors[0].id,
    ...          "direction": "supports"}
    >>> check_dated_evidence(case, [piece])[0].date
    '2023-03'
    >>> check_dated_evidence(case, [dict(piece, date="2023-02-30")])
    Traceback (most recent call last):
    ...
    ValueError: dated_evidence[0].date (a piece of evidence's date): '2023-02-30' is not a real date: write YYYY-MM-DD, YYYY-MM or YYYY
    """
    records = _dated_evidence(case, pieces)
    _checked_text(case, _submission(case, assess(case, None), name="check", saved=datetime.now(timezone.utc),
                                    dated_evidence=records))
    return records


def encode_submission(data: Mapping[str, Any]) -> bytes:
    r"""The bytes of a submission file holding ``data`` (a submission's JSON object), as a save writes them.

    >>> encode_submission({"schema": SCHEMA, "name": "Ana"})
    b'{\n  "schema": "entente-lab-submission",\n  "name": "Ana"\n}\n'
    """
    return (json.dumps(dict(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


def _checked_text(case: Case, submission: Submission) -> bytes:
    """The file's bytes, after the checks a reader makes: a save a reader would refuse is refused now."""
    payload = encode_submission(submission.to_dict())
    try:
        _check(parse(payload), "", case)
    except SubmissionError as error:
        raise ValueError(error.message) from None
    if len(payload) > MAX_SUBMISSION_BYTES:
        raise ValueError(f"the file would be {len(payload):,} bytes; the limit is {MAX_SUBMISSION_BYTES:,}: shorten "
                         "the written verdict or mark fewer quotes as decisive")
    return payload


def save_weighting(case: Case, weights: Mapping[str, float] | Assessment | None, *, name: str,
                   folder: str | os.PathLike[str] = ".", prediction: object = None, verdict_text: str = "",
                   decisive_quotes: Sequence[object] = (), evidence_trust: Mapping[str, float] | None = None,
                   months: float | None = None, thresholds: Sequence[float] | None = None,
                   dated_evidence: Sequence[object] = ()) -> Path:
    """Save a weighting and the work around it as a new submission file; return its path.

    The file is written atomically (a temporary file in ``folder``, fsynced, then
    given its name), so a crash leaves either no file or the whole file. An existing
    file is never overwritten: the name carries the time of saving to the second,
    and a counter when that name is taken. Temporary files that saves killed midway
    left in ``folder`` more than a minute ago are removed first (only those).

    The file is checked as a reader checks it before it is written, so a save that
    the class report would refuse is refused here, with the fix in the message: a
    name over 200 characters or with control characters, a written verdict over
    20,000 characters, a file over 1,000,000 bytes, a scenario clock over 1,200, and
    so on (see :mod:`entente_lab.classroom.submission_file`).

    Parameters
    ----------
    case : Case
        The case the weights belong to; its id, content hash and scoring
        fingerprint go into the file.
    weights : mapping, Assessment or None
        Factor id to weight in [0, 1] (missing factors take their defaults), or an
        :class:`~entente_lab.Assessment`, whose weights and options are saved.
    name : str
        The student's name or pseudonym, saved as given (in Unicode NFC, so the
        same name typed on two computers is one name); the file name is made from
        it safely (see :func:`safe_file_stem`).
    folder : path-like, default "."
        Where to save; created if missing.
    prediction : str, (float, float), prediction record or None
        The region predicted before the sliders unlocked (its code, one of
        :data:`~entente_lab.REGIONS`, or the case's name for it), a predicted
        ``(strength, strain)`` point, or the dashboard's recorded prediction
        (anything with ``region`` and ``reason``).
    verdict_text : str
        The written verdict.
    decisive_quotes : sequence
        Quotes marked as decisive: ``(factor id, quote index)`` pairs or
        :class:`~entente_lab.Quote` objects of the case's factors.
    evidence_trust, months, thresholds
        The model options, as for :func:`~entente_lab.assess`; not allowed with an
        ``Assessment``, which carries its own.
    dated_evidence : sequence
        Dated evidence the student brought: :class:`DatedEvidence` records or
        mappings with ``date``, ``source``, ``claim``, ``factor`` and ``direction``.
        Its form is checked as a reader checks it (a real date, lengths, one line,
        a factor of the case); its truth is the student's to defend.

    Returns
    -------
    pathlib.Path
        The new file, inside ``folder``.

    Raises
    ------
    ValueError
        An empty name, an unknown factor, a weight or option out of range (a
        :class:`~entente_lab.ModelError`), a bad prediction or decisive quote, or
        anything over a limit of the format (the message says which and the fix).
    TypeError
        A name or verdict text that is not a string.
    OSError
        The folder cannot be created or written.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> folder = tempfile.mkdtemp()
    >>> factor = case.factors[0].id
    >>> path = save_weighting(case, {factor: 0.9}, name="../../etc/x", folder=folder,
    ...                       prediction="both-high", verdict_text="Both, at once.")
    >>> path.parent == Path(folder), path.name.startswith("etc-x-")
    (True, True)
    >>> saved = load_weighting(path, case=case)
    >>> saved.name, saved.weights[factor], saved.region, saved.prediction.region
    ('../../etc/x', 0.9, 'both-high', 'both-high')
    >>> save_weighting(case, {}, name="  ", folder=folder)
    Traceback (most recent call last):
    ...
    ValueError: name is empty; give a name or a pseudonym
    >>> save_weighting(case, {}, name="Ana", folder=folder, verdict_text="x" * 23_456)
    Traceback (most recent call last):
    ...
    ValueError: verdict_text (the written verdict) is 23,456 characters; the limit is 20,000: shorten it
    """
    name = unicodedata.normalize("NFC", _text_field(name, "name"))
    if not name.strip():
        raise ValueError("name is empty; give a name or a pseudonym")
    verdict_text = _text_field(verdict_text, "verdict_text")
    if isinstance(weights, Assessment):
        if evidence_trust is not None or months is not None or thresholds is not None:
            raise ValueError("an Assessment carries its own options; pass its weights as a mapping "
                             "to save other options")
        if weights.case_id and weights.case_id != case.id:
            raise ValueError(f"the assessment is for case {weights.case_id!r}, not {case.id!r}")
        result = assess(case, weights.weights, evidence_trust=weights.evidence_trust, months=weights.months,
                        thresholds=weights.thresholds)
    else:
        result = assess(case, weights, evidence_trust=evidence_trust, months=months,
                        thresholds=(0.5, 0.5) if thresholds is None else thresholds)
    saved = datetime.now(timezone.utc)
    submission = _submission(case, result, name=name, saved=saved,
                             prediction=_prediction(case, prediction, result.thresholds), verdict_text=verdict_text,
                             decisive_quotes=_decisive(case, decisive_quotes),
                             dated_evidence=_dated_evidence(case, dated_evidence))
    payload = _checked_text(case, submission)
    target_folder = make_folder(folder)
    _remove_stale_temp_files(target_folder)
    for file_name in _file_names(name, saved):
        try:
            return write_atomic(target_folder / file_name, payload)
        except FileExistsError:
            continue
    raise FileExistsError(f"{target_folder} already holds 9999 saves of {name!r} from this second")


# --------------------------------------------------------------------------- reading

def _against_case(data: dict[str, Any], shown: str, case: Case, accept_other_versions: bool) -> tuple[dict, str]:
    """The weights to score with this case, and a note; or a :class:`SubmissionError` saying why not."""
    def fail(reason: str, message: str) -> SubmissionError:
        return SubmissionError(reason, message, shown)

    saved_case, weights = data["case"], data["weights"]
    known = [f.id for f in case.factors]
    if saved_case["id"] != case.id:
        raise fail("other-case", f"for case {saved_case['id']!r}, not {case.id!r}")
    note = ""
    same_file = saved_case["content_hash"] == case.content_hash
    if not same_file:
        versions = (f"content hash {saved_case['content_hash'][:19]}..., this case file has "
                    f"{case.content_hash[:19]}...")
        if saved_case["scoring_hash"] == scoring_fingerprint(case):
            note = f"saved against another version of the case file ({versions}); the scoring is the same"
        elif accept_other_versions:
            unknown = [key for key in weights if key not in known]
            if unknown:
                raise fail("other-case", f"for another version of case {case.id!r} ({versions}) that weighs "
                                         f"factor(s) this case file does not have: {', '.join(unknown[:5])}"
                                         f"{' ...' if len(unknown) > 5 else ''}; it cannot be rescored")
            absent = [key for key in known if key not in weights]
            note = (f"saved against another version of the case file that scores differently ({versions}); "
                    "rescored with this case file (other versions accepted)"
                    + (f"; factor(s) {', '.join(absent)} were not in it and take their default weights"
                       if absent else ""))
            return {**case.default_weights(), **weights}, note
        else:
            why = ("it does not record its scoring (format version 1)" if saved_case["scoring_hash"] is None
                   else "the factors or how they are scored differ")
            raise fail("other-case", f"for another version of case {case.id!r} ({versions}); {why}: to rescore it "
                                     "with this case file, use --accept-other-versions")
    unknown = [key for key in weights if key not in known]
    if unknown:
        raise fail("unknown-factor", "; ".join(f"{key!r}{did_you_mean(key, known)}" for key in unknown[:5])
                   + f"{'; ...' if len(unknown) > 5 else ''}; known factors: {', '.join(known)}")
    absent = [key for key in known if key not in weights]
    if absent:
        raise fail("missing-field", f"no weight for factor(s) {', '.join(absent)}")
    for index, piece in enumerate(data.get("dated_evidence", ())):
        if piece["factor"] not in known:
            raise fail("unknown-factor", f"dated_evidence[{index}] is attached to unknown factor {piece['factor']!r}"
                                         f"{did_you_mean(piece['factor'], known)}")
    if same_file:  # quote indexes mean something only in the file they were saved against
        for quote in data["decisive_quotes"]:
            if quote["factor"] not in known:
                raise fail("unknown-factor", f"decisive quote of unknown factor {quote['factor']!r}"
                                             f"{did_you_mean(quote['factor'], known)}")
            count = len(case.factor(quote["factor"]).quotes)
            if quote["quote"] >= count:
                raise fail("bad-field", f"factor {quote['factor']!r} has no quote {quote['quote']} (it has {count})")
    return weights, note


def _check(data: dict[str, Any], shown: str, case: Case | None, accept_other_versions: bool = False) -> Submission:
    checked = check_format(data, shown)
    data = checked.data
    options, scores = data["options"], data["assessment"]
    trust, months, thresholds = options["evidence_trust"], options["months"], options["thresholds"]
    weights, note = data["weights"], ""
    region = scores["region"]
    strength, strain = float(scores["strength"]), float(scores["strain"])
    if case is not None:
        weights, note = _against_case(data, shown, case, accept_other_versions)
        try:
            result = assess(case, weights, evidence_trust=trust, months=months, thresholds=thresholds)
        except ModelError as error:
            raise SubmissionError("bad-field", str(error), shown) from None
        weights, strength, strain, region = result.weights, result.strength, result.strain, result.region
    saved_prediction = data["prediction"]
    prediction = None if saved_prediction is None else Prediction(
        saved_prediction["region"], *(None if saved_prediction[k] is None else float(saved_prediction[k])
                                      for k in ("strength", "strain")), reason=saved_prediction["reason"])
    saved_case = data["case"]
    return Submission(
        name=data["name"], case_id=saved_case["id"], case_hash=saved_case["content_hash"],
        weights={key: float(value) for key, value in weights.items()},
        evidence_trust={key: float(value) for key, value in trust.items()},
        months=None if months is None else float(months), thresholds=(float(thresholds[0]), float(thresholds[1])),
        strength=strength, strain=strain, region=region, prediction=prediction, verdict_text=data["verdict_text"],
        decisive_quotes=tuple(DecisiveQuote(q["factor"], q["quote"], q["text"]) for q in data["decisive_quotes"]),
        package_version=data["package_version"], saved_at=data["saved_at"], schema_version=checked.version,
        case_title=saved_case.get("title", ""), scoring_hash=saved_case["scoring_hash"],
        dated_evidence=tuple(DatedEvidence(p["date"], p["source"], p["claim"], p["factor"], p["direction"])
                             for p in data.get("dated_evidence", ())), path=shown,
        time_trusted=checked.time_trusted, note=note,
    )


def load_weighting(path: str | os.PathLike[str], *, case: Case | None = None, max_bytes: int = MAX_SUBMISSION_BYTES,
                   accept_other_versions: bool = False) -> Submission:
    """Read a submission file back, checking every field.

    Parameters
    ----------
    path : path-like
        A file written by :func:`save_weighting` (format version 2, or version 1).
    case : Case, optional
        When given, the submission must be for this case, its weights must name
        exactly the case's factors, and the scores and region are computed again
        from the weights and options (so a hand-edited score cannot mislead).
        Without it, the saved scores are returned as saved. A file saved against
        another version of the case file counts when its scoring fingerprint (see
        :func:`~entente_lab.analysis.model.scoring_fingerprint`) matches this case's; its
        ``note`` says so. Otherwise it is refused as ``other-case``.
    max_bytes : int
        Files larger than this are refused before being read.
    accept_other_versions : bool
        Also take a file saved against a version of the case file that scores
        differently (or a version 1 file from another version), rescoring it with
        ``case``, as long as every factor it weighs exists in ``case`` (factors it
        lacks take their default weights); its ``note`` says so.

    Returns
    -------
    Submission
        The weights, options, scores, region and everything else, as saved (the
        name in Unicode NFC, ``saved_at`` in UTC).

    Raises
    ------
    SubmissionError
        A ``ValueError`` whose ``reason`` (a key of :data:`REASONS`) says why the
        file was refused and whose message says where and how. Nothing else
        escapes, whatever the file holds.

    Examples
    --------
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "bad.json"
    >>> _ = bad.write_text('{"schema": "entente-lab-submission", "schema_version": 2, "weights": {"a": NaN}}')
    >>> load_weighting(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.classroom.submission_file.SubmissionError: .../bad.json: missing field: no 'name', 'case', 'options', ...
    """
    shown = os.fspath(path)
    return read_submission(read_bytes(Path(path), max_bytes), shown, case=case, accept_other_versions=accept_other_versions)


def read_submission(data: bytes, shown: str = "", *, case: Case | None = None,
                    accept_other_versions: bool = False) -> Submission:
    """The submission in the bytes of a submission file, checked as :func:`load_weighting` checks a file.

    For a reader that has the bytes already (read with its own limits, such as
    :func:`~entente_lab.classroom.submission_file.read_regular_file` without following links).
    ``shown`` names the file in messages. Raises :class:`SubmissionError`, nothing else.

    >>> read_submission(b"[]", "x.json")
    Traceback (most recent call last):
    ...
    entente_lab.classroom.submission_file.SubmissionError: x.json: JSON value not an object: the file holds an array, not a JSON object
    """
    return _check(parse(data, shown), shown, case, accept_other_versions)
