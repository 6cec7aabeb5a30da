"""A hub on one machine: an instructor and 30 students, each with their own account, hand in at the same moment.

Real accounts (``useradd``, removed afterwards), one process per student started
with ``setpriv`` as that student, the class folder made by ``entente-lab class
create`` run as the instructor, and the instructor's reader run as the instructor.
It needs root (to make accounts and act as them): without root it is skipped,
except under ``CI=true``, where that is a failure, as for the browser tests.

The students' processes run a small script kept in a temporary folder every
account can enter, with this interpreter; they import the package from where it
is installed (a copy of the package goes into that folder only when the
installed one cannot be read by the students' accounts).
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from entente_lab import load_case, save_weighting

from .guards import within

pytestmark = pytest.mark.slow

N_STUDENTS = 30
#: These students hand in twice; the second hand-in must be the one that counts.
TWICE = frozenset(range(0, N_STUDENTS, 3))
#: These students plant a file named for the next student (who is not a planter); it must count as theirs.
PLANTERS = frozenset({1, 4, 13, 17, 22})
#: These students drop a hostile entry into inbound (a link, a pipe, a huge file, a folder, a dangling link).
HOSTILE = {6: "link", 7: "fifo", 8: "huge", 9: "folder", 10: "dangling"}

STUDENT_SCRIPT = textwrap.dedent('''
    import json, os, sys
    from entente_lab.classroom.class_folder import class_folder_from_environment, hand_in

    folder = class_folder_from_environment()
    works = json.loads(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()  # everyone starts at the same moment
    handed = [str(hand_in(folder, open(path, "rb").read()).path) for path in works]
    print(json.dumps(handed), flush=True)

    # Phase 2: try everything against every other student's files, plant and drop what the test asks.
    task = json.loads(sys.stdin.readline())
    inbound = str(folder.inbound)

    def outcome(action):
        try:
            action()
        except OSError as error:
            return error.errno
        return 0

    def touch(path):
        os.utime(path)

    tried = {"list inbound": [outcome(lambda: os.listdir(inbound))],
             "write class.json": [outcome(lambda: open(folder.class_file, "r+b").close())],
             "add to the class folder": [outcome(lambda: open(folder.path / "mine.json", "xb").close())]}
    own = handed[-1]
    for path in task["others"]:
        for name, action in (("read", lambda: open(path, "rb").read()), ("alter", lambda: open(path, "r+b").close()),
                             ("append", lambda: open(path, "ab").close()), ("rename", lambda: os.rename(path, path + ".x")),
                             ("delete", lambda: os.unlink(path)), ("replace", lambda: os.replace(own, path)),
                             ("chmod", lambda: os.chmod(path, 0o666)), ("touch", lambda: touch(path))):
            tried.setdefault(name, []).append(outcome(action))
    planted = None
    if task.get("plant"):
        planted = str(hand_in(folder, open(task["plant"]["work"], "rb").read(), user=task["plant"]["victim"]).path)
    drop = task.get("drop")
    if drop:
        target = os.path.join(inbound, drop + ".json")
        if drop == "link":
            os.symlink("/etc/passwd", target)
        elif drop == "fifo":
            os.mkfifo(target)
        elif drop == "huge":
            with open(target, "wb") as handle:
                handle.truncate(50_000_000)
        elif drop == "folder":
            os.mkdir(target)
        elif drop == "dangling":
            os.symlink(os.path.join(inbound, "nothing-here"), target)
    print(json.dumps({"tried": tried, "planted": planted}), flush=True)
''')

INSTRUCTOR_SCRIPT = textwrap.dedent('''
    import json, sys
    from entente_lab.classroom.class_folder import ClassInbox

    inbox = ClassInbox(sys.argv[1])
    for line in sys.stdin:
        state = inbox.refresh()
        factor = inbox.case.factors[0].id
        print(json.dumps({
            "read": state.read, "changed": state.changed, "problem": state.problem, "users": list(state.users),
            "counted": [{"owner": state.owner(s), "path": s.path, "name": s.name, "weight": s.weights[factor],
                         "verdict": s.verdict_text} for s in state.report.submissions],
            "replaced": [{"owner": state.owner(s), "path": s.path} for s in state.replaced],
            "skipped": [{"path": s.path, "reason": s.reason, "user": s.user, "message": s.message} for s in state.skipped],
            "misnamed": [list(m) for m in state.misnamed],
            "permissions": inbox.folder.permission_problems(),
        }), flush=True)
''')


def _cannot_run(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@dataclass
class Account:
    name: str
    uid: int
    gid: int


@dataclass
class Hub:
    shared: Path
    instructor: Account
    students: list[Account]
    pythonpath: str | None

    def command(self, account: Account, *argv: str) -> list[str]:
        return ["setpriv", f"--reuid={account.uid}", f"--regid={account.gid}", "--init-groups", "--", *argv]

    def env(self, account: Account, **more: str) -> dict[str, str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.shared), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
               "JUPYTERHUB_USER": account.name, **more}
        for key in ("ENTENTE_LAB_CASE",):
            if key in os.environ:
                env[key] = os.environ[key]
        if self.pythonpath:
            env["PYTHONPATH"] = self.pythonpath
        return env


def _add_account(name: str) -> Account:
    result = subprocess.run(["useradd", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name],
                            capture_output=True, text=True)
    if result.returncode != 0:
        _cannot_run(f"useradd {name} failed: {result.stderr.strip()}")
    entry = pwd.getpwnam(name)
    return Account(name, entry.pw_uid, entry.pw_gid)


def _imports_as(account: Account, shared: Path, pythonpath: str | None) -> subprocess.CompletedProcess:
    hub = Hub(shared, account, [], pythonpath)
    return subprocess.run(hub.command(account, sys.executable, "-c", "import entente_lab.classroom.class_folder"),
                          env=hub.env(account), capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        _cannot_run("the hub simulation makes accounts and acts as them: it needs root")
    for tool in ("useradd", "userdel", "setpriv"):
        if shutil.which(tool) is None:
            _cannot_run(f"the hub simulation needs {tool}, which is not installed")
    shared = Path(tempfile.mkdtemp(prefix="entente-hub-"))
    os.chmod(shared, 0o755)
    tag = secrets.token_hex(3)
    accounts: list[Account] = []
    try:
        instructor = _add_account(f"eli{tag}")
        accounts.append(instructor)
        for i in range(N_STUDENTS):
            accounts.append(_add_account(f"els{tag}{i:02d}"))
        pythonpath = None
        probe = _imports_as(accounts[1], shared, None)
        if probe.returncode != 0:  # the installed package is not readable by other accounts: copy it where it is
            import entente_lab

            shutil.copytree(Path(entente_lab.__file__).parent, shared / "lib" / "entente_lab")
            for root, dirs, files in os.walk(shared / "lib"):
                for name in dirs + files:
                    os.chmod(os.path.join(root, name), 0o755 if name in dirs else 0o644)
            os.chmod(shared / "lib", 0o755)
            pythonpath = str(shared / "lib")
            probe = _imports_as(accounts[1], shared, pythonpath)
            if probe.returncode != 0:
                _cannot_run(f"a student's account cannot import entente_lab with {sys.executable}: "
                            f"{probe.stderr.strip().splitlines()[-1:]}")
        volume = shared / "volume"
        volume.mkdir()
        os.chown(volume, instructor.uid, instructor.gid)
        (shared / "scripts").mkdir(mode=0o755)
        for name, text in (("student.py", STUDENT_SCRIPT), ("instructor.py", INSTRUCTOR_SCRIPT)):
            (shared / "scripts" / name).write_text(text, encoding="utf-8")
            os.chmod(shared / "scripts" / name, 0o644)
        yield Hub(shared, instructor, accounts[1:], pythonpath)
    finally:
        for account in accounts:
            subprocess.run(["userdel", account.name], capture_output=True)
        shutil.rmtree(shared, ignore_errors=True)


def _works(hub: Hub, case) -> dict[int, list[Path]]:
    """Each student's saved work (one file, or two for those who hand in twice), readable by that student only."""
    factor = case.factors[0].id
    works: dict[int, list[Path]] = {}
    for i, student in enumerate(hub.students):
        folder = hub.shared / "work" / student.name
        folder.mkdir(parents=True)
        saves = [save_weighting(case, {factor: round(0.02 + i / 100, 2)}, name=f"Student {i:02d}", folder=folder,
                                verdict_text="first")]
        if i in TWICE:
            saves.append(save_weighting(case, {factor: round(0.5 + i / 100, 2)}, name=f"Student {i:02d}", folder=folder,
                                        verdict_text="second"))
        if i in PLANTERS:
            saves.append(save_weighting(case, {factor: 0.99}, name=f"Student {i + 1:02d}", folder=folder / "planted",
                                        verdict_text="planted"))
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, student.uid, student.gid)
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
        os.chmod(hub.shared / "work", 0o755)
        works[i] = saves
    return works


