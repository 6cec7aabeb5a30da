"""Check that this machine can run the lab, and say the exact fix for whatever is wrong.

Each check is a small function returning a :class:`Check`; :func:`doctor` runs them all
and returns a :class:`Report`, which prints as one line per check and shows as a table
in a notebook. ``entente-lab doctor`` prints the same report and exits 1 if any check
failed. No check raises: an unexpected error becomes a failed check that names it.

Only the checks themselves import matplotlib, jupyter_client and friends, and only when
they run, so importing this module stays light.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__

# html, importlib.metadata, shlex and subprocess are imported where they are used, so that
# `import entente_lab` (which imports this module) stays fast.

__all__ = [
    "ANYWIDGET_EXTENSION", "MIN_IPYWIDGETS", "MIN_MATPLOTLIB", "MIN_PYTHON", "WIDGET_EXTENSION",
    "Check", "Report", "check_anywidget_extension", "check_case", "check_folder", "check_ipywidgets", "check_kernel",
    "check_matplotlib", "check_python", "check_widget_extension", "check_widget_frontend", "doctor",
]

#: Oldest supported releases (the lower bounds in ``pyproject.toml``).
MIN_PYTHON = (3, 10)
MIN_IPYWIDGETS = (8, 1)
MIN_MATPLOTLIB = (3, 7)

#: The JupyterLab extension that renders widgets; ``jupyterlab_widgets`` ships it prebuilt.
WIDGET_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
#: The JupyterLab extension that renders anywidget widgets (the lab's controls); the ``anywidget`` wheel ships it.
ANYWIDGET_EXTENSION = "anywidget"

# ipywidgets major -> (jupyterlab_widgets major, widget-manager extension major).
# Used when ipywidgets does not declare its jupyterlab_widgets requirement.
_FRONT_END_MAJORS = {7: (1, 3), 8: (3, 5)}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was checked, whether it passed, what was found, the fix.

    Examples
    --------
    >>> print(Check("python", True, "Python 3.11.7"))
    ok    python: Python 3.11.7
    >>> print(Check("folder", False, "/srv is not writable", "cd ~"))
    FAIL  folder: /srv is not writable — fix: cd ~
    """

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{'ok' if self.ok else 'FAIL':<4}  {self.name}: {self.detail}"
        if not self.ok and self.fix:
            line += f" — fix: {self.fix}"
        return line


@dataclass(frozen=True)
class Report:
    """Every check's outcome; ``ok`` when all passed.

    Prints as one line per check; in a notebook it shows as a table.

    Examples
    --------
    >>> report = Report((Check("python", True, "Python 3.12.1"), Check("case", False, "c.yaml: bad", "fix it")))
    >>> report.ok, [c.name for c in report.failures]
    (False, ['case'])
    >>> report
    ok    python: Python 3.12.1
    FAIL  case: c.yaml: bad — fix: fix it
    """

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The checks that failed, in order."""
        return tuple(check for check in self.checks if not check.ok)

    def __str__(self) -> str:
        return "\n".join(str(check) for check in self.checks)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        import html

        rows = []
        for check in self.checks:
            status = "ok" if check.ok else "<strong>FAIL</strong>"
            fix = f"<code>{html.escape(check.fix)}</code>" if check.fix and not check.ok else ""
            rows.append(f"<tr><td>{status}</td><td>{html.escape(check.name)}</td>"
                        f"<td style='text-align:left'>{html.escape(check.detail)}</td>"
                        f"<td style='text-align:left'>{fix}</td></tr>")
        failed = len(self.failures)
        caption = (f"All {len(self.checks)} checks passed." if not failed
                   else f"{failed} of {len(self.checks)} checks failed: apply the fixes, then run the doctor again.")
        return ("<table><caption style='text-align:left'>" + html.escape(caption) + "</caption>"
                "<thead><tr><th>Status</th><th>Check</th><th style='text-align:left'>Details</th>"
                "<th style='text-align:left'>Fix</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


# -- helpers ---------------------------------------------------------------------------


def _release(version: str) -> tuple[int, ...]:
    """The leading numeric release of a version string: ``"8.1.9rc1"`` -> ``(8, 1, 9)``."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def _command(*args: str) -> str:
    """A shell command line for ``args``, quoted for this platform."""
    import shlex
    import subprocess

    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return subprocess.list2cmdline(args)
    return shlex.join(args)


