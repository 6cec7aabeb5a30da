"""Shared fixtures: the bundled case, case files with one deliberate defect, every notebook run on every case."""

from __future__ import annotations

import asyncio
import email
import os
import subprocess
import sys
import time
import venv
import zipfile
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


# ---------------------------------------------------------------- the built wheel

#: What ``import entente_lab`` and the case loader need from a fresh venv: the notebook
#: stack (JupyterLab, ipywidgets, matplotlib, networkx) takes minutes and is not needed.
CORE_DEPS = ("pyyaml", "jsonschema", "numpy")


def build_wheel(project: Path, out: Path) -> Path:
    """Build the wheel of the project in ``project`` into ``out`` (``python -m build``) and return its path."""
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(project)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("entente_lab-*.whl")
    return built


def pip_install(python: Path, *args: str) -> None:
    """``pip install ARGS`` into the venv of ``python``, with this interpreter's pip (the venv needs none)."""
    if args:
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                        "--disable-pip-version-check", "--no-input", *args], check=True, capture_output=True, text=True)


def make_venv(env_dir: Path, *requirements: str, base_python: str | None = None, no_deps: Path | None = None,
              compile_bytecode: bool = True) -> Path:
    """A fresh venv holding ``no_deps`` (a wheel, installed without its dependencies) and ``requirements``.

    ``compile_bytecode=False`` skips pip's compiling of every installed module (about
    half of pip's time here): Python compiles what a test imports, into the venv, when
    it imports it (or, in a venv it may not write, compiles it in memory each time).
    Returns the venv's ``bin`` folder.
    """
    if base_python is None:
        venv.EnvBuilder(with_pip=False).create(env_dir)
    else:
        subprocess.run([base_python, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    options = () if compile_bytecode else ("--no-compile",)
    pip_install(bin_dir / "python", *options, *requirements)
    if no_deps is not None:
        pip_install(bin_dir / "python", *options, "--no-deps", str(no_deps))
    return bin_dir


def wheel_metadata(wheel: Path) -> email.message.Message:
    """The core metadata (``*.dist-info/METADATA``) of a wheel: what pip reads before installing it."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` called once per test run, its result (a path) shared by every process of the run.

    Without pytest-xdist that is once per session. With it (``-n``), each worker is a
    session of its own: the first worker to get here makes the result in a folder of
    the run's temporary root (the parent of every worker's), and the others wait for
    it, or fail with its error if making it failed.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name
    done = shared / "done.txt"
    try:
        shared.mkdir()
    except FileExistsError:  # another worker makes it
        deadline = time.monotonic() + 1800
        while not done.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"another pytest-xdist worker has not finished making {name} in {shared} after 30 minutes")
            time.sleep(0.2)
        made = done.read_text(encoding="utf-8")
        if made.startswith("failed: "):
            pytest.fail(f"another pytest-xdist worker could not make {name}: {made[len('failed: '):]}")
        return Path(made)
    try:
        result = make(shared / "made")
        made = str(result)
    except BaseException as error:
        made = f"failed: {type(error).__name__}: {error}"
        raise
    finally:
        (shared / "done.tmp").write_text(made, encoding="utf-8")
        os.replace(shared / "done.tmp", done)  # whole or absent: a waiting worker never reads half of it
    return result


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """This checkout's wheel, built once per test run (even across xdist workers) and shared by every test that needs it."""
    return once_per_run(tmp_path_factory, "dist-current", lambda folder: build_wheel(REPO, folder))


@pytest.fixture(scope="session")
def wheel_venv(built_wheel, tmp_path_factory) -> Path:
    """The ``bin`` folder of a fresh venv holding the built wheel and :data:`CORE_DEPS`, nothing else.

    Made once per test run (even across xdist workers) and shared by the tests that only
    run the installed package; a test that installs, upgrades or locks its venv makes
    its own with :func:`make_venv`.
    """
    return once_per_run(tmp_path_factory, "wheel-venv", lambda folder: make_venv(
        folder / "venv", *CORE_DEPS, no_deps=built_wheel, compile_bytecode=False))


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


#: Run in a kernel between two notebooks of a series, so that the next one starts as in a
#: fresh kernel: the earlier notebook's widgets closed (their comms, and the threads that
#: update them, go quiet), a fresh working folder, every warning shown again (``catch_warnings``
#: invalidates the "already shown" registries), and the user namespace emptied (``%reset``).
_BETWEEN_NOTEBOOKS = """\
import os, sys, warnings
if "ipywidgets" in sys.modules:
    sys.modules["ipywidgets"].Widget.close_all()
os.chdir({work!r})
with warnings.catch_warnings():
    pass
get_ipython().run_line_magic("reset", "-f")
"""


def _execute_notebooks(case_name: str, paths: list[Path], folder: Path) -> dict[Path, NotebookRun]:
    """Run the notebooks at ``paths`` on one case, in this order, top to bottom, in one kernel.

    One path is one notebook in a fresh kernel, as a student's. Several are a series in
    one kernel: before each notebook after the first, :data:`_BETWEEN_NOTEBOOKS` empties
    the namespace, closes the widgets, resets the warnings and moves to a fresh working
    folder (each notebook works in ``folder/work-N``). If a notebook kills the kernel or
    times out, the next one gets a fresh kernel.

    The kernel process's own output (not the cells': those are outputs) goes to
    ``folder/kernel.log``, not into whichever test pytest happens to be capturing.

    After the last notebook the kernel is killed (``shutdown_kernel(now=True)``, as
    nbval does) instead of asked to exit: by then the client holds every output and the
    widget state (it reads nothing from the kernel after the last reply either way; the
    history is in memory, nbclient's default). A graceful exit only runs the kernel's
    exit handlers and Python's teardown of its heap, about 1 CPU second per kernel. What
    is lost: anything the kernel would write to ``kernel.log`` while exiting; no test reads it.
    """
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    env = {name: value for name, value in os.environ.items() if name != entente_lab.CASE_ENV_VAR}
    if case_name != "bundled":
        env[entente_lab.CASE_ENV_VAR] = str(ALL_CASES[case_name])
    log_path = folder / "kernel.log"
    runs: dict[Path, NotebookRun] = {}

    async def run(km, notebook, work: Path, log) -> None:
        client = NotebookClient(notebook, km=km, timeout=300, allow_errors=True, store_widget_state=True,
                                resources={"metadata": {"path": str(work)}})
        try:
            await client.async_execute(env=env, stdout=log, stderr=log)  # env and log: when it starts the kernel
        finally:
            if client.kc is not None:
                client.kc.stop_channels()

    async def series(log) -> None:
        km = None
        try:
            for index, path in enumerate(paths):
                notebook = nbformat.read(path, as_version=4)
                work = folder / f"work-{index}"
                work.mkdir()
                failure = ""
                started = time.perf_counter()
                try:
                    if km is None:
                        km = AsyncKernelManager(kernel_name="python3")
                    else:
                        between = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
                            _BETWEEN_NOTEBOOKS.format(work=str(work)))])
                        await run(km, between, work, log)
                        errors = [output for output in between.cells[0].outputs if output.output_type == "error"]
                        if errors:
                            raise RuntimeError(f"resetting the kernel failed: {errors[0].ename}: {errors[0].evalue}")
                    await run(km, notebook, work, log)
                except Exception as error:  # a dead kernel or a timeout: say so, keep what ran, start afresh
                    failure = f"{type(error).__name__}: {str(error).strip().splitlines()[-1] if str(error).strip() else ''}"
                    failure += f" (the kernel's log: {log_path})"
                    if km is not None and km.has_kernel:
                        await km.shutdown_kernel(now=True)
                    km = None
                runs[path] = NotebookRun(case_name, path, notebook, time.perf_counter() - started, failure)
        finally:
            if km is not None and km.has_kernel:
                await km.shutdown_kernel(now=True)

    with open(log_path, "wb") as log:
        asyncio.run(series(log))  # an event loop of its own, closed at the end: the run may be in a worker thread
    return runs


