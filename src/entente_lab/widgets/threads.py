"""Widget handlers that may run in two kernel threads at once, made to take turns.

ipykernel 7 runs *subshells*, and JupyterLab 4.4+ and Notebook 7.4+ send widget messages
to one (their ``commsOverSubshells`` setting, on by default): a widget's handler can then
run in a subshell thread while the main shell thread runs a cell or another widget's
handler. A live figure is one matplotlib figure that its handlers draw and change (its
artists moved, its dpi switched while a layer is written), so two of them at once draw a
picture that is neither: notebook 03 showed a plane drawn half at the overlay's 72 dpi
when the "Record my prediction" click and the focus of a slider were handled together.
:func:`one_at_a_time` makes the methods that draw take turns.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["one_at_a_time", "take_turns", "turn"]

_Method = TypeVar("_Method", bound=Callable[..., Any])

#: The attribute that holds an object's lock (a re-entrant lock: a handler may call another).
_LOCK = "_one_at_a_time_lock"


def take_turns(owner: Any, lock: Any = None) -> None:
    """Give ``owner`` the lock its :func:`one_at_a_time` methods take: call it in ``__init__``, before any of them runs.

    ``lock`` (a :class:`threading.RLock`) is shared with other objects that must take turns
    with ``owner`` too; by default ``owner`` gets a lock of its own.

    >>> class Figure:
    ...     def __init__(self):
    ...         take_turns(self)
    >>> isinstance(Figure()._one_at_a_time_lock, type(threading.RLock()))
    True
    """
    setattr(owner, _LOCK, threading.RLock() if lock is None else lock)


def turn(owner: Any) -> Any:
    """The lock :func:`take_turns` gave ``owner``: ``with turn(owner):`` makes a block take its turn too.

    >>> class Figure:
    ...     def __init__(self):
    ...         take_turns(self)
    >>> figure = Figure()
    >>> with turn(figure):
    ...     with turn(figure):  # the same thread may take it again
    ...         "drawn"
    'drawn'
    """
    return getattr(owner, _LOCK)


def one_at_a_time(method: _Method) -> _Method:
    """``method`` run under the lock :func:`take_turns` gave its object: no two such methods of one object run at once.

    A thread that calls one while another thread is in one waits for it to end; the same
    thread may call one from another (the lock is re-entrant).

    Examples
    --------
    >>> import threading, time
    >>> class Counter:
    ...     def __init__(self):
    ...         take_turns(self)
    ...         self.seen = []
    ...     @one_at_a_time
    ...     def add(self, name):
    ...         self.seen.append(f"{name} in")
    ...         time.sleep(0.01)
    ...         self.seen.append(f"{name} out")
    >>> counter = Counter()
    >>> threads = [threading.Thread(target=counter.add, args=(name,)) for name in "ab"]
    >>> for thread in threads: thread.start()
    >>> for thread in threads: thread.join()
    >>> [counter.seen[i][0] == counter.seen[i + 1][0] for i in (0, 2)]  # each in and out together
    [True, True]
    """
    @functools.wraps(method)
    def in_turn(self: Any, *args: Any, **kwargs: Any) -> Any:
        with turn(self):
            return method(self, *args, **kwargs)

    return in_turn  # type: ignore[return-value]
