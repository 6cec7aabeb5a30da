"""Slider-to-settled-figure latency in the browser: the Dashboard against the naive replot pattern.

What a student feels: JupyterLab in headless Chromium, one notebook holding the designs,
the same key presses on a focused slider of each, in blocks that alternate between the
designs so that other work on the machine falls on all alike.

- **ours**: ``entente_lab.widgets.Dashboard`` (its figures are the elements under
  ``.entente-dashboard .entente-layered``). The kernel draws both figures one step down
  and up on the focused slider ahead of time (``entente_lab.widgets.overlay``), so a key
  press shows a frame the kernel drew already, and the kernel's answer changes nothing.
  The presses here come at least 600 ms apart, so those frames are always ready; a press
  that comes before them (or a step of a drag) costs what **no-ahead** shows.
- **naive**: ``ipywidgets.interactive_output`` with a function that draws both figures
  with ``plt.subplots`` and the same plotting functions and calls ``plt.show()`` (the
  inline backend's PNGs, in the ``Output`` widget under ``.entente-naive``).
- **no-ahead** (``--no-ahead``): the Dashboard with its sliders' keys cleared, so nothing
  is drawn ahead and every move waits for the kernel's new frames: what a key press
  costs when the step was not drawn ahead (the first press right after the focus
  arrives, a press while the kernel is still busy, a step of a drag).
- **floor** (``--floor``): one of our sliders updating a tiny ``widgets.HTML`` SVG (the
  value as text) from a Python observer: a kernel round trip and a trivial DOM update,
  the least any design that waits for the kernel can cost in this harness.

One move: focus the slider (the first element matching ``[role=slider], input[type=range]``
in the design's output, so it fits both a noUiSlider handle and a native range input),
press an arrow key, and wait until the figure has settled: no change to it for 600 ms. The
latency is from the ``keydown`` (``performance.now()`` in the page) to the last change of the
figure (a ``MutationObserver`` on the design's figure elements: an ``<img>``'s ``src``, an SVG's
content), once the kernel is idle again (so that no work of one move is left to delay the next,
or the other design's next block). The slider walks down to 0 and back up, so the figures go through states they have
not shown yet as well as states they have. Bytes are what the kernel sent over the widget
websocket between the key and the settled figure. The "drawn" columns add the browser's own
drawing: from the key to the first timer task after the animation frame that follows the last
change (style, layout and paint of the new figure, plus the wait for the frame). It is an upper
bound: that task can also wait behind other work of the page, such as the kernel's answer
arriving after a frame drawn ahead was shown. Run it as a script; it prints, never asserts::

    python benchmarks/browser_latency.py [--moves 36] [--block 6] [--no-ahead] [--floor]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import CHROMIUM_ARGS, JupyterServer, find_chromium, open_and_run  # noqa: E402

SLIDER = "[role=slider], input[type=range]"
DESIGNS = {
    "ours": {"root": ".entente-dashboard:not(.entente-no-ahead)", "figure": ".entente-layered"},
    "naive": {"root": ".entente-naive", "figure": ".widget-output"},
    "no-ahead": {"root": ".entente-no-ahead", "figure": ".entente-layered"},
    "floor": {"root": ".entente-floor", "figure": ".entente-floor-figure"},
}
#: The cell that shows each design (after the first, which loads the case).
SETTLE_MS = 600

SETUP = "from entente_lab import load_case\nfrom entente_lab.widgets import Dashboard\ncase = load_case()"
CELLS = {
    "ours": "dashboard = Dashboard(case)\ndashboard",
    "naive": """import ipywidgets as widgets
import matplotlib.pyplot as plt
from entente_lab import assess
from entente_lab.plots import plot_balance, plot_plane

first = case.factors[0]
naive_slider = widgets.FloatSlider(value=first.default_weight, min=0, max=1, step=0.05, description=first.label)

def show(value):
    weights = {**case.default_weights(), first.id: value}
    assessment = assess(case, weights)
    _, ax = plt.subplots(figsize=(4.4, 4.2), layout="constrained")
    plot_plane(assessment, case, ax=ax)
    _, axes = plt.subplots(1, 2, figsize=(9.0, 4.0), layout="constrained")
    plot_balance(assessment, case, ax=axes)
    plt.show()

