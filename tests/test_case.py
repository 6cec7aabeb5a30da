"""The loader's contract: typed, frozen, faithful records of the bundled interview."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys

import pytest

import entente_lab

from .bundled_words import find_bundled_words
from .conftest import CAPTURE_FILE, CASE_FILE, OTHER_CASES


def all_quotes(case):
    yield from case.thesis.quotes
    for claim in case.claims:
        yield from claim.quotes
    for factor in case.factors:
        yield from factor.quotes
    for event in case.events:
        yield from event.quotes
    for entry in case.glossary:
        yield from entry.quotes
    if case.trilemma:
        yield from case.trilemma.quotes
        for goal in case.trilemma.goals:
            yield goal.quote
    if case.mapping:
        for statement in case.mapping.statements:
            yield statement.quote


def test_bundled_case_loads_with_its_metadata(case):
    assert case.id == "paradox-russia-china-2022"
    assert case.source.title == "The Paradox of the Russia-China Relationship"
    assert case.source.authors == ("Paul Haenle", "Ali Wyne")
    assert case.source.published == "2022-08-18"
    assert case.source.url == (
        "https://carnegieendowment.org/europe/posts/2022/08/the-paradox-of-the-russia-china-relationship")
    assert "©" in case.source.rights and "Carnegie Endowment" in case.source.rights
    assert "interpretation" in case.source.interpretation


def test_records_are_frozen(case):
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.factors[0].default_weight = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        case.presets[0].weights["russia-beholden"] = 0.0  # type: ignore[index]
    assert isinstance(case.factors, tuple) and isinstance(case.turns, tuple)


def test_interview_has_its_four_parts_in_order(case):
    assert [(t.id, t.speaker, len(t.paragraphs)) for t in case.turns] == [
        ("intro", "editor", 1), ("question", "haenle", 2), ("answer", "wyne", 7), ("closing", "editor", 1)]


def test_every_turn_is_verbatim_from_the_capture(case):
    """Each paragraph is a whole line of the captured page; the first carries the speaker's name."""
    lines = set(CAPTURE_FILE.read_text(encoding="utf-8").split("\n"))
    for turn in case.turns:
        name = case.person(turn.speaker).name
        for number, paragraph in enumerate(turn.paragraphs):
            prefixed = f"{name}: {paragraph}"
            assert paragraph in lines or (number == 0 and prefixed in lines), (turn.id, number)


def test_page_furniture_is_left_out(case):
    text = "\n".join(t.text for t in case.turns)
    for furniture in ("More Work from Carnegie Europe", "Donate", "primaryCenter", "Gender Equality Plan"):
        assert furniture not in text
    assert text.count(". . .") == 3  # the publisher's own cuts are kept


def test_every_quote_is_the_slice_its_offsets_name(case):
    quotes = list(all_quotes(case))
    assert len(quotes) > 30
    for quote in quotes:
        turn = case.turn(quote.turn)
        assert turn.text[quote.start:quote.end] == quote.text
        assert quote.speaker == turn.speaker


def test_factors_cover_both_sides_with_quotes_and_valid_fields(case):
    assert len(case.factors) > 12
    kinds = {f.kind for f in case.factors}
    assert kinds == {"strength", "strain"}
    actor_ids = {a.id for a in case.actors}
    source_ids = {s.id for s in case.sources}
    for factor in case.factors:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", factor.id)
        assert factor.quotes and factor.label and factor.summary
        assert 0.0 <= factor.default_weight <= 1.0
        assert factor.evidence in {"observed", "hypothesis", "cited"}
        assert set(factor.actors) <= actor_ids
        assert set(factor.cites) <= source_ids
        if factor.evidence == "cited":
            assert factor.cites


def test_the_text_ties_some_strains_to_the_war_duration(case):
    linked = [f for f in case.factors if f.duration_linked]
    assert linked and all(f.kind == "strain" for f in linked)
    drags_on = [q for f in linked for q in f.quotes if "drags on" in q.text]
    assert len(drags_on) == 2  # "the longer the war drags on", said twice


def test_evidence_types_follow_the_text(case):
    assert "my hypothesis would be" in case.factor("expected-short-war").quotes[0].text
    assert case.factor("economic-costs").cites == ("yan-2022",)
    assert case.factor("policy-trilemma").cites == ("medeiros-2022",)


