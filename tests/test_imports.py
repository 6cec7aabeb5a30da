"""`import entente_lab` stays light: no plotting or widget stack behind it; the widgets load what a notebook names."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("matplotlib", "ipywidgets", "IPython")


def test_import_does_not_pull_in_matplotlib_ipywidgets_or_ipython():
    code = ("import json, sys, entente_lab; "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_loading_the_case_does_not_pull_them_in_either():
    code = ("import json, sys, entente_lab; entente_lab.load_case(); "
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_loading_the_case_leaves_other_imports_as_they_were():
    """The validator blocks one slow optional import while jsonschema loads, then lifts the block."""
    code = ("import sys, entente_lab; entente_lab.load_case(); "
            "print(sys.modules.get('rfc3987_syntax', 'absent') is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def _modules_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules under ``prefixes`` loaded after running ``code`` in a fresh interpreter."""
    code += f"; import json, sys; print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_importing_the_widgets_package_loads_no_widget_module():
    """Each panel is imported on first use (PEP 562): the package itself costs nothing."""
    loaded = _modules_after("import entente_lab.widgets", ("entente_lab.widgets.", "matplotlib", "ipywidgets", "networkx"))
    assert loaded == []


def test_a_first_cell_loads_only_the_panels_it_names():
    """00 and 01 show exercises and Markdown only: neither matplotlib nor the maps (networkx) are loaded for them."""
    loaded = _modules_after("from entente_lab.widgets import ExerciseWidget, show_markdown",
                            ("entente_lab.widgets.", "matplotlib", "networkx"))
    assert loaded == ["entente_lab.widgets.controls", "entente_lab.widgets.display", "entente_lab.widgets.exercises"]


#: Every name ``entente_lab.widgets`` gave when it imported its modules eagerly.
WIDGET_NAMES = ["ActorNetworkView", "Dashboard", "DashboardState", "DatedEvidenceForm", "DurationScenario", "ExerciseWidget",
                "LiveClass", "MapBuilder", "Prediction", "PredictionGate", "RobustnessView", "SaveMyWork", "TrilemmaExplorer",
                "WeightsPanel", "controls", "download_link", "keep_prediction", "open_live_class", "show_document",
                "show_figure", "show_markdown"]


def test_the_widgets_package_still_gives_every_public_name():
    code = ("import json, types, entente_lab.widgets as w; "
            f"print(json.dumps([[n for n in {WIDGET_NAMES!r} if not hasattr(w, n)], sorted(w.__all__), "
            "set(w.__all__) <= set(dir(w)), isinstance(w.controls, types.ModuleType), w.Dashboard.__module__]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [[], WIDGET_NAMES, True, True, "entente_lab.widgets.dashboard"]
    star = subprocess.run([sys.executable, "-c", "from entente_lab.widgets import *; print(SaveMyWork.__name__, controls.__name__)"],
                          capture_output=True, text=True, check=True).stdout
    assert star.strip() == "SaveMyWork entente_lab.widgets.controls"
