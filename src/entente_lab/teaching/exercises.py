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

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..analysis.model import REGIONS, Assessment, assess
from ..analysis.robustness import tipping_points
from ..case.records import Case, Factor, Quote

__all__ = ["Exercise", "Feedback", "NEAR_TIE", "OUTCOMES", "answer_key_markdown", "build_exercises", "check",
           "exercise", "shuffled_statements", "unsupported_exercises", "EXERCISE_IDS"]

#: The exercises, in the order of the notebooks that use them (a case may support fewer:
#: see :func:`unsupported_exercises`).
EXERCISE_IDS = (
    "warm-up", "find-thesis", "sort-statements", "evidence-types", "reach-strength-high",
    "nearest-tipping-point", "trilemma-sacrifice", "duration-linked", "verdict-evidence",
)

#: The evidence types by the case format's rule (the schema's ``evidence`` description).
_EVIDENCE_WORDS = {
    "observed": "observed: the speaker reports an act or a public statement that others can check (what was done or "
                "said in public), however it is phrased",
    "hypothesis": "the speaker's judgement: their own judgement of what cannot be observed (intentions, beliefs, "
                  "motives, assessments of a relationship, forecasts), hedged or stated flatly",
    "cited": "cited analysis: the speaker passes on a named analyst's argument",
}

#: Small counts in words.
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}

#: The evidence types in a few words, for inside a sentence.
_EVIDENCE_SHORT = {"observed": "observed behaviour", "hypothesis": "the speaker's own judgement",
                   "cited": "cited analysis"}


#: The three outcomes of a check (``None`` when there is nothing to mark yet).
OUTCOMES = ("matches", "defensible", "not-supported")

#: Two trilemma goals whose scores (ours, invented) differ by less than this count as tied.
NEAR_TIE = 0.2

#: A verdict needs at least this many words, and this many different words (so filler fails).
VERDICT_WORDS, VERDICT_DISTINCT_WORDS = 40, 25

