"""Notebooks as a student sees them: JupyterLab in headless Chromium."""

from __future__ import annotations

import json
import urllib.request

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


def _delete_workspaces(server) -> None:
    """Forget every saved JupyterLab workspace on ``server`` (open tabs, layout)."""
    base = f"{server.url}/lab/api/workspaces"
    with urllib.request.urlopen(f"{base}?token={server.token}", timeout=10) as response:
        listing = json.load(response)
    for workspace_id in listing.get("workspaces", {}).get("ids", []):
        request = urllib.request.Request(f"{base}/{workspace_id}?token={server.token}", method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()


def test_dashboard_renders_and_answers_a_keyboard_slider_move(jupyter, page, screenshots_dir):
    name = jupyter.add_notebook(REPO / "tests" / "notebooks" / "dashboard.ipynb")
    # Start from an empty workspace, so a notebook an earlier test opened is not restored
    # beside this one and made the current tab (Run All would then run that one).
    page.goto("about:blank")
    _delete_workspaces(jupyter)
    result = open_and_run(page, jupyter, name)
    assert result.errors == []
    plane = page.locator(".jp-NotebookPanel:visible img.entente-plane")
    balance = page.locator(".jp-NotebookPanel:visible img.entente-balance")
    # A second notebook in the session (the workspace restores the first one's tab) can
    # still be painting when Run All ends: wait for the dashboard, then read the page.
    try:
        plane.wait_for(state="visible", timeout=30_000)
    except Exception:
        page.screenshot(path=str(screenshots_dir / "dashboard_failure.png"), full_page=True)
        raise
    text = page.locator(".jp-NotebookPanel:visible").inner_text()
    assert "Error displaying widget" not in text and "Loading widget" not in text
    assert max(result.widget_views, page.locator(".jp-NotebookPanel:visible .jupyter-widgets").count()) > 0
    assert "Verdict: limited entente" in text
    before = {"plane": plane.get_attribute("src"), "balance": balance.get_attribute("src")}
    assert (before["plane"] or "").startswith(("blob:", "data:"))
    slider = page.locator(".jp-NotebookPanel:visible .widget-slider").first
    readout = slider.locator(".widget-readout")
    assert readout.inner_text().strip() == "0.80"  # the first strength factor's default
    slider.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    for which in ("plane", "balance"):  # one message per image: wait for each to arrive
        page.wait_for_function(
            "([selector, old]) => { const img = document.querySelector(selector); return img && img.src !== old; }",
            arg=[f".jp-NotebookPanel:not(.lm-mod-hidden) img.entente-{which}", before[which]], timeout=30_000)
    assert readout.inner_text().strip() == "0.85"
    page.screenshot(path=str(screenshots_dir / "dashboard.png"), full_page=True)
    balance.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / "dashboard_figures.png"), full_page=True)
    assert result.console_errors == []
