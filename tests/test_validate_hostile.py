"""Hostile and careless case files: each gets located one-line problems, never a traceback.

Every test here failed before issue 10 (a traceback, a wrong or missing message, a
file that validated and then broke an output, or unbounded output).
"""

from __future__ import annotations

import errno
import os
import re
import sys

import networkx as nx
import pytest
import yaml

import entente_lab
from entente_lab.app.cli import main
from entente_lab.case.validate import check_case_data, validate_file
from entente_lab.export import to_graphml

from .conftest import CASE_FILE, line_of

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and errors")

#: The number of problems listed for one file (DECIDED in issue 10), then one line counts the rest.
SHOWN = 100
#: Longest message allowed: "one line of about 200 characters".
LONGEST = 240

FACTOR_KIND = "kind: strength\n    label: Russia now"  # the first factor's kind (unique in the file)
FIRST_QUOTE = "{turn: answer, start: 252, end: 330"  # the first factor's quote
EVENT_DATE = '- id: joint-statement\n    date: "2022-02-04"'  # the date is also a cited work's


def problems_of(path):
    _, problems = validate_file(path)
    for problem in problems:
        assert "\n" not in str(problem) and len(problem.message) <= LONGEST, str(problem)[:300]
    return problems


def only_problem(path):
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def assert_case_error(path, pattern: str) -> None:
    with pytest.raises(entente_lab.CaseError) as info:
        entente_lab.load_case(path)
    assert re.search(pattern, str(info.value)), str(info.value)


# ---------------------------------------------------------------- values a tag cannot convert

@pytest.mark.parametrize("value, pattern", [
    ("!!int abc", r"'abc' is not a whole number \(tag !!int\); write a plain number such as 3, or quote it to make it text"),
    ("!!float abc", r"'abc' is not a number \(tag !!float\); write a plain number such as 0\.5, or quote it"),
    ("!!bool maybe", r"'maybe' is not true or false \(tag !!bool\); write true or false, or quote it"),
    ("!!int 0x", r"'0x' is not a whole number \(tag !!int\)"),
    ("!!int ''", r"'' is not a whole number \(tag !!int\)"),
    ("1" * 4301, r"this number is written with 4,301 characters, more than the 40 a case file needs; write a plain number"),
    ("0x" + "f" * 100_000, r"this number is written with 100,002 characters"),
    ("1:" * 20_000 + "1", r"this number is written with 40,001 characters"),  # base 60: quadratic to convert
])
def test_a_value_its_tag_cannot_convert_is_reported_at_its_place(value, pattern, mutated_case):
    path, text = mutated_case("default_weight: 0.8\n    quotes:\n      - " + FIRST_QUOTE,
                              f"default_weight: {value}\n    quotes:\n      - " + FIRST_QUOTE)
    problem = only_problem(path)
    assert (problem.line, problem.column) == (line_of(text, f"default_weight: {value[:20]}"), 21)
    assert re.search(pattern, problem.message), problem.message
    assert_case_error(path, "is not a valid case file")


# ---------------------------------------------------------------- wrong types reach no check of meaning

@pytest.mark.parametrize("value", ["[strength]", "{strength: 1}", "[[a], {b: c}]"])
def test_a_list_or_mapping_where_a_kind_is_expected_is_reported(value, mutated_case):
    path, _ = mutated_case(FACTOR_KIND, FACTOR_KIND.replace("strength", value, 1))
    problem = only_problem(path)
    assert re.search(r"factors\[0\] \(id 'russia-beholden'\)\.kind must be one of 'strength', 'strain', not ", problem.message)
    assert_case_error(path, r"\.kind must be one of")


@pytest.mark.parametrize("old, new", [
    ("  - id: stronger\n    kind: strength", "  - id: stronger\n    kind: [strength]"),
    ("    speaker: wyne", "    speaker: [wyne]"),
    ("term: entente", "term: {a: b}"),
    ("id: paradox-russia-china-2022", "id: [paradox]"),
    ("      india-divergence: 0.1", "      india-divergence: [0.1]"),
])
def test_every_check_of_meaning_skips_a_value_of_the_wrong_type(old, new, mutated_case):
    path, _ = mutated_case(old, new)
    assert problems_of(path), "the schema reports the wrong type"


