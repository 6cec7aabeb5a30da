"""Save a student's weighting as a submission file, and read one back, checking everything.

A submission is one JSON object (schema ``entente-lab-submission``, version
:data:`SCHEMA_VERSION`) holding the name as given, the case id and content hash,
every factor's weight, the model options, the scores and verdict, the prediction
made before the sliders unlocked, the written verdict, the quotes marked as
decisive, the package version and a UTC timestamp. Files are written atomically
and never overwrite one another; reading refuses hostile or broken files with a
:class:`SubmissionError` whose ``reason`` is one of :data:`REASONS`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import re
import stat
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .atomic import make_folder, write_atomic
from .errors import EntenteLabError
from .model import VERDICTS, Assessment, ModelError, assess, verdict_of
from .records import Case, Quote
from .validate import did_you_mean

__all__ = [
    "DecisiveQuote", "MAX_DEPTH", "MAX_SUBMISSION_BYTES", "Prediction", "REASONS", "SCHEMA", "SCHEMA_VERSION",
    "Submission", "SubmissionError", "load_weighting", "safe_file_stem", "save_weighting",
]

#: The value of the ``schema`` field that marks a file as an Entente Lab submission.
SCHEMA = "entente-lab-submission"
#: The submission format this version writes and reads.
SCHEMA_VERSION = 1
#: Files larger than this are refused before they are read (a real submission is a few kB).
MAX_SUBMISSION_BYTES = 1_000_000
#: Deepest nesting of arrays and objects accepted (a real submission nests 3 deep).
MAX_DEPTH = 16

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
    "unknown-version": "unknown schema version",
    "missing-field": "missing field",
    "bad-field": "bad field",
    "bad-weight": "bad weight",
    "unknown-factor": "unknown factor",
    "other-case": "for another case",
    "no-submissions": "folder with no submissions",
}

_REQUIRED = ("name", "case", "weights", "options", "assessment", "prediction", "verdict_text", "decisive_quotes",
             "package_version", "saved_at")
_SLUG_LENGTH = 40


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


@dataclass(frozen=True)
class Prediction:
    """Where the student expected the relationship to land, before the sliders unlocked.

    ``verdict`` is one of :data:`~entente_lab.model.VERDICTS`; ``strength`` and
    ``strain`` are set when the prediction was a point on the plane; ``reason`` is
    the student's reason in their words, if they gave one.
    """

    verdict: str
    strength: float | None = None
    strain: float | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "strength": self.strength, "strain": self.strain, "reason": self.reason}


@dataclass(frozen=True)
class DecisiveQuote:
    """A quote the student marked as decisive: ``case.factor(factor).quotes[index]``."""

    factor: str
    index: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "quote": self.index, "text": self.text}


@dataclass(frozen=True)
class Submission:
    """One student's saved work, as :func:`save_weighting` wrote it and :func:`load_weighting` read it.

    ``weights`` holds every factor's weight in case order; ``strength``, ``strain``
    and ``verdict`` are the scores the weights and options give. ``path`` is the file
    it was read from (empty for one not yet read). Pass :attr:`options` to
    :func:`~entente_lab.assess` to score it again: ``assess(case, s.weights, **s.options)``.
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
    verdict: str
    prediction: Prediction | None
    verdict_text: str
    decisive_quotes: tuple[DecisiveQuote, ...]
    package_version: str
    saved_at: str
    schema_version: int = SCHEMA_VERSION
    case_title: str = ""
    path: str = field(default="", compare=False)

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
        """The JSON object of the file (without ``path``)."""
        return {
            "schema": SCHEMA, "schema_version": self.schema_version, "name": self.name,
            "case": {"id": self.case_id, "content_hash": self.case_hash, "title": self.case_title},
            "weights": dict(self.weights),
            "options": {"evidence_trust": dict(self.evidence_trust), "months": self.months,
                        "thresholds": list(self.thresholds)},
            "assessment": {"strength": self.strength, "strain": self.strain, "verdict": self.verdict},
            "prediction": None if self.prediction is None else self.prediction.to_dict(),
            "verdict_text": self.verdict_text,
            "decisive_quotes": [q.to_dict() for q in self.decisive_quotes],
            "package_version": self.package_version, "saved_at": self.saved_at,
        }


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


