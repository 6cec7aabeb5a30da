"""Exercises, their answers and their feedback, from one source: the case itself.

Every exercise is built from the loaded case (its thesis and claims, factors,
evidence types, trilemma, scenario, presets and the words of its plane), so the
same exercises work unchanged on another case file, and every id, label and name
they show is that case's. An exercise whose data the case lacks (the trilemma
exercise for a case without a trilemma, the duration exercise for a case without a
duration scenario) is not built at all: :func:`unsupported_exercises` says which and
why. The student notebooks show the exercises through
:mod:`entente_lab.widgets.exercises`; the instructor's answer key
(``lessons/answer_key.md``) is produced from the same definitions by
:func:`answer_key_markdown`, and a test fails if the two drift.

A check never raises on an unanswered or malformed answer: it returns
:class:`Feedback` with ``correct=None`` and says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import REGIONS, Assessment, assess
from .records import Case, Factor, Quote
from .robustness import tipping_points

__all__ = ["Exercise", "Feedback", "answer_key_markdown", "build_exercises", "check", "exercise",
           "main", "unsupported_exercises", "EXERCISE_IDS"]

#: The exercises, in the order of the notebooks that use them (a case may support fewer:
#: see :func:`unsupported_exercises`).
EXERCISE_IDS = (
    "find-thesis", "sort-statements", "evidence-types", "reach-strength-high",
    "nearest-tipping-point", "trilemma-sacrifice", "duration-linked", "verdict-evidence",
)

_EVIDENCE_WORDS = {
    "observed": "observed behaviour: the speaker reports something done or said in public that others can check",
    "hypothesis": "the speaker's own hypothesis: a conjecture about what cannot be seen (intentions, beliefs, "
                  "the future), often flagged by a hedge such as \"I suspect\", \"my guess is\" or \"I don't think\"",
    "cited": "cited analysis: the speaker passes on another analyst's argument and names them",
}

#: Small counts in words.
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}

#: The evidence types in a few words, for inside a sentence.
_EVIDENCE_SHORT = {"observed": "observed behaviour", "hypothesis": "the speaker's own hypothesis",
                   "cited": "cited analysis"}


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    ``correct`` is ``None`` when there is nothing to mark yet (no answer).
    """

    correct: bool | None
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    Attributes
    ----------
    id, notebook, title, prompt
        What it is and where it appears.
    form : str
        How it is answered: ``"choice"`` (one of ``choices``), ``"choices"`` (several
        of ``choices``), ``"sort"`` (one of ``options`` for each of ``items``),
        ``"weighting"`` (a mapping of factor weights) or ``"verdict"`` (region, text
        and cited factor ids).
    choices : tuple of (value, label)
    items : tuple of (item id, text)
    options : tuple of (value, label)
    answer
        The expected answer, in the same form as a student's: checking it is correct.
    worked_answer : str
        The worked solution in Markdown, shown only on request.
    hint : str
        A general nudge, shown with a wrong answer.
    """

    id: str
    notebook: str
    title: str
    prompt: str
    form: str
    answer: Any
    worked_answer: str
    hint: str
    choices: tuple[tuple[str, str], ...] = ()
    items: tuple[tuple[str, str], ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    _checker: Callable[[Any], Feedback] | None = field(default=None, repr=False, compare=False)

    def check(self, answer: Any) -> Feedback:
        """Mark ``answer``; never raises."""
        if answer is None or answer == "" or answer == {} or answer == ():
            return Feedback(None, "No answer yet: make your choice, then press Check.", self.hint)
        try:
            return self._checker(answer) if self._checker else Feedback(None, "This exercise has nothing to check.")
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            return Feedback(None, f"That answer could not be read ({exc}); answer in the form the exercise shows.",
                            self.hint)


# ----------------------------------------------------------------------------- words

def _q(text: str, limit: int = 140) -> str:
    """A quote for display, shortened in the middle if long."""
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 20]} … {text[-15:]}”"


def _cap(text: str) -> str:
    """``text`` with its first letter in capitals (the rest as it is)."""
    return text[:1].upper() + text[1:]


def _in_sentence(label: str) -> str:
    """A capitalised label as it reads inside a sentence: "Pact scenario" -> "pact scenario", "EU scenario" stays."""
    first = label.split(" ", 1)[0]
    return label if len(first) > 1 and not first[1:].islower() else label[:1].lower() + label[1:]


def _side(case: Case, kind: str) -> str:
    """The case's name for a side (``'strength'`` or ``'strain'``)."""
    return case.side(kind).label


