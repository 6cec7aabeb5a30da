"""Students bring dated evidence of their own: it is kept in the save file, read back, and listed in the class report."""

from __future__ import annotations

import html
import json

import pytest

from entente_lab import load_weighting, save_weighting
from entente_lab.classroom.aggregate import aggregate
from entente_lab.classroom.submissions import DatedEvidence, SubmissionError
from entente_lab.report import report_html

from .html_checks import well_formed

#: Evidence a student might bring; the words are theirs (and hostile on purpose in the source).
PIECES = [
    DatedEvidence("2023-03-21", "<script>alert(1)</script> a news report", "A second statement was signed",
                  "rhetorical-solidarity", "supports"),
    {"date": "2024-05", "source": "https://example.org/x?a=1&b=2", "claim": "Trade grew \u202eevil",
     "factor": "economic-costs", "direction": "weakens"},
]


def _good_piece(**changes):
    return {"date": "2023-03-21", "source": "A report", "claim": "Something happened", "factor": "protracted-war",
            "direction": "supports", **changes}


def test_dated_evidence_round_trips_through_save_load_and_aggregate(case, tmp_path):
    path = save_weighting(case, {}, name="Ana", folder=tmp_path, dated_evidence=PIECES)
    expected = (PIECES[0], DatedEvidence(**PIECES[1]))
    assert load_weighting(path, case=case).dated_evidence == expected
    assert load_weighting(path).dated_evidence == expected  # also without the case
    report = aggregate(tmp_path, case=case)
    (submission,) = report.submissions
    assert submission.dated_evidence == expected
    page = report_html(report, figures=False)
    assert "Evidence the students brought" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; a news report" in page
    assert "https://example.org/x?a=1&amp;b=2" in page and "\u202e" not in page
    text = "".join(well_formed(page).text)  # as the reader sees it, however the page escapes a quote
    assert case.factor("economic-costs").label in text and "weakens" in text


