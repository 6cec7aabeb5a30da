"""What a student sees when a save cannot be written: the folder and the fix, in one line.

The save itself belongs to :mod:`entente_lab.classroom.submissions`; its messages come from
:mod:`entente_lab.atomic` (``make_folder`` and ``write_atomic``), tested here as the
student meets them.
"""

from __future__ import annotations

import errno
import os

import pytest

from entente_lab import atomic, load_case, save_weighting


@pytest.fixture(scope="module")
def case():
    return load_case()


def test_a_save_folder_that_is_a_file_says_so(case, tmp_path):
    blocker = tmp_path / "my-work"
    blocker.write_text("notes", encoding="utf-8")
    with pytest.raises(NotADirectoryError) as info:
        save_weighting(case, {}, name="Ana", folder=blocker)
    message = str(info.value)
    assert message == f"{blocker} is a file, not a folder; choose a folder to save in, or another name"
    assert blocker.read_text(encoding="utf-8") == "notes"


def test_a_save_folder_under_a_file_names_the_file(case, tmp_path):
    blocker = tmp_path / "my-work"
    blocker.write_text("notes", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match=rf"{blocker} is a file, not a folder"):
        save_weighting(case, {}, name="Ana", folder=blocker / "class")


def test_a_read_only_save_folder_is_named_never_the_temporary_file(case, tmp_path, monkeypatch):
    """Simulated refusal (as root, permission bits do not stop a write)."""
    real_open = os.open

    def refuse(path, flags, *args):
        if os.fspath(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", refuse)
    with pytest.raises(PermissionError) as info:
        save_weighting(case, {}, name="Ana", folder=tmp_path)
    message = str(info.value)
    assert ".tmp" not in message and "Errno" not in message
    assert f"permission denied in {tmp_path}; choose a folder you can write to" in message
    assert list(tmp_path.iterdir()) == []
