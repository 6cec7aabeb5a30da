"""Time `import entente_lab; entente_lab.load_case()` against an empty interpreter start.

Each command runs in a fresh interpreter, several times; the script prints the median
of each, the difference (what the package costs) and the ratio.

    python benchmarks/load_time.py [--runs 11]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": "pass",
    "import entente_lab": "import entente_lab",
    "import + load_case()": "import entente_lab; entente_lab.load_case()",
}


def median_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    median_seconds("import entente_lab", 2)  # warm the file cache and bytecode
    results = {label: median_seconds(code, args.runs) for label, code in COMMANDS.items()}
    base = results["python -c pass"]
    print(f"median of {args.runs} fresh interpreters each")
    for label, seconds in results.items():
        print(f"  {label:<24} {seconds * 1000:7.1f} ms   (+{(seconds - base) * 1000:6.1f} ms over bare start, "
              f"{seconds / base:4.1f}x)")


if __name__ == "__main__":
    main()
