"""A prediction recorded in 03 is in the file saved from 07, as a student does it, in JupyterLab and Notebook 7.

One server per interface, the two notebooks side by side in a folder of their own (so
their ``submissions`` folder is theirs), each run in its own kernel as a student runs
them. In 03: Space on a region, the reason typed, then a click on another region —
leaving the *Because* box records nothing, so the student is not held to the first
region — then Enter in the box records the second region with the whole reason. In 07:
the name typed, Tab out of the box saves nothing, Enter in the box saves, and the
button pressed after it writes no second file.
"""

from __future__ import annotations

import json

import pytest

from entente_lab import REGIONS, load_case
from entente_lab.classroom.prediction_file import PREDICTION_FILE

from .browser import INTERFACES, open_and_run
from .conftest import REPO

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
REASON = "the costs pile up on one side, and both say so at every meeting"
NAME = "Ana Lee-Moreau"
#: Long enough for a kernel round trip on a busy 2-core machine: what leaving a box would
#: have done shows by then (it takes well under a second when it happens).
SETTLE_MS = 1500
#: JupyterLab and Notebook 7 in Chromium (see CONTRIBUTING.md).
pytestmark = pytest.mark.browser


def _output(page, selector: str):
    control = page.locator(f"{PANEL} .jp-OutputArea {selector}").first
    control.scroll_into_view_if_needed()
    control.focus()
    return control


def _saves(folder) -> list:
    return sorted(p for p in (folder / "submissions").glob("*.json") if p.name != PREDICTION_FILE)


@pytest.mark.parametrize("interface", INTERFACES)
def test_a_prediction_recorded_in_03_is_in_the_file_saved_from_07(interface, jupyter_servers, page, screenshots_dir):
    case = load_case()
    server = jupyter_servers(interface)
    folder = f"carry-prediction-{interface}"
    first = server.add_notebook(REPO / "notebooks" / "03_weigh_the_factors.ipynb", f"{folder}/03.ipynb")
    last = server.add_notebook(REPO / "notebooks" / "07_your_verdict.ipynb", f"{folder}/07.ipynb")
    kept = server.root / folder / "submissions" / PREDICTION_FILE

    result = open_and_run(page, server, first, interface=interface)
    assert result.errors == [], result.errors
    _output(page, ".entente-choice input[type=radio]")
    page.keyboard.press("Space")  # the first region
    reason = _output(page, "input[placeholder*='why do you expect']")
    page.keyboard.type(REASON)
    other = page.locator(f"{PANEL} .jp-OutputArea .entente-choice input[type=radio]").nth(1)
    other.click()  # the student changes their mind after typing: leaving the box must not record the first region
    page.wait_for_timeout(SETTLE_MS)
    assert other.is_checked() and not other.is_disabled(), "leaving the 'Because' box locked the choice"
    assert page.locator(f"{PANEL} .jp-OutputArea :text('Recorded: you expect')").count() == 0
    assert not kept.exists(), "leaving the 'Because' box recorded a prediction"

    reason.focus()
    page.keyboard.press("End")
    page.keyboard.press("Enter")  # in the "Because" box: records, as Enter in 07's name box saves
    page.locator(f"{PANEL} .jp-OutputArea :text('Kept in')").first.wait_for(state="visible", timeout=30_000)
    # the box that had the focus is locked now: the focus is on the dashboard's first slider, not on <body>
    page.wait_for_function("() => document.activeElement.matches('.entente-dashboard input[type=range]')", timeout=10_000)
    recorded = page.locator(f"{PANEL} .jp-OutputArea :text('Recorded: you expect')").first.inner_text()
    assert case.region_label(REGIONS[1]) in recorded and REASON in recorded, recorded
    assert json.loads(kept.read_text(encoding="utf-8"))["reason"] == REASON
    if interface == "lab":  # the file the gate names is there to see in the file browser
        page.evaluate(f"() => window.jupyterapp.commands.execute('filebrowser:go-to-path', {{path: '{folder}/submissions/'}})")
        page.locator(f".jp-DirListing-item:has-text('{PREDICTION_FILE}')").wait_for(state="visible", timeout=15_000)
    page.screenshot(path=str(screenshots_dir / f"prediction-03-recorded-{interface}.png"))

    result = open_and_run(page, server, last, interface=interface)
    assert result.errors == [], result.errors
    line = page.locator(f"{PANEL} .jp-OutputArea :text('goes with this save')").first
    line.wait_for(state="visible", timeout=30_000)
    assert REASON in line.inner_text()
    name = _output(page, "input[placeholder='a name or a pseudonym']")
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")  # leaving the name box saves nothing
    page.wait_for_timeout(SETTLE_MS)
    assert _saves(server.root / folder) == [] and page.locator(f"{PANEL} .jp-OutputArea :text('Saved')").count() == 0
    name.focus()
    page.keyboard.press("Enter")
    page.locator(f"{PANEL} .jp-OutputArea :text('Saved')").first.wait_for(state="visible", timeout=30_000)
    _output(page, "button:has-text('Save my work')")
    page.keyboard.press("Enter")  # the button after Enter, nothing changed: no second file
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(screenshots_dir / f"prediction-07-saved-{interface}.png"))

    saves = _saves(server.root / folder)
    assert len(saves) == 1, saves
    saved = json.loads(saves[0].read_text(encoding="utf-8"))
    assert saved["name"] == NAME
    assert saved["prediction"] is not None and saved["prediction"]["reason"] == REASON
    assert saved["prediction"]["region"] == REGIONS[1]  # the region the student chose last in 03
