"""Every notebook as a student sees it: JupyterLab and Notebook 7 in headless Chromium.

For each notebook and interface: Run All on a fresh kernel; no error output in any
cell; no "Error displaying widget" or "Loading widget"; no browser console errors;
widgets render as widgets; and on each interactive notebook a control moved with the
keyboard changes what is shown. An arrow key on a focused choice, menu or slider
changes that control and leaves the notebook's active cell where it was, in both
interfaces. A screenshot of each is kept in artifacts/screenshots/ (CI lists them).
"""

from __future__ import annotations

import pytest

from entente_lab import load_case

from . import a11y
from .browser import _KERNEL_READY, INTERFACES, open_and_run
from .conftest import REPO

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: Every test here drives JupyterLab or Notebook 7 in Chromium (see CONTRIBUTING.md).
pytestmark = pytest.mark.browser

# What the keyboard does in each notebook: a list of (selector, keys) steps; each
# selector is looked up in the cells' outputs of the visible notebook (never the
# toolbar), focused, then the keys are pressed. "arrow:KEY" presses an arrow key on the
# focused control and checks that the control changed and the active cell did not.
CHOICE, MENU, SLIDER = ".entente-choice input[type=radio]", ".entente-dropdown select", ".entente-slider"
KEYBOARD = {
    "00_start_here": [(CHOICE, ["arrow:ArrowDown"]), ("button:has-text('Check')", ["Enter"])],
    "01_read_the_interview": [(CHOICE, ["arrow:ArrowDown"]), ("button:has-text('Check')", ["Enter"])],
    "02_map_the_argument": [(CHOICE, ["arrow:ArrowRight"]), ("button:has-text('Check')", ["Enter"])],
    "03_weigh_the_factors": [(CHOICE, ["arrow:ArrowDown"]), ("input[placeholder*='why do you expect']",
                             ["type:Both sides are in the text"]), ("button:has-text('Record my prediction')",
                             ["Enter"]), (SLIDER, ["slider-up"])],
    "04_stress_test": [(SLIDER, ["slider-up"]), ("button:has-text('Run')", ["Enter"])],
    "05_the_trilemma": [(MENU, ["arrow:ArrowDown"]), (CHOICE, ["arrow:ArrowDown"]), ("button:has-text('Check')", ["Enter"])],
    "06_actors_and_regions": [(SLIDER, ["slider-up"])],
    "07_your_verdict": [(SLIDER, ["slider-up"])],
    "class_dashboard": [],
}
NOTEBOOKS = sorted(KEYBOARD)

_SNAPSHOT = f"""() => {{
  const panel = document.querySelector('{PANEL}');
  if (!panel) return '';
  const images = [...panel.querySelectorAll('.jp-OutputArea img')].map(i => i.src.length + ':' + i.src.slice(-64));
  // what the outputs say, less the sliders' own readouts: a moved slider must change a figure or a text
  const text = [...panel.querySelectorAll('.jp-OutputArea .widget-html, .jp-OutputArea .jp-RenderedText')]
    .map(o => o.innerText).join('|');
  return images.join(',') + '#' + text;
}}"""


@pytest.fixture(scope="session")
def interface_console_errors(jupyter_servers, playwright_driver, tmp_path_factory):
    """What each interface logs to the console by itself, on an empty notebook, in this run.

    Notebook 7 logs two errors of its own on any notebook (an unregistered
    file-browser command, a settings schema it reads before it exists); a notebook
    under test may log those, and nothing more.
    """
    import nbformat

    from .browser import CHROMIUM_ARGS, require_chromium

    empty = tmp_path_factory.mktemp("empty") / "empty.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(notebook, empty)
    found = {}
    for interface in INTERFACES:
        server = jupyter_servers(interface)
        name = server.add_notebook(empty)
        context = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp(f"profile-{interface}")), executable_path=require_chromium(),
            headless=True, args=CHROMIUM_ARGS)
        try:
            found[interface] = set(open_and_run(context.new_page(), server, name, interface=interface).console_errors)
        finally:
            context.close()
    return found


def test_every_notebook_is_checked():
    assert sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb")) == NOTEBOOKS


_ACTIVE_CELL = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"

# What a focused control shows: the checked radio of its group, the chosen menu item, the slider's value.
_CONTROL_VALUE = """(e) => e.type === 'radio'
  ? [...e.closest('fieldset').querySelectorAll('input[type=radio]')].findIndex(i => i.checked)
  : e.tagName === 'SELECT' ? e.selectedIndex : e.value"""