naive = widgets.VBox([naive_slider, widgets.interactive_output(show, {"value": naive_slider})])
naive.add_class("entente-naive")
naive""",
    "no-ahead": """no_ahead = Dashboard(case)
for slider in [*no_ahead.sliders.values(), *no_ahead.panel.trust.values(), no_ahead.panel.months]:
    slider.key = ""  # no key: the figures draw nothing ahead
no_ahead.add_class("entente-no-ahead")
no_ahead""",
    "floor": """import ipywidgets as widgets
from entente_lab.widgets.controls import FloatSlider
floor_slider = FloatSlider(value=0.8, min=0, max=1, step=0.05, description="floor")
tiny = "<svg width='40' height='20'><text x='0' y='15'>{:.2f}</text></svg>"
floor_figure = widgets.HTML(tiny.format(floor_slider.value))
floor_slider.observe(lambda change: setattr(floor_figure, "value", tiny.format(change["new"])), names="value")
floor_figure.add_class("entente-floor-figure")
floor = widgets.VBox([floor_slider, floor_figure])
floor.add_class("entente-floor")
floor""",
}

_OBSERVE = """(designs) => {
  window.__bench = {key: 0, changes: {}, drawn: {}};
  document.addEventListener('keydown', () => { window.__bench.key = performance.now(); }, true);
  for (const [name, d] of Object.entries(designs)) {
    window.__bench.changes[name] = [];
    window.__bench.drawn[name] = [];
    const root = document.querySelector(d.root);
    new MutationObserver((records) => {
      const now = performance.now();
      for (const r of records) {
        const target = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (target && target.closest(d.figure)) {
          window.__bench.changes[name].push(now);
          // the first task after the next animation frame: about when the browser has drawn the change
          requestAnimationFrame(() => setTimeout(() => window.__bench.drawn[name].push(performance.now()), 0));
          return;
        }
      }
    }).observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  return true;
}"""


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def notebook(path: Path, designs: list[str]) -> None:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source) for source in [SETUP, *(CELLS[name] for name in designs)]]
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(book, path)


def one_move(page, name: str, key: str, received: list[int], timeout: float = 15.0) -> tuple[float, float, int] | None:
    """Press ``key`` on the design's slider; ``(ms to the settled figure, ms to it drawn, bytes received)`` or ``None``."""
    design = DESIGNS[name]
    page.locator(f"{design['root']} :is({SLIDER})").first.focus()
    page.evaluate(f"() => {{ window.__bench.changes['{name}'] = []; window.__bench.drawn['{name}'] = []; "
                  "window.__bench.key = 0; }")
    bytes_before = sum(received)
    page.keyboard.press(key)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(f"""() => {{ const c = window.__bench.changes['{name}'], p = window.__bench.drawn['{name}'];
            const w = window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
            return {{key: window.__bench.key, last: c.length ? c[c.length - 1] : 0, drawn: p.length ? p[p.length - 1] : 0,
                     now: performance.now(),
                     idle: !!k && k.status === 'idle'}}; }}""")
        if (state["last"] and state["last"] >= state["key"] > 0 and state["now"] - state["last"] >= SETTLE_MS
                and state["idle"]):
            return state["last"] - state["key"], state["drawn"] - state["key"], sum(received) - bytes_before
        page.wait_for_timeout(50)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=36, help="key presses per design (default 36)")
    parser.add_argument("--block", type=int, default=6, help="moves per block; designs alternate blocks")
    parser.add_argument("--no-ahead", action="store_true", help="add the Dashboard with nothing drawn ahead")
    parser.add_argument("--floor", action="store_true", help="add the floor: a slider updating a tiny SVG")
    args = parser.parse_args()
    names = ["ours", "naive"] + ["no-ahead"] * args.no_ahead + ["floor"] * args.floor
    designs = {name: DESIGNS[name] for name in names}
    start_load = os.getloadavg()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("browser_latency: no Chromium found; install Debian's chromium or set ENTENTE_LAB_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="entente-bench-") as folder:
        base = Path(folder)
        server = JupyterServer(base)
        signal.signal(signal.SIGTERM, lambda *_: (server.stop(), sys.exit(143)))
        try:
            server.start()
            notebook(server.root / "latency.ipynb", names)
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(base / "profile"), executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
                    viewport={"width": 1366, "height": 900})
                page = context.new_page()
                received: list[int] = []
                page.on("websocket", lambda ws: ws.on(
                    "framereceived", lambda frame: received.append(len(frame) if isinstance(frame, (str, bytes)) else 0)))
                result = open_and_run(page, server, "latency.ipynb")
                if result.errors:
                    sys.exit(f"browser_latency: the notebook failed: {result.errors}")
                for design in designs.values():
                    page.locator(f"{design['root']} :is({SLIDER})").first.wait_for(timeout=30_000)
                page.evaluate(_OBSERVE, designs)
                # Down to 0, then up to 1: from the first factor's default (a step of 0.05).
                keys = (["ArrowLeft"] * 16 + ["ArrowRight"] * 20) * (args.moves // 36 + 1)
                keys = keys[:args.moves]
                times: dict[str, list[float]] = {name: [] for name in designs}
                drawn: dict[str, list[float]] = {name: [] for name in designs}
                sizes: dict[str, list[int]] = {name: [] for name in designs}
                missed = dict.fromkeys(designs, 0)
                for name in designs:  # one untimed move each: fonts, caches
                    one_move(page, name, "ArrowLeft", received)
                    one_move(page, name, "ArrowRight", received)
                for start in range(0, len(keys), args.block):
                    for name in designs:
                        for key in keys[start:start + args.block]:
                            measured = one_move(page, name, key, received)
                            if measured is None:
                                missed[name] += 1
                            else:
                                times[name].append(measured[0])
                                drawn[name].append(measured[1])
                                sizes[name].append(measured[2])
                context.close()
        finally:
            server.stop()

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average at the start {start_load[0]:.2f} {start_load[1]:.2f} "
          f"{start_load[2]:.2f}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min) "
          f"at the end; {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"JupyterLab in headless Chromium ({Path(chromium).name}), viewport 1366x900; key presses per design: "
          f"{len(keys)}, alternating in blocks of {args.block}; settled = no figure change for {SETTLE_MS} ms")
    print(f"{'design':<8}{'moves':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'mean ms':>9}{'KB/move':>9}{'missed':>8}"
          f"{'drawn p50':>11}{'drawn p95':>11}")
    print("  (KB/move: median of the websocket bytes received per move; drawn: to the first task after the next "
          "animation frame that follows the last change: an upper bound of when the browser has painted it)")
    for name in designs:
        values = times[name]
        if not values:
            print(f"{name:<8}{0:>7}  (no figure change seen)")
            continue
        print(f"{name:<8}{len(values):>7}{percentile(values, 50):>9.1f}{percentile(values, 95):>9.1f}{max(values):>9.1f}"
              f"{statistics.fmean(values):>9.1f}{statistics.median(sizes[name]) / 1024:>9.1f}{missed[name]:>8}"
              f"{percentile(drawn[name], 50):>11.1f}{percentile(drawn[name], 95):>11.1f}")
    if times["ours"] and times["naive"]:
        p50 = percentile(times["naive"], 50) / percentile(times["ours"], 50)
        p95 = percentile(times["naive"], 95) / percentile(times["ours"], 95)
        ours_p95 = percentile(times["ours"], 95)
        print(f"ratio naive/ours: p50 {p50:.1f}x, p95 {p95:.1f}x")
        print(f"goal: ours p95 <= 50 ms -> {'met' if ours_p95 <= 50 else 'NOT met'}; "
              f">= 8x the naive pattern at p95 -> {'met' if p95 >= 8 else 'NOT met'}")
    print(json.dumps({name: [round(v, 1) for v in values] for name, values in times.items()}))


if __name__ == "__main__":
    main()
