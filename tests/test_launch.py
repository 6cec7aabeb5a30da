"""`entente-lab lab` installed from a wheel: the working folder, --update, and a read-only (JupyterHub-style) install.

The wheel tests install the built wheel into fresh venvs with ``--no-deps`` plus only
what the run needs (pyyaml, jsonschema, numpy; and, for the notebook-07 flow,
ipywidgets, matplotlib and networkx), never JupyterLab: ``--prepare-only`` prepares
the working folder and prints the command instead of starting the server. The venvs
are made without pip and filled by this interpreter's pip (``pip --python``), which
saves a few seconds each.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from entente_lab.app.cli import main
from entente_lab.app.launch import MANIFEST_NAME, START_NOTEBOOK, lab_command, sync_workspace

from .conftest import CORE_DEPS, REPO, build_wheel, make_venv, pip_install

#: The version the simulated next release carries (any version other than the current one would do).
NEXT_VERSION = "99.0.0"
NOTEBOOK_DEPS = ("ipywidgets", "anywidget", "matplotlib", "networkx")
PKG_NOTEBOOKS = "entente_lab/notebooks/"


# ------------------------------------------------------------------ helpers

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bundled(wheel: Path) -> dict[str, bytes]:
    """The notebooks folder a wheel carries: relative name -> bytes."""
    with zipfile.ZipFile(wheel) as archive:
        return {name[len(PKG_NOTEBOOKS):]: archive.read(name) for name in archive.namelist()
                if name.startswith(PKG_NOTEBOOKS) and not name.endswith("/")}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ENTENTE_LAB_CASE", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def _lab(bin_dir: Path, *args: str, cwd: Path, prefix: tuple[str, ...] = (), env: dict[str, str] | None = None):
    result = subprocess.run([*prefix, str(bin_dir / "entente-lab"), "lab", "--prepare-only", "--no-browser", *args],
                            cwd=cwd, env=env or _clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# ------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def wheels(built_wheel, tmp_path_factory) -> tuple[Path, Path]:
    """This release's wheel, and a simulated next release built from a modified copy of the project.

    The next release (version :data:`NEXT_VERSION`) changes ``01_...`` and ``02_...``
    (a new last cell) and adds ``08_new_in_this_release.ipynb``.
    """
    current = built_wheel
    project = tmp_path_factory.mktemp("next-release") / "project"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, project / name)
    for name in ("src", "data", "notebooks"):
        shutil.copytree(REPO / name, project / name, symlinks=True, ignore=ignore)
    version = current.name.split("-")[1]
    # _version.py is the version's one source: the wheel's version comes from it alone
    version_file = project / "src/entente_lab/_version.py"
    text = version_file.read_text(encoding="utf-8")
    assert text.count(f'__version__ = "{version}"') == 1
    version_file.write_text(text.replace(f'__version__ = "{version}"', f'__version__ = "{NEXT_VERSION}"'), encoding="utf-8")
    notebooks = sorted((project / "notebooks").glob("0[12]_*.ipynb"))
    assert len(notebooks) == 2
    for path in notebooks:
        document = json.loads(path.read_text(encoding="utf-8"))
        document["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["New in this release."]})
        path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    shutil.copy2(project / "notebooks" / START_NOTEBOOK, project / "notebooks" / "08_new_in_this_release.ipynb")
    following = build_wheel(project, tmp_path_factory.mktemp("dist-next"))
    assert following.name.split("-")[1] == NEXT_VERSION, following.name
    return current, following


# ------------------------------------------------------------------ in-process: the rules

def _release(folder: Path, **notebooks: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in notebooks.items():
        (folder / f"{name}.ipynb").write_text(text, encoding="utf-8")
    return folder


def test_update_rules_edited_unedited_added_and_deleted(tmp_path):
    work = tmp_path / "work"
    v1 = _release(tmp_path / "v1", a="a1", b="b1", c="c1")
    assert [p.name for p in sync_workspace(work, v1, version="1").copied] == ["a.ipynb", "b.ipynb", "c.ipynb"]
    (work / "a.ipynb").write_text("my a", encoding="utf-8")  # edited
    (work / "c.ipynb").unlink()                              # deleted: comes back
    (work / "mine.ipynb").write_text("mine", encoding="utf-8")  # the student's own: never touched
    assert sync_workspace(work, v1, update=True, version="1").copied == [work / "c.ipynb"]
    assert not list(work.glob("*.new-*")), "an edit of this release's own copy has nothing new to bring"

    v2 = _release(tmp_path / "v2", a="a2", b="b2", c="c1", d="d2")
    report = sync_workspace(work, v2, update=True, version="2")
    assert report.copied == [work / "d.ipynb"]
    assert report.updated == [work / "b.ipynb"]
    assert report.alongside == [(work / "a.ipynb", work / "a.new-2.ipynb")]
    assert {k: v.decode() for k, v in _files(work).items() if k != MANIFEST_NAME} == {
        "a.ipynb": "my a", "a.new-2.ipynb": "a2", "b.ipynb": "b2", "c.ipynb": "c1", "d.ipynb": "d2",
        "mine.ipynb": "mine"}

    again = sync_workspace(work, v2, update=True, version="2")
    assert again.already_alongside == [(work / "a.ipynb", work / "a.new-2.ipynb")]
    assert not (again.copied or again.updated or again.alongside or again.newer)
    assert not sync_workspace(work, v2).newer, "once offered, the new version is not announced again"


def test_a_taken_alongside_name_is_not_overwritten(tmp_path):
    work = tmp_path / "work"
    sync_workspace(work, _release(tmp_path / "v1", a="a1"), version="1")
    (work / "a.ipynb").write_text("my a", encoding="utf-8")
    (work / "a.new-2.ipynb").write_text("something of mine", encoding="utf-8")
    report = sync_workspace(work, _release(tmp_path / "v2", a="a2"), update=True, version="2")
    assert report.alongside == [(work / "a.ipynb", work / "a.new-2-2.ipynb")]
    assert (work / "a.new-2.ipynb").read_text(encoding="utf-8") == "something of mine"
    assert (work / "a.new-2-2.ipynb").read_text(encoding="utf-8") == "a2"


@pytest.mark.parametrize("manifest", [None, "{not json", '{"schema": "something else", "files": {}}',
                                      '{"schema": "entente-lab-workspace", "files": ["a.ipynb"]}'])
def test_without_a_usable_record_every_differing_file_counts_as_edited(tmp_path, manifest):
    work = tmp_path / "work"
    sync_workspace(work, _release(tmp_path / "v1", a="a1"), version="1")
    if manifest is None:
        (work / MANIFEST_NAME).unlink()
    else:
        (work / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    report = sync_workspace(work, _release(tmp_path / "v2", a="a2"), update=True, version="2")
    assert report.alongside == [(work / "a.ipynb", work / "a.new-2.ipynb")] and not report.updated
    assert (work / "a.ipynb").read_text(encoding="utf-8") == "a1"
    assert json.loads((work / MANIFEST_NAME).read_text(encoding="utf-8"))["schema"] == "entente-lab-workspace"


def test_cli_prepare_only_copies_into_dir_and_prints_the_command(tmp_path, capsys):
    work = tmp_path / "class"
    assert main(["lab", "--prepare-only", "--dir", str(work), "--port", "8899", "--no-browser"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().splitlines()[-1].endswith(" ".join(lab_command(work.resolve(), port=8899, open_browser=False)[1:]))
    assert out.startswith(f"cd {work.resolve()} && ")
    bundled = {p.name for p in (REPO / "notebooks").glob("*.ipynb")}
    assert bundled <= {p.name for p in work.iterdir()} and (work / MANIFEST_NAME).is_file()
    assert f"your notebooks are in {work.resolve()}" in err


def test_cli_from_the_checkout_opens_the_repository_and_writes_nothing_there(capsys):
    before = sorted(p.name for p in (REPO / "notebooks").iterdir())
    assert main(["lab", "--prepare-only", "--update"]) == 0
    out, err = capsys.readouterr()
    assert f"--ServerApp.root_dir={(REPO / 'notebooks').resolve()}" in out
    assert "update them with git" in err
    assert sorted(p.name for p in (REPO / "notebooks").iterdir()) == before
    assert not (REPO / "notebooks" / MANIFEST_NAME).exists()


@pytest.mark.slow  # starts a JupyterLab server
def test_the_address_printed_with_no_browser_opens_the_start_notebook(tmp_path):
    """``entente-lab lab --no-browser`` prints an address: it (and the server's root page) opens 00, not the Launcher."""
    import re
    import signal
    import time
    import urllib.request

    from .browser import _free_port

    root = tmp_path / "work"
    root.mkdir()
    shutil.copy2(REPO / "notebooks" / START_NOTEBOOK, root)
    env = {**os.environ, **{name: str(tmp_path / name.lower()) for name in
                            ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")}}
    port, log = _free_port(), tmp_path / "server.log"
    command = [*lab_command(root, port=port, open_browser=False), "--ip=127.0.0.1", "--allow-root"]
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, address = time.monotonic() + 90, None
        while address is None and time.monotonic() < deadline and server.poll() is None:
            address = re.search(r"http://127\.0\.0\.1:\d+/\S*\?token=\w+", log.read_text(encoding="utf-8"))
            time.sleep(0.25)
        assert address, log.read_text(encoding="utf-8")[-2000:]
        assert address.group().split("?")[0] == f"http://127.0.0.1:{port}/lab/tree/{START_NOTEBOOK}"
        token = address.group().split("token=")[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=30) as response:
            assert response.url.split("?")[0] == f"http://127.0.0.1:{port}/lab/tree/{START_NOTEBOOK}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_cli_an_unusable_folder_is_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert main(["lab", "--prepare-only", "--dir", str(tmp_path / "a-file" / "sub")]) == 1
    err = capsys.readouterr().err
    assert "cannot prepare the working folder" in err and "--dir" in err and "Traceback" not in err


def test_cli_without_jupyterlab_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    import entente_lab.app.launch as launch

    monkeypatch.setattr(launch.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(launch.subprocess, "call", lambda *a, **k: pytest.fail("must not start anything"))
    assert main(["lab", "--dir", str(tmp_path / "w")]) == 1
    assert "pip install jupyterlab" in capsys.readouterr().err


# ------------------------------------------------------------------ from the installed wheel

@pytest.mark.slow  # the built wheel in a fresh venv
def test_wheel_lab_copies_every_notebook_and_never_overwrites_an_edit(built_wheel, wheel_venv, tmp_path):
    bundled = _bundled(built_wheel)
    assert START_NOTEBOOK in bundled and len(bundled) >= 8
    home = tmp_path / "home"
    home.mkdir()

    first = _lab(wheel_venv, cwd=home)  # default folder: ./entente-lab
    work = home / "entente-lab"
    assert first.stdout.strip() == (f"cd {work} && {wheel_venv / 'python'} -m jupyterlab {START_NOTEBOOK} "
                                    f"--ServerApp.root_dir={work} --LabApp.default_url=/lab/tree/{START_NOTEBOOK} "
                                    "--no-browser")
    files = _files(work)
    manifest = json.loads(files.pop(MANIFEST_NAME))
    assert files == bundled, "every bundled notebook, byte for byte, and nothing else"
    assert manifest["files"] == {name: {"sha256": _sha(data)} for name, data in bundled.items()}

    edited, deleted = sorted(n for n in bundled if n.startswith("01_"))[0], sorted(n for n in bundled if n.startswith("03_"))[0]
    (work / edited).write_bytes(bundled[edited].replace(b'"cells": [', b'"cells": [{"cell_type": "markdown", '
                                                        b'"metadata": {}, "source": ["my notes"]},', 1))
    mine = (work / edited).read_bytes()
    assert mine != bundled[edited]
    (work / deleted).unlink()

    second = _lab(wheel_venv, "--dir", "entente-lab", cwd=home)
    assert (work / edited).read_bytes() == mine
    assert (work / deleted).read_bytes() == bundled[deleted]
    assert f"copied {deleted}" in second.stderr
    assert "--update" not in second.stderr, "no newer release: nothing to announce"
    files = _files(work)
    files.pop(MANIFEST_NAME)
    assert files == {**bundled, edited: mine}

    third = _lab(wheel_venv, "--dir", str(work), "--update", cwd=tmp_path)
    assert _files(work) == {**files, MANIFEST_NAME: (work / MANIFEST_NAME).read_bytes()}
    assert "(0 new file(s) copied" in third.stderr and "new version" not in third.stderr


@pytest.mark.slow  # builds a second wheel and a venv
def test_wheel_update_brings_the_next_release_alongside_edited_notebooks(wheels, tmp_path):
    current, following = wheels
    old, new = _bundled(current), _bundled(following)
    changed = sorted(n for n in new if n in old and new[n] != old[n])
    added = sorted(set(new) - set(old))
    assert len(changed) == 2 and added == ["08_new_in_this_release.ipynb"]
    edited, untouched = changed  # the student edits the first and leaves the second as copied

    bin_dir = make_venv(tmp_path / "venv", *CORE_DEPS, no_deps=current, compile_bytecode=False)
    work = tmp_path / "work"
    _lab(bin_dir, "--dir", str(work), cwd=tmp_path)
    (work / edited).write_bytes(old[edited] + b"\n")  # any change is an edit
    mine = (work / edited).read_bytes()

    pip_install(bin_dir / "python", "--no-deps", "--force-reinstall", str(following))
    plain = _lab(bin_dir, "--dir", str(work), cwd=tmp_path)  # no --update: a missing file is copied, nothing replaced
    assert f"copied {added[0]}" in plain.stderr
    assert "entente-lab lab --update" in plain.stderr and edited in plain.stderr and untouched in plain.stderr
    assert (work / edited).read_bytes() == mine and (work / untouched).read_bytes() == old[untouched]

    update = _lab(bin_dir, "--dir", str(work), "--update", cwd=tmp_path)
    alongside = edited.replace(".ipynb", f".new-{NEXT_VERSION}.ipynb")
    assert (work / edited).read_bytes() == mine, "the student's edited notebook is never touched"
    assert (work / alongside).read_bytes() == new[edited]
    assert (work / untouched).read_bytes() == new[untouched], "an unedited copy takes the new version"
    assert f"new version of {edited} is in {alongside}; your {edited} was not touched" in update.stderr
    assert f"updated {untouched} (you had not edited it)" in update.stderr
    files = _files(work)
    manifest = json.loads(files.pop(MANIFEST_NAME))
    assert files == {**new, edited: mine, alongside: new[edited]}
    assert manifest["release"] == NEXT_VERSION
    assert manifest["files"][edited] == {"sha256": _sha(old[edited]), "offered": _sha(new[edited])}
    assert manifest["files"][untouched] == {"sha256": _sha(new[untouched])}

    again = _lab(bin_dir, "--dir", str(work), "--update", cwd=tmp_path)
    assert _files(work) == {**files, MANIFEST_NAME: (work / MANIFEST_NAME).read_bytes()}
    assert f"new version of {edited} is already in {alongside}" in again.stderr
    assert "--update" not in _lab(bin_dir, "--dir", str(work), cwd=tmp_path).stderr


# ------------------------------------------------------------------ a read-only install (JupyterHub)

STUDENT = r'''
"""What a student's notebooks do on a JupyterHub: the API directly, then notebook 07's own cells."""
import ast, json, os, sys, warnings
from pathlib import Path

warnings.simplefilter("error")
import entente_lab

out = {"uid": os.getuid(), "cwd": os.getcwd(), "package": entente_lab.__file__}
case = entente_lab.load_case()
result = entente_lab.assess(case, {f.id: 0.9 for f in case.factors if f.kind == "strain"})
path = entente_lab.save_weighting(case, result, name="Student One", prediction="both-high",
                                  verdict_text="Stronger and more strained, at once.")
out["saved"] = str(path.resolve())
out["read_back"] = entente_lab.load_weighting(path, case=case).name

namespace, last = {"__name__": "__main__"}, None
notebook = json.loads(Path("07_your_verdict.ipynb").read_text(encoding="utf-8"))
for cell in notebook["cells"]:
    if cell["cell_type"] != "code":
        continue
    tree, last = ast.parse("".join(cell["source"])), None
    tail = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "07_your_verdict.ipynb", "exec"), namespace)
    if tail is not None:
        last = eval(compile(ast.Expression(tail.value), "07_your_verdict.ipynb", "eval"), namespace)
from entente_lab.widgets import SaveMyWork
assert isinstance(last, SaveMyWork), type(last)
last.name_box.value = "Student Two"
out["saved_by_notebook"] = str(last.save().resolve())

if os.getuid() != 0:  # root writes through mode bits; only an unprivileged user proves the folder refuses writes
    probe = Path(entente_lab.__file__).parent / "probe.txt"
    try:
        probe.write_text("x", encoding="utf-8")
        out["package_refused_write"] = False
    except PermissionError:
        out["package_refused_write"] = True
print(json.dumps(out))
'''


def _snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder``: kind, mode, size, mtime and content hash."""
    shot = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        content = _sha(path.read_bytes()) if stat.S_ISREG(info.st_mode) else os.readlink(path) if path.is_symlink() else ""
        shot[path.relative_to(folder).as_posix()] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode),
                                                     info.st_size, info.st_mtime_ns, content)
    return shot


def _unprivileged() -> tuple[list[str], int, int] | None:
    """A command prefix that runs as ``nobody``, with its uid and gid; None when that is impossible here."""
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()  # already unprivileged: mode bits bind us
    setpriv = shutil.which("setpriv")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return None
    if setpriv is None:
        return None
    return ([setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"],
            nobody.pw_uid, nobody.pw_gid)


def _python_for(prefix: list[str]) -> str | None:
    """A base interpreter (3.10+) that the user behind ``prefix`` may run (pyenv under /root is not one)."""
    for candidate in dict.fromkeys([sys._base_executable, "/usr/bin/python3", "/usr/local/bin/python3",
                                    shutil.which("python3") or ""]):
        if candidate and os.path.exists(candidate) and subprocess.run(
                [*prefix, candidate, "-c", "import sys, venv; assert sys.version_info >= (3, 10)"],
                cwd="/", capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.fixture
def hub_root() -> Iterator[Path]:
    """A folder every user can enter (pytest's own temporary root is private to its owner)."""
    root = Path(tempfile.mkdtemp(prefix="entente-lab-hub-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for path in [root, *root.rglob("*")]:  # give write permission back so the folder can be removed
            if not path.is_symlink():
                path.chmod(path.lstat().st_mode | stat.S_IWUSR)
        shutil.rmtree(root)


@pytest.mark.slow  # a venv with the notebook stack
def test_read_only_install_saves_submissions_in_the_users_working_folder(built_wheel, hub_root):
    """Installed read-only for all users, the lab works from the user's home alone.

    Enforcement: the whole venv is made read-only (``chmod -R a-w``), and the
    student's runs are made as the unprivileged user ``nobody`` (``setpriv``), for
    whom the mode bits hold: the run checks that a write into the package folder is
    refused. On top of that, every file under the venv (kind, mode, size, mtime,
    SHA-256) is compared before and after. If no unprivileged user is available
    (root without ``setpriv``), only the snapshot comparison remains.
    """
    unprivileged = _unprivileged()
    prefix, uid, gid = unprivileged if unprivileged is not None else ([], 0, 0)
    base_python = _python_for(prefix)
    if base_python is None:  # nobody cannot run any interpreter here: fall back to root + the snapshot
        prefix, uid, gid, base_python = [], os.getuid(), os.getgid(), sys._base_executable
    # Installed without compiled bytecode (compiling the notebook stack costs about 10 CPU s), and run with
    # PYTHONDONTWRITEBYTECODE: bytecode is the interpreter's cache, not anything the lab writes, and as root
    # (the fallback below) Python would otherwise write it into the read-only venv and change the snapshot.
    bin_dir = make_venv(hub_root / "venv", *CORE_DEPS, *NOTEBOOK_DEPS, base_python=base_python, no_deps=built_wheel,
                        compile_bytecode=False)
    package = Path(subprocess.run([str(bin_dir / "python"), "-c", "import entente_lab; print(entente_lab.__file__)"],
                                  cwd="/", env=_clean_env(), capture_output=True, text=True,
                                  check=True).stdout.strip()).parent
    assert package.is_relative_to(hub_root / "venv") and "site-packages" in package.parts
    subprocess.run(["chmod", "-R", "a-w", str(hub_root / "venv")], check=True)
    before = _snapshot(hub_root / "venv")

    home = hub_root / "home"
    home.mkdir(mode=0o700)
    os.chown(home, uid, gid)
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8", "MPLBACKEND": "agg",
           "TMPDIR": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
    prepared = _lab(bin_dir, cwd=home, prefix=tuple(prefix), env=env)  # `entente-lab` in the user's home
    work = home / "entente-lab"
    assert f"--ServerApp.root_dir={work}" in prepared.stdout
    assert set(_bundled(built_wheel)) <= set(_files(work))
    (home / "student.py").write_text(STUDENT, encoding="utf-8")
    os.chown(home / "student.py", uid, gid)
    run = subprocess.run([*prefix, str(bin_dir / "python"), str(home / "student.py")], cwd=work, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])

    assert result["uid"] == uid
    print(f"read-only install enforced {'as uid ' + str(uid) + ' with mode bits, plus' if uid else 'by'} "
          f"a before/after snapshot of the venv; base interpreter {base_python}")
    assert Path(result["package"]).parent == package
    assert Path(result["saved"]).parent == work, "the default folder is the notebook's own working folder"
    assert Path(result["saved_by_notebook"]).parent == work / "submissions"
    assert result["read_back"] == "Student One"
    if uid != 0:
        assert result["package_refused_write"] is True
    assert _snapshot(hub_root / "venv") == before, "nothing under the installed package changed"
    for saved in (result["saved"], result["saved_by_notebook"]):
        assert Path(saved).stat().st_uid == uid


def test_start_lab_makes_a_relative_case_path_absolute_for_the_kernels(tmp_path, monkeypatch, capsys):
    """Kernels run in the notebooks' folder: a relative ENTENTE_LAB_CASE would not resolve there."""
    from entente_lab.app.launch import start_lab

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ENTENTE_LAB_CASE", "cases/other.yaml")
    assert start_lab(folder=str(tmp_path / "work"), prepare_only=True, allow_root=True) == 0
    assert os.environ["ENTENTE_LAB_CASE"] == str(tmp_path / "cases" / "other.yaml")
    assert "--allow-root" in capsys.readouterr().out
