"""Start JupyterLab on the start notebook, copying the notebooks out of an installed wheel first.

Where the notebooks live
------------------------
From a repository checkout (an editable install), ``entente-lab lab`` opens the
repository's own ``notebooks/`` folder. Installed from a wheel, the bundled
notebooks sit inside the installed package, which may be read-only (a JupyterHub
installs it once for all users), so ``entente-lab lab`` first copies them into a
working folder, ``./entente-lab`` unless ``--dir`` names another, and opens
JupyterLab there.

What a run does to that folder (the rules)
------------------------------------------
Every run, with or without ``--update``:

- a bundled file missing from the working folder is copied in (so a deleted
  notebook comes back);
- a file already there is never overwritten, edited or not.

The working folder keeps a small record, :data:`MANIFEST_NAME`
(``.entente-lab-manifest.json``): for each file the package copied, the SHA-256
of the file *as copied*. That record is what lets ``--update`` tell an untouched
copy of an older release from a notebook the user edited. With ``--update``, for
each bundled file that differs from the user's copy:

- the user's copy still matches the record (never edited): it is replaced by the
  new version, atomically, and the record updated;
- the user edited a copy of this very release: nothing is new, nothing is written;
- otherwise (edited, or no record of it): the new version is written *alongside*,
  as ``NAME.new-VERSION.ipynb`` (``NAME.new-VERSION-2.ipynb`` if that name holds
  something else), and the user's file is left exactly as it was. Running
  ``--update`` again does not write the same new version twice.

Files the user added, and files a newer release no longer carries, are left alone.
A missing or unreadable record is treated as "every differing file may have been
edited": the safe side. Without ``--update``, a run that sees a bundled file
newer than the copy it made says so and suggests ``--update``.

``--prepare-only`` does all of the above and then prints the command that would
start JupyterLab (``cd FOLDER && python -m jupyterlab ...``) instead of running it:
for scripts, tests, and checking what would happen.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from .._version import __version__
from ..atomic import write_atomic
from ..safe_output import printable

__all__ = [
    "MANIFEST_NAME", "START_NOTEBOOK", "WorkspaceReport", "bundled_notebooks", "lab_command", "prepare_workspace",
    "start_lab", "sync_workspace", "update_workspace",
]

START_NOTEBOOK = "00_start_here.ipynb"

#: The record, in the working folder, of each file's SHA-256 as the package copied it.
MANIFEST_NAME = ".entente-lab-manifest.json"

_MANIFEST_SCHEMA = "entente-lab-workspace"
_SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}


@dataclass
class WorkspaceReport:
    """What one pass over the working folder did; paths are inside ``folder``.

    Attributes
    ----------
    folder : pathlib.Path
        The working folder.
    copied : list of pathlib.Path
        Bundled files that were missing and were copied in.
    updated : list of pathlib.Path
        Unedited copies of an older release replaced by the new version (``update`` only).
    alongside : list of tuple of pathlib.Path
        ``(user's file, new version written next to it)`` (``update`` only).
    already_alongside : list of tuple of pathlib.Path
        ``(user's file, new version)`` pairs written by an earlier ``--update``.
    newer : list of pathlib.Path
        Without ``update``: user's files for which the package carries a version not
        yet offered (the copy made was of an older release).
    """

    folder: Path
    copied: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    alongside: list[tuple[Path, Path]] = field(default_factory=list)
    already_alongside: list[tuple[Path, Path]] = field(default_factory=list)
    newer: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per thing done, for the terminal; names are relative to the folder."""
        def rel(path: Path) -> str:
            return path.relative_to(self.folder).as_posix()

        out = [f"copied {rel(p)}" for p in self.copied]
        out += [f"updated {rel(p)} (you had not edited it)" for p in self.updated]
        out += [f"new version of {rel(mine)} is in {rel(new)}; your {rel(mine)} was not touched"
                for mine, new in self.alongside]
        out += [f"new version of {rel(mine)} is already in {rel(new)}" for mine, new in self.already_alongside]
        if self.newer:
            out.append(f"{len(self.newer)} notebook(s) have a newer version in this release "
                       f"({', '.join(rel(p) for p in self.newer)}): run `entente-lab lab --update` to get them "
                       "alongside your copies (your files are never overwritten)")
        return out


def bundled_notebooks() -> Path:
    """The folder of notebooks the package carries (the repo's ``notebooks/`` when editable)."""
    return Path(str(files("entente_lab") / "notebooks")).resolve()


def _is_checkout(folder: Path) -> bool:
    """True when ``folder`` is a repository's own notebooks folder that the user may edit."""
    return not any(part in {"site-packages", "dist-packages"} for part in folder.parts) and os.access(folder, os.W_OK)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bundled_files(source: Path) -> list[Path]:
    return [item for item in sorted(source.rglob("*"))
            if item.is_file() and not _SKIPPED_PARTS.intersection(item.relative_to(source).parts)]


def _read_manifest(target: Path) -> dict[str, dict[str, str]]:
    """The record of copied files; an absent, unreadable or malformed record reads as empty (the safe side)."""
    try:
        data = json.loads((target / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("files") if isinstance(data, dict) and data.get("schema") == _MANIFEST_SCHEMA else None
    if not isinstance(entries, dict):
        return {}
    return {name: {k: v for k, v in entry.items() if isinstance(v, str)}
            for name, entry in entries.items() if isinstance(name, str) and isinstance(entry, dict)}


def _write_manifest(target: Path, entries: dict[str, dict[str, str]], version: str) -> None:
    document = {"schema": _MANIFEST_SCHEMA, "version": 1, "release": version,
                "note": "written by entente-lab: the SHA-256 of each file as copied, so `entente-lab lab --update` "
                        "can tell an unedited copy from your edits. Deleting it is safe: updates then go "
                        "alongside your files.",
                "files": dict(sorted(entries.items()))}
    write_atomic(target / MANIFEST_NAME, json.dumps(document, indent=1) + "\n", overwrite=True)


def _alongside_name(path: Path, version: str, n: int) -> Path:
    tag = re.sub(r"[^A-Za-z0-9._+-]", "_", version) + ("" if n == 1 else f"-{n}")
    return path.with_name(f"{path.stem}.new-{tag}{path.suffix}")


def sync_workspace(target: str | os.PathLike[str], source: str | os.PathLike[str] | None = None, *,
                   update: bool = False, version: str | None = None) -> WorkspaceReport:
    """Bring the bundled notebooks into ``target`` by the rules in this module's docstring.

    Parameters
    ----------
    target : path-like
        The working folder; created if missing.
    source : path-like, optional
        The notebooks to copy (default: the ones the package carries).
    update : bool, default False
        Also bring new versions of files already in ``target``: replacing unedited
        copies, and writing edited ones' new versions alongside.
    version : str, optional
        The release name used in ``NAME.new-VERSION.ipynb`` (default: the package version).

    Returns
    -------
    WorkspaceReport

    Raises
    ------
    OSError
        ``target`` cannot be created or written.

    Examples
    --------
    >>> import tempfile
    >>> src, dst = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (src / "a.ipynb").write_text("v1", encoding="utf-8")
    >>> _ = (src / "b.ipynb").write_text("v1", encoding="utf-8")
    >>> [p.name for p in sync_workspace(dst, src).copied]
    ['a.ipynb', 'b.ipynb']
    >>> _ = (dst / "a.ipynb").write_text("my edits", encoding="utf-8")   # the student edits a
    >>> _ = (src / "a.ipynb").write_text("v2", encoding="utf-8")         # a new release changes a and b
    >>> _ = (src / "b.ipynb").write_text("v2", encoding="utf-8")
    >>> sync_workspace(dst, src).newer == [dst / "a.ipynb", dst / "b.ipynb"]  # without update: only a hint
    True
    >>> for line in sync_workspace(dst, src, update=True, version="0.2").lines():
    ...     print(line)
    updated b.ipynb (you had not edited it)
    new version of a.ipynb is in a.new-0.2.ipynb; your a.ipynb was not touched
    >>> [(dst / n).read_text(encoding="utf-8") for n in ("a.ipynb", "a.new-0.2.ipynb", "b.ipynb")]
    ['my edits', 'v2', 'v2']
    """
    target = Path(target)
    source = bundled_notebooks() if source is None else Path(source)
    if version is None:
        version = __version__
    report = WorkspaceReport(folder=target)
    target.mkdir(parents=True, exist_ok=True)
    if target.resolve() == source.resolve():  # the checkout's own folder: nothing to copy, no record to keep
        return report
    manifest = _read_manifest(target)
    changed = False
    for item in _bundled_files(source):
        rel = item.relative_to(source).as_posix()
        destination = target / rel
        payload = item.read_bytes()
        new_hash = hashlib.sha256(payload).hexdigest()
        record = manifest.get(rel, {})
        if not os.path.lexists(destination):
            destination.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(destination, payload)
            manifest[rel] = {"sha256": new_hash}
            report.copied.append(destination)
            changed = True
            continue
        if destination.is_symlink() or not destination.is_file():
            continue  # something of the user's that is not a plain file: not ours to judge
        mine = _sha256(destination)
        if mine == new_hash:
            if record != {"sha256": new_hash}:
                manifest[rel] = {"sha256": new_hash}
                changed = True
            continue
        if not update:
            if record.get("sha256", new_hash) != new_hash and record.get("offered") != new_hash:
                report.newer.append(destination)
            continue
        if record.get("sha256") == new_hash:  # the user edited this release's own copy: nothing new to bring
            continue
        if record.get("sha256") == mine:  # an unedited copy of an older release
            write_atomic(destination, payload, overwrite=True)
            manifest[rel] = {"sha256": new_hash}
            report.updated.append(destination)
            changed = True
            continue
        n = 1
        while True:
            candidate = _alongside_name(destination, version, n)
            if not os.path.lexists(candidate):
                write_atomic(candidate, payload)
                report.alongside.append((destination, candidate))
                break
            if candidate.is_file() and not candidate.is_symlink() and _sha256(candidate) == new_hash:
                report.already_alongside.append((destination, candidate))
                break
            n += 1
        if record.get("offered") != new_hash:
            manifest[rel] = {**({"sha256": record["sha256"]} if "sha256" in record else {}), "offered": new_hash}
            changed = True
    if changed or not (target / MANIFEST_NAME).exists():
        _write_manifest(target, manifest, version)
    return report


def prepare_workspace(target: Path, source: Path | None = None) -> list[Path]:
    """Copy the notebooks into ``target``, never overwriting a file already there.

    Returns the files copied. The same as ``sync_workspace(target, source).copied``.

    >>> import tempfile
    >>> src, dst = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (src / "a.ipynb").write_text("new", encoding="utf-8")
    >>> _ = (dst / "a.ipynb").write_text("edited", encoding="utf-8")
    >>> prepare_workspace(dst, src), (dst / "a.ipynb").read_text(encoding="utf-8")
    ([], 'edited')
    """
    return sync_workspace(target, source).copied


def update_workspace(target: Path, source: Path | None = None, version: str | None = None) -> WorkspaceReport:
    """Copy missing notebooks and bring new versions alongside edited ones: ``sync_workspace(..., update=True)``."""
    return sync_workspace(target, source, update=True, version=version)


def lab_command(root: Path, *, port: int | None = None, open_browser: bool = True) -> list[str]:
    """The command that starts JupyterLab on the start notebook in ``root`` (run with ``root`` as its folder).

    The start notebook is JupyterLab's default page (``LabApp.default_url``), so the
    address it prints opens it too, not only the browser window it opens itself: with
    ``--no-browser`` the student pastes that address, and lands on the start notebook,
    not on the Launcher.

    >>> lab_command(Path("/w"), port=8890, open_browser=False)[1:]  # doctest: +NORMALIZE_WHITESPACE
    ['-m', 'jupyterlab', '00_start_here.ipynb', '--ServerApp.root_dir=/w',
     '--LabApp.default_url=/lab/tree/00_start_here.ipynb', '--ServerApp.port=8890', '--no-browser']
    """
    command = [sys.executable, "-m", "jupyterlab", START_NOTEBOOK, f"--ServerApp.root_dir={root}",
               f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}"]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not open_browser:
        command.append("--no-browser")
    return command


def _absolute_case_path() -> None:
    """Make ``ENTENTE_LAB_CASE`` absolute before JupyterLab starts: kernels run in the
    notebooks' folder, where a path relative to the user's shell would not resolve."""
    from ..case.loading import CASE_ENV_VAR

    value = os.environ.get(CASE_ENV_VAR)
    if value and not os.path.isabs(value):
        os.environ[CASE_ENV_VAR] = os.path.abspath(value)


def start_lab(*, port: int | None = None, open_browser: bool = True, folder: str | None = None,
              update: bool = False, prepare_only: bool = False, allow_root: bool = False) -> int:
    """Prepare the working folder and start JupyterLab on the start notebook.

    Parameters
    ----------
    port : int, optional
        JupyterLab's port (default: its own choice).
    open_browser : bool, default True
        Open a browser window.
    folder : str, optional
        The working folder (default: the checkout's ``notebooks/`` when run from a
        repository, else ``./entente-lab``).
    update : bool, default False
        Bring new versions of the notebooks: see the module docstring.
    prepare_only : bool, default False
        Prepare the folder, print the command that would start JupyterLab on
        standard output, and return 0 without starting it.
    allow_root : bool, default False
        Pass ``--allow-root`` to JupyterLab, which otherwise refuses to run as root
        (as in many containers).

    Returns
    -------
    int
        JupyterLab's exit status; 1 when the folder cannot be written or JupyterLab
        is not installed.
    """
    notebooks = bundled_notebooks()
    if folder is None and _is_checkout(notebooks):
        root = notebooks
        if update:
            print(printable(f"entente-lab: running from a repository checkout ({root}); the notebooks there are the "
                            "repository's own: update them with git, not --update", 2000), file=sys.stderr)
    else:
        root = Path(folder or "entente-lab").resolve()
        try:
            report = sync_workspace(root, notebooks, update=update)
        except OSError as error:
            print(printable(f"entente-lab: cannot prepare the working folder {root}: {error.strerror or error}. "
                            "Choose a folder you can write to with --dir", 2000), file=sys.stderr)
            return 1
        for line in report.lines():
            print(printable(f"entente-lab: {line}", 2000), file=sys.stderr)
        print(printable(f"entente-lab: your notebooks are in {root} ({len(report.copied)} new file(s) copied; "
                        "files you already had were left as they were)", 2000), file=sys.stderr)
    _absolute_case_path()
    command = lab_command(root, port=port, open_browser=open_browser)
    if allow_root:
        command.append("--allow-root")
    elif hasattr(os, "geteuid") and os.geteuid() == 0 and not prepare_only:
        print("entente-lab: you are running as root, and JupyterLab refuses to start as root; if that is what you "
              "want (in a container, say), run `entente-lab lab --allow-root`", file=sys.stderr)
    if prepare_only:
        line = f"cd {shlex.quote(str(root))} && {shlex.join(command)}"
        print(printable(line, 10 * len(line)))  # escaped, never elided: the whole command, or a visibly odd one
        return 0
    if importlib.util.find_spec("jupyterlab") is None:
        print(f"entente-lab: JupyterLab is not installed for {sys.executable}; install it with "
              f"`{shlex.quote(sys.executable)} -m pip install jupyterlab`, then run entente-lab again", file=sys.stderr)
        return 1
    return subprocess.call(command, cwd=root)
