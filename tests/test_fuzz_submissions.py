"""Fuzzing submission files: mutate a valid submission every way a file can go wrong, and read it.

Properties, for every mutated file: :func:`load_weighting` returns a submission
or raises :class:`SubmissionError` (nothing else escapes), in bounded time;
:func:`aggregate` over a folder of such files never raises and counts exactly the
files that read as good; the HTML and CSV of the report parse with their real
readers and are UTF-8 (no lone surrogate gets through).

CI runs the derandomized "ci" profile (tests/conftest.py); a long hunt by hand:
``ENTENTE_LAB_HYPOTHESIS=fuzz-long python -m pytest tests/test_fuzz_submissions.py -p no:randomly``.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente_lab import load_case, load_weighting, save_weighting
from entente_lab.classroom.aggregate import aggregate
from entente_lab.classroom.submissions import REASONS, Submission, SubmissionError
from entente_lab.report import report_csv, report_html

from .guards import within
from .test_report import _check

#: A generous bound against hangs (a single file takes milliseconds).
HANG_BOUND = 10
CASE = load_case()


def _base_submission() -> dict:
    """A valid submission with every field filled in: a predicted point, quotes, a written verdict, months, dated evidence."""
    folder = tempfile.mkdtemp(prefix="entente-lab-fuzz-")
    try:
        path = save_weighting(CASE, {"blames-nato": 0.25, "policy-trilemma": 0.9}, name="Zoë Fuzz", folder=folder,
                              prediction=(0.7, 0.3), verdict_text="Both, at once.\n\tReally.",
                              decisive_quotes=[("policy-trilemma", 0), ("blames-nato", 0)],
                              evidence_trust={"hypothesis": 0.5}, months=24, thresholds=(0.45, 0.55),
                              dated_evidence=[{"date": "2023-03-21", "source": "A report", "claim": "It grew",
                                               "factor": "protracted-war", "direction": "supports"},
                                              {"date": "2024", "source": "Another", "claim": "It fell",
                                               "factor": "blames-nato", "direction": "weakens"}])
        return json.loads(path.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder)


BASE = _base_submission()


def _paths(value, prefix=()):
    """Every place in a JSON value: containers and leaves."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


class Raw:
    """JSON text put in as it is (a number literal, deep nesting): json.dumps cannot write these."""

    def __init__(self, text: str):
        self.text = text


RAW_NUMBERS = ["NaN", "Infinity", "-Infinity", "-0", "-0.0", "1e308", "-1e308", "1e999", "-1e999", "4.9e-324",
               "1e-400", "9" * 400, "-" + "9" * 400, "0." + "1" * 400, "1" + "0" * 41, "1E2", "0.5e0", "00", "1.",
               ".5", "+1", "0x10", "1_000"]
HOSTILE_TEXTS = ["\udc80", "a\ud800b", "\udbff\udfff", "\x00", "\x1b[31m", "\r", "\u202eevil", "\u200b", "\ufeff",
                 "x" * 25_000, "\u00e9" * 201, "", " ", "\t", "both-high", "both-high", "sha256:" + "0" * 64,
                 "2999-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                 "2024-02-30T00:00:00Z", "2024-05-01T12:00:00", "2024-05-01", "yesterday", "=HYPERLINK(\"x\")",
                 "</td></tr></table><script>alert(1)</script>", "\U0001f642" * 3, "Jose\u0301"]


@st.composite
def iso_times(draw) -> str:
    """ISO 8601 times across the whole range datetime allows, with and without zones."""
    moment = draw(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
    zone = draw(st.one_of(st.none(), st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
        lambda m: timezone(timedelta(minutes=m)))))
    text = moment.replace(tzinfo=zone).isoformat()
    return text.replace("+00:00", "Z") if draw(st.booleans()) else text


values = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**80), 2**80), st.floats(),
    st.sampled_from(RAW_NUMBERS).map(Raw),
    st.integers(1, 3_000).map(lambda depth: Raw("[" * depth + "]" * depth)),
    st.integers(1, 3_000).map(lambda depth: Raw('{"a":' * depth + "1" + "}" * depth)),
    st.text(max_size=40), st.sampled_from(HOSTILE_TEXTS), iso_times(),
    st.lists(st.one_of(st.integers(), st.floats(), st.text(max_size=5)), max_size=4),
    st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.floats(), st.text(max_size=5)), max_size=3),
)


