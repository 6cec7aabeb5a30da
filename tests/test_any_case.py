"""What a course author runs on a case works on every case, and shows only that case's words.

Every case the suite knows (the bundled interview and each invented file in
tests/cases) goes through the exports in every format, the handout, the answer key
and the classroom loop: students' submissions saved with
:func:`entente_lab.save_weighting`, read back, aggregated by ``entente-lab aggregate``
into the HTML report and the CSV. For a case other than the bundled one, nothing
written may hold a word that belongs only to the bundled text (tests/bundled_words.py);
for the bundled case the same scan must find its words, so a scan that reads nothing
cannot pass. The notebooks are tested the same way in tests/test_notebooks_other_case.py.

The package's own source is held to the same rule: a word of the bundled text in
``src/`` is a word that would reach the screen whatever the case.
"""

from __future__ import annotations

import ast
import html
import json
import re

import pytest

from entente_lab import REGIONS, assess, load_case, load_weighting, save_weighting
from entente_lab.app.cli import main as cli_main
from entente_lab.app.handout import main as handout_main
from entente_lab.classroom.aggregate import aggregate
from entente_lab.teaching.exercises import answer_key_markdown

from .bundled_words import bundled_text_phrases, bundled_word_matches, find_bundled_words
from .conftest import ALL_CASES, OTHER_CASES, REPO

#: Every export the command line offers: (format, graph).
EXPORTS = [("aif", None), ("argdown", None), ("graphml", "argument"), ("graphml", "actors"), ("csv", None)]
#: Pictures in base64 (inline ``data:`` URIs in HTML), which hold no readable words.
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
SOURCE = REPO / "src" / "entente_lab"


def readable(text: str) -> str:
    """What a reader sees of a written file: inline pictures dropped, HTML entities decoded."""
    return html.unescape(DATA_URI.sub(" ", text))


def check_words(case_name: str, what: str, text: str) -> None:
    """No bundled-case word in ``text`` for another case; for the bundled case, the scan must see its words."""
    hits = find_bundled_words(readable(text))
    if case_name == "bundled":
        assert hits, f"{what}: the scan found no word of the bundled text in the bundled case's own output"
    else:
        assert not hits, f"{what} for the {case_name} case holds words of the bundled text: {hits}"


@pytest.fixture(scope="module", params=list(ALL_CASES))
def case_name(request) -> str:
    return request.param


# ----------------------------------------------------------------------- the inputs

@pytest.mark.parametrize("name", OTHER_CASES)
def test_the_invented_cases_hold_no_word_of_the_bundled_text(name):
    """The premise of every scan here: a bundled word in another case's output came from the lab, not the case."""
    assert find_bundled_words(OTHER_CASES[name].read_text(encoding="utf-8")) == []


def test_the_cases_differ_in_the_optional_parts():
    """Between them, the invented cases take every optional part both ways (present and missing)."""
    cases = [load_case(path) for path in OTHER_CASES.values()]
    assert {case.trilemma is None for case in cases} == {True, False}
    assert {case.scenario is None for case in cases} == {True, False}
    assert {bool(case.teaching_notes) for case in cases} == {True, False}
    assert {any(f.short_label for f in case.factors) for case in cases} == {True, False}
    long_without_short = [f for case in cases for f in case.factors if len(f.label) > 60 and not f.short_label]
    assert len(long_without_short) >= 3  # the figures' wrapping is tested on real labels


# ---------------------------------------------------------------------- what is written

@pytest.mark.parametrize("fmt, graph", EXPORTS, ids=[f"{f}-{g}" if g else f for f, g in EXPORTS])
def test_export(case_name, fmt, graph, capsys):
    argv = ["export", "--format", fmt, "--case", str(ALL_CASES[case_name])] + (["--graph", graph] if graph else [])
    status = cli_main(argv)
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out.strip()
    if fmt == "aif":  # the JSON escapes non-ASCII letters: read its strings as they are
        out = json.dumps(json.loads(out), ensure_ascii=False)
    check_words(case_name, f"entente-lab export --format {fmt}", out)


def test_handout(case_name, tmp_path, capsys):
    target = tmp_path / "handout.html"
    status = handout_main(["--case", str(ALL_CASES[case_name]), "-o", str(target), "--quiet"])
    out, err = capsys.readouterr()
    assert (status, out, err) == (0, "", "")
    check_words(case_name, "the handout", target.read_text(encoding="utf-8"))


def test_answer_key(case_name, monkeypatch):
    """As ``ENTENTE_LAB_CASE=FILE python -m entente_lab.app.answer_key`` writes it (the guide's command)."""
    monkeypatch.setenv("ENTENTE_LAB_CASE", str(ALL_CASES[case_name]))
    key = answer_key_markdown(load_case())
    assert key.startswith(f"# Answer key: {load_case(ALL_CASES[case_name]).source.title}\n")
    check_words(case_name, "the answer key", key)


# -------------------------------------------------------------------- the classroom loop

def _save_a_class(case, folder) -> list:
    """One submission per preset and one with the default weights, each with a prediction,
    a verdict naming its region, a decisive quote from each side and the scenario's clock."""
    months = case.scenario.reference + 1 if case.scenario is not None else None
    strength, strain = case.factors_of_kind("strength")[0], case.factors_of_kind("strain")[0]
    weightings = [preset.weights for preset in case.presets] + [None]
    paths = []
    for number, weights in enumerate(weightings, start=1):
        region = assess(case, weights, months=months).region
        paths.append(save_weighting(
            case, weights, name=f"Student {number}", folder=folder, prediction=REGIONS[number % len(REGIONS)],
            verdict_text=f"My weighting lands in {case.region_label(region)}.",
            decisive_quotes=[(strength.id, 0), (strain.id, 0)], months=months))
    return paths


