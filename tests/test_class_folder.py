"""The class folder: its layout and permissions, handing in, and the instructor's incremental reader.

The many-users test (real accounts, one process per student) is ``tests/test_class_folder_hub.py``.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import shutil
import stat
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente_lab import load_case, save_weighting
from entente_lab.app.cli import main
from entente_lab.classroom import class_folder
from entente_lab.classroom.class_folder import (
    CLASS_FOLDER_VARIABLE,
    HAND_IN_MODE,
    INBOUND_MODE,
    ClassFolder,
    ClassFolderError,
    ClassInbox,
    class_folder_from_environment,
    create_class,
    hand_in,
)

from .conftest import OTHER_CASES
from .guards import as_unprivileged, needs_fork, within

#: The bundled case, loaded once for the property-based tests (hypothesis refuses function-scoped fixtures there).
_CASE = load_case()
#: A hand-in's file name: user, UTC time to the microsecond, 16 random hexadecimal digits.
HAND_IN_NAME = r"(?P<user>[^+]+)\+[0-9]{8}T[0-9]{6}\.[0-9]{6}Z\+[0-9a-f]{16}\.json"


@pytest.fixture
def folder(tmp_path, case) -> ClassFolder:
    return create_class(tmp_path / "class", case=case, title="Tuesday seminar")


def _work(case, tmp_path, name="Ana", weight=None, **options) -> bytes:
    """The bytes of a submission file saved by ``save_weighting`` (what notebook 07 saves)."""
    factor = case.factors[0].id
    weights = {} if weight is None else {factor: weight}
    return save_weighting(case, weights, name=name, folder=tmp_path / "own", **options).read_bytes()


def _one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    return text


# ---------------------------------------------------------------- creating

def test_create_class_lays_out_the_folder_like_an_exchange_directory(folder, case):
    mode = lambda p: stat.S_IMODE(os.lstat(p).st_mode)  # noqa: E731
    assert mode(folder.path) == 0o755
    assert mode(folder.inbound) == INBOUND_MODE == 0o3733  # sticky + set-group-id + wx for all, r for the owner only
    assert mode(folder.class_file) == 0o644
    for path in (folder.path, folder.inbound, folder.class_file):
        assert os.lstat(path).st_uid == os.getuid()
    record = json.loads(folder.class_file.read_text(encoding="utf-8"))
    assert record["title"] == "Tuesday seminar"
    assert record["case"]["id"] == case.id and record["case"]["content_hash"] == case.content_hash
    assert record["case"]["scoring_hash"].startswith("sha256:")
    assert ClassFolder.open(folder.path) == folder
    assert folder.permission_problems() == []


def test_create_class_takes_an_empty_folder_and_refuses_anything_else(tmp_path, case):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert create_class(empty, case=case).title == case.source.title  # the case's title by default
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(ClassFolderError) as info:
        create_class(busy, case=case)
    assert _one_line(info.value).startswith(f"{busy}: the folder is not empty; give a new folder")
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    os.symlink(empty, tmp_path / "link")
    for path, words in ((tmp_path / "file", "is a file"), (tmp_path / "link", "is a symbolic link")):
        with pytest.raises(ClassFolderError, match=words):
            create_class(path, case=case)
    with pytest.raises(ClassFolderError, match="the title is empty"):
        create_class(tmp_path / "untitled", case=case, title="  ")
    assert not (tmp_path / "untitled").exists()


@pytest.mark.parametrize("damage, words", [
    (lambda f: f.class_file.unlink(), "no class.json here, so this is not a class folder"),
    (lambda f: f.class_file.write_text("{oops", encoding="utf-8"), "invalid JSON"),
    (lambda f: f.class_file.write_text('{"schema": "entente-lab-class", "schema_version": 9}', encoding="utf-8"),
     "schema version 9"),
    (lambda f: f.class_file.write_text(json.dumps({**json.loads(f.class_file.read_text()), "title": 3}), encoding="utf-8"),
     "title is 3, not a text"),
    (lambda f: (f.class_file.rename(f.path / "real.json"), f.class_file.symlink_to(f.path / "real.json")),
     "a symbolic link; links are not followed"),
    (lambda f: f.inbound.rmdir(), "inbound: cannot be found"),
])
def test_a_broken_class_folder_is_one_line_with_the_fix(folder, damage, words):
    damage(folder)
    with pytest.raises(ClassFolderError) as info:
        ClassFolder.open(folder.path)
    assert words in _one_line(info.value)


def test_the_environment_names_the_class_folder(folder, tmp_path):
    assert class_folder_from_environment({}) is None
    assert class_folder_from_environment({CLASS_FOLDER_VARIABLE: " "}) is None
    assert class_folder_from_environment({CLASS_FOLDER_VARIABLE: str(folder.path)}) == folder
    with pytest.raises(ClassFolderError) as info:
        class_folder_from_environment({CLASS_FOLDER_VARIABLE: str(tmp_path / "nowhere")})
    assert _one_line(info.value) == (f"ENTENTE_LAB_CLASS names {tmp_path / 'nowhere'}: no such folder; check the path, "
                                     "or create the class: entente-lab class create PATH")


def test_permission_problems_name_a_folder_students_could_list_or_empty(folder):
    os.chmod(folder.inbound, 0o777)
    lines = folder.permission_problems()
    assert any("can list each other's hand-ins" in line for line in lines)
    assert any("without the sticky bit" in line for line in lines)


# ---------------------------------------------------------------- handing in

def test_hand_in_writes_the_saved_file_unchanged_under_a_new_name(folder, case, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "ana.lima")
    work = _work(case, tmp_path, name="Ana (display name)")
    done = hand_in(folder, work)
    assert done.user == "ana.lima" and done.path.parent == folder.inbound
    assert __import__("re").fullmatch(HAND_IN_NAME, done.path.name)["user"] == "ana.lima"
    assert done.path.read_bytes() == work
    assert json.loads(work)["name"] == "Ana (display name)"  # the typed name stays the display name
    info = os.lstat(done.path)
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == HAND_IN_MODE and info.st_nlink == 1
    assert "Tuesday seminar" in done.message and "ana.lima" in done.message
    again = hand_in(folder, work)
    assert again.path != done.path and done.path.read_bytes() == work  # a second hand-in is a second file
    assert sorted(os.listdir(folder.inbound)) == sorted([done.path.name, again.path.name])  # no temporary file left


def test_hand_in_takes_the_data_of_a_submission_too(folder, case, tmp_path):
    data = json.loads(_work(case, tmp_path))
    done = hand_in(folder, data, user="ben")
    assert json.loads(done.path.read_bytes()) == data


def test_a_user_name_cannot_steer_the_file_elsewhere(folder, case, tmp_path):
    done = hand_in(folder, _work(case, tmp_path), user="../../etc/passwd+x")
    assert done.path.parent == folder.inbound and not done.path.name.startswith(".")


class _FixedTime(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)


def _predictable_names(monkeypatch) -> list[str]:
    """Make hand-in names predictable: the same time, then random parts 000..., 111..., 222..."""
    monkeypatch.setattr(class_folder, "datetime", _FixedTime)
    digits = itertools.cycle("0123456789")
    monkeypatch.setattr(class_folder.secrets, "token_hex", lambda n: next(digits) * (2 * n))
    return [f"ana+20240501T120000.123456Z+{d * 16}.json" for d in "0123"]


@pytest.mark.parametrize("planted", ["final", "temporary"])
def test_hand_in_never_follows_or_replaces_a_planted_link(folder, case, tmp_path, monkeypatch, planted):
    names = _predictable_names(monkeypatch)
    target = tmp_path / "victim.txt"
    target.write_text("keep me", encoding="utf-8")
    link = folder.inbound / (names[0] if planted == "final" else f".{names[0]}.tmp")
    link.symlink_to(target)
    done = hand_in(folder, _work(case, tmp_path), user="ana")
    assert done.path.name == names[1]  # the next name, not through the link
    assert target.read_text(encoding="utf-8") == "keep me"
    assert os.readlink(link) == str(target)


def test_hand_in_never_overwrites_a_file_already_there(folder, case, tmp_path, monkeypatch):
    names = _predictable_names(monkeypatch)
    (folder.inbound / names[0]).write_text("someone's", encoding="utf-8")
    done = hand_in(folder, _work(case, tmp_path), user="ana")
    assert done.path.name == names[1] and (folder.inbound / names[0]).read_text(encoding="utf-8") == "someone's"


@pytest.mark.parametrize("work, words", [
    (b"{oops", "not handed in: invalid JSON"),
    (b'{"schema": "entente-lab-prediction"}', "not handed in: kept prediction"),
])
def test_hand_in_refuses_what_the_reader_would_refuse(folder, work, words):
    with pytest.raises(ClassFolderError) as info:
        hand_in(folder, work, user="ana")
    assert _one_line(info.value).startswith(words)
    assert os.listdir(folder.inbound) == []


def test_hand_in_refuses_work_on_another_case(folder, tmp_path):
    other = load_case(OTHER_CASES["second"])
    work = save_weighting(other, {}, name="Ana", folder=tmp_path / "own").read_bytes()
    with pytest.raises(ClassFolderError) as info:
        hand_in(folder, work, user="ana")
    assert f"weighs case {other.id!r}" in _one_line(info.value) and os.listdir(folder.inbound) == []


def test_a_full_volume_is_one_line_and_leaves_nothing_behind(folder, case, tmp_path, monkeypatch):
    work = _work(case, tmp_path)

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ClassFolderError) as info:
        hand_in(folder, work, user="ana")
    assert _one_line(info.value) == (f"cannot hand in to {folder.inbound}: the shared volume is full; tell your "
                                     "instructor, and keep your saved file")
    assert os.listdir(folder.inbound) == []


@pytest.fixture
def shared_tmp():
    """A folder every user can enter (pytest's own temporary folders are root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="entente-class-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path)


@needs_fork
def test_a_student_hands_in_to_a_class_of_another_user_but_not_to_a_folder_closed_to_them(shared_tmp, case, tmp_path):
    """Run as an unprivileged user (root ignores permission bits): inbound takes their file, a closed folder refuses it."""
    work = _work(case, tmp_path)
    folder = create_class(shared_tmp / "class", case=case)
    done = as_unprivileged(lambda: hand_in(folder, work, user="nobody").path)
    assert done.read_bytes() == work and os.lstat(done).st_uid != os.getuid()
    os.chmod(folder.inbound, 0o755)

    def refused() -> str:
        try:
            hand_in(folder, work, user="nobody")
        except ClassFolderError as error:
            return str(error)
        return "handed in"

    assert as_unprivileged(refused) == (f"cannot hand in to {folder.inbound}: you may not write to it (permission "
                                        "denied); tell your instructor, and keep your saved file")


# ---------------------------------------------------------------- reading

def _hand_in_as(folder, case, tmp_path, uid, name, weight=None, user=None) -> Path:
    """A hand-in owned by ``uid`` (root gives it away, as if that user had handed it in)."""
    path = hand_in(folder, _work(case, tmp_path, name=name, weight=weight), user=user or f"uid {uid}").path
    os.chown(path, uid, -1)
    return path


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving files to other owners needs root")


@needs_root
def test_the_owner_is_who_handed_in_not_the_name_in_the_file_or_its_name(folder, case, tmp_path):
    inbox = ClassInbox(folder, case=case)
    _hand_in_as(folder, case, tmp_path, 40001, "Ana")
    _hand_in_as(folder, case, tmp_path, 40002, "Ana")  # the same display name: another student
    planted = _hand_in_as(folder, case, tmp_path, 40003, "Cleo", user="uid 40001")  # named for someone else
    state = inbox.refresh()
    assert sorted(state.users) == ["uid 40001", "uid 40002", "uid 40003"]
    assert state.owner(next(s for s in state.report.submissions if s.path == str(planted))) == "uid 40003"
    assert state.misnamed == ((str(planted), "uid_40001", "uid 40003"),)
    assert any("named for 'uid_40001' but owned by 'uid 40003'" in line for line in state.notices())


@needs_root
def test_each_owner_s_newest_hand_in_counts_and_the_earlier_are_kept(folder, case, tmp_path):
    inbox = ClassInbox(folder, case=case)
    first = _hand_in_as(folder, case, tmp_path, 40001, "Ana", weight=0.1)
    time.sleep(0.01)
    second = _hand_in_as(folder, case, tmp_path, 40001, "Ana L.", weight=0.9)
    _hand_in_as(folder, case, tmp_path, 40002, "Ben")
    state = inbox.refresh()
    assert state.n_handed_in == 2 and sorted(state.users) == ["uid 40001", "uid 40002"]
    counted = {state.owner(s): s for s in state.report.submissions}
    assert counted["uid 40001"].path == str(second) and counted["uid 40001"].weights[case.factors[0].id] == 0.9
    assert [s.path for s in state.replaced] == [str(first)] and first.exists()
    assert state.summary().startswith("2 students handed in (1 earlier hand-in replaced by a newer one")


def _hostile(inbound: Path) -> dict[str, str]:
    """Drop hostile entries into ``inbound``; their names to the reason each must be skipped for."""
    os.symlink("/etc/passwd", inbound / "passwd.json")
    os.symlink(inbound / "loop.json", inbound / "loop.json")
    os.mkfifo(inbound / "pipe.json")
    with open(inbound / "huge.json", "wb") as handle:  # sparse: costs no disk
        handle.truncate(50_000_000)
    (inbound / "folder.json").mkdir()
    (inbound / "empty.json").write_bytes(b"")
    (inbound / "notes.txt").write_text("not JSON", encoding="utf-8")
    stale = inbound / ".ana+20240501T120000.123456Z+0000000000000000.json.tmp"
    stale.write_text("{", encoding="utf-8")
    os.utime(stale, (time.time() - 3600,) * 2)
    (inbound / ".ben+20240501T120000.123456Z+1111111111111111.json.tmp").write_text("{", encoding="utf-8")  # in progress
    dated_ahead = inbound / ".cy+20240501T120000.123456Z+2222222222222222.json.tmp"  # "in progress" for ever, if trusted
    dated_ahead.write_text("{", encoding="utf-8")
    os.utime(dated_ahead, (4102444800,) * 2)  # the year 2100
    return {"passwd.json": "not-a-file", "loop.json": "not-a-file", "pipe.json": "not-a-file", "huge.json": "too-large",
            "folder.json": "not-a-file", "empty.json": "empty", "notes.txt": "invalid-json", stale.name: "unfinished",
            dated_ahead.name: "unfinished"}


def test_hostile_entries_are_listed_with_their_reason_and_the_rest_counts(folder, case, tmp_path):
    inbox = ClassInbox(folder, case=case)
    good = [hand_in(folder, _work(case, tmp_path, name=n), user=n.lower()).path for n in ("Ana", "Ben")]
    expected = _hostile(folder.inbound)
    with within(20, "reading a class folder full of traps"):
        state = inbox.refresh()
    assert {Path(s.path).name: s.reason for s in state.skipped} == expected
    assert sorted(s.path for s in state.report.submissions + state.replaced) == sorted(map(str, good))
    passwd = next(s for s in state.skipped if s.path.endswith("passwd.json"))
    assert "symbolic link" in passwd.message and "root:" not in passwd.message
    assert all(s.user == class_folder.owner_name(os.getuid()) for s in state.skipped)


def test_a_link_swapped_in_after_the_look_is_not_followed(folder, case, tmp_path, monkeypatch):
    """The file looked regular when listed; by the time it is opened it is a link: O_NOFOLLOW refuses it."""
    inbox = ClassInbox(folder, case=case)
    path = hand_in(folder, _work(case, tmp_path), user="ana").path
    real_lstat = os.lstat

    def swap_after_look(name, *args, **kwargs):
        info = real_lstat(name, *args, **kwargs)
        if name == path.name:
            os.unlink(path)
            os.symlink("/etc/passwd", path)
        return info

    monkeypatch.setattr(os, "lstat", swap_after_look)
    state = inbox.refresh()
    monkeypatch.undo()
    assert state.n_handed_in == 0
    assert [(s.reason, "symbolic link" in s.message) for s in state.skipped] == [("not-a-file", True)]


def test_refresh_reads_only_new_or_changed_files(folder, case, tmp_path):
    inbox = ClassInbox(folder, case=case)
    assert inbox.refresh().changed
    paths = [hand_in(folder, _work(case, tmp_path, name=f"S{i}"), user=f"s{i}").path for i in range(3)]
    first = inbox.refresh()
    assert (first.read, first.changed, len(first.report.submissions) + len(first.replaced)) == (3, True, 3)
    same = inbox.refresh()
    assert (same.read, same.changed) == (0, False) and same.report.submissions == first.report.submissions
    hand_in(folder, _work(case, tmp_path, name="S9"), user="s9")
    assert (inbox.refresh().read, inbox.state.changed) == (1, True)
    paths[0].write_bytes(b"{broken")  # changed in place: read again
    changed = inbox.refresh()
    assert changed.read == 1 and [s.reason for s in changed.skipped] == ["invalid-json"]
    paths[1].unlink()  # removed: nothing to read, but the class changed
    gone = inbox.refresh()
    assert (gone.read, gone.changed) == (0, True) and str(paths[1]) not in gone.owners


def test_refresh_never_raises_and_keeps_the_last_class_when_inbound_goes(folder, case, tmp_path):
    inbox = ClassInbox(folder, case=case)
    hand_in(folder, _work(case, tmp_path), user="ana")
    assert inbox.refresh().n_handed_in == 1
    moved = folder.path / "elsewhere"
    folder.inbound.rename(moved)
    state = inbox.refresh()
    assert state.n_handed_in == 1 and not state.changed
    assert state.problem.startswith(f"{folder.inbound}: cannot be read (No such file or directory)")
    folder.inbound.symlink_to(moved)  # a link in inbound's place is not followed either
    assert inbox.refresh().problem.startswith(f"{folder.inbound}: cannot be read")


def test_a_folder_of_countless_entries_is_read_in_part_and_said_so(folder, case, tmp_path, monkeypatch):
    monkeypatch.setattr(class_folder, "MAX_INBOUND_ENTRIES", 3)
    for i in range(5):
        (folder.inbound / f"junk{i}.json").write_text("{", encoding="utf-8")
    state = ClassInbox(folder, case=case).refresh()
    assert len(state.skipped) == 3 and "holds more than 3 entries" in state.problem


def test_the_inbox_refuses_a_case_that_is_not_the_class_s(folder):
    with pytest.raises(ClassFolderError, match="the class weighs case .* but the case loaded is"):
        ClassInbox(folder, case=load_case(OTHER_CASES["second"]))


def test_one_account_for_every_student_is_pointed_out(folder, case, tmp_path):
    inbox = ClassInbox(folder, case=case)
    for user in ("ana", "ben", "cleo"):  # all owned by this process's user: a hub where everyone is one account
        hand_in(folder, _work(case, tmp_path, name=user), user=user)
    state = inbox.refresh()
    assert state.n_handed_in == 1
    assert any("this hub runs every student under one account" in line for line in state.notices())


# ---------------------------------------------------------------- the command

def test_class_create_command(tmp_path, capsys, case):
    target = tmp_path / "seminar"
    assert main(["class", "create", str(target), "--title", "Week 3"]) == 0
    out = capsys.readouterr().out
    assert f"Created the class folder {target}" in out and CLASS_FOLDER_VARIABLE in out
    assert ClassFolder.open(target).title == "Week 3"
    assert main(["class", "create", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"entente-lab class create: {target}: the folder is not empty; give a new folder for the class "
                   "(an existing class is opened, not created again)"]
    assert main(["class", "create", str(tmp_path / "t2"), "--title", ""]) == 2
    assert "the title is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["class", "--help"])
    assert info.value.code == 0 and "create" in capsys.readouterr().out
    assert main(["class"]) == 2


def test_class_status_command_says_who_handed_in_and_what_was_skipped(folder, case, tmp_path, capsys):
    owner = class_folder.owner_name(os.getuid())
    hand_in(folder, _work(case, tmp_path), user=owner)
    (folder.inbound / "notes.json").write_text("{oops", encoding="utf-8")
    assert main(["class", "status", str(folder.path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"{folder.inbound / 'notes.json'}: invalid JSON (put there by {owner}): ")
    assert lines[1:] == [f"Handed in: {owner}", "1 student handed in; skipped 1: 1 invalid JSON."]
    assert main(["class", "status", str(folder.path), "--hide-names"]) == 0
    hidden = capsys.readouterr().out
    assert "notes.json" not in hidden and owner not in hidden.replace("1 student", "")
    assert main(["class", "status", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.startswith("entente-lab class status: ")


# ---------------------------------------------------------------- any input

@settings(max_examples=60)
@given(title=st.text(max_size=300))
def test_any_title_is_kept_as_given_or_refused_in_one_line(title):
    base = Path(tempfile.mkdtemp())
    try:
        made = create_class(base / "class", case=_CASE, title=title)
    except ClassFolderError as error:
        _one_line(error)
        assert not (base / "class").exists()
    else:
        assert ClassFolder.open(made.path).title == made.title
    finally:
        shutil.rmtree(base)


@settings(max_examples=60)
@given(data=st.binary(max_size=2_000) | st.builds(lambda t: t.encode("utf-8", "surrogatepass"), st.text(max_size=500)))
def test_any_bytes_in_inbound_are_counted_or_skipped_never_raised(data):
    base = Path(tempfile.mkdtemp())
    try:
        folder = create_class(base / "class", case=_CASE)
        (folder.inbound / "dropped.json").write_bytes(data)
        state = ClassInbox(folder, case=_CASE).refresh()
        assert len(state.skipped) + state.n_handed_in == 1
        assert all("\n" not in str(s) for s in state.skipped)
    finally:
        shutil.rmtree(base)


def test_the_hub_simulation_is_skipped_only_outside_ci(monkeypatch):
    from .test_class_folder_hub import _cannot_run

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and no root here"):
        _cannot_run("no root here")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no root here"):
        _cannot_run("no root here")


def test_status_names_who_put_each_file_there_and_counts_a_flood_in_one_line(folder, case, tmp_path, capsys):
    """Thousands of junk files: the first are listed with their owner, the rest summed up by reason and owner."""
    hand_in(folder, _work(case, tmp_path, name="Ana"), user="ana")
    for i in range(class_folder.SHOWN_SKIPS + 30):
        (folder.inbound / f"junk{i}.json").write_bytes(b"")
    assert main(["class", "status", str(folder.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    me = class_folder.owner_name(os.getuid())
    listed = [line for line in lines if "junk" in line]
    assert len(listed) == class_folder.SHOWN_SKIPS and all(f"(put there by {me})" in line for line in listed)
    assert f"and 30 more files not counted: 30 empty file (put there by {me})" in lines
    assert len(lines) < class_folder.SHOWN_SKIPS + 10
    assert main(["class", "status", "--hide-names", str(folder.path)]) == 0
    assert me not in capsys.readouterr().out
