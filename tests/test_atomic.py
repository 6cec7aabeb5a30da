"""Atomic writes: whole file or nothing, no clobbering without overwrite, no temp files left."""

from __future__ import annotations

import errno
import os
import sys

import pytest

from entente_lab import atomic
from entente_lab.atomic import write_atomic


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

    real_lexists, calls = os.path.lexists, []

    def appears_late(path):  # absent at the first check, present by the fallback's check
        calls.append(path)
        return len(calls) > 1 and real_lexists(path)

    monkeypatch.setattr(atomic.os.path, "lexists", appears_late)
    with pytest.raises(FileExistsError):
        write_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "first"
    assert _names(tmp_path) == ["out.txt"]


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
