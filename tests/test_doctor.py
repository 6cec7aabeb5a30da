"""The environment doctor: every failure it diagnoses, simulated, and its command line.

Each test breaks one thing for real where that is cheap (a kernelspec pointing at a fresh
venv without the package, a labextensions search path without the widget extension, the
extension disabled with ``jupyter labextension disable``, an immutable folder, a broken case
file) and pretends only where breaking the machine would be destructive (ipywidgets missing
or too old: ``importlib.metadata.version`` / ``importlib.util.find_spec`` are monkeypatched).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest
from jupyter_core import paths as jupyter_paths
from packaging.requirements import Requirement

import entente_lab
import entente_lab.app.doctor  # noqa: F401 - the module, for doctor_module below
from entente_lab import doctor as doctor_function
from entente_lab.app.doctor import (
    ANYWIDGET_EXTENSION,
    DISTRIBUTION,
    WIDGET_EXTENSION,
    Check,
    Report,
    check_anywidget_extension,
    check_case,
    check_folder,
    check_ipywidgets,
    check_kernel,
    check_matplotlib,
    check_python,
    check_widget_extension,
    check_widget_frontend,
)

doctor_module = sys.modules["entente_lab.app.doctor"]
NAMES = ["python", "ipywidgets", "widget front end", "widget extension", "anywidget extension", "kernel",
         "matplotlib", "working folder", "case"]


def _real_extension() -> Path:
    for folder in jupyter_paths.jupyter_path("labextensions"):
        if Path(folder, WIDGET_EXTENSION, "package.json").is_file():
            return Path(folder, WIDGET_EXTENSION)
    pytest.skip("the widget extension is not installed here")


def _fake_versions(monkeypatch, **versions: str | None) -> None:
    """Make ``importlib.metadata.version`` report ``versions`` (None: not installed)."""
    real = metadata.version

    def version(name: str) -> str:
        key = name.replace("-", "_")
        if key in versions:
            if versions[key] is None:
                raise metadata.PackageNotFoundError(name)
            return versions[key]
        return real(name)

    monkeypatch.setattr(metadata, "version", version)


def _only_search(monkeypatch, tmp_path: Path) -> Path:
    """Make jupyter_path() search only a fresh data folder under tmp_path; return that folder."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    monkeypatch.setattr(jupyter_paths, "ENV_JUPYTER_PATH", [str(tmp_path / "env")])
    monkeypatch.setattr(jupyter_paths, "SYSTEM_JUPYTER_PATH", [str(tmp_path / "system")])
    monkeypatch.setattr(jupyter_paths.site, "ENABLE_USER_SITE", False)
    return data


