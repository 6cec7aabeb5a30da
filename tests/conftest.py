"""Shared fixtures: the bundled case, case files with one deliberate defect, every notebook run on every case."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
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
#: Every case the lab is tested on: the bundled one ("bundled") and the invented ones.
ALL_CASES = {"bundled": CASE_FILE, **OTHER_CASES}
#: The student and instructor notebooks, in series order.
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


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


# ---------------------------------------------------------------- notebooks run on every case

@dataclass
class NotebookRun:
    """One notebook executed from top to bottom on one case, as a student's kernel runs it.

    ``notebook`` holds every cell's outputs and, in its metadata, the widget state the
    kernel left (``store_widget_state``); ``failure`` is ``''`` when the run reached the
    end (a cell's error is an output of type ``error``, and the run goes on past it).
    """

    case_name: str
    path: Path
    notebook: object
    seconds: float
    failure: str = ""


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory):
    """``notebook_run(case_name, path)``: the notebook run on that case, executed once per session.

    Every test about a notebook's outputs on a case shares one execution: the whole
    series runs once per case (see tests/test_notebooks_other_case.py). The kernel
    gets ``ENTENTE_LAB_CASE`` for a case in tests/cases, and no such variable for the
    bundled one; it works in a fresh folder, so the class dashboard finds no saved
    submissions there.
    """
    import matplotlib.font_manager  # noqa: F401  # build the font cache here, not in a kernel's stderr
    import nbformat
    from nbclient import NotebookClient

    runs: dict[tuple[str, str], NotebookRun] = {}

    def run(case_name: str, path: Path) -> NotebookRun:
        key = (case_name, path.stem)
        if key not in runs:
            folder = tmp_path_factory.mktemp(f"{case_name}-{path.stem}")
            env = {name: value for name, value in os.environ.items() if name != entente_lab.CASE_ENV_VAR}
            if case_name != "bundled":
                env[entente_lab.CASE_ENV_VAR] = str(ALL_CASES[case_name])
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                                    store_widget_state=True, resources={"metadata": {"path": str(folder)}})
            failure = ""
            started = time.perf_counter()
            try:
                client.execute(env=env)
            except Exception as error:  # a dead kernel or a timeout: say so, keep what ran
                failure = f"{type(error).__name__}: {str(error).strip().splitlines()[-1] if str(error).strip() else ''}"
            runs[key] = NotebookRun(case_name, path, notebook, time.perf_counter() - started, failure)
        return runs[key]

    return run


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
