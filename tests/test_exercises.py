"""Exercises: specific feedback, answers from one source, and the answer key kept in step."""

from __future__ import annotations

import subprocess
import sys

import pytest

import entente_lab
from entente_lab import exercises as ex

from .conftest import OTHER_CASES, REPO


@pytest.fixture(scope="module", params=["bundled", *OTHER_CASES])
def any_case(request):
    return entente_lab.load_case() if request.param == "bundled" else entente_lab.load_case(OTHER_CASES[request.param])


def test_every_exercise_accepts_its_own_answer_and_never_raises_on_none(any_case):
    for exercise in ex.build_exercises(any_case).values():
        assert exercise.check(None).correct is None
        assert exercise.check({}).correct is None
        assert exercise.check(object()).correct in (None, False)  # malformed: no exception
        if exercise.answer is None:  # e.g. no trilemma in this case
            continue
        if exercise.form == "verdict":
            continue  # the key holds the cited factors only; checked below with a full text
        assert exercise.check(exercise.answer).correct is True, exercise.id


def test_find_thesis_tells_a_half_from_the_whole_and_a_reason_from_the_claim(case):
    exercise = ex.exercise(case, "find-thesis")
    texts = [value for value, _ in exercise.choices]
    claim_quote = case.claims[0].quotes[0].text
    factor_quote = case.factors_of_kind("strain")[0].quotes[0].text
    assert claim_quote in texts and factor_quote in texts
    half = exercise.check(claim_quote)
    assert half.correct is False and "one half of the thesis" in half.message and half.hint
    reason = exercise.check(factor_quote)
    assert reason.correct is False and "a reason, not the conclusion" in reason.message
    assert "expected a short" in reason.message.lower()


def test_sorting_names_each_misplaced_statement_and_why(case):
    exercise = ex.exercise(case, "sort-statements")
    answer = dict(exercise.answer)
    flipped = next(fid for fid, kind in answer.items() if kind == "strain")
    answer[flipped] = "strength"
    feedback = exercise.check(answer)
    assert feedback.correct is False
    assert feedback.message.startswith(f"{len(answer) - 1} of {len(answer)} right.")
    assert case.factor(flipped).label in feedback.message and "is a strain factor" in feedback.message
    partial = exercise.check({flipped: "strain"})
    assert partial.correct is None and "not sorted yet" in partial.message


def test_evidence_feedback_explains_the_type_and_names_the_cited_work(case):
    exercise = ex.exercise(case, "evidence-types")
    assert set(exercise.answer.values()) == {"observed", "hypothesis", "cited"}
    wrong = {fid: "observed" for fid in exercise.answer}
    message = exercise.check(wrong).message
    assert "1 of 3 right" in message and "Yan Xuetong" in message and "own hypothesis" in message


def test_no_limits_exercise_checks_a_real_weighting_and_names_the_discounts(case):
    exercise = ex.exercise(case, "reach-strength-high")
    wrong = exercise.check(case.default_weights())
    assert wrong.correct is False and "lands in limited entente" in wrong.message
    assert "lower strain by more than 0.09" in wrong.message
    right = exercise.check(dict(case.preset("no-limits").weights))
    assert right.correct is True and "The policy trilemma" in right.message
    assert exercise.check({"no-such-factor": 0.5}).correct is None  # an unknown id is explained, not raised


def test_biggest_lever_is_computed_from_the_model_and_says_whether_it_flips(case):
    exercise = ex.exercise(case, "nearest-tipping-point")
    weights = dict(case.preset("wyne").weights)
    best = exercise.answer
    # brute force over every factor pushed to the far end, with the model itself
    base = entente_lab.assess(case, weights)

    def remaining(fid):
        kind = case.factor(fid).kind
        moved = entente_lab.assess(case, {**weights, fid: 0.0})
        return (moved.strength - 0.5) if kind == "strength" else (moved.strain - 0.5)

    assert base.verdict == "both-high"
    assert best == min((f.id for f in case.factors), key=remaining)
    assert "no single factor flips this verdict" in exercise.check(best).message


def test_trilemma_exercise_reads_the_effects_and_labels_them_ours(case):
    exercise = ex.exercise(case, "trilemma-sacrifice")
    option = next(o for o in case.trilemma.options if o.label.lower() in exercise.prompt.lower())
    assert exercise.answer == min(option.effects, key=option.effects.get)
    assert "Entente Lab's" in exercise.check(exercise.answer).message


def test_verdict_needs_region_words_and_both_sides(case):
    exercise = ex.exercise(case, "verdict-evidence")
    short = exercise.check({"region": "both-high", "text": "too short", "cited": ["russia-beholden"]})
    assert short.correct is False and "at least 40 words" in short.message and "strain factor" in short.message
    text = " ".join(["word"] * 45)
    good = exercise.check({"region": "both-high", "text": text, "cited": ["russia-beholden", "policy-trilemma"]})
    assert good.correct is True


def test_unknown_exercise_lists_the_known_ones(case):
    with pytest.raises(KeyError, match="known: find-thesis, sort-statements"):
        ex.exercise(case, "find-the-thesis")


def test_answer_key_in_lessons_is_generated_from_the_exercises(case):
    """The instructor's key and the student exercises come from one source; CI fails if they drift."""
    committed = (REPO / "lessons" / "answer_key.md").read_text(encoding="utf-8")
    assert committed == ex.answer_key_markdown(case), (
        "lessons/answer_key.md is out of date: regenerate it with "
        "`python -m entente_lab.exercises > lessons/answer_key.md`")


def test_answer_key_command_prints_the_key():
    out = subprocess.run([sys.executable, "-m", "entente_lab.exercises"], capture_output=True, text=True, check=True)
    assert out.stdout == ex.answer_key_markdown(entente_lab.load_case())