def _line(process: subprocess.Popen, who: str) -> str:
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=30)
        raise AssertionError(f"{who} stopped (status {process.returncode}): {process.stderr.read()[-2000:]}")
    return line


def test_thirty_students_hand_in_at_once_and_nobody_reaches_anyone_else_s_work(hub, tmp_path):
    case = load_case()
    class_path = hub.shared / "volume" / "class"
    create = subprocess.run(hub.command(hub.instructor, sys.executable, "-c",
                                        "import sys; from entente_lab.app.cli import main; sys.exit(main(sys.argv[1:]))",
                                        "class", "create", str(class_path), "--title", "Hub seminar"),
                            env=hub.env(hub.instructor), capture_output=True, text=True, timeout=120)
    assert create.returncode == 0, create.stderr
    assert os.stat(class_path / "inbound").st_uid == hub.instructor.uid
    assert stat.S_IMODE(os.stat(class_path / "inbound").st_mode) == 0o3733
    works = _works(hub, case)
    processes: list[subprocess.Popen] = []
    instructor = None
    try:
        with within(300, "the hub simulation"):
            instructor = subprocess.Popen(hub.command(hub.instructor, sys.executable, str(hub.shared / "scripts" / "instructor.py"),
                                                      str(class_path)),
                                          env=hub.env(hub.instructor), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True)
            for i, student in enumerate(hub.students):
                own = [str(p) for p in works[i] if "planted" not in p.parts]
                processes.append(subprocess.Popen(
                    hub.command(student, sys.executable, str(hub.shared / "scripts" / "student.py"), json.dumps(own)),
                    env=hub.env(student, ENTENTE_LAB_CLASS=str(class_path)), stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            for i, process in enumerate(processes):
                assert _line(process, f"student {i}").strip() == "ready"
            for process in processes:  # go, all at once
                process.stdin.write("go\n")
                process.stdin.flush()
            handed = {i: json.loads(_line(process, f"student {i}")) for i, process in enumerate(processes)}

            instructor.stdin.write("refresh\n")
            instructor.stdin.flush()
            first = json.loads(_line(instructor, "the instructor's reader"))

            every = {path: i for i, paths in handed.items() for path in paths}
            for i, process in enumerate(processes):
                task = {"others": [p for p, j in every.items() if j != i]}
                if i in PLANTERS:
                    task["plant"] = {"work": str(works[i][-1]), "victim": hub.students[i + 1].name}
                if i in HOSTILE:
                    task["drop"] = HOSTILE[i]
                process.stdin.write(json.dumps(task) + "\n")
                process.stdin.flush()
            attacks = {i: json.loads(_line(process, f"student {i}")) for i, process in enumerate(processes)}

            instructor.stdin.write("refresh\n")
            instructor.stdin.flush()
            second = json.loads(_line(instructor, "the instructor's reader"))
            instructor.stdin.write("refresh\n")
            instructor.stdin.flush()
            third = json.loads(_line(instructor, "the instructor's reader"))
    finally:
        for process in [*processes, *([instructor] if instructor else [])]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
            for stream in (process.stdin, process.stdout, process.stderr):
                stream.close()

    names = {i: s.name for i, s in enumerate(hub.students)}
    # Every hand-in is there, each a file of its student's, readable by them and the instructor's group only.
    assert all(len(handed[i]) == (2 if i in TWICE else 1) for i in handed)
    for i, paths in handed.items():
        for path in paths:
            info = os.lstat(path)
            assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (hub.students[i].uid, hub.instructor.gid, 0o640)
            assert Path(path).name.startswith(names[i] + "+")

    # The instructor's first read: 30 students, each counted once with their owner; the second hand-in counts.
    assert first["problem"] is None and first["permissions"] == [] and first["read"] == N_STUDENTS + len(TWICE)
    assert sorted(first["users"]) == sorted(names.values())
    counted = {c["owner"]: c for c in first["counted"]}
    for i, name in names.items():
        assert counted[name]["path"] == handed[i][-1] and counted[name]["name"] == f"Student {i:02d}"
        assert counted[name]["verdict"] == ("second" if i in TWICE else "first")
    assert sorted((r["owner"], r["path"]) for r in first["replaced"]) == sorted((names[i], handed[i][0]) for i in TWICE)
    assert first["skipped"] == [] and first["misnamed"] == []

    # Nobody could list inbound, or read, alter, rename, remove, replace, chmod or touch another's file.
    refused = {errno.EACCES, errno.EPERM}
    for i, attack in attacks.items():
        for action, outcomes in attack["tried"].items():
            assert outcomes and set(outcomes) <= refused, (names[i], action, sorted(set(outcomes)))
    for i, paths in handed.items():  # and every file is still as it was handed in
        for path in paths:
            assert os.lstat(path).st_uid == hub.students[i].uid and json.loads(Path(path).read_bytes())["name"] == f"Student {i:02d}"

    # Planted files count as their owners', flagged; hostile entries are listed with their reason; the rest counts.
    second_counted = {c["owner"]: c for c in second["counted"]}
    assert sorted(second["users"]) == sorted(names.values())
    assert second["read"] == len(PLANTERS) + len(HOSTILE)  # only what is new was read
    for i in PLANTERS:
        planted = attacks[i]["planted"]
        assert Path(planted).name.startswith(names[i + 1] + "+")
        assert second_counted[names[i]]["path"] == planted  # the planter's newest, counted as the planter's
        assert second_counted[names[i + 1]]["path"] == handed[i + 1][-1]  # the victim's own hand-in still counts
        assert [planted, names[i + 1], names[i]] in second["misnamed"]
    skipped = {Path(s["path"]).name: (s["reason"], s["user"]) for s in second["skipped"]}
    assert skipped == {f"{kind}.json": ("too-large" if kind == "huge" else "not-a-file", names[i]) for i, kind in HOSTILE.items()}
    assert all("root:" not in s["message"] for s in second["skipped"])
    assert (third["read"], third["changed"]) == (0, False) and third["counted"] == second["counted"]
