"""Slider-to-updated-figure latency: the Dashboard against the naive replot pattern.

Both designs show the same two panels (the plane and the balance) for the same
slider moves, in the same process and the same run, interleaved in blocks so that
noise from other work on the machine falls on both alike.

- **ours**: ``entente_lab.widgets.Dashboard``. Timed from ``slider.value = v`` to the
  return of the change handler, by which time both figures' moving layers (SVG text in
  a ``FigureOverlay``, over a PNG sent once) hold the new picture (checked on every move).
- **ahead**: the same, with the moved slider focused in the browser (``look_ahead``, untimed),
  so each move also draws both figures one step down and up on it: the kernel's cost of
  drawing ahead, paid after the new picture is out.
- **naive**: the pattern the ipywidgets docs warn about, as a notebook would run it: an
  ``Output`` widget, ``clear_output(wait=True)``, new figures from ``plt.subplots`` for
  every panel, the same plotting functions, and ``plt.show()`` under matplotlib's
  *inline* backend in an IPython shell, so ``show`` renders each figure to PNG exactly
  as in a notebook (``bbox_inches="tight"``) and closes it. Timed from the value change
  to the return of ``plt.show()``.

Neither number includes the trip over the kernel's socket to the browser (the bytes
per move are printed); ``benchmarks/browser_latency.py`` times the whole trip. Run it as a script; it prints, never
asserts::

    python benchmarks/widget_latency.py [--moves 200] [--block 20]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``, in the same unit."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200, help="slider moves per design (default 200)")
    parser.add_argument("--block", type=int, default=20, help="moves per block; designs alternate blocks")
    args = parser.parse_args()

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.enable_gui = lambda gui=None: None  # no event loop to hook: the inline backend needs none
    shell.enable_matplotlib("inline")  # as %matplotlib inline: registers the PNG formatter for figures

    import ipywidgets as widgets
    import matplotlib
    import matplotlib.pyplot as plt

    import entente_lab
    from entente_lab.plots import plot_balance, plot_plane
    from entente_lab.widgets import Dashboard

    case = entente_lab.load_case()
    factor_ids = [f.id for f in case.factors]
    # The same sequence of moves for both designs: each move sets one factor to a new value.
    moves = [(factor_ids[i % len(factor_ids)], round(((i * 7) % 21) * 0.05, 2)) for i in range(args.moves)]

    # --------------------------------------------------------------- ours
    dash = Dashboard(case)
    ours: list[float] = []

    def run_ours(batch: list[tuple[str, float]]) -> None:
        for fid, value in batch:
            slider = dash.sliders[fid]
            if slider.value == value:  # no change, no event: nudge first (untimed)
                slider.value = value + 0.05 if value < 1 else value - 0.05
            before = dash.plane_overlay.value
            started = time.perf_counter()
            slider.value = value
            ours.append(time.perf_counter() - started)
            assert dash.plane_overlay.value != before, "the plane did not change"

    ahead_dash = Dashboard(case)
    ahead: list[float] = []

    def run_ahead(batch: list[tuple[str, float]]) -> None:
        for fid, value in batch:
            slider = ahead_dash.sliders[fid]
            if slider.value == value:
                slider.value = value + 0.05 if value < 1 else value - 0.05
            ahead_dash.look_ahead(f"weight/{fid}")  # what the browser asks when the slider gets the focus
            started = time.perf_counter()
            slider.value = value
            ahead.append(time.perf_counter() - started)
            assert ahead_dash.plane_overlay.ahead["frames"], "nothing was drawn ahead"

    # --------------------------------------------------------------- naive
    out = widgets.Output()
    naive_slider = widgets.FloatSlider(min=0, max=1, step=0.05)
    naive_weights = case.default_weights()
    naive: list[float] = []
    state = {"factor": factor_ids[0], "stop": 0.0}

    def naive_callback(change) -> None:
        naive_weights[state["factor"]] = change["new"]
        assessment = entente_lab.assess(case, naive_weights)
        with out:
            out.clear_output(wait=True)
            _, ax = plt.subplots(figsize=(4.4, 4.2), layout="constrained")
            plot_plane(assessment, case=case, ax=ax)
            _, axes = plt.subplots(1, 2, figsize=(9.0, 4.0), layout="constrained")
            plot_balance(assessment, case, ax=axes)
            plt.show()
        state["stop"] = time.perf_counter()

    naive_slider.observe(naive_callback, names="value")
    sink = io.StringIO()

    def run_naive(batch: list[tuple[str, float]]) -> None:
        # Without a kernel, what the shell "publishes" goes to stdout: swallow it (untimed).
        with contextlib.redirect_stdout(sink):
            for fid, value in batch:
                state["factor"] = fid
                if naive_slider.value == value:  # nudge first (untimed), as for ours
                    naive_slider.value = value + 0.05 if value < 1 else value - 0.05
                started = time.perf_counter()
                naive_slider.value = value
                naive.append(state["stop"] - started)
                sink.seek(0)
                sink.truncate()

    # Warm both up (fonts, caches) before timing.
    run_ours(moves[:3])
    run_ahead(moves[:3])
    run_naive(moves[:3])
    ours.clear()
    ahead.clear()
    naive.clear()
    shown = {"png": 0}
    original_show = shell.display_formatter.format

    def counting_format(obj, *a, **k):
        data, meta = original_show(obj, *a, **k)
        if "image/png" in data:
            shown["png"] += 1
        return data, meta

    shell.display_formatter.format = counting_format
    for start in range(0, len(moves), args.block):
        run_ours(moves[start:start + args.block])
        run_ahead(moves[start:start + args.block])
        run_naive(moves[start:start + args.block])

    ms = 1000.0
    ours_p50, ours_p95 = percentile(ours, 50) * ms, percentile(ours, 95) * ms
    naive_p50, naive_p95 = percentile(naive, 50) * ms, percentile(naive, 95) * ms
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min); "
          f"python {sys.version.split()[0]}, matplotlib {matplotlib.__version__}, "
          f"backend {matplotlib.get_backend()}")
    print(f"moves per design: {len(ours)} (ours) / {len(naive)} (naive), interleaved in blocks of {args.block}; "
          f"naive rendered {shown['png']} PNGs through the inline formatter")
    drawn_ahead = sum(len(markup) for overlay in (ahead_dash.plane_overlay, ahead_dash.balance_overlay)
                      for frames in overlay.ahead["frames"].values() for markup in frames.values())
    print(f"bytes per move, ours (SVG): plane {len(dash.plane_overlay.value)}, balance {len(dash.balance_overlay.value)}; "
          f"sent once (PNG in HTML): plane {len(dash.plane_view.children[0].value)}, "
          f"balance {len(dash.balance_view.children[0].value)}; drawn ahead (2 steps, both figures): "
          f"{drawn_ahead}")
    print(f"{'design':<8}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'mean ms':>10}")
    for name, values in (("ours", ours), ("ahead", ahead), ("naive", naive)):
        print(f"{name:<8}{percentile(values, 50) * ms:>10.1f}{percentile(values, 95) * ms:>10.1f}"
              f"{max(values) * ms:>10.1f}{statistics.fmean(values) * ms:>10.1f}")
    print(f"ratio naive/ours: p50 {naive_p50 / ours_p50:.1f}x, p95 {naive_p95 / ours_p95:.1f}x")
    print(f"goal: ours p95 < 50 ms -> {'met' if ours_p95 < 50 else 'NOT met'}; "
          f">= 4x faster at p95 -> {'met' if naive_p95 >= 4 * ours_p95 else 'NOT met'}")


if __name__ == "__main__":
    main()
