"""The whole notebook series runs, unchanged, on another case file (ENTENTE_LAB_CASE).

tests/cases/second.yaml is a small invented case with no trilemma and no preset
called "wyne": if a notebook were tied to the bundled interview, it would fail here.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import entente_lab

from .conftest import REPO

SECOND_CASE = REPO / "tests" / "cases" / "second.yaml"
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_second_case(path, tmp_path, monkeypatch):
    monkeypatch.setenv(entente_lab.CASE_ENV_VAR, str(SECOND_CASE))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except CellExecutionError as error:  # name the notebook and the cell, not a wall of traceback
        pytest.fail(f"{path.name} fails on {SECOND_CASE.name}: {str(error).splitlines()[-1]}")
    if path.stem == "00_start_here":  # the kernel really loaded the other case
        printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert "The Harbour Pact (a test case)" in printed
