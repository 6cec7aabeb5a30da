"""Atomic writes: whole file or nothing, no clobbering without overwrite, no temp files left."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from entente_lab import atomic
from entente_lab.atomic import NotARegularFileError, check_target, make_folder, write_atomic

from .special_files import assert_unchanged, make_special


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_writes_str_as_utf8_and_bytes_exactly_without_newline_translation(tmp_path):
    text = tmp_path / "a.txt"
    assert write_atomic(text, "é\r\nline\n") == text
    assert text.read_bytes() == "é\r\nline\n".encode()
    raw = tmp_path / "b.bin"
    write_atomic(str(raw), b"\x00\xff\n")
    assert raw.read_bytes() == b"\x00\xff\n"
    write_atomic(tmp_path / "c.bin", bytearray(b"xy"))
    assert (tmp_path / "c.bin").read_bytes() == b"xy"
    assert _names(tmp_path) == ["a.txt", "b.bin", "c.bin"]


def test_refuses_an_existing_file_naming_the_path_and_the_fix(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"report\.csv already exists.*overwrite=True \(--force"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "precious"
    assert _names(tmp_path) == ["report.csv"]


def test_overwrite_replaces_an_existing_file(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert _names(tmp_path) == ["report.csv"]


def test_refuses_a_dangling_symlink_too(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "missing")
    with pytest.raises(FileExistsError):
        write_atomic(link, "x")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("overwrite, step", [(True, "replace"), (False, "link")])
@pytest.mark.parametrize("error", [OSError(errno.EIO, "simulated I/O error"), KeyboardInterrupt()])
def test_a_failure_between_write_and_rename_leaves_no_temp_file_and_the_old_file_intact(
        tmp_path, monkeypatch, overwrite, step, error):
    target = tmp_path / "out.txt"
    if overwrite:
        target.write_text("old", encoding="utf-8")
    seen = []

    def fail(src, dst, *args, **kwargs):
        seen.append(os.path.basename(src))
        assert os.path.exists(src)  # the data is written and fsynced before this step
        raise error

    monkeypatch.setattr(atomic.os, step, fail)
    with pytest.raises(type(error)):
        write_atomic(target, "new", overwrite=overwrite)
    assert seen and seen[0].startswith(".out.txt.") and seen[0].endswith(".tmp")
    assert _names(tmp_path) == (["out.txt"] if overwrite else [])
    if overwrite:
        assert target.read_text(encoding="utf-8") == "old"


def test_a_failure_while_writing_leaves_no_temp_file(tmp_path, monkeypatch):
    def fail(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(tmp_path / "out.txt", "data")
    assert _names(tmp_path) == []


def test_a_file_created_by_a_racing_writer_is_never_clobbered(tmp_path, monkeypatch):
    """The existence check passes, then another program creates the file before ours is linked."""
    target = tmp_path / "out.txt"
    real_link = os.link

    def racing_link(src, dst):
        with open(dst, "x", encoding="utf-8") as other:
            other.write("theirs")
        return real_link(src, dst)

    monkeypatch.setattr(atomic.os, "link", racing_link)
    with pytest.raises(FileExistsError, match="already exists"):
        write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert _names(tmp_path) == ["out.txt"]


def test_without_hard_links_it_still_writes_and_still_refuses_an_existing_file(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "out.txt"
    write_atomic(target, "first")
    assert target.read_text(encoding="utf-8") == "first"

    other = tmp_path / "other.txt"

    def racing_no_links(src, dst):  # the file appears after the first check, before the fallback's check
        Path(dst).write_text("theirs", encoding="utf-8")
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", racing_no_links)
    with pytest.raises(FileExistsError, match="other.txt already exists"):
        write_atomic(other, "ours")
    assert other.read_text(encoding="utf-8") == "theirs"
    assert _names(tmp_path) == ["other.txt", "out.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_the_new_file_gets_ordinary_permissions_from_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.txt", "x")
    finally:
        os.umask(previous)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


def test_a_missing_folder_is_an_error_and_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "such" / "out.txt", "x")
    assert _names(tmp_path) == []


def test_data_must_be_text_or_bytes(tmp_path):
    with pytest.raises(TypeError, match="str or bytes, not dict"):
        write_atomic(tmp_path / "out.json", {"a": 1})
    assert _names(tmp_path) == []


# ---------------------------------------------------------------- only regular files, and one-line errors

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, device nodes and symbolic links")


@POSIX
@pytest.mark.parametrize("overwrite", [True, False])
@pytest.mark.parametrize("kind, shown", [("fifo", "a named pipe (FIFO)"), ("folder", "a folder"),
                                         ("symlink to a file", "a symbolic link"),
                                         ("symlink to the null device", "a symbolic link"),
                                         ("dangling symlink", "a symbolic link"), ("symlink loop", "a symbolic link"),
                                         ("device node", "a device")])
def test_a_target_that_is_not_a_regular_file_is_refused_even_with_overwrite(tmp_path, kind, shown, overwrite):
    target = tmp_path / "out"
    if not make_special(target, kind):
        pytest.skip("creating a device node needs root")
    before = os.lstat(target)
    with pytest.raises(NotARegularFileError) as info:
        write_atomic(target, "new", overwrite=overwrite)
    message = str(info.value)
    assert message.startswith(f"{target} is {shown}, not a regular file; ") and "\n" not in message
    assert "choose another file name" in message or "give a file name" in message
    assert_unchanged(target, kind)
    assert os.lstat(target).st_ino == before.st_ino
    assert not [name for name in _names(tmp_path) if name.endswith(".tmp")]
    with pytest.raises(NotARegularFileError):
        check_target(target, overwrite=overwrite)


def test_a_refused_non_regular_target_is_still_a_file_exists_error(tmp_path):
    """So a caller that tries the next name when one is taken (saving a submission) keeps working."""
    (tmp_path / "out").mkdir()
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "out", "x")


@pytest.mark.parametrize("path", ["", "folder/"])
def test_a_path_that_names_no_file_is_refused(tmp_path, path):
    with pytest.raises(ValueError, match="is not a file name"):
        write_atomic(path, "x", overwrite=True)


def _fail_creating_the_temporary_file(monkeypatch, code, text):
    real_open = os.open

    def fail(path, flags, *args):
        if os.fspath(path).endswith(".tmp"):
            raise OSError(code, text, os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", fail)


def test_a_read_only_folder_is_named_with_the_fix_never_the_temporary_file(tmp_path, monkeypatch):
    """Simulated: the tests may run as root, for whom permission bits do not stop a write."""
    _fail_creating_the_temporary_file(monkeypatch, errno.EACCES, "Permission denied")
    with pytest.raises(PermissionError) as info:
        write_atomic(tmp_path / "anna.json", "x")
    message = str(info.value)
    assert message == (f"cannot write {tmp_path / 'anna.json'}: permission denied in {tmp_path}; "
                       f"choose a folder you can write to, or ask for write permission on it")
    assert info.value.errno == errno.EACCES and ".tmp" not in message


@pytest.mark.parametrize("code, text, expected", [
    (errno.ENOSPC, "No space left on device", "the disk is full (No space left on device); free some space"),
    (errno.EROFS, "Read-only file system", "is on a read-only file system; choose another folder"),
    (errno.ENAMETOOLONG, "File name too long", "the name is too long for this file system; choose a shorter name"),
    (errno.EIO, "Input/output error", "Input/output error"),
])
def test_other_failures_are_one_line_naming_the_file_and_never_the_temporary_file(tmp_path, monkeypatch, code, text,
                                                                                   expected):
    _fail_creating_the_temporary_file(monkeypatch, code, text)
    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "out.txt", "x")
    message = str(info.value)
    assert message.startswith(f"cannot write {tmp_path / 'out.txt'}: ") and expected in message
    assert ".tmp" not in message and "Errno" not in message and info.value.errno == code


def test_a_file_where_a_folder_should_be_is_named(tmp_path):
    blocker = tmp_path / "somefile"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker / "report.html", blocker / "deeper" / "report.html"):
        with pytest.raises(NotADirectoryError) as info:
            write_atomic(target, "x", overwrite=True)
        assert f"{blocker} is a file, not a folder" in str(info.value) and "Errno" not in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_missing_folder_is_named_with_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"the folder .*no.such does not exist; create it first"):
        write_atomic(tmp_path / "no" / "such" / "out.txt", "x")


def test_make_folder_makes_parents_and_names_a_file_in_the_way(tmp_path):
    assert make_folder(tmp_path / "a" / "b").is_dir()
    assert make_folder(tmp_path / "a" / "b").is_dir()  # already there: fine
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError) as info:
        make_folder(tmp_path / "notes")
    assert str(info.value) == f"{tmp_path / 'notes'} is a file, not a folder; choose a folder to save in, or another name"
    with pytest.raises(NotADirectoryError, match=r"notes is a file, not a folder"):
        make_folder(tmp_path / "notes" / "class")

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and symbolic links need POSIX")
@pytest.mark.parametrize(("kind", "words"), [
    ("symlink loop", "a symbolic link loop (the link leads back to itself)"),
    ("dangling symlink", "a symbolic link to something that does not exist"),
    ("fifo", "a named pipe (FIFO)"),
])
def test_make_folder_says_what_is_in_the_way_not_always_a_file(tmp_path, kind, words):
    in_the_way = tmp_path / "class"
    make_special(in_the_way, kind)
    with pytest.raises(NotADirectoryError) as info:
        make_folder(in_the_way)
    assert str(info.value) == f"{in_the_way} is {words}, not a folder; choose a folder to save in, or another name"

def test_make_folder_refuses_a_nul_in_the_name_in_words_not_a_bare_value_error(tmp_path):
    with pytest.raises(OSError) as info:
        make_folder(f"{tmp_path}/a\x00b")
    assert "holds a NUL character, which no folder name can; choose another folder" in str(info.value)
    assert not any(tmp_path.iterdir())


def test_make_folder_names_the_folder_it_cannot_write_in(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(self))

    monkeypatch.setattr(atomic.Path, "mkdir", refuse)
    with pytest.raises(PermissionError) as info:
        make_folder(tmp_path / "class")
    assert str(info.value).startswith(f"cannot create the folder {tmp_path / 'class'}: permission denied in {tmp_path};")
