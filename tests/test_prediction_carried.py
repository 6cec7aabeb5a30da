"""The prediction recorded in 03 reaches the file saved from 07, and the class report.

03 and 07 run in different kernels: the prediction travels through
``submissions/prediction.json`` (:mod:`entente_lab.classroom.prediction_file`). Before it did,
every file saved from 07 held ``"prediction": null``.
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import pytest

from entente_lab import load_weighting, save_weighting
from entente_lab.classroom.aggregate import aggregate
from entente_lab.classroom.prediction_file import PREDICTION_FILE, prediction_path, record_prediction, recorded_prediction
from entente_lab.classroom.submissions import Prediction
from entente_lab.report import report_html

from .conftest import REPO, leave_box, press_enter

# ---------------------------------------------------------------- the file


def test_a_recorded_prediction_reads_back(case, tmp_path):
    path = record_prediction(case, SimpleNamespace(region="strain-high", reason="sanctions bite"), tmp_path / "s")
    assert path == tmp_path / "s" / PREDICTION_FILE
    assert recorded_prediction(case, tmp_path / "s") == (Prediction("strain-high", reason="sanctions bite"), "")
    record_prediction(case, SimpleNamespace(region="both-low", reason="again"), tmp_path / "s")  # replaces it
    assert recorded_prediction(case, tmp_path / "s").prediction.region == "both-low"
    assert [p.name for p in (tmp_path / "s").iterdir()] == [PREDICTION_FILE]  # no temporary file left


def test_the_kept_prediction_is_a_file_a_student_sees_in_the_file_browser(case, tmp_path):
    """JupyterLab's file browser hides names that start with a dot: the notebook says where it is, so it must show."""
    path = record_prediction(case, SimpleNamespace(region="strain-high", reason="sanctions bite"), tmp_path)
    assert path.name == "prediction.json" and not path.name.startswith(".")


def test_a_prediction_kept_by_an_earlier_version_is_still_read(case, tmp_path):
    hidden = record_prediction(case, SimpleNamespace(region="both-low", reason="kept hidden"), tmp_path)
    hidden.rename(tmp_path / ".prediction.json")
    assert recorded_prediction(case, tmp_path) == (Prediction("both-low", reason="kept hidden"), "")
    record_prediction(case, SimpleNamespace(region="strain-high", reason="new"), tmp_path)  # the visible one wins
    assert recorded_prediction(case, tmp_path).prediction.region == "strain-high"


def test_the_class_report_never_takes_a_kept_prediction_for_a_bad_file(case, tmp_path):
    """Beside the saves it is left out; handed in by mistake, under any name, it is listed as what it is."""
    folder = tmp_path / "class"
    record_prediction(case, SimpleNamespace(region="strain-high", reason="sanctions bite"), folder)
    save_weighting(case, {}, name="Ana", folder=folder)
    assert aggregate(folder, case=case).skipped == ()
    handed_in = folder / "ben-prediction.json"
    prediction_path(folder).rename(handed_in)
    report = aggregate(folder, case=case)
    assert report.n_students == 1 and [s.reason for s in report.skipped] == ["prediction"]
    assert "nothing is wrong" in report.skipped[0].message and report.summary().endswith(
        "skipped 1: 1 kept prediction, not a submission.")
    assert "kept prediction, not a submission" in report_html(report, figures=False)


def test_no_recorded_prediction_is_no_problem(case, tmp_path):
    assert recorded_prediction(case, tmp_path) == (None, "")
    assert recorded_prediction(case, tmp_path / "missing") == (None, "")


