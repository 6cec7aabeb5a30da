"""Keep the instructor's lessons honest: what they name exists, their timings add up, their quotes are verbatim."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from entente_lab import load_case

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
NOTEBOOKS = ROOT / "notebooks"
#: The notebook series as the lessons name it (PRODUCT.md); a bare name may refer to one not written yet.
SERIES = {"00_start_here", "01_read_the_interview", "02_map_the_argument", "03_weigh_the_factors",
          "04_stress_test", "05_the_trilemma", "06_actors_and_regions", "07_your_verdict", "class_dashboard"}
PLANS = {"seminar_50.md": 50, "seminar_90.md": 90}
#: Hand-written files whose “curly-quoted” passages must be the text's words (answer_key.md is generated).
HAND_WRITTEN = ["README.md", "seminar_50.md", "seminar_90.md", "rubric.md", "launching.md", "writing_a_case.md"]
MD_FILES = sorted(p.name for p in LESSONS.glob("*.md"))


def _read(name: str) -> str:
    return (LESSONS / name).read_text(encoding="utf-8")


def _code(text: str) -> list[str]:
    """Fenced code blocks and inline code spans."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M))
    return fenced + inline


def test_every_expected_file_is_there():
    for name in [*HAND_WRITTEN, "answer_key.md"]:
        assert (LESSONS / name).is_file(), name


@pytest.mark.parametrize("name", MD_FILES)
def test_notebooks_named_exist_or_belong_to_the_series(name):
    text = _read(name)
    for path in re.findall(r"notebooks/([\w.-]+\.ipynb)", text):
        assert (NOTEBOOKS / path).is_file(), f"{name} names notebooks/{path}, which does not exist"
    on_disk = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    for stem in re.findall(r"\b(\d\d_[a-z][a-z_]*[a-z]|class_dashboard)\b", text):
        assert stem in SERIES or stem in on_disk, f"{name} names notebook {stem!r}, which is not in the series"


@pytest.mark.parametrize("name, total", sorted(PLANS.items()))
def test_timings_are_contiguous_and_add_up(name, total):
    rows = re.findall(r"^\|\s*(\d+)\s*[–-]\s*(\d+)\s*\|\s*(\d+)\s*\|", _read(name), flags=re.M)
    assert rows, f"{name} has no timing table (rows like '| 0–5 | 5 | ...')"
    clock = 0
    for start, end, minutes in rows:
        start, end, minutes = int(start), int(end), int(minutes)
        assert start == clock, f"{name}: a row starts at {start}, but the one before ends at {clock}"
        assert end - start == minutes, f"{name}: {start}–{end} is not {minutes} minutes"
        clock = end
    assert clock == total
    assert sum(int(m) for _, _, m in rows) == total


@pytest.fixture(scope="module")
def subcommands() -> set[str]:
    result = subprocess.run([sys.executable, "-m", "entente_lab.app.cli", "--help"], capture_output=True,
                            text=True, check=True)
    section = result.stdout.split("positional arguments:", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^ {4}([a-z][a-z-]*)\s", section, flags=re.M))


def test_help_lists_the_known_commands(subcommands):
    assert {"lab", "validate", "export"} <= subcommands


@pytest.mark.parametrize("name", MD_FILES)
def test_every_command_mentioned_exists(name, subcommands):
    mentioned = set()
    for code in _code(_read(name)):
        mentioned |= set(re.findall(r"\bentente-lab[ \t]+([a-z][a-z-]*)", code))
    missing = sorted(mentioned - subcommands)
    assert not missing, f"{name} mentions `entente-lab {missing[0]}`, not in `entente-lab --help`: {sorted(subcommands)}"


@pytest.mark.parametrize("name", MD_FILES)
def test_every_python_module_command_runs(name):
    for module in set(re.findall(r"python -m (entente_lab(?:\.\w+)*)", _read(name))):
        spec = importlib.util.find_spec(module)
        assert spec is not None, f"{name}: python -m {module}: no such module"
        assert "__main__" in Path(spec.origin).read_text(encoding="utf-8"), f"{name}: {module} cannot be run"


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_curly_quotes_are_verbatim(name):
    case = load_case()
    words = " ".join(" ".join(turn.paragraphs) for turn in case.all_turns)  # the interview and the case's other documents
    words = re.sub(r"\s+", " ", words)
    for quoted in re.findall(r"“([^”]+)”", _read(name)):
        for part in re.sub(r"\s+", " ", quoted.replace("> ", "")).split("…"):
            part = part.strip()
            if part:
                assert part in words, f"{name}: “{part}” is not in the interview, verbatim"


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_links_between_lessons_resolve(name):
    for target in re.findall(r"\]\(([^)#:]+\.md)\)", _read(name)):
        assert (LESSONS / target).is_file(), f"{name} links to {target}, which does not exist"


# ------------------------------------------------------------ the course author's guide

GUIDE = "writing_a_case.md"
GUIDE_EXAMPLE = ROOT / "tests" / "cases" / "guide_example.yaml"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", flags=re.S | re.M)
_GUIDE_CHECK = re.compile(r'<!-- guide-check: validate the finished file without the line "(.*?)" -->\n```text\n(.*?)```',
                          flags=re.S)
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]