def _notebook_runs_wanted(items) -> list[tuple[str, Path]]:
    """The ``(case name, notebook)`` runs the selected tests will ask ``notebook_run`` for, in test order.

    Read from each test's ``case_name`` and ``path`` parameters; a test without one of
    them may ask for any case (or notebook), so every one is listed for it.
    """
    wanted: dict[tuple[str, Path], None] = {}
    for item in items:
        if "notebook_run" not in getattr(item, "fixturenames", ()):
            continue
        params = getattr(getattr(item, "callspec", None), "params", {})
        cases = [params["case_name"]] if "case_name" in params else list(ALL_CASES)
        paths = [params["path"]] if "path" in params else NOTEBOOKS
        wanted.update(dict.fromkeys((case_name, path) for path in paths for case_name in cases))
    return list(wanted)


def _kernels_for(wanted: list[tuple[str, Path]]) -> list[tuple[str, list[Path]]]:
    """The kernels to start for the ``(case name, notebook)`` runs wanted: ``(case name, its notebooks in series order)``.

    A case's notebooks share one kernel, emptied between notebooks (see
    :func:`_execute_notebooks`): the tests of ``notebook_run`` read what each notebook
    shows on each case. What only a fresh kernel per notebook shows (a missing import
    that an earlier notebook made, state an earlier one left) does not depend on the
    case, and nbval shows it: it runs each notebook in its own fresh kernel, as a
    student's, and fails on any error. A warning is still seen in a series: a warning
    at import time where the series first imports the module, any other in every
    notebook that raises it (the "already shown" registries are reset between notebooks).

    >>> a, b = NOTEBOOKS[:2]
    >>> _kernels_for([("bundled", b), ("second", b), ("bundled", a)]) == [("bundled", [a, b]), ("second", [b])]
    True
    """
    order = {path: index for index, path in enumerate(NOTEBOOKS)}
    series: dict[str, list[Path]] = {}
    for case_name, path in wanted:
        series.setdefault(case_name, []).append(path)
    return [(name, sorted(paths, key=lambda path: order.get(path, len(order)))) for name, paths in series.items()]