def _kernelspec(monkeypatch, tmp_path: Path, argv0: str, name: str = "python3") -> Path:
    """A kernelspec ``name`` running ``argv0``, found first (via JUPYTER_PATH)."""
    folder = tmp_path / "jupyter" / "kernels" / name
    folder.mkdir(parents=True)
    spec = {"argv": [argv0, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (test)", "language": "python"}
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return folder


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> str:
    """The interpreter of a fresh venv without entente_lab (or anything else)."""
    folder = tmp_path_factory.mktemp("bare-venv")
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return str(python)


# -- the whole report ---------------------------------------------------------------------


def test_doctor_passes_on_this_machine_and_lists_every_check(tmp_path, monkeypatch):
    monkeypatch.delenv("ENTENTE_LAB_CASE", raising=False)
    _kernelspec(monkeypatch, tmp_path, sys.executable)
    report = entente_lab.doctor(tmp_path)
    assert [c.name for c in report.checks] == NAMES
    assert report.ok, str(report)
    assert str(report).splitlines()[0].startswith("ok    python: Python 3.")
    assert report.failures == ()


def test_the_extension_checks_in_a_fresh_interpreter_do_not_build_the_iri_grammar(tmp_path):
    """As in notebook 00's first run: JupyterLab's server library is asked without paying for rfc3987_syntax.

    jsonschema imports ``rfc3987_syntax`` when installed (JupyterLab's dependencies
    install it), which compiles a grammar at import: 1.5 to 3 s of a student's first
    ``doctor()``. The checks need no format checking, and still pass.
    """
    probe = ("import sys; from entente_lab.app.doctor import check_anywidget_extension, check_widget_extension; "
             "print(check_widget_extension().ok, check_anywidget_extension().ok, 'rfc3987_syntax' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.stdout.split() == ["True", "True", "False"], done.stdout + done.stderr


def test_doctor_stays_a_function_after_its_module_is_imported():
    # `from entente_lab.app.doctor import ...` must not replace entente_lab.doctor with the module
    assert callable(entente_lab.doctor) and entente_lab.doctor is doctor_function
    assert entente_lab.doctor.__module__ == "entente_lab.app.doctor"


def test_a_check_that_crashes_becomes_a_failed_line_not_a_traceback(monkeypatch, tmp_path):
    import entente_lab.app.doctor as module  # noqa: F401 - the module itself, from sys.modules

    doctor_module = sys.modules["entente_lab.app.doctor"]

    def boom() -> Check:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(doctor_module, "check_matplotlib", boom)
    report = doctor_module.doctor(tmp_path)
    failed = {c.name: c for c in report.failures}
    assert "matplotlib" in failed
    assert "RuntimeError: unexpected" in failed["matplotlib"].detail
    assert not report.ok


def test_report_prints_one_line_per_check_and_shows_an_escaped_table():
    report = Report((Check("python", True, "Python 3.12.1"),
                     Check("case", False, "x.yaml:1:1: <bad> & worse", "edit <x.yaml>")))
    assert str(report) == repr(report)
    assert str(report).splitlines() == ["ok    python: Python 3.12.1",
                                        "FAIL  case: x.yaml:1:1: <bad> & worse — fix: edit <x.yaml>"]
    page = report._repr_html_()
    assert page.count("<tr>") == 3  # header and two checks
    assert "&lt;bad&gt; &amp; worse" in page and "<code>edit &lt;x.yaml&gt;</code>" in page
    assert "1 of 2 checks failed" in page
    assert "All 1 checks passed." in Report((Check("python", True, "ok"),))._repr_html_()


# -- python -------------------------------------------------------------------------------


def test_python_older_than_3_10_fails():
    check = check_python((3, 9, 18))
    assert not check.ok and "3.9.18 is too old" in check.detail and "3.10" in check.fix
    assert check_python((3, 10, 0)).ok


@pytest.mark.slow  # reads the built wheel
def test_the_doctor_accepts_exactly_the_pythons_the_built_wheel_admits(built_wheel):
    """What pip installs on (the wheel's ``Requires-Python``) and what the doctor passes are the same Pythons."""
    from packaging.specifiers import SpecifierSet

    from .conftest import wheel_metadata

    admits = SpecifierSet(wheel_metadata(built_wheel)["Requires-Python"])
    for version in [(3, 8, 10), (3, 9, 18), (3, 10, 0), (3, 11, 9), (3, 12, 0), (3, 13, 1), (3, 14, 0), (4, 0, 0)]:
        assert check_python(version).ok == (".".join(map(str, version)) in admits), version


# -- ipywidgets and the widget front end ----------------------------------------------------


def test_ipywidgets_missing_module_fails_with_the_pip_command(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ipywidgets" else real(name, *a))
    check = check_ipywidgets()
    assert not check.ok and "not installed" in check.detail
    assert check.fix == shlex.join([sys.executable, "-m", "pip", "install", "ipywidgets>=8.1"])


def test_ipywidgets_without_distribution_metadata_fails(monkeypatch):
    _fake_versions(monkeypatch, ipywidgets=None)
    assert not check_ipywidgets().ok


def _fake_requires(monkeypatch, dist: str, lines: list[str] | None) -> None:
    """Make ``importlib.metadata.requires(dist)`` return ``lines`` (None: the distribution is not installed)."""
    real = metadata.requires

    def requires(name: str):
        if name != dist:
            return real(name)
        if lines is None:
            raise metadata.PackageNotFoundError(name)
        return lines

    monkeypatch.setattr(metadata, "requires", requires)


def test_the_minimums_the_doctor_checks_are_pyprojects():
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {Requirement(line).name: str(Requirement(line)) for line in project["dependencies"]}
    for name in ("ipywidgets", "matplotlib"):
        assert str(doctor_module.declared_requirement(DISTRIBUTION, name)) == declared[name]
    assert metadata.metadata(DISTRIBUTION)["Requires-Python"] == project["requires-python"]


def test_a_raised_minimum_in_the_metadata_is_the_one_checked(monkeypatch):
    # the installed metadata, not a constant in the doctor, says what is too old
    _fake_requires(monkeypatch, DISTRIBUTION, ["ipywidgets>=99.1", "matplotlib>=99", 'pytest>=8; extra == "test"'])
    check = check_ipywidgets()
    assert not check.ok and f"ipywidgets {metadata.version('ipywidgets')} is too old; the lab needs 99.1 or newer" \
        == check.detail
    assert check.fix == shlex.join([sys.executable, "-m", "pip", "install", "--upgrade", "ipywidgets>=99.1"])
    check = check_matplotlib()
    assert not check.ok and "the lab needs 99 or newer" in check.detail and check.fix.endswith("'matplotlib>=99'")


def test_a_raised_python_requirement_in_the_metadata_is_the_one_checked(monkeypatch):
    real = metadata.metadata

    def fake(name):
        data = real(name)
        if name == DISTRIBUTION:
            data.replace_header("Requires-Python", ">=3.99")
        return data

    monkeypatch.setattr(metadata, "metadata", fake)
    check = check_python((3, 12, 1))
    assert not check.ok and check.detail == "Python 3.12.1 is too old; Entente Lab needs 3.99 or newer"
    assert check.fix.startswith("install Python 3.99 or newer")


def test_without_its_own_metadata_the_doctor_checks_presence_and_says_no_minimum_was_checked(monkeypatch):
    _fake_requires(monkeypatch, DISTRIBUTION, None)
    _fake_versions(monkeypatch, ipywidgets="1.0")
    check = check_ipywidgets()
    assert check.ok and check.detail == f"ipywidgets 1.0; no minimum checked: {DISTRIBUTION}'s installed metadata names none"


def test_ipywidgets_older_than_8_1_fails(monkeypatch):
    _fake_versions(monkeypatch, ipywidgets="8.0.7")
    check = check_ipywidgets()
    assert not check.ok and "8.0.7 is too old" in check.detail
    assert "--upgrade" in check.fix and "ipywidgets>=8.1" in check.fix


def test_widget_front_end_missing_fails(monkeypatch):
    _fake_versions(monkeypatch, jupyterlab_widgets=None)
    check = check_widget_frontend()
    assert not check.ok and "jupyterlab_widgets is not installed" in check.detail
    assert "jupyterlab_widgets" in check.fix and "restart JupyterLab" in check.fix


def test_widget_front_end_that_ipywidgets_does_not_ask_for_fails(monkeypatch):
    # ipywidgets 8.1 declares jupyterlab_widgets ~=3.0.N; a 7-era front end does not meet it
    wanted = [r for r in metadata.requires("ipywidgets") if r.replace("-", "_").startswith("jupyterlab_widgets")]
    assert wanted, "ipywidgets declares the front end it needs"
    _fake_versions(monkeypatch, jupyterlab_widgets="1.1.7")
    check = check_widget_frontend()
    assert not check.ok
    assert "jupyterlab_widgets 1.1.7 does not match ipywidgets" in check.detail
    # the declared requirement itself, whichever metadata style wrote it ("~=3.0.17" or "(~=3.0.7)")
    declared = wanted[0].replace("-", "_").split("jupyterlab_widgets", 1)[1].strip().strip("()").strip()
    assert declared.startswith("~=3.0.") and declared in check.detail


def test_widget_front_end_pairs_majors_when_ipywidgets_declares_nothing(monkeypatch):
    monkeypatch.setattr(metadata, "requires", lambda name: [])
    _fake_versions(monkeypatch, ipywidgets="7.8.5", jupyterlab_widgets="3.0.17")
    check = check_widget_frontend()
    assert not check.ok and "needs jupyterlab_widgets 1.x" in check.detail
    _fake_versions(monkeypatch, ipywidgets="8.1.9", jupyterlab_widgets="3.0.17")
    assert check_widget_frontend().ok


def test_versions_on_this_machine_pair_up():
    widgets, front = metadata.version("ipywidgets"), metadata.version("jupyterlab_widgets")
    assert (int(widgets.split(".")[0]), int(front.split(".")[0])) == (8, 3)
    assert check_widget_frontend().ok


# -- the labextension -----------------------------------------------------------------------


def test_widget_extension_missing_from_every_labextensions_folder_fails(monkeypatch, tmp_path):
    real = _real_extension()
    data = _only_search(monkeypatch, tmp_path)
    check = check_widget_extension()
    assert not check.ok
    assert f"{WIDGET_EXTENSION} is in no labextensions folder" in check.detail
    assert str(data / "labextensions") in check.detail
    assert "jupyterlab_widgets" in check.fix and "restart JupyterLab" in check.fix
    # put it where JupyterLab looks, and the same search finds it
    shutil.copytree(real, data / "labextensions" / WIDGET_EXTENSION)
    found = check_widget_extension()
    assert found.ok and str(data / "labextensions") in found.detail


def test_widget_extension_for_another_ipywidgets_fails(monkeypatch, tmp_path):
    old = tmp_path / "labextensions" / WIDGET_EXTENSION
    old.mkdir(parents=True)
    (old / "package.json").write_text(json.dumps({"name": WIDGET_EXTENSION, "version": "3.1.4"}), encoding="utf-8")
    check = check_widget_extension([str(tmp_path / "labextensions")])
    assert not check.ok and "3.1.4" in check.detail and "needs 5.x" in check.detail
    assert str(old) in check.fix


def _jupyter_labextension(monkeypatch, *argv: str) -> None:
    """``jupyter labextension ARGV``, run by the command's own application in this process.

    ``jupyter labextension`` runs ``jupyterlab.labextensions.main``, which is
    ``LabExtensionApp.launch_instance``: the same code, without a new interpreter
    importing JupyterLab again (5 s a run). PATH leaves out Node.js, as most students'
    does (the extensions come prebuilt): JupyterLab then skips reading yarn's registry
    setting, three Node runs that enabling and disabling never use.
    """
    folders = os.environ.get("PATH", "").split(os.pathsep)
    monkeypatch.setenv("PATH", os.pathsep.join(f for f in folders if f and not shutil.which("node", path=f)))
    from jupyterlab.labextensions import LabExtensionApp  # its import asks for the registry setting too

    try:
        LabExtensionApp.launch_instance(list(argv))
    finally:  # each run makes the application and its subcommand's anew, as a new process would
        for app in (LabExtensionApp, *(command for command, _ in LabExtensionApp.subcommands.values())):
            app.clear_instance()


def test_widget_extension_disabled_with_jupyter_labextension_disable_fails_and_the_fix_works(monkeypatch, tmp_path):
    config = tmp_path / "config"
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    assert check_widget_extension().ok
    _jupyter_labextension(monkeypatch, "disable", "--level", "user", WIDGET_EXTENSION)
    check = check_widget_extension()
    assert not check.ok and "installed but disabled" in check.detail
    assert f"the user-level page config ({config / 'labconfig'})" in check.detail
    command, _, after = check.fix.partition(", then ")
    assert command == f"jupyter labextension enable --level user {WIDGET_EXTENSION}" and after == "restart JupyterLab"
    _jupyter_labextension(monkeypatch, *shlex.split(command)[2:])
    assert check_widget_extension().ok


def test_widget_extension_plugin_disabled_in_a_page_config_fails(monkeypatch, tmp_path):
    config = tmp_path / "config"
    (config / "labconfig").mkdir(parents=True)
    page = {"disabledExtensions": {f"{WIDGET_EXTENSION}:plugin": True}}
    (config / "labconfig" / "page_config.json").write_text(json.dumps(page), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    check = check_widget_extension()
    assert not check.ok and "disabled" in check.detail
    # an explicit false re-enables it, as in JupyterLab
    page["disabledExtensions"][f"{WIDGET_EXTENSION}:plugin"] = False
    (config / "labconfig" / "page_config.json").write_text(json.dumps(page), encoding="utf-8")
    assert check_widget_extension().ok


def test_anywidget_extension_missing_from_every_labextensions_folder_fails_and_is_found_where_jupyterlab_looks(
        monkeypatch, tmp_path):
    real = next((Path(folder, ANYWIDGET_EXTENSION) for folder in jupyter_paths.jupyter_path("labextensions")
                 if Path(folder, ANYWIDGET_EXTENSION, "package.json").is_file()), None)
    if real is None:
        pytest.skip("the anywidget extension is not installed here")
    data = _only_search(monkeypatch, tmp_path)
    check = check_anywidget_extension()
    assert not check.ok and f"{ANYWIDGET_EXTENSION} is in no labextensions folder" in check.detail
    assert "sliders, choices and menus show 'Error displaying widget'" in check.detail
    assert f"anywidget=={metadata.version('anywidget')}" in check.fix and "restart JupyterLab" in check.fix
    shutil.copytree(real, data / "labextensions" / ANYWIDGET_EXTENSION)
    found = check_anywidget_extension()
    assert found.ok and str(data / "labextensions") in found.detail


def test_anywidget_extension_of_another_minor_release_fails(tmp_path):
    old = tmp_path / "labextensions" / ANYWIDGET_EXTENSION
    old.mkdir(parents=True)
    (old / "package.json").write_text(json.dumps({"name": ANYWIDGET_EXTENSION, "version": "0.1.2"}), encoding="utf-8")
    check = check_anywidget_extension([str(tmp_path / "labextensions")])
    assert not check.ok and f"0.1.2 in {old} does not match anywidget {metadata.version('anywidget')}" in check.detail
    assert str(old) in check.fix


def test_anywidget_extension_disabled_in_a_page_config_fails(monkeypatch, tmp_path):
    config = tmp_path / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {ANYWIDGET_EXTENSION: True}}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    check = check_anywidget_extension()
    assert not check.ok and "installed but disabled" in check.detail
    assert check_widget_extension().ok  # the pattern names anywidget only


def test_an_extension_that_declares_another_disabled_turns_it_off_and_the_fix_names_it(monkeypatch, tmp_path):
    # JupyterLab honours "disabledExtensions" in an installed extension's package.json
    config = tmp_path / "config"
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    other = tmp_path / "labextensions" / "takeover"
    other.mkdir(parents=True)
    (other / "package.json").write_text(json.dumps({
        "name": "takeover", "version": "1.0.0",
        "jupyterlab": {"_build": {"load": "static/remoteEntry.js"}, "disabledExtensions": [ANYWIDGET_EXTENSION]}}),
        encoding="utf-8")
    paths = [*jupyter_paths.jupyter_path("labextensions"), str(tmp_path / "labextensions")]
    check = check_anywidget_extension(paths)
    assert not check.ok and "disabled in the extension takeover, which declares it disabled" in check.detail
    assert check.fix == "jupyter labextension disable --level user takeover, then restart JupyterLab"
    assert check_widget_extension(paths).ok
    # the fix works: a disabled extension's declarations no longer count
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": {"takeover": True}}),
                                                            encoding="utf-8")
    assert check_anywidget_extension(paths).ok


def test_a_broken_package_json_in_a_labextensions_folder_fails_with_a_fix_not_a_traceback(tmp_path):
    broken = tmp_path / "labextensions" / "broken"
    broken.mkdir(parents=True)
    (broken / "package.json").write_text("{not json", encoding="utf-8")
    for check in (check_widget_extension([str(tmp_path / "labextensions")]),
                  check_anywidget_extension([str(tmp_path / "labextensions")])):
        assert not check.ok and check.detail.startswith("JupyterLab cannot read its extensions or page config")
        assert "jupyter labextension list" in check.fix


def test_anywidget_missing_fails_with_the_pip_command(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "anywidget" else real(name, *a))
    check = check_anywidget_extension()
    assert not check.ok and "anywidget is not installed" in check.detail
    assert check.fix.startswith(shlex.join([sys.executable, "-m", "pip", "install", "--force-reinstall", "--no-deps",
                                            "anywidget"]))


# -- the kernel -----------------------------------------------------------------------------


def test_kernel_whose_python_lacks_the_package_fails_and_names_that_python(monkeypatch, tmp_path, bare_python):
    folder = _kernelspec(monkeypatch, tmp_path, bare_python)
    check = check_kernel("python3")
    assert not check.ok
    assert f"runs {bare_python}, which cannot import entente_lab" in check.detail
    assert "ModuleNotFoundError" in check.detail and str(folder) in check.detail
    assert check.fix.startswith(shlex.join([bare_python, "-m", "pip", "install"]))


def test_kernel_with_the_package_passes(monkeypatch, tmp_path):
    _kernelspec(monkeypatch, tmp_path, sys.executable)
    check = check_kernel("python3")
    assert check.ok and f"imports entente_lab {entente_lab.__version__}" in check.detail


def test_kernel_whose_interpreter_is_gone_fails(monkeypatch, tmp_path):
    gone = str(tmp_path / "deleted-env" / "bin" / "python")
    _kernelspec(monkeypatch, tmp_path, gone)
    check = check_kernel("python3")
    assert not check.ok and f"runs {gone!r}, which does not exist" in check.detail
    assert check.fix == shlex.join([sys.executable, "-m", "ipykernel", "install", "--user", "--name", "python3"])


def test_missing_kernel_fails(monkeypatch, tmp_path):
    _only_search(monkeypatch, tmp_path)
    check = check_kernel("entente-lab-no-such-kernel")
    assert not check.ok and "no Jupyter kernel named 'entente-lab-no-such-kernel'" in check.detail
    assert "-m ipykernel install --user --name entente-lab-no-such-kernel" in check.fix


# -- matplotlib -----------------------------------------------------------------------------


def test_matplotlib_missing_fails(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    check = check_matplotlib()
    assert not check.ok and "ModuleNotFoundError" in check.detail and "matplotlib>=3.7" in check.fix


def test_matplotlib_that_cannot_draw_fails(monkeypatch):
    from matplotlib.figure import Figure

    def broken(self, *args, **kwargs):
        raise RuntimeError("Agg is broken")

    monkeypatch.setattr(Figure, "savefig", broken)
    check = check_matplotlib()
    assert not check.ok and "RuntimeError: Agg is broken" in check.detail


def test_matplotlib_that_writes_no_png_fails(monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.setattr(Figure, "savefig", lambda self, buffer, **kwargs: buffer.write(b"GIF89a"))
    check = check_matplotlib()
    assert not check.ok and "not a PNG" in check.detail


# -- the working folder ---------------------------------------------------------------------


def _make_unwritable(folder: Path) -> str:
    """Make ``folder`` refuse new files, even to root; return how, or skip."""
    if shutil.which("chattr"):
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        if done.returncode == 0:
            return "immutable"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        folder.chmod(0o500)
        return "chmod"
    pytest.skip("running as root without chattr: no honest way to make a folder unwritable")


def test_unwritable_folder_fails_and_names_the_folder(tmp_path):
    # As root, chmod 0o500 does not stop writes (root bypasses permission bits), so the
    # folder is made immutable (chattr +i), which stops root too; as another user, chmod.
    folder = tmp_path / "read-only"
    folder.mkdir()
    how = _make_unwritable(folder)
    try:
        check = check_folder(folder)
    finally:
        if how == "immutable":
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o700)
    assert not check.ok
    assert check.detail.startswith(f"cannot write in {folder}: ")
    assert str(folder) in check.fix and "`cd ~`" in check.fix and "--dir" in check.fix
    assert list(folder.iterdir()) == []


def test_folder_under_a_file_fails(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("x", encoding="utf-8")
    check = check_folder(afile / "work")
    assert not check.ok and check.detail == f"{afile / 'work'} is not a folder"


def test_missing_folder_fails(tmp_path):
    check = check_folder(tmp_path / "nowhere")
    assert not check.ok and check.detail.endswith("does not exist")


def test_writable_folder_passes_and_is_left_clean(tmp_path, monkeypatch):
    assert check_folder(tmp_path).ok
    monkeypatch.chdir(tmp_path)
    assert check_folder().ok and str(tmp_path) in check_folder().detail
    assert list(tmp_path.iterdir()) == []


# -- the case -------------------------------------------------------------------------------


def test_broken_case_named_by_the_environment_fails_with_its_first_problems(tmp_path, monkeypatch):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: broken\nfactors: [\n", encoding="utf-8")
    monkeypatch.setenv("ENTENTE_LAB_CASE", str(bad))
    check = check_case()
    assert not check.ok
    assert check.detail.startswith(f"{bad}:")
    assert f"`entente-lab validate {bad}`" in check.fix and "unset ENTENTE_LAB_CASE" in check.fix


def test_case_with_many_problems_shows_the_first_three(tmp_path):
    bad = tmp_path / "sparse.yaml"
    bad.write_text("id: x\nfoo: 1\nbar: 2\n", encoding="utf-8")
    problems = pytest.raises(entente_lab.CaseError, entente_lab.load_case, bad).value.problems
    assert len(problems) > 3
    check = check_case(bad)
    assert not check.ok
    assert check.detail == "; ".join(str(p) for p in problems[:3]) + f" (and {len(problems) - 3} more)"
    assert "unset" not in check.fix  # the path was given, not taken from the environment


def test_bundled_case_passes(monkeypatch):
    monkeypatch.delenv("ENTENTE_LAB_CASE", raising=False)
    check = check_case()
    assert check.ok and "bundled" in check.detail


# -- the command line -----------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "entente_lab.app.cli", "doctor", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ENTENTE_LAB_CASE", "JUPYTER_PATH", "PYTHONPATH")}
    kernel = tmp_path / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3", "language": "python"}
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    env["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_cli_exits_0_with_one_ok_line_per_check(tmp_path):
    done = _cli(env=_clean_env(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"ok    {name}" for name in NAMES]
    assert done.stderr == ""


def test_cli_exits_1_with_fail_lines_and_fixes_and_no_traceback(tmp_path):
    env = _clean_env(tmp_path)
    bad = tmp_path / "broken.yaml"
    bad.write_text("factors: [\n", encoding="utf-8")
    env["ENTENTE_LAB_CASE"] = str(bad)
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    done = _cli("--dir", str(afile / "sub"), "--kernel", "no-such-kernel-xyz", env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert [line.split(":")[0] for line in failed] == ["FAIL  kernel", "FAIL  working folder", "FAIL  case"]
    assert all(" — fix: " in line for line in failed)
    assert len(done.stdout.splitlines()) == len(NAMES)


def test_cli_usage_error_exits_2(tmp_path):
    done = _cli("--no-such-option", env=_clean_env(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
