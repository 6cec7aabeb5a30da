"""Saving and loading a student's work: exact round trip, safe names, atomic, never overwriting."""

from __future__ import annotations

import base64
import errno
import json
import os
import re
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

import entente_lab
from entente_lab import atomic
from entente_lab.analysis.model import scoring_fingerprint
from entente_lab.classroom import submissions
from entente_lab.classroom.submissions import Prediction, SubmissionError, load_weighting, safe_file_stem, save_weighting


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- round trip

def test_every_field_round_trips_exactly(case, tmp_path):
    weights = {f.id: round(0.05 * i, 2) for i, f in enumerate(case.factors)}
    weights["russia-beholden"] = 0.1 + 0.2  # a float with a long repr survives exactly
    path = save_weighting(
        case, weights, name="Zoë O'Brien <ok>", folder=tmp_path, prediction="strain-high",
        verdict_text="Stronger, yes —\nbut\tstrained.", decisive_quotes=[("policy-trilemma", 1),
                                                                            case.factor("blames-nato").quotes[0]],
        evidence_trust={"hypothesis": 0.25}, months=18.5, thresholds=(0.4, 0.6))
    loaded = load_weighting(path, case=case)
    expected = entente_lab.assess(case, weights, evidence_trust={"hypothesis": 0.25}, months=18.5,
                                  thresholds=(0.4, 0.6))
    assert loaded.name == "Zoë O'Brien <ok>"
    assert loaded.weights == expected.weights and list(loaded.weights) == [f.id for f in case.factors]
    assert loaded.weights["russia-beholden"] == 0.1 + 0.2
    assert loaded.options == {"evidence_trust": {"observed": 1.0, "hypothesis": 0.25, "cited": 1.0},
                              "months": 18.5, "thresholds": (0.4, 0.6)}
    assert (loaded.strength, loaded.strain, loaded.verdict) == (expected.strength, expected.strain,
                                                                 expected.verdict)
    assert loaded.region == {"both-high": "both-high", "strength-high": "strength-high",
                             "strain-high": "strain-high", "both-low": "both-low"}[expected.verdict]
    assert loaded.assess(case) == expected
    assert loaded.prediction == Prediction("strain-high") == Prediction("strain-high")
    assert loaded.prediction.region == "strain-high" and loaded.prediction.verdict == "strain-high"
    assert loaded.verdict_text == "Stronger, yes —\nbut\tstrained."
    assert [(q.factor, q.index) for q in loaded.decisive_quotes] == [("policy-trilemma", 1), ("blames-nato", 0)]
    assert loaded.decisive_quotes[0].text == case.factor("policy-trilemma").quotes[1].text
    assert (loaded.case_id, loaded.case_hash) == (case.id, case.content_hash)
    assert loaded.scoring_hash == scoring_fingerprint(case) and loaded.schema_version == 2
    assert loaded.package_version == entente_lab.__version__
    assert loaded.saved_datetime.tzinfo is not None and loaded.saved_at.endswith("Z")
    assert abs((datetime.now(timezone.utc) - loaded.saved_datetime).total_seconds()) < 3600
    # the file is exactly the record, and reading without the case gives the same record
    assert json.loads(path.read_text(encoding="utf-8")) == loaded.to_dict()
    assert load_weighting(path) == loaded


def test_the_file_carries_the_schema_and_every_documented_field(case, tmp_path):
    data = json.loads(save_weighting(case, {}, name="A", folder=tmp_path).read_text(encoding="utf-8"))
    assert data["schema"] == "entente-lab-submission" and data["schema_version"] == 2
    assert set(data) == {"schema", "schema_version", "name", "case", "weights", "options", "assessment",
                         "prediction", "verdict_text", "decisive_quotes", "package_version", "saved_at"}
    assert set(data["options"]) == {"evidence_trust", "months", "thresholds"}
    assert data["case"] == {"id": case.id, "content_hash": case.content_hash, "scoring_hash": scoring_fingerprint(case),
                            "title": case.source.title}
    assert data["assessment"]["region"] == "both-high" and "verdict" not in data["assessment"]  # a code, no label
    assert data["weights"] == case.default_weights() and data["prediction"] is None


def test_an_assessment_saves_its_own_options_and_refuses_others(case, tmp_path):
    assessment = entente_lab.assess(case, {"protracted-war": 0.2}, months=0, evidence_trust={"cited": 0.5})
    loaded = load_weighting(save_weighting(case, assessment, name="A", folder=tmp_path), case=case)
    assert loaded.weights == assessment.weights and loaded.months == 0.0
    assert loaded.evidence_trust == assessment.evidence_trust and loaded.verdict == assessment.verdict
    with pytest.raises(ValueError, match="carries its own options"):
        save_weighting(case, assessment, name="A", folder=tmp_path, months=3)


