"""Time `entente-lab aggregate` on 30 good submissions plus one file of each hostile kind.

Builds a class folder: 30 students saved with `save_weighting`, then every entry
of `HOSTILE` (a file, or a folder, with the reason the report must give it), and
one save with a time in the future under a good student's name (flagged, not
counted over the honest save). Then runs, in a subprocess,

    entente-lab aggregate FOLDER -o report.html --csv weights.csv

and prints the wall time, the exit status, the summary line, and for every hostile
entry the reason the command gave it (MISSING or WRONG when it does not match).
The goal (issue 10): under 5 s on a 2-core machine, all 30 students counted, every
bad file named with its reason. Exit status 1 when any of that fails.

To add a hostile kind, append a `Hostile(name, reason, build)` to `HOSTILE`:
`build(case)` returns the file's bytes (or `None` for an entry `prepare` makes).

    python benchmarks/aggregate_hostile.py [--keep DIR] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import entente_lab
import entente_lab.classroom.aggregate
from entente_lab.classroom.submissions import REASONS

GOOD_STUDENTS = 30


@dataclass(frozen=True)
class Hostile:
    """One hostile entry of the class folder: its name, the reason the report must give, how to make it."""

    name: str | bytes
    reason: str
    build: Callable[[entente_lab.Case], bytes | None]
    prepare: Callable[[Path], None] | None = None  # for entries that are not plain files


def _payload(case: entente_lab.Case, **changes) -> dict:
    """A good submission's JSON object, with changes (dotted keys reach inside)."""
    folder = tempfile.mkdtemp()
    try:
        data = json.loads(entente_lab.save_weighting(case, {}, name="Hostile", folder=folder).read_text("utf-8"))
    finally:
        shutil.rmtree(folder)
    for key, value in changes.items():
        target = data
        *parents, last = key.split(".")
        for part in parents:
            target = target[part]
        target[last] = value
    return data


def _json(case: entente_lab.Case, **changes) -> bytes:
    return json.dumps(_payload(case, **changes)).encode("utf-8")  # ensure_ascii: lone surrogates as \udc80


