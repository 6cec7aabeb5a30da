"""Entente Lab: read, map and weigh an expert argument in Jupyter notebooks.

A case file describes the text (its turns, thesis, factors, quotes and the words the
lab shows); the package bundles one, described in its own ``source`` section.

>>> import entente_lab
>>> case = entente_lab.load_case()
>>> len(case.factors) > 12
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

#: Where each public name lives. They are imported on first use (PEP 562), so that
#: ``import entente_lab.analysis.model`` loads the model and the records only, not the
#: case reader (PyYAML) or the classroom.
_PUBLIC_HOMES = {
    "analysis.model": ("REGIONS", "VERDICTS", "Assessment", "ModelError", "assess", "preset_weights"),
    "analysis.qbaf": ("argument_qbaf", "qbaf_strengths"),
    "analysis.robustness": ("Robustness", "TippingPoint", "robustness", "tipping_points"),
    "app.doctor": ("doctor",),  # the module imports its checks' dependencies only when they run
    "case.loading": ("CASE_ENV_VAR", "load_case"),
    "case.records": ("Case", "Factor", "Quote"),
    "classroom.submissions": ("Submission", "SubmissionError", "load_weighting", "save_weighting"),
    "errors": ("CaseError", "EntenteLabError", "Problem"),
}
_HOME_OF = {name: module for module, names in _PUBLIC_HOMES.items() for name in names}

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .analysis.model import REGIONS, VERDICTS, Assessment, ModelError, assess, preset_weights
    from .analysis.qbaf import argument_qbaf, qbaf_strengths
    from .analysis.robustness import Robustness, TippingPoint, robustness, tipping_points
    from .app.doctor import doctor
    from .case.loading import CASE_ENV_VAR, load_case
    from .case.records import Case, Factor, Quote
    from .classroom.submissions import Submission, SubmissionError, load_weighting, save_weighting
    from .errors import CaseError, EntenteLabError, Problem


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME_OF})


__all__ = [
    "CASE_ENV_VAR", "Case", "CaseError", "EntenteLabError", "Factor", "Problem", "Quote",
    "__version__", "load_case",
    # the model (issue 3)
    "Assessment", "ModelError", "REGIONS", "Robustness", "TippingPoint", "VERDICTS", "argument_qbaf", "assess",
    "preset_weights", "qbaf_strengths", "robustness", "tipping_points",
    # the classroom loop (issue 5); aggregate and report import lazily (entente_lab.classroom.aggregate)
    "Submission", "SubmissionError", "load_weighting", "save_weighting",
    # the environment doctor (issue 7)
    "doctor",
]