def _claim_label(case: Case, kind: str) -> str:
    return next((c.label for c in case.claims if c.kind == kind), _side(case, kind))


def _text_order(case: Case, quote: Quote) -> tuple[int, int]:
    return ([t.id for t in case.turns].index(quote.turn), quote.start)


def _cited(case: Case, quote: Quote) -> str:
    """Who said a quote and where: ``speaker, turn “id”``."""
    return f"{case.person(quote.speaker).name}, turn “{quote.turn}”"


# ----------------------------------------------------------------------------- what a case supports

def _needs_two_evidence_types(case: Case) -> str:
    if len({f.evidence for f in case.factors}) < 2:
        return "every factor of this case has the same evidence type, so there is nothing to tell apart"
    return ""


def _needs_trilemma(case: Case) -> str:
    trilemma = case.trilemma
    if trilemma is None:
        return "this case has no trilemma"
    if not trilemma.options or not trilemma.goals:
        return "this case's trilemma has no options or no goals"
    return ""


def _needs_scenario(case: Case) -> str:
    if case.scenario is None:
        return "this case has no duration scenario"
    if not any(f.duration_linked for f in case.factors):
        return "no factor of this case is tied to its duration scenario (duration_linked)"
    return ""


#: For the exercises that need data a case may lack: a function giving the reason it is
#: missing ('' when the case has it).
_REQUIREMENTS: dict[str, Callable[[Case], str]] = {
    "evidence-types": _needs_two_evidence_types,
    "trilemma-sacrifice": _needs_trilemma,
    "duration-linked": _needs_scenario,
}

#: The titles of the exercises a case may lack, for the line that says they are not built.
_TITLES = {"evidence-types": "Name the evidence type", "trilemma-sacrifice": "What does an option sacrifice?",
           "duration-linked": "Which factors grow with the scenario's clock?"}


def unsupported_exercises(case: Case) -> dict[str, str]:
    """The exercises ``case`` lacks the data for, by id, each with the reason in a few words.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> unsupported_exercises(case)
    {}
    >>> from dataclasses import replace
    >>> unsupported_exercises(replace(case, trilemma=None))
    {'trilemma-sacrifice': 'this case has no trilemma'}
    """
    reasons = {eid: need(case) for eid, need in _REQUIREMENTS.items()}
    return {eid: reason for eid in EXERCISE_IDS if (reason := reasons.get(eid, ""))}


# ----------------------------------------------------------------------------- builders

def _find_thesis(case: Case) -> Exercise:
    thesis = case.thesis.quotes[0]
    candidates: dict[str, str] = {thesis.text: "thesis"}
    for claim in case.claims:
        candidates.setdefault(claim.quotes[0].text, f"claim:{claim.id}")
    strengths, strains = case.factors_of_kind("strength"), case.factors_of_kind("strain")
    for factor in (strengths[:1] + strains[:1] + tuple(f for f in case.factors if f.evidence == "hypothesis")[:1]):
        candidates.setdefault(factor.quotes[0].text, f"factor:{factor.id}")
    quotes = {q.text: q for q in (case.thesis.quotes + sum((c.quotes for c in case.claims), ())
                                   + sum((f.quotes for f in case.factors), ()))}
    ordered = sorted(candidates, key=lambda text: _text_order(case, quotes[text]))
    thesis_texts = {q.text for q in case.thesis.quotes}
    part, parts = ("one half", "both halves") if len(case.claims) == 2 else ("one part", "all its parts")
    hint = (f"The thesis is the claim that all the other sentences support. It says what {case.plane.subject} is "
            "overall, so it takes in every side of the argument.")

    def checker(answer: str) -> Feedback:
        if answer in thesis_texts:
            return Feedback(True, f"Yes. {_q(answer)} is the thesis: {case.thesis.summary}")
        role = candidates.get(answer)
        if role is None:
            return Feedback(None, "Pick one of the sentences listed.", hint)
        kind, _, ident = role.partition(":")
        if kind == "claim":
            claim = next(c for c in case.claims if c.id == ident)
            return Feedback(False, f"Close: this sentence states {part} of the thesis, “{claim.label}”. "
                                   f"The thesis joins {parts} in one claim.", hint)
        factor = case.factor(ident)
        return Feedback(False, f"This sentence is evidence for one factor, “{factor.label}” "
                               f"({_side(case, factor.kind)}): a reason, not the conclusion it supports.", hint)

    again = case.thesis.quotes[1].text if len(case.thesis.quotes) > 1 else ""
    restated = f" It is restated later: {_q(again)}{'' if again.endswith(('.', '!', '?')) else '.'}" if again else ""
    return Exercise(
        id="find-thesis", notebook="01_read_the_interview", title="Find the thesis",
        prompt="Which sentence states the thesis of the text: the claim everything else supports?",
        form="choice", choices=tuple((text, _q(text, 400)) for text in ordered), answer=thesis.text,
        worked_answer=(f"The thesis is {_q(thesis.text, 400)} ({_cited(case, thesis)}, characters "
                       f"{thesis.start}–{thesis.end}).{restated} Every other sentence supports {part} of it: "
                       + " or ".join(f"“{c.label}”" for c in case.claims) + "."),
        hint=hint, _checker=checker,
    )