def _similar(value) -> st.SearchStrategy:
    """Values of the same JSON type as ``value``: near misses and good values alike."""
    if isinstance(value, bool) or value is None:
        return st.one_of(st.none(), st.booleans())
    if isinstance(value, int):
        return st.integers(-2, 5)
    if isinstance(value, float):
        return st.one_of(st.floats(0, 1), st.floats(-1, 2), st.sampled_from([0.0, -0.0, 1.0, 5e-324, 1 - 1e-16]))
    if isinstance(value, str):
        return st.one_of(st.text(max_size=30), iso_times(), st.sampled_from(HOSTILE_TEXTS))
    if isinstance(value, list):
        return st.lists(st.floats(0, 1), max_size=3)
    return st.dictionaries(st.sampled_from(["observed", "hypothesis", "cited", "gossip"]), st.floats(0, 1))


def _at(data, path):
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_submissions(draw) -> bytes:
    """The bytes of a submission file, changed in one to four ways."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(0, 4))):
        places = list(_paths(data))
        path = draw(st.sampled_from(places[1:] + places[:1]))  # the whole object last: rarely replaced
        how = draw(st.sampled_from(["similar", "similar", "replace", "replace", "delete", "add", "wrap"]))
        if not path:
            if how == "replace":
                data = draw(values)
            continue
        parent, key = _at(data, path[:-1]), path[-1]
        if how == "similar":  # a value of the same kind, often still valid
            parent[key] = draw(_similar(parent[key]))
        elif how == "replace":
            parent[key] = draw(values)
        elif how == "delete":
            del parent[key]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=12), st.sampled_from(["verdict", "scoring_hash", "\udc80"])))] = \
                draw(values)
        elif how == "wrap":
            parent[key] = [parent[key]] if draw(st.booleans()) else {"value": parent[key]}
    raws: list[str] = []

    def default(value):
        if isinstance(value, Raw):
            raws.append(value.text)
            return f"@@RAW{len(raws) - 1}@@"
        raise TypeError(type(value).__name__)

    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])),
                      default=default)
    for index, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{index}@@"', raw, 1)
    if draw(st.sampled_from([False] * 7 + [True])) and text.startswith("{"):  # a key twice in one object
        text = '{"' + draw(st.sampled_from(["name", "weights", "schema_version"])) + '": 1, ' + text[1:]
    raw_bytes = text.encode("utf-8", "surrogatepass")  # a lone surrogate written raw is invalid UTF-8
    how = draw(st.sampled_from(["as-is"] * 8 + ["truncate", "bom", "two-boms", "bad-bytes", "utf-16", "nul",
                                               "whitespace"]))
    if how == "truncate":
        raw_bytes = raw_bytes[:draw(st.integers(0, max(len(raw_bytes) - 1, 0)))]
    elif how == "bom":
        raw_bytes = b"\xef\xbb\xbf" + raw_bytes
    elif how == "two-boms":
        raw_bytes = b"\xef\xbb\xbf" * 2 + raw_bytes
    elif how == "bad-bytes":
        at = draw(st.integers(0, len(raw_bytes)))
        raw_bytes = raw_bytes[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xb2\x80", b"\xf4\x90\x80\x80"])) \
            + raw_bytes[at:]
    elif how == "utf-16":
        raw_bytes = text.encode("utf-16", "surrogatepass")
    elif how == "nul":
        at = draw(st.integers(0, len(raw_bytes)))
        raw_bytes = raw_bytes[:at] + b"\x00" + raw_bytes[at:]
    elif how == "whitespace":
        raw_bytes = b" \n\t" * draw(st.integers(0, 1000)) + raw_bytes
    return raw_bytes


def _fuzz(examples: int) -> settings:
    """At least ``examples`` examples (more under a profile that asks for more, such as "fuzz-long")."""
    return settings(max_examples=max(settings.default.max_examples, examples),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _read(path: Path, case=None) -> Submission | SubmissionError:
    """Read one file: a submission, or the refusal; anything else escapes and fails the test."""
    try:
        return load_weighting(path, case=case)
    except SubmissionError as error:
        return error


def _check_refusal(error: SubmissionError) -> None:
    assert error.reason in REASONS
    text = str(error)
    assert "\n" not in text and len(error.message) < 600, text
    error.message.encode("utf-8")  # nothing unprintable to a UTF-8 terminal or file


def _check_good(submission: Submission) -> None:
    for text in (submission.name, submission.verdict_text, submission.saved_at,
                 submission.prediction.reason if submission.prediction else ""):
        text.encode("utf-8")
    assert submission.name.strip() and len(submission.name) <= 200
    assert all(0 <= w <= 1 for w in submission.weights.values())
    assert 2000 <= submission.saved_datetime.year <= 9999


@pytest.mark.slow  # hypothesis, over 10 s
@_fuzz(400)
@given(raw=mutated_submissions())
def test_any_mutated_submission_is_read_or_refused_with_a_reason(raw):
    with tempfile.TemporaryDirectory(prefix="entente-lab-fuzz-") as folder:
        path = Path(folder) / "s.json"
        path.write_bytes(raw)
        with within(HANG_BOUND, "reading one mutated file"):
            for case in (None, CASE):
                result = _read(path, case)
                if isinstance(result, SubmissionError):
                    _check_refusal(result)
                else:
                    _check_good(result)


@_fuzz(300)
@given(raw=st.binary(max_size=3_000))
def test_any_bytes_at_all_are_read_or_refused_with_a_reason(raw):
    with tempfile.TemporaryDirectory(prefix="entente-lab-fuzz-") as folder:
        path = Path(folder) / "s.json"
        path.write_bytes(raw)
        with within(HANG_BOUND, "reading random bytes"):
            result = _read(path, CASE)
        if isinstance(result, SubmissionError):
            _check_refusal(result)


def _outputs_are_well_formed(report) -> None:
    for hide_names in (False, True):
        page = report_html(report, hide_names=hide_names, figures=False)
        page.encode("utf-8")
        _check(page)  # tags balanced, no script, no event handler, nothing fetched
        table = report_csv(report, hide_names=hide_names)
        table.encode("utf-8")
        rows = list(csv.reader(io.StringIO(table, newline="")))
        assert len(rows) == 1 + report.n_read and len({len(row) for row in rows}) == 1


@pytest.mark.slow  # hypothesis, over 10 s
@_fuzz(200)
@given(files=st.lists(mutated_submissions(), min_size=1, max_size=4))
def test_aggregate_counts_exactly_the_good_files_and_writes_well_formed_outputs(files):
    with tempfile.TemporaryDirectory(prefix="entente-lab-fuzz-") as name:
        folder = Path(name)
        good = save_weighting(CASE, {}, name="Always good", folder=folder)
        paths = []
        for index, raw in enumerate(files):
            paths.append(folder / f"m{index}.json")
            paths[-1].write_bytes(raw)
        read = {str(p): _read(p, CASE) for p in sorted([good, *paths])}  # in the order aggregate reads them
        firsts: list[Submission] = []
        for result in read.values():
            if isinstance(result, Submission) and result not in firsts:  # a copy of a save (equal but for the path) counts once
                firsts.append(result)
        expected = {s.path for s in firsts}
        with within(HANG_BOUND, "aggregating mutated files"):
            report = aggregate(folder, case=CASE)
            _outputs_are_well_formed(report)
        counted = {s.path for s in (*report.submissions, *report.superseded)}
        assert counted == expected
        assert sorted(s.path for s in report.skipped) == sorted(path for path in read if path not in expected)
        copies = {path for path, result in read.items() if isinstance(result, Submission) and path not in expected}
        assert {s.path for s in report.skipped if s.reason == "duplicate"} == copies


def test_the_base_submission_is_good():
    """The mutations start from a valid file, so every refusal is the mutation's doing."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        path.write_text(json.dumps(BASE), encoding="utf-8")
        assert load_weighting(path, case=CASE).name == "Zoë Fuzz"
        assert os.path.getsize(path) < 10_000
