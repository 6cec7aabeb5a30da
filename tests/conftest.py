"""Shared fixtures: the bundled case, and case files with one deliberate defect."""

from __future__ import annotations

from pathlib import Path

import pytest

import entente_lab

REPO = Path(__file__).resolve().parents[1]
CASE_FILE = REPO / "data" / "interview.yaml"
CAPTURE_FILE = REPO / "data" / "source" / "000_18aa3f7f437e7921.txt"


@pytest.fixture(scope="session")
def case() -> entente_lab.Case:
    return entente_lab.load_case()


@pytest.fixture(scope="session")
def case_text() -> str:
    return CASE_FILE.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first occurrence of ``needle`` in ``text``."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


@pytest.fixture
def mutated_case(tmp_path, case_text):
    """Write a copy of the bundled case with ``old`` replaced by ``new`` (exactly once).

    Returns ``(path, text)``; the copy keeps the schema reference working.
    """

    def make(old: str, new: str, name: str = "case.yaml") -> tuple[Path, str]:
        assert case_text.count(old) == 1, f"the mutation target must occur once: {old!r}"
        text = case_text.replace(old, new)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path, text

    return make
