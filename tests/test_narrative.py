"""The notebooks' prose fits any case: narrative functions, teaching notes and notebook sources.

Every case-specific sentence of a notebook comes from :mod:`entente_lab.teaching.narrative`,
built from the case; the notebooks' own Markdown and code hold only what is true for
any case. These tests run each narrative function on the three cases (the bundled
interview and the invented cases in tests/cases): no bundled-case word for the
others, the counts stated are the case's, and the optional parts (trilemma, duration
scenario) appear exactly when the case has them.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import io
import json
import re
import subprocess
import sys

import pytest

import entente_lab
from entente_lab.case.vocabulary import TEACHING_NOTE_SLOTS
from entente_lab.teaching import narrative

from .bundled_words import bundled_text_phrases, find_bundled_words
from .conftest import OTHER_CASES, REPO

CASE_FILES = {"bundled": None, **OTHER_CASES}
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module", params=list(CASE_FILES))
def any_case(request) -> tuple[str, entente_lab.Case]:
    return request.param, entente_lab.load_case(CASE_FILES[request.param])


def _outputs(case: entente_lab.Case) -> dict[str, str]:
    """Every narrative function's Markdown for ``case``, by function name."""
    first = case.presets[0]
    return {
        "actors_overview": narrative.actors_overview(case),
        "actors_summary": narrative.actors_summary(case),
        "before_and_now": narrative.before_and_now(case),
        "before_the_text": narrative.before_the_text(case),
        "in_sentence": narrative.in_sentence(case.factors[0].label),
        "preset_positions": narrative.preset_positions(case),
        "scenario_rule": narrative.scenario_rule(case),
        "scoring_rule": narrative.scoring_rule(case),
        "evidence_types": narrative.evidence_types(case),
        "formal_lens_graph": narrative.formal_lens_graph(case),
        "glossary_intro": narrative.glossary_intro(case),
        "overview": narrative.overview(case),
        "parts": "\n".join(f"{p.title} {p.does} {p.minutes}" for p in narrative.parts(case)),
        "people_intro": narrative.people_intro(case),
        "presets": narrative.presets(case),
        "reach_exercise": narrative.reach_exercise(case),
        "reading_summary": narrative.reading_summary(case),
        "regions_table": narrative.regions_table(case),
        "scenario_section": narrative.scenario_section(case),
        "series_map": narrative.series_map(case),
        "skipped_parts": "\n".join(narrative.skipped_parts(case)),
        "sort_intro": narrative.sort_intro(case),
        "sources_intro": narrative.sources_intro(case),
        "starting_reading": narrative.starting_reading(case),
        "tipping_intro": narrative.tipping_intro(case),
        "tipping_summary": narrative.tipping_summary(case, first.weights, reading=first.label),
        "trilemma_options": narrative.trilemma_options(case),
        "trilemma_overview": narrative.trilemma_overview(case),
        "trilemma_summary": narrative.trilemma_summary(case),
        "trilemma_text": narrative.trilemma_text(case),
        "turns_intro": narrative.turns_intro(case),
        "what_is_whose": narrative.what_is_whose(case),
        "whats_next": "\n".join(narrative.whats_next(case, stem) for stem in narrative.SERIES),
        "why_they_disagree": narrative.why_they_disagree(case),
    }


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return int(match.group(1))


# --------------------------------------------------------------------------- every function, every case

def test_the_test_calls_every_narrative_function(case):
    functions = {name for name in narrative.__all__ if callable(getattr(narrative, name)) and name != "Part"}
    assert functions == set(_outputs(case))


@pytest.mark.parametrize("case_name", list(OTHER_CASES))
def test_no_bundled_word_in_the_narrative_of_another_case(case_name):
    case = entente_lab.load_case(OTHER_CASES[case_name])
    hits = {function: find_bundled_words(text) for function, text in _outputs(case).items()}
    assert {function: words for function, words in hits.items() if words} == {}


