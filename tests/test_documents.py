"""A case holds several documents: the main text and further ones, each quote checked against its own turn's words."""

from __future__ import annotations

import pytest

from entente_lab import load_case
from entente_lab.case.validate import validate_file

from .conftest import CASE_FILE, OTHER_CASES, line_of
from .test_case import all_quotes

JOINT_STATEMENT_FILE = CASE_FILE.parent / "source" / "joint-statement-2022-02-04.txt"


def _errors(path):
    _, problems = validate_file(path)
    return [p for p in problems if not p.warning]


@pytest.mark.parametrize("name", sorted(OTHER_CASES))
def test_a_case_without_documents_keeps_one_main_document(name):
    """Old files name no document: every turn belongs to the main text, described by ``source``."""
    case = load_case(OTHER_CASES[name])
    assert [d.main for d in case.documents] == [True]
    main = case.main_document
    assert main.id == "text" and main.title == case.source.title and main.turns == case.turns
    assert {t.document for t in case.turns} == {"text"}
    assert all(q.document == "text" for q in case.thesis.quotes)


def test_the_bundled_case_holds_the_joint_statement_as_a_second_document(case):
    assert [d.id for d in case.documents] == ["text", "joint-statement"]
    statement = case.document("joint-statement")
    assert statement.published == "2022-02-04" and not statement.main
    assert "CC BY 4.0" in statement.rights and "kremlin.ru" in statement.rights
    assert statement.text_file == "source/joint-statement-2022-02-04.txt"
    # the interview's turns are still "the text": the statement's passages are not among them
    assert [t.id for t in case.turns] == ["intro", "question", "answer", "closing"]
    assert case.turn("js-no-limits").document == "joint-statement"


def test_the_joint_statement_passages_are_the_lines_of_the_stored_text(case):
    """Each passage is one whole line of the stored text, which carries the attribution and licence."""
    stored = JOINT_STATEMENT_FILE.read_text(encoding="utf-8")
    lines = set(stored.split("\n"))
    assert "CC BY 4.0" in stored and "en.kremlin.ru" in stored
    statement = case.document("joint-statement")
    for turn in statement.turns:
        for paragraph in turn.paragraphs:
            assert paragraph in lines, turn.id
    words = " ".join(p for t in statement.turns for p in t.paragraphs)
    assert 'Friendship between the two States has no limits, there are no "forbidden" areas of cooperation' in words
    assert "The sides oppose further enlargement of NATO" in words


def test_no_quote_takes_in_the_labs_own_cut_mark(case):
    """"[…]" is Entente Lab's mark for where a passage stops, never the statement's words."""
    for quote in all_quotes(case):
        if quote.document == "joint-statement":
            assert "[…]" not in quote.text


def test_an_unknown_document_is_reported_at_its_line_with_a_hint(mutated_case):
    path, text = mutated_case("    document: joint-statement\n    paragraphs:\n      - \"Friendship",
                              "    document: joint-statment\n    paragraphs:\n      - \"Friendship")
    (problem,) = _errors(path)
    assert problem.line == line_of(text, "document: joint-statment")
    assert problem.message == ("turn 'js-no-limits' names unknown document 'joint-statment' (did you mean "
                               "'joint-statement'?); known documents: joint-statement, text")


def test_a_quote_of_the_second_document_is_checked_against_its_own_turn(mutated_case, case):
    statement_turn = case.turn("js-no-limits")
    words = "Friendship between the two States has no limits"
    good = f"{{turn: js-no-limits, start: 0, end: {len(words)}, text: \"{words}\"}}"
    assert statement_turn.text.startswith(words)
    # a quote placed in the glossary of the bundled file, one character off
    anchor = "glossary:\n"
    path, text = mutated_case(anchor, anchor)
    bad = good.replace("start: 0", "start: 1").replace(f"end: {len(words)}", f"end: {len(words) + 1}")
    src = text.replace("glossary:\n", "glossary:\n  - term: no limits\n    definition: A test entry.\n"
                                      f"    quotes:\n      - {bad}\n", 1)
    path.write_text(src, encoding="utf-8")
    (problem,) = _errors(path)
    assert problem.message.startswith("quote does not match turn 'js-no-limits' at 1-")
    assert problem.message.endswith(f"the text is found at start: 0, end: {len(words)}")
    path.write_text(src.replace(bad, good), encoding="utf-8")
    assert _errors(path) == []
    assert load_case(path).glossary[0].quotes[0].document == "joint-statement"


def test_a_document_may_not_take_the_main_texts_id(mutated_case):
    path, text = mutated_case("  - id: joint-statement\n    title:", "  - id: text\n    title:")
    messages = [p.message for p in _errors(path)]
    assert ("document id 'text' is the main text's id (source.id, default 'text'); give this document another id"
            in messages)


def test_the_main_text_may_name_its_own_id(mutated_case):
    path, _ = mutated_case("source:\n  title:", "source:\n  id: interview\n  title:")
    case = load_case(path)
    assert case.main_document.id == "interview" and {t.document for t in case.turns} == {"interview"}
    assert case.document_of(case.thesis.quotes[0]).main


def test_a_document_without_turns_is_a_warning_not_an_error(tmp_path, case_text):
    text = case_text.replace("    document: joint-statement\n", "    document: text\n")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "case.schema.json").write_text((CASE_FILE.parent / "case.schema.json").read_text())
    _, problems = validate_file(path)
    assert [p for p in problems if not p.warning] == []
    (warning,) = [p for p in problems if p.warning]
    assert "document 'joint-statement' has no turns" in warning.message
    assert warning.line == line_of(text, "  - id: joint-statement")


def test_a_factor_quoting_the_second_document_exports_in_every_format(tmp_path, case_text):
    """Quotes are ordered over every document's turns (before: a KeyError for a turn outside the main text)."""
    from entente_lab.export import export_text

    words = "The sides oppose further enlargement of NATO"
    anchor = "      - {turn: answer, start: 717, end: 860,"
    text = case_text.replace(anchor, f"      - {{turn: js-nato, start: 0, end: {len(words)}, text: \"{words}\"}}\n" + anchor, 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    assert case.factor("blames-nato").quotes[0].document == "joint-statement"
    for fmt in ("aif", "argdown", "graphml", "csv"):
        assert words in export_text(case, fmt)


def test_the_guides_documents_example_is_valid_and_its_message_is_the_validators(tmp_path):
    """The guide's example, added to an invented case, loads; with the id misspelt, the message is the one it shows."""
    import re

    import yaml

    from entente_lab.case.safe_yaml import Locator
    from entente_lab.case.validate import check_case_data

    guide = (CASE_FILE.parents[1] / "lessons" / "writing_a_case.md").read_text(encoding="utf-8")
    section = guide.split("\n## Several documents", 1)[1].split("\n## ", 1)[0]
    block = yaml.safe_load(re.search(r"```text\n(documents:.*?)```", section, re.S).group(1))
    data = yaml.safe_load(OTHER_CASES["second"].read_text(encoding="utf-8"))
    data["documents"] = block["documents"]
    data["people"].append({"id": "councils", "name": "The two councils"})
    data["turns"].extend(block["turns"])
    assert check_case_data(data, Locator(), "x.yaml") == []
    data["turns"][-1]["document"] = "acord"
    (problem,) = [p for p in check_case_data(data, Locator(), "x.yaml") if not p.warning]
    shown = re.search(r"\(`(turn 'accord-preamble'.*?)`\)", " ".join(section.split())).group(1)
    assert problem.message == shown