def _pip(*args: str, python: str | None = None) -> str:
    return _command(python or sys.executable, "-m", "pip", "install", *args)


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _installed(module: str, dist: str) -> str | None:
    """The installed version of ``dist`` when its module ``module`` can be found, else None."""
    if importlib.util.find_spec(module) is None:
        return None
    return _version(dist)


# -- the checks ------------------------------------------------------------------------


def check_python(version: Sequence[int] | None = None) -> Check:
    """Python is 3.10 or newer.

    Parameters
    ----------
    version : sequence of int, optional
        The version to judge; the running interpreter's by default.

    Examples
    --------
    >>> check_python((3, 12, 1)).ok
    True
    >>> print(check_python((3, 9, 18)))  # doctest: +ELLIPSIS
    FAIL  python: Python 3.9.18 is too old; Entente Lab needs 3.10 or newer — fix: install Python 3.10 or newer ...
    """
    version = tuple(sys.version_info[:3] if version is None else version)
    shown = ".".join(str(part) for part in version[:3])
    if version[:2] >= MIN_PYTHON:
        return Check("python", True, f"Python {shown} ({sys.executable})")
    return Check("python", False, f"Python {shown} is too old; Entente Lab needs 3.10 or newer",
                 "install Python 3.10 or newer (python.org or conda), then "
                 "`python -m pip install entente-lab` with that Python")


def check_ipywidgets() -> Check:
    """ipywidgets is installed and at least 8.1.

    Examples
    --------
    >>> check_ipywidgets().ok
    True
    """
    version = _installed("ipywidgets", "ipywidgets")
    if version is None:
        return Check("ipywidgets", False, f"ipywidgets is not installed for {sys.executable}", _pip("ipywidgets>=8.1"))
    if _release(version)[:2] < MIN_IPYWIDGETS:
        return Check("ipywidgets", False, f"ipywidgets {version} is too old; the lab needs 8.1 or newer",
                     _pip("--upgrade", "ipywidgets>=8.1"))
    return Check("ipywidgets", True, f"ipywidgets {version}")


def _declared_front_end() -> str | None:
    """The ``jupyterlab_widgets`` requirement ipywidgets declares (e.g. ``~=3.0.17``), if any."""
    from importlib import metadata

    for requirement in metadata.requires("ipywidgets") or ():
        match = re.match(r"\s*jupyterlab[_-]widgets\s*([^;]*)", requirement, re.IGNORECASE)
        if match and ";" not in requirement:  # older metadata writes "jupyterlab-widgets (~=3.0.7)"
            return match.group(1).strip().strip("()").strip() or None
    return None


def _satisfies(version: str, specifier: str) -> bool | None:
    """Whether ``version`` meets ``specifier``; None when ``packaging`` is unavailable."""
    try:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet
    except ImportError:  # pragma: no cover - packaging ships with jupyterlab and matplotlib
        return None
    try:
        return SpecifierSet(specifier).contains(version, prereleases=True)
    except InvalidSpecifier:
        return None


