"""Interactive panels for the notebooks (ipywidgets). Only this package and
:mod:`entente_lab.plots` import ipywidgets and matplotlib.

Each name is imported from its module on first use (PEP 562), so a notebook's first
cell pays only for the panels it names: ``from entente_lab.widgets import
ExerciseWidget, show_markdown`` loads neither matplotlib nor the maps (networkx), and
``import entente_lab.widgets`` alone loads no widget module at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

#: Module (inside this package) to the public names it provides; ``controls`` is the module itself.
_MODULES: dict[str, tuple[str, ...]] = {
    "controls": ("controls",),
    "dashboard": ("Dashboard", "DashboardState", "Prediction", "PredictionGate", "WeightsPanel"),
    "display": ("show_document", "show_figure", "show_markdown"),
    "evidence": ("DatedEvidenceForm",),
    "exercises": ("ExerciseWidget",),
    "explorers": ("ActorNetworkView", "DurationScenario", "RobustnessView", "TrilemmaExplorer"),
    "live_class": ("LiveClass", "open_live_class"),
    "mapping": ("MapBuilder",),
    "save": ("SaveMyWork", "download_link", "keep_prediction"),
}
_WHERE, __getattr__, __dir__ = lazy_names(globals(), _MODULES)

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from . import controls
    from .dashboard import Dashboard, DashboardState, Prediction, PredictionGate, WeightsPanel
    from .display import show_document, show_figure, show_markdown
    from .evidence import DatedEvidenceForm
    from .exercises import ExerciseWidget
    from .explorers import ActorNetworkView, DurationScenario, RobustnessView, TrilemmaExplorer
    from .live_class import LiveClass, open_live_class
    from .mapping import MapBuilder
    from .save import SaveMyWork, download_link, keep_prediction

__all__ = sorted(_WHERE)
