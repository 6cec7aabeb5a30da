"""Exercises: specific feedback, answers from one source, and the answer key kept in step."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

import entente_lab
from entente_lab.analysis.model import REGIONS
from entente_lab.teaching import exercises as ex

from .bundled_words import find_bundled_words
from .conftest import OTHER_CASES, REPO

CASES = ["bundled", *OTHER_CASES]


def _load(name: str) -> entente_lab.Case:
    return entente_lab.load_case() if name == "bundled" else entente_lab.load_case(OTHER_CASES[name])


@pytest.fixture(scope="module", params=CASES)
def any_case(request):
    return _load(request.param)


@pytest.fixture(scope="module", params=sorted(OTHER_CASES))
def other_case(request):
    return _load(request.param)


def _wrong_answer(case, exercise: ex.Exercise):
    """An answer of the right form that neither matches the case's reading nor is one it records as defensible."""
    if exercise.form == "choice":
        # the last other choice: for the bundled trilemma exercise, the goal the option serves, not the near-tied one
        return next(value for value, _ in reversed(exercise.choices) if value != exercise.answer)
    if exercise.form == "choices":
        return []
    if exercise.form == "sort":
        options = [value for value, _ in exercise.options]
        own = (lambda f: f.defensible_kinds) if exercise.id == "sort-statements" else (lambda f: f.defensible_evidence)
        return {item: next(o for o in options if o not in own(case.factor(item))) for item, _ in exercise.items}
    if exercise.form == "weighting":
        return {fid: 0.0 for fid in exercise.answer}
    return {"weights": case.default_weights(), "text": "too short", "cited": []}


def _texts(case, exercise: ex.Exercise) -> list[str]:
    """Every text of an exercise a person can read, with its feedback to the expected and a wrong answer."""
    texts = [exercise.title, exercise.prompt, exercise.hint, exercise.worked_answer, exercise.also_accepted]
    texts += [label for _, label in (*exercise.choices, *exercise.items, *exercise.options)]
    for answer in (exercise.answer, _wrong_answer(case, exercise), None):
        feedback = exercise.check(answer)
        texts += [feedback.message, feedback.hint, feedback.answer]
    return texts


def _case_words(case) -> set[str]:
    """The names a case gives things: labels of factors, claims, regions, presets, goals; people; the subject."""
    words = {f.label for f in case.factors} | {c.label for c in case.claims} | {p.label for p in case.presets}
    words |= {case.region_label(code) for code in REGIONS} | {p.name for p in case.people}
    words |= {case.thesis.label, case.plane.subject, case.plane.title}
    if case.trilemma:
        words |= {g.label for g in case.trilemma.goals} | {o.label for o in case.trilemma.options}
    if case.scenario:
        words |= {case.scenario.label, case.scenario.clock}
    return words


def test_every_exercise_the_case_supports_accepts_its_own_answer_and_never_raises(any_case):
    built = ex.build_exercises(any_case)
    assert built, "every case supports some exercises"
    for exercise in built.values():
        assert exercise.check(None).correct is None
        assert exercise.check({}).correct is None
        assert exercise.check(object()).correct in (None, False)  # malformed: no exception
        assert exercise.check(exercise.answer).outcome == "matches", exercise.id
        assert exercise.check(_wrong_answer(any_case, exercise)).outcome == "not-supported", exercise.id


def test_only_the_exercises_the_case_has_data_for_are_built(any_case):
    missing = ex.unsupported_exercises(any_case)
    built = ex.build_exercises(any_case)
    assert list(built) == [eid for eid in ex.EXERCISE_IDS if eid not in missing]
    assert ("trilemma-sacrifice" in missing) == (any_case.trilemma is None)
    assert ("duration-linked" in missing) == (any_case.scenario is None)
    for eid, reason in missing.items():
        with pytest.raises(KeyError, match=f"{eid}.*not built for this case: {reason}"):
            ex.exercise(any_case, eid)


def test_which_cases_lack_which_exercises():
    """The third case has neither a trilemma nor a scenario; the second has a scenario; the bundled one has both."""
    assert ex.unsupported_exercises(_load("bundled")) == {}
    assert ex.unsupported_exercises(_load("second")) == {"trilemma-sacrifice": "this case has no trilemma"}
    assert ex.unsupported_exercises(_load("third")) == {
        "trilemma-sacrifice": "this case has no trilemma", "duration-linked": "this case has no duration scenario"}