def check_widget_frontend() -> Check:
    """``jupyterlab_widgets`` (the widget front end) is installed and matches ipywidgets.

    ipywidgets declares the ``jupyterlab_widgets`` it works with (ipywidgets 8.1.x asks for
    ``jupyterlab_widgets ~= 3.0.N``); without that declaration the majors must pair up:
    ipywidgets 8 with jupyterlab_widgets 3, ipywidgets 7 with 1.

    Examples
    --------
    >>> check_widget_frontend().ok
    True
    """
    front = _installed("jupyterlab_widgets", "jupyterlab_widgets")
    fix = _pip("--upgrade", "ipywidgets>=8.1", "jupyterlab_widgets") + ", then restart JupyterLab"
    if front is None:
        return Check("widget front end", False,
                     f"jupyterlab_widgets is not installed for {sys.executable}, so JupyterLab shows "
                     "'Error displaying widget'", fix)
    widgets = _installed("ipywidgets", "ipywidgets")
    if widgets is None:
        return Check("widget front end", True, f"jupyterlab_widgets {front} (ipywidgets is missing: see above)")
    wanted = _declared_front_end()
    verdict = _satisfies(front, wanted) if wanted else None
    if verdict is None:
        pair = _FRONT_END_MAJORS.get(_release(widgets)[0])
        wanted = f"{pair[0]}.x" if pair else None
        verdict = pair is None or _release(front)[:1] == (pair[0],)
    if not verdict:
        return Check("widget front end", False,
                     f"jupyterlab_widgets {front} does not match ipywidgets {widgets}, which needs "
                     f"jupyterlab_widgets {wanted}", fix)
    return Check("widget front end", True, f"jupyterlab_widgets {front}, matches ipywidgets {widgets}")


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _page_config_files() -> list[tuple[Path, str | None]]:
    """JupyterLab's page_config files, lowest priority first, each with its ``--level`` (or None).

    This mirrors ``jupyterlab_server.config.get_page_config``: the app settings folder's
    ``page_config.json``, then each ``labconfig`` folder of ``jupyter_config_path()``
    from last to first, its ``page_config.d/*.json`` before its ``page_config.json``.
    """
    from jupyter_core.paths import ENV_CONFIG_PATH, SYSTEM_CONFIG_PATH, jupyter_config_dir, jupyter_config_path

    app_dir = os.environ.get("JUPYTERLAB_DIR") or os.path.join(sys.prefix, "share", "jupyter", "lab")
    files: list[tuple[Path, str | None]] = [(Path(app_dir, "settings", "page_config.json"), None)]
    levels = {os.path.abspath(jupyter_config_dir()): "user"}
    levels.setdefault(os.path.abspath(ENV_CONFIG_PATH[0]), "sys_prefix")
    for path in SYSTEM_CONFIG_PATH:
        levels.setdefault(os.path.abspath(path), "system")
    for config_dir in reversed(jupyter_config_path()):
        folder = Path(config_dir, "labconfig")
        level = levels.get(os.path.abspath(config_dir))
        files += [(p, level) for p in sorted(folder.glob("page_config.d/*.json"))]
        files.append((folder / "page_config.json", level))
    return files


def _disabled_by(name: str) -> tuple[Path, str | None] | None:
    """The page_config file (and its level) that leaves ``name`` disabled, or None when it is enabled.

    A pattern disables the extension when it equals the name, matches it as a regular
    expression (as JupyterLab does), or names one of its plugins (``name:plugin``).
    """
    state: dict[str, tuple[bool, Path, str | None]] = {}
    for path, level in _page_config_files():
        entries = _read_json(path).get("disabledExtensions")
        if isinstance(entries, list):
            entries = dict.fromkeys(entries, True)
        if isinstance(entries, dict):
            for pattern, value in entries.items():
                state[pattern] = (bool(value), path, level)
    for pattern, (disabled, path, level) in state.items():
        if not disabled:
            continue
        try:
            matches = pattern == name or re.match(pattern, name) is not None
        except re.error:
            matches = False
        if matches or pattern.startswith(name + ":"):
            return path, level
    return None


def _find_labextension(name: str, paths: Iterable[str] | None) -> tuple[Path | None, list[str]]:
    """The folder of the labextension ``name`` in the first of ``paths`` that holds it (as JupyterLab looks)."""
    if paths is None:
        from jupyter_core.paths import jupyter_path

        paths = jupyter_path("labextensions")
    paths = list(paths)
    return next((Path(p, name) for p in paths if Path(p, name, "package.json").is_file()), None), paths


def _enabled(check: str, name: str, version: str, found: Path) -> Check:
    """Pass when no page_config leaves ``name`` disabled; else fail with the command (or edit) that enables it."""
    disabled = _disabled_by(name)
    if disabled is None:
        return Check(check, True, f"{name} {version}, enabled ({found})")
    where, level = disabled
    if level is None:
        fix = f'remove "{name}" from "disabledExtensions" in {where}, then restart JupyterLab'
    else:
        fix = _command("jupyter", "labextension", "enable", "--level", level, name) + ", then restart JupyterLab"
    return Check(check, False, f"{name} {version} is installed but disabled in {where}", fix)