@pytest.mark.parametrize("content, words", [
    (b"{oops", "invalid JSON"),
    (b"", "empty"),
    (b"[1, 2]", "not an object"),
    (b'{"schema": "entente-lab-submission"}', "not a recorded prediction"),
    (b'{"schema": "entente-lab-prediction", "case": "another", "region": "both-high", "reason": ""}', "another case"),
    (b'{"schema": "entente-lab-prediction", "case": "@", "region": "nowhere", "reason": ""}', "'nowhere' is not one"),
    (b'{"schema": "entente-lab-prediction", "case": "@", "region": "both-high", "reason": 5}', "reason is not text"),
    (b'{"schema": "entente-lab-prediction", "case": "@", "region": "both-high", "reason": "a\\u0000b"}',
     "control character"),
    (b'{"schema": "entente-lab-prediction", "case": "@", "region": "both-high", "reason": "\\udc80"}', "lone surrogate"),
    (b"\xff\xfe", "not UTF-8"),
    (b"[" * 5000, "nested too deeply"),
    (b'{"reason": "' + b"x" * 100_000 + b'"}', "over the size limit"),
])
def test_a_damaged_prediction_file_is_one_line_never_an_exception(case, tmp_path, content, words):
    prediction_path(tmp_path).write_bytes(content.replace(b"@", case.id.encode()))
    prediction, problem = recorded_prediction(case, tmp_path)
    assert prediction is None and words in problem
    assert "\n" not in problem and PREDICTION_FILE in problem and "record your prediction again" in problem


def test_a_folder_or_a_pipe_in_the_prediction_file_s_place_is_reported(case, tmp_path):
    prediction_path(tmp_path).mkdir()
    assert "not a regular file" in recorded_prediction(case, tmp_path).problem
    if hasattr(os, "mkfifo"):
        os.mkfifo(prediction_path(tmp_path / "p").parent.mkdir() or prediction_path(tmp_path / "p"))
        assert "not a regular file" in recorded_prediction(case, tmp_path / "p").problem  # never waits for a writer


def test_recording_refuses_what_a_save_would_refuse(case, tmp_path):
    with pytest.raises(ValueError, match="not one of this case's"):
        record_prediction(case, SimpleNamespace(region="nowhere", reason=""), tmp_path)
    with pytest.raises(ValueError, match="control character"):
        record_prediction(case, SimpleNamespace(region="both-high", reason="a\x00b"), tmp_path)
    assert not prediction_path(tmp_path).exists()


def test_the_class_report_never_takes_the_prediction_file_for_a_submission(case, tmp_path):
    record_prediction(case, SimpleNamespace(region="both-high", reason="r"), tmp_path)
    report = aggregate(tmp_path, case=case)
    assert not report.skipped or [s.reason for s in report.skipped] == ["no-submissions"]


# ---------------------------------------------------------------- the panels


