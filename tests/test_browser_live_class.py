"""The instructor's live view in JupyterLab: hand-ins from other processes show up with no cell run again.

A private JupyterLab whose kernels get the class folder from the environment, as a hub
sets it for every user; the class dashboard is run once, then students hand in, each
from a process of its own, all at once. The page must show the new count within 5 s of
the last hand-in's return, and a hostile file dropped in the folder must be listed with
its reason while the good ones still count.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from entente_lab import load_case
from entente_lab.analysis.model import REGIONS

from .browser import JupyterServer, open_and_run
from .conftest import REPO

pytestmark = pytest.mark.browser

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
COUNT = f"{PANEL} .entente-live-class .entente-live-count"
SKIPPED = f"{PANEL} .entente-live-class .entente-live-skipped"
CLASS_SIZE = 30
#: From the last hand-in's return to the page showing it, at most (the issue's bound).
WITHIN_SECONDS = 5.0

#: One student handing in: the submission written into the class folder, then the time it returned.
_HAND_IN = """
import random, sys, time
from entente_lab import load_case, save_weighting
case = load_case()
name, folder, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
preset = case.presets[seed % len(case.presets)]  # a reading near one of the presets, as a class spreads
weights = {fid: min(1.0, max(0.0, round(w + rng.gauss(0, 0.2), 2))) for fid, w in preset.weights.items()}
save_weighting(case, weights, name=name, folder=folder)
print(time.time())
"""

#: Starts recording, in the page, when the count first reads ``text`` (``window.ententeShownAt``, seconds
#: since the epoch: the page's clock is this machine's).
_WATCH = """(text) => {
  window.ententeShownAt = null;
  const check = () => {
    const count = document.querySelector('%s');
    if (count && count.innerText.trim().startsWith(text) && window.ententeShownAt === null) {
      window.ententeShownAt = Date.now() / 1000;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  check();
}""" % COUNT


def hand_in_at_once(folder, names: list[str]) -> list[float]:
    """Every student hands in from a process of their own, started together; when each hand-in returned."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    processes = [subprocess.Popen([sys.executable, "-c", _HAND_IN, name, str(folder), name.split()[-1]],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for name in names]
    returned = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        returned.append(float(out.strip().splitlines()[-1]))
    return returned


@pytest.fixture
def class_server(tmp_path):
    """A JupyterLab whose kernels are told the class folder by the environment, as on a hub."""
    folder = tmp_path / "class"
    folder.mkdir()
    server = JupyterServer(tmp_path / "server")
    try:
        server.start(env_extra={"ENTENTE_LAB_CLASS": str(folder)})
        yield server, folder
    finally:
        server.stop()


def test_the_live_view_counts_hand_ins_as_they_arrive_and_lists_a_hostile_file(class_server, page, screenshots_dir):
    server, folder = class_server
    case = load_case()
    notebook = server.add_notebook(REPO / "notebooks" / "class_dashboard.ipynb")
    result = open_and_run(page, server, notebook)
    assert result.errors == [], result.errors
    count = page.locator(COUNT)
    count.wait_for(state="visible", timeout=30_000)
    assert "0 students have handed in" in count.inner_text()
    runs = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.executionCount)")

    # a first wave, then everyone: each time the page catches up by itself
    for names in ([f"Student {i:02d}" for i in range(1, 6)], [f"Student {i:02d}" for i in range(6, CLASS_SIZE + 1)]):
        expected = f"{int(names[-1].split()[-1])} students have handed in"
        page.evaluate(_WATCH, expected)
        last = max(hand_in_at_once(folder, names))
        page.wait_for_function("() => window.ententeShownAt !== null", timeout=60_000)
        seen = page.evaluate("() => window.ententeShownAt")
        assert seen - last <= WITHIN_SECONDS, f"the count showed {seen - last:.1f} s after the last hand-in"
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.executionCount)"
                         ) == runs  # no cell was run again
    page.set_viewport_size({"width": 1400, "height": 1500})  # the whole view on screen for the screenshot
    view = page.locator(f"{PANEL} .entente-live-class")
    view.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    alt = view.locator("img").first.get_attribute("alt")
    assert alt.startswith(f"Of {CLASS_SIZE} students")
    assert any(case.region_label(code) in alt for code in REGIONS)
    view.screenshot(path=str(screenshots_dir / "live-class-30-hand-ins.png"))

    # a hostile file, a file that is not a submission, a FIFO: listed with their reasons; the 30 still count
    (folder / "evil.json").write_text('{"schema": "entente-lab/submission", "name": ', encoding="utf-8")
    (folder / "passwd.json").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.json")
    skipped = page.locator(SKIPPED)
    skipped.wait_for(state="visible", timeout=WITHIN_SECONDS * 1000)
    page.wait_for_function(f"() => document.querySelector('{COUNT}').innerText.includes('Skipped files: 3.')",
                           timeout=WITHIN_SECONDS * 1000)
    listed = skipped.inner_text()
    assert "evil.json: invalid JSON" in listed, listed
    assert "pipe.json" in listed and "passwd.json" in listed, listed
    assert f"{CLASS_SIZE} students have handed in" in count.inner_text()
    assert result.console_errors == [], result.console_errors
    view.screenshot(path=str(screenshots_dir / "live-class-hostile-files.png"))