# ---------------------------------------------------------------- whole numbers

def test_an_offset_written_as_a_float_is_refused_even_with_an_invented_quote(mutated_case):
    path, text = mutated_case(FIRST_QUOTE + ', text: "Russia is by default',
                              "{turn: answer, start: 0.0, end: 330, text: \"Words nobody said")
    problem = only_problem(path)
    assert problem.line == line_of(text, "start: 0.0")
    assert problem.message == ("factors[0] (id 'russia-beholden').quotes[0].start must be a whole number, "
                               "not the number 0.0; write a whole number such as 12")
    assert_case_error(path, r"write a whole number such as 12")


def test_exponent_numbers_yaml_reads_as_text_get_the_plain_form(mutated_case):
    path, _ = mutated_case("default_weight: 0.8\n    quotes:\n      - " + FIRST_QUOTE,
                           "default_weight: 1e-1\n    quotes:\n      - " + FIRST_QUOTE)
    assert only_problem(path).message.endswith("must be a number, not the text '1e-1'; write 0.1 (YAML reads 1e-1 as text)")


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("date", ["2026-02-30", "2022-13-01", "0000-01-01", "2023-02-29"])
def test_a_date_that_does_not_exist_is_refused(date, mutated_case):
    path, text = mutated_case(EVENT_DATE, EVENT_DATE.replace("2022-02-04", date))
    problem = only_problem(path)
    assert problem.line == line_of(text, date)
    assert problem.message == f"events[1] (id 'joint-statement').date is '{date}', which is not a real date; use YYYY-MM-DD"


def test_each_date_field_has_a_date_message_not_an_id_message_or_a_regex(mutated_case, tmp_path, case_text):
    text = case_text.replace('published: "2022-08-18"', 'published: "18 August 2022"')
    text = text.replace(EVENT_DATE, EVENT_DATE.replace("2022-02-04", "2022-2-4"))
    path = tmp_path / "dates.yaml"
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in problems_of(path)]
    assert messages == [
        "source.published is '18 August 2022', not a date; write it as YYYY-MM-DD, such as '2024-01-31'",
        "events[1] (id 'joint-statement').date is '2022-2-4', not a date; write it as YYYY-MM-DD, such as '2024-01-31'",
    ]


def test_a_leap_day_is_a_real_date(mutated_case):
    path, _ = mutated_case(EVENT_DATE, EVENT_DATE.replace("2022-02-04", "2024-02-29"))
    assert problems_of(path) == []


# ---------------------------------------------------------------- characters every output can carry

@pytest.mark.parametrize("label, code, where", [
    (r'"Russia\x07 now"', "control character U+0007", 7),
    (r'"Russia\x85 now"', "control character U+0085", 7),  # C1: YAML's "next line"
    (r'"Russia\e[31m now"', "control character U+001B", 7),  # a terminal escape
    (r'"Russia\x7f now"', "control character U+007F", 7),
    (r'"Russia\uFFFE now"', "noncharacter U+FFFE", 7),
    (r'"Russia\n now"', "a line break (U+000A)", 7),
    (r'"Russia\t now"', "a tab (U+0009)", 7),
])
def test_a_control_character_in_a_label_is_refused_with_its_place(label, code, where, mutated_case):
    path, text = mutated_case("    label: Russia now depends on China\n", f"    label: {label}\n")
    problem = only_problem(path)
    assert problem.line == line_of(text, label)
    assert problem.message.startswith("factors[0] (id 'russia-beholden').label holds ")
    assert code in problem.message and f"at character {where}" in problem.message


def test_a_control_character_in_an_id_or_a_paragraph_is_refused(mutated_case, tmp_path, case_text):
    text = case_text.replace("  - id: russia-beholden\n", '  - id: "russia-beholden\\x00"\n', 1)
    text = text.replace("      - For more than", '      - "For more\\x0b than"', 1) if "      - For more than" in text else text
    path = tmp_path / "controls.yaml"
    path.write_text(text, encoding="utf-8")
    assert any("U+0000" in p.message and "factors[0]" in p.message for p in problems_of(path))