def _a(words: str) -> str:
    """``words`` after the indefinite article that a vowel letter asks for.

    >>> _a("institutional strength"), _a("strain")
    ('an institutional strength', 'a strain')
    """
    return f"{'an' if words[:1].lower() in 'aeiou' and words[:1] else 'a'} {words}"


def _sorting_factors(case: Case, per_kind: int = 4) -> list[Factor]:
    chosen = list(case.factors_of_kind("strength")[:per_kind]) + list(case.factors_of_kind("strain")[:per_kind])
    return sorted(chosen, key=lambda f: _text_order(case, f.quotes[0]))


def _sort_statements(case: Case) -> Exercise:
    factors = _sorting_factors(case)
    answer = {f.id: f.kind for f in factors}
    side = {kind: _side(case, kind) for kind in ("strength", "strain")}
    strong, strained = _claim_label(case, "strength"), _claim_label(case, "strain")
    hint = (f"Ask of each statement: is it a reason for “{strong}” ({_a(side['strength'])} factor), "
            f"or a reason for “{strained}” ({_a(side['strain'])} factor)?")

    def checker(given: Mapping[str, str]) -> Feedback:
        missing = [f for f in factors if given.get(f.id) not in ("strength", "strain")]
        wrong = [f for f in factors if f not in missing and given.get(f.id) != f.kind]
        right = len(factors) - len(missing) - len(wrong)
        if not wrong and not missing:
            return Feedback(True, f"All {len(factors)} sorted correctly.")
        lines = [f"{right} of {len(factors)} right."]
        for f in wrong:
            lines.append(f"{_q(f.quotes[0].text, 90)} is {_a(side[f.kind])} factor, “{f.label}”: {f.summary}")
        if missing:
            lines.append(f"{len(missing)} statement(s) not sorted yet.")
        return Feedback(False if wrong else None, " ".join(lines), hint)

    return Exercise(
        id="sort-statements", notebook="02_map_the_argument", title="Sort the statements",
        prompt=(f"Sort each statement: is it evidence for “{strong}” ({side['strength']}) or for “{strained}” "
                f"({side['strain']})?"),
        form="sort", items=tuple((f.id, _q(f.quotes[0].text, 400)) for f in factors),
        options=(("strength", side["strength"]), ("strain", side["strain"])), answer=answer,
        worked_answer="\n".join(f"- {_q(f.quotes[0].text, 200)} → **{side[f.kind]}**: {f.label}." for f in factors),
        hint=hint, _checker=checker,
    )


def _evidence_factors(case: Case) -> list[Factor]:
    picked = []
    for kind in ("observed", "hypothesis", "cited"):
        found = [f for f in case.factors if f.evidence == kind]
        if found:
            picked.append(found[0])
    return picked


