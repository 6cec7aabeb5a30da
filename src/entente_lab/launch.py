"""Start JupyterLab on the start notebook, copying the notebooks out of an installed wheel first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

__all__ = ["START_NOTEBOOK", "bundled_notebooks", "prepare_workspace", "start_lab"]

START_NOTEBOOK = "00_start_here.ipynb"


def bundled_notebooks() -> Path:
    """The folder of notebooks the package carries (the repo's ``notebooks/`` when editable)."""
    return Path(str(files("entente_lab") / "notebooks")).resolve()


def _is_checkout(folder: Path) -> bool:
    """True when ``folder`` is a repository's own notebooks folder that the user may edit."""
    return not any(part in {"site-packages", "dist-packages"} for part in folder.parts) and os.access(folder, os.W_OK)


def prepare_workspace(target: Path, source: Path | None = None) -> list[Path]:
    """Copy the notebooks into ``target``, never overwriting a file already there.

    Returns the files copied.

    >>> import tempfile
    >>> src, dst = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (src / "a.ipynb").write_text("new", encoding="utf-8")
    >>> _ = (dst / "a.ipynb").write_text("edited", encoding="utf-8")
    >>> prepare_workspace(dst, src), (dst / "a.ipynb").read_text(encoding="utf-8")
    ([], 'edited')
    """
    source = bundled_notebooks() if source is None else source
    copied = []
    for item in sorted(source.rglob("*")):
        if not item.is_file() or ".ipynb_checkpoints" in item.parts:
            continue
        destination = target / item.relative_to(source)
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, destination)
        copied.append(destination)
    return copied


def start_lab(*, port: int | None = None, open_browser: bool = True, folder: str | None = None) -> int:
    """Start JupyterLab on the start notebook; returns JupyterLab's exit status."""
    notebooks = bundled_notebooks()
    if folder is None and _is_checkout(notebooks):
        root = notebooks
    else:
        root = Path(folder or "entente-lab").resolve()
        copied = prepare_workspace(root, notebooks)
        print(f"entente-lab: your notebooks are in {root} ({len(copied)} new file(s) copied; "
              "files you already had were left as they were)", file=sys.stderr)
    command = [sys.executable, "-m", "jupyterlab", START_NOTEBOOK, f"--ServerApp.root_dir={root}"]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not open_browser:
        command.append("--no-browser")
    return subprocess.call(command, cwd=root)