@pytest.mark.parametrize("case_name", list(OTHER_CASES))
def test_no_phrase_of_the_bundled_text_in_the_narrative_of_another_case(case_name):
    """The prose may not quote the bundled text either (it once glossed "hypothesis" with Wyne's "my hypothesis
    would be…" for every case); a phrase the other case's own file holds is that case's own."""
    own = OTHER_CASES[case_name].read_text(encoding="utf-8")
    case = entente_lab.load_case(OTHER_CASES[case_name])
    hits = {function: bundled_text_phrases(text, own=own) for function, text in _outputs(case).items()}
    assert {function: phrases for function, phrases in hits.items() if phrases} == {}


def test_the_evidence_types_give_an_example_from_the_case(any_case):
    """The judgement line names one of the case's own judgement factors, never one the evidence exercise asks about
    (that would give its answer away), or says the case has none."""
    from entente_lab.teaching import exercises

    _, case = any_case
    text = narrative.evidence_types(case)
    hypotheses = [f for f in case.factors if f.evidence == "hypothesis"]
    asked = set(exercises.exercise(case, "evidence-types").answer) if "evidence-types" in exercises.build_exercises(case) else set()
    assert not [f.label for f in case.factors if f.id in asked and f"“{f.label}”" in text]
    if len(hypotheses) > 1:
        assert f"“{hypotheses[-1].label}”" in text
    elif not hypotheses:
        assert "no factor in this case rests on the speaker's judgement" in text


def test_the_bundled_case_still_says_what_it_is_about(case):
    """Built from the case, the bundled case's prose shows its notes, cited authors and region names where the
    notebooks used to write them by hand."""
    out = _outputs(case)
    for function, slot in [("overview", "about-the-text"), ("turns_intro", "reading-the-text"),
                           ("reading_summary", "thesis-context"), ("trilemma_text", "trilemma"),
                           ("before_the_text", "before-the-text"), ("scenario_section", "scenario")]:
        assert case.note(slot) and case.note(slot) in out[function], slot
    cited = {work.id: work for work in case.sources}
    for factor in case.factors:
        for work_id in factor.cites:
            assert all(author in out["evidence_types"] for author in cited[work_id].authors)
    assert case.region_label("strength-high") in out["reach_exercise"]


