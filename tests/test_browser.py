"""Every notebook as a student sees it: JupyterLab and Notebook 7 in headless Chromium.

For each notebook and interface: Run All on a fresh kernel; no error output in any
cell; no "Error displaying widget" or "Loading widget"; no browser console errors;
widgets render as widgets; and on each interactive notebook a control moved with the
keyboard changes what is shown. A screenshot of each is kept in
artifacts/screenshots/ (CI lists them).
"""

from __future__ import annotations

import pytest

from entente_lab import load_case

from . import a11y
from .browser import INTERFACES, open_and_run
from .conftest import REPO

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# What the keyboard does in each notebook: a list of (selector, keys) steps; each
# selector is looked up in the cells' outputs of the visible notebook (never the
# toolbar), focused, then the keys are pressed.
KEYBOARD = {
    "00_start_here": [(".widget-radio-box input", ["Space"]), ("button:has-text('Check')", ["Enter"])],
    "01_read_the_interview": [(".widget-radio-box input", ["Space"]), ("button:has-text('Check')", ["Enter"])],
    "02_map_the_argument": [(".widget-toggle-buttons button", ["Enter"]), ("button:has-text('Check')", ["Enter"])],
    "03_weigh_the_factors": [(".widget-radio-box input", ["Space"]), ("input[placeholder*='why do you expect']",
                             ["type:Both sides are in the text"]), ("button:has-text('Record my prediction')",
                             ["Enter"]), (".widget-slider", ["slider-up"])],
    "04_stress_test": [(".widget-slider", ["slider-up"]), ("button:has-text('Run')", ["Enter"])],
    # the trilemma explorer's dropdown is a native <select>; the notebook sometimes takes
    # focus back from it before the key lands, so the exercise's radio buttons are used
    "05_the_trilemma": [(".widget-radio-box input", ["Space"]), ("button:has-text('Check')", ["Enter"])],
    "06_actors_and_regions": [(".widget-slider", ["slider-up"])],
    "07_your_verdict": [(".widget-slider", ["slider-up"])],
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


def slider_up(page, slider, interface: str) -> None:
    """Raise a slider with the keyboard, as a student would in each interface.

    JupyterLab: focus the handle, press ArrowRight. Notebook 7 handles its keyboard
    shortcuts before the page sees the key (capture phase), so in command mode the
    arrow keys move between cells instead of moving a focused slider; there the
    keyboard way is the slider's number box: focus it, type a value, press Enter.
    """
    if interface == "lab":
        slider.locator(".noUi-handle").focus()
        page.keyboard.press("ArrowRight")
        return
    readout = slider.locator(".widget-readout")
    readout.scroll_into_view_if_needed()
    current = (readout.text_content() or "").strip()
    value = f"{int(current) + 1}" if current.lstrip("-").isdigit() else f"{min(float(current) + 0.1, 1.0):.2f}"
    readout.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def press(page, control, keys: list[str], interface: str) -> None:
    for key in keys:
        if key == "slider-up":
            slider_up(page, control, interface)
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
    slider = page.locator(f"{PANEL} .widget-slider").first
    readout = slider.locator(".widget-readout")
    assert readout.inner_text().strip() == "0.80"  # the first strength factor's default
    slider.locator("[role=slider], input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")
    for which in ("plane", "balance"):  # one message per figure: wait for each to arrive
        page.wait_for_function(
            "([selector, old]) => { const svg = document.querySelector(selector); return svg && svg.innerHTML !== old; }",
            arg=[f"{PANEL} .entente-{which} svg[role=img]", before[which][1]], timeout=30_000)
        assert overlay[which].get_attribute("aria-label") != before[which][0]
    assert readout.inner_text().strip() == "0.85"
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
    for index in range(controls.count()):  # none squeezed to nothing
        control = controls.nth(index)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, index
    page.screenshot(path=str(screenshots_dir / "dashboard_scrolled.png"))
    assert result.console_errors == []
