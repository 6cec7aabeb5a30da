"""Notebooks as a student sees them: JupyterLab in headless Chromium."""

from __future__ import annotations

from .browser import open_and_run
from .conftest import REPO


def test_start_notebook_runs_clean_in_jupyterlab(jupyter, page, screenshots_dir):
    name = jupyter.add_notebook(REPO / "notebooks" / "00_start_here.ipynb")
    result = open_and_run(page, jupyter, name)
    page.screenshot(path=str(screenshots_dir / "00_start_here.png"), full_page=True)
    assert result.errors == []
    assert "Thesis: It is paradoxical in that I would argue" in result.text
    assert "Error displaying widget" not in result.text and "Loading widget" not in result.text
    assert result.console_errors == []