def test_a_scenario_without_linked_factors_and_a_single_evidence_type_build_nothing_empty():
    case = _load("second")
    unlinked = replace(case, factors=tuple(replace(f, duration_linked=False, evidence="observed") for f in case.factors))
    missing = ex.unsupported_exercises(unlinked)
    assert "no factor of this case is tied to its duration scenario" in missing["duration-linked"]
    assert "same evidence type" in missing["evidence-types"]
    assert not {"duration-linked", "evidence-types"} & set(ex.build_exercises(unlinked))


def test_exercises_name_only_this_cases_ids_and_labels(any_case):
    factor_ids = {f.id for f in any_case.factors}
    quote_texts = {q.text for item in (any_case.thesis, *any_case.claims, *any_case.factors) for q in item.quotes}
    goal_ids = {g.id for g in any_case.trilemma.goals} if any_case.trilemma else set()
    goal_ids |= {p.id for p in any_case.people}  # the warm-up's choices
    own_text = "\n".join(paragraph for turn in any_case.turns for paragraph in turn.paragraphs)
    foreign = {word for word in set().union(*(_case_words(_load(name)) for name in CASES)) - _case_words(any_case)
               if word not in own_text}  # a name another case gives that this text itself uses is this case's too
    for exercise in ex.build_exercises(any_case).values():
        values = {value for value, _ in exercise.choices} | {item for item, _ in exercise.items}
        assert values <= factor_ids | quote_texts | goal_ids, exercise.id
        answer = exercise.answer
        ids = (set(answer) if exercise.form in ("sort", "weighting", "choices") else
               set(answer["cited"]) | set(answer["weights"]) if exercise.form == "verdict" else {answer})
        assert ids <= factor_ids | quote_texts | goal_ids | set(REGIONS), exercise.id
        for text in _texts(any_case, exercise):
            assert not [word for word in foreign if word in text], (exercise.id, text)
            assert not [code for code in REGIONS if code in text], (exercise.id, text)  # codes are not words


def test_no_exercise_or_answer_key_of_another_case_holds_a_bundled_word(other_case):
    for exercise in ex.build_exercises(other_case).values():
        for text in _texts(other_case, exercise):
            assert find_bundled_words(text) == [], (exercise.id, text)
    key = ex.answer_key_markdown(other_case)
    assert find_bundled_words(key) == []


def test_the_duration_exercise_speaks_the_scenarios_words():
    case = _load("second")
    exercise = ex.exercise(case, "duration-linked")
    clock = case.scenario.clock
    assert clock in exercise.title and clock in exercise.prompt and clock in exercise.hint
    assert exercise.answer == ["dredging-costs"]
    wrong = exercise.check(["festivals"])
    assert wrong.outcome == "not-supported" and f"the text does not tie to the {clock} at all" in wrong.message
    assert "Joint appearances" not in wrong.message and "Dredging" not in wrong.message  # the answer waits
    assert "“" in wrong.answer and case.factor("dredging-costs").label in wrong.answer


def test_the_verdict_exercises_model_answer_is_a_verdict_the_checker_accepts(any_case):
    exercise = ex.exercise(any_case, "verdict-evidence")
    model = exercise.answer["text"]
    assert len(model.split()) >= 40 and model in exercise.worked_answer
    region = entente_lab.assess(any_case, exercise.answer["weights"]).region
    assert f"“{any_case.region_label(region)}”" in model
    kinds = {any_case.factor(fid).kind for fid in exercise.answer["cited"]}
    assert kinds == {"strength", "strain"}
    for fid in exercise.answer["cited"]:
        assert any_case.factor(fid).label in model
    assert any_case.interpreter in exercise.worked_answer


def test_answer_key_of_a_case_without_some_exercises_says_so_in_one_line_each():
    case = _load("third")
    key = ex.answer_key_markdown(case)
    for eid, reason in ex.unsupported_exercises(case).items():
        lines = [line for line in key.splitlines() if f"`{eid}`" in line]
        assert lines == [lines[0]] and lines[0].startswith("Not built for this case:") and reason in lines[0]
    assert "## What does an option sacrifice?" not in key and "**Prompt.** Suppose" not in key
    assert key.count("\n## ") == len(ex.build_exercises(case))
    assert case.interpretation in key


