"""Paths that are not regular files, for the tests of every writer: what ``--force`` must never replace."""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: What :func:`make_special` can make, and the :mod:`stat` test each one passes (on ``os.lstat``).
SPECIAL_KINDS = {
    "fifo": stat.S_ISFIFO,
    "folder": stat.S_ISDIR,
    "symlink to a file": stat.S_ISLNK,
    "symlink to the null device": stat.S_ISLNK,
    "dangling symlink": stat.S_ISLNK,
    "symlink loop": stat.S_ISLNK,
    "device node": stat.S_ISCHR,
}

#: The content of the file that "symlink to a file" points at; a writer must leave it as it is.
POINTEE_TEXT = "keep me"


def make_special(path: Path, kind: str) -> bool:
    """Make ``path`` a thing of ``kind`` (a key of :data:`SPECIAL_KINDS`); ``False`` if this machine cannot.

    Everything is made at ``path`` itself: a link to the null device is a new link
    (replacing it would replace the link, never the device), and a device node is
    made with the null device's numbers, which only root may do.
    """
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "symlink to a file":
        pointee = path.parent / "pointee.txt"
        pointee.write_text(POINTEE_TEXT, encoding="utf-8")
        path.symlink_to(pointee)
    elif kind == "symlink to the null device":
        path.symlink_to(os.devnull)
    elif kind == "dangling symlink":
        path.symlink_to(path.parent / "nowhere")
    elif kind == "symlink loop":
        path.symlink_to(path)
    elif kind == "device node":
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            return False
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return True


def assert_unchanged(path: Path, kind: str) -> None:
    """``path`` is still of ``kind``, what it points at is intact, and the real null device is still a device."""
    assert SPECIAL_KINDS[kind](os.lstat(path).st_mode), f"{path} was replaced"
    pointee = path.parent / "pointee.txt"
    if kind == "symlink to a file":
        assert pointee.read_text(encoding="utf-8") == POINTEE_TEXT
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
