"""Interactive panels for the notebooks (ipywidgets). Only this package and
:mod:`entente_lab.plots` import ipywidgets and matplotlib.
"""

# --- weights panel, dashboard, predict-then-reveal ---
from .dashboard import Dashboard, DashboardState, Prediction, PredictionGate, WeightsPanel

# --- trilemma, actor network, robustness, war-duration explorers ---
from .explorers import ActorNetworkView, DurationScenario, RobustnessView, TrilemmaExplorer

# --- classroom: save my work ---
from .save import SaveMyWork, download_link  # isort: skip

# --- exercises and figure display ---
from .display import show_document, show_figure
from .exercises import ExerciseWidget
