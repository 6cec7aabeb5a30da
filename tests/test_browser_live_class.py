"""The instructor's live view in JupyterLab: hand-ins from other users show up with no cell run again.

A private JupyterLab whose kernel (the instructor's) is told the class folder by the
environment, as a hub tells every user; the class dashboard is run once. Then students
hand in, each as a user of their own (``setpriv`` to a uid of their own, their hub name
in ``JUPYTERHUB_USER``), each from a process of its own, all at once, some twice. The
page must show the new count within 5 s of the last hand-in's return, and hostile files
dropped in the folder must be listed with their reasons while the good ones still count.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import pytest

from entente_lab.analysis.model import REGIONS
from entente_lab.classroom.class_folder import CLASS_FOLDER_VARIABLE, create_class

from . import a11y
from .browser import JupyterServer, open_and_run
from .conftest import REPO

pytestmark = pytest.mark.browser

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
COUNT = f"{PANEL} .entente-live-class .entente-live-count"
SKIPPED = f"{PANEL} .entente-live-class .entente-live-skipped"
CLASS_SIZE = 30
#: From the last hand-in's return to the page showing it, at most (the issue's bound).
WITHIN_SECONDS = 5.0

#: One student handing in from their own server: save the work, then "Hand in to the class"; when it returned.
_HAND_IN = """
import random, sys, tempfile, time
from entente_lab import load_case, save_weighting
from entente_lab.classroom.class_folder import class_folder_from_environment, hand_in
case = load_case()
name, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
preset = case.presets[seed % len(case.presets)]  # a reading near one of the presets, as a class spreads
weights = {fid: min(1.0, max(0.0, round(w + rng.gauss(0, 0.2), 2))) for fid, w in preset.weights.items()}
saved = save_weighting(case, weights, name=name, folder=tempfile.mkdtemp())
hand_in(class_folder_from_environment(), saved.read_bytes())
print(time.time())
"""
#: What a tick looks like on the kernel's websocket (the browser's JSON of the widget's custom message).
_TICK = b'"event":"tick"'
#: The first student's user id; student n is FIRST_UID + n.
FIRST_UID = 41000


#: Starts recording, in the page, when the count first reads ``text`` (``window.ententeShownAt``, seconds
#: since the epoch: the page's clock is this machine's).
_WATCH = """(text) => {
  window.ententeShownAt = null;
  const check = () => {
    const count = document.querySelector('COUNT');
    if (count && count.innerText.trim().startsWith(text) && window.ententeShownAt === null) {
      window.ententeShownAt = Date.now() / 1000;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  check();
}""".replace("COUNT", COUNT)


def student_command() -> list[str]:
    """A Python another user may run, with this package and its dependencies on its path (skip when none)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("handing in as other users needs root and setpriv")
    probe = ["setpriv", f"--reuid={FIRST_UID}", f"--regid={FIRST_UID}", "--clear-groups"]
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for python in dict.fromkeys([sys._base_executable, f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]):
        if os.path.exists(python) and subprocess.run([*probe, python, "-c", "0"], cwd="/",
                                                     capture_output=True).returncode == 0:
            return [python, "-c", _HAND_IN]
    pytest.skip(f"no Python {version} that another user may run (pyenv under /root is not one)")


def hand_in_at_once(folder: Path, students: list[int]) -> list[float]:
    """Each student hands in as their own user, from a process of their own, all started together; when each returned."""
    command = student_command()
    path = os.pathsep.join([str(REPO / "src"), sysconfig.get_paths()["purelib"]])
    processes = []
    for n in students:
        uid = FIRST_UID + n
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONPATH": path,
               CLASS_FOLDER_VARIABLE: str(folder), "JUPYTERHUB_USER": f"uid {uid}"}  # the hub's name for the user
        processes.append(subprocess.Popen(
            ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command, f"Student {n:02d}", str(n)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd="/tmp"))
    returned = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        returned.append(float(out.strip().splitlines()[-1]))
    return returned


@pytest.fixture
def class_server(tmp_path, case):
    """A JupyterLab whose kernels are told the class folder by the environment, as on a hub; the class folder."""
    shared = Path(tempfile.mkdtemp(prefix="entente-live-class-"))
    shared.chmod(0o755)  # the shared volume: every user may enter it (pytest's tmp_path is root's alone)
    folder = create_class(shared / "class", case=case, title="Live class test")
    server = JupyterServer(tmp_path / "server")
    try:
        server.start(env_extra={CLASS_FOLDER_VARIABLE: str(folder.path)})
        yield server, folder
    finally:
        server.stop()
        shutil.rmtree(shared)


def test_the_live_view_counts_hand_ins_as_they_arrive_and_lists_hostile_files(class_server, case, page,
                                                                                screenshots_dir):
    server, folder = class_server
    ticks: list[float] = []  # when the page sent the kernel a tick (over the kernel's websocket)
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: ticks.append(time.monotonic())
                                          if _TICK in (frame if isinstance(frame, bytes) else frame.encode()) else None))
    notebook = server.add_notebook(REPO / "notebooks" / "class_dashboard.ipynb")
    result = open_and_run(page, server, notebook)
    assert result.errors == [], result.errors
    count = page.locator(COUNT)
    count.wait_for(state="visible", timeout=30_000)
    assert "0 students have handed in" in count.inner_text()
    runs = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.executionCount)")

    # a first wave, then everyone, two of the first wave handing in again: each time the page catches up by itself
    for students, expected in ((range(1, 6), 5), ([1, 2, *range(6, CLASS_SIZE + 1)], CLASS_SIZE)):
        page.evaluate(_WATCH, f"{expected} students have handed in")
        last = max(hand_in_at_once(folder.path, list(students)))
        page.wait_for_function("() => window.ententeShownAt !== null", timeout=60_000)
        seen = page.evaluate("() => window.ententeShownAt")
        assert seen - last <= WITHIN_SECONDS, f"the count showed {seen - last:.1f} s after the last hand-in"
        print(f"{expected} students: the page showed the count {seen - last:.2f} s after the last hand-in returned")
    assert len(os.listdir(folder.inbound)) == CLASS_SIZE + 2  # the earlier hand-ins are kept, not counted
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.executionCount)"
                         ) == runs  # no cell was run again
    page.set_viewport_size({"width": 1400, "height": 1500})  # the whole view on screen for the screenshot
    view = page.locator(f"{PANEL} .entente-live-class")
    view.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    alt = view.locator("img").first.get_attribute("alt")
    assert alt.startswith(f"Of {CLASS_SIZE} students")
    assert any(case.region_label(code) in alt for code in REGIONS)
    view.screenshot(path=str(screenshots_dir / "live-class-30-hand-ins.png"))
    assert a11y.axe_violations(page, f"{PANEL} .entente-live-class") == []  # WCAG 2.1 A/AA, serious and critical

    # a hostile file, a file that is not a submission, a FIFO: listed with their reasons; the 30 still count
    (folder.inbound / "evil.json").write_text('{"schema": "entente-lab/submission", "name": ', encoding="utf-8")
    (folder.inbound / "passwd.json").symlink_to("/etc/passwd")
    os.mkfifo(folder.inbound / "pipe.json")
    skipped = page.locator(SKIPPED)
    skipped.wait_for(state="visible", timeout=WITHIN_SECONDS * 1000)
    page.wait_for_function(f"() => document.querySelector('{COUNT}').innerText.includes('Files not counted: 3.')",
                           timeout=WITHIN_SECONDS * 1000)
    listed = skipped.inner_text()
    assert "evil.json: invalid JSON" in listed, listed
    assert "pipe.json" in listed and "passwd.json" in listed and "root:x:0" not in listed, listed
    assert f"{CLASS_SIZE} students have handed in" in count.inner_text()
    assert result.console_errors == [], result.console_errors
    view.screenshot(path=str(screenshots_dir / "live-class-hostile-files.png"))

    # the view's clock stops with the view: its output cleared, no more ticks reach the kernel
    assert len(ticks) >= 5, ticks
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.locator(f"{PANEL} .entente-live-class").wait_for(state="detached", timeout=10_000)
    page.wait_for_timeout(1000)  # a tick already on its way
    stopped = len(ticks)
    page.wait_for_timeout(12_000)  # longer than a view waits for an answer before it ticks again (10 s)
    assert len(ticks) == stopped, f"{len(ticks) - stopped} ticks after the view was gone"