def check_widget_extension(paths: Iterable[str] | None = None) -> Check:
    """The widget extension is in a ``labextensions`` folder, fits ipywidgets, and is not disabled.

    Parameters
    ----------
    paths : iterable of str, optional
        Folders to search, first match wins (as JupyterLab does);
        ``jupyter_path("labextensions")`` by default.

    Examples
    --------
    >>> check_widget_extension().ok
    True
    >>> print(check_widget_extension(paths=[]))  # doctest: +ELLIPSIS
    FAIL  widget extension: @jupyter-widgets/jupyterlab-manager is in no labextensions folder (searched: none)...restart JupyterLab
    """
    found, paths = _find_labextension(WIDGET_EXTENSION, paths)
    reinstall = _pip("--force-reinstall", "--no-deps", "jupyterlab_widgets") + ", then restart JupyterLab"
    if found is None:
        return Check("widget extension", False,
                     f"{WIDGET_EXTENSION} is in no labextensions folder (searched: {', '.join(paths) or 'none'}), "
                     "so widgets show 'Error displaying widget'", reinstall)
    version = str(_read_json(found / "package.json").get("version", "?"))
    widgets = _installed("ipywidgets", "ipywidgets")
    pair = _FRONT_END_MAJORS.get(_release(widgets)[0]) if widgets else None
    if pair and _release(version)[:1] != (pair[1],):
        return Check("widget extension", False,
                     f"{WIDGET_EXTENSION} {version} in {found} is for another ipywidgets; "
                     f"ipywidgets {widgets} needs {pair[1]}.x",
                     f"{reinstall}; if the old version is still found, delete the folder {found}")
    return _enabled("widget extension", WIDGET_EXTENSION, version, found)


def check_anywidget_extension(paths: Iterable[str] | None = None) -> Check:
    """anywidget (which draws the lab's sliders, choices and menus) is installed with its JupyterLab extension.

    The Python package and the ``anywidget`` labextension come in one wheel; the
    extension renders only widgets of its own minor release, so the two must agree on
    ``major.minor``, and the extension must not be disabled.

    Parameters
    ----------
    paths : iterable of str, optional
        Folders to search, as for :func:`check_widget_extension`.

    Examples
    --------
    >>> check_anywidget_extension().ok
    True
    >>> print(check_anywidget_extension(paths=[]))  # doctest: +ELLIPSIS
    FAIL  anywidget extension: anywidget is in no labextensions folder (searched: none)...restart JupyterLab
    """
    python_side = _installed("anywidget", "anywidget")
    reinstall = _pip("--force-reinstall", "--no-deps", f"anywidget=={python_side}" if python_side else "anywidget")
    reinstall += ", then restart JupyterLab"
    if python_side is None:
        return Check("anywidget extension", False, f"anywidget is not installed for {sys.executable}, so the lab's "
                     "sliders, choices and menus show 'Error displaying widget'", reinstall)
    found, paths = _find_labextension(ANYWIDGET_EXTENSION, paths)
    if found is None:
        return Check("anywidget extension", False,
                     f"{ANYWIDGET_EXTENSION} is in no labextensions folder (searched: {', '.join(paths) or 'none'}), "
                     "so the lab's sliders, choices and menus show 'Error displaying widget'", reinstall)
    version = str(_read_json(found / "package.json").get("version", "?"))
    if _release(version)[:2] != _release(python_side)[:2]:
        return Check("anywidget extension", False,
                     f"{ANYWIDGET_EXTENSION} {version} in {found} does not match anywidget {python_side} "
                     f"(it needs {'.'.join(map(str, _release(python_side)[:2]))}.x)",
                     f"{reinstall}; if the old version is still found, delete the folder {found}")
    return _enabled("anywidget extension", ANYWIDGET_EXTENSION, version, found)


