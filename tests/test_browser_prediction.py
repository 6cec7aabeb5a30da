"""A prediction recorded in 03 is in the file saved from 07, as a student does it in JupyterLab.

One server, the two notebooks side by side in a folder of their own (so their
``submissions`` folder is theirs), each run in its own kernel as a student runs them;
everything is done from the keyboard: Space on a region, the reason typed and Enter in
the *Because* box; in 07 the name typed and Enter in the name box.
"""

from __future__ import annotations

import json

import pytest

from entente_lab import load_case
from entente_lab.classroom.prediction_file import PREDICTION_FILE

from .browser import open_and_run
from .conftest import REPO

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
REASON = "the costs pile up on one side"
#: JupyterLab in Chromium (see CONTRIBUTING.md).
pytestmark = pytest.mark.browser


def _output(page, selector: str):
    control = page.locator(f"{PANEL} .jp-OutputArea {selector}").first
    control.scroll_into_view_if_needed()
    control.focus()
    return control


def test_a_prediction_recorded_in_03_is_in_the_file_saved_from_07(jupyter, page, screenshots_dir):
    case = load_case()
    folder = "carry-prediction"
    first = jupyter.add_notebook(REPO / "notebooks" / "03_weigh_the_factors.ipynb", f"{folder}/03.ipynb")
    last = jupyter.add_notebook(REPO / "notebooks" / "07_your_verdict.ipynb", f"{folder}/07.ipynb")

    result = open_and_run(page, jupyter, first)
    assert result.errors == [], result.errors
    _output(page, ".entente-choice input[type=radio]")
    page.keyboard.press("Space")  # the first region
    _output(page, "input[placeholder*='why do you expect']")
    page.keyboard.type(REASON)
    page.keyboard.press("Enter")  # in the "Because" box: records, as Enter in 07's name box saves
    page.locator(f"{PANEL} .jp-OutputArea :text('Kept in')").first.wait_for(state="visible", timeout=30_000)
    recorded = page.locator(f"{PANEL} .jp-OutputArea :text('Recorded: you expect')").first.inner_text()
    # the file the gate names is there to see in the file browser (a name starting with a dot is not listed)
    page.evaluate(f"() => window.jupyterapp.commands.execute('filebrowser:go-to-path', {{path: '{folder}/submissions/'}})")
    page.locator(f".jp-DirListing-item:has-text('{PREDICTION_FILE}')").wait_for(state="visible", timeout=15_000)
    page.screenshot(path=str(screenshots_dir / "prediction-03-recorded.png"))

    result = open_and_run(page, jupyter, last)
    assert result.errors == [], result.errors
    line = page.locator(f"{PANEL} .jp-OutputArea :text('goes with this save')").first
    line.wait_for(state="visible", timeout=30_000)
    assert REASON in line.inner_text()
    _output(page, "input[placeholder='a name or a pseudonym']")
    page.keyboard.type("Ana")
    page.keyboard.press("Enter")
    page.locator(f"{PANEL} .jp-OutputArea :text('Saved')").first.wait_for(state="visible", timeout=30_000)
    page.screenshot(path=str(screenshots_dir / "prediction-07-saved.png"))

    saves = sorted(p for p in (jupyter.root / folder / "submissions").glob("*.json") if p.name != PREDICTION_FILE)
    assert len(saves) == 1, saves
    prediction = json.loads(saves[0].read_text(encoding="utf-8"))["prediction"]
    assert prediction is not None and prediction["reason"] == REASON
    assert case.region_label(prediction["region"]) in recorded  # the region the student chose in 03