#: A quoted phrase counts as citing the text when it has at least this many of a quote's words in a row.
QUOTED_PHRASE_WORDS = 4


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer.

    ``outcome`` is ``"matches"`` (the case's reading), ``"defensible"`` (another reading
    the text supports: the message gives the reasoning on both sides), ``"not-supported"``
    (the message and ``hint`` say what to look at, but not the answer), or ``None`` when
    there is nothing to mark yet. ``answer`` is the full answer to this attempt, for the
    student who asks for it (a second step: never part of ``message``).

    >>> Feedback("defensible", "Your reading holds.").correct
    True
    >>> Feedback("not-supported", "Not yet.", "Look again.", "The answer.").correct
    False
    """

    outcome: str | None
    message: str
    hint: str = ""
    answer: str = ""

    @property
    def correct(self) -> bool | None:
        """``True`` when the answer is accepted (it matches or is defensible), ``False`` when the text does
        not support it, ``None`` when there is nothing to mark."""
        return None if self.outcome is None else self.outcome in ("matches", "defensible")


def _matches(message: str, answer: str = "") -> Feedback:
    return Feedback("matches", message, "", answer)


def _defensible(message: str, answer: str = "") -> Feedback:
    return Feedback("defensible", message, "", answer)


def _not_supported(message: str, hint: str, answer: str = "") -> Feedback:
    return Feedback("not-supported", message, hint, answer)


def _unmarked(message: str, hint: str = "") -> Feedback:
    return Feedback(None, message, hint)


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
        ``"weighting"`` (a mapping of factor weights) or ``"verdict"`` (the weights the
        student's dashboard holds, the text, and cited factor ids).
    choices : tuple of (value, label)
    items : tuple of (item id, text)
    options : tuple of (value, label)
    answer
        The case's answer, in the same form as a student's: checking it matches.
    worked_answer : str
        The worked solution in Markdown, shown only on request.
    hint : str
        A general nudge, shown with an answer the text does not support.
    also_accepted : str
        Markdown: the other answers accepted as defensible, each with why ('' if none).
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
    also_accepted: str = ""
    _checker: Callable[[Any], Feedback] | None = field(default=None, repr=False, compare=False)

    def check(self, answer: Any) -> Feedback:
        """Mark ``answer``; never raises. An answer of the wrong form gets one message that says the right form.

        Examples
        --------
        >>> from entente_lab import load_case
        >>> sort = build_exercises(load_case())["evidence-types"]
        >>> print(sort.check("observed").message)  # doctest: +ELLIPSIS
        The answer to "evidence-types" is a dict from each item's id to one of the options (observed, ...), not a str.
        """
        if answer is None or answer == "" or answer == {} or answer == ():
            return _unmarked("No answer yet: make your choice, then press Check.", self.hint)
        problem = self._form_problem(answer)
        if problem:
            return _unmarked(problem, self.hint)
        try:
            return self._checker(answer) if self._checker else _unmarked("This exercise has nothing to check.")
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            return _unmarked(f"That answer could not be read ({exc}); answer in the form the exercise shows.",
                             self.hint)

    def _form_problem(self, answer: Any) -> str:
        """Why ``answer`` is not of this exercise's form (one line), or ``""``; unknown ids and values are named."""
        def listed(pairs: tuple[tuple[str, str], ...]) -> str:
            values = [value if len(value) <= 30 else value[:29] + "…" for value, _ in pairs]
            return ", ".join(values[:4]) + (", ..." if len(values) > 4 else "")

        def named(values: list[str]) -> str:
            return f"{', '.join(values[:3])} {'is' if len(values) == 1 else 'are'} not"

        start = f'The answer to "{self.id}" is'
        kind = type(answer).__name__
        if self.form == "choice":
            if not isinstance(answer, str):
                return f"{start} one of its choices, as a str ({listed(self.choices)}), not a {kind}."
        elif self.form == "choices":
            if isinstance(answer, (str, Mapping)) or not isinstance(answer, (list, tuple, set, frozenset)):
                return f"{start} a list of its choices ({listed(self.choices)}), not a {kind}."
            unknown = [repr(v) for v in answer if v not in dict(self.choices)]
            if unknown:
                return f"{start} a list of its choices ({listed(self.choices)}); {named(unknown)} among them."
        elif self.form == "sort":
            if not isinstance(answer, Mapping):
                return (f"{start} a dict from each item's id to one of the options ({listed(self.options)}), "
                        f"not a {kind}.")
            unknown = [repr(k) for k in answer if k not in dict(self.items)]
            if unknown:
                return f"{start} a dict keyed by its items' ids ({listed(self.items)}); {named(unknown)} among them."
            wrong = [repr(v) for v in answer.values() if v is not None and v not in dict(self.options)]
            if wrong:
                return f"{start} a dict whose values are its options ({listed(self.options)}); {named(wrong)} among them."
        elif self.form in ("weighting", "verdict") and not isinstance(answer, Mapping):
            shape = "factor weights (a dict from factor id to a number)" if self.form == "weighting" else \
                'a dict with "weights", "text" and "cited"'
            return f"{start} {shape}, not a {kind}."
        return ""


# ----------------------------------------------------------------------------- words

