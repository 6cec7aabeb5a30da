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


def test_every_link_in_the_readme_to_the_repository_opens_a_file_and_the_class_links_open_the_start_notebook():
    """Relative links name files that exist; the Binder and nbgitpuller links open the notebook `entente-lab` opens."""
    from urllib.parse import parse_qs, unquote, urlsplit

    from entente_lab.app.launch import START_NOTEBOOK

    text = (REPO / "README.md").read_text(encoding="utf-8")
    relative = [target for target in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:", target)]
    assert relative, "the README links no file of the repository"
    for target in relative:
        assert (REPO / target.split("#", 1)[0]).is_file(), f"the README links {target}, which does not exist"
    start = f"notebooks/{START_NOTEBOOK}"
    assert (REPO / start).is_file()
    binder = re.findall(r"https://mybinder\.org/\S+?(?=`|\s)", text)
    puller = re.findall(r"https://HUB/hub/user-redirect/git-pull\S+?(?=`|\s)", text)
    assert binder and puller, "the class links are missing"
    for url in binder:
        assert parse_qs(urlsplit(url).query)["labpath"] == [start]
    for url in puller:
        urlpath = unquote(parse_qs(urlsplit(url).query)["urlpath"][0])
        assert urlpath == f"lab/tree/REPO/{start}", urlpath  # REPO: the folder nbgitpuller clones into


def test_the_readme_credits_and_links_the_text_the_case_file_records(case):
    """Title linked to the case's address, every author, and the rights holder of the case's rights statement."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    links = {re.sub(r"[*_]", "", label): url for label, url in re.findall(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", text)}
    assert links.get(case.source.title) == case.source.url
    for author in case.source.authors:
        assert author in text
    holder = re.search(r"© ([^.]+)\.", case.source.rights).group(1)
    assert f"© {holder}" in text


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
