"""Time and memory of `validate_file` on hostile case files of up to 5 MB (the size limit).

Each file is built in a temporary folder and validated in a fresh Python process, which
reports the seconds `validate_file` took, its peak resident memory (and the memory after
the imports, for comparison), how many problems it listed and how many characters they
print. The files: the size limit filled with empty items, values close to the value
limit (MAX_NODES), unknown keys, unknown references, one 4.9 MB label, duplicate keys,
values no tag can convert, quotes whose text is nowhere in a 4.9 MB turn, nesting at the
depth limit, and the bundled case itself. "peak MB" is the process's peak resident size
during that one call (on Linux the peak is reset just before it; elsewhere it includes the
imports), "before" its resident size just before the call.

    python benchmarks/validate_hostile.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import entente_lab
from entente_lab.case.safe_yaml import MAX_BYTES, MAX_DEPTH

CASE = Path(entente_lab.case.loading.bundled_case_path())  # type: ignore[arg-type]
HEAD = "format: entente-lab-case/1\nid: hostile\n"


def _fill(line: str, head: str = HEAD, budget: int = MAX_BYTES - 4096) -> str:
    """``head`` then ``line`` (formatted with its number) as often as fits in ``budget`` bytes."""
    parts, size = [head], len(head)
    number = 0
    while True:
        part = line.format(number)
        if size + len(part.encode()) > budget:
            return "".join(parts)
        parts.append(part)
        size += len(part.encode())
        number += 1


def hostile_files() -> dict[str, str]:
    """Name to file content, each at most MAX_BYTES."""
    case = CASE.read_text(encoding="utf-8")
    def refs(factors: int) -> str:
        return HEAD + "factors:\n" + "".join(
            f"  - id: f{i}\n    actors: [{', '.join(f'nobody-{i}-{j}' for j in range(499))}]\n" for i in range(factors))

    quotes = "".join(f"      - {{turn: answer, start: 0, end: 2, text: 'ab{i}'}}\n" for i in range(99))
    anchor = "    quotes:\n      - {turn: answer, start: 3290"
    long_turn = case.replace("    paragraphs:\n      - ", "    paragraphs:\n      - " + "a" * 4_800_000 + " ", 1)
    nested = "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2)
    return {
        "empty items (5 MB of '- {}')": _fill("  - {{}}\n", HEAD + "factors:\n"),
        "97,500 values in 500 factors": HEAD + "factors:\n" + "".join(
            "  - {" + ", ".join(f"k{j}: 1" for j in range(97)) + "}\n" for _ in range(500)),
        "49,000 unknown keys": HEAD + "".join(f"key-{i}: 1\n" for i in range(49_000)),
        "unknown keys (5 MB)": _fill("key-{}: 1\n"),
        "49,900 unknown references": refs(100),
        "99,800 unknown references": refs(200),
        "one 4.9 MB label": HEAD + "factors:\n  - label: '" + "x" * (MAX_BYTES - 200) + "'\n",
        "duplicate keys (5 MB)": _fill("a: 1\n"),
        "!!int abc (5 MB)": _fill("  - !!int abc\n", HEAD + "factors:\n"),
        "quotes not in a 4.9 MB turn": long_turn.replace(anchor, "    quotes:\n" + quotes + anchor[12:], 1),
        f"nesting {MAX_DEPTH} deep (5 MB)": _fill("k{}: " + nested + "\n"),
        "bundled case": case,
    }


CHILD = r"""
import json, resource, sys, time
from entente_lab.case.validate import validate_file


def status(field):  # Linux: kB from /proc/self/status, else None
    try:
        with open("/proc/self/status") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return None


validate_file(sys.argv[2])  # warm up: imports and the schema, on the bundled case
try:  # reset the peak (Linux 4.0+), so the peak below is the validation's own
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
except OSError:
    pass
before = status("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
_, problems = validate_file(sys.argv[1])
seconds = time.perf_counter() - started
peak = status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "before_mb": before / 1024,
                  "problems": len(problems), "printed_chars": sum(len(str(p)) + 1 for p in problems),
                  "longest_line": max((len(str(p)) for p in problems), default=0),
                  "last": str(problems[-1]) if problems else ""}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="names (or parts of names) of the files to run")
    args = parser.parse_args(argv)
    files = hostile_files()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; limit {MAX_BYTES:,} bytes")
    print(f"{'file':36} {'bytes':>10} {'seconds':>8} {'peak MB':>8} {'before':>7} {'lines':>6} {'chars':>7} {'longest':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            if args.only and not any(part in name for part in args.only):
                continue
            path = Path(folder) / "hostile.yaml"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            assert size <= MAX_BYTES, (name, size)
            out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(CASE)], capture_output=True,
                                 text=True, check=True, timeout=600)
            r = json.loads(out.stdout)
            print(f"{name:36} {size:>10,} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f} {r['before_mb']:>7.0f} "
                  f"{r['problems']:>6} {r['printed_chars']:>7,} {r['longest_line']:>7}")
            if r["last"]:
                print(f"{'':36}   last line: {r['last'][len(str(path)):][:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
