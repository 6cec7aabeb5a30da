"""Write a file atomically: readers see the old file or the whole new one, never half of it.

Every error is one line that names the file (or the folder) and the fix: never the
name of the temporary file, never a bare ``[Errno N]``.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

__all__ = ["NotARegularFileError", "check_target", "make_folder", "write_atomic"]

#: ``os.link`` errors that mean "this file system does not do hard links", not "something broke".
_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)}


class NotARegularFileError(FileExistsError):
    """The target exists and is not a regular file (a folder, link, pipe, device or socket).

    A :class:`FileExistsError`, so code that tries another name when a name is taken
    keeps working; but ``overwrite=True`` does not replace it either.
    """


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
    error = FileExistsError(f"{path} already exists; not overwriting it. Choose another file name, or pass "
                            f"overwrite=True (--force on the command line) to replace it")
    error.errno = errno.EEXIST
    return error


def _error(kind: type[OSError], code: int | None, message: str) -> OSError:
    """An ``OSError`` of type ``kind`` whose text is exactly ``message`` (no ``[Errno N]``), keeping ``errno``."""
    error = kind(message)
    error.errno = code
    return error


#: What a file's type is called in messages, by :mod:`stat` test.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(path: Path, mode: int) -> NotARegularFileError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if stat.S_ISLNK(mode):
        fix = "it is not followed or replaced: give the path of the file itself, or choose another file name"
    elif stat.S_ISDIR(mode):
        fix = "give a file name, for example inside it"
    else:
        fix = "it is not replaced: choose another file name (only regular files are written)"
    error = NotARegularFileError(f"{path} is {kind}, not a regular file; {fix}")
    error.errno = errno.EEXIST
    return error


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a folder (so ``path`` cannot be made)."""
    for parent in path.parents:
        if os.path.lexists(parent):
            return None if os.path.isdir(parent) else parent
    return None


def _nearest_existing(path: Path) -> Path:
    """The nearest ancestor of ``path`` that exists (where a new folder would be made)."""
    return next((parent for parent in path.parents if os.path.lexists(parent)), path.parent)


def _explained(error: OSError, target: Path, action: str = "write") -> OSError:
    """``error`` retold in one line naming ``target`` (or its folder) and the fix, never a temporary name.

    ``action`` is ``"write"`` for a file, ``"create the folder"`` for a folder.
    """
    code = error.errno
    reason = error.strerror or str(error)
    folder = target.parent if action == "write" else _nearest_existing(target)
    start = f"cannot {action} {target}"
    if code in (errno.EACCES, errno.EPERM):
        message = (f"{start}: permission denied in {folder}; choose a folder you can write to, "
                   f"or ask for write permission on it")
    elif code == errno.EROFS:
        message = f"{start}: {folder} is on a read-only file system; choose another folder"
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = f"{start}: the disk is full ({reason}); free some space, or choose another disk"
    elif code == errno.ENOTDIR:
        blocker = _file_in_the_way(target)
        where = f"{blocker} is a file, not a folder" if blocker else f"part of {folder} is not a folder"
        message = f"{start}: {where}; choose a path whose folders are folders"
    elif code == errno.ENOENT:
        message = f"{start}: the folder {folder} does not exist; create it first, or choose another folder"
    elif code == errno.ENAMETOOLONG:
        message = f"{start}: the name is too long for this file system; choose a shorter name"
    elif code == errno.ELOOP:
        message = f"{start}: its path goes round a loop of symbolic links; fix the links, or choose another path"
    else:
        message = f"{start}: {reason}"
    return _error(type(error), code, message)


