"""Check that this machine can run the lab, and say the exact fix for whatever is wrong.

Each check is a small function returning a :class:`Check`; :func:`doctor` runs them all
and returns a :class:`Report`, which prints as one line per check and shows as a table
in a notebook. ``entente-lab doctor`` prints the same report and exits 1 if any check
failed. No check raises: an unexpected error becomes a failed check that names it.

Only the checks themselves import matplotlib, jupyter_client and friends, and only when
they run, so importing this module stays light.

The versions the lab needs are not written here: they are read from the installed
``entente-lab`` distribution's metadata (``importlib.metadata.requires``), which the
build writes from ``pyproject.toml``, its one source. Versions are parsed and compared
with ``packaging``. Where a labextension lives and whether it is disabled is asked of
JupyterLab's own server library (``jupyterlab_server.config``), not worked out again here.
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
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .._version import __version__

if TYPE_CHECKING:
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

# html, importlib.metadata, packaging, shlex and subprocess are imported where they are used, so that
# `import entente_lab` (which imports this module) stays fast and needs none of the notebook stack.

__all__ = [
    "ANYWIDGET_EXTENSION", "DISTRIBUTION", "WIDGET_EXTENSION",
    "Check", "Report", "check_anywidget_extension", "check_case", "check_folder", "check_ipywidgets", "check_kernel",
    "check_matplotlib", "check_python", "check_widget_extension", "check_widget_frontend", "doctor",
]

#: The distribution whose metadata holds the versions the lab needs (``pyproject.toml``'s
#: ``requires-python`` and ``dependencies``).
DISTRIBUTION = "entente-lab"

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


def _parsed(version: str | None) -> Version | None:
    """``version`` parsed by ``packaging``; None when it is missing or not a version.

    >>> _parsed("8.1.9rc1").release, _parsed("?")
    ((8, 1, 9), None)
    """
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version) if version else None
    except InvalidVersion:
        return None


def _major(version: str | None) -> int | None:
    """The major release of ``version``; None when it is not a version."""
    parsed = _parsed(version)
    return parsed.major if parsed else None


def declared_requirement(dist: str, name: str) -> Requirement | None:
    """What the installed distribution ``dist`` requires of ``name`` (extras aside); None when nothing.

    Read from ``dist``'s metadata, so for Entente Lab itself it is ``pyproject.toml``'s
    ``dependencies`` entry as the build wrote it.

    Examples
    --------
    >>> str(declared_requirement(DISTRIBUTION, "ipywidgets")).startswith("ipywidgets>=")
    True
    >>> declared_requirement(DISTRIBUTION, "no-such-library") is None
    True
    """
    from importlib import metadata

    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    try:
        lines = metadata.requires(dist) or ()
    except metadata.PackageNotFoundError:
        return None
    wanted = canonicalize_name(name)
    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if canonicalize_name(requirement.name) != wanted:
            continue
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            return requirement
    return None


def _required_python() -> SpecifierSet | None:
    """Entente Lab's ``requires-python`` from its installed metadata; None when it is not installed."""
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    try:
        text = metadata.metadata(DISTRIBUTION).get("Requires-Python")
    except metadata.PackageNotFoundError:
        return None
    return SpecifierSet(text) if text else None


def _in_words(specifier: SpecifierSet) -> str:
    """``>=8.1`` as ``8.1 or newer``; any other specifier as itself.

    >>> from packaging.specifiers import SpecifierSet
    >>> _in_words(SpecifierSet(">=3.10")), _in_words(SpecifierSet(">=1,<2"))
    ('3.10 or newer', '<2,>=1')
    """
    (only, *more) = list(specifier) or [None]
    if only is not None and not more and only.operator == ">=":
        return f"{only.version} or newer"
    return str(specifier)