def test_line_breaks_and_tabs_are_allowed_in_prose_and_the_graphml_stays_well_formed(mutated_case):
    old = entente_lab.load_case().factor("russia-beholden").summary  # one plain line in the case file
    new = old.replace(" to China", "\\n\\tto China", 1)  # YAML escapes: a line break and a tab
    assert new != old
    path, _ = mutated_case(f"    summary: {old}\n", f'    summary: "{new}"\n')
    case = entente_lab.load_case(path)
    assert "\n\t" in case.factor("russia-beholden").summary
    graph = nx.parse_graphml(to_graphml(case))
    assert "\n\tto China" in graph.nodes["factor:russia-beholden"]["summary"]


def test_a_lone_surrogate_is_refused_wherever_the_data_came_from(case_text):
    # libyaml refuses a "\udc80" escape itself; data from elsewhere (the pure-Python
    # loader, a caller) is checked too.
    data = yaml.safe_load(case_text)
    data["factors"][0]["label"] = "Russia \udc80 now"
    data["factors"][1]["summary"] = "fine \ud800"
    from entente_lab.case.safe_yaml import Locator

    messages = [p.message for p in check_case_data(data, Locator(), "x.yaml")]
    assert len(messages) == 2
    assert all("lone surrogate" in m and "delete its \\u escape" in m for m in messages), messages


def test_control_characters_made_the_graphml_export_ill_formed(mutated_case):
    """Before: this case validated, and the GraphML it exported could not be read back."""
    path, _ = mutated_case("    label: Russia now depends on China\n", '    label: "Russia\\x0c now"\n')
    assert_case_error(path, r"control character U\+000C")


# ---------------------------------------------------------------- bounded work, bounded output

def test_problems_are_capped_with_one_line_counting_the_rest(tmp_path, case_text):
    extra = "".join(f"  - id: bogus-{i}\n    kind: strength\n" for i in range(300))
    text = case_text.replace("\nfactors:\n", "\nfactors:\n" + extra, 1)
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == SHOWN + 1
    assert [p.line for p in problems[:SHOWN]] == sorted(p.line for p in problems[:SHOWN])
    # 2,100 missing keys: more than the schema errors read, so the count is a lower bound
    last = re.fullmatch(rf"{re.escape(str(path))}: … and (at least )?([\d,]+) more problems not shown", str(problems[-1]))
    assert last and last.group(1) and int(last.group(2).replace(",", "")) >= 800, str(problems[-1])
    with pytest.raises(entente_lab.CaseError) as info:
        entente_lab.load_case(path)
    assert f"(at least {SHOWN + int(last.group(2).replace(',', '')):,} problems)" in str(info.value).splitlines()[0]


def test_empty_items_by_the_thousand_are_refused_by_the_list_limit(tmp_path):
    path = tmp_path / "dashes.yaml"
    path.write_text("format: entente-lab-case/1\nfactors:\n" + "- {}\n" * 40_000, encoding="utf-8")
    assert only_problem(path).message == ("factors has 40,000 items, over the limit of 500; "
                                          "remove some (the other checks run once this is fixed)")


def test_a_file_over_the_value_limit_is_refused_in_one_line(tmp_path):
    from entente_lab.case.safe_yaml import MAX_NODES

    path = tmp_path / "nodes.yaml"
    path.write_text("a:\n" + "- 1\n" * MAX_NODES, encoding="utf-8")
    problem = only_problem(path)  # "a" and its list are two values: the cap is met on line MAX_NODES - 1
    assert problem.line == MAX_NODES - 1 and f"more than {MAX_NODES:,} values" in problem.message


def test_deep_nesting_is_refused_in_one_line_before_it_can_exhaust_the_stack(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 990 + "]" * 990 + "\n", encoding="utf-8")
    problem = only_problem(path)
    assert problem.line == 1 and "nested more than 20 levels deep" in problem.message


