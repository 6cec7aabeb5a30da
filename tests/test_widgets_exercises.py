"""The exercise widget: outcome marks, the hint before the answer, the verdict read from the student's dashboard."""

from __future__ import annotations

from dataclasses import replace

from entente_lab import assess
from entente_lab.teaching import exercises as ex
from entente_lab.widgets import Dashboard, ExerciseWidget

from .conftest import press_enter


def test_a_wrong_answer_shows_a_hint_and_the_answer_appears_only_when_asked(case):
    box = ExerciseWidget(case, "trilemma-sacrifice")
    box.set_answer("partnership")
    feedback = box.check()
    assert feedback.outcome == "not-supported"
    assert "Not yet" in box.feedback_html.value and "Hint:" in box.feedback_html.value
    assert box.worked_html.value == "" and feedback.answer not in box.feedback_html.value
    assert box.reveal_button.description == "Show the answer"
    box.reveal_button.value = True
    assert "The answer to your attempt" in box.worked_html.value and "-0.9" in box.worked_html.value
    assert "Also accepted, as defensible" in box.worked_html.value
    box.reveal_button.value = False
    assert box.worked_html.value == ""


def test_a_defensible_answer_is_marked_as_such_not_as_wrong(case):
    box = ExerciseWidget(case, "trilemma-sacrifice")
    box.set_answer("sovereignty")
    assert box.check().outcome == "defensible"
    assert "Defensible" in box.feedback_html.value and "Not yet" not in box.feedback_html.value
    assert "Hint:" not in box.feedback_html.value
    box.set_answer("west")
    box.check()
    assert "Matches the case's reading" in box.feedback_html.value


def test_the_sort_widget_shows_the_statements_in_the_shuffled_order_with_neither(case):
    box = ExerciseWidget(case, "sort-statements")
    exercise = ex.exercise(case, "sort-statements")
    assert list(box._inputs) == [item for item, _ in exercise.items]
    choice = next(iter(box._inputs.values()))
    assert [value for _, value in choice.options] == ["strength", "strain", "neither"]
    assert choice.description == exercise.items[0][1] and choice.orientation == "horizontal"


def test_the_verdict_reads_the_region_from_the_dashboard_not_a_dropdown(case):
    dashboard = Dashboard(case)
    box = ExerciseWidget(case, "verdict-evidence", dashboard=dashboard)
    assert "region" not in box._inputs
    model = ex.exercise(case, "verdict-evidence").answer["text"]
    box.set_answer({"text": model, "cited": []})
    here = case.region_label(dashboard.assessment.region)
    assert box.check().outcome == "matches" and "✔ Done." in box.feedback_html.value
    assert here in box.region_html.value
    other = next(p for p in case.presets if assess(case, p.weights).region != dashboard.assessment.region)
    dashboard.apply_preset(other.id)
    feedback = box.check()  # the same text, now for a weighting in another region
    assert feedback.outcome == "not-supported" and f"your text names “{here}”" in feedback.message
    assert case.region_label(assess(case, other.weights).region) in box.region_html.value


def test_the_verdict_without_a_dashboard_says_how_to_connect_it(case):
    box = ExerciseWidget(case, "verdict-evidence")
    box.set_answer({"text": "anything at all", "cited": []})
    feedback = box.check()
    assert feedback.outcome is None and "dashboard=your_dashboard" in feedback.message


def test_the_warm_up_widget_works_on_a_case_with_other_people(case):
    renamed = replace(case, people=tuple(replace(p, name=f"Person {i}") for i, p in enumerate(case.people)))
    box = ExerciseWidget(renamed, "warm-up")
    assert [label for label, _ in box._inputs["choice"].options][:2] == ["Person 0", "Person 1"]
    box.set_answer(ex.exercise(renamed, "warm-up").answer)
    assert box.check().outcome == "matches"


def test_the_reach_exercise_gives_nothing_away_until_the_dashboard_s_prediction_is_recorded(case):
    """03: Check and "Show the answer" under a locked dashboard said where the weighting lands (before: they did)."""
    dashboard = Dashboard(case, require_prediction=True)
    box = ExerciseWidget(case, "reach-strength-high", dashboard=dashboard)
    regions = [case.region_label(code) for code in case.plane.regions]
    feedback = box.check()
    assert feedback.outcome is None and "Record your prediction above first" in box.feedback_html.value
    assert not any(name in box.feedback_html.value for name in regions) and "lands in" not in box.feedback_html.value
    box.reveal_button.value = True
    assert box.worked_html.value == "" and not box.reveal_button.value
    assert box.reveal_button.description == "Show the answer" and "Record your prediction above first" in box.feedback_html.value
    dashboard.gate.choice.value = "strain-high"
    press_enter(dashboard.gate.reason, "the costs pile up")
    assert box.check().outcome is not None and "Record your prediction" not in box.feedback_html.value
    box.reveal_button.value = True
    assert "Worked answer" in box.worked_html.value