def check_target(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Refuse ``path`` now, as :func:`write_atomic` would, before the work of making its content.

    :func:`os.lstat` does not follow a symbolic link, so a link is refused, never
    written through. A missing ``path`` passes (its folder is checked when written).

    Returns
    -------
    pathlib.Path
        ``path``, when it is free (or a regular file and ``overwrite`` is true).

    Raises
    ------
    NotARegularFileError
        ``path`` exists and is not a regular file.
    FileExistsError
        ``path`` exists and ``overwrite`` is false.
    OSError
        ``path`` cannot be looked at (a folder on the way is a file, or cannot be searched).

    Examples
    --------
    >>> check_target(os.devnull, overwrite=True)
    Traceback (most recent call last):
    ...
    entente_lab.atomic.NotARegularFileError: /dev/null is a device, not a regular file; it is not replaced: ...
    """
    target = Path(path)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise _explained(error, target) from None
    if not stat.S_ISREG(mode):
        raise _not_regular(target, mode)
    if not overwrite:
        raise _refusal(target)
    return target


def _what_is_there(path: Path) -> str:
    """What stands at ``path``, in words: "a file", "a named pipe (FIFO)", "a symbolic link loop"...

    >>> _what_is_there(Path(os.devnull))
    'a device'
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        if os.path.islink(path):
            return "a symbolic link to something that does not exist"
        return "a file"
    if stat.S_ISREG(mode):
        return "a file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def make_folder(folder: str | os.PathLike[str]) -> Path:
    """Create ``folder`` (and its parents) unless it exists; errors in one line with the fix.

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> make_folder(base / "class" / "week 1").is_dir()
    True
    >>> (base / "notes").write_text("x", encoding="utf-8")
    1
    >>> make_folder(base / "notes")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    NotADirectoryError: .../notes is a file, not a folder; choose a folder to save in, or another name
    """
    path = Path(folder)
    if "\x00" in os.fspath(path):
        raise _error(OSError, errno.EINVAL, f"{os.fspath(path)!r} holds a NUL character, which no folder name can; "
                                               "choose another folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # exist_ok covers a folder, so something else is in the way
        raise _error(NotADirectoryError, errno.ENOTDIR,
                     f"{path} is {_what_is_there(path)}, not a folder; choose a folder to save in, or another name") from None
    except OSError as error:
        raise _explained(error, path, "create the folder") from None
    return path


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` in one step, never leaving a half-written file.

    The data goes to a temporary file in the same folder, is flushed and fsynced,
    and only then takes the final name. Without ``overwrite`` the final name is
    taken with :func:`os.link`, which fails if the name exists, so an existing file
    is never clobbered, even by a writer racing with this one; with ``overwrite``
    it is taken with :func:`os.replace`. On any error, including an interruption,
    the temporary file is removed and an existing file at ``path`` is left as it
    was.

    Only regular files are written or replaced: a ``path`` that exists as a folder,
    a symbolic link (even to a regular file: it is not followed), a named pipe, a
    device or a socket is refused, with or without ``overwrite``. So
    ``overwrite=True`` can never turn ``/dev/null`` or a link into a file.

    Parameters
    ----------
    path : path-like
        The file to write. Its folder must exist.
    data : str or bytes
        The content; a ``str`` is written as UTF-8, exactly (no newline
        translation).
    overwrite : bool, default False
        Replace ``path`` if it exists as a regular file.

    Returns
    -------
    pathlib.Path
        ``path``, as a ``Path``.

    Raises
    ------
    NotARegularFileError
        ``path`` exists and is not a regular file (a :class:`FileExistsError`).
    FileExistsError
        ``path`` exists and ``overwrite`` is false; the message names the path and
        the fix.
    ValueError
        ``path`` is empty or ends in a path separator (it names no file).
    TypeError
        ``data`` is neither ``str`` nor bytes-like.
    OSError
        The folder is missing or not writable, the disk is full, and so on. The
        type and ``errno`` are the system's; the text is one line naming ``path``
        (or its folder) and the fix, never the temporary file.

    Notes
    -----
    On a file system without hard links (some network and FAT file systems), a
    no-overwrite write checks for an existing file and then renames: an existing
    file is still refused, but a file created by another program in between could
    be replaced. Likewise, with ``overwrite`` the check that ``path`` is a regular
    file comes just before the rename: a program that puts something else there in
    between wins the race.

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
    >>> os.symlink(folder / "notes.txt", folder / "link.txt")
    >>> write_atomic(folder / "link.txt", "third", overwrite=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.atomic.NotARegularFileError: .../link.txt is a symbolic link, not a regular file; it is not followed or replaced: ...
    >>> sorted(p.name for p in folder.iterdir())
    ['link.txt', 'notes.txt']
    """
    raw = os.fspath(path)
    if not raw or raw.endswith(("/", os.sep)):
        raise ValueError(f"{raw!r} is not a file name; name the file to write")
    target = Path(raw)
    if isinstance(data, str):
        payload = data.encode("utf-8")
    elif isinstance(data, (bytes, bytearray, memoryview)):
        payload = bytes(data)
    else:
        raise TypeError(f"data must be str or bytes, not {type(data).__name__}")
    check_target(target, overwrite=overwrite)
    folder = target.parent
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    # O_EXCL: never reuse someone else's file; mode 0o666 so the umask applies as for open().
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as error:
        raise _explained(error, target) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, target)
        else:
            _link_without_overwrite(temp, target)
    except BaseException as error:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError) and not isinstance(error, FileExistsError):
            raise _explained(error, target) from error
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
        check_target(target)
        os.replace(temp, target)
        return
    os.unlink(temp)