def _too_old(version: str, requirement: Requirement | None) -> bool:
    """True when ``version`` fails ``requirement`` (PEP 440 order; a pre-release past the bound meets it; a non-version fails).

    >>> from packaging.requirements import Requirement
    >>> needed = Requirement("ipywidgets>=8.1")
    >>> _too_old("8.0.7", needed), _too_old("8.2.0rc1", needed), _too_old("?", needed), _too_old("1.0", None)
    (True, False, True, False)
    """
    if requirement is None:
        return False
    parsed = _parsed(version)
    return parsed is None or not requirement.specifier.contains(parsed, prereleases=True)


_NO_MINIMUM = f"; no minimum checked: {DISTRIBUTION}'s installed metadata names none"


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
    """Python meets Entente Lab's ``requires-python`` (3.10 or newer).

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
    needed = _required_python()
    if needed is None:
        return Check("python", True, f"Python {shown} ({sys.executable}){_NO_MINIMUM}")
    if needed.contains(shown, prereleases=True):
        return Check("python", True, f"Python {shown} ({sys.executable})")
    return Check("python", False, f"Python {shown} is too old; Entente Lab needs {_in_words(needed)}",
                 f"install Python {_in_words(needed)} (python.org or conda), then "
                 "`python -m pip install entente-lab` with that Python")


def check_ipywidgets() -> Check:
    """ipywidgets is installed and meets Entente Lab's requirement (8.1 or newer).

    Examples
    --------
    >>> check_ipywidgets().ok
    True
    """
    needed = declared_requirement(DISTRIBUTION, "ipywidgets")
    wanted = str(needed) if needed else "ipywidgets"
    version = _installed("ipywidgets", "ipywidgets")
    if version is None:
        return Check("ipywidgets", False, f"ipywidgets is not installed for {sys.executable}", _pip(wanted))
    if _too_old(version, needed):
        return Check("ipywidgets", False, f"ipywidgets {version} is too old; the lab needs {_in_words(needed.specifier)}",
                     _pip("--upgrade", wanted))
    return Check("ipywidgets", True, f"ipywidgets {version}{'' if needed else _NO_MINIMUM}")


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
    declared = declared_requirement("ipywidgets", "jupyterlab_widgets")
    if declared is not None and declared.specifier:
        wanted = str(declared.specifier)
        verdict = declared.specifier.contains(front, prereleases=True)
    else:
        pair = _FRONT_END_MAJORS.get(_major(widgets))
        wanted = f"{pair[0]}.x" if pair else None
        verdict = pair is None or _major(front) == pair[0]
    if not verdict:
        return Check("widget front end", False,
                     f"jupyterlab_widgets {front} does not match ipywidgets {widgets}, which needs "
                     f"jupyterlab_widgets {wanted}", fix)
    return Check("widget front end", True, f"jupyterlab_widgets {front}, matches ipywidgets {widgets}")


#: Where ``jupyter labextension enable --level LEVEL`` writes, highest priority first (as JupyterLab reads them).
_LEVELS = ("user", "sys_prefix", "system")


def _jupyterlab_server_config() -> ModuleType:
    """``jupyterlab_server.config``, imported after ``jsonschema`` so that it costs a second less.

    ``jupyterlab_server`` imports ``jupyter_server``, which imports ``jsonschema``, which
    imports ``rfc3987_syntax`` when installed (``jupyter_events`` asks for it), and that
    package compiles a grammar at import: 1.5 to 3 s, most of a notebook's ``doctor()``.
    jsonschema is imported first as Entente Lab's own reader imports it
    (:func:`~entente_lab.case.schemas.import_jsonschema`, without that grammar), and the
    server library then finds it imported. None of what the doctor asks of it checks a
    format, so every finding is the same.
    """
    from ..case.schemas import import_jsonschema

    import_jsonschema()
    import jupyterlab_server.config

    return jupyterlab_server.config


class _Unreadable(Exception):
    """JupyterLab's own reading of the labextensions folders or page configs failed."""