def test_save_aggregate_round_trip(case_name, tmp_path, capsys):
    path = ALL_CASES[case_name]
    case = load_case(path)
    folder = tmp_path / "submissions"
    saved = _save_a_class(case, folder)
    for saved_path, weights in zip(saved, [p.weights for p in case.presets] + [case.default_weights()], strict=True):
        submission = load_weighting(saved_path, case=case)
        assert submission.case_id == case.id and submission.weights == dict(weights)

    report_file, csv_file = tmp_path / "report.html", tmp_path / "class.csv"
    status = cli_main(["aggregate", str(folder), "--case", str(path), "-o", str(report_file), "--csv", str(csv_file)])
    printed, err = capsys.readouterr()
    assert (status, err) == (0, "")
    report = aggregate(folder, case=case)
    assert report.n_students == len(saved) and not report.skipped

    page = readable(report_file.read_text(encoding="utf-8"))
    table = csv_file.read_text(encoding="utf-8")
    assert all(f"Student {n}" in table for n in range(1, len(saved) + 1))
    problems = []
    for code, count in report.region_counts.items():
        if not count:
            continue  # every region the class lands in is named in the case's words
        problems += [f"{what} does not name region {code} as the case does ({case.region_label(code)!r})"
                     for what, text in (("the class report", page), ("entente-lab aggregate's lines", printed))
                     if case.region_label(code) not in text]
    for what, text in (("entente-lab aggregate's lines", printed), ("the class report", page), ("the class CSV", table)):
        hits = find_bundled_words(text)
        if case_name == "bundled" and what == "the class report" and not hits:
            problems.append("the scan found no word of the bundled text in the bundled case's class report")
        elif case_name != "bundled" and hits:  # (for the bundled case the lines and CSV hold its words or not, by the weights)
            problems.append(f"{what} for the {case_name} case holds words of the bundled text: {hits}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------- the package itself

def _source_files():
    """Every Python file of the package (the data/ and notebooks/ folders are links to the case and notebooks)."""
    return [path for path in sorted(SOURCE.rglob("*.py")) if path.relative_to(SOURCE).parts[0] not in ("data", "notebooks")]


def bundled_words_by_line(text: str) -> list[tuple[int, list[str], str]]:
    """``(line number, words, line)`` for each line holding a bundled-case word.

    A phrase broken across two lines is found on the line where it starts.

    >>> bundled_words_by_line("x = 1\\n# as Wyne says, the\\n# limited entente")
    [(2, ['Wyne'], '# as Wyne says, the'), (3, ['limited entente'], '# limited entente')]
    """
    lines = text.splitlines()
    found = []
    for index, line in enumerate(lines):
        window = line + " " + (lines[index + 1].lstrip(" #") if index + 1 < len(lines) else "")
        words = sorted({word for start, word in bundled_word_matches(window) if start < len(line)})
        if words:
            found.append((index + 1, words, line))
    return found


def test_the_package_source_holds_no_word_of_the_bundled_text():
    files = _source_files()
    assert SOURCE / "analysis" / "model.py" in files and not any("data" in p.relative_to(SOURCE).parts[:1] for p in files)
    hits = [f"src/entente_lab/{path.relative_to(SOURCE).as_posix()}:{number}: {words}: {line.strip()[:120]}"
            for path in files for number, words, line in bundled_words_by_line(path.read_text(encoding="utf-8"))]
    assert not hits, f"{len(hits)} line(s) of src/ hold words of the bundled text (they belong in data/):\n" + "\n".join(hits)


def _screen_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, text)`` of every string constant of a module except docstrings (examples run on the bundled case)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_the_package_source_quotes_no_phrase_of_the_bundled_text():
    """A string the package may put on screen holds no run of words from the bundled text's turns.

    Before the fix, notebook 02 glossed "hypothesis" for every case with Wyne's words, "my hypothesis would be…".
    """
    hits = [f"src/entente_lab/{path.relative_to(SOURCE).as_posix()}:{line}: {phrases}"
            for path in _source_files()
            for line, text in _screen_strings(ast.parse(path.read_text(encoding="utf-8")))
            if (phrases := bundled_text_phrases(text))]
    assert not hits, "strings in src/ quote the bundled text (they belong in data/):\n" + "\n".join(hits)


# ------------------------------------------------------------- what a case edit does to saved work

def test_an_edit_of_the_scenario_reference_changes_the_scoring_fingerprint(tmp_path):
    """The score of work saved with the scenario's clock set depends on ``scenario.reference``: an edit of
    it must not pass for "the scoring is the same" (lessons/writing_a_case.md says it orphans saved work)."""
    from entente_lab.analysis.model import scoring_fingerprint

    text = OTHER_CASES["second"].read_text(encoding="utf-8")
    assert text.count("\n  reference: 4\n") == 1
    edited = tmp_path / "second.yaml"
    edited.write_text(text.replace("\n  reference: 4\n", "\n  reference: 2\n"), encoding="utf-8")
    before, after = load_case(OTHER_CASES["second"]), load_case(edited)
    assert assess(before, months=8).strain != assess(after, months=8).strain  # the same saved work scores differently
    assert scoring_fingerprint(before) != scoring_fingerprint(after)