def _prediction(value: object, thresholds: tuple[float, float]) -> Prediction | None:
    if value is None or isinstance(value, Prediction):
        return value
    reason = ""
    if hasattr(value, "region"):  # the dashboard's prediction gate records (region, reason)
        reason = _text_field(getattr(value, "reason", ""), "the prediction's reason")
        value = value.region
    if isinstance(value, str):
        if value not in VERDICTS:
            raise ValueError(f"prediction {value!r} is not a region{did_you_mean(value, VERDICTS)}; "
                             f"choose one of: {', '.join(VERDICTS)}")
        return Prediction(value, reason=reason)
    if isinstance(value, Sequence) and len(value) == 2:
        strength, strain = (_unit_number(v, f"the predicted {w}") for v, w in zip(value, ("strength", "strain"),
                                                                                     strict=True))
        return Prediction(verdict_of(strength, strain, thresholds), strength, strain)
    raise TypeError(f"prediction must be a region name, a (strength, strain) pair or None, not {value!r}")


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


def _version() -> str:
    from . import __version__

    return __version__


def save_weighting(case: Case, weights: Mapping[str, float] | Assessment | None, *, name: str,
                   folder: str | os.PathLike[str] = ".", prediction: object = None, verdict_text: str = "",
                   decisive_quotes: Sequence[object] = (), evidence_trust: Mapping[str, float] | None = None,
                   months: float | None = None, thresholds: Sequence[float] | None = None) -> Path:
    """Save a weighting and the work around it as a new submission file; return its path.

    The file is written atomically (a temporary file in ``folder``, fsynced, then
    given its name), so a crash leaves either no file or the whole file. An existing
    file is never overwritten: the name carries the time of saving to the second,
    and a counter when that name is taken.

    Parameters
    ----------
    case : Case
        The case the weights belong to; its id and content hash go into the file.
    weights : mapping, Assessment or None
        Factor id to weight in [0, 1] (missing factors take their defaults), or an
        :class:`~entente_lab.Assessment`, whose weights and options are saved.
    name : str
        The student's name or pseudonym, saved exactly as given; the file name is
        made from it safely (see :func:`safe_file_stem`).
    folder : path-like, default "."
        Where to save; created if missing.
    prediction : str, (float, float), prediction record or None
        The region predicted before the sliders unlocked (one of
        :data:`~entente_lab.VERDICTS`), a predicted ``(strength, strain)`` point, or
        the dashboard's recorded prediction (anything with ``region`` and ``reason``).
    verdict_text : str
        The written verdict.
    decisive_quotes : sequence
        Quotes marked as decisive: ``(factor id, quote index)`` pairs or
        :class:`~entente_lab.Quote` objects of the case's factors.
    evidence_trust, months, thresholds
        The model options, as for :func:`~entente_lab.assess`; not allowed with an
        ``Assessment``, which carries its own.

    Returns
    -------
    pathlib.Path
        The new file, inside ``folder``.

    Raises
    ------
    ValueError
        An empty name, an unknown factor, a weight or option out of range (a
        :class:`~entente_lab.ModelError`), a bad prediction or decisive quote.
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
    >>> path = save_weighting(case, {"protracted-war": 0.9}, name="../../etc/x", folder=folder,
    ...                       prediction="limited entente", verdict_text="Both, at once.")
    >>> path.parent == Path(folder), path.name.startswith("etc-x-")
    (True, True)
    >>> saved = load_weighting(path, case=case)
    >>> saved.name, saved.weights["protracted-war"], saved.verdict, saved.prediction.verdict
    ('../../etc/x', 0.9, 'limited entente', 'limited entente')
    >>> save_weighting(case, {}, name="  ", folder=folder)
    Traceback (most recent call last):
    ...
    ValueError: name is empty; give a name or a pseudonym
    """
    name = _text_field(name, "name")
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
    submission = Submission(
        name=name, case_id=case.id, case_hash=case.content_hash, weights=dict(result.weights),
        evidence_trust=dict(result.evidence_trust), months=result.months, thresholds=tuple(result.thresholds),
        strength=result.strength, strain=result.strain, verdict=result.verdict,
        prediction=_prediction(prediction, result.thresholds), verdict_text=verdict_text,
        decisive_quotes=_decisive(case, decisive_quotes), package_version=_version(),
        saved_at=saved.isoformat(timespec="microseconds").replace("+00:00", "Z"), case_title=case.source.title,
    )
    text = json.dumps(submission.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    target_folder = make_folder(folder)
    for file_name in _file_names(name, saved):
        try:
            return write_atomic(target_folder / file_name, text)
        except FileExistsError:
            continue
    raise FileExistsError(f"{target_folder} already holds 9999 saves of {name!r} from this second")


# --------------------------------------------------------------------------- reading

class _NonFinite(float):
    """A JSON ``NaN``/``Infinity`` literal, kept so the check can name the field it is in."""

    literal: str

    def __new__(cls, literal: str) -> _NonFinite:
        number = super().__new__(cls, {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}[literal])
        number.literal = literal
        return number


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (a scan, so no recursion)."""
    depth = deepest = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text, flags=re.DOTALL):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    shown = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SubmissionError("not-found", "no such file; check the path", shown) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SubmissionError("symlink-loop", "the symbolic link points back to itself", shown) from None
        raise SubmissionError("unreadable", error.strerror or str(error), shown) from None
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionError("not-a-file", "not a regular file (a folder, device or pipe)", shown)
    if info.st_size > max_bytes:
        raise SubmissionError("too-large", f"{info.st_size:,} bytes, over the limit of {max_bytes:,}; "
                                           "not read", shown)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise SubmissionError("unreadable", error.strerror or str(error), shown) from None
    if len(data) > max_bytes:
        raise SubmissionError("too-large", f"grew past the limit of {max_bytes:,} bytes while being read", shown)
    if not data.strip():
        raise SubmissionError("empty", "the file is empty" if not data else "the file holds only white space",
                              shown)
    return data


def _parse(data: bytes, shown: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SubmissionError("not-utf8", f"byte {error.start} is not UTF-8; save the file as UTF-8 JSON",
                              shown) from None
    if _depth(text) > MAX_DEPTH:
        raise SubmissionError("too-deep", f"arrays or objects nest more than {MAX_DEPTH} deep", shown)
    try:
        value = json.loads(text, parse_constant=_NonFinite, object_pairs_hook=_pairs)
    except json.JSONDecodeError as error:
        raise SubmissionError("invalid-json", f"line {error.lineno} column {error.colno}: {error.msg}",
                              shown) from None
    except RecursionError:
        raise SubmissionError("too-deep", "arrays or objects nest too deeply", shown) from None
    except ValueError as error:  # a duplicate key, or an integer with too many digits
        raise SubmissionError("invalid-json", str(error), shown) from None
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
            type(value), "a number")
        raise SubmissionError("not-an-object", f"the file holds {kind}, not a JSON object", shown)
    return value


def _describe(value: object) -> str:
    if isinstance(value, _NonFinite):
        return value.literal
    return repr(value)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite_unit(value: object) -> bool:
    return _is_number(value) and not isinstance(value, _NonFinite) and math.isfinite(value) and 0 <= value <= 1


def _check(data: dict[str, Any], shown: str, case: Case | None) -> Submission:  # noqa: C901 - one check per field
    def fail(reason: str, message: str) -> SubmissionError:
        return SubmissionError(reason, message, shown)

    if data.get("schema") != SCHEMA:
        raise fail("not-a-submission", f"no \"schema\": \"{SCHEMA}\" field; this JSON file is not an "
                                       "Entente Lab submission")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise fail("unknown-version", f"schema version {_describe(version)}; entente-lab {_version()} reads "
                                      f"version {SCHEMA_VERSION} (a newer file needs a newer entente-lab)")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise fail("missing-field", f"no {', '.join(repr(m) for m in missing)}")

    problems: list[str] = []

    def text(value: object, what: str, *, empty_ok: bool = True) -> str:
        if not isinstance(value, str) or (not empty_ok and not value.strip()):
            problems.append(f"{what} is {_describe(value)}, not {'a' if empty_ok else 'a non-empty'} string")
            return ""
        return value

    name = text(data["name"], "name", empty_ok=False)
    case_data = data["case"]
    if not isinstance(case_data, dict):
        raise fail("bad-field", f"case is {_describe(case_data)}, not an object")
    for key in ("id", "content_hash"):
        if key not in case_data:
            raise fail("missing-field", f"no {key!r} in case")
    case_id = text(case_data["id"], "case.id", empty_ok=False)
    case_hash = text(case_data["content_hash"], "case.content_hash", empty_ok=False)
    case_title = text(case_data.get("title", ""), "case.title")
    verdict_text = text(data["verdict_text"], "verdict_text")
    package_version = text(data["package_version"], "package_version")
    saved_at = text(data["saved_at"], "saved_at", empty_ok=False)
    if saved_at:
        try:
            moment = datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            problems.append(f"saved_at is {saved_at!r}, not an ISO 8601 time with a time zone")

    options = data["options"]
    if not isinstance(options, dict):
        raise fail("bad-field", f"options is {_describe(options)}, not an object")
    for key in ("evidence_trust", "months", "thresholds"):
        if key not in options:
            raise fail("missing-field", f"no {key!r} in options")
    trust = options["evidence_trust"]
    if not isinstance(trust, dict) or not all(_finite_unit(v) for v in trust.values()):
        problems.append(f"options.evidence_trust is {_describe(trust)}, not an object of numbers in [0, 1]")
        trust = {}
    months = options["months"]
    if months is not None and not (_is_number(months) and math.isfinite(months) and months >= 0):
        problems.append(f"options.months is {_describe(months)}, not null or a finite number >= 0")
        months = None
    thresholds = options["thresholds"]
    if not (isinstance(thresholds, list) and len(thresholds) == 2 and all(_finite_unit(t) for t in thresholds)):
        problems.append(f"options.thresholds is {_describe(thresholds)}, not two numbers in (0, 1)")
        thresholds = [0.5, 0.5]

    prediction = data["prediction"]
    if prediction is not None:
        if not isinstance(prediction, dict) or prediction.get("verdict") not in VERDICTS:
            problems.append(f"prediction is {_describe(prediction)}, not null or an object whose verdict is one "
                            f"of: {', '.join(VERDICTS)}")
            prediction = None
        else:
            point = [prediction.get("strength"), prediction.get("strain")]
            if point != [None, None] and not all(_finite_unit(v) for v in point):
                problems.append(f"the predicted point is {_describe(point)}, not two numbers in [0, 1]")
                point = [None, None]
            reason = prediction.get("reason", "")
            if not isinstance(reason, str):
                problems.append(f"the prediction's reason is {_describe(reason)}, not a string")
                reason = ""
            prediction = Prediction(prediction["verdict"], *(None if v is None else float(v) for v in point),
                                    reason=reason)

    quotes_data = data["decisive_quotes"]
    decisive: list[DecisiveQuote] = []
    if not isinstance(quotes_data, list):
        problems.append(f"decisive_quotes is {_describe(quotes_data)}, not a list")
    else:
        for i, item in enumerate(quotes_data):
            if not (isinstance(item, dict) and isinstance(item.get("factor"), str) and isinstance(item.get("quote"), int)
                    and not isinstance(item.get("quote"), bool) and isinstance(item.get("text", ""), str)):
                problems.append(f"decisive_quotes[{i}] is {_describe(item)}, not {{factor, quote, text}}")
                continue
            decisive.append(DecisiveQuote(item["factor"], item["quote"], item.get("text", "")))
    if problems:
        raise fail("bad-field", "; ".join(problems))

    weights = data["weights"]
    if not isinstance(weights, dict) or not weights:
        raise fail("bad-field", f"weights is {_describe(weights)}, not an object of factor id to weight")
    bad = [f"{key!r} is {_describe(value)}" for key, value in weights.items() if not _finite_unit(value)]
    if bad:
        raise fail("bad-weight", f"weights must be finite numbers in [0, 1]: {'; '.join(bad)}")

    if case is not None:
        if case_id != case.id:
            raise fail("other-case", f"for case {case_id!r}, not {case.id!r}")
        if case_hash != case.content_hash:
            raise fail("other-case", f"for another version of case {case_id!r} (content hash {case_hash[:19]}..., "
                                     f"this case file has {case.content_hash[:19]}...)")
        known = [f.id for f in case.factors]
        unknown = [key for key in weights if key not in known]
        if unknown:
            raise fail("unknown-factor", "; ".join(f"{key!r}{did_you_mean(key, known)}" for key in unknown)
                       + f"; known factors: {', '.join(known)}")
        absent = [key for key in known if key not in weights]
        if absent:
            raise fail("missing-field", f"no weight for factor(s) {', '.join(absent)}")
        for quote in decisive:
            if quote.factor not in known:
                raise fail("unknown-factor", f"decisive quote of unknown factor {quote.factor!r}"
                                             f"{did_you_mean(quote.factor, known)}")
            if not 0 <= quote.index < len(case.factor(quote.factor).quotes):
                raise fail("bad-field", f"factor {quote.factor!r} has no quote {quote.index}")
        try:
            result = assess(case, weights, evidence_trust=trust, months=months, thresholds=thresholds)
        except ModelError as error:
            raise fail("bad-field", str(error)) from None
        weights = result.weights
        strength, strain, verdict = result.strength, result.strain, result.verdict
    else:
        scores = data["assessment"]
        if not (isinstance(scores, dict) and _finite_unit(scores.get("strength"))
                and _finite_unit(scores.get("strain")) and scores.get("verdict") in VERDICTS):
            raise fail("bad-field", f"assessment is {_describe(scores)}, not strength, strain and verdict")
        strength, strain, verdict = float(scores["strength"]), float(scores["strain"]), scores["verdict"]
    return Submission(
        name=name, case_id=case_id, case_hash=case_hash,
        weights={key: float(value) for key, value in weights.items()},
        evidence_trust={key: float(value) for key, value in trust.items()},
        months=None if months is None else float(months), thresholds=(float(thresholds[0]), float(thresholds[1])),
        strength=strength, strain=strain, verdict=verdict, prediction=prediction, verdict_text=verdict_text,
        decisive_quotes=tuple(decisive), package_version=package_version, saved_at=saved_at,
        schema_version=SCHEMA_VERSION, case_title=case_title, path=shown,
    )


def load_weighting(path: str | os.PathLike[str], *, case: Case | None = None,
                   max_bytes: int = MAX_SUBMISSION_BYTES) -> Submission:
    """Read a submission file back, checking every field.

    Parameters
    ----------
    path : path-like
        A file written by :func:`save_weighting`.
    case : Case, optional
        When given, the submission must be for this case (same id and content
        hash), its weights must name exactly the case's factors, and the scores and
        verdict are computed again from the weights and options (so a hand-edited
        score cannot mislead). Without it, the saved scores are returned as saved.
    max_bytes : int
        Files larger than this are refused before being read.

    Returns
    -------
    Submission
        The weights, options, scores, verdict and everything else, as saved.

    Raises
    ------
    SubmissionError
        A ``ValueError`` whose ``reason`` (a key of :data:`REASONS`) says why the
        file was refused and whose message says where and how.

    Examples
    --------
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "bad.json"
    >>> _ = bad.write_text('{"schema": "entente-lab-submission", "schema_version": 1, "weights": {"a": NaN}}')
    >>> load_weighting(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.classroom.SubmissionError: .../bad.json: missing field: no 'name', 'case', 'options', ...
    """
    shown = os.fspath(path)
    data = _parse(_read_bytes(Path(path), max_bytes), shown)
    return _check(data, shown, case)