def _evidence_types(case: Case) -> Exercise:
    factors = _evidence_factors(case)
    answer = {f.id: f.evidence for f in factors}
    hint = ("Look at how the speaker presents it: as a fact anyone could see, as their own guess, or as someone "
            "else's work.")

    def cited_words(f: Factor) -> str:
        works = [s for s in case.sources if s.id in f.cites]
        return "; it draws on " + ", ".join(f"{', '.join(w.authors)}, “{w.title}”" for w in works) if works else ""

    def checker(given: Mapping[str, str]) -> Feedback:
        wrong = [f for f in factors if given.get(f.id) != f.evidence]
        if not wrong:
            return Feedback(True, f"All {len(factors)} right.")
        lines = [f"{len(factors) - len(wrong)} of {len(factors)} right."]
        for f in wrong:
            lines.append(f"“{f.label}” is {_EVIDENCE_WORDS[f.evidence]}{cited_words(f)}.")
        return Feedback(False, " ".join(lines), hint)

    return Exercise(
        id="evidence-types", notebook="02_map_the_argument", title=_TITLES["evidence-types"],
        prompt="What kind of support does the text give each factor: observed behaviour, the speaker's own "
               "hypothesis, or cited analysis?",
        form="sort", items=tuple((f.id, f"{f.label}: {_q(f.quotes[0].text, 300)}") for f in factors),
        options=(("observed", "observed behaviour"), ("hypothesis", "speaker's hypothesis"),
                 ("cited", "cited analysis")),
        answer=answer,
        worked_answer="\n".join(f"- “{f.label}” → {_EVIDENCE_WORDS[f.evidence]}{cited_words(f)}."
                                for f in factors),
        hint=hint, _checker=checker,
    )


def _reach_strength_high(case: Case) -> Exercise:
    target = "strength-high"
    name = case.region_label(target)
    strength, strain = _side(case, "strength"), _side(case, "strain")
    preset = next((p for p in case.presets if assess(case, p.weights).region == target), None)
    example = dict(preset.weights) if preset else {f.id: 1.0 if f.kind == "strength" else 0.0 for f in case.factors}
    defaults = case.default_weights()
    hint = (f"“{name}” needs {strength} at or above its threshold and {strain} below its threshold. "
            f"Lower the {strain} factors you find least convincing.")

    def discounted(weights: Mapping[str, float]) -> list[Factor]:
        return [f for f in case.factors_of_kind("strain") if weights[f.id] < defaults[f.id] - 1e-9]

    def checker(weights: Mapping[str, float]) -> Feedback:
        result = assess(case, dict(weights))
        ts, tt = result.thresholds
        if result.region == target:
            names = ", ".join(f"“{f.label}”" for f in discounted(result.weights)) or "none"
            return Feedback(True, f"Yes: {strength} {result.strength:.2f} and {strain} {result.strain:.2f} land in "
                                  f"{name}. {_cap(strain)} factors you discounted below their default: {names}. "
                                  "In the verdict, say why those deserve less weight.")
        advice = []
        if result.strength < ts:
            advice.append(f"raise {strength} by at least {ts - result.strength:.2f}")
        if result.strain >= tt:
            heavy = ", ".join(f"“{case.factor(fid).label}”" for fid in result.top_factors("strain", 2))
            advice.append(f"lower {strain} by more than {result.strain - tt:.2f} (the heaviest {strain} factors "
                          f"now: {heavy})")
        return Feedback(False, f"Your weighting lands in {case.region_label(result.region)} ({strength} "
                               f"{result.strength:.2f}, {strain} {result.strain:.2f}). To reach {name}, "
                               + " and ".join(advice) + ".",
                        hint)

    source = (f"the preset “{preset.label}”" if preset
              else f"full weight on every {strength} factor and none on the {strain} factors")
    example_result = assess(case, example)
    cut = discounted(example_result.weights)[:4]
    how = (f"It discounts the {strain} factors, above all " + ", ".join(f"“{f.label}”" for f in cut) + "." if cut
           else f"It keeps {strain} below its threshold.")
    defence = f"To defend it you must argue that those {strain} factors are small or passing"
    thesis_region = case.plane.thesis_region
    if thesis_region and thesis_region != target:
        defence += (f", which the text's thesis disputes: it places {case.plane.subject} in "
                    f"{case.region_label(thesis_region)}")
    return Exercise(
        id="reach-strength-high", notebook="03_weigh_the_factors", title=f"Reach “{name}”",
        prompt=f"Move the sliders until the verdict is “{name}”. Then check, and say which factors you had "
               "to discount.",
        form="weighting", answer=example,
        worked_answer=(f"One weighting that works is {source}: {strength} {example_result.strength:.2f}, {strain} "
                       f"{example_result.strain:.2f}. {how} {defence}."),
        hint=hint, _checker=checker,
    )


