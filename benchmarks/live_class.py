"""From a hand-in to the instructor's live view showing it, for a class of 30 and of 300.

Kernel side, through the path a browser drives: a class folder made with
``create_class``; a :class:`~entente_lab.widgets.live_class.LiveClass` on it; a clock
that calls the view's tick handler every ``--interval`` seconds, as the view's timer in
the browser sends a "tick" message (and, as the browser does, not before the last tick
was answered); and, in a separate process, the students handing in one after another
with ``hand_in``, at random moments over ``--spread`` seconds per 30 students. For each
hand-in: the time from ``hand_in`` returning to the end of the first tick whose redraw
counts it (the figure, the count and the lists changed). That time is the wait for the
next tick (on average half the interval) plus the cost of the tick that reads the new
files and redraws; both are printed apart. Then the cost of one tick with nothing new, in
a folder of 300 hand-ins: what the view costs the kernel while nobody hands in.

The browser adds a websocket message each way and the page's drawing of the new PNG
(tens of milliseconds: ``benchmarks/browser_latency.py``); tests/test_browser_live_class.py
checks the whole trip in JupyterLab stays under 5 s. Run it as a script; it prints, never
asserts::

    python benchmarks/live_class.py [--interval 1.0] [--spread 3.0] [--idle 50]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def line(label: str, values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    return (f"  {label:<44} n={len(values):<4} p50 {percentile(values, 50) * scale:8.1f} {unit}"
            f"  p95 {percentile(values, 95) * scale:8.1f} {unit}  max {max(values) * scale:8.1f} {unit}")


def students(case, n: int, work: Path) -> list[bytes]:
    """``n`` different students' saved files (near the presets, as a class spreads)."""
    from entente_lab import save_weighting

    rng = random.Random(n)
    files = []
    for i in range(n):
        preset = case.presets[i % len(case.presets)]
        weights = {fid: min(1.0, max(0.0, round(w + rng.gauss(0, 0.2), 2))) for fid, w in preset.weights.items()}
        files.append(save_weighting(case, weights, name=f"Student {i:03d}", folder=work).read_bytes())
    return files


#: Student n hands in as user id FIRST_UID + n when this runs as root (each hand-in its own owner, as on a hub).
FIRST_UID = 42000


def hand_in_as(folder, data: bytes, n: int) -> str:
    """Student ``n`` hands ``data`` in as their own user (a forked child that drops to its uid), or as this user."""
    from entente_lab.classroom.class_folder import hand_in

    if os.geteuid() != 0:
        return os.fspath(hand_in(folder, data, user=f"student{n:03d}").path)
    uid = FIRST_UID + n
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os.write(write_end, os.fsencode(hand_in(folder, data, user=f"uid {uid}").path))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        path = os.fsdecode(pipe.read())
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise RuntimeError(f"student {n} could not hand in")
    return path


def hand_in_all(folder_path: str, files: list[bytes], spread: float, results) -> None:
    """The students, from a process of their own: each hands in at a random moment; (path, when hand_in returned)."""
    from entente_lab.classroom.class_folder import ClassFolder

    folder = ClassFolder.open(folder_path)
    rng = random.Random(len(files))
    start = time.time() + 0.5
    moments = sorted(start + rng.uniform(0, spread) for _ in files)
    for n, (moment, data) in enumerate(zip(moments, files, strict=True)):
        time.sleep(max(0.0, moment - time.time()))
        path = hand_in_as(folder, data, n)
        results.put((path, time.time()))
    results.put(None)


def shared_folder() -> tempfile.TemporaryDirectory:
    """A temporary folder every user may enter (the shared volume)."""
    tmp = tempfile.TemporaryDirectory(prefix="entente-live-bench-")
    os.chmod(tmp.name, 0o755)
    return tmp