def _q(text: str, limit: int = 140) -> str:
    """A quote for display, shortened in the middle if long."""
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 20]} … {text[-15:]}”"


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (unless it ends a sentence already).

    >>> _sentence("Read it again"), _sentence("Why?")
    ('Read it again.', 'Why?')
    """
    return text if text.rstrip("”’\"'").endswith((".", "!", "?")) else text + "."


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
    """Who said a quote, by name (a turn's id is the case file's, not the student's, so it is not shown)."""
    return case.person(quote.speaker).name


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

def _words_spoken(case: Case) -> dict[str, int]:
    """How many words each person speaks in the text, by person id (only those who speak)."""
    counts: dict[str, int] = {}
    for turn in case.turns:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + len(turn.text.split())
    return counts


def _warm_up(case: Case) -> Exercise:
    words = _words_spoken(case)
    order = [p.id for p in case.people]
    top = max(words, key=lambda pid: (words[pid], -order.index(pid) if pid in order else 0))
    names = {p.id: p.name for p in case.people}
    total = sum(words.values())
    hint = ("The overview above names who the text is by. In an exchange of questions and answers, who takes up "
            "most of the page: the one who asks, or the one who answers?")
    share = f"{names[top]} speaks {words[top]} of the text's {total} words"
    answer = f"{share}; the others who speak: " + ", ".join(
        f"{names[pid]} {count}" for pid, count in words.items() if pid != top) + "." if len(words) > 1 else f"{share}."

    def checker(pid: str) -> Feedback:
        if pid == top:
            return _matches(f"Yes: {share}. The next notebook shows the text itself.")
        if pid not in names:
            return _unmarked("Pick one of the people listed.", hint)
        if pid in words:
            return _not_supported(f"{names[pid]} speaks in the text, but someone else speaks more.", hint, answer)
        return _not_supported(f"{names[pid]} is named in the text but does not speak in it.", hint, answer)

    return Exercise(
        id="warm-up", notebook="00_start_here", title="Warm-up: who speaks most?",
        prompt="A first try of an exercise: who does most of the talking in this text?",
        form="choice", choices=tuple((p.id, p.name) for p in case.people), answer=top,
        worked_answer=f"Counting the words of each turn: {answer}", hint=hint, _checker=checker,
    )


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
    answer = f"The thesis is {_q(thesis.text, 400)}"

    def checker(given: str) -> Feedback:
        if given in thesis_texts:
            return _matches(f"Yes. {_q(given)} is the thesis: {case.thesis.summary}")
        role = candidates.get(given)
        if role is None:
            return _unmarked("Pick one of the sentences listed.", hint)
        kind, _, ident = role.partition(":")
        if kind == "claim":
            claim = next(c for c in case.claims if c.id == ident)
            return _not_supported(f"Close: this sentence states {part} of the thesis, “{claim.label}”. "
                                  f"The thesis joins {parts} in one claim.", hint, answer)
        factor = case.factor(ident)
        return _not_supported(f"This sentence is evidence for one factor, “{factor.label}” "
                              f"({_side(case, factor.kind)}): a reason, not the conclusion it supports.", hint, answer)

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


def _mark_items(items: list[Factor], given: Mapping[str, str], own: Callable[[Factor], str],
                readings: Callable[[Factor], tuple[tuple[str, str], ...]], options: set[str]
                ) -> tuple[list[Factor], list[tuple[Factor, str, str]], list[Factor], list[Factor]]:
    """Sort each item's answer into: matches the case's, defensible (with the reading's why), not supported,
    not answered yet."""
    matched, defensible, unsupported, missing = [], [], [], []
    for item in items:
        value = given.get(item.id)
        why = dict(readings(item)).get(value) if isinstance(value, str) else None
        if value not in options:
            missing.append(item)
        elif value == own(item):
            matched.append(item)
        elif why:
            defensible.append((item, value, why))
        else:
            unsupported.append(item)
    return matched, defensible, unsupported, missing


def _item_feedback(n: int, marked: tuple[list, list, list, list], *, defensible_line: Callable[..., str],
                   unsupported_words: str, hint: str, answer: Callable[[list[Factor]], str]) -> Feedback:
    """The feedback on a sort: counts of accepted answers (matching or defensible, with each defensible one's
    reasoning), the count of answers the text does not support (without the answer: that is on request)."""
    matched, defensible, unsupported, missing = marked
    accepted = len(matched) + len(defensible)
    lines = [f"{accepted} of {n} accepted" + (f" ({len(matched)} as the case reads them, {len(defensible)} "
                                               "defensible)" if defensible else "") + "."]
    lines += [_sentence(defensible_line(item, value, why)) for item, value, why in defensible]
    if unsupported:
        lines.append(f"{len(unsupported)} {'is' if len(unsupported) == 1 else 'are'} {unsupported_words}.")
    if missing:
        lines.append(f"{len(missing)} not answered yet.")
    message = " ".join(lines)
    if unsupported:
        return _not_supported(message, hint, answer(unsupported))
    if missing:
        return _unmarked(message, hint)
    return _defensible(message) if defensible else _matches(f"All {n} as the case reads them.")


def _also_accepted(items: list[Factor], readings: Callable[[Factor], tuple[tuple[str, str], ...]],
                   names: Mapping[str, str], shown: Callable[[Factor], str]) -> str:
    """The other answers an item exercise accepts, as Markdown bullets with why."""
    return "\n".join(f"- {shown(item)} → {names[value]}: {why}" for item in items for value, why in readings(item)
                     if value in names)


def _sorting_factors(case: Case, per_kind: int = 4) -> list[Factor]:
    chosen = list(case.factors_of_kind("strength")[:per_kind]) + list(case.factors_of_kind("strain")[:per_kind])
    return sorted(chosen, key=lambda f: _text_order(case, f.quotes[0]))


def _grouped(sequence: list[str]) -> bool:
    """Whether each value of ``sequence`` comes in one unbroken run (as answers sorted by kind do)."""
    runs = [value for index, value in enumerate(sequence) if index == 0 or sequence[index - 1] != value]
    return len(runs) == len(set(runs))


def shuffled_statements(case: Case, factors: list[Factor]) -> list[Factor]:
    """``factors`` in a fixed shuffled order: the same every run (seeded by the case id), not the text's order and,
    when they come from both sides, not grouped by side (so the order gives no answer away).

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> order = [f.kind for f in shuffled_statements(case, _sorting_factors(case))]
    >>> _grouped(order), order == [f.kind for f in shuffled_statements(case, _sorting_factors(case))]
    (False, True)
    """
    order = list(factors)
    for attempt in range(100):
        order = list(factors)
        random.Random(f"{case.id}/sort-statements/{attempt}").shuffle(order)
        kinds = [f.kind for f in order]
        if len(order) < 3 or (order != list(factors) and (len(set(kinds)) < 2 or not _grouped(kinds))):
            break
    return order


def _sort_statements(case: Case) -> Exercise:
    factors = shuffled_statements(case, _sorting_factors(case))
    answer = {f.id: f.kind for f in factors}
    side = {kind: _side(case, kind) for kind in ("strength", "strain")}
    names = {**side, "neither": "neither"}
    claim = {kind: next((c for c in case.claims if c.kind == kind), None) for kind in ("strength", "strain")}
    strong, strained = _claim_label(case, "strength"), _claim_label(case, "strain")
    signposts = [f"{_q(c.quotes[0].text, 120)} opens the case for “{c.label}”" for c in claim.values() if c]
    hint = ("Read each statement where it stands in the text and ask which claim the speaker offers it for. "
            + (f"The speaker signposts the sides: {'; '.join(signposts)}." if signposts else ""))

    def placed(f: Factor, value: str, why: str) -> str:
        return (f"{_q(f.quotes[0].text, 90)}: the speaker offers it for “{_claim_label(case, f.kind)}” "
                f"({side[f.kind]}); your reading, {names[value]}, is defensible: {why}")

    def reveal(wrong: list[Factor]) -> str:
        return " ".join(f"{_q(f.quotes[0].text, 90)}: the speaker offers it for “{_claim_label(case, f.kind)}” "
                        f"({side[f.kind]}), the factor “{f.label}”: {f.summary}" for f in wrong)

    def checker(given: Mapping[str, str]) -> Feedback:
        marked = _mark_items(factors, given, lambda f: f.kind, lambda f: f.kind_readings, set(names))
        return _item_feedback(len(factors), marked, defensible_line=placed,
                              unsupported_words="not where the speaker places them (and the case records no reading "
                                                "that puts them there)", hint=hint, answer=reveal)

    return Exercise(
        id="sort-statements", notebook="02_map_the_argument", title="Sort the statements",
        prompt=(f"Where does the speaker place each statement: as evidence for “{strong}” ({side['strength']}), for "
                f"“{strained}” ({side['strain']}), or for neither?"),
        form="sort", items=tuple((f.id, _q(f.quotes[0].text, 400)) for f in factors),
        options=(("strength", side["strength"]), ("strain", side["strain"]), ("neither", "neither")), answer=answer,
        worked_answer="\n".join(f"- {_q(f.quotes[0].text, 200)} → **{side[f.kind]}**: {f.label}." for f in factors),
        also_accepted=_also_accepted(factors, lambda f: f.kind_readings, names, lambda f: _q(f.quotes[0].text, 90)),
        hint=hint, _checker=checker,
    )


def _evidence_factors(case: Case) -> list[Factor]:
    picked = []
    for kind in ("observed", "hypothesis", "cited"):
        found = [f for f in case.factors if f.evidence == kind]
        if found:
            picked.append(found[0])
    return picked


def _cited_words(case: Case, f: Factor) -> str:
    works = [s for s in case.sources if s.id in f.cites]
    return "; it draws on " + ", ".join(f"{', '.join(w.authors)}, “{w.title}”" for w in works) if works else ""


def _evidence_types(case: Case) -> Exercise:
    factors = _evidence_factors(case)
    answer = {f.id: f.evidence for f in factors}
    hint = ("Look at how the speaker presents it: as something done or said in public that anyone could check, as "
            "their own judgement of what cannot be seen, or as a named analyst's argument.")

    def noted(f: Factor) -> str:
        return f" ({f.evidence_note})" if f.evidence_note else ""

    def defensible_line(f: Factor, value: str, why: str) -> str:
        return (f"“{f.label}”: the case reads it as {_EVIDENCE_SHORT[f.evidence]}{noted(f)}; your reading, "
                f"{_EVIDENCE_SHORT[value]}, is defensible: {why}")

    def reveal(wrong: list[Factor]) -> str:
        return " ".join(f"“{f.label}” is {_EVIDENCE_WORDS[f.evidence]}{_cited_words(case, f)}{noted(f)}."
                        for f in wrong)

    def checker(given: Mapping[str, str]) -> Feedback:
        marked = _mark_items(factors, given, lambda f: f.evidence, lambda f: f.evidence_readings,
                             set(_EVIDENCE_WORDS))
        return _item_feedback(len(factors), marked, defensible_line=defensible_line,
                              unsupported_words="a type the rule does not give (and no reading the case records)",
                              hint=hint, answer=reveal)

    return Exercise(
        id="evidence-types", notebook="02_map_the_argument", title=_TITLES["evidence-types"],
        prompt="What kind of support does the text give each factor: observed, the speaker's judgement, or cited "
               "analysis?",
        form="sort", items=tuple((f.id, f"{f.label}: {_q(f.quotes[0].text, 300)}") for f in factors),
        options=(("observed", "observed"), ("hypothesis", "speaker's judgement"), ("cited", "cited analysis")),
        answer=answer,
        worked_answer="\n".join(f"- “{f.label}” → {_EVIDENCE_WORDS[f.evidence]}{_cited_words(case, f)}{noted(f)}."
                                for f in factors),
        also_accepted=_also_accepted(factors, lambda f: f.evidence_readings, _EVIDENCE_SHORT, lambda f: f"“{f.label}”"),
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
            return _matches(f"Yes: {strength} {result.strength:.2f} and {strain} {result.strain:.2f} land in "
                                  f"{name}. {_cap(strain)} factors you discounted below their default: {names}. "
                                  "In the verdict, say why those deserve less weight.")
        advice = []
        if result.strength < ts:
            advice.append(f"raise {strength} by at least {ts - result.strength:.2f}")
        if result.strain >= tt:
            heavy = ", ".join(f"“{case.factor(fid).label}”" for fid in result.top_factors("strain", 2))
            advice.append(f"lower {strain} by more than {result.strain - tt:.2f} (the heaviest {strain} factors "
                          f"now: {heavy})")
        return _not_supported(f"Your weighting lands in {case.region_label(result.region)} ({strength} "
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
            return _matches(f"Yes: “{case.factor(fid).label}” is the biggest single lever. {outcome(fid)}")
        if fid not in levers:
            return _unmarked("Pick one of the factors listed.", hint)
        return _not_supported(f"“{case.factor(fid).label}” is a smaller lever: pushed to the far end it leaves its "
                              f"side {levers[fid][0]:.2f} from the threshold. Another factor comes closer.", hint,
                              f"The biggest lever is “{case.factor(best).label}”. {outcome(best)}")

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
    tied = [gid for gid in goals if gid != worst and round(effects[gid] - effects[worst], 9) < NEAR_TIE]
    scores = ", ".join(f"“{goals[g].label}” {v:+.1f}" for g, v in effects.items())
    ours = f"These scores are invented: {case.interpretation}"
    hint = "An option that serves one goal well usually costs another: look for the goal it sets back most."
    answer = f"“{option.label}”: {scores}. {ours}"

    def tie_words(gid: str) -> str:
        return (f"“{goals[gid].label}” {effects[gid]:+.1f} against “{goals[worst].label}” {effects[worst]:+.1f}, a gap "
                f"of {effects[gid] - effects[worst]:.1f}, less than the {NEAR_TIE:.1f} within which we count two "
                "scores as tied")

    def checker(gid: str) -> Feedback:
        if gid == worst:
            near = (" Near-tied with it: " + "; ".join(tie_words(g) for g in tied) + ", so that answer would be "
                    "accepted too." if tied else "")
            return _matches(f"Yes. “{option.label}” serves “{goals[best].label}” ({effects[best]:+.1f}) but sacrifices "
                            f"“{goals[worst].label}” ({effects[worst]:+.1f}).{near} {ours}")
        if gid not in goals:
            return _unmarked("Pick one of the goals listed.", hint)
        if gid in tied:
            return _defensible(f"Defensible: by our scores “{option.label}” sets back {tie_words(gid)}. The case's "
                               f"answer is “{goals[worst].label}”, by a margin our own invented numbers cannot "
                               f"settle. {ours}")
        return _not_supported(f"“{option.label}” sets back another goal more than “{goals[gid].label}”.", hint, answer)

    return Exercise(
        id="trilemma-sacrifice", notebook="05_the_trilemma", title=_TITLES["trilemma-sacrifice"],
        prompt=(f"Suppose this option were chosen: “{option.label}”. Which of the "
                f"{_NUMBER_WORDS.get(len(goals), len(goals))} goals does it sacrifice most? (By the lab's scores, "
                f"which are ours, not the text's; goals within {NEAR_TIE:.1f} of each other count as tied.)"),
        form="choice", choices=tuple((g.id, g.label) for g in trilemma.goals), answer=worst,
        worked_answer=(f"“{option.label}”: {scores}. It sacrifices “{goals[worst].label}” most. The text names the "
                       f"goals; the effects are {case.interpretation}."),
        also_accepted="\n".join(f"- “{goals[g].label}”: {tie_words(g)}." for g in tied),
        hint=hint, _checker=checker,
    )


def _duration_quote(factor: Factor) -> Quote:
    """The factor's quote that speaks of time going on (one with "longer" in it), else its first."""
    return next((q for q in factor.quotes if "longer" in q.text.lower()), factor.quotes[0])


def _duration_linked(case: Case) -> Exercise:
    scenario = case.scenario
    assert scenario is not None  # built only for a case with a scenario (see _REQUIREMENTS)
    by_text = [f for f in case.factors if f.duration_linked and f.duration_basis == "text"]
    inferred = [f for f in case.factors if f.duration_linked and f.duration_basis == "inference"]
    labels = {f.id: f.label for f in case.factors}
    clock, name = scenario.clock, _in_sentence(scenario.label)
    hint = (f"Look for the factors whose quotes say they matter more, or less, the longer things go on: the "
            f"scenario's clock counts {clock}.")
    text_ids, inferred_ids = {f.id for f in by_text}, {f.id for f in inferred}

    def text_says(f: Factor) -> str:
        return f"“{f.label}”: {_q(_duration_quote(f).text, 200)}"

    def our_inference(f: Factor) -> str:
        return (f"“{f.label}” is {case.interpreter}'s inference, not the text's: the {name} lets it grow with the "
                f"{clock}, but its words ({_q(f.quotes[0].text, 120)}) do not tie it to how long things go on")

    answer = (f"The text ties {len(by_text)} to the {clock}: " + "; ".join(text_says(f) for f in by_text) + "."
              + (" " + _cap("; ".join(our_inference(f) for f in inferred)) + "." if inferred else ""))

    def checker(given: Any) -> Feedback:
        chosen = set(given)
        found, extra = chosen & text_ids, chosen - text_ids - inferred_ids
        if extra or found != text_ids:
            parts = [f"{len(found)} of your {len(chosen)} choices the text ties to the {clock} in its own words"
                     if chosen else f"You chose none; the text ties {len(text_ids)} to the {clock} in its own words"]
            if text_ids - found and chosen:
                parts.append(f"it ties {len(text_ids - found)} more that you have not chosen")
            if extra:
                parts.append(f"{len(extra)} of your choices the text does not tie to the {clock} at all")
            return _not_supported(_cap("; ".join(parts)) + ".", hint, answer)
        also = [case.factor(fid) for fid in sorted(chosen & inferred_ids, key=list(labels).index)]
        both = f"The text ties these to the {clock}: " + "; ".join(text_says(f) for f in by_text) + "."
        if also:
            return _defensible(f"{both} You also chose {len(also)} that the case's model grows with the {clock}: "
                               + "; ".join(our_inference(f) for f in also) + ". Accepted, as our inference.")
        return _matches(f"Yes: the {len(by_text)} the text ties to the {clock}. {both}"
                        + (" The model also grows " + ", ".join(f"“{f.label}”" for f in inferred)
                           + f", but that is {case.interpreter}'s inference." if inferred else ""))

    return Exercise(
        id="duration-linked", notebook="06_actors_and_regions", title=f"Which factors grow with the {clock}?",
        prompt=(f"Which factors does the text tie to how long things go on, counted in {clock}? (The {name} lets "
                "more factors keep growing than the text itself ties to time: which are the text's own?)"),
        form="choices", choices=tuple((f.id, f.label) for f in case.factors), answer=sorted(text_ids),
        worked_answer=(f"The text ties these to the {clock} in its own words (the {name}'s rule is the package's "
                       "model, not the authors' claim):\n" + "\n".join(f"- {text_says(f)}" for f in by_text)
                       + ("\n\nThe model also grows these, as our inference, not the text's:\n"
                          + "\n".join(f"- {our_inference(f)}." for f in inferred) if inferred else "")),
        also_accepted="\n".join(f"- {our_inference(f)}." for f in inferred),
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


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case, with curly apostrophes made straight.

    >>> _words("The harbour’s “toll”, again!")
    ['the', "harbour's", 'toll', 'again']
    """
    return re.findall(r"[\w']+", text.lower().replace("’", "'").replace("‘", "'"))


def _holds(words: list[str], phrase: list[str]) -> bool:
    """Whether ``phrase`` occurs in ``words`` as an unbroken run."""
    n = len(phrase)
    return n > 0 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def _cites_side(case: Case, kind: str, words: list[str]) -> bool:
    """Whether a text (as words) cites one of ``kind``'s factors: its label, its short label, or at least
    :data:`QUOTED_PHRASE_WORDS` words in a row of one of its quotes."""
    for f in case.factors_of_kind(kind):
        if any(_holds(words, _words(label)) for label in (f.label, f.short_label) if label):
            return True
        for quote in f.quotes:
            q = _words(quote.text)
            if any(_holds(words, q[i:i + QUOTED_PHRASE_WORDS]) for i in range(len(q) - QUOTED_PHRASE_WORDS + 1)):
                return True
    return False


def _verdict_evidence(case: Case) -> Exercise:
    example = assess(case)
    cited_example = [example.top_factors(kind)[0] for kind in ("strength", "strain")]
    model = _model_verdict(case, example, cited_example)
    side = {kind: _side(case, kind) for kind in ("strength", "strain")}
    hint = ("A good verdict names the region your weighting lands in, gives the two or three factors that carry it, "
            "cites each side (a factor by its label, or four or more words quoted from the text), and says which "
            "weight you are least sure of.")

    def checker(answer: Mapping[str, Any]) -> Feedback:
        weights = answer.get("weights")
        if not isinstance(weights, Mapping):
            return _unmarked("This check reads your weighting from the dashboard above: run the dashboard's cell, "
                             "then press Check again.", hint)
        result = assess(case, dict(weights))
        region = case.region_label(result.region)
        words = _words(str(answer.get("text", "")))
        named = [code for code in REGIONS if _holds(words, _words(case.region_label(code)))]
        problems = []
        if result.region not in named:
            others = ", ".join(f"“{case.region_label(code)}”" for code in named)
            problems.append(f"your weighting lands in “{region}”, but your text names {others}: argue for the region "
                            "your weighting gives, or move the sliders to the one you argue for" if named else
                            f"name the region your weighting lands in, in the lab's words: “{region}”")
        for kind in ("strength", "strain"):
            if not _cites_side(case, kind, words):
                problems.append(f"cite the {side[kind]} side: name one of its factors by its label, or quote at "
                                f"least {QUOTED_PHRASE_WORDS} words in a row of the text behind one")
        if len(words) < VERDICT_WORDS:
            problems.append(f"write at least {VERDICT_WORDS} words (you have {len(words)})")
        elif len(set(words)) < VERDICT_DISTINCT_WORDS:
            problems.append(f"argue in your own words: your {len(words)} words hold only {len(set(words))} different "
                            f"ones (at least {VERDICT_DISTINCT_WORDS})")
        if problems:
            return _not_supported("Not yet: " + "; ".join(problems) + ".", hint)
        return _matches(f"Your verdict names “{region}”, the region your weighting gives ({side['strength']} "
                        f"{result.strength:.2f}, {side['strain']} {result.strain:.2f}), cites both sides and argues "
                        f"in {len(set(words))} different words. Check it against the rubric before you submit.")

    return Exercise(
        id="verdict-evidence", notebook="07_your_verdict", title="A verdict that cites its evidence",
        prompt="Write your verdict: the region your weighting lands in, the factors that carry it, a quote from each "
               "side, and the weight you are least sure of.",
        form="verdict", answer={"weights": dict(example.weights), "text": model, "cited": cited_example},
        worked_answer=(f"A model verdict for the default weights ({case.interpreter}'s, one of many good ones):\n\n"
                       f"*{model}*\n\nIt names the region and the margin, cites one quote from each side with its "
                       "factor and evidence type, and says which weight is least certain and what changing it "
                       "would do. See the rubric in lessons/rubric.md."),
        hint=hint, _checker=checker,
    )


_BUILDERS: dict[str, Callable[[Case], Exercise]] = {
    "warm-up": _warm_up, "find-thesis": _find_thesis, "sort-statements": _sort_statements,
    "evidence-types": _evidence_types, "reach-strength-high": _reach_strength_high,
    "nearest-tipping-point": _nearest_tipping_point, "trilemma-sacrifice": _trilemma_sacrifice,
    "duration-linked": _duration_linked, "verdict-evidence": _verdict_evidence,
}


def build_exercises(case: Case) -> dict[str, Exercise]:
    """Every exercise ``case`` supports, by id, in :data:`EXERCISE_IDS` order.

    The ones the case lacks the data for are left out (:func:`unsupported_exercises`).

    >>> from entente_lab import load_case
    >>> list(build_exercises(load_case()))[:3]
    ['warm-up', 'find-thesis', 'sort-statements']
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
        region = case.region_label(assess(case, ex.answer["weights"]).region)
        return (f"For the default weights: the region “{region}”, citing {cited}; the text is the model verdict "
                "below. The check reads the region from the student's own dashboard, so any region is accepted when "
                "the verdict names the one the student's weighting gives.")
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
        f"Produced by `python -m entente_lab.app.answer_key` from the case file (`{case.id}`) and the exercise definitions "
        "in `entente_lab.teaching.exercises`: after an edit of the case file, make it again rather than edit it by hand. "
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
                  "**Answer.**", "", _answer_text(case, ex), ""]
        if ex.also_accepted:
            lines += ["**Also accepted, as defensible.**", "", ex.also_accepted, ""]
        lines += ["**Worked answer.**", "", ex.worked_answer, "",
                  f"**Hint given with an answer the text does not support** (the answer itself only on request). "
                  f"{ex.hint}", ""]
    return "\n".join(lines).rstrip() + "\n"
