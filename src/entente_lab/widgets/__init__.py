"""Interactive panels for the notebooks (ipywidgets). Only this package and
:mod:`entente_lab.plots` import ipywidgets and matplotlib.
"""

from . import controls
from .dashboard import Dashboard, DashboardState, Prediction, PredictionGate, WeightsPanel
from .display import show_document, show_figure, show_markdown
from .evidence import DatedEvidenceForm
from .exercises import ExerciseWidget
from .explorers import ActorNetworkView, DurationScenario, RobustnessView, TrilemmaExplorer
from .live_class import LiveClass, open_live_class
from .mapping import MapBuilder
from .save import SaveMyWork, download_link, keep_prediction