def test_actors_and_people_named_in_the_brief_are_present(case):
    names = {a.name for a in case.actors}
    assert {"China", "Russia", "United States", "NATO", "Ukraine", "The West", "India",
            "Central Asia", "Afghanistan"} <= names
    people = {p.name for p in case.people}
    assert {"Paul Haenle", "Ali Wyne", "Yan Xuetong", "Evan Medeiros"} <= people
    assert {r.type for r in case.relations} >= {"partnership", "rivalry", "sphere-of-influence", "war"}


def test_trilemma_goals_are_quoted_and_options_score_every_goal(case):
    trilemma = case.trilemma
    assert trilemma is not None and trilemma.cites == "medeiros-2022"
    assert [g.id for g in trilemma.goals] == ["sovereignty", "partnership", "west"]
    goal_ids = {g.id for g in trilemma.goals}
    assert len(trilemma.options) >= 5
    for option in trilemma.options:
        assert set(option.effects) == goal_ids
        assert all(-1.0 <= v <= 1.0 for v in option.effects.values())


def test_glossary_covers_the_terms_students_trip_on(case):
    terms = {g.term.lower() for g in case.glossary}
    assert {"entente", "no-limits partnership", "trilemma", "war of attrition", "sphere of influence",
            "schadenfreude", "albatross", "belt and road"} <= terms


def test_events_say_whether_the_text_dates_them(case):
    by_id = {e.id: e for e in case.events}
    # the text gives only "February 4": the year is context, and the label says so
    assert by_id["joint-statement"].date == "2022-02-04" and by_id["joint-statement"].dated_by == "context"
    assert "the year is context" in by_id["joint-statement"].label
    # the publication date is printed on the captured page ("Published on Aug 18, 2022")
    capture = CAPTURE_FILE.read_text(encoding="utf-8")
    assert "Published on Aug 18, 2022" in capture and case.source.published == "2022-08-18"
    assert by_id["publication"].date == case.source.published and by_id["publication"].dated_by == "text"
    assert by_id["invasion"].dated_by == "context"  # the text says only "late February"
    assert all(e.dated_by in {"text", "context"} for e in case.events)


def test_presets_are_complete_and_labelled_as_ours(case):
    assert {p.id for p in case.presets} >= {"wyne", "no-limits", "costs-first", "equal"}
    factor_ids = [f.id for f in case.factors]
    for preset in case.presets:
        assert list(preset.weights) == factor_ids  # left-out factors take their default
        assert all(0.0 <= w <= 1.0 for w in preset.weights.values())
    assert case.interpretation == "Entente Lab's interpretation, not the authors' words"
    assert dict(case.preset("wyne").weights) == case.default_weights()


def test_lookups_name_the_known_ids_when_one_is_wrong(case):
    with pytest.raises(KeyError, match="no factor 'energy-deals'.*energy-concessions"):
        case.factor("energy-deals")


def test_content_hash_is_stable_and_changes_with_content(case, mutated_case):
    assert case.content_hash == entente_lab.load_case().content_hash
    path, _ = mutated_case("duration_linked: false\n    default_weight: 0.8", "duration_linked: false\n    default_weight: 0.75")
    assert entente_lab.load_case(path).content_hash != case.content_hash


def test_path_argument_and_environment_variable_choose_the_case(monkeypatch, mutated_case):
    path, _ = mutated_case("id: paradox-russia-china-2022", "id: another-case")
    assert entente_lab.load_case(path).id == "another-case"
    monkeypatch.setenv(entente_lab.CASE_ENV_VAR, str(path))
    assert entente_lab.load_case().id == "another-case"
    monkeypatch.setenv(entente_lab.CASE_ENV_VAR, "")
    assert entente_lab.load_case().id == "paradox-russia-china-2022"


def test_invalid_case_raises_case_error_that_is_a_value_error(mutated_case):
    path, _ = mutated_case("kind: strength\n    label: Russia now", "kind: strenght\n    label: Russia now")
    with pytest.raises(ValueError) as info:
        entente_lab.load_case(path)
    assert isinstance(info.value, entente_lab.CaseError)
    assert "did you mean 'strength'" in str(info.value)


def test_the_same_bytes_load_as_the_same_frozen_records(mutated_case, tmp_path):
    path, text = mutated_case("id: paradox-russia-china-2022", "id: another-case")
    first = entente_lab.load_case(path)
    assert entente_lab.load_case(path) is first
    assert entente_lab.load_case(str(path)) is first  # the same path, given as a string
    twin = tmp_path / "twin.yaml"
    twin.write_text(text, encoding="utf-8")
    other = entente_lab.load_case(twin)
    assert other is not first and other == dataclasses.replace(first, path=os.fspath(twin))  # each file its own path


