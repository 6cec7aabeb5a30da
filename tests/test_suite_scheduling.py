"""How the suite spreads over pytest-xdist workers, and the collection checks that keep that safe.

The suite runs on two workers by default (``addopts`` in pyproject.toml). Each file's
tests go to one worker, and every file with a browser test goes to the same one
(tests/conftest.py), so a run starts one pair of Jupyter servers and one Chromium.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import (
    BROWSER_FILES,
    REPO,
    _schedule_for_xdist,
    pytest_collection_modifyitems,
    pytest_xdist_auto_num_workers,
    pytest_xdist_make_scheduler,
)


class FakeItem:
    """What the collection hooks read of a test item: its node id, path, fixtures and marks."""

    def __init__(self, nodeid: str, *marks: str, fixtures: tuple[str, ...] = ()) -> None:
        self.nodeid = nodeid
        self.path = REPO / nodeid.split("::", 1)[0]
        self.fixturenames = fixtures
        self.marks = set(marks)

    def get_closest_marker(self, name: str):
        return name if name in self.marks else None

    def add_marker(self, mark) -> None:
        self.marks.add(mark.name)


class FakeWorker:
    """A pytest-xdist worker as the scheduler sees it: it is sent the indexes of the tests it runs."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.sent: list[int] = []
        self.ran: list[str] = []
        self.shutting_down = False

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.sent.extend(indexes)

    def send_runtest_all(self) -> None:
        raise AssertionError("a work unit is never sent to every worker")

    def shutdown(self) -> None:
        self.shutting_down = True


def test_every_browser_file_is_a_test_file_of_the_suite():
    assert all((REPO / path).is_file() and Path(path).name.startswith("test_") for path in BROWSER_FILES)


def test_the_browser_files_go_to_one_worker_and_the_other_files_are_shared():
    collection = [
        "tests/test_browser.py::test_a",
        "tests/test_model.py::test_b",
        "tests/test_report.py::test_c",
        "notebooks/00_start_here.ipynb::Cell 0",
        "notebooks/00_start_here.ipynb::Cell 1",
        "tests/test_handout.py::test_d",
        "tests/test_case.py::test_e",
        "tests/test_a11y_checks.py::test_f",
    ]
    option = SimpleNamespace(loadscopereorder=True, maxschedchunk=None)
    config = SimpleNamespace(option=option, getvalue=lambda name: ["2*popen"] if name == "tx" else None)
    scheduler = pytest_xdist_make_scheduler(config, None)
    workers = [FakeWorker("gw0"), FakeWorker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, collection)
    assert scheduler.collection_is_completed
    scheduler.schedule()
    while scheduler.workqueue or any(worker.sent for worker in workers):  # every worker runs what it was sent
        for worker in workers:
            for index in list(worker.sent):
                worker.sent.remove(index)
                worker.ran.append(collection[index])
                scheduler.mark_test_complete(worker, index)
    ran = [worker.ran for worker in workers]
    assert sorted(sum(ran, [])) == sorted(collection)  # each test once
    browser = {nodeid for nodeid in collection if nodeid.split("::")[0] in BROWSER_FILES}
    assert any(browser == {nodeid for nodeid in tests if nodeid in browser} for tests in ran)  # on one worker
    assert ran[0][:len(browser)] == sorted(browser, key=collection.index)  # the first unit out: the collection's first
    cells = [nodeid for nodeid in collection if nodeid.startswith("notebooks/")]  # one kernel: one worker, in order
    (runner,) = [tests for tests in ran if cells[0] in tests]
    assert runner[runner.index(cells[0]):runner.index(cells[0]) + len(cells)] == cells
    assert all(ran)  # both workers had work
    assert option.loadscopereorder is False  # the workers' order (the longest first), not the most tests first


def test_the_workers_put_the_browser_files_first_then_the_files_with_a_slow_test():
    items = [FakeItem("tests/test_model.py::test_a"), FakeItem("tests/test_launch.py::test_b"),
             FakeItem("tests/test_launch.py::test_c", "slow"), FakeItem("tests/test_report.py::test_d"),
             FakeItem("tests/test_case.py::test_e"), FakeItem("tests/test_browser.py::test_f", "browser", "slow")]
    _schedule_for_xdist(items)
    assert [item.nodeid.split("::")[1] for item in items] == ["test_d", "test_f", "test_b", "test_c", "test_a", "test_e"]


def test_a_browser_test_outside_the_browser_files_stops_the_run_and_names_its_file():
    config = SimpleNamespace()
    items = [FakeItem("tests/test_model.py::test_a"), FakeItem("tests/test_new_page.py::test_b", "browser")]
    with pytest.raises(pytest.UsageError, match=r"tests/test_new_page\.py.*|BROWSER_FILES") as error:
        pytest_collection_modifyitems(config, items)
    assert "tests/test_new_page.py" in str(error.value) and "BROWSER_FILES" in str(error.value)
    assert "tests/test_model.py" not in str(error.value)


def test_a_test_using_a_browser_fixture_without_the_mark_stops_the_run_and_names_it():
    config = SimpleNamespace()
    items = [FakeItem("tests/test_browser.py::test_a", fixtures=("page",))]
    with pytest.raises(pytest.UsageError, match=r"not marked browser.*tests/test_browser\.py::test_a"):
        pytest_collection_modifyitems(config, items)


def test_a_notebook_cell_is_marked_slow_and_the_checks_pass_on_a_well_formed_suite():
    config = SimpleNamespace()
    items = [FakeItem("notebooks/00_start_here.ipynb::Cell 0"),
             FakeItem("tests/test_browser.py::test_a", "browser", fixtures=("page",))]
    pytest_collection_modifyitems(config, items)
    assert items[0].get_closest_marker("slow") == "slow"


def _command(*args: str) -> SimpleNamespace:
    """What ``pytest_xdist_auto_num_workers`` reads of a command run from the repository's root."""
    source = pytest.Config.ArgsSource.ARGS if args else pytest.Config.ArgsSource.TESTPATHS
    return SimpleNamespace(args=list(args) or ["tests", "src/entente_lab", "notebooks"], args_source=source,
                           invocation_params=SimpleNamespace(dir=REPO))


@pytest.mark.parametrize(("args", "cores", "workers"), [
    ((), 2, 2),                                          # the whole suite (and with -m "not browser"): one per core
    ((), 16, 4),                                         # at most four
    ((), 1, 0),                                          # one core: one process
    (("tests",), 2, 2),                                  # a folder
    (("tests/test_model.py",), 2, 0),                    # a file named: one process, -x stops at once
    (("tests/test_model.py::test_weights", "notebooks/00_start_here.ipynb"), 2, 0),  # tests and a notebook named
    (("tests/test_model.py", "src/entente_lab"), 2, 2),  # a folder among them
])
def test_auto_starts_a_worker_per_core_for_the_suite_and_none_for_named_files(args, cores, workers, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(cores)))
    assert pytest_xdist_auto_num_workers(_command(*args)) == workers


def test_pytest_xdists_own_variable_still_sets_the_workers(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "3")
    assert pytest_xdist_auto_num_workers(_command("tests/test_model.py")) == 3
