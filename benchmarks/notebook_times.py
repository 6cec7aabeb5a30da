"""Time executing each notebook headless on a fresh kernel, and the whole series.

    python benchmarks/notebook_times.py [--case PATH]

Prints one line per notebook (seconds, cells) and the total. Each notebook gets its own
kernel, as a student opening it would; kernel start-up is included.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def run(path: Path) -> tuple[float, int]:
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
        return time.perf_counter() - started, sum(c.cell_type == "code" for c in notebook.cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default=None, help="run the series on this case file (ENTENTE_LAB_CASE)")
    args = parser.parse_args()
    if args.case:
        os.environ["ENTENTE_LAB_CASE"] = str(Path(args.case).resolve())
    total = 0.0
    print(f"{'notebook':<28} {'seconds':>8} {'code cells':>11}")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        seconds, cells = run(path)
        total += seconds
        print(f"{path.stem:<28} {seconds:8.2f} {cells:11d}")
    print(f"{'whole series':<28} {total:8.2f}")


if __name__ == "__main__":
    main()