@pytest.fixture(scope="session")
def notebook_run(request, tmp_path_factory):
    """``notebook_run(case_name, path)``: the notebook run on that case, executed once per session.

    Every test about a notebook's outputs on a case shares one execution: the whole
    series runs once per case (see tests/test_notebooks_other_case.py). The kernel
    gets ``ENTENTE_LAB_CASE`` for a case in tests/cases, and no such variable for the
    bundled one; it works in a fresh folder, so the class dashboard finds no saved
    submissions there.

    The runs the selected tests need start at once, one kernel per core at a time, in
    background threads (each waits on its own kernel, a separate process), so they go
    on while the rest of the suite runs (see :func:`_start_notebook_runs`); a test
    waits only for its own case's kernel. A case's notebooks run in series in one
    kernel, emptied between notebooks; nbval runs each notebook in a fresh kernel of
    its own (see :func:`_kernels_for`).
    """
    import concurrent.futures

    import matplotlib.font_manager  # noqa: F401  # build the font cache here, not in a kernel's stderr

    futures: dict[tuple[str, str], concurrent.futures.Future] = {}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1),
                                                 thread_name_prefix="notebook-run")

    def submit(case_name: str, paths: list[Path]) -> None:
        folder = tmp_path_factory.mktemp(f"{case_name}-{paths[0].stem if len(paths) == 1 else 'series'}")
        kernel = pool.submit(_execute_notebooks, case_name, paths, folder)
        futures.update(dict.fromkeys(((case_name, path.stem) for path in paths), kernel))

    for case_name, paths in _kernels_for(_notebook_runs_wanted(request.session.items)):
        submit(case_name, paths)

    def run(case_name: str, path: Path) -> NotebookRun:
        if (case_name, path.stem) not in futures:  # a run no selected test was seen to need
            submit(case_name, [path])
        return futures[case_name, path.stem].result()[path]

    try:
        yield run
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session", autouse=True)
def _start_notebook_runs(request):
    """Start the notebook runs at the beginning of the session when a selected test needs one.

    Under pytest-xdist every worker collects every test but runs only those sent to it:
    the tests that need a run are in one file, sent whole to one worker (``--dist
    loadfile``), which starts the runs when the first of them needs one.
    """
    if hasattr(request.config, "workerinput"):
        return
    if any("notebook_run" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("notebook_run")


# ---------------------------------------------------------------- browser fixtures

#: The fixtures that start Chromium or a Jupyter server for a browser: a test that uses
#: one must be marked ``browser`` (pyproject.toml), so ``-m "not browser"`` never starts them.
BROWSER_FIXTURES = frozenset({"page", "playwright_driver", "jupyter_servers", "jupyter"})

#: The test files that hold a ``browser`` test. Under pytest-xdist they all go to one worker
#: (see :func:`pytest_xdist_make_scheduler`), so a run starts one pair of Jupyter servers and
#: one Chromium, not one per worker. A browser test in any other file stops the run at collection.
BROWSER_FILES = frozenset({
    "tests/test_a11y_checks.py",
    "tests/test_browser.py",
    "tests/test_browser_live_class.py",
    "tests/test_browser_prediction.py",
    "tests/test_handout.py",
    "tests/test_report.py",
})

#: The one pytest-xdist work unit that holds every file of :data:`BROWSER_FILES`.
BROWSER_UNIT = "the browser files"


def work_unit(nodeid: str) -> str:
    """The pytest-xdist work unit of a test: its file, or :data:`BROWSER_UNIT` for a file of :data:`BROWSER_FILES`.

    >>> work_unit("tests/test_model.py::test_weights[a]")
    'tests/test_model.py'
    >>> work_unit("notebooks/03_weigh_the_factors.ipynb::Cell 4")
    'notebooks/03_weigh_the_factors.ipynb'
    >>> work_unit("tests/test_report.py::test_the_report_reads_in_chromium") == BROWSER_UNIT
    True
    """
    path = nodeid.split("::", 1)[0]
    return BROWSER_UNIT if path in BROWSER_FILES else path


#: The most workers ``-n auto`` starts: each worker collects the whole suite (about 13 CPU s), and the
#: browser files are one unit, so more workers than this gain little.
MOST_WORKERS = 4


def pytest_xdist_auto_num_workers(config) -> int:
    """How many pytest-xdist workers ``-n auto`` (pyproject.toml's ``addopts``) starts.

    None (one process) when the command names only files or tests
    (``python -m pytest tests/test_model.py``): starting workers and collecting
    twice would take longer than the tests (19 s against 11 s for one file), and ``-x``
    stops at once. Otherwise (the whole suite, a marker expression, a folder) one
    per core this process may use, at most :data:`MOST_WORKERS`, and none on one core.
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` (pytest-xdist's own variable) still wins, as
    does ``-n N``; ``--pdb`` always runs in one process.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").strip().isdigit():
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    named = config.args_source == pytest.Config.ArgsSource.ARGS and config.args and all(
        Path(config.invocation_params.dir, arg.split("::", 1)[0]).is_file() for arg in config.args)
    if named:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if cores < 2 else min(cores, MOST_WORKERS)


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (``-n auto``, the default: see :func:`pytest_xdist_auto_num_workers`), send each work unit whole to one worker.

    A work unit is a file (``--dist loadfile``): a notebook's nbval cells share one
    kernel and run in order, and the notebook runs of
    tests/test_notebooks_other_case.py are made once. Every browser file is one unit
    (:func:`work_unit`): one worker drives Chromium while the other runs the rest.
    Units go out in the order the workers collected them (:func:`_schedule_for_xdist`:
    the longest first), not xdist's default of the most tests first.
    """
    from xdist.scheduler import LoadFileScheduling

    class BrowserFilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False
    return BrowserFilesTogether(config, log)


def _schedule_for_xdist(items) -> None:
    """Put the longest work first under pytest-xdist, keeping each work unit's tests together.

    The browser files go first (the longest unit, by far, when they are selected), then
    every file with a ``slow`` test, so that no worker is left with a long unit at the
    end while the other waits; the order is otherwise kept. (``--dist loadgroup``
    cannot group nbval's cells: it renames ``item._nodeid``, which pytest 9 no longer reads.)
    """
    slow_units = {work_unit(item.nodeid) for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: (work_unit(item.nodeid) != BROWSER_UNIT, work_unit(item.nodeid) not in slow_units))


def pytest_configure(config):
    """Refuse a pytest-xdist distribution that would split a file's tests (an nbval notebook's cells share one kernel)."""
    dist = config.getoption("dist", "no")
    if config.getoption("numprocesses", None) and dist not in ("loadfile", "no"):
        raise pytest.UsageError(f"--dist {dist} would split a notebook's nbval cells (or the notebook runs) across "
                                "workers: keep --dist loadfile (pyproject.toml's addopts); to run in one process, "
                                "use -n 0 (pytest-xdist turns --dist no into load while workers are on)")


def pytest_collection_modifyitems(config, items):
    """Refuse to run when a browser test is not marked, or not in a file of :data:`BROWSER_FILES`; mark nbval's cells slow.

    Each notebook under ``notebooks/`` is run top to bottom in a kernel by nbval, one
    test per cell: the cells are marked ``slow``, as every other notebook run is.
    Under pytest-xdist (``-n``), see :func:`_schedule_for_xdist`.
    """
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
    unmarked = [item.nodeid for item in items
                if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("browser") is None]
    if unmarked:
        raise pytest.UsageError("these tests start a browser but are not marked browser (add "
                                "@pytest.mark.browser, or pytestmark = pytest.mark.browser in the module): "
                                + ", ".join(unmarked))
    elsewhere = sorted({item.nodeid.split("::", 1)[0] for item in items if item.get_closest_marker("browser") is not None
                        and work_unit(item.nodeid) != BROWSER_UNIT})
    if elsewhere:
        raise pytest.UsageError("these files hold a browser test but are not listed in BROWSER_FILES "
                                "(tests/conftest.py), which keeps the browser tests on one pytest-xdist worker: "
                                + ", ".join(elsewhere))
    if hasattr(config, "workerinput"):
        _schedule_for_xdist(items)


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


def press_enter(box, text: str | None = None) -> None:
    """What the browser sends when Enter is pressed in a :class:`~entente_lab.widgets.controls.TextBox`: the text shown.

    ``text`` defaults to the box's value (the text typed, already sent key by key).
    """
    box._handle_custom_msg({"event": "enter", "value": box.value if text is None else text}, [])


def leave_box(box, text: str) -> None:
    """What the browser sends when the student leaves a text box (Tab, a click elsewhere) with ``text`` in it."""
    box._handle_custom_msg({"event": "blur", "value": text}, [])
