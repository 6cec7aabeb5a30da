"""The whole notebook series runs, unchanged, on other case files (ENTENTE_LAB_CASE).

tests/cases holds small invented cases that differ from the bundled interview in
structure: second.yaml has no trilemma and no preset called "wyne"; third.yaml has
three speakers, 7 strength and 4 strain factors, labels up to 128 characters,
non-ASCII names, no trilemma and no duration-linked factor. If a notebook were tied
to the bundled interview, it would fail here.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import entente_lab

from .conftest import OTHER_CASES, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("case_name", OTHER_CASES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_another_case(path, case_name, tmp_path, monkeypatch):
    case_file = OTHER_CASES[case_name]
    monkeypatch.setenv(entente_lab.CASE_ENV_VAR, str(case_file))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except CellExecutionError as error:  # name the notebook and the cell, not a wall of traceback
        pytest.fail(f"{path.name} fails on {case_file.name}: {str(error).splitlines()[-1]}")
    if path.stem == "00_start_here":  # the kernel really loaded the other case
        printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert entente_lab.load_case(case_file).source.title in printed
