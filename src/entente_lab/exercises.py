"""Exercises, their answers and their feedback, from one source: the case itself.

Every exercise is built from the loaded case (its thesis, factors, evidence types,
trilemma, presets), so the same exercises work unchanged on another case file. The
student notebooks show them through :mod:`entente_lab.widgets.exercises`; the
instructor's answer key (``lessons/answer_key.md``) is produced from the same
definitions by :func:`answer_key_markdown`, and a test fails if the two drift.

A check never raises on an unanswered or malformed answer: it returns
:class:`Feedback` with ``correct=None`` and says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import REGIONS, assess
from .records import Case, Factor, Quote
from .robustness import tipping_points

__all__ = ["Exercise", "Feedback", "answer_key_markdown", "build_exercises", "check", "exercise", "EXERCISE_IDS"]

#: The exercises, in the order of the notebooks that use them.
EXERCISE_IDS = (
    "find-thesis", "sort-statements", "evidence-types", "reach-strength-high",
    "nearest-tipping-point", "trilemma-sacrifice", "duration-linked", "verdict-evidence",
)

_EVIDENCE_WORDS = {
    "observed": "observed behaviour: the speaker reports something done or said in public that others can check",
    "hypothesis": "the speaker's own hypothesis: a conjecture about what cannot be seen (intentions, beliefs, "
                  "the future), often flagged by words such as \"my hypothesis would be\" or \"I don't think\"",
    "cited": "cited analysis: the speaker passes on another analyst's argument and names them",
}


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
        The expected answer, in the same form as a student's.
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


def _q(text: str, limit: int = 140) -> str:
    """A quote for display, shortened in the middle if long."""
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 20]} … {text[-15:]}”"


def _claim_label(case: Case, kind: str) -> str:
    return next((c.label for c in case.claims if c.kind == kind), kind)


def _first_quotes(case: Case, factors: list[Factor]) -> list[tuple[Factor, Quote]]:
    return [(f, f.quotes[0]) for f in factors]


def _text_order(case: Case, quote: Quote) -> tuple[int, int]:
    return ([t.id for t in case.turns].index(quote.turn), quote.start)


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
    hint = ("The thesis is the claim that all the other sentences support. It says what the relationship is "
            "overall, so it takes in both sides of the argument.")

    def checker(answer: str) -> Feedback:
        if answer in thesis_texts:
            return Feedback(True, f"Yes. {_q(answer)} is the thesis: {case.thesis.summary}")
        role = candidates.get(answer)
        if role is None:
            return Feedback(None, "Pick one of the sentences listed.", hint)
        kind, _, ident = role.partition(":")
        if kind == "claim":
            claim = next(c for c in case.claims if c.id == ident)
            return Feedback(False, f"Close: this sentence states one half of the thesis, “{claim.label}”. "
                                   "The thesis joins both halves in one claim.", hint)
        factor = case.factor(ident)
        return Feedback(False, f"This sentence is evidence for one factor, “{factor.label}” ({factor.kind}): "
                               "a reason, not the conclusion it supports.", hint)

    return Exercise(
        id="find-thesis", notebook="01_read_the_interview", title="Find the thesis",
        prompt="Which sentence states the thesis of the answer: the claim everything else supports?",
        form="choice", choices=tuple((text, _q(text, 400)) for text in ordered), answer=thesis.text,
        worked_answer=(f"The thesis is {_q(thesis.text, 400)} ({case.person(thesis.speaker).name}, turn "
                       f"“{thesis.turn}”, characters {thesis.start}–{thesis.end}). It is restated later as "
                       + (f"{_q(case.thesis.quotes[1].text)}. " if len(case.thesis.quotes) > 1 else "the conclusion. ")
                       + "Every other sentence supports one of its two halves: "
                       + " and ".join(f"“{c.label}”" for c in case.claims) + "."),
        hint=hint, _checker=checker,
    )


def _sorting_factors(case: Case, per_kind: int = 4) -> list[Factor]:
    chosen = list(case.factors_of_kind("strength")[:per_kind]) + list(case.factors_of_kind("strain")[:per_kind])
    return sorted(chosen, key=lambda f: _text_order(case, f.quotes[0]))


def _sort_statements(case: Case) -> Exercise:
    factors = _sorting_factors(case)
    answer = {f.id: f.kind for f in factors}
    strong, strained = _claim_label(case, "strength"), _claim_label(case, "strain")
    hint = (f"Ask of each statement: does it draw the two closer together (evidence that “{strong}”), "
            f"or does it cost one side or pull them apart (evidence that “{strained}”)?")

    def checker(given: Mapping[str, str]) -> Feedback:
        missing = [f for f in factors if given.get(f.id) not in ("strength", "strain")]
        wrong = [f for f in factors if f not in missing and given.get(f.id) != f.kind]
        right = len(factors) - len(missing) - len(wrong)
        if not wrong and not missing:
            return Feedback(True, f"All {len(factors)} sorted correctly.")
        lines = [f"{right} of {len(factors)} right."]
        for f in wrong:
            lines.append(f"{_q(f.quotes[0].text, 90)} is a {f.kind} factor, “{f.label}”: {f.summary}")
        if missing:
            lines.append(f"{len(missing)} statement(s) not sorted yet.")
        return Feedback(False if wrong else None, " ".join(lines), hint)

    return Exercise(
        id="sort-statements", notebook="02_map_the_argument", title="Sort the statements",
        prompt="Sort each statement: is it evidence that the partnership is stronger (strength) or more strained "
               "(strain)?",
        form="sort", items=tuple((f.id, _q(f.quotes[0].text, 400)) for f in factors),
        options=(("strength", "strength"), ("strain", "strain")), answer=answer,
        worked_answer="\n".join(f"- {_q(f.quotes[0].text, 200)} → **{f.kind}**: {f.label}." for f in factors),
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
    hint = "Look at how the speaker presents it: as a fact anyone could see, as his own guess, or as someone else's work."

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
        id="evidence-types", notebook="02_map_the_argument", title="Name the evidence type",
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
    preset = next((p for p in case.presets if assess(case, p.weights).region == target), None)
    example = dict(preset.weights) if preset else {f.id: 1.0 if f.kind == "strength" else 0.0 for f in case.factors}
    defaults = case.default_weights()
    hint = (f"“{name}” needs strength at or above its threshold and strain below its threshold. "
            "Lower the strain factors you find least convincing.")

    def discounted(weights: Mapping[str, float]) -> list[Factor]:
        return [f for f in case.factors_of_kind("strain") if weights[f.id] < defaults[f.id] - 1e-9]

    def checker(weights: Mapping[str, float]) -> Feedback:
        result = assess(case, dict(weights))
        ts, tt = result.thresholds
        if result.region == target:
            names = ", ".join(f"“{f.label}”" for f in discounted(result.weights)) or "none"
            return Feedback(True, f"Yes: strength {result.strength:.2f} and strain {result.strain:.2f} land in "
                                  f"{name}. Strain factors you discounted below their default: {names}. "
                                  "In the verdict, say why those deserve less weight.")
        advice = []
        if result.strength < ts:
            advice.append(f"raise strength by at least {ts - result.strength:.2f}")
        if result.strain >= tt:
            heavy = ", ".join(f"“{case.factor(fid).label}”" for fid in result.top_factors("strain", 2))
            advice.append(f"lower strain by more than {result.strain - tt:.2f} (the heaviest strain factors now: {heavy})")
        return Feedback(False, f"Your weighting lands in {case.region_label(result.region)} (strength "
                               f"{result.strength:.2f}, strain {result.strain:.2f}). To reach {name}, "
                               + " and ".join(advice) + ".",
                        hint)

    source = f"the preset “{preset.label}”" if preset else "full weight on every strength factor and none on the strains"
    example_result = assess(case, example)
    return Exercise(
        id="reach-strength-high", notebook="03_weigh_the_factors", title=f"Reach “{name}”",
        prompt=f"Move the sliders until the verdict is “{name}”. Then check, and say which factors you had "
               "to discount.",
        form="weighting", answer=example,
        worked_answer=(f"One weighting that works is {source}: strength {example_result.strength:.2f}, strain "
                       f"{example_result.strain:.2f}. It discounts the strain factors, above all "
                       + ", ".join(f"“{f.label}”" for f in discounted(example_result.weights)[:4])
                       + ". To defend it you must argue those strains are small or passing, which the text disputes."),
        hint=hint, _checker=checker,
    )


def _reference_weights(case: Case) -> tuple[str, dict[str, float]]:
    """The reading the stress-test starts from: the case's first preset (by convention the
    author's reading; in the bundled case, Wyne's), or the defaults when there is none."""
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
        result[f.id] = (remaining, moved.verdict != base.verdict)
    return result


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
        side = factor.kind
        if flips:
            return f"{points[fid].describe()}"
        return (f"Even pushed to the far end, “{factor.label}” leaves {side} {remaining:.2f} on the same side of "
                "its threshold: no single factor flips this verdict on its own.")

    def checker(fid: str) -> Feedback:
        if fid == best:
            return Feedback(True, f"Yes: “{case.factor(fid).label}” is the biggest single lever. {outcome(fid)}")
        if fid not in levers:
            return Feedback(None, "Pick one of the factors listed.", hint)
        return Feedback(False, f"“{case.factor(fid).label}” is a smaller lever: pushed to the far end it leaves its "
                               f"side {levers[fid][0]:.2f} from the threshold. Another factor comes closer.", hint)

    return Exercise(
        id="nearest-tipping-point", notebook="04_stress_test", title="The biggest single lever",
        prompt=(f"Start from {label} ({base.verdict}). Which single factor, pushed to the opposite end of its slider, "
                "comes closest to flipping the verdict? Does it flip it?"),
        form="choice", choices=tuple((f.id, f.label) for f in case.factors), answer=best,
        worked_answer=(f"From {label}, strength is {base.strength:.2f} and strain {base.strain:.2f}. The biggest lever "
                       f"is “{case.factor(best).label}”. {outcome(best)} Robustness to any one factor is itself a "
                       "finding: to change the verdict you must change your mind about several factors, or about a "
                       "kind of evidence (try the trust sliders)."),
        hint=hint, _checker=checker,
    )


def _trilemma_sacrifice(case: Case) -> Exercise:
    trilemma = case.trilemma
    if trilemma is None or not trilemma.options:
        return Exercise(id="trilemma-sacrifice", notebook="05_the_trilemma", title="What does an option sacrifice?",
                        prompt="This case has no trilemma, so there is nothing to answer here.", form="choice",
                        answer=None, worked_answer="This case file defines no trilemma.", hint="")
    option = max(trilemma.options, key=lambda o: (max(o.effects.values()) - min(o.effects.values()), o.id))
    goals = {g.id: g for g in trilemma.goals}
    worst = min(option.effects, key=lambda gid: (option.effects[gid], gid))
    best = max(option.effects, key=lambda gid: (option.effects[gid], gid))
    hint = "An option that serves one goal well usually costs another: look for the goal it sets back most."

    def checker(gid: str) -> Feedback:
        if gid == worst:
            return Feedback(True, f"Yes. “{option.label}” serves “{goals[best].label}” ({option.effects[best]:+.1f}) "
                                  f"but sacrifices “{goals[worst].label}” ({option.effects[worst]:+.1f}), in Entente "
                                  "Lab's reading of the options.")
        return Feedback(False, f"“{option.label}” affects “{goals[gid].label}” by {option.effects[gid]:+.1f}; another "
                               "goal loses more.", hint)

    return Exercise(
        id="trilemma-sacrifice", notebook="05_the_trilemma", title="What does an option sacrifice?",
        prompt=f"Suppose China chose this option: “{option.label}”. Which of the three goals does it sacrifice most?",
        form="choice", choices=tuple((g.id, g.label) for g in trilemma.goals), answer=worst,
        worked_answer=(f"“{option.label}”: " + ", ".join(f"{goals[g].label} {v:+.1f}" for g, v in option.effects.items())
                       + f". It sacrifices “{goals[worst].label}” most. The effects are Entente Lab's interpretation, "
                       "not the text's: the text names the three goals and says no policy keeps all three."),
        hint=hint, _checker=checker,
    )


def _duration_linked(case: Case) -> Exercise:
    linked = {f.id for f in case.factors if f.duration_linked}
    labels = {f.id: f.label for f in case.factors}
    hint = "Look for the factors whose quotes tie them to how long the war lasts (“the longer the war drags on”)."

    def checker(given: Any) -> Feedback:
        chosen = set(given)
        if chosen == linked:
            return Feedback(True, f"Yes: all {len(linked)} of them, and no others.")
        parts = []
        if linked - chosen:
            parts.append("Missing: " + ", ".join(f"“{labels[i]}”" for i in sorted(linked - chosen)) + ".")
        if chosen - linked:
            parts.append("Not tied to the war's length in the text: "
                         + ", ".join(f"“{labels.get(i, i)}”" for i in sorted(chosen - linked)) + ".")
        return Feedback(False, " ".join(parts), hint)

    return Exercise(
        id="duration-linked", notebook="06_actors_and_regions", title="Which factors grow with the war?",
        prompt="Which factors does the text tie to the length of the war? (These are the ones the months-of-war "
               "control scales.)",
        form="choices", choices=tuple((f.id, f.label) for f in case.factors), answer=sorted(linked),
        worked_answer="\n".join(f"- “{f.label}”: {_q(next((q.text for q in f.quotes if 'longer' in q.text), f.quotes[0].text), 200)}"
                                for f in case.factors if f.duration_linked),
        hint=hint, _checker=checker,
    )


def _verdict_evidence(case: Case) -> Exercise:
    kinds = {f.id: f.kind for f in case.factors}
    example = assess(case)
    cited_example = [example.top_factors(kind)[0] for kind in ("strength", "strain")]
    labels = [f"“{case.factor(fid).label}”" for fid in cited_example]
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
                problems.append(f"cite at least one {kind} factor's quote")
        if problems:
            return Feedback(False, "Almost there: " + "; ".join(problems) + ".", hint)
        return Feedback(True, f"Your verdict names {case.region_label(region)}, cites {len(cited)} factors from both "
                              "sides and argues "
                              "in your own words. Check it against the rubric before you submit.")

    return Exercise(
        id="verdict-evidence", notebook="07_your_verdict", title="A verdict that cites its evidence",
        prompt="Write your verdict: the region your weighting lands in, the factors that carry it, a quote from each "
               "side, and the weight you are least sure of.",
        form="verdict", answer={"region": example.region, "cited": cited_example},
        worked_answer=(f"A model verdict ({case.interpreter}'s, one of many good ones): *My weighting lands in the "
                       f"{case.region_label(example.region)} region, with a margin of {example.margin:.2f}; it rests "
                       f"most on {' and '.join(labels)} …* It names the region and the margin, cites one strength "
                       "and one strain quote with their factors, and says which weight is least certain and what "
                       "evidence would change it. See the rubric in lessons/rubric.md."),
        hint=hint, _checker=checker,
    )


_BUILDERS: dict[str, Callable[[Case], Exercise]] = {
    "find-thesis": _find_thesis, "sort-statements": _sort_statements, "evidence-types": _evidence_types,
    "reach-strength-high": _reach_strength_high, "nearest-tipping-point": _nearest_tipping_point,
    "trilemma-sacrifice": _trilemma_sacrifice, "duration-linked": _duration_linked,
    "verdict-evidence": _verdict_evidence,
}


def build_exercises(case: Case) -> dict[str, Exercise]:
    """Every exercise for ``case``, by id, in :data:`EXERCISE_IDS` order.

    >>> from entente_lab import load_case
    >>> list(build_exercises(load_case()))[:3]
    ['find-thesis', 'sort-statements', 'evidence-types']
    """
    return {eid: _BUILDERS[eid](case) for eid in EXERCISE_IDS}


def exercise(case: Case, exercise_id: str) -> Exercise:
    """One exercise; a ``KeyError`` lists the known ids.

    >>> from entente_lab import load_case
    >>> exercise(load_case(), "find-thesis").notebook
    '01_read_the_interview'
    """
    if exercise_id not in _BUILDERS:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(EXERCISE_IDS)}")
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


def _answer_text(ex: Exercise) -> str:
    if ex.form == "choice":
        labels = dict(ex.choices)
        return labels.get(ex.answer, str(ex.answer)) if ex.answer is not None else "(none)"
    if ex.form == "sort":
        items, options = dict(ex.items), dict(ex.options)
        return "\n".join(f"  - {items[i]} → {options[v]}" for i, v in ex.answer.items())
    if ex.form == "choices":
        labels = dict(ex.choices)
        return "; ".join(labels[i] for i in ex.answer)
    if ex.form == "weighting":
        return ", ".join(f"{k} {v:.2f}" for k, v in ex.answer.items())
    return str(ex.answer)


def answer_key_markdown(case: Case) -> str:
    """The instructor's answer key for ``case``, as Markdown (written to ``lessons/answer_key.md``)."""
    lines = [
        f"# Answer key: {case.source.title}",
        "",
        "Produced by `python -m entente_lab.exercises` from the exercise definitions in `entente_lab.exercises`; do not edit "
        "by hand (a test regenerates it and fails if it differs). Interpretations — factor labels, weights, trilemma "
        "effects, presets — are Entente Lab's, not the authors'.",
        "",
    ]
    for ex in build_exercises(case).values():
        lines += [f"## {ex.title} (`{ex.id}`, notebook {ex.notebook})", "", f"**Prompt.** {ex.prompt}", "",
                  "**Answer.**", "", _answer_text(ex) if ex.form != "sort" else "", ]
        if ex.form == "sort":
            lines[-1] = _answer_text(ex)
        lines += ["", "**Worked answer.**", "", ex.worked_answer, "", f"**Hint given with a wrong answer.** {ex.hint}",
                  ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # python -m entente_lab.exercises > lessons/answer_key.md
    import sys

    from .case import load_case

    sys.stdout.write(answer_key_markdown(load_case()))