def test_a_save_without_evidence_writes_no_evidence_key_so_older_readers_read_it(case, tmp_path):
    path = save_weighting(case, {}, name="Ana", folder=tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "dated_evidence" not in data
    assert load_weighting(path, case=case).dated_evidence == ()
    assert "No counted submission holds dated evidence." in report_html(aggregate(tmp_path, case=case), figures=False)


def test_what_a_save_with_evidence_writes_is_what_the_schema_describes(case, tmp_path):
    from jsonschema import Draft202012Validator

    from entente_lab.classroom.submission_file import submission_schema

    path = save_weighting(case, {}, name="Ana", folder=tmp_path, dated_evidence=PIECES)
    assert list(Draft202012Validator(submission_schema()).iter_errors(json.loads(path.read_bytes()))) == []


def test_the_schema_states_the_evidence_limits_the_code_enforces():
    from entente_lab.classroom import submission_file as f

    schema = f.submission_schema()
    item = schema["$defs"]["dated-evidence"]["properties"]
    assert schema["properties"]["dated_evidence"]["maxItems"] == f.MAX_DATED_EVIDENCE == 100
    assert item["source"]["maxLength"] == f.MAX_EVIDENCE_SOURCE_CHARS == 500
    assert item["claim"]["maxLength"] == f.MAX_EVIDENCE_CLAIM_CHARS == 300
    assert item["direction"]["enum"] == ["supports", "weakens"]


@pytest.mark.parametrize(("change", "message"), [
    ({"date": "2023-02-30"}, "dated_evidence[0].date (a piece of evidence's date): '2023-02-30' is not a real date"),
    ({"date": "last spring"}, "'last spring', not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
    ({"source": "a\nb"}, "dated_evidence[0].source (a piece of evidence's source) holds a line break"),
    ({"source": "   "}, "dated_evidence[0].source (a piece of evidence's source) is empty"),
    ({"claim": "x" * 301}, "is 301 characters; the limit is 300: shorten it"),
    ({"direction": "both"}, "is 'both', not one of: supports, weakens"),
    ({"factor": "protracted-wars"}, "unknown factor 'protracted-wars' (did you mean 'protracted-war'?) in the dated evidence"),
])
def test_a_bad_piece_of_evidence_is_refused_at_save_with_the_fix(case, tmp_path, change, message):
    with pytest.raises(ValueError) as caught:
        save_weighting(case, {}, name="Ana", folder=tmp_path, dated_evidence=[_good_piece(**change)])
    assert message in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


HOSTILE = [
    ("not a list", "x", "bad-field", "dated_evidence (the dated evidence) is 'x', not a list"),
    ("too many", [_good_piece()] * 101, "bad-field", "dated_evidence (the dated evidence) has 101 entries; the limit is 100"),
    ("not an object", [7], "bad-field", "dated_evidence[0] is 7, not a mapping"),
    ("missing key", [{"date": "2023"}], "missing-field", "no 'source', 'claim', 'factor', 'direction' in dated_evidence[0]"),
    ("extra key", [_good_piece(url="x")], "bad-field", "unknown key 'url' in dated_evidence[0]"),
    ("date a number", [_good_piece(date=2023)], "bad-field", "dated_evidence[0].date (a piece of evidence's date) is 2023"),
    ("month 13", [_good_piece(date="2023-13")], "bad-field", "'2023-13' is not a real date"),
    ("year 0", [_good_piece(date="0000")], "bad-field", "'0000' is not a real date"),
    ("escape code", [_good_piece(source="\x1b[2J")], "bad-field", "holds a control character (U+001B)"),
    ("lone surrogate", [_good_piece(claim="\udc80")], "bad-field", "holds a broken character (a lone surrogate"),
    ("huge claim", [_good_piece(claim="x" * 50_000)], "bad-field", "is 50,000 characters; the limit is 300"),
    ("bad factor id", [_good_piece(factor="Not An Id")], "bad-field", "not an id"),
    ("unknown factor", [_good_piece(factor="no-such-factor")], "unknown-factor",
     "dated_evidence[0] is attached to unknown factor 'no-such-factor'"),
    ("direction null", [_good_piece(direction=None)], "bad-field", "is None, not one of: supports, weakens"),
]


@pytest.mark.parametrize(("value", "reason", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_hostile_evidence_value_is_reported_never_raised(case, tmp_path, value, reason, message):
    good = save_weighting(case, {}, name="Ana", folder=tmp_path / "class")
    data = json.loads(good.read_text(encoding="utf-8"))
    data["dated_evidence"] = value
    bad = tmp_path / "class" / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        load_weighting(bad, case=case)
    assert caught.value.reason == reason and message in caught.value.message
    assert "\n" not in str(caught.value)
    report = aggregate(tmp_path / "class", case=case)  # the good file still counts; the bad one is named
    assert [s.name for s in report.submissions] == ["Ana"]
    assert [skip.reason for skip in report.skipped] == [reason]
    report_html(report, figures=False)


# ---------------------------------------------------------------- the form in notebook 07

def _fill(form, **values):
    form.date_box.value = values.get("date", "2023-03-21")
    form.source_box.value = values.get("source", "A report")
    form.claim_box.value = values.get("claim", "Something happened")
    form.factor_menu.value = values.get("factor", "protracted-war")
    form.direction_menu.value = values.get("direction", "supports")
    form.attach_button.click()


def test_the_form_attaches_shows_back_and_saves_the_students_evidence(case, tmp_path):
    from entente_lab.widgets import DatedEvidenceForm, SaveMyWork

    form = DatedEvidenceForm(case)
    _fill(form, source="<img src=x onerror=alert(1)>", factor="economic-costs", direction="weakens")
    _fill(form, date="2024")
    assert [(p.date, p.factor, p.direction) for p in form.pieces()] == [
        ("2023-03-21", "economic-costs", "weakens"), ("2024", "protracted-war", "supports")]
    assert "<img" not in form.listing.value and "&lt;img src=x onerror=alert(1)&gt;" in form.listing.value
    assert html.escape(case.factor("economic-costs").label) in form.listing.value
    panel = SaveMyWork(case, {}, folder=tmp_path, name="Ana", dated_evidence=form.pieces)
    panel.button.click()
    assert "with 2 pieces of dated evidence" in panel.status.value
    assert load_weighting(panel.last_path, case=case).dated_evidence == form.pieces()
    form.remove_button.click()
    assert len(form.pieces()) == 1 and "Your dated evidence (1)" in form.listing.value


@pytest.mark.parametrize(("values", "message"), [
    ({"date": "2023-02-30"}, "date (a piece of evidence's date): '2023-02-30' is not a real date"),
    ({"date": ""}, "date (a piece of evidence's date) is '', not a date"),
    ({"source": ""}, "source (a piece of evidence's source) is empty"),
    ({"claim": "x" * 301}, "claim (a piece of evidence's claim) is 301 characters; the limit is 300"),
])
def test_the_form_refuses_an_incomplete_piece_with_the_fix_and_keeps_the_others(case, values, message):
    from entente_lab.widgets import DatedEvidenceForm

    form = DatedEvidenceForm(case)
    _fill(form)
    _fill(form, **values)
    assert len(form.pieces()) == 1
    assert "Not attached" in form.status.value and html.escape(message) in form.status.value
    assert "dated_evidence[" not in form.status.value


def test_the_form_refuses_a_piece_over_the_limit_of_how_many(case):
    from entente_lab.classroom.submission_file import MAX_DATED_EVIDENCE
    from entente_lab.widgets import DatedEvidenceForm

    form = DatedEvidenceForm(case)
    for _ in range(MAX_DATED_EVIDENCE):
        form.attach(_good_piece())
    _fill(form)
    assert len(form.pieces()) == MAX_DATED_EVIDENCE and "the limit is 100" in form.status.value


def test_notebook_07_offers_the_form_and_saves_its_pieces():
    from .conftest import NOTEBOOKS

    (notebook,) = [p for p in NOTEBOOKS if p.name.startswith("07")]
    sources = ["".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    assert any(s.startswith("evidence = DatedEvidenceForm(case)") for s in sources)
    assert any("SaveMyWork(" in s and "dated_evidence=evidence.pieces" in s for s in sources)
