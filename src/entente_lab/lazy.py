"""Public names imported from their modules on first use (PEP 562), for a package's ``__init__``.

One helper for every package that re-exports names lazily (``entente_lab`` and
``entente_lab.plots``), so that importing the package loads none of the modules
behind its names until one is asked for. It imports nothing but the standard library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(namespace: dict[str, Any], homes: Mapping[str, tuple[str, ...]]
               ) -> tuple[dict[str, str], Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of a package whose names live in its modules.

    Parameters
    ----------
    namespace : dict
        The package's ``globals()``: a name, once imported, is kept there, so the
        second use does not come back here.
    homes : mapping of str to tuple of str
        Module (relative to the package, without the leading dot) to the public names it
        provides. A module that lists its own name (``{"controls": ("controls",)}``)
        provides itself: the name is the submodule.

    Returns
    -------
    (home_of, getattr, dir) : tuple
        Public name to its module; the function to bind as ``__getattr__`` (an unknown
        name raises ``AttributeError``, as for any module); the one to bind as ``__dir__``.

    Examples
    --------
    >>> namespace = {"__name__": "entente_lab"}
    >>> home_of, get, names = lazy_names(namespace, {"suggest": ("did_you_mean",)})
    >>> home_of
    {'did_you_mean': 'suggest'}
    >>> get("did_you_mean").__name__, "did_you_mean" in namespace
    ('did_you_mean', True)
    >>> get("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'entente_lab' has no attribute 'nothing'
    >>> names()
    ['__name__', 'did_you_mean']
    >>> get_module = lazy_names({"__name__": "entente_lab"}, {"suggest": ("suggest",)})[1]
    >>> get_module("suggest").__name__
    'entente_lab.suggest'
    """
    package = namespace["__name__"]
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        home = home_of.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f".{home}", package)
        value = module if home == name else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *home_of})

    return home_of, __getattr__, __dir__
