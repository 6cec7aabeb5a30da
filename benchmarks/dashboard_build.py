"""How long ``Dashboard(case)`` takes to build, and where the time goes.

A student waits for it in notebooks 03 and 07, and the test suite builds dozens. The
script builds the dashboard ``--runs`` times in one process (after one untimed build,
which pays for the imports and font cache) and prints the median wall and CPU time,
then the median CPU time of each step of the build, done by hand the way
``Dashboard.__init__`` does it. It prints, never asserts::

    python benchmarks/dashboard_build.py [--runs 10] [--case path/to/case.yaml]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(step: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of ``step()``, and what it returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def steps(case: Any) -> dict[str, float]:
    """CPU seconds of each step of a dashboard's build, done as ``Dashboard.__init__`` does them."""
    from entente_lab import assess
    from entente_lab.plots.plane import plot_balance, plot_plane
    from entente_lab.widgets.dashboard import WeightsPanel
    from entente_lab.widgets.render import LayeredFigure

    cpu: dict[str, float] = {}
    cpu["controls (WeightsPanel)"], _ = timed(lambda: WeightsPanel(case))[1:]
    assessment = assess(case)
    cpu["plot_plane + plot_balance"], (plane, balance) = timed(
        lambda: (plot_plane(assessment, case), plot_balance(assessment, case)))[1:]
    cpu["layout (LayeredFigure)"], layers = timed(lambda: (
        LayeredFigure(plane.figure, plane.dynamic, glyphs="".join(plane.you_texts.values())),
        LayeredFigure(balance.figure, balance.dynamic)))[1:]
    cpu["static layers (background)"], _ = timed(lambda: [layer.background() for layer in layers])[1:]
    cpu["moving layers (overlay)"], _ = timed(lambda: [layer.overlay("") for layer in layers])[1:]
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--case", default=None, help="a case file (default: the bundled case)")
    args = parser.parse_args()
    from entente_lab import load_case
    from entente_lab.widgets.dashboard import Dashboard

    case = load_case(args.case) if args.case else load_case()
    Dashboard(case)  # imports, fonts
    builds = [timed(lambda: Dashboard(case))[:2] for _ in range(args.runs)]
    print(f"Dashboard(case), median of {args.runs} builds: {statistics.median(w for w, _ in builds) * 1000:.0f} ms wall, "
          f"{statistics.median(c for _, c in builds) * 1000:.0f} ms CPU")
    parts = [steps(case) for _ in range(args.runs)]
    for name in parts[0]:
        print(f"  {name:<28} {statistics.median(p[name] for p in parts) * 1000:6.0f} ms CPU")


if __name__ == "__main__":
    main()
