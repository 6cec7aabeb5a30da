"""Test helpers: a hang bound that fails a test instead of blocking CI, and running code as an unprivileged user."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


class Hang(AssertionError):
    """A call did not finish within its bound."""


@contextlib.contextmanager
def within(seconds: float, what: str = "the call") -> Iterator[None]:
    """Fail with :class:`Hang` if the block runs longer than ``seconds`` (SIGALRM; a no-op where there is none).

    This is a bound against hangs, generous on purpose, not a timing: timings are
    measured in ``benchmarks/``. The regular-expression engine checks for signals,
    so a runaway regex is interrupted too.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"{what} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32",
                                reason="dropping privileges needs fork() and setresuid()")


def as_unprivileged(function: Callable[[], T]) -> T:
    """``function()``, run where permission bits bind: directly, or as ``nobody`` in a forked child when root.

    Root reads every file whatever its mode, so a test of "cannot be read" must drop
    root's privileges. As ``tests/test_launch.py`` does with ``setpriv``, the child
    runs as the user ``nobody`` (no supplementary groups); here it is a forked child
    that calls ``setresgid``/``setresuid``, so the code under test is the code already
    imported. The result (or the child's traceback) comes back through a pipe.
    """
    if os.geteuid() != 0:
        return function()
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody' to drop root's privileges to")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setresgid(nobody.pw_gid, nobody.pw_gid, nobody.pw_gid)
            os.setresuid(nobody.pw_uid, nobody.pw_uid, nobody.pw_uid)
            payload = pickle.dumps((True, function()))
        except BaseException:  # noqa: BLE001 - everything goes back to the parent
            payload = pickle.dumps((False, traceback.format_exc()))
            status = 1
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    ok, value = pickle.loads(payload)
    if not ok:
        raise AssertionError(f"the unprivileged child failed:\n{value}")
    return value
