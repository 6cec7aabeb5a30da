"""Every kind of bad case file gets a located, plain-words message; none gets a traceback."""

from __future__ import annotations

import re
import time

import pytest
import yaml

from entente_lab.app.cli import main
from entente_lab.case import safe_yaml
from entente_lab.case.validate import validate_file

from .conftest import CASE_FILE, line_of

# A unique anchor in the last factor (india-divergence), for weight mutations.
INDIA_WEIGHT = "default_weight: 0.5\n    quotes:\n      - {turn: answer, start: 3290"


def problems_of(path):
    _, problems = validate_file(path)
    return problems


def only_problem(path):
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_bundled_case_is_valid():
    assert problems_of(CASE_FILE) == []


# (old text, new text, text that marks the reported line, message pattern)
MUTATIONS = {
    # the parser notices the missing ']' on the next line, and names where the list began
    "yaml syntax": ("  title: The Paradox", "  title: [The Paradox", "subtitle:",
                    r"YAML syntax error: did not find expected ',' or '\]' \(while parsing a flow sequence "
                    r"that starts at line 23, column 10\)"),
    "wrong type": (INDIA_WEIGHT, INDIA_WEIGHT.replace("0.5", "high"), "default_weight: high",
                   r"factors\[18\] \(id 'india-divergence'\)\.default_weight must be a number, not the text 'high'"),
    "missing field": ("  - id: russia-beholden\n    kind: strength\n", "  - id: russia-beholden\n",
                      "- id: russia-beholden", r"factors\[0\] \(id 'russia-beholden'\) is missing the required key 'kind'"),
    "unknown key": ("    label: Russia now depends on China", "    lable: Russia now depends on China",
                    "lable:", r"unknown key 'lable' in factors\[0\].*did you mean 'label'\?"),
    "unknown enum value": ("kind: strength\n    label: Russia now", "kind: strenght\n    label: Russia now",
                           "kind: strenght", r"must be one of 'strength', 'strain', not 'strenght' \(did you mean 'strength'\?\)"),
    "bad id": ("  - id: publication\n", "  - id: Publication Day\n", "id: Publication Day",
               r"not a valid id: use lower-case letters"),
    "dangling reference": ("actors: [china, russia, india]", "actors: [china, russia, inida]", "inida",
                           r"factor 'india-divergence' names unknown actor 'inida' \(did you mean 'india'\?\); known actors: "),
    "quote off its offsets": ("start: 3290, end: 3401", "start: 3291, end: 3402", "start: 3291",
                              r"quote does not match turn 'answer' at 3291-3402 .*the text is found at start: 3290, end: 3401"),
    "offsets outside the turn": ("start: 3290, end: 3401", "start: 3290, end: 9401", "end: 9401",
                                 r"offsets 3290-9401 fall outside turn 'answer', which has \d+ characters"),
    "negative weight": (INDIA_WEIGHT, INDIA_WEIGHT.replace("0.5", "-0.2"), "default_weight: -0.2",
                        r"default_weight is -0.2, below the minimum 0"),
    "weight above one": (INDIA_WEIGHT, INDIA_WEIGHT.replace("0.5", "1.5"), "default_weight: 1.5",
                         r"default_weight is 1.5, above the maximum 1"),
    "NaN weight": (INDIA_WEIGHT, INDIA_WEIGHT.replace("0.5", ".nan"), "default_weight: .nan",
                   r"the default_weight of factor 'india-divergence' is nan, not a number"),
    "preset names unknown factor": ("      india-divergence: 0.1", "      india-divergense: 0.1", "india-divergense",
                                    r"preset 'no-limits' names unknown factor 'india-divergense' \(did you mean 'india-divergence'\?\)"),
    "duplicate YAML key": ("    label: Russia now depends on China",
                           "    label: Russia now depends on China\n    label: again", "label: again",
                           r"duplicate key 'label' \(first given on line \d+\); keep one"),
    "python tag": ("id: paradox-russia-china-2022", "id: !!python/object/apply:os.system ['echo hi']",
                   "!!python", r"unsupported YAML tag '!!python/object/apply:os.system'.*never executed"),
    "evidence reading repeats the factor's own type": (
        "    label: China does not condemn the invasion\n",
        "    label: China does not condemn the invasion\n    evidence_readings: {observed: x}\n",
        "{observed: x}", r"'observed' is this factor's own evidence type; 'evidence_readings' lists only the other types"),
    "side reading repeats the factor's own side": (
        "    label: Russia now depends on China\n", "    label: Russia now depends on China\n    kind_readings: {strength: x}\n",
        "kind_readings", r"'strength' is this factor's own side; 'kind_readings' lists only the other places"),
    "side reading names no side": (
        "    label: Russia now depends on China\n", "    label: Russia now depends on China\n    kind_readings: {stronger: x}\n",
        "kind_readings", r"stronger"),
    "quote in another turn": ("{turn: answer, start: 0, end: 0, text: \"For more",
                              None, None, None),
}


