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


# ---------------------------------------------------------------- browser fixtures

@pytest.fixture(scope="session")
def jupyter(tmp_path_factory):
    """A private JupyterLab server on loopback, stopped at the end even on SIGTERM."""
    import signal

    from .browser import JupyterServer, require_chromium

    require_chromium()
    server = JupyterServer(tmp_path_factory.mktemp("jupyter"))
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):  # `timeout` sends SIGTERM: still run the finally below
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS, require_chromium

    executable = require_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Where browser tests keep their screenshots (artifacts/screenshots, git-ignored)."""
    folder = REPO / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