@pytest.mark.parametrize("given, expected", [
    ((0.8, 0.2), Prediction("strength-high", 0.8, 0.2)),
    (SimpleNamespace(region="both-low", reason="both sides are thin"),
     Prediction("both-low", reason="both sides are thin")),
])
def test_a_predicted_point_or_the_dashboards_prediction_record_is_saved(case, tmp_path, given, expected):
    loaded = load_weighting(save_weighting(case, {}, name="A", folder=tmp_path, prediction=given), case=case)
    assert loaded.prediction == expected


@pytest.mark.parametrize("kwargs, error, match", [
    ({"name": ""}, ValueError, "name is empty"),
    ({"name": " \t"}, ValueError, "name is empty"),
    ({"name": 7}, TypeError, "name must be a str"),
    ({"name": "bad\ud800"}, ValueError, "cannot be saved as UTF-8"),
    ({"prediction": "limited entent"}, ValueError, "did you mean 'limited entente'"),
    ({"prediction": "both-hihg"}, ValueError, "did you mean 'both-high'"),
    ({"prediction": (0.5, 1.5)}, ValueError, "predicted strain is 1.5, outside"),
    ({"decisive_quotes": [("policy-trilema", 0)]}, ValueError, "did you mean 'policy-trilemma'"),
    ({"decisive_quotes": [("policy-trilemma", 9)]}, ValueError, "quote index 9"),
    ({"weights": {"blames-nato": float("nan")}}, ValueError, "'blames-nato' is nan"),
    ({"weights": {"blames-nato": 1.2}}, ValueError, "outside"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(case, tmp_path, kwargs, error, match):
    args = {"name": "A", "weights": {}, **kwargs}
    with pytest.raises(error, match=match):
        save_weighting(case, args.pop("weights"), folder=tmp_path, **args)
    assert _names(tmp_path) == []


# ---------------------------------------------------------------- file names

HOSTILE = ["../../etc/x", "a/b\\c", "/abs/path", "..", ".", "nul", "CON", "x\u200by\u202e[31m", "é" * 200,
           "A" * 200, "<script>alert(1)</script>", "李明", "🙂", "Anna", "anna", "ANNA", " anna"]


def test_any_name_gives_a_safe_distinct_file_inside_the_folder(case, tmp_path):
    paths = [save_weighting(case, {}, name=name, folder=tmp_path) for name in HOSTILE]
    assert all(p.parent == tmp_path for p in paths)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*\.json", p.name) and len(p.name) <= 90 for p in paths)
    # distinct even where the file system ignores case (names are lower case)
    assert len({p.name.lower() for p in paths}) == len(HOSTILE)
    assert _names(tmp_path) == sorted(p.name for p in paths)
    assert [load_weighting(p, case=case).name for p in paths] == HOSTILE


def test_names_differing_only_in_case_get_different_stems():
    assert len({safe_file_stem(n) for n in ("Anna", "anna", "ANNA", "aNNa")}) == 4


class _FrozenClock(datetime):
    """``datetime`` whose ``now`` is fixed, to force several saves into the same second."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)


def test_a_save_never_overwrites_it_picks_a_new_name(case, tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "datetime", _FrozenClock)
    first = save_weighting(case, {"blames-nato": 0.1}, name="Ana", folder=tmp_path)
    second = save_weighting(case, {"blames-nato": 0.9}, name="Ana", folder=tmp_path)
    third = save_weighting(case, {"blames-nato": 0.5}, name="Ana", folder=tmp_path)
    assert first.name.endswith("-20240501-120000.json")
    assert second.name == first.name.replace(".json", "-2.json")
    assert third.name == first.name.replace(".json", "-3.json")
    assert [load_weighting(p).weights["blames-nato"] for p in (first, second, third)] == [0.1, 0.9, 0.5]


def test_the_folder_is_created_when_missing(case, tmp_path):
    path = save_weighting(case, {}, name="A", folder=tmp_path / "new" / "deeper")
    assert path.parent == tmp_path / "new" / "deeper"


# ---------------------------------------------------------------- atomic write

@pytest.mark.parametrize("error", [OSError(errno.EIO, "simulated crash"), KeyboardInterrupt()])
def test_a_crash_between_write_and_rename_leaves_no_torn_or_temp_file(case, tmp_path, monkeypatch, error):
    earlier = save_weighting(case, {"blames-nato": 0.3}, name="Ana", folder=tmp_path)
    before = earlier.read_bytes()
    renamed = []

    def crash(src, dst, *args, **kwargs):
        renamed.append(os.path.basename(src))
        with open(src, encoding="utf-8") as handle:  # fully written and fsynced before the rename
            assert json.load(handle)["name"] == "Ben"
        raise error

    monkeypatch.setattr(atomic.os, "link", crash)
    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(type(error)):
        save_weighting(case, {}, name="Ben", folder=tmp_path)
    assert renamed and renamed[0].endswith(".tmp")
    assert _names(tmp_path) == [earlier.name]  # nothing new, no temp file
    assert earlier.read_bytes() == before


# ---------------------------------------------------------------- loading for a case

def test_loading_for_another_case_is_refused_as_other_case(case, tmp_path):
    path = save_weighting(case, {}, name="A", folder=tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["case"]["content_hash"] = "sha256:" + "0" * 64
    data["case"]["scoring_hash"] = "sha256:" + "1" * 64
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_weighting(path).case_hash == "sha256:" + "0" * 64  # fine without a case to compare
    with pytest.raises(SubmissionError, match="another version of case 'paradox-russia-china-2022'.*"
                                              "use --accept-other-versions") as info:
        load_weighting(path, case=case)
    assert info.value.reason == "other-case"
    data["case"]["id"] = "another-case"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SubmissionError, match="for case 'another-case', not 'paradox-russia-china-2022'") as info:
        load_weighting(path, case=case, accept_other_versions=True)  # another case is never rescored
    assert info.value.reason == "other-case"


def test_a_hand_edited_score_is_recomputed_from_the_weights(case, tmp_path):
    path = save_weighting(case, {f.id: 0.0 for f in case.factors}, name="A", folder=tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["assessment"] = {"strength": 0.99, "strain": 0.99, "region": "both-high"}
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_weighting(path, case=case)
    assert (loaded.strength, loaded.strain, loaded.verdict) == (0.0, 0.0, "both-low")


# ---------------------------------------------------------------- the "Save my work" panel

class _FakeDashboard:
    def __init__(self, case):
        self.assessment = entente_lab.assess(case, {"blames-nato": 0.05}, months=12)
        self.prediction = SimpleNamespace(region="strain-high", reason="sanctions bite")


def test_save_my_work_saves_offers_a_download_and_says_where(case, tmp_path, monkeypatch):
    from entente_lab.widgets import SaveMyWork

    monkeypatch.chdir(tmp_path)
    panel = SaveMyWork(case, _FakeDashboard(case), name="<b>Ana</b>")
    panel.verdict_box.value = "Stronger and strained."
    panel.button.click()
    saved = panel.last_path
    assert saved is not None and saved.parent.resolve() == (tmp_path / "submissions").resolve()
    loaded = load_weighting(saved, case=case)
    assert loaded.weights["blames-nato"] == 0.05 and loaded.months == 12.0
    assert loaded.prediction == Prediction("strain-high", reason="sanctions bite")
    assert loaded.verdict_text == "Stronger and strained." and loaded.name == "<b>Ana</b>"
    status = panel.status.value
    assert f"submissions/{saved.name}" in status and "Saved" in status
    link = re.search(r'<a download="([^"]+)" href="data:application/json;base64,([^"]+)"[^>]*>', status)
    assert link and link.group(1) == saved.name
    assert base64.b64decode(link.group(2)) == saved.read_bytes()
    panel.button.click()  # nothing changed: no second file, the status still says where the first is
    assert len(list((tmp_path / "submissions").iterdir())) == 1 and panel.status.value == status
    panel.verdict_box.value = "Stronger, and more strained."
    panel.button.click()  # saving again after a change makes a second file
    assert len(list((tmp_path / "submissions").iterdir())) == 2


def test_save_my_work_without_a_name_saves_nothing_and_says_why(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    panel = SaveMyWork(case, dict, folder=tmp_path)  # a callable source: weights from dict() -> defaults
    panel.button.click()
    assert "type your name" in panel.status.value and panel.last_path is None
    assert _names(tmp_path) == []
    panel.name_box.value = "Ana"
    panel.button.click()
    assert load_weighting(panel.last_path, case=case).weights == case.default_weights()


def test_save_my_work_shows_a_model_error_in_words(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    panel = SaveMyWork(case, {"blames-nato": 2.0}, folder=tmp_path, name="Ana", verdict_text="typed elsewhere")
    assert panel.verdict_box not in panel.children  # the verdict comes from elsewhere
    panel.button.click()
    assert "Not saved" in panel.status.value and "blames-nato" in panel.status.value
    assert _names(tmp_path) == []


def test_save_my_work_is_keyboard_operable_native_controls(case, tmp_path):
    import ipywidgets as widgets

    from entente_lab.widgets import SaveMyWork, controls

    panel = SaveMyWork(case, {}, folder=tmp_path)
    native = (controls.TextBox, widgets.Textarea, widgets.Button, widgets.HTML)  # anywidget subclasses per instance
    assert all(isinstance(child, native) for child in panel.children) and isinstance(panel.name_box, controls.TextBox)
    assert panel.button.description == "Save my work" and not panel.button.disabled
