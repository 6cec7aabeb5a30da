"""`import entente_lab` stays light: no plotting or widget stack behind it."""

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