def _reference_weights(case: Case) -> tuple[str, dict[str, float]]:
    """The reading the stress-test starts from: the case's first preset (by convention the
    reading closest to the author's), or the default weights when there is none."""
    if case.presets:
        preset = case.presets[0]
        return f"the preset “{preset.label}”", dict(preset.weights)
    return "the default weights", case.default_weights()


def _levers(case: Case, weights: dict[str, float]) -> dict[str, tuple[float, bool]]:
    """For each factor: pushed to the far end (0 if its side is high, 1 if low), how far its side's
    score is left from the threshold (negative once across), and whether the verdict flips."""
    base = assess(case, weights)
    ts, tt = base.thresholds
    result = {}
    for f in case.factors:
        score, threshold = (base.strength, ts) if f.kind == "strength" else (base.strain, tt)
        extreme = 0.0 if score >= threshold else 1.0
        moved = assess(case, {**weights, f.id: extreme})
        new_score = moved.strength if f.kind == "strength" else moved.strain
        remaining = (new_score - threshold) if score >= threshold else (threshold - new_score)
        result[f.id] = (remaining, moved.region != base.region)
    return result


#: The worked answer's last word when the biggest lever flips the verdict on its own, and when it does not.
_ONE_WEIGHT_DECIDES = ("A verdict that one weight can flip is fragile: that weight is the first one to defend "
                       "from the text, and the robustness check shows how many nearby weightings agree.")
_ROBUST_TO_ONE_FACTOR = ("Robustness to any one factor is itself a finding: to change the verdict you must change your "
                         "mind about several factors, or about a kind of evidence (try the trust sliders).")


def _nearest_tipping_point(case: Case) -> Exercise:
    label, weights = _reference_weights(case)
    base = assess(case, weights)
    levers = _levers(case, weights)
    best = min(levers, key=lambda fid: (levers[fid][0], fid))
    points = tipping_points(case, weights)
    hint = ("Each factor moves only its own side's score, by its weight divided by the number of factors on that "
            "side. Look at the side closest to its threshold, and the heaviest factor on it.")

    def outcome(fid: str) -> str:
        remaining, flips = levers[fid]
        factor = case.factor(fid)
        if flips:
            return points[fid].describe(case)
        return (f"Even pushed to the far end, “{factor.label}” leaves {_side(case, factor.kind)} {remaining:.2f} on "
                "the same side of its threshold: no single factor flips this verdict on its own.")

    def checker(fid: str) -> Feedback:
        if fid == best:
            return Feedback(True, f"Yes: “{case.factor(fid).label}” is the biggest single lever. {outcome(fid)}")
        if fid not in levers:
            return Feedback(None, "Pick one of the factors listed.", hint)
        return Feedback(False, f"“{case.factor(fid).label}” is a smaller lever: pushed to the far end it leaves its "
                               f"side {levers[fid][0]:.2f} from the threshold. Another factor comes closer.", hint)

    return Exercise(
        id="nearest-tipping-point", notebook="04_stress_test", title="The biggest single lever",
        prompt=(f"Start from {label} ({case.region_label(base.region)}). Which single factor, pushed to the "
                "opposite end of its slider, comes closest to flipping the verdict? Does it flip it?"),
        form="choice", choices=tuple((f.id, f.label) for f in case.factors), answer=best,
        worked_answer=(f"From {label}, {_side(case, 'strength')} is {base.strength:.2f} and {_side(case, 'strain')} "
                       f"{base.strain:.2f}. The biggest lever is “{case.factor(best).label}”. {outcome(best)} "
                       + (_ONE_WEIGHT_DECIDES if levers[best][1] else _ROBUST_TO_ONE_FACTOR)),
        hint=hint, _checker=checker,
    )