def test_the_widget_of_a_missing_exercise_is_one_line():
    from entente_lab.widgets import ExerciseWidget

    case = _load("third")
    box = ExerciseWidget(case, "trilemma-sacrifice")
    assert box.exercise is None and len(box.children) == 1
    assert box.children[0].value.count("<p>") == 1 and "this case has no trilemma" in box.children[0].value
    assert box.answer is None and box.check().correct is None
    with pytest.raises(KeyError, match="known: warm-up, find-thesis"):
        ExerciseWidget(case, "trilemma-sacrifise")  # a typo is still an error, not a missing exercise


def test_the_verdict_widget_names_each_side_in_the_cases_words(any_case):
    """The list of factors to cite says which side each is on as the case names its sides (it said "strength:" and
    "strain:", the format's codes, whatever the case called them)."""
    from entente_lab.widgets import ExerciseWidget

    cited = ExerciseWidget(any_case, "verdict-evidence")._inputs["cited"]
    assert [label for label, _ in cited.options] == [f"{any_case.side(f.kind).label}: {f.label}" for f in any_case.factors]
    assert [value for _, value in cited.options] == [f.id for f in any_case.factors]


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


def test_sorting_hints_first_and_names_each_misplaced_statement_only_on_request(case):
    exercise = ex.exercise(case, "sort-statements")
    answer = dict(exercise.answer)
    flipped = next(fid for fid, kind in answer.items() if kind == "strain")
    answer[flipped] = "strength"
    feedback = exercise.check(answer)
    assert feedback.outcome == "not-supported"
    assert feedback.message.startswith(f"{len(answer) - 1} of {len(answer)} accepted.")
    assert "1 is not where the speaker places them" in feedback.message
    factor = case.factor(flipped)
    assert factor.label not in feedback.message and factor.quotes[0].text[:40] not in feedback.message
    assert "On the other side of the ledger" in feedback.hint  # the hint points at the speaker's signposts
    assert factor.label in feedback.answer and "(strain)" in feedback.answer
    partial = exercise.check({flipped: "strain"})
    assert partial.correct is None and "not answered yet" in partial.message


def test_evidence_feedback_hints_first_then_explains_the_type_and_names_the_cited_work(case):
    exercise = ex.exercise(case, "evidence-types")
    assert set(exercise.answer.values()) == {"observed", "hypothesis", "cited"}
    cited = next(fid for fid, kind in exercise.answer.items() if kind == "cited")
    wrong = {fid: "observed" if kind == "cited" else "cited" for fid, kind in exercise.answer.items()}
    feedback = exercise.check(wrong)
    assert feedback.outcome == "not-supported" and feedback.message.startswith("0 of 3 accepted.")
    assert "Yan Xuetong" not in feedback.message and case.factor(cited).label not in feedback.message
    assert "Yan Xuetong" in feedback.answer and "speaker's judgement" in feedback.answer


def test_no_limits_exercise_checks_a_real_weighting_and_names_the_discounts(case):
    exercise = ex.exercise(case, "reach-strength-high")
    wrong = exercise.check(case.default_weights())
    assert wrong.correct is False and "lands in limited entente" in wrong.message
    gap = entente_lab.assess(case, case.default_weights()).strain - 0.5  # the model's own distance to the threshold
    assert gap > 0 and f"lower strain by more than {gap:.2f}" in wrong.message
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
    assert case.interpretation in exercise.check(exercise.answer).message


def test_verdict_needs_region_words_and_both_sides(case):
    exercise = ex.exercise(case, "verdict-evidence")
    weights = case.default_weights()
    short = exercise.check({"weights": weights, "text": "too short", "cited": ["russia-beholden"]})
    assert short.outcome == "not-supported" and "at least 40 words (you have 2)" in short.message
    assert "cite the strength side" in short.message and "cite the strain side" in short.message
    assert "name the region your weighting lands in, in the lab's words: “limited entente”" in short.message


def test_unknown_exercise_lists_the_known_ones(case):
    with pytest.raises(KeyError, match="known: warm-up, find-thesis, sort-statements"):
        ex.exercise(case, "find-the-thesis")