def run_class(case, n: int, interval: float, spread: float) -> tuple[list[float], list[float], list[float]]:
    """One class of ``n``: each hand-in's latency, and the wall and CPU time of each tick that redrew."""
    from entente_lab.classroom.class_folder import create_class
    from entente_lab.widgets.live_class import LiveClass

    with shared_folder() as tmp:
        files = students(case, n, Path(tmp) / "work")
        folder = create_class(Path(tmp) / "class", case=case)
        view = LiveClass(folder.path, case=case, interval=interval)
        tick = {"event": "tick"}
        results = multiprocessing.get_context("fork").Queue()
        producer = multiprocessing.get_context("fork").Process(target=hand_in_all,
                                                               args=(os.fspath(folder.path), files, spread, results))
        producer.start()
        returned: dict[str, float] = {}
        first_shown: dict[str, float] = {}
        tick_costs: list[float] = []
        tick_cpu: list[float] = []
        finished = False
        next_tick = time.time()
        while not finished or len(first_shown) < len(returned):
            time.sleep(max(0.0, next_tick - time.time()))
            started, cpu = time.time(), time.process_time()
            view.ticker._handle_custom_msg(tick, [])  # as the browser's clock sends it
            ended, cpu = time.time(), time.process_time() - cpu
            next_tick = max(started + interval, ended)  # the browser ticks again once answered
            if view.redraws and view.updated_at >= started:
                tick_costs.append(ended - started)
                tick_cpu.append(cpu)
                for s in (*view.report.submissions, *view.report.superseded):
                    first_shown.setdefault(s.path, ended)
            while not results.empty():
                item = results.get()
                if item is None:
                    finished = True
                else:
                    returned[item[0]] = item[1]
        producer.join()
        view.close()
    return [first_shown[path] - when for path, when in returned.items()], tick_costs, tick_cpu


def idle_ticks(case, n: int, repeat: int) -> tuple[list[float], list[float]]:
    """The wall and CPU time of a tick that finds nothing new, in a class folder of ``n`` hand-ins."""
    from entente_lab.classroom.class_folder import create_class
    from entente_lab.widgets.live_class import LiveClass

    with shared_folder() as tmp:
        folder = create_class(Path(tmp) / "class", case=case)
        for i, data in enumerate(students(case, n, Path(tmp) / "work")):
            hand_in_as(folder, data, i)
        view = LiveClass(folder.path, case=case)
        costs, cpu = [], []
        for _ in range(repeat):
            started, used = time.perf_counter(), time.process_time()
            view.ticker._handle_custom_msg({"event": "tick"}, [])
            costs.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        if view.redraws != 1:
            print(f"  note: {view.redraws - 1} of the idle ticks redrew")
        view.close()
    return costs, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=None, help="seconds between ticks (default: the view's)")
    parser.add_argument("--spread", type=float, default=3.0, help="seconds over which each 30 students hand in")
    parser.add_argument("--idle", type=int, default=50, help="idle ticks timed on the folder of 300")
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    args = parser.parse_args()

    from entente_lab import load_case
    from entente_lab.widgets.live_class import DEFAULT_INTERVAL

    interval = DEFAULT_INTERVAL if args.interval is None else args.interval
    case = load_case()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"a tick every {interval:.2f} s; "
          + ("each student hands in as a user id of their own" if os.geteuid() == 0 else
             "every hand-in is this user's (not root): the view counts one student"))
    for n in args.sizes:
        latencies, costs, cpu = run_class(case, n, interval, args.spread * n / 30)
        print(f"{n} students handing in over {args.spread * n / 30:.0f} s:")
        print(line("hand-in returned -> view counts it", latencies, "s", 1))
        print(line("tick that reads new files and redraws (wall)", costs))
        print(line("  the same ticks, CPU time of the kernel", cpu))
        print(f"  (the wait for the next tick is the rest: {statistics.mean(latencies) - statistics.mean(costs):.2f} s "
              f"on average, half the interval expected)")
    costs, cpu = idle_ticks(case, max(args.sizes), args.idle)
    print(f"a tick with nothing new, {max(args.sizes)} hand-ins in the folder:")
    print(line("tick -> answered, nothing redrawn (wall)", costs))
    print(line("  the same ticks, CPU time", cpu))
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