def keep_focus(page, control) -> None:
    """Focus ``control`` and wait until it still has the focus (the notebook may take it back once, after Run All)."""
    for _ in range(5):
        control.focus()
        page.wait_for_timeout(150)
        if control.evaluate("(e) => e === document.activeElement"):
            return
    raise AssertionError(f"the notebook keeps taking the focus from {control}")


def arrow_changes_the_control(page, control, key: str) -> None:
    """``key`` on a focused control changes the control (a choice, a menu item, a value), not the active cell."""
    keep_focus(page, control)
    ring = control.evaluate("(e) => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] != "none" and ring[1] >= 2, f"the focused control shows no focus ring: {ring}"
    cell, value = page.evaluate(_ACTIVE_CELL), control.evaluate(_CONTROL_VALUE)
    page.keyboard.press(key)
    page.wait_for_timeout(200)
    after = control.evaluate(_CONTROL_VALUE)
    assert page.evaluate(_ACTIVE_CELL) == cell, f"{key} moved the notebook to another cell instead of changing the control"
    assert after != value, f"{key} on the focused control left it at {value!r}"


def slider_up(page, slider, interface: str) -> None:
    """Raise a slider with the keyboard, as a student would in either interface: focus it, press ArrowRight.

    The slider's number box shows the new value, one step higher; the active cell stays.
    """
    slider.locator("input[type=range]:not([disabled])").wait_for(timeout=15_000)  # 03 unlocks it after the prediction
    readout = slider.locator(".entente-readout")
    before = float(readout.input_value())
    arrow_changes_the_control(page, slider.locator("input[type=range]"), "ArrowRight")
    step = float(slider.locator("input[type=range]").get_attribute("step"))
    assert float(readout.input_value()) == pytest.approx(before + step), (interface, before, readout.input_value())


def press(page, control, keys: list[str], interface: str) -> None:
    for key in keys:
        if key == "slider-up":
            slider_up(page, control, interface)
        elif key.startswith("arrow:"):
            arrow_changes_the_control(page, control, key[6:])
        elif key.startswith("type:"):
            page.keyboard.type(key[5:])
        else:
            page.keyboard.press(key)


@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_and_answers_the_keyboard(name, interface, jupyter_servers, page, screenshots_dir,
                                                     interface_console_errors):
    server = jupyter_servers(interface)
    path = server.add_notebook(REPO / "notebooks" / f"{name}.ipynb")
    page.set_viewport_size(a11y.VIEWPORTS[0])  # a laptop's screen
    result = open_and_run(page, server, path, interface=interface)
    shot = screenshots_dir / f"{interface}-{name}.png"
    try:
        assert result.errors == [], result.errors
        assert "Error displaying widget" not in result.text and "Loading widget" not in result.text
        if KEYBOARD[name]:
            assert result.widget_views > 0, "this notebook shows widgets, but none rendered"
            page.locator(f"{PANEL} .jupyter-widgets").first.wait_for(state="visible", timeout=30_000)
            before = page.evaluate(_SNAPSHOT)
            # The notebook may take focus back from a control a moment after it was given
            # (then the key goes to the notebook instead): a student would simply press
            # again, so the steps are tried up to three times before the test gives up.
            for attempt in range(3):
                for selector, keys in KEYBOARD[name]:
                    control = page.locator(f"{PANEL} .jp-OutputArea {selector}").first
                    control.scroll_into_view_if_needed()
                    control.focus()
                    press(page, control, keys, interface)
                try:
                    page.wait_for_function(f"(old) => ({_SNAPSHOT})() !== old", arg=before, timeout=15_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
        seen = what_a_person_sees(page, f"{interface}-{name}", screenshots_dir)
        assert seen == [], "\n".join(seen)
        ours = [e for e in result.console_errors if e not in interface_console_errors[interface]]
        assert ours == [], ours
    finally:
        page.screenshot(path=str(shot), full_page=True)


def what_a_person_sees(page, label: str, screenshots_dir) -> list[str]:
    """The notebook's outputs as a person meets them after Run All, as a list of findings (empty: all is well).

    axe-core's serious and critical WCAG 2.1 A/AA violations; then, at 1366×900 and
    1920×1080 (the same page, resized), every control reachable and whole when
    scrolled to, no text drawn over other text or a control, no text cut off. The
    findings are also written to artifacts/a11y/<label>.json, and the viewport at each
    size to the screenshots folder.
    """
    assert page.locator(a11y.OUTPUTS).count() > 0, f"no outputs match {a11y.OUTPUTS!r}: the checks would see nothing"
    violations = a11y.axe_violations(page)
    geometry = a11y.what_a_person_sees(page, screenshots=screenshots_dir / label,
                                       first_shown=f"{a11y.OUTPUTS} .jupyter-widgets")
    a11y.record(screenshots_dir.parent / "a11y", label, axe=violations, geometry=geometry)
    return [str(v) for v in violations] + geometry


def test_dashboard_figures_follow_a_keyboard_slider_move(jupyter, page, screenshots_dir):
    """The dashboard in detail, at a laptop's 1366x900 with the file browser open.

    Each figure is a picture drawn once (decorative, ``alt=""``) under an SVG of what
    moves, named by the figure's one-sentence summary; a key press on a slider changes
    both SVGs and their names, and the readout follows. The plane stays in view beside
    the sliders down to the last control of the panel, and every control has a box.
    """
    page.set_viewport_size({"width": 1366, "height": 900})
    name = jupyter.add_notebook(REPO / "tests" / "notebooks" / "dashboard.ipynb")
    result = open_and_run(page, jupyter, name)
    assert result.errors == []
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    overlay = {which: page.locator(f"{PANEL} .entente-{which} svg[role=img]") for which in ("plane", "balance")}
    overlay["plane"].wait_for(state="visible", timeout=30_000)
    for which in ("plane", "balance"):
        assert page.locator(f"{PANEL} .entente-{which} img").count() == 1
        assert page.locator(f"{PANEL} .entente-{which} img").get_attribute("alt") == ""
    text = page.locator(PANEL).inner_text()
    assert "Verdict: limited entente" in text
    before = {which: (o.get_attribute("aria-label"), o.inner_html()) for which, o in overlay.items()}
    assert before["plane"][0].startswith("The paradox plane: your weighting lands in the limited entente region")
    slider = page.locator(f"{PANEL} {SLIDER}").first
    readout = slider.locator(".entente-readout")
    assert readout.input_value() == "0.80"  # the first strength factor's default
    slider.locator("input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    for which in ("plane", "balance"):  # one message per figure: wait for each to arrive
        page.wait_for_function(
            "([selector, old]) => { const svg = document.querySelector(selector); return svg && svg.innerHTML !== old; }",
            arg=[f"{PANEL} .entente-{which} svg[role=img]", before[which][1]], timeout=30_000)
        assert overlay[which].get_attribute("aria-label") != before[which][0]
    assert readout.input_value() == "0.85"
    page.screenshot(path=str(screenshots_dir / "dashboard.png"))

    # The last control of the panel, scrolled to: it has a box, and the plane is beside it, all in view.
    viewport = page.viewport_size
    controls = page.locator(f"{PANEL} .entente-weights-panel :is([role=slider], input, select, button)")
    assert controls.count() > 2 * len(load_case().factors)
    last = controls.last
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    plane = page.locator(f"{PANEL} .entente-plane").bounding_box()
    shown = last.bounding_box()
    assert shown["width"] > 0 and shown["height"] > 0
    assert 0 <= plane["y"] and plane["y"] + plane["height"] <= viewport["height"], plane
    assert plane["x"] >= shown["x"] + shown["width"] and plane["x"] + plane["width"] <= viewport["width"], (plane, shown)
    verdict = page.locator(f"{PANEL} .entente-verdict").bounding_box()
    assert not _overlap([plane["x"], plane["y"], plane["x"] + plane["width"], plane["y"] + plane["height"]],
                        [verdict["x"], verdict["y"], verdict["x"] + verdict["width"], verdict["y"] + verdict["height"]]), \
        ("the verdict slides under the plane", plane, verdict)
    for index in range(controls.count()):  # none squeezed to nothing
        control = controls.nth(index)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, index
    page.screenshot(path=str(screenshots_dir / "dashboard_scrolled.png"))
    assert result.console_errors == []


# The boxes a student sees in a choice: each answer's line (ours, or ipywidgets' radio items), its
# radio circle, and the Check button under them.
_CHOICE_BOXES = """(panel) => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const group = panel.querySelector('.jp-OutputArea .entente-choice, .jp-OutputArea .widget-radio-box');
  const exercise = group.closest('.widget-vbox');
  return {
    options: [...group.querySelectorAll('.entente-option, label')].map(box),
    circles: [...group.querySelectorAll('input[type=radio]')].map(box),
    check: box([...exercise.querySelectorAll('button')].find(b => b.innerText.includes('Check'))),
  };
}"""


def _overlap(a, b, slack: float = 0.5) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def _inside(inner, outer, slack: float = 0.5) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


@pytest.mark.parametrize("name", ["00_start_here", "01_read_the_interview"])
def test_the_answers_of_a_choice_never_overlap_each_other_or_the_check_button(name, jupyter, page, screenshots_dir):
    """At a laptop's 1366x900 the long answer wraps onto its own lines, with its own radio circle."""
    page.set_viewport_size({"width": 1366, "height": 900})
    result = open_and_run(page, jupyter, jupyter.add_notebook(REPO / "notebooks" / f"{name}.ipynb"))
    assert result.errors == []
    group = page.locator(f"{PANEL} .jp-OutputArea .entente-choice, {PANEL} .jp-OutputArea .widget-radio-box").first
    group.wait_for(state="visible", timeout=30_000)
    group.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / f"choices-{name}-1366x900.png"))
    boxes = page.locator(PANEL).evaluate(_CHOICE_BOXES)
    options, circles = boxes["options"], boxes["circles"]
    assert len(options) == len(circles) >= 2
    for i, option in enumerate(options):
        assert option[2] - option[0] > 0 and option[3] - option[1] > 0, f"answer {i + 1} has an empty box: {option}"
        assert circles[i][2] - circles[i][0] >= 10 and circles[i][3] - circles[i][1] >= 10, f"answer {i + 1}'s circle"
        assert _inside(circles[i], option), f"answer {i + 1}'s circle {circles[i]} is outside its line {option}"
        for j in range(i + 1, len(options)):
            assert not _overlap(option, options[j]), f"answers {i + 1} and {j + 1} overlap: {option} {options[j]}"
        assert not _overlap(option, boxes["check"]), f"answer {i + 1} overlaps the Check button: {option} {boxes['check']}"


_KERNEL_PRINTS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let text = '';
  const future = kernel.requestExecute({code, store_history: false});
  future.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') text += msg.content.text; };
  await future.done;
  return text.trim();
}"""


def test_a_slider_sends_every_key_press_and_coalesces_a_fast_drag(jupyter, page):
    """Each key press reaches the kernel; a drag faster than the kernel sends fewer values, the last one last."""
    result = open_and_run(page, jupyter, jupyter.add_notebook(REPO / "tests" / "notebooks" / "dashboard.ipynb"))
    assert result.errors == []
    slider = page.locator(f"{PANEL} {SLIDER}").first
    track = slider.locator("input[type=range]")
    track.wait_for(state="visible", timeout=30_000)
    kernel = page.evaluate(_KERNEL_PRINTS, "seen = []\nfirst = next(iter(dashboard.sliders.values()))\n"
                                           "first.observe(lambda change: seen.append(change['new']), names='value')\n"
                                           "print(first.value)")
    assert kernel == "0.8"

    def seen() -> list[float]:
        page.wait_for_timeout(500)
        page.wait_for_function(_KERNEL_READY)  # the kernel is idle: nothing is still on its way
        return [float(v) for v in page.evaluate(_KERNEL_PRINTS, "print(*seen)").split()]

    keep_focus(page, track)
    for _ in range(3):  # as a person presses them: each press is its own message
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(700)
    assert seen() == [0.75, 0.7, 0.65]

    # A kernel slower than the drag (as a busy one is): 150 ms per value, so a drag of 40
    # positions must be coalesced, whatever the speed of this machine.
    page.evaluate(_KERNEL_PRINTS, "import time\nseen.clear()\n"
                                  "first.observe(lambda change: time.sleep(0.15), names='value')")
    moved = track.evaluate("(e) => { window.__values = new Set(); e.addEventListener('input', () => window.__values.add(e.value)); }")
    assert moved is None
    box = track.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2, steps=40)
    page.mouse.up()
    passed = page.evaluate("() => window.__values.size")
    values = seen()
    assert values and values[-1] == float(track.input_value()) == 1.0  # the latest value wins
    assert len(values) < passed, f"{len(values)} messages for {passed} positions: nothing was coalesced"

    page.evaluate(_KERNEL_PRINTS, "first.value = 0.3")  # and a value set in Python (a preset, a reset) is shown
    page.wait_for_function("(e) => e.value === '0.3'", arg=track.element_handle(), timeout=15_000)
    assert slider.locator(".entente-readout").input_value() == "0.30"


_OVERLAY = f"{PANEL} .entente-plane .entente-overlay"

_COUNT_CHANGES = """(selector) => {
  window.__overlayChanges = 0;
  new MutationObserver(() => { window.__overlayChanges += 1; })
    .observe(document.querySelector(selector), {subtree: true, childList: true, attributes: true, characterData: true});
}"""

_SHOWS = """([selector, markup]) => {  // the overlay shows ``markup`` (both serialised by the browser)
  const parsed = document.createElement('div');
  parsed.innerHTML = markup;
  return parsed.innerHTML === document.querySelector(selector).innerHTML;
}"""


def test_a_key_press_shows_the_frame_the_kernel_drew_ahead_and_only_when_it_still_fits(jupyter, page):
    """With a kernel slower than the key (2.5 s a value), a step on the focused slider shows at once the frame the
    kernel drew ahead for it; the kernel's answer then changes nothing. A second step, or a step after another control
    was used, waits for the kernel, and the figure ends as the kernel draws it."""
    result = open_and_run(page, jupyter, jupyter.add_notebook(REPO / "tests" / "notebooks" / "dashboard.ipynb"))
    assert result.errors == []
    slider = page.locator(f"{PANEL} {SLIDER}").first
    track = slider.locator("input[type=range]")
    track.wait_for(state="visible", timeout=30_000)
    page.evaluate(_KERNEL_PRINTS, "plane = dashboard.plane_overlay\nfirst = next(iter(dashboard.sliders))")

    def kernel(code: str) -> str:
        page.wait_for_function(_KERNEL_READY, timeout=30_000)
        return page.evaluate(_KERNEL_PRINTS, code)

    def settled() -> None:
        page.wait_for_timeout(600)
        page.wait_for_function(_KERNEL_READY, timeout=30_000)
        page.wait_for_timeout(300)

    keep_focus(page, track)  # the focus asks the kernel to draw this slider's next steps
    settled()
    assert kernel("print(*sorted(plane.ahead['frames'][f'weight/{first}']))") == "0.75 0.85"
    ahead = kernel("print(plane.ahead['frames'][f'weight/{first}']['0.85'])")
    page.evaluate(_COUNT_CHANGES, _OVERLAY)
    kernel("import time\nslow = dashboard.sliders[first]\nslow.set_state = lambda state, apply=slow.set_state: "
           "(time.sleep(2.5), apply(state))")  # each value from the browser waits 2.5 s before the kernel takes it

    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(700)
    assert page.evaluate("() => window.__overlayChanges") >= 1, "the frame drawn ahead was not shown"
    assert page.evaluate(_SHOWS, [_OVERLAY, ahead])
    settled()
    assert kernel("print(dashboard.sliders[first].value)") == "0.85"
    changes = page.evaluate("() => window.__overlayChanges")
    assert page.evaluate(_SHOWS, [_OVERLAY, kernel("print(plane.value)")])  # the kernel's frame is the one shown
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__overlayChanges") == changes

    # Three steps before the kernel answers: the first shows its frame at once; the kernel's frames for it, drawn
    # ahead from there, arrive while the slider is two steps further, so a step back does not fit them: it waits.
    page.keyboard.press("ArrowRight")  # 0.90, drawn ahead
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowRight")  # 0.95, waits
    page.keyboard.press("ArrowRight")  # 1.00, waits
    page.wait_for_timeout(300)
    shown = page.evaluate("() => window.__overlayChanges")
    page.wait_for_timeout(2400)  # the kernel has taken 0.90 and sent the frames drawn ahead from it (0.85, 0.95)
    page.keyboard.press("ArrowLeft")  # 0.95: drawn ahead, but from 0.90, not from where the slider is
    page.wait_for_timeout(600)
    assert page.evaluate("() => window.__overlayChanges") == shown, "a frame drawn for another slider value was shown"
    settled()
    assert kernel("print(dashboard.sliders[first].value)") == "0.95"
    assert page.evaluate(_SHOWS, [_OVERLAY, kernel("print(plane.value)")])

    # another control of the dashboard used (a quote shown): the frames are put aside until the kernel sends new ones
    page.locator(f"{PANEL} .entente-weights-panel .entente-icon").first.click()
    keep_focus(page, track)
    settled()
    before = page.evaluate("() => window.__overlayChanges")
    page.keyboard.press("ArrowLeft")  # 0.90: drawn ahead from 0.95, but another control was used since
    page.wait_for_timeout(700)
    assert page.evaluate("() => window.__overlayChanges") == before, "a frame was shown after another control was used"
    settled()
    assert kernel("print(dashboard.sliders[first].value)") == "0.9"
    assert page.evaluate(_SHOWS, [_OVERLAY, kernel("print(plane.value)")])
    assert result.console_errors == []