def _worked_example() -> str:
    return _section(_read(GUIDE), "A worked example")


def _steps() -> list[str]:
    """The worked example's YAML blocks, in order: each is added to the end of the file."""
    return [body for kind, body in _FENCE.findall(_worked_example()) if kind == "yaml"]


def _guide_case() -> str:
    return "\n".join(_steps())


def _command_words(line: str) -> tuple[dict[str, str], list[str]]:
    """A command line as ``(environment assignments, words)``."""
    words = shlex.split(line)
    env = {}
    while words and _ENV.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    return env, words


def _commands(text: str) -> list[str]:
    return [line.strip() for kind, body in _FENCE.findall(text) if kind == "bash"
            for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _starts_the_lab(words: list[str]) -> bool:
    return words[:1] == ["entente-lab"] and (len(words) == 1 or words[1] == "lab" or words[1].startswith("-"))


def _validate_output(folder: Path, argv: list[str], capsys, monkeypatch) -> tuple[int, str]:
    """``entente-lab ARGV`` run in ``folder``, as a terminal shows it: standard output, then standard error."""
    from entente_lab.app.cli import main

    monkeypatch.chdir(folder)
    capsys.readouterr()
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out + err


def test_the_guide_example_is_the_case_in_tests_cases():
    """The worked example's blocks, put together, are tests/cases/guide_example.yaml below its comment lines,
    so every test that runs on the cases in tests/cases (every notebook among them) runs on the guide's example."""
    lines = GUIDE_EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(lines[next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")):])
    assert len(_steps()) >= 9
    assert _guide_case() == body


def test_the_guide_example_runs_step_by_step(tmp_path, capsys, monkeypatch):
    """Do what the guide says, in order: add each block to grounds.yaml, run each command after it, and
    compare with the output the guide shows. ``entente-lab validate`` runs in this process; the other
    commands run in a shell, as typed, in the example's folder (the lab itself is only parsed: it starts
    a server)."""
    from entente_lab.app.cli import build_parser

    case_file = tmp_path / "grounds.yaml"
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    shell_env = {**{k: v for k, v in os.environ.items() if k != "ENTENTE_LAB_CASE"}, "PATH": path}
    blocks = _FENCE.findall(_worked_example())
    steps = output = status = None
    ran = []
    for index, (kind, body) in enumerate(blocks):
        if kind == "yaml":
            steps = (steps + "\n" if steps else "") + body
            case_file.write_text(steps, encoding="utf-8")
        elif kind == "text":
            assert blocks[index - 1][0] == "bash", f"block {index}: an output block must follow a command"
            assert output == body, f"the guide shows for block {index - 1}:\n{body}\nbut the command prints:\n{output}"
            errors = [line for line in body.splitlines() if re.match(r"grounds\.yaml:\d+:\d+: (?!warning:)", line)]
            assert status == (1 if errors else 0)
        elif kind == "bash":
            for line in _commands(f"```bash\n{body}```"):
                env, words = _command_words(line)
                ran.append(line)
                if _starts_the_lab(words):
                    args = build_parser().parse_args(words[1:])  # a usage error raises SystemExit
                    assert env == {"ENTENTE_LAB_CASE": "grounds.yaml"} and getattr(args, "command", None) in (None, "lab")
                    assert "grounds.yaml" in os.listdir(tmp_path)
                elif words[:2] == ["entente-lab", "validate"] and not env:
                    status, output = _validate_output(tmp_path, words[1:], capsys, monkeypatch)
                else:
                    result = subprocess.run(line, shell=True, cwd=tmp_path, env=shell_env, capture_output=True,
                                            text=True, timeout=300)
                    assert result.returncode == 0, f"{line}\n{result.stderr}"
                    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, f"{line}\n{result.stderr}"
                    status, output = result.returncode, result.stdout + result.stderr
    assert sum("validate" in line for line in ran) >= 9 and any("aggregate" in line for line in ran)
    written = {p.name: p.stat().st_size for p in tmp_path.iterdir() if p.is_file()}
    for name in ("grounds_answer_key.md", "grounds_handout.html", "grounds.argdown", "grounds_factors.csv",
                 "class_report.html", "class_weights.csv"):
        assert written.get(name), f"the guide's commands did not write {name}"
    assert len(list((tmp_path / "demo-class").glob("*.json"))) == 12


def test_the_guide_shows_the_label_length_warning_as_the_validator_writes_it(tmp_path, capsys, monkeypatch):
    checks = _GUIDE_CHECK.findall(_read(GUIDE))
    assert checks, "writing_a_case.md shows no guide-check output"
    for line, shown in checks:
        finished = _guide_case()
        assert finished.count(line + "\n") == 1, f"the guide's example has no line {line!r}"
        (tmp_path / "grounds.yaml").write_text(finished.replace(line + "\n", ""), encoding="utf-8")
        _, output = _validate_output(tmp_path, ["validate", "grounds.yaml"], capsys, monkeypatch)
        assert output == shown


def test_every_entente_lab_command_in_the_guide_parses():
    from entente_lab.app.cli import build_parser

    commands = [_command_words(line) for line in _commands(_read(GUIDE))]
    commands = [words for _, words in commands if words[:1] == ["entente-lab"]]
    assert len(commands) >= 10
    for words in commands:
        try:
            build_parser().parse_args(words[1:])
        except SystemExit as stop:  # argparse's usage error
            pytest.fail(f"writing_a_case.md: `{' '.join(words)}` does not parse (exit {stop.code})")


def test_the_guide_lists_every_teaching_note_place():
    from entente_lab.case.vocabulary import TEACHING_NOTE_SLOTS

    rows = re.findall(r"^\| `([a-z-]+)` \| (.*?) \|$", _section(_read(GUIDE), "Teaching notes"), flags=re.M)
    assert dict(rows) == dict(TEACHING_NOTE_SLOTS)


def test_the_guide_states_the_neutral_words_and_the_label_length():
    from entente_lab.case import vocabulary

    text = _read(GUIDE)
    words = [vocabulary.DEFAULT_PLANE_TITLE, vocabulary.DEFAULT_SUBJECT, vocabulary.DEFAULT_INTERPRETER,
             vocabulary.DEFAULT_COUNTER_CLAIM["label"]]
    words += [side[key] for side in vocabulary.DEFAULT_SIDE_WORDS.values() for key in ("label", "heading")]
    words += [region[key] for region in vocabulary.DEFAULT_REGION_WORDS.values() for key in ("label", "meaning")]
    missing = [word for word in words if f'"{word}"' not in text]
    assert not missing, f"writing_a_case.md does not give the lab's neutral words: {missing}"
    assert f"about {vocabulary.FIGURE_LABEL_CHARS} characters" in text
    assert all(f"`{code}`" in text for code in vocabulary.REGIONS)


def test_the_guide_describes_every_section_of_the_schema():
    from entente_lab.case.validate import case_schema

    table = _section(_read(GUIDE), "Every section and what it changes on screen").split("\n### ", 1)[0]
    described = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))
    assert described == set(case_schema()["properties"])


def test_second_case_the_lessons_point_at_exists():
    assert "tests/cases/second.yaml" in _read("writing_a_case.md")
    assert (ROOT / "tests" / "cases" / "second.yaml").is_file()


# ----------------------------------------------------------------- naming through the case

#: The instructor's pages that must name the bundled case only where they say so.
GENERIC_PAGES = ["README.md", "rubric.md", "seminar_50.md", "seminar_90.md", "launching.md"]
_MARK = "bundled interview"


def _blocks_outside_the_bundled_sections(text: str) -> list[str]:
    """The blocks (paragraphs, list items, table rows) of a page that neither sit under a heading
    saying "bundled interview" nor say so themselves."""
    blocks: list[list[str]] = []
    headings: list[tuple[int, bool]] = []  # (level, says "bundled interview") of the enclosing headings
    current: list[str] = []

    def close() -> None:
        if current and not any(marked for _, marked in headings):
            blocks.append(list(current))
        current.clear()

    for line in text.splitlines():
        heading = re.match(r"^(#+)\s", line)
        if heading:
            close()
            level = len(heading.group(1))
            headings = [h for h in headings if h[0] < level] + [(level, _MARK in line.lower())]
            current.append(line)
            close()
        elif not line.strip() or line.lstrip().startswith(("- ", "| ")) or re.match(r"^\s*\d+\.\s", line):
            close()
            if line.strip():
                current.append(line)
        else:
            current.append(line)
    close()
    return [" ".join(block) for block in blocks if _MARK not in " ".join(block).lower()]


def test_the_block_splitter_sees_headings_items_and_rows():
    page = ("# Plan\n\nGeneric words.\n- an item about Wyne\n- another (bundled interview: Wyne)\n\n"
            "## Prompts (for the bundled interview)\n\nWyne here is fine.\n\n### Deeper\n\nStill Wyne.\n\n"
            "## Back to generic\n\n| a | b |\n| Wyne | x |\n")
    assert _blocks_outside_the_bundled_sections(page) == [
        "# Plan", "Generic words.", "- an item about Wyne", "## Back to generic", "| a | b |", "| Wyne | x |"]


@pytest.mark.parametrize("name", GENERIC_PAGES)
def test_the_lessons_name_the_bundled_case_only_where_they_say_so(name):
    """Regions, presets and people of the bundled text appear only in a section or a block marked
    "bundled interview"; everything else names things through the case."""
    from .bundled_words import find_bundled_words

    for block in _blocks_outside_the_bundled_sections(_read(name)):
        assert find_bundled_words(block) == [], f"{name}: {block[:200]!r} names the bundled case without saying so"


def _flat(name: str) -> str:
    """A page's text on one line, block quotes unquoted."""
    return " ".join(re.sub(r"^> ?", "", line) for line in _read(name).splitlines())


def test_the_presets_table_holds_the_models_numbers():
    from entente_lab import assess

    case = load_case()
    rows = {row[0]: row for row in (
        [cell.strip() for cell in line.strip("|").split("|")] for line in _read("README.md").splitlines()
        if line.startswith("| ") and re.search(r"\|\s*0\.\d\d\s*\|", line))}
    assert len(rows) == len(case.presets)
    for preset in case.presets:
        (row,) = [cells for label, cells in rows.items() if label.split(" (")[0] == preset.label]
        result = assess(case, preset.weights)
        assert (row[1], row[2]) == (f"{result.strength:.2f}", f"{result.strain:.2f}")
        assert row[3].startswith(case.region_label(result.region))
        assert row[4] == f"{result.before[0]:.2f}, {result.before[1]:.2f}"  # before the reference event
    assert "Our reading of Wyne's emphasis (the default weights)" in rows and case.preset("wyne").weights == case.default_weights()


@pytest.mark.parametrize("name", ["README.md", "seminar_50.md", "seminar_90.md", "rubric.md"])
def test_the_numbers_the_lessons_quote_about_the_bundled_case_are_the_models(name):
    from entente_lab import assess

    case = load_case()
    text = _flat(name)
    base = assess(case)
    sides = {"strength": len(case.factors_of_kind("strength")), "strain": len(case.factors_of_kind("strain"))}
    for strength, strain in re.findall(r"(\d+) strength(?: factors)?(?:,| and) (\d+) strain", text):
        assert (int(strength), int(strain)) == (sides["strength"], sides["strain"]), name
    for side, margin in re.findall(r"nearest boundary is (strength|strain), (0\.\d\d) away", text):
        assert (side, margin) == (base.nearest_boundary, f"{base.margin:.2f}"), name
    scores = {(f"{assess(case, p.weights).strength:.2f}", f"{assess(case, p.weights).strain:.2f}") for p in case.presets}
    for s_value, t_value in re.findall(r"\bS =? ?(0\.\d\d)\b.{0,20}?\bT =? ?(0\.\d\d)\b", text):
        assert (s_value, t_value) in scores, f"{name}: S {s_value}, T {t_value} is no preset's point"
    for label, weight, drop, after in re.findall(
            r'heaviest strain factor \("([^"]+)", (0\.\d+)\) pushed to 0 lowers T by only (0\.\d\d), to (0\.\d\d)', text):
        factor = next(f for f in case.factors if f.label == label)
        assert factor.default_weight == float(weight) == max(f.default_weight for f in case.factors_of_kind("strain"))
        moved = assess(case, {factor.id: 0.0})
        assert (f"{base.strain - moved.strain:.2f}", f"{moved.strain:.2f}") == (drop, after)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_the_exercises_the_plans_name_are_the_bundled_cases(name):
    from entente_lab.teaching.exercises import build_exercises

    titles = {ex.title.replace("“", '"').replace("”", '"') for ex in build_exercises(load_case()).values()}
    rows = [line for line in _read(name).splitlines() if re.match(r"^\|\s*\d+\s*[–-]\s*\d+\s*\|", line)]
    named = {bold for row in rows for bold in re.findall(r"\*\*(.+?)\*\*", row)}
    assert named and named <= titles, f"{name} names exercises that do not exist: {sorted(named - titles)}"


def test_a_case_without_a_trilemma_or_scenario_lacks_those_exercises_as_the_readme_says():
    from entente_lab.teaching.exercises import answer_key_markdown, unsupported_exercises

    assert "has no exercise for\nobjective 7 or 8" in _read("README.md")
    third = load_case(ROOT / "tests" / "cases" / "third.yaml")
    assert set(unsupported_exercises(third)) == {"trilemma-sacrifice", "duration-linked"}
    assert answer_key_markdown(third).count("Not built for this case:") == 2