def test_answer_key_in_lessons_is_generated_from_the_exercises(case):
    """The instructor's key and the student exercises come from one source; CI fails if they drift."""
    committed = (REPO / "lessons" / "answer_key.md").read_text(encoding="utf-8")
    assert committed == ex.answer_key_markdown(case), (
        "lessons/answer_key.md is out of date: regenerate it with "
        "`python -m entente_lab.app.answer_key > lessons/answer_key.md`")


def test_answer_key_command_writes_the_key_of_the_case_it_is_given(tmp_path):
    """``--case`` and ``-o`` work as for the handout; before, any argument was ignored and the bundled key printed."""
    path = OTHER_CASES["second"]
    out = tmp_path / "key.md"
    done = subprocess.run([sys.executable, "-m", "entente_lab.app.answer_key", "--case", str(path), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == ex.answer_key_markdown(entente_lab.load_case(path))


def test_answer_key_command_refuses_an_option_it_does_not_know():
    done = subprocess.run([sys.executable, "-m", "entente_lab.app.answer_key", "--cse", "x.yaml"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == "" and "unrecognized arguments: --cse" in done.stderr
    assert "Traceback" not in done.stderr


def test_answer_key_of_another_case_does_not_claim_a_test_guards_it():
    """Only lessons/answer_key.md is checked by a test; another case's key says how to make it again."""
    key = ex.answer_key_markdown(_load("second"))
    assert "a test regenerates it" not in key and "make it again" in key and "`" + _load("second").id + "`" in key


def test_the_biggest_lever_worked_answer_fits_whether_it_flips(any_case):
    """The closing sentence said "to change the verdict you must change your mind about several factors" even when
    the one lever it had just named flips the verdict."""
    exercise = ex.exercise(any_case, "nearest-tipping-point")
    flips = ex._levers(any_case, ex._reference_weights(any_case)[1])[exercise.answer][1]
    assert (ex._ROBUST_TO_ONE_FACTOR in exercise.worked_answer) == (not flips)
    assert (ex._ONE_WEIGHT_DECIDES in exercise.worked_answer) == flips


def test_answer_key_command_prints_the_key():
    out = subprocess.run([sys.executable, "-m", "entente_lab.app.answer_key"], capture_output=True, text=True, check=True)
    assert out.stdout == ex.answer_key_markdown(entente_lab.load_case())


def test_worked_answers_cite_the_speaker_never_a_turn_id(case):
    from entente_lab.teaching.exercises import build_exercises

    answers = {key: e.worked_answer for key, e in build_exercises(case).items()}
    for text in answers.values():
        assert not any(f"“{turn.id}”" in text or f"turn {turn.id}" in text for turn in case.turns), text
    speaker = case.person(case.thesis.quotes[0].speaker).name
    assert f"({speaker}, characters" in answers["find-thesis"]


@pytest.mark.parametrize("eid, answer, words", [
    ("evidence-types", "observed", "is a dict from each item's id to one of the options"),
    ("evidence-types", {"no-such-factor": "observed"}, "'no-such-factor' is not among them"),
    ("sort-statements", ["strength"], "not a list"),
    ("nearest-tipping-point", ["a"], "one of its choices, as a str"),
    ("duration-linked", "russia-beholden", "a list of its choices"),
    ("duration-linked", ["nope", "nada"], "'nope', 'nada' are not among them"),
    ("verdict-evidence", "my verdict", 'a dict with "weights", "text" and "cited", not a str'),
    ("reach-strength-high", [0.5], "factor weights"),
])
def test_an_answer_of_the_wrong_form_gets_one_clear_message(case, eid, answer, words):
    feedback = ex.exercise(case, eid).check(answer)
    assert feedback.outcome is None and words in feedback.message, feedback.message
    assert f'"{eid}"' in feedback.message and "\n" not in feedback.message
    assert "attribute" not in feedback.message and "not answered yet" not in feedback.message


def test_an_unknown_sort_option_is_named_not_counted_as_unanswered(case):
    exercise = ex.exercise(case, "evidence-types")
    item = exercise.items[0][0]
    message = exercise.check({item: "rumour"}).message
    assert "'rumour' is not among them" in message and "not answered yet" not in message


def test_choosing_none_is_said_in_words(case):
    message = ex.exercise(case, "duration-linked").check([]).message
    assert message.startswith("You chose none") and "0 of your 0" not in message