def test_the_narrative_is_pure_text():
    """Building every sentence imports neither matplotlib nor the widget stack."""
    code = ("import json, sys; from entente_lab import load_case; from entente_lab.teaching import narrative; case = load_case(); "
            "[getattr(narrative, name)(case) for name in narrative.__all__ "
            " if name not in ('Part', 'SERIES', 'whats_next', 'in_sentence')]; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets', 'IPython'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


# --------------------------------------------------------------------------- the counts are the case's

def test_counts_stated_are_the_cases(any_case):
    _, case = any_case
    out = _outputs(case)
    speakers = {turn.speaker for turn in case.turns}
    assert _number(r"The text has (\d+) turns?", out["turns_intro"]) == len(case.turns)
    assert _number(r"by (\d+) speakers?", out["turns_intro"]) == len(speakers)
    assert _number(r"The text has (\d+) speakers?", out["people_intro"]) == len(speakers)
    named = len(case.people) - len(speakers)
    if named:
        assert _number(r"(\d+) more (?:person|people)", out["people_intro"]) == named
    else:
        assert "no one else is named" in out["people_intro"]
    if case.sources:
        assert _number(r"cites (\d+) works?", out["sources_intro"]) == len(case.sources)
    if case.glossary:
        assert _number(r"These are the (\d+) words?", out["glossary_intro"]) == len(case.glossary)
    for kind in ("strength", "strain"):
        label = case.side(kind).label
        assert _number(rf"(\d+) {label} factors?", out["tipping_intro"]) == len(case.factors_of_kind(kind))
    assert _number(r"involves (\d+) actors?", out["actors_overview"]) == len(case.actors)
    assert _number(r"dates (\d+) events?", out["actors_overview"]) == len(case.events)
    assert _number(r"describes (\d+) relations?", out["actors_overview"]) == len(case.relations)
    assert _number(r"\((\d+) presets?;", out["presets"]) == len(case.presets)
    assert all(f"**{preset.label}**" in out["presets"] for preset in case.presets)
    assert out["series_map"].count("\n| 0") == len(narrative.parts(case)) == 7 - (case.trilemma is None)


def test_the_tipping_summary_says_what_the_tornado_shows(any_case):
    """Not "no single factor can flip it" under a tornado that shows some can: the count is the figure's."""
    from entente_lab.plots.stress import tornado_summary

    _, case = any_case
    for weights in [p.weights for p in case.presets] + [{f.id: 0.5 for f in case.factors}]:
        figure_says = tornado_summary(case, weights)
        prose = narrative.tipping_summary(case, weights)
        if "no single factor" in figure_says:
            assert prose.startswith("No single factor can change the verdict")
        else:
            movable = _number(r"Tipping points: (\d+) of", figure_says)
            assert prose.startswith(f"{movable} of {len(case.factors)} factors can change the verdict")


def test_why_they_disagree_gives_the_formal_lens_numbers(any_case):
    from entente_lab.plots.stress import qbaf_comparison_values

    _, case = any_case
    text = narrative.why_they_disagree(case)
    for preset in case.presets:
        values = qbaf_comparison_values(case, preset.weights)
        row = (f"| {preset.label} | {values['quadratic-energy']['counter-claim']:.2f} | "
               f"{values['df-quad']['counter-claim']:.2f} |")
        assert row in text


# --------------------------------------------------------------------------- optional parts

def test_the_trilemma_part_appears_exactly_when_the_case_has_one(any_case):
    _, case = any_case
    out = _outputs(case)
    has = case.trilemma is not None
    for function in ("trilemma_text", "trilemma_options", "trilemma_summary"):
        assert bool(out[function]) is has, function
    assert ("has no trilemma" in out["trilemma_overview"]) is not has
    assert ("| 05 · The trilemma |" in out["series_map"]) is has
    assert ("05 · The trilemma" in out["skipped_parts"]) is not has
    assert narrative.whats_next(case, "04_stress_test").startswith("**05" if has else "**06")
    if not has:
        assert out["trilemma_overview"].count("\n") == 0  # one line, and nothing else in the notebook
    else:
        assert all(goal.label in out["trilemma_overview"] for goal in case.trilemma.goals)
        assert _number(r"one of the (\d+) options?", out["trilemma_options"]) == len(case.trilemma.options)


def test_the_scenario_part_appears_exactly_when_the_case_has_one(any_case):
    _, case = any_case
    out = _outputs(case)
    has = case.scenario is not None
    assert bool(out["scenario_section"]) is has
    assert ("has no duration scenario" in out["actors_overview"]) is not has
    assert ("duration scenario in **06" in out["skipped_parts"]) is not has
    assert ("tool for thinking" in out["actors_summary"]) is has
    if has:
        linked = [f for f in case.factors if f.duration_linked]
        assert out["scenario_section"].startswith(f"## {case.scenario.label}")
        assert all(f"“{f.label}”" in out["scenario_section"] for f in linked)
        assert case.scenario.clock in out["series_map"]


def test_the_scoring_paragraph_reads_the_reference_event_and_the_dated_factors_from_the_case(any_case):
    _, case = any_case
    text = narrative.scoring_rule(case)
    assert text.startswith("**How the lab scores a weighting**") and "\n" not in text  # one paragraph
    for kind in ("strength", "strain"):
        assert f"{len(case.factors_of_kind(kind))} {case.side(kind).label} factor" in text
    event = case.reference
    if event is None:
        assert "one point on the plane" in text and "Before" not in text and "arrow" not in text
        return
    assert f"**Before {narrative.in_sentence(event.label)} (" in text and "is not a verdict on the relationship then" in text
    dated = case.factors_before_reference()
    if dated:
        assert f"only the {len(dated)} factor" in text
        counts = {kind: sum(f.kind == kind for f in dated) for kind in ("strength", "strain")}
        assert f"({counts['strength']} {case.side('strength').label} and {counts['strain']} {case.side('strain').label} factors)" in text
    else:
        assert "dates none before it" in text
    # the counts are read from the case, not written in: mark one more factor as dated before the event
    undated = next(f for f in case.factors if not f.dated_before_reference)
    more = dataclasses.replace(case, factors=tuple(dataclasses.replace(f, dated_before_reference=True) if f is undated
                                                   else f for f in case.factors))
    assert f"only the {len(dated) + 1} factor" in narrative.scoring_rule(more)


def test_the_scenario_section_states_the_new_rule(any_case):
    _, case = any_case
    text = narrative.scenario_section(case)
    if case.scenario is None:
        assert text == "" and narrative.scenario_rule(case) == ""
        return
    assert narrative.scenario_rule(case) in text
    assert f"The clock starts at {narrative.in_sentence(case.reference.label)}" in text
    assert "*before* point" in text and "*now* point" in text and "count for nothing" not in text
    assert f"by {case.scenario.reference:g} {case.scenario.unit}" in text
    grow = [f for f in case.factors if f.duration_linked and not f.dated_before_reference]
    assert f"only the {len(grow)} factor" in text
    if grow:  # named, but which the text itself ties is the duration exercise's question: not answered above it
        assert narrative._quoted([f.label for f in grow]) in text and "is for you to find" in text
        by_text = [f for f in grow if f.duration_basis == "text"]
        assert "the text itself ties " + narrative._quoted([f.label for f in by_text]) not in text
    # the clock starts at the case's reference event, whatever the old scenario field says
    stale = dataclasses.replace(case, scenario=dataclasses.replace(case.scenario, start_event="no-such-event"))
    assert narrative.scenario_section(stale) == text


def test_before_and_now_and_the_preset_table(any_case):
    _, case = any_case
    line = narrative.before_and_now(case)
    table = narrative.preset_positions(case)
    assert len(table.splitlines()) == 2 + len(case.presets)
    if case.reference is None:
        assert line == "" and "before" not in table
        return
    a = entente_lab.assess(case)
    assert line == (f"{case.side('strength').label} {a.before[0]:.2f} → {a.strength:.2f}, {case.side('strain').label} "
                    f"{a.before[1]:.2f} → {a.strain:.2f} since {narrative.in_sentence(case.reference.label)}")
    for preset in case.presets:
        p = entente_lab.assess(case, preset.weights)
        assert (f"| {preset.label} | {case.side('strength').label} {p.before[0]:.2f}, {case.side('strain').label} "
                f"{p.before[1]:.2f} | {case.side('strength').label} {p.strength:.2f}, ") in table
    assert f"before {case.reference.label}" in narrative.presets(case)


def test_a_teaching_note_the_case_lacks_leaves_no_trace(any_case):
    _, case = any_case
    bare = dataclasses.replace(case, teaching_notes={})
    counted = narrative.before_the_text(bare)  # only the count of factors dated before the reference event, if any
    earlier = bare.factors_before_reference() if bare.reference is not None else ()
    if earlier:
        assert f"dates {len(earlier)} factor" in counted and all(f"“{f.label}”" in counted for f in earlier)
    else:
        assert counted == ""
    assert narrative.before_the_text(dataclasses.replace(bare, reference_event=None)) == ""
    thesis = bare.thesis.quotes[0].text
    # without a note, 00's overview leaves the thesis for 01's exercise; 01's summary (after it) gives it
    assert thesis not in narrative.overview(bare) and "for you to find in notebook 01" in narrative.overview(bare)
    assert thesis in narrative.reading_summary(bare)


def test_every_teaching_note_slot_is_shown_somewhere(case):
    """A slot in TEACHING_NOTE_SLOTS that no narrative function shows would be a promise to case authors not kept."""
    for slot in TEACHING_NOTE_SLOTS:
        marked = dataclasses.replace(case, teaching_notes={slot: f"MARKER {slot}"})
        assert any(f"MARKER {slot}" in text for text in _outputs(marked).values()), slot


# --------------------------------------------------------------------------- the bundled case's notes

def test_the_bundled_case_fills_every_slot_under_a_known_name(case):
    assert set(case.teaching_notes) == set(TEACHING_NOTE_SLOTS)
    assert not [w for w in case.warnings if "teaching note" in w.message]


def test_words_in_curly_quotes_in_the_bundled_notes_are_the_texts(case):
    """“…” in a teaching note marks the text's words: they must be in the text, verbatim."""
    text = "\n".join(turn.text for turn in case.turns).casefold()
    quoted = [q for note in case.teaching_notes.values() for q in re.findall(r"“([^”]+)”", note)]
    assert len(quoted) >= 8
    missing = [q for q in quoted if q.rstrip(".,").casefold() not in text]
    assert missing == []


def test_an_unknown_teaching_note_is_still_reported(mutated_case):
    path, _ = mutated_case("teaching_notes:\n", "teaching_notes:\n  about-the-txt: A note nobody shows.\n")
    warnings = [w for w in entente_lab.load_case(path).warnings if "teaching note" in w.message]
    assert len(warnings) == 1 and "about-the-txt" in warnings[0].message and "about-the-text" in warnings[0].message


# --------------------------------------------------------------------------- the notebooks' own text

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_bundled_word_in_a_notebooks_source(path):
    """The Markdown and code a notebook holds (not its outputs) are true for any case."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    hits = [(index, line, find_bundled_words(line))
            for index, cell in enumerate(notebook["cells"])
            for line in "".join(cell["source"]).splitlines() if find_bundled_words(line)]
    assert hits == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_narrative_call_in_a_notebook_exists(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    called = {name for cell in notebook["cells"] if cell["cell_type"] == "code"
              for name in re.findall(r"narrative\.(\w+)\(", "".join(cell["source"]))}
    assert called <= set(narrative.__all__)


@pytest.fixture(scope="module")
def shown_by():
    """What a notebook's cells show for a case (:func:`_shown`), run once per (notebook, case) in this module.

    The tests only read what was shown: a notebook run for one case serves every test that asks for it.
    """
    runs: dict[tuple[str, str], list[object]] = {}

    def get(stem: str, case_name: str) -> list[object]:
        if (stem, case_name) not in runs:
            with pytest.MonkeyPatch.context() as monkeypatch:
                runs[stem, case_name] = _shown(stem, CASE_FILES[case_name], monkeypatch)
        return runs[stem, case_name]

    return get


def _shown(stem: str, case_file, monkeypatch) -> list[object]:
    """Run a notebook's code cells in this process and return what each cell would show.

    A cell shows the value of its last expression unless it is ``None`` (as IPython
    does), and what it prints.
    """
    if case_file is None:
        monkeypatch.delenv(entente_lab.CASE_ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(entente_lab.CASE_ENV_VAR, str(case_file))
    notebook = json.loads((REPO / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    namespace: dict[str, object] = {}
    shown: list[object] = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(tree, stem, "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), stem, "eval"), namespace) if last else None
        shown += [text for text in [printed.getvalue()] if text] + ([value] if value is not None else [])
    return shown


@pytest.mark.parametrize("case_name", list(CASE_FILES))
def test_notebook_05_shows_one_line_for_a_case_without_a_trilemma(case_name, shown_by):
    case = entente_lab.load_case(CASE_FILES[case_name])
    shown = shown_by("05_the_trilemma", case_name)
    kinds = [type(item).__name__ for item in shown]
    if case.trilemma is None:
        assert kinds == ["Markdown"] and "has no trilemma" in shown[0].data
    else:
        assert kinds == ["Markdown", "Markdown", "Markdown", "TrilemmaExplorer", "ExerciseWidget", "Markdown"]


@pytest.mark.parametrize("case_name", list(CASE_FILES))
def test_notebook_06_has_a_scenario_part_only_for_a_case_with_a_scenario(case_name, shown_by):
    case = entente_lab.load_case(CASE_FILES[case_name])
    kinds = [type(item).__name__ for item in shown_by("06_actors_and_regions", case_name)]
    assert ("DurationScenario" in kinds) is (case.scenario is not None)
    assert kinds.count("ExerciseWidget") == (case.scenario is not None)


@pytest.mark.parametrize("case_name", list(CASE_FILES))
def test_notebook_03_shows_the_scoring_paragraph_and_where_each_preset_stands(case_name, shown_by):
    case = entente_lab.load_case(CASE_FILES[case_name])
    markdown = [item.data for item in shown_by("03_weigh_the_factors", case_name)
                if type(item).__name__ == "Markdown"]
    assert narrative.scoring_rule(case) in markdown and narrative.preset_positions(case) in markdown


def test_notebook_06_restates_the_scoring_paragraph_with_the_scenario(case, shown_by):
    shown = shown_by("06_actors_and_regions", "bundled")
    section = next(item.data for item in shown if type(item).__name__ == "Markdown" and item.data.startswith("## "
                                                                                                             + case.scenario.label))
    assert narrative.scoring_rule(case) in section and narrative.scenario_rule(case) in section