def _trilemma_sacrifice(case: Case) -> Exercise:
    trilemma = case.trilemma
    assert trilemma is not None  # built only for a case with a trilemma (see _REQUIREMENTS)
    option = max(trilemma.options, key=lambda o: (max(o.effects.values(), default=0.0)
                                                  - min(o.effects.values(), default=0.0), o.id))
    goals = {g.id: g for g in trilemma.goals}
    effects = {gid: float(option.effects.get(gid, 0.0)) for gid in goals}
    worst = min(effects, key=lambda gid: (effects[gid], gid))
    best = max(effects, key=lambda gid: (effects[gid], gid))
    hint = "An option that serves one goal well usually costs another: look for the goal it sets back most."

    def checker(gid: str) -> Feedback:
        if gid == worst:
            return Feedback(True, f"Yes. “{option.label}” serves “{goals[best].label}” ({effects[best]:+.1f}) "
                                  f"but sacrifices “{goals[worst].label}” ({effects[worst]:+.1f}). The effects are "
                                  f"{case.interpretation}.")
        if gid not in goals:
            return Feedback(None, "Pick one of the goals listed.", hint)
        return Feedback(False, f"“{option.label}” affects “{goals[gid].label}” by {effects[gid]:+.1f}; another "
                               "goal loses more.", hint)

    return Exercise(
        id="trilemma-sacrifice", notebook="05_the_trilemma", title=_TITLES["trilemma-sacrifice"],
        prompt=(f"Suppose this option were chosen: “{option.label}”. Which of the "
                f"{_NUMBER_WORDS.get(len(goals), len(goals))} goals does it sacrifice most?"),
        form="choice", choices=tuple((g.id, g.label) for g in trilemma.goals), answer=worst,
        worked_answer=(f"“{option.label}”: " + ", ".join(f"{goals[g].label} {v:+.1f}" for g, v in effects.items())
                       + f". It sacrifices “{goals[worst].label}” most. The text names the goals; the effects are "
                       f"{case.interpretation}."),
        hint=hint, _checker=checker,
    )


def _duration_quote(factor: Factor) -> Quote:
    """The factor's quote that speaks of time going on (one with "longer" in it), else its first."""
    return next((q for q in factor.quotes if "longer" in q.text.lower()), factor.quotes[0])


def _duration_linked(case: Case) -> Exercise:
    scenario = case.scenario
    assert scenario is not None  # built only for a case with a scenario (see _REQUIREMENTS)
    linked = {f.id for f in case.factors if f.duration_linked}
    labels = {f.id: f.label for f in case.factors}
    clock, name = scenario.clock, _in_sentence(scenario.label)
    hint = (f"Look for the factors whose quotes say they matter more, or less, the longer things go on: the "
            f"scenario's clock counts {clock}.")

    def checker(given: Any) -> Feedback:
        chosen = set(given)
        if chosen == linked:
            return Feedback(True, f"Yes: all {len(linked)} of them, and no others.")
        parts = []
        if linked - chosen:
            parts.append("Missing: " + ", ".join(f"“{labels[i]}”" for i in sorted(linked - chosen)) + ".")
        if chosen - linked:
            parts.append(f"Not tied to the {clock} in the text: "
                         + ", ".join(f"“{labels.get(i, i)}”" for i in sorted(chosen - linked)) + ".")
        return Feedback(False, " ".join(parts), hint)

    return Exercise(
        id="duration-linked", notebook="06_actors_and_regions", title=f"Which factors grow with the {clock}?",
        prompt=(f"Which factors does the text tie to how long things go on, counted in {clock}? (These are the ones "
                f"the {name} scales.)"),
        form="choices", choices=tuple((f.id, f.label) for f in case.factors), answer=sorted(linked),
        worked_answer=(f"The {name} scales these factors (its rule is the package's model, not the authors' "
                       "claim):\n"
                       + "\n".join(f"- “{f.label}”: {_q(_duration_quote(f).text, 200)}"
                                   for f in case.factors if f.duration_linked)),
        hint=hint, _checker=checker,
    )


def _least_sure(case: Case, example: Assessment) -> Factor:
    """The factor a model verdict is least sure of: the heaviest resting on a hypothesis, else on cited
    analysis, else the heaviest on the side nearest its threshold."""
    for evidence in ("hypothesis", "cited"):
        found = [f for f in case.factors if f.evidence == evidence]
        if found:
            return max(found, key=lambda f: (example.weights[f.id], -case.factors.index(f)))
    return case.factor(example.top_factors(example.nearest_boundary)[0])