def _install_source() -> str:
    """How to name this copy of Entente Lab to pip: the local folder it was installed from, or its name."""
    from importlib import metadata

    try:
        direct = json.loads(metadata.distribution("entente-lab").read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        direct = {}
    url = direct.get("url", "")
    if url.startswith("file://"):
        from urllib.parse import unquote, urlparse

        folder = unquote(urlparse(url).path)
        if os.name == "nt" and re.match(r"/[A-Za-z]:", folder):  # pragma: no cover
            folder = folder[1:]
        if Path(folder).is_dir():
            return _command("-e", folder) if direct.get("dir_info", {}).get("editable") else _command(folder)
    return "entente-lab"


def _kernel_python(argv0: str) -> str | None:
    """The interpreter a kernel's ``argv[0]`` names, resolved as jupyter_client resolves it."""
    if argv0 in {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}:
        return sys.executable  # jupyter_client runs these as the server's own Python
    if os.path.isabs(argv0):
        return argv0 if os.path.exists(argv0) else None
    import shutil

    return shutil.which(argv0)


_PROBE = "import entente_lab, sys; print(entente_lab.__version__); print(sys.version.split()[0])"


def check_kernel(name: str = "python3", *, timeout: float = 30.0) -> Check:
    """The notebooks' kernel (``python3`` by default) can ``import entente_lab``.

    Finds the kernelspec with jupyter_client, runs its interpreter (with the spec's
    environment) on ``import entente_lab``, and checks that it gets this version.

    Parameters
    ----------
    name : str
        Kernel name; the notebooks ask for ``python3``.
    timeout : float
        Seconds to wait for the interpreter.

    Examples
    --------
    >>> print(check_kernel("no-such-kernel"))  # doctest: +ELLIPSIS
    FAIL  kernel: no Jupyter kernel named 'no-such-kernel' ... -m ipykernel install --user --name no-such-kernel
    """
    import shlex
    import subprocess


    title = "kernel"
    register = _command(sys.executable, "-m", "ipykernel", "install", "--user", "--name", name)
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return Check(title, False, "jupyter_client is not installed, so Jupyter cannot start kernels",
                     _pip("jupyterlab", "ipykernel"))
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return Check(title, False, f"no Jupyter kernel named {name!r} (the notebooks use it)", register)
    argv0 = spec.argv[0] if spec.argv else ""
    python = _kernel_python(argv0)
    where = f"kernel {name!r} ({spec.resource_dir})"
    if python is None:
        return Check(title, False, f"{where} runs {argv0!r}, which does not exist", register)
    env = {**os.environ, **(spec.env or {})}
    try:
        done = subprocess.run([python, "-c", _PROBE], capture_output=True, text=True, timeout=timeout,
                              env=env, cwd=tempfile.gettempdir(), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Check(title, False, f"{where}: {python} did not start within {timeout:g} s",
                     f"check that {python} runs, or {register}")
    except OSError as error:
        return Check(title, False, f"{where}: cannot run {python}: {error.strerror or error}", register)
    install = _pip(*shlex.split(_install_source()), python=python)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        return Check(title, False, f"{where} runs {python}, which cannot import entente_lab ({reason})", install)
    theirs = (done.stdout.split() or ["?"])[0]
    if theirs != __version__:
        return Check(title, False, f"{where} runs {python}, which has entente_lab {theirs}, not {__version__}",
                     _pip("--upgrade", *shlex.split(_install_source()), python=python))
    return Check(title, True, f"{where} runs {python}, which imports entente_lab {theirs}")


def check_matplotlib() -> Check:
    """matplotlib (3.7 or newer) draws a tiny figure to a PNG with the Agg canvas.

    Examples
    --------
    >>> check_matplotlib().ok
    True
    """
    from io import BytesIO

    fix = _pip("--upgrade", "matplotlib>=3.7")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import matplotlib
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            figure = Figure(figsize=(1, 1), dpi=20)
            FigureCanvasAgg(figure)
            figure.add_subplot().plot([0, 1], [0, 1])
            buffer = BytesIO()
            figure.savefig(buffer, format="png")
    except Exception as error:  # noqa: BLE001 - any failure to draw is the finding
        return Check("matplotlib", False, f"cannot draw a figure: {type(error).__name__}: {error}", fix)
    version = getattr(matplotlib, "__version__", "?")
    if _release(version)[:2] < MIN_MATPLOTLIB:
        return Check("matplotlib", False, f"matplotlib {version} is too old; the lab needs 3.7 or newer", fix)
    if not buffer.getvalue().startswith(_PNG_SIGNATURE):
        return Check("matplotlib", False, f"matplotlib {version} drew something that is not a PNG", fix)
    note = f" (warned: {caught[0].message})" if caught else ""
    return Check("matplotlib", True, f"matplotlib {version} draws PNG figures{note}")


def check_folder(folder: str | os.PathLike[str] | None = None) -> Check:
    """The working folder (the current one by default) takes a new file.

    Creates and deletes a temporary file there, which is the only honest test:
    permission bits do not tell the whole story (read-only mounts, root, ACLs).

    Examples
    --------
    >>> check_folder().ok
    True
    >>> print(check_folder("no/such/folder"))  # doctest: +ELLIPSIS
    FAIL  working folder: ...no/such/folder does not exist — fix: work in a folder you can write to ... `cd ~` ...
    """
    path = Path(os.getcwd() if folder is None else folder).absolute()
    fix = (f"work in a folder you can write to instead of {path}: `cd ~` and start again, "
           "or choose another with --dir")
    try:
        handle, name = tempfile.mkstemp(dir=path, prefix=".entente-lab-doctor-")
    except FileNotFoundError:
        return Check("working folder", False, f"{path} does not exist", fix)
    except NotADirectoryError:
        return Check("working folder", False, f"{path} is not a folder", fix)
    except OSError as error:
        return Check("working folder", False, f"cannot write in {path}: {error.strerror or error}; "
                     "saved work would be lost", fix)
    os.close(handle)
    os.unlink(name)
    return Check("working folder", True, f"{path} is writable")


def check_case(path: str | os.PathLike[str] | None = None) -> Check:
    """The case loads: ``path``, else ``$ENTENTE_LAB_CASE``, else the bundled interview.

    On failure the first three problems are shown, each as ``PATH:LINE:COL: message``.

    Examples
    --------
    >>> check_case().ok
    True
    >>> print(check_case("no/such/case.yaml"))  # doctest: +ELLIPSIS
    FAIL  case: no/such/case.yaml: no such file; ... — fix: correct the file; `entente-lab validate no/such/case.yaml` ...
    """
    from ..case.loading import CASE_ENV_VAR, load_case
    from ..errors import CaseError

    from_env = path is None and bool(os.environ.get(CASE_ENV_VAR))
    shown = os.fspath(path) if path is not None else os.environ.get(CASE_ENV_VAR) if from_env else None
    try:
        case = load_case(path)
    except CaseError as error:
        problems = [str(p) for p in error.problems[:3]]
        more = len(error.problems) - len(problems)
        detail = "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")
        fix = f"correct the file; `{_command('entente-lab', 'validate', shown or 'PATH')}` lists every problem"
        if from_env:
            fix += f", or `unset {CASE_ENV_VAR}` to use the bundled interview"
        return Check("case", False, detail, fix)
    origin = f" (from ${CASE_ENV_VAR})" if from_env else ""
    return Check("case", True, f"{case.path}{origin}: {len(case.factors)} factors")


def _safely(name: str, check: Callable[[], Check]) -> Check:
    """Run one check; an unexpected error becomes a failed check instead of a traceback."""
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - the doctor must report, not crash
        return Check(name, False, f"the check itself failed: {type(error).__name__}: {error}",
                     "report this at the Entente Lab issue tracker with the line above")


def doctor(folder: str | os.PathLike[str] | None = None, *, kernel: str = "python3",
           case: str | os.PathLike[str] | None = None, timeout: float = 30.0) -> Report:
    """Check this machine for everything the lab needs; each failure comes with its exact fix.

    Parameters
    ----------
    folder : path-like, optional
        The working folder, where students' work is saved; the current folder by default.
    kernel : str
        The kernel the notebooks use.
    case : path-like, optional
        The case file; ``$ENTENTE_LAB_CASE`` or the bundled interview by default.
    timeout : float
        Seconds to wait for the kernel's interpreter.

    Returns
    -------
    Report
        ``report.ok`` is True when every check passed; ``report.checks`` lists them:
        python, ipywidgets, widget front end, widget extension, anywidget extension,
        kernel, matplotlib, working folder, case. ``print(report)`` gives one line per check.

    Examples
    --------
    >>> report = doctor()
    >>> [check.name for check in report.checks]  # doctest: +NORMALIZE_WHITESPACE
    ['python', 'ipywidgets', 'widget front end', 'widget extension', 'anywidget extension', 'kernel',
     'matplotlib', 'working folder', 'case']
    """
    steps: list[tuple[str, Callable[[], Check]]] = [
        ("python", check_python),
        ("ipywidgets", check_ipywidgets),
        ("widget front end", check_widget_frontend),
        ("widget extension", check_widget_extension),
        ("anywidget extension", check_anywidget_extension),
        ("kernel", lambda: check_kernel(kernel, timeout=timeout)),
        ("matplotlib", check_matplotlib),
        ("working folder", lambda: check_folder(folder)),
        ("case", lambda: check_case(case)),
    ]
    return Report(tuple(_safely(name, step) for name, step in steps))
