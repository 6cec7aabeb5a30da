"""Students build the map: place statements, relate factors, compare with the case's map (three outcomes)."""

from __future__ import annotations

import re

import pytest

from entente_lab import load_case
from entente_lab.case.validate import validate_file
from entente_lab.teaching.mapping import (
    LINK_RELATIONS,
    PLACEMENTS,
    compare_link,
    compare_map,
    compare_statement,
    statements_in_exercise_order,
)

from .conftest import OTHER_CASES, line_of
from .test_case import all_quotes


def _items(case):
    mapping = case.mapping
    return ([(s, s.placement, PLACEMENTS, compare_statement) for s in mapping.statements]
            + [(k, k.relation, LINK_RELATIONS, compare_link) for k in mapping.links])


def test_the_bundled_map_uses_the_passages_the_lab_never_discussed(case):
    quotes = {s.id: s.quote for s in case.mapping.statements}
    assert quotes["schadenfreude"].text == "You saw some schadenfreude in both countries."
    assert quotes["only-they-know"].text.startswith("Obviously, only Putin and Xi know what they said")
    assert quotes["no-limits"].document == "joint-statement"
    for statement in case.mapping.statements:
        q = statement.quote
        assert case.turn(q.turn).text[q.start:q.end] == q.text
    # none of the statements is quoted by a factor, a claim or the thesis (they are new to the students)
    others = [q for q in all_quotes(case) if q not in quotes.values()]
    for q in quotes.values():
        assert not any(o.turn == q.turn and o.start < q.end and q.start < o.end for o in others), q.text


def test_every_reading_gets_one_of_three_outcomes(case):
    """The case's reading matches; each defensible one is a judgement with reasons on both sides; the rest get a hint."""
    for item, own, options, compare in _items(case):
        readings = dict(item.defensible)
        assert compare(case, item, own).outcome == "matches"
        assert item.why in compare(case, item, own).message
        for answer, why in readings.items():
            feedback = compare(case, item, answer)
            assert feedback.outcome == "defensible" and why in feedback.message and item.why in feedback.message
            assert "matter of judgement" in feedback.message
        unsupported = [o for o in options if o != own and o not in readings]
        assert unsupported, f"{item.id}: every reading is defensible, so the exercise cannot teach a difference"
        for answer in unsupported:
            first = compare(case, item, answer)
            assert first.outcome == "not-supported" and first.hint == item.hint and not first.revealed
            assert item.why not in first.message  # a hint first, never the answer
            shown = compare(case, item, answer, reveal=True)
            assert shown.revealed and item.why in shown.message


def test_the_case_reading_is_labelled_as_the_case_authors(case):
    statement = case.mapping.statements[0]
    assert f"{case.interpreter}'s reading" in compare_statement(case, statement, statement.placement).message


def test_the_mapping_texts_quote_the_texts_verbatim(case):
    """Words in curly quotes in a reason or hint are the texts' own (the case file's convention)."""
    words = " ".join(t.text for t in case.all_turns)
    items = [*case.mapping.statements, *case.mapping.links]
    texts = [t for i in items for t in (i.why, i.hint, *(why for _, why in i.defensible))]
    quoted = [q for t in texts for q in re.findall(r"“(.+?)”", " ".join(t.split()))]
    assert len(quoted) > 10
    assert [q for q in quoted if q not in words] == []


def test_statements_come_shuffled_not_in_file_order_and_the_same_every_time(case):
    order = [s.id for s in statements_in_exercise_order(case)]
    assert order == [s.id for s in statements_in_exercise_order(case)]
    assert order != [s.id for s in case.mapping.statements]
    assert sorted(order) == sorted(s.id for s in case.mapping.statements)


def test_an_unknown_answer_is_refused(case):
    with pytest.raises(ValueError, match="a placement is one of strength, strain, neither, not 'both'"):
        compare_statement(case, case.mapping.statements[0], "both")


@pytest.mark.parametrize("name", sorted(OTHER_CASES))
def test_a_case_without_a_mapping_skips_the_exercise_in_one_line(name):
    from entente_lab.widgets import MapBuilder

    other = load_case(OTHER_CASES[name])
    assert other.mapping is None and compare_map(other, {}, {}) == []
    (line,) = MapBuilder(other).children
    assert line.value.count("<p>") == 1 and "no map-building exercise" in line.value


def test_the_widget_compares_and_reveals_only_on_request(case):
    from entente_lab.widgets import MapBuilder

    builder = MapBuilder(case)
    statement = next(s for s in case.mapping.statements if s.id == "schadenfreude")
    builder.placement_menus[statement.id].value = "strain"  # not supported by the text
    assert builder.reveal_button.disabled
    builder.compare_button.click()
    shown = builder.feedback[statement.id].value
    assert "Not supported" in shown and "Hint:" in shown and "as that schadenfreude" in shown
    assert "Why:" not in shown and "because" not in shown
    assert not builder.reveal_button.disabled
    builder.reveal_button.click()
    assert "because" in builder.feedback[statement.id].value
    assert "1 is not supported by the text" in builder.summary.value


@pytest.mark.parametrize(("old", "new", "marker", "message"), [
    ("      factors: [economic-costs, friction-with-west]", "      factors: [economic-costs, friction-with-wset]",
     "friction-with-wset", "mapping link 'one-essay-two-costs' names unknown factor 'friction-with-wset' "
                           "(did you mean 'friction-with-west'?)"),
    ("    - id: bloodless\n      quote: {turn: answer, start: 1490,", "    - id: bloodless\n      quote: {turn: answer, start: 1491,",
     "start: 1491", "quote does not match turn 'answer' at 1491-1614"),
    ("      placement: strain\n      factor: expected-short-war", "      placement: strain\n      factor: expected-short-wars",
     "expected-short-wars", "mapping statement 'bloodless' names unknown factor 'expected-short-wars'"),
    ("      relation: depends\n      why: >-\n        Wyne explains", "      relation: overlap\n      why: >-\n        Wyne explains",
     "overlap: >-\n          The two describe", "'overlap' is the relation of mapping link 'miscalculation-and-dependence' itself"),
])
def test_a_bad_mapping_is_reported_at_its_line(mutated_case, old, new, marker, message):
    path, text = mutated_case(old, new)
    _, problems = validate_file(path)
    (problem,) = [p for p in problems if not p.warning]
    assert message in problem.message
    assert problem.line == line_of(text, marker)