def _model_verdict(case: Case, example: Assessment, cited: list[str]) -> str:
    """A model written verdict for the default weighting, built from the case (at least 40 words)."""
    region = case.region(example.region)
    side = {kind: _side(case, kind) for kind in ("strength", "strain")}
    reasons = []
    for kind, fid in zip(("strength", "strain"), cited, strict=True):
        factor = case.factor(fid)
        quote = factor.quotes[0]
        reasons.append(f"on the {side[kind]} side it rests most on “{factor.label}”, which the text supports with "
                       f"{_q(quote.text, 160)} ({_cited(case, quote)}), {_EVIDENCE_SHORT[factor.evidence]}")
    least = _least_sure(case, example)
    point = tipping_points(case, example.weights)[least.id]
    flip = point.describe(case)
    effect = ("better evidence on it would move it up or down, but no weight of it alone would change my region."
              if point.weight is None else f"better evidence on it could change my verdict: {flip[:1].lower()}{flip[1:]}")
    return (f"My weighting lands in “{region.label}”, {region.meaning}: {side['strength']} {example.strength:.2f} "
            f"and {side['strain']} {example.strain:.2f}, a margin of {example.margin:.2f} on "
            f"{side[example.nearest_boundary]}. {_cap(reasons[0])}; {reasons[1]}. The weight I am least sure of is "
            f"that of “{least.label}” ({example.weights[least.id]:.2f}), because it rests on "
            f"{_EVIDENCE_SHORT[least.evidence]}; {effect}")


def _verdict_evidence(case: Case) -> Exercise:
    kinds = {f.id: f.kind for f in case.factors}
    example = assess(case)
    cited_example = [example.top_factors(kind)[0] for kind in ("strength", "strain")]
    model = _model_verdict(case, example, cited_example)
    hint = ("A good verdict names the region, gives the two or three factors that carry it, cites a quote for each "
            "side, and says which weight you are least sure of.")

    def checker(answer: Mapping[str, Any]) -> Feedback:
        text = str(answer.get("text", "")).strip()
        cited = [fid for fid in answer.get("cited", ()) if fid in kinds]
        region = answer.get("region")
        problems = []
        if region not in REGIONS:
            problems.append("name the region your weighting lands in")
        if len(text.split()) < 40:
            problems.append(f"write at least 40 words (you have {len(text.split())})")
        for kind in ("strength", "strain"):
            if not any(kinds[fid] == kind for fid in cited):
                problems.append(f"cite at least one {_side(case, kind)} factor's quote")
        if problems:
            return Feedback(False, "Almost there: " + "; ".join(problems) + ".", hint)
        return Feedback(True, f"Your verdict names {case.region_label(region)}, cites {len(cited)} factors from both "
                              "sides and argues in your own words. Check it against the rubric before you submit.")

    return Exercise(
        id="verdict-evidence", notebook="07_your_verdict", title="A verdict that cites its evidence",
        prompt="Write your verdict: the region your weighting lands in, the factors that carry it, a quote from each "
               "side, and the weight you are least sure of.",
        form="verdict", answer={"region": example.region, "text": model, "cited": cited_example},
        worked_answer=(f"A model verdict for the default weights ({case.interpreter}'s, one of many good ones):\n\n"
                       f"*{model}*\n\nIt names the region and the margin, cites one quote from each side with its "
                       "factor and evidence type, and says which weight is least certain and what changing it "
                       "would do. See the rubric in lessons/rubric.md."),
        hint=hint, _checker=checker,
    )


_BUILDERS: dict[str, Callable[[Case], Exercise]] = {
    "find-thesis": _find_thesis, "sort-statements": _sort_statements, "evidence-types": _evidence_types,
    "reach-strength-high": _reach_strength_high, "nearest-tipping-point": _nearest_tipping_point,
    "trilemma-sacrifice": _trilemma_sacrifice, "duration-linked": _duration_linked,
    "verdict-evidence": _verdict_evidence,
}


def build_exercises(case: Case) -> dict[str, Exercise]:
    """Every exercise ``case`` supports, by id, in :data:`EXERCISE_IDS` order.

    The ones the case lacks the data for are left out (:func:`unsupported_exercises`).

    >>> from entente_lab import load_case
    >>> list(build_exercises(load_case()))[:3]
    ['find-thesis', 'sort-statements', 'evidence-types']
    """
    missing = unsupported_exercises(case)
    return {eid: _BUILDERS[eid](case) for eid in EXERCISE_IDS if eid not in missing}


