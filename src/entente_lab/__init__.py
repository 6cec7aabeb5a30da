"""Entente Lab: read, map and weigh an expert argument in Jupyter notebooks.

A case file describes the text (its turns, thesis, factors, quotes and the words the
lab shows); the package bundles one, described in its own ``source`` section.

>>> import entente_lab
>>> case = entente_lab.load_case()
>>> len(case.factors) > 12
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__
from .lazy import lazy_names

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
_HOME_OF, __getattr__, __dir__ = lazy_names(globals(), _PUBLIC_HOMES)

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .analysis.model import REGIONS, VERDICTS, Assessment, ModelError, assess, preset_weights
    from .analysis.qbaf import argument_qbaf, qbaf_strengths
    from .analysis.robustness import Robustness, TippingPoint, robustness, tipping_points
    from .app.doctor import doctor
    from .case.loading import CASE_ENV_VAR, load_case
    from .case.records import Case, Factor, Quote
    from .classroom.submissions import Submission, SubmissionError, load_weighting, save_weighting
    from .errors import CaseError, EntenteLabError, Problem


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
