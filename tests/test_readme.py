"""The README's two quick-start commands are the ones CI and users actually run."""

from __future__ import annotations

import re

from .conftest import REPO


def quick_start_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S)]


def test_quick_start_has_exactly_two_commands_one_starts_the_lab_one_runs_the_tests():
    commands = quick_start_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    start, test = commands
    assert start.endswith("entente-lab") and "pip install -e ." in start  # the repo's own notebooks and case
    assert '".[test]"' in test and test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    _, test = quick_start_commands()
    runnable = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    # exactly the README's command, its exit status kept for the end of the script
    assert f"{test} || status=$?" in runnable
    assert runnable[-1] == 'exit "$status"'


def test_readme_credits_the_text_and_links_it():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "© Carnegie Endowment for International Peace" in text
    assert "https://carnegieendowment.org/europe/posts/2022/08/the-paradox-of-the-russia-china-relationship" in text
    assert "labpath=notebooks%2F00_start_here.ipynb" in text


def test_the_case_file_section_points_to_the_guide_and_its_commands_parse():
    from entente_lab.app.cli import build_parser

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## The case file", 1)[1].split("\n## ", 1)[0]
    assert "](lessons/writing_a_case.md)" in section and (REPO / "lessons" / "writing_a_case.md").is_file()
    assert "warning:" in section and "short_label" in section  # the validator's warnings are explained
    lines = [line.split() for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S) for line in block.splitlines()]
    commands = [[word for word in words if not re.match(r"^[A-Z_]+=", word)] for words in lines if words]
    assert [words[:2] for words in commands] == [["entente-lab", "validate"], ["entente-lab", "lab"]]
    for words in commands:
        build_parser().parse_args(words[1:])  # a usage error raises SystemExit