def test_an_edited_case_file_is_read_and_checked_again(mutated_case):
    path, text = mutated_case("id: paradox-russia-china-2022", "id: another-case")
    first = entente_lab.load_case(path)
    path.write_text(text.replace("id: another-case", "id: edited-case", 1), encoding="utf-8")
    edited = entente_lab.load_case(path)
    assert (first.id, edited.id) == ("another-case", "edited-case")
    path.write_text(text.replace("kind: strength\n    label: Russia now", "kind: strenght\n    label: Russia now"),
                    encoding="utf-8")
    with pytest.raises(entente_lab.CaseError, match="did you mean 'strength'"):
        entente_lab.load_case(path)  # an edit that breaks the file is reported, not hidden by the case kept before


def test_a_case_file_with_problems_reports_them_on_every_load(mutated_case):
    path, text = mutated_case("kind: strength\n    label: Russia now", "kind: strenght\n    label: Russia now")
    messages = []
    for _ in range(3):
        with pytest.raises(entente_lab.CaseError, match="did you mean 'strength'") as info:
            entente_lab.load_case(path)
        messages.append(str(info.value))
    assert len(set(messages)) == 1
    path.write_text(text.replace("kind: strenght\n    label: Russia now", "kind: strength\n    label: Russia now"),
                    encoding="utf-8")
    assert entente_lab.load_case(path).id == "paradox-russia-china-2022"  # fixed: it loads at once


def test_the_records_a_loaded_case_shares_cannot_be_changed(case):
    """Loading the same bytes again returns the same records: nothing a caller can reach in them may change."""
    seen: set[int] = set()

    def walk(value, where):
        if id(value) in seen or isinstance(value, (str, int, float, bool, type(None))):
            return
        seen.add(id(value))
        assert not isinstance(value, (list, dict, set, bytearray)), f"{where} is a mutable {type(value).__name__}"
        if dataclasses.is_dataclass(value):
            assert value.__dataclass_params__.frozen, f"{where} is not frozen"
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name), f"{where}.{item.name}")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        else:
            items = getattr(value, "items", None)
            assert items is not None and not hasattr(value, "__setitem__"), f"{where}: {type(value).__name__}"
            for key, item in items():
                walk(item, f"{where}[{key!r}]")

    walk(case, "case")
    assert len(seen) > 100


def test_bundled_case_is_found_from_any_working_directory(tmp_path):
    code = "import entente_lab; print(entente_lab.load_case().id)"
    env = {k: v for k, v in os.environ.items() if k != entente_lab.CASE_ENV_VAR}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "paradox-russia-china-2022"


def test_case_file_names_its_schema_and_the_schema_is_valid():
    from jsonschema import Draft202012Validator

    from entente_lab.case.validate import case_schema

    first_line = CASE_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=case.schema.json"
    Draft202012Validator.check_schema(case_schema())


# -- how a case shows itself (issue 14) -------------------------------------------------------


def test_repr_is_one_short_line_with_the_counts(case):
    line = repr(case)
    assert "\n" not in line and len(line) < 250  # the dataclass repr was tens of kilobytes
    assert line == (f"<Case {case.id!r}: {case.source.title!r}, {len(case.turns)} turns, {len(case.factors)} factors, "
                    f"{len(case.actors)} actors, {len(case.events)} events, {len(case.presets)} presets>")


def test_the_short_repr_leaves_equality_alone(case):
    case = entente_lab.load_case(CASE_FILE)
    again = dataclasses.replace(case)  # a second record of the same values (loading the same bytes returns the first)
    assert again == case and again is not case
    changed = dataclasses.replace(case, factors=case.factors[:-1])
    assert changed != case and repr(changed) != repr(case)


@pytest.mark.parametrize("name", sorted(OTHER_CASES))
def test_summary_shows_another_case_in_its_own_words_on_one_screen(name):
    other = entente_lab.load_case(OTHER_CASES[name])
    text = other.summary()
    lines = text.splitlines()
    assert lines[0] == other.source.title and len(lines) <= 60
    for factor in other.factors:
        assert f"{factor.default_weight:.2f}  {factor.label}" in text
    for kind in ("strength", "strain"):
        assert f"Factors on the {other.side(kind).label} side ({len(other.factors_of_kind(kind))})" in text
    assert all(preset.label in text for preset in other.presets)
    assert all(f"{code}: {region.label}" in text for code, region in other.plane.regions.items())
    assert all(other.person(turn.speaker).name in lines[4 if other.source.subtitle else 3] for turn in other.turns)
    assert find_bundled_words(text) == []
