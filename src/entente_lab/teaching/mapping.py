"""The map-building exercise: students build the map, then compare it with the case's, difference by difference.

Students attach statements from the text to the claims themselves (the strength
claim, the strain claim, or neither) and say how pairs of factors hang together
(they overlap, one depends on the other, or they are independent). Each answer gets
one of three outcomes, from the case file's ``mapping`` section:

- ``matches``: the case's own reading, with its reason;
- ``defensible``: another reading the case lists as defensible: a matter of judgement,
  so the feedback gives the reasoning on both sides, never "wrong";
- ``not-supported``: a reading the text does not support: first a hint, and the
  case's reading only when the student asks for it (``reveal``).

Everything a student reads comes from the case (its claims, factor labels, reasons and
hints); the case's readings are its author's interpretation, and the feedback says so.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..case.records import Case, FactorLink, MapStatement

__all__ = [
    "LINK_RELATIONS", "OUTCOMES", "PLACEMENTS", "MapFeedback", "compare_link", "compare_map", "compare_statement",
    "link_words", "map_summary", "placement_words", "statements_in_exercise_order",
]

#: Where a statement can go: the claim of one side, or neither claim.
PLACEMENTS: tuple[str, ...] = ("strength", "strain", "neither")
#: How two factors can hang together: ``depends`` reads "the first depends on the second".
LINK_RELATIONS: tuple[str, ...] = ("overlap", "depends", "independent")
#: The outcomes of one comparison, and ``unanswered`` for an answer not given yet.
OUTCOMES: tuple[str, ...] = ("matches", "defensible", "not-supported", "unanswered")


@dataclass(frozen=True)
class MapFeedback:
    """The comparison of one answer with the case's map.

    ``item`` is the statement's or link's id; ``outcome`` one of :data:`OUTCOMES`;
    ``message`` what the student reads; ``hint`` the case's hint (``not-supported``
    only); ``revealed`` whether ``message`` gives the case's reading of a
    ``not-supported`` answer.
    """

    item: str
    outcome: str
    message: str
    hint: str = ""
    revealed: bool = False


def placement_words(case: Case, placement: str) -> str:
    """What a placement is called: the claim of that side, as the case words it, or "Neither claim".

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> placement_words(case, "strength") == next(c.label for c in case.claims if c.kind == "strength")
    True
    >>> placement_words(case, "neither")
    'Neither claim'
    """
    if placement == "neither":
        return "Neither claim"
    return next(c.label for c in case.claims if c.kind == placement)


def link_words(case: Case, link: FactorLink, relation: str) -> str:
    """A relation between the link's two factors, in words, with the factors' labels.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> link = case.mapping.links[0]
    >>> first, second = (case.factor(f).label for f in link.factors)
    >>> link_words(case, link, "depends") == f"“{first}” depends on “{second}”"
    True
    """
    first, second = (case.factor(f).label for f in link.factors)
    return {"overlap": f"“{first}” and “{second}” overlap: one piece of evidence counted twice",
            "depends": f"“{first}” depends on “{second}”",
            "independent": f"“{first}” and “{second}” are independent"}[relation]


def _compare(case: Case, item: MapStatement | FactorLink, own: str, answer: str | None, words, *,
             reveal: bool) -> MapFeedback:
    ours = f"{case.interpreter}'s reading"
    if answer is None:
        return MapFeedback(item.id, "unanswered", "Not answered yet.")
    if answer == own:
        return MapFeedback(item.id, "matches", f"Matches {ours}: {words(own)}. Why: {item.why}")
    readings = dict(item.defensible)
    if answer in readings:
        return MapFeedback(item.id, "defensible",
                           f"Defensible, a matter of judgement. For your reading ({words(answer)}): {readings[answer]} "
                           f"{ours}: {words(own)}, because {item.why}")
    message = "The text does not support this reading."
    if reveal:
        return MapFeedback(item.id, "not-supported", f"{message} {ours}: {words(own)}, because {item.why}",
                           hint=item.hint, revealed=True)
    return MapFeedback(item.id, "not-supported", f"{message} Look again, with the hint.", hint=item.hint)


def compare_statement(case: Case, statement: MapStatement, answer: str | None, *, reveal: bool = False) -> MapFeedback:
    """Compare where a student put a statement (one of :data:`PLACEMENTS`, or ``None``) with the case's map.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> statement = case.mapping.statements[0]
    >>> compare_statement(case, statement, statement.placement).outcome
    'matches'
    >>> other = next(p for p, _ in statement.defensible)
    >>> compare_statement(case, statement, other).outcome
    'defensible'
    >>> wrong = next(p for p in PLACEMENTS if p != statement.placement and p not in dict(statement.defensible))
    >>> first = compare_statement(case, statement, wrong)
    >>> first.outcome, first.hint == statement.hint, statement.why in first.message
    ('not-supported', True, False)
    >>> statement.why in compare_statement(case, statement, wrong, reveal=True).message
    True
    """
    if answer is not None and answer not in PLACEMENTS:
        raise ValueError(f"a placement is one of {', '.join(PLACEMENTS)}, not {answer!r}")
    return _compare(case, statement, statement.placement, answer, lambda p: placement_words(case, p), reveal=reveal)


def compare_link(case: Case, link: FactorLink, answer: str | None, *, reveal: bool = False) -> MapFeedback:
    """Compare how a student related two factors (one of :data:`LINK_RELATIONS`, or ``None``) with the case's map.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> link = case.mapping.links[0]
    >>> compare_link(case, link, link.relation).outcome
    'matches'
    """
    if answer is not None and answer not in LINK_RELATIONS:
        raise ValueError(f"a relation is one of {', '.join(LINK_RELATIONS)}, not {answer!r}")
    return _compare(case, link, link.relation, answer, lambda r: link_words(case, link, r), reveal=reveal)


def compare_map(case: Case, placements: dict[str, str | None], relations: dict[str, str | None], *,
                reveal: bool = False) -> list[MapFeedback]:
    """Every difference between a student's map and the case's: statements first, then links, in file order.

    ``placements`` and ``relations`` map item ids to answers (a missing id is unanswered).

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> mine = {s.id: s.placement for s in case.mapping.statements}
    >>> sorted({f.outcome for f in compare_map(case, mine, {})})
    ['matches', 'unanswered']
    """
    if case.mapping is None:
        return []
    return ([compare_statement(case, s, placements.get(s.id), reveal=reveal) for s in case.mapping.statements]
            + [compare_link(case, k, relations.get(k.id), reveal=reveal) for k in case.mapping.links])


def map_summary(feedback: list[MapFeedback]) -> str:
    """One sentence counting the outcomes.

    >>> map_summary([MapFeedback("a", "matches", ""), MapFeedback("b", "defensible", ""),
    ...              MapFeedback("c", "not-supported", ""), MapFeedback("d", "unanswered", "")])
    "1 of 4 matches the case's map; 1 is another defensible reading; 1 is not supported by the text (see the hint); 1 is not answered yet."
    """
    count = {outcome: sum(f.outcome == outcome for f in feedback) for outcome in OUTCOMES}
    parts = [f"{count['matches']} of {len(feedback)} {'matches' if count['matches'] == 1 else 'match'} the case's map"]
    if count["defensible"]:
        parts.append(f"{count['defensible']} {'is' if count['defensible'] == 1 else 'are'} another defensible reading")
    if count["not-supported"]:
        parts.append(f"{count['not-supported']} {'is' if count['not-supported'] == 1 else 'are'} not supported by the "
                     "text (see the hint)")
    if count["unanswered"]:
        parts.append(f"{count['unanswered']} {'is' if count['unanswered'] == 1 else 'are'} not answered yet")
    return "; ".join(parts) + "."


def statements_in_exercise_order(case: Case) -> tuple[MapStatement, ...]:
    """The statements shuffled with a seed made from the case id: the same order every run, not the file's.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> sorted(s.id for s in statements_in_exercise_order(case)) == sorted(s.id for s in case.mapping.statements)
    True
    """
    if case.mapping is None:
        return ()
    statements = list(case.mapping.statements)
    random.Random(f"map:{case.id}").shuffle(statements)
    return tuple(statements)
