"""Entente Lab: read, map and weigh an expert argument in Jupyter notebooks.

A case file describes the text (its turns, thesis, factors, quotes and the words the
lab shows); the package bundles one, described in its own ``source`` section.

>>> import entente_lab
>>> case = entente_lab.load_case()
>>> len(case.factors) > 12
True
"""

from ._version import __version__
from .analysis.model import REGIONS, VERDICTS, Assessment, ModelError, assess, preset_weights
from .analysis.qbaf import argument_qbaf, qbaf_strengths
from .analysis.robustness import Robustness, TippingPoint, robustness, tipping_points
from .app.doctor import doctor  # the module imports its checks' dependencies only when they run
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