def exercise(case: Case, exercise_id: str) -> Exercise:
    """One exercise; a ``KeyError`` lists the known ids, or says why this case has no such exercise.

    >>> from dataclasses import replace
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> exercise(case, "find-thesis").notebook
    '01_read_the_interview'
    >>> exercise(replace(case, scenario=None), "duration-linked")
    Traceback (most recent call last):
    ...
    KeyError: "exercise 'duration-linked' is not built for this case: this case has no duration scenario"
    """
    if exercise_id not in _BUILDERS:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(EXERCISE_IDS)}")
    reason = unsupported_exercises(case).get(exercise_id)
    if reason:
        raise KeyError(f"exercise {exercise_id!r} is not built for this case: {reason}")
    return _BUILDERS[exercise_id](case)


def check(case: Case, exercise_id: str, answer: Any) -> Feedback:
    """Mark an answer to one exercise.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> check(case, "find-thesis", case.thesis.quotes[0].text).correct
    True
    >>> check(case, "find-thesis", None).correct is None
    True
    """
    return exercise(case, exercise_id).check(answer)


def _answer_text(case: Case, ex: Exercise) -> str:
    if ex.form == "choice":
        return dict(ex.choices).get(ex.answer, str(ex.answer))
    if ex.form == "sort":
        items, options = dict(ex.items), dict(ex.options)
        return "\n".join(f"- {items[i]} → {options[v]}" for i, v in ex.answer.items())
    if ex.form == "choices":
        labels = dict(ex.choices)
        return "; ".join(labels[i] for i in ex.answer)
    if ex.form == "weighting":
        return ", ".join(f"“{case.factor(k).label}” {v:.2f}" for k, v in ex.answer.items())
    if ex.form == "verdict":
        cited = ", ".join(f"“{case.factor(fid).label}” ({_side(case, case.factor(fid).kind)})"
                          for fid in ex.answer["cited"])
        return (f"For the default weights: the region “{case.region_label(ex.answer['region'])}”, citing {cited}; "
                "the text is the model verdict below.")
    return str(ex.answer)


def answer_key_markdown(case: Case) -> str:
    """The instructor's answer key for ``case``, as Markdown (written to ``lessons/answer_key.md``).

    An exercise the case lacks the data for gets one line that says so.

    >>> from dataclasses import replace
    >>> from entente_lab import load_case
    >>> key = answer_key_markdown(replace(load_case(), trilemma=None))
    >>> [line for line in key.splitlines() if "trilemma-sacrifice" in line]
    ['Not built for this case: “What does an option sacrifice?” (`trilemma-sacrifice`): this case has no trilemma.']
    """
    interpreted = "factor labels, weights, presets" + (", trilemma effects" if case.trilemma else "")
    lines = [
        f"# Answer key: {case.source.title}",
        "",
        f"Produced by `python -m entente_lab.exercises` from the case file (`{case.id}`) and the exercise definitions "
        "in `entente_lab.exercises`: after an edit of the case file, make it again rather than edit it by hand. "
        f"Interpretations ({interpreted}) are {case.interpretation}.",
        "",
    ]
    built = build_exercises(case)
    missing = unsupported_exercises(case)
    for eid in EXERCISE_IDS:
        if eid in missing:
            title = _TITLES[eid]
            lines += [f"Not built for this case: “{title}” (`{eid}`): {missing[eid]}.", ""]
            continue
        ex = built[eid]
        lines += [f"## {ex.title} (`{ex.id}`, notebook {ex.notebook})", "", f"**Prompt.** {ex.prompt}", "",
                  "**Answer.**", "", _answer_text(case, ex), "", "**Worked answer.**", "", ex.worked_answer, "",
                  f"**Hint given with a wrong answer.** {ex.hint}", ""]
    return "\n".join(lines).rstrip() + "\n"



def main(argv: Sequence[str] | None = None) -> int:
    """Write the answer key for a case: ``python -m entente_lab.exercises [--case PATH] [-o FILE]``.

    Without ``--case``, the case is ``$ENTENTE_LAB_CASE`` or the bundled interview
    (``python -m entente_lab.exercises > lessons/answer_key.md`` makes the bundled key).
    An unknown option is a usage error, never the bundled case's key.

    >>> import io, contextlib
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     main(["--cse", "my_case.yaml"])
    Traceback (most recent call last):
    SystemExit: 2
    """
    from .cli import case_document_command

    return case_document_command("entente_lab.exercises", answer_key_markdown, argv,
                                 description="Write the instructor's answer key (Markdown) for a case.")


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.exit(main())
