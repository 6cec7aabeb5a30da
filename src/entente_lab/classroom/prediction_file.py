"""The prediction a student records in one notebook, kept for the save made in another.

The prediction is recorded in the weighing notebook and the verdict is saved in the
last one; each notebook runs in its own kernel, so the prediction travels through a
small file in the folder the submissions are saved to: ``.prediction.json`` (hidden,
so the class report, which skips hidden files, never takes it for a submission).

It is written as a submission is, with :func:`~entente_lab.atomic.write_atomic` (a
reader sees the old file or the whole new one), and read back as a submission is:
with a size limit, bounded parsing, and every field checked. Reading never raises:
a missing file is "no prediction recorded", a damaged one is reported in one line
that names the file and the fix.

Examples
--------
>>> import tempfile
>>> from entente_lab import load_case
>>> case = load_case()
>>> folder = tempfile.mkdtemp()
>>> recorded_prediction(case, folder)
RecordedPrediction(prediction=None, problem='')
>>> _ = record_prediction(case, Prediction("both-high", reason="both at once"), folder)
>>> recorded_prediction(case, folder).prediction
Prediction(region='both-high', strength=None, strain=None, reason='both at once')
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from ..atomic import make_folder, write_atomic
from ..case.records import Case
from .submission_file import MAX_REASON_CHARS, SubmissionError, _bad_character, format_saved_at, parse, read_bytes
from .submissions import Prediction

__all__ = ["PREDICTION_FILE", "PREDICTION_SCHEMA", "RecordedPrediction", "prediction_path", "record_prediction",
           "recorded_prediction"]

#: The file's name inside the submissions folder (hidden: the class report skips it).
PREDICTION_FILE = ".prediction.json"
#: The value of the ``schema`` field that marks the file.
PREDICTION_SCHEMA = "entente-lab-prediction"
#: A recorded prediction is a few hundred bytes; anything much larger is not one.
MAX_PREDICTION_BYTES = 4 * MAX_REASON_CHARS + 4_096


class RecordedPrediction(NamedTuple):
    """What :func:`recorded_prediction` found: the prediction, or ``None`` and why (``problem``, one line)."""

    prediction: Prediction | None
    problem: str


def prediction_path(folder: str | os.PathLike[str] = "submissions") -> Path:
    """Where the recorded prediction is kept for ``folder``.

    >>> prediction_path("submissions").as_posix()
    'submissions/.prediction.json'
    """
    return Path(folder) / PREDICTION_FILE


def record_prediction(case: Case, prediction: Any, folder: str | os.PathLike[str] = "submissions") -> Path:
    """Keep ``prediction`` (anything with a ``region`` and a ``reason``) for the save made later from ``folder``.

    A new recording replaces the earlier one. Raises :class:`ValueError` for a region the
    case does not have or a reason over the limit, :class:`OSError` (one line naming the
    file and the fix) when the file cannot be written.
    """
    region, reason = getattr(prediction, "region", None), getattr(prediction, "reason", "")
    if not isinstance(region, str) or region not in case.plane.regions:
        raise ValueError(f"the prediction's region {region!r} is not one of this case's: {', '.join(case.plane.regions)}")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        raise ValueError(f"the prediction's reason must be text of at most {MAX_REASON_CHARS:,} characters")
    bad = _bad_character(reason, breaks_allowed=True)
    if bad:
        raise ValueError(f"the prediction's reason holds {bad}")
    record = {"schema": PREDICTION_SCHEMA, "case": case.id, "region": region, "reason": reason,
              "recorded_at": format_saved_at(datetime.now(timezone.utc))}
    make_folder(folder)
    return write_atomic(prediction_path(folder), json.dumps(record, ensure_ascii=False, indent=1) + "\n", overwrite=True)


def _checked(case: Case, data: dict[str, Any], shown: str) -> RecordedPrediction:
    fix = "record your prediction again in the weighing notebook"
    if data.get("schema") != PREDICTION_SCHEMA:
        return RecordedPrediction(None, f"{shown}: not a recorded prediction; {fix}")
    if data.get("case") != case.id:
        return RecordedPrediction(None, f"{shown}: recorded for another case ({str(data.get('case'))[:60]!r}); {fix}")
    region, reason = data.get("region"), data.get("reason", "")
    if not isinstance(region, str) or region not in case.plane.regions:
        return RecordedPrediction(None, f"{shown}: the region {str(region)[:60]!r} is not one of this case's; {fix}")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        return RecordedPrediction(None, f"{shown}: the reason is not text of at most {MAX_REASON_CHARS:,} characters; {fix}")
    bad = _bad_character(reason, breaks_allowed=True)
    if bad:
        return RecordedPrediction(None, f"{shown}: the reason holds {bad.split(';')[0]}; {fix}")
    return RecordedPrediction(Prediction(region, reason=reason), "")


def recorded_prediction(case: Case, folder: str | os.PathLike[str] = "submissions") -> RecordedPrediction:
    """The prediction recorded for ``folder``, or ``None`` with the problem in one line; never raises.

    No file is no prediction and no problem. A damaged file, one for another case or
    one that cannot be read is no prediction, and ``problem`` names the file and the fix.
    """
    try:
        path = prediction_path(folder)
    except TypeError as error:
        return RecordedPrediction(None, f"cannot look for a recorded prediction in {folder!r}: {error}")
    shown = os.fspath(path)
    try:
        data = parse(read_bytes(path, MAX_PREDICTION_BYTES), shown)
    except SubmissionError as error:
        if error.reason == "not-found":
            return RecordedPrediction(None, "")
        return RecordedPrediction(None, f"{error}; record your prediction again in the weighing notebook")
    return _checked(case, data, shown)