@pytest.mark.parametrize("name", [n for n, m in MUTATIONS.items() if m[1] is not None])
def test_each_defect_is_reported_once_at_its_line(name, mutated_case):
    old, new, marker, pattern = MUTATIONS[name]
    path, text = mutated_case(old, new)
    problem = only_problem(path)
    assert problem.path == str(path)
    assert problem.line == line_of(text, marker), str(problem)
    assert problem.column is not None and problem.column >= 1
    assert re.search(pattern, problem.message), problem.message
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: .+", str(problem))


def test_duplicate_ids_are_reported_with_their_fallout(mutated_case):
    path, text = mutated_case("  - id: driven-into-embrace", "  - id: russia-beholden")
    problems = problems_of(path)
    first = problems[0]
    assert first.line == line_of(text, "  - id: russia-beholden\n    kind: strength\n    label: Russia's")
    assert "duplicate factor id 'russia-beholden' (also factors[0])" in first.message
    # the references to the vanished id are each reported too, not just the first
    assert sum("unknown factor 'driven-into-embrace'" in p.message for p in problems) == 5  # 4, and a mapping link


def test_every_problem_in_a_file_is_collected(mutated_case, tmp_path, case_text):
    text = case_text.replace("actors: [china, russia, india]", "actors: [china, russia, inida]")
    text = text.replace("    label: Russia now depends on China", "    lable: Russia now depends on China")
    text = text.replace("start: 3290, end: 3401", "start: 3291, end: 3402")
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in problems_of(path)]
    assert len(messages) == 3, messages


def test_a_quote_in_the_wrong_turn_names_the_right_turn(mutated_case):
    old = "{turn: answer, start: 3290, end: 3401"
    path, _ = mutated_case(old, "{turn: question, start: 3290, end: 3401")
    assert "the text is in turn 'answer', not 'question'" in only_problem(path).message


def test_a_quote_that_is_not_in_the_text_says_so(mutated_case):
    path, _ = mutated_case("Russia wants to maintain its partnership with India.\"}",
                           "Russia wants to keep its partnership with India.\"}")
    assert "not in the turn at all" in only_problem(path).message


def test_a_factor_kind_can_go_missing_entirely(tmp_path, case_text):
    text = re.sub(r"kind: strain\n    label: (?!The partnership)", "kind: strength\n    label: ", case_text)
    path = tmp_path / "one-sided.yaml"
    path.write_text(text, encoding="utf-8")
    assert any("has no strain factor" in p.message for p in problems_of(path))


def test_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("\n  \n", encoding="utf-8")
    problem = only_problem(path)
    assert "the file is empty" in problem.message


def test_file_that_is_not_utf8_names_the_byte_and_its_place(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: x\nid: caf\xe9\n".encode("latin-1"))
    problem = only_problem(path)
    assert (problem.line, problem.column) == (2, 8)
    assert "not UTF-8" in problem.message and "0xe9" in problem.message


def test_top_level_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert only_problem(path).message == "the top level must be a mapping, not a list"


def test_several_documents_are_refused(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text("a: 1\n---\nb: 2\n", encoding="utf-8")
    problem = only_problem(path)
    assert problem.line == 3 and "several YAML documents" in problem.message


def test_oversized_file_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(safe_yaml.MAX_BYTES + 1)

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an oversized file must be refused before parsing")

    monkeypatch.setattr(safe_yaml.yaml, "compose_all", must_not_parse)
    problem = only_problem(path)
    assert "over the limit of 5,242,880" in problem.message and problem.line is None


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # 9**9 "lol"s if expanded
    started = time.perf_counter()
    problems = problems_of(path)
    elapsed = time.perf_counter() - started
    alias = [p for p in problems if "alias" in p.message]
    assert [p.line for p in alias] == list(range(1, 9))
    assert elapsed < 5, "expanding the aliases would take far longer than this"


def test_python_tags_are_never_executed(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "tag.yaml"
    path.write_text(f"format: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    problems = problems_of(path)
    assert any("unsupported YAML tag" in p.message for p in problems)
    assert not marker.exists()
    with pytest.raises(yaml.YAMLError):  # the unsafe constructor was never in reach
        yaml.safe_load(path.read_text(encoding="utf-8"))


def test_directory_and_missing_path(tmp_path):
    assert "is a directory" in only_problem(tmp_path).message
    assert "no such file" in only_problem(tmp_path / "nope.yaml").message


# ---------------------------------------------------------------- the command line

def test_cli_exit_zero_for_a_valid_file(capsys):
    assert main(["validate", str(CASE_FILE)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "valid" in err


def test_cli_exit_one_with_one_line_per_problem(capsys, tmp_path, mutated_case):
    bad, _ = mutated_case("actors: [china, russia, india]", "actors: [china, russia, inida]")
    missing = tmp_path / "missing.yaml"
    assert main(["validate", "-q", str(CASE_FILE), str(bad), str(missing)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(rf"{re.escape(str(bad))}:\d+:\d+: factor 'india-divergence' names unknown actor 'inida'.*", lines[0])
    assert lines[1] == f"{missing}: no such file; check the path (a case file ends in .yaml)"
    assert "Traceback" not in out + err


@pytest.mark.parametrize("argv", [["validate"], ["validate", "--bogus", "x.yaml"], ["nonsense"]])
def test_cli_usage_errors_exit_two(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err
