"""Shared fixtures: the bundled case, and case files with one deliberate defect."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import entente_lab

# Property-based tests (hypothesis). The "ci" profile, used by default, is
# derandomized: the same examples every run, so CI is repeatable and a failure
# reproduces. The "fuzz-long" profile is for a long hunt by hand:
#   ENTENTE_LAB_HYPOTHESIS=fuzz-long python -m pytest tests/test_fuzz_*.py -p no:randomly
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz-long", derandomize=False, deadline=None, max_examples=1_000_000,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("ENTENTE_LAB_HYPOTHESIS", "ci"))

REPO = Path(__file__).resolve().parents[1]
CASE_FILE = REPO / "data" / "interview.yaml"
CAPTURE_FILE = REPO / "data" / "source" / "000_18aa3f7f437e7921.txt"
#: The invented case files in tests/cases, by name ("second", "third", ...): the
#: tests that must hold for any case run on each of them as well as on the bundled one.
OTHER_CASES = {path.stem: path for path in sorted((REPO / "tests" / "cases").glob("*.yaml"))}


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
def jupyter_servers(tmp_path_factory):
    """Private Jupyter servers on loopback, one per interface, started on first use.

    JupyterLab and Notebook 7 get a server each, as a student has one: one server
    serving both caches static paths across them (jupyter_server's FileFindHandler
    keys its cache by file name only, and both ship the same hashed font files), so
    Notebook 7's icon fonts answer 403 once JupyterLab has loaded them.
    Every server is stopped at the end, even on SIGTERM.
    """
    import signal

    from .browser import JupyterServer, require_chromium

    require_chromium()
    servers: dict[str, JupyterServer] = {}
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):  # `timeout` sends SIGTERM: still run the finally below
        raise SystemExit(128 + signum)

    def get(interface: str) -> JupyterServer:
        if interface not in servers:
            server = JupyterServer(tmp_path_factory.mktemp(f"jupyter-{interface}"))
            servers[interface] = server
            server.start()
        return servers[interface]

    signal.signal(signal.SIGTERM, on_term)
    try:
        yield get
    finally:
        for server in servers.values():
            server.stop()
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def jupyter(jupyter_servers):
    """The JupyterLab server."""
    return jupyter_servers("lab")


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    from .browser import require_chromium

    require_chromium()
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def page(playwright_driver, tmp_path):
    """A page in a fresh browser profile: nothing (storage, cache) carries over between tests."""
    from .browser import CHROMIUM_ARGS, require_chromium

    context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"), executable_path=require_chromium(), headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Where browser tests keep their screenshots (artifacts/screenshots, git-ignored)."""
    folder = REPO / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