def _unterminated(size: int) -> Callable[[entente_lab.Case], bytes]:
    return lambda case: b'{"schema": "entente-lab-submission", "name": "' + b'\\"' * (size // 2)


LONG = int("9" * 400)


def _locked(folder: Path) -> None:
    locked = folder / "locked"
    entente_lab.save_weighting(entente_lab.load_case(), {}, name="Locked away", folder=locked)
    locked.chmod(0)


#: Every hostile kind, with the reason the report must give it. Extend freely.
HOSTILE: list[Hostile] = [
    Hostile("unterminated-64k.json", "invalid-json", _unterminated(64_000)),
    Hostile("unterminated-400k.json", "invalid-json", _unterminated(400_000)),
    Hostile("digits-weight.json", "bad-weight", lambda c: _json(c, **{"weights.blames-nato": LONG})),
    Hostile("digits-months.json", "bad-field", lambda c: _json(c, **{"options.months": LONG})),
    Hostile("digits-thresholds.json", "bad-field", lambda c: _json(c, **{"options.thresholds": [LONG, 0.5]})),
    Hostile("digits-trust.json", "bad-field", lambda c: _json(c, **{"options.evidence_trust.cited": LONG})),
    Hostile("digits-point.json", "bad-field", lambda c: _json(c, prediction={
        "region": "both-high", "strength": LONG, "strain": 0.5, "reason": ""})),
    Hostile("year-0001.json", "bad-field", lambda c: _json(c, saved_at="0001-01-01T00:00:00+01:00")),
    Hostile("year-9999.json", "bad-field", lambda c: _json(c, saved_at="9999-12-31T23:59:59-01:00")),
    Hostile("surrogate-name.json", "bad-field", lambda c: _json(c, name="Ana\udc80")),
    Hostile("surrogate-verdict.json", "bad-field", lambda c: _json(c, verdict_text="Both\udc80")),
    Hostile("surrogate-reason.json", "bad-field", lambda c: _json(c, prediction={
        "region": "both-high", "strength": None, "strain": None, "reason": "why\udc80"})),
    Hostile("long-verdict.json", "bad-field", lambda c: _json(c, verdict_text="x" * 25_000)),
    Hostile("nan-weight.json", "bad-weight", lambda c: _json(c).replace(b'"blames-nato": 0.6', b'"blames-nato": NaN')),
    Hostile("duplicate-key.json", "invalid-json", lambda c: b'{"name": "x", ' + _json(c)[1:]),
    Hostile("huge.json", "too-large", lambda c: b'{"pad": "' + b"x" * 1_000_100 + b'"}'),
    Hostile("deep.json", "too-deep", lambda c: b"[" * 100_000 + b"]" * 100_000),
    Hostile(b"caf\xe9-latin1-name.json", "invalid-json", lambda c: b"{oops"),
    Hostile("locked", "unreadable", lambda c: None, prepare=_locked),
]


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def build_class(folder: Path, case: entente_lab.Case) -> tuple[list[str], dict[str, str], Path]:
    """The good names, hostile path to expected reason, and the future-dated file."""
    rng = np.random.default_rng(10)
    names = [f"Student {i:02d}" for i in range(GOOD_STUDENTS)]
    for name in names:
        weights = {f.id: float(np.clip(f.default_weight + rng.normal(0, 0.25), 0, 1).round(2)) for f in case.factors}
        entente_lab.save_weighting(case, weights, name=name, folder=folder / "class")
    expected = {}
    for hostile in HOSTILE:
        path = os.path.join(os.fsencode(folder / "class"), os.fsencode(hostile.name))
        if hostile.reason == "unreadable" and _as_root():
            continue  # root reads every folder: reported below as not exercised
        if hostile.prepare is not None:
            hostile.prepare(folder / "class")
        else:
            with open(path, "wb") as handle:
                handle.write(hostile.build(case))
        expected[os.fsdecode(path)] = hostile.reason
    future = folder / "class" / "future.json"
    future.write_bytes(_json(case, name=names[0], saved_at="2999-01-01T00:00:00Z"))
    return names, expected, future


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", default=None, help="build the class in this folder and keep it")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (default 3)")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="entente-lab-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    case = entente_lab.load_case()
    try:
        names, expected, future = build_class(folder, case)
        command = [str(Path(sys.executable).parent / "entente-lab"), "aggregate", str(folder / "class"),
                   "-o", str(folder / "report.html"), "--csv", str(folder / "weights.csv"), "--force"]
        times, run = [], None
        for _ in range(args.repeats):
            started = time.perf_counter()
            run = subprocess.run(command, capture_output=True, text=True, errors="surrogateescape")
            times.append(time.perf_counter() - started)
        assert run is not None
        baseline = folder / "good-only"  # the same 30 students without the hostile files, for comparison
        baseline.mkdir()
        for path in (folder / "class").glob("student-*.json"):
            shutil.copy2(path, baseline / path.name)
        base_times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            subprocess.run([*command[:2], str(baseline), *command[3:]], capture_output=True, check=False)
            base_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        entente_lab.classroom.aggregate.aggregate(folder / "class", case=case)
        reading = time.perf_counter() - started
        lines = run.stdout.splitlines()
        print(f"entente-lab {entente_lab.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
              f"{GOOD_STUDENTS} good students, {len(HOSTILE)} hostile entries, 1 future-dated save")
        print(f"wall time: best {min(times):.2f} s, worst {max(times):.2f} s over {len(times)} runs "
              f"(goal: under 5 s); exit status {run.returncode}")
        print(f"  the same command on the 30 good files alone: best {min(base_times):.2f} s; reading and checking "
              f"every file of the hostile folder (aggregate() in this process): {reading:.2f} s")
        print(f"summary: {lines[-1] if lines else '(no output)'}")
        if run.stderr.strip():
            print("stderr:", run.stderr.strip()[:2000])
        problems = 0
        for hostile in HOSTILE:
            if hostile.reason == "unreadable" and _as_root():
                print(f"  {os.fsdecode(hostile.name):<32} {hostile.reason:<14} not exercised: running as root, "
                      "which reads every folder")
        for path, reason in expected.items():
            shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            printed = "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)
            found = [line for line in lines if line.startswith(f"{printed}: ")]
            got = next((r for r, phrase in REASONS.items() if found and found[0].startswith(f"{printed}: {phrase}:")),
                       None)
            if got == reason:
                status = "ok"
            else:
                status, problems = ("WRONG: " + found[0][:120]) if found else "MISSING", problems + 1
            print(f"  {os.path.basename(shown):<32} {reason:<14} {status}")
        counted = next((line for line in lines if line.startswith("Read ")), "")
        students_ok = f"from {GOOD_STUDENTS} students" in counted or f"Read {GOOD_STUDENTS} submissions" in counted
        future_ok = any("2999-01-01 00:00 UTC" in line and "not trusted" in line for line in lines)
        outputs_ok = (folder / "report.html").exists() and (folder / "weights.csv").exists()
        rows = len((folder / "weights.csv").read_text(encoding="utf-8").splitlines()) if outputs_ok else 0
        print(f"all {GOOD_STUDENTS} students counted: {students_ok}; future save flagged: {future_ok}; "
              f"report and CSV written: {outputs_ok} (CSV rows: {rows - 1} submissions)")
        good = students_ok and future_ok and outputs_ok and problems == 0 and min(times) < 5
        return 0 if good else 1
    finally:
        locked = folder / "class" / "locked"
        if locked.exists():
            locked.chmod(0o755)
        if not args.keep:
            shutil.rmtree(folder)


if __name__ == "__main__":
    sys.exit(main())
