"""Write a file atomically: readers see the old file or the whole new one, never half of it."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

__all__ = ["write_atomic"]

#: ``os.link`` errors that mean "this file system does not do hard links", not "something broke".
_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)}


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _refusal(path: Path) -> FileExistsError:
    return FileExistsError(f"{path} already exists; not overwriting it. Choose another file name, or pass "
                           f"overwrite=True (--force on the command line) to replace it")


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` in one step, never leaving a half-written file.

    The data goes to a temporary file in the same folder, is flushed and fsynced,
    and only then takes the final name. Without ``overwrite`` the final name is
    taken with :func:`os.link`, which fails if the name exists, so an existing file
    is never clobbered, even by a writer racing with this one; with ``overwrite``
    it is taken with :func:`os.replace`. On any error, including an interruption,
    the temporary file is removed and an existing file at ``path`` is left as it
    was.

    Parameters
    ----------
    path : path-like
        The file to write. Its folder must exist.
    data : str or bytes
        The content; a ``str`` is written as UTF-8, exactly (no newline
        translation).
    overwrite : bool, default False
        Replace ``path`` if it exists.

    Returns
    -------
    pathlib.Path
        ``path``, as a ``Path``.

    Raises
    ------
    FileExistsError
        ``path`` exists and ``overwrite`` is false; the message names the path and
        the fix.
    TypeError
        ``data`` is neither ``str`` nor bytes-like.
    OSError
        The folder is missing or not writable, the disk is full, and so on.

    Notes
    -----
    On a file system without hard links (some network and FAT file systems), a
    no-overwrite write checks for an existing file and then renames: an existing
    file is still refused, but a file created by another program in between could
    be replaced.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "notes.txt", "first").read_text(encoding="utf-8")
    'first'
    >>> write_atomic(folder / "notes.txt", "second")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileExistsError: ... already exists; not overwriting it. Choose another file name, or pass overwrite=True ...
    >>> write_atomic(folder / "notes.txt", "second", overwrite=True).read_text(encoding="utf-8")
    'second'
    >>> sorted(p.name for p in folder.iterdir())
    ['notes.txt']
    """
    target = Path(path)
    if isinstance(data, str):
        payload = data.encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        payload = bytes(data)
    else:
        raise TypeError(f"data must be str or bytes, not {type(data).__name__}")
    if not overwrite and os.path.lexists(target):
        raise _refusal(target)
    folder = target.parent
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    # O_EXCL: never reuse someone else's file; mode 0o666 so the umask applies as for open().
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, target)
        else:
            _link_without_overwrite(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)
    return target


def _link_without_overwrite(temp: Path, target: Path) -> None:
    """Give ``temp`` the name ``target`` unless ``target`` exists; ``temp`` is gone afterwards."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _refusal(target) from None
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here (or not allowed): check, then rename.
        if os.path.lexists(target):
            raise _refusal(target) from None
        os.replace(temp, target)
        return
    os.unlink(temp)