def _labextensions(paths: Iterable[str] | None) -> tuple[dict[str, Any], list[str]]:
    """Every labextension JupyterLab finds in ``paths`` (``jupyter_path("labextensions")`` by default), by name.

    ``jupyterlab_server.config.get_federated_extensions`` is JupyterLab's own lookup
    (the first folder that holds a name wins); it raises on a broken ``package.json``,
    which JupyterLab itself would stumble on too.
    """
    get_federated_extensions = _jupyterlab_server_config().get_federated_extensions
    if paths is None:
        from jupyter_core.paths import jupyter_path

        paths = jupyter_path("labextensions")
    paths = list(paths)
    try:
        return get_federated_extensions(paths), paths
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _Unreadable(f"{type(error).__name__}: {error}") from error


def _unreadable(check: str, error: _Unreadable) -> Check:
    return Check(check, False, f"JupyterLab cannot read its extensions or page config ({error}), so it would fail "
                 "the same way", "run `jupyter labextension list` to see which extension or file is broken, then "
                 "reinstall that extension or correct that file")


def _as_mapping(entries: object) -> dict[str, bool]:
    """``disabledExtensions`` as JupyterLab reads it: a list means every name in it is disabled."""
    if isinstance(entries, list):
        return dict.fromkeys((e for e in entries if isinstance(e, str)), True)
    return {k: bool(v) for k, v in entries.items() if isinstance(k, str)} if isinstance(entries, dict) else {}


def _disables(pattern: str, name: str) -> bool:
    """Whether a ``disabledExtensions`` pattern turns off ``name``.

    As ``jupyter labextension list`` judges it (the name itself, or a regular expression
    that matches it), and also a pattern naming one of its plugins (``name:plugin``), which
    leaves the extension installed but its widgets unrendered.

    >>> _disables("@a/b", "@a/b"), _disables("@a/.*", "@a/b"), _disables("@a/b:plugin", "@a/b"), _disables("@a/c", "@a/b")
    (True, True, True, False)
    """
    try:
        matches = pattern == name or re.match(pattern, name) is not None
    except re.error:
        matches = False
    return matches or pattern.startswith(name + ":")


def _disabled_by(name: str, extensions: dict[str, Any], paths: list[str]) -> tuple[str, str] | None:
    """Where ``name`` is left disabled and the fix, as ``(where, fix)``; None when JupyterLab loads it.

    The verdict is ``jupyterlab_server.config.get_page_config``'s (the app settings,
    every ``labconfig`` folder, and the ``disabledExtensions`` other extensions declare);
    the place is the highest level whose page config disables it
    (``get_static_page_config(level=...)``), else the app settings file, else the
    extension that declares it.
    """
    config = _jupyterlab_server_config()
    from jupyterlab.commands import get_app_dir

    get_page_config, get_static_page_config = config.get_page_config, config.get_static_page_config
    settings = os.path.join(get_app_dir(), "settings")
    try:
        disabled = _as_mapping(get_page_config(paths, app_settings_dir=settings).get("disabledExtensions"))
        patterns = [p for p, off in disabled.items() if off and _disables(p, name)]
        if not patterns:
            return None
        levels = {level: _as_mapping(get_static_page_config(level=level).get("disabledExtensions")) for level in _LEVELS}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _Unreadable(f"{type(error).__name__}: {error}") from error
    restart = ", then restart JupyterLab"
    for level, entries in levels.items():
        pattern = next((p for p in patterns if entries.get(p)), None)
        if pattern is not None:
            return (f"the {level}-level page config ({_labconfig_folders(level)})",
                    _command("jupyter", "labextension", "enable", "--level", level, pattern) + restart)
    declared_by = next((other for other, data in extensions.items() if other != name and any(
        p in _as_mapping(data.get("jupyterlab", {}).get("disabledExtensions")) for p in patterns)), None)
    if declared_by is not None:
        return (f"the extension {declared_by}, which declares it disabled",
                _command("jupyter", "labextension", "disable", "--level", "user", declared_by) + restart)
    where = Path(settings, "page_config.json")
    return str(where), f'remove "{patterns[0]}" from "disabledExtensions" in {where}{restart}'


