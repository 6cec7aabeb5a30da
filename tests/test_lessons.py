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