def test_save_my_work_saves_the_recorded_prediction_and_says_so(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    panel = SaveMyWork(case, {}, folder=tmp_path, name="Ana", verdict_text="v")
    assert panel.recorded is None and "No prediction recorded" in panel.prediction_line.value
    assert "Record my prediction" in panel.prediction_line.value  # how to record one
    record_prediction(case, SimpleNamespace(region="strain-high", reason="sanctions bite"), tmp_path)
    panel.button.click()  # read again at the save: recorded after the panel was made
    assert load_weighting(panel.last_path, case=case).prediction == Prediction("strain-high", reason="sanctions bite")
    line = panel.prediction_line.value
    assert case.region_label("strain-high") in line and "sanctions bite" in line and "goes with this save" in line


def test_a_damaged_recorded_prediction_is_shown_and_the_save_goes_on(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    prediction_path(tmp_path).write_text("{oops", encoding="utf-8")
    panel = SaveMyWork(case, {}, folder=tmp_path, name="Ana", verdict_text="v")
    assert "invalid JSON" in panel.prediction_line.value
    panel.button.click()
    assert load_weighting(panel.last_path, case=case).prediction is None


def test_the_dashboard_s_own_prediction_wins_over_the_recorded_one(case, tmp_path):
    from entente_lab.widgets import Dashboard, SaveMyWork, keep_prediction

    dashboard = Dashboard(case, require_prediction=True)
    keep_prediction(dashboard, tmp_path)
    dashboard.gate.choice.value, dashboard.gate.reason.value = "both-low", "neither side"
    dashboard.gate.record.click()
    assert PREDICTION_FILE in dashboard.gate.feedback.value and "Kept in" in dashboard.gate.feedback.value
    record_prediction(case, SimpleNamespace(region="strain-high", reason="older"), tmp_path)
    panel = SaveMyWork(case, dashboard, folder=tmp_path, name="Ana", verdict_text="v")
    panel.button.click()
    assert load_weighting(panel.last_path, case=case).prediction.region == "both-low"


def test_a_prediction_kept_from_an_earlier_run_counts_as_recorded_when_03_runs_again(case, tmp_path):
    """Restart & Run All: the kept prediction is shown (region, reason quoted) and the dashboard is unlocked.

    Before: the gate only said a prediction was kept, and the sliders stayed locked until the
    student predicted again, after seeing the result, over the honest prediction.
    """
    from entente_lab.widgets import Dashboard, keep_prediction

    path = record_prediction(case, Prediction("both-high", reason="made before any result"), tmp_path)
    before = path.read_bytes()
    dashboard = Dashboard(case, require_prediction=True)
    keep_prediction(dashboard, tmp_path)
    assert dashboard.prediction == Prediction("both-high", reason="made before any result") and dashboard.gate.restored
    assert not dashboard.concealed and not any(slider.disabled for slider in dashboard.sliders.values())
    assert dashboard.balance_view in dashboard.children and "Verdict" in dashboard.verdict.value
    shown = dashboard.gate.feedback.value
    assert case.region_label("both-high") in shown and "&ldquo;made before any result&rdquo;" in shown
    assert dashboard.gate.choice.disabled and dashboard.gate.again.layout.display != "none"
    assert path.read_bytes() == before  # shown, not written again
    fresh = Dashboard(case, require_prediction=True)
    keep_prediction(fresh, tmp_path / "empty")
    assert fresh.concealed and fresh.gate.again.layout.display == "none" and fresh.gate.feedback.value == ""


def test_predict_again_replaces_the_kept_prediction_only_when_a_new_one_is_recorded(case, tmp_path):
    """"Predict again" opens the gate as for a first prediction; a warning never wipes the line saying what is kept."""
    from entente_lab.widgets import Dashboard, keep_prediction

    record_prediction(case, Prediction("both-high", reason="made before any result"), tmp_path)
    dashboard = Dashboard(case, require_prediction=True)
    keep_prediction(dashboard, tmp_path)
    dashboard.gate.again.click()
    gate = dashboard.gate
    assert dashboard.concealed and all(slider.disabled for slider in dashboard.sliders.values())
    assert dashboard.balance_view not in dashboard.children and "Verdict" not in dashboard.verdict.value
    assert not dashboard._plane.position.get_visible()
    assert gate.choice.value is None and gate.reason.value == "" and not gate.choice.disabled and not gate.record.disabled
    assert gate.again.layout.display == "none"
    gate.choice.value = "strain-high"
    press_enter(gate.reason, " ")  # no reason: a warning, and the kept prediction still named
    assert "Add a one-line reason" in gate.feedback.value and "made before any result" in gate.feedback.value
    assert recorded_prediction(case, tmp_path).prediction.region == "both-high"
    press_enter(gate.reason, "the costs pile up")
    assert recorded_prediction(case, tmp_path).prediction == Prediction("strain-high", reason="the costs pile up")
    assert not dashboard.concealed and not gate.restored and dashboard.children.count(dashboard.balance_view) == 1
    assert "Recorded: you expect" in gate.feedback.value and "Kept in" in gate.feedback.value
    assert "made before any result" not in gate.feedback.value


def test_the_download_link_looks_like_a_link(tmp_path):
    from entente_lab.widgets.save import download_link

    file = tmp_path / "a.json"
    file.write_text("{}", encoding="utf-8")
    assert "text-decoration: underline" in download_link(file)


def test_keep_prediction_needs_a_gate(case):
    from entente_lab.widgets import Dashboard, keep_prediction

    with pytest.raises(ValueError, match="require_prediction=True"):
        keep_prediction(Dashboard(case))


# ---------------------------------------------------------------- Enter in the name box


def test_enter_in_the_name_box_saves(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    panel = SaveMyWork(case, {}, folder=tmp_path, verdict_text="v")
    panel.name_box.set_state({"value": "An"})  # typed, key by key: nothing saved
    assert panel.last_path is None and list(tmp_path.glob("*.json")) == []
    press_enter(panel.name_box, "Ana")  # Enter carries the whole name, even ahead of the last key's value
    assert panel.last_path is not None and "Saved" in panel.status.value and "Not saved" not in panel.status.value
    assert load_weighting(panel.last_path, case=case).name == "Ana"


def test_a_save_without_a_written_verdict_says_so(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    empty = SaveMyWork(case, {}, folder=tmp_path / "a", verdict_text="  ")
    press_enter(empty.name_box, "Ana")
    assert "Saved" in empty.status.value and "no written verdict" in empty.status.value
    written = SaveMyWork(case, {}, folder=tmp_path / "b", verdict_text="Both sides, at once.")
    press_enter(written.name_box, "Ana")
    assert "Saved" in written.status.value and "no written verdict" not in written.status.value


def test_leaving_the_name_box_saves_nothing_and_the_button_saves_the_name_it_left(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    panel = SaveMyWork(case, {}, folder=tmp_path, verdict_text="v")
    panel.name_box.set_state({"value": "An"})
    leave_box(panel.name_box, "Ana")  # Tab or a click out of the box: the whole name, no save
    assert panel.last_path is None and list(tmp_path.glob("*.json")) == []
    panel.button.click()
    assert load_weighting(panel.last_path, case=case).name == "Ana"


def test_enter_then_pressing_save_makes_one_file(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    verdict = SimpleNamespace(text="first")
    panel = SaveMyWork(case, {}, folder=tmp_path, verdict_text=lambda: verdict.text)
    press_enter(panel.name_box, "Ana")
    panel.button.click()  # then the button: nothing changed, no second file
    assert len(list(tmp_path.glob("*.json"))) == 1
    press_enter(panel.name_box)  # nor a second Enter
    assert len(list(tmp_path.glob("*.json"))) == 1
    verdict.text = "second thoughts"
    panel.button.click()  # a change: a new file, the first kept
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert load_weighting(panel.last_path, case=case).verdict_text == "second thoughts"
    press_enter(panel.name_box, "")  # Enter in a cleared name box saves nothing, and says why
    assert len(list(tmp_path.glob("*.json"))) == 2 and "Not saved" in panel.status.value


# ---------------------------------------------------------------- end to end, in two kernels


def _run(notebook_file, folder, extra_cell):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(notebook_file, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(extra_cell))
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook.cells[-1].outputs


@pytest.mark.slow  # runs notebooks 03 and 07 in kernels
def test_a_prediction_recorded_in_03_is_in_the_file_saved_from_07_and_in_the_report(case, tmp_path):
    import matplotlib.font_manager  # noqa: F401  # build the font cache here, not in a kernel's stderr

    env_case = os.environ.pop("ENTENTE_LAB_CASE", None)
    try:
        _run(REPO / "notebooks" / "03_weigh_the_factors.ipynb", tmp_path,
             "dashboard.gate.choice.value = 'strain-high'\n"
             "dashboard.gate.reason.value = 'the costs pile up'\n"
             "dashboard.gate.record.click()")
        outputs = _run(REPO / "notebooks" / "07_your_verdict.ipynb", tmp_path,
                       "print(save_panel.prediction_line.value)\n"
                       "save_panel.name_box._handle_custom_msg({'event': 'enter', 'value': 'Ana'}, [])  # Enter in the name box\n"
                       "print(save_panel.last_path)")
    finally:
        if env_case is not None:
            os.environ["ENTENTE_LAB_CASE"] = env_case
    printed = "".join(o.get("text", "") for o in outputs)
    assert "the costs pile up" in printed, printed
    saves = sorted(p for p in (tmp_path / "submissions").glob("*.json") if p.name != PREDICTION_FILE)
    assert len(saves) == 1 and prediction_path(tmp_path / "submissions").is_file()
    data = json.loads(saves[0].read_text(encoding="utf-8"))
    assert data["prediction"]["region"] == "strain-high" and data["prediction"]["reason"] == "the costs pile up"
    report = aggregate(tmp_path / "submissions", case=case)
    assert report.prediction_hits[1] == 1 and not report.skipped  # the kept prediction beside the save: left out
    html = report_html(report, figures=False)
    section = html.split("<h2>Predictions against final verdicts</h2>")[1].split("<h2>")[0]
    assert "of 1 students who recorded a prediction" in section and "No counted submission" not in section