def _labconfig_folders(level: str) -> str:
    """The ``labconfig`` folder(s) of a page-config level, as JupyterLab's ``--level`` names them."""
    from jupyter_core.paths import ENV_CONFIG_PATH, SYSTEM_CONFIG_PATH, jupyter_config_dir

    roots = {"user": [jupyter_config_dir()], "sys_prefix": [ENV_CONFIG_PATH[0]], "system": SYSTEM_CONFIG_PATH}[level]
    return ", ".join(os.path.join(root, "labconfig") for root in roots)


def _located(check: str, name: str, paths: Iterable[str] | None, effect: str,
             reinstall: str) -> tuple[Path, str, dict[str, Any], list[str]] | Check:
    """The folder and version of the labextension ``name`` and everything found; or the failed check."""
    try:
        extensions, searched = _labextensions(paths)
    except _Unreadable as error:
        return _unreadable(check, error)
    data = extensions.get(name)
    if data is None:
        return Check(check, False, f"{name} is in no labextensions folder (searched: {', '.join(searched) or 'none'}), "
                     f"so {effect}", reinstall)
    return Path(data["ext_path"]), str(data.get("version", "?")), extensions, searched


def _enabled(check: str, name: str, version: str, found: Path, extensions: dict[str, Any], paths: list[str]) -> Check:
    """Pass when JupyterLab loads ``name``; else fail with the command (or edit) that enables it."""
    try:
        disabled = _disabled_by(name, extensions, paths)
    except _Unreadable as error:
        return _unreadable(check, error)
    if disabled is None:
        return Check(check, True, f"{name} {version}, enabled ({found})")
    where, fix = disabled
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
    reinstall = _pip("--force-reinstall", "--no-deps", "jupyterlab_widgets") + ", then restart JupyterLab"
    located = _located("widget extension", WIDGET_EXTENSION, paths, "widgets show 'Error displaying widget'", reinstall)
    if isinstance(located, Check):
        return located
    found, version, extensions, searched = located
    widgets = _installed("ipywidgets", "ipywidgets")
    pair = _FRONT_END_MAJORS.get(_major(widgets)) if widgets else None
    if pair and _major(version) != pair[1]:
        return Check("widget extension", False,
                     f"{WIDGET_EXTENSION} {version} in {found} is for another ipywidgets; "
                     f"ipywidgets {widgets} needs {pair[1]}.x",
                     f"{reinstall}; if the old version is still found, delete the folder {found}")
    return _enabled("widget extension", WIDGET_EXTENSION, version, found, extensions, searched)


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
    located = _located("anywidget extension", ANYWIDGET_EXTENSION, paths,
                       "the lab's sliders, choices and menus show 'Error displaying widget'", reinstall)
    if isinstance(located, Check):
        return located
    found, version, extensions, searched = located
    ours, theirs = _parsed(version), _parsed(python_side)
    if ours is None or theirs is None or ours.release[:2] != theirs.release[:2]:
        series = ".".join(map(str, theirs.release[:2])) if theirs else python_side
        return Check("anywidget extension", False,
                     f"{ANYWIDGET_EXTENSION} {version} in {found} does not match anywidget {python_side} "
                     f"(it needs {series}.x)",
                     f"{reinstall}; if the old version is still found, delete the folder {found}")
    return _enabled("anywidget extension", ANYWIDGET_EXTENSION, version, found, extensions, searched)


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
    """matplotlib (as new as Entente Lab requires: 3.7 or newer) draws a tiny figure to a PNG with the Agg canvas.

    Examples
    --------
    >>> check_matplotlib().ok
    True
    """
    from io import BytesIO

    needed = declared_requirement(DISTRIBUTION, "matplotlib")
    fix = _pip("--upgrade", str(needed) if needed else "matplotlib")
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
    if _too_old(version, needed):
        return Check("matplotlib", False, f"matplotlib {version} is too old; the lab needs {_in_words(needed.specifier)}",
                     fix)
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
