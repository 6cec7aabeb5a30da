"""Keep the instructor's lessons honest: what they name exists, their timings add up, their quotes are verbatim."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from entente_lab import load_case
from entente_lab.validate import validate_file

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
    result = subprocess.run([sys.executable, "-m", "entente_lab.cli", "--help"], capture_output=True,
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
    words = " ".join(" ".join(turn.paragraphs) for turn in case.turns)
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


def test_worked_example_case_is_valid(tmp_path):
    block = re.search(r"```yaml\n(.*?)^```", _read("writing_a_case.md"), flags=re.S | re.M)
    assert block, "writing_a_case.md has no ```yaml example"
    path = tmp_path / "case.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    _, problems = validate_file(str(path))
    assert problems == []


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
    assert "Wyne's reading (the default weights)" in rows and case.preset("wyne").weights == case.default_weights()


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
    from entente_lab.exercises import build_exercises

    titles = {ex.title.replace("“", '"').replace("”", '"') for ex in build_exercises(load_case()).values()}
    rows = [line for line in _read(name).splitlines() if re.match(r"^\|\s*\d+\s*[–-]\s*\d+\s*\|", line)]
    named = {bold for row in rows for bold in re.findall(r"\*\*(.+?)\*\*", row)}
    assert named and named <= titles, f"{name} names exercises that do not exist: {sorted(named - titles)}"


def test_a_case_without_a_trilemma_or_scenario_lacks_those_exercises_as_the_readme_says():
    from entente_lab.exercises import answer_key_markdown, unsupported_exercises

    assert "has no exercise for\nobjective 7 or 8" in _read("README.md")
    third = load_case(ROOT / "tests" / "cases" / "third.yaml")
    assert set(unsupported_exercises(third)) == {"trilemma-sacrifice", "duration-linked"}
    assert answer_key_markdown(third).count("Not built for this case:") == 2