def test_a_huge_value_is_never_echoed_whole(tmp_path, case_text):
    huge = "x" * 2_000_000
    text = case_text.replace("kind: strength\n    label: Russia now", f"kind: {huge}\n    label: Russia now", 1)
    text = text.replace("actors: [china, russia, india]", f"actors: [china, russia, {huge}y]", 1)
    path = tmp_path / "huge.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == 3  # the kind, the actor's id (too long), and the unknown actor
    assert sum("(2,000,000 characters)" in p.message or "(2,000,001 characters)" in p.message for p in problems) == 2


def test_unknown_references_by_the_ten_thousand_print_a_bounded_report(tmp_path, case_text, capsys):
    refs = ", ".join(f"nobody-{i}" for i in range(499))
    extra = "".join(f"  - id: extra-{i}\n    actors: [{refs}]\n" for i in range(80))
    path = tmp_path / "refs.yaml"
    path.write_text(case_text.replace("\nfactors:\n", "\nfactors:\n" + extra, 1), encoding="utf-8")
    assert main(["validate", "-q", str(path)]) == 1
    out = capsys.readouterr().out
    assert len(out.splitlines()) == SHOWN + 1 and len(out) < 30_000
    assert re.search(r"… and (at least )?[\d,]+ more problems not shown\n$", out)


def test_duplicate_keys_by_the_thousand_are_counted_not_listed(tmp_path):
    path = tmp_path / "dupes.yaml"
    path.write_text("a: 1\n" * 20_000, encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == SHOWN + 1
    assert sum("duplicate key 'a' (first given on line 1); keep one" in p.message for p in problems) >= SHOWN - 20
    hidden = re.search(r"… and ([\d,]+) more problems not shown$", str(problems[-1]))
    assert hidden and int(hidden.group(1).replace(",", "")) > 19_999 - SHOWN, str(problems[-1])


# ---------------------------------------------------------------- the file system

def test_a_file_in_a_folder_that_cannot_be_searched_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked" / "case.yaml"
    real_stat = os.stat

    def stat(target, *args, **kwargs):  # as an unprivileged user meets a folder without "x" permission
        if os.fspath(target) == os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(target))
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert only_problem(path).message == "cannot be read: permission denied; check the folder's permissions"
    assert_case_error(path, "permission denied")


def test_a_file_that_cannot_be_opened_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "case.yaml"
    path.write_text(CASE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    real_open = os.open

    def fake_open(target, *args, **kwargs):
        if os.fspath(target) == os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(target))
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    assert only_problem(path).message == "cannot be read: permission denied; check the file's permissions"


@needs_posix
def test_a_name_over_255_bytes_is_reported(tmp_path):
    path = tmp_path / ("é" * 200 + ".yaml")  # 405 bytes in UTF-8
    assert only_problem(path).message.startswith("cannot be read: a name in the path is too long")
    assert_case_error(path, "too long")


@needs_posix
def test_a_symbolic_link_loop_is_called_a_loop(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert only_problem(loop).message.startswith("is a symbolic link loop")
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "gone.yaml")
    assert only_problem(dangling).message.startswith("is a symbolic link to a file that does not exist")


@needs_posix
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    assert only_problem(fifo).message == "is a pipe, not a regular file; give the path of a .yaml case file"


def test_a_nul_in_the_path_is_reported():
    assert "NUL" in only_problem("case\0.yaml").message


def test_a_nul_byte_in_the_file_has_a_line_and_column(mutated_case):
    path, text = mutated_case("id: paradox-russia-china-2022", "id: paradox\0-russia-china-2022")
    problem = only_problem(path)
    assert (problem.line, problem.column) == (line_of(text, "\0"), 12)
    assert problem.message == "the file holds the control character U+0000, which YAML does not allow; delete it"


def test_the_problem_that_stops_reading_is_shown_even_after_a_hundred_others(tmp_path):
    path = tmp_path / "dupes-then-bad.yaml"
    path.write_text("a: 1\n" * 500 + "b: [unclosed\n", encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == SHOWN + 1
    assert "YAML syntax error" in problems[-2].message and problems[-2].line == 502
    assert str(problems[-1]).endswith("… and 400 more problems not shown")
