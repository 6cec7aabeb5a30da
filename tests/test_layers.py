"""The package's layers: no module imports from a higher layer (the order is declared in tools/import_graph.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load_tool():
    spec = importlib.util.spec_from_file_location("import_graph", REPO / "tools" / "import_graph.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


import_graph = _load_tool()


def _package(root: Path, files: dict[str, str]) -> Path:
    """Write a small package named like ours under ``root``; returns its folder."""
    package = root / "entente_lab"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_no_module_of_the_package_imports_from_a_higher_layer(capsys):
    graph = import_graph.import_graph()
    assert "entente_lab.analysis.model" in graph and "entente_lab.app.cli" in graph
    assert import_graph.unplaced(graph) == []
    upward = import_graph.upward_imports(graph)
    assert upward == [], "imports from a lower layer to a higher one:\n" + "\n".join(
        f"{imp.importer} -> {imp.imported} (line {imp.line})" for imp in upward)
    assert import_graph.main(["--layers"]) == 0
    assert capsys.readouterr().out == ""


def test_every_declared_layer_still_names_a_module():
    names = set(import_graph.import_graph())
    for layer, prefixes in import_graph.LAYERS:
        for prefix in prefixes:
            full = f"entente_lab.{prefix}" if prefix else "entente_lab"
            assert any(name == full or name.startswith(full + ".") for name in names), (layer, prefix)


def test_the_check_reports_an_upward_import_even_inside_a_function(tmp_path, capsys):
    package = _package(tmp_path, {
        "case/__init__.py": "",
        "case/records.py": "def render():\n    from ..app.cli import main\n    return main\n",
        "classroom/__init__.py": "",
        "classroom/submissions.py": "from .. import __version__\nfrom ..case import records\n",
        "app/__init__.py": "",
        "app/cli.py": "from ..case.records import render\n",
    })
    assert import_graph.main(["--layers", "--root", str(package)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "entente_lab.case.records [case] -> entente_lab.app.cli [app] line 2 (in function)",
        "entente_lab.classroom.submissions [classroom] -> entente_lab [package] line 1",
    ]


def test_a_module_in_no_layer_is_reported(tmp_path, capsys):
    package = _package(tmp_path, {"helpers.py": "", "case/__init__.py": ""})
    assert import_graph.main(["--layers", "--root", str(package)]) == 1
    assert capsys.readouterr().out == "entente_lab.helpers is in no layer: add it to LAYERS in tools/import_graph.py\n"


@pytest.mark.parametrize(("source", "expected"), [
    ("from . import controls\n", ["entente_lab.widgets.controls"]),  # a submodule named in the import list
    ("from .controls import Slider\n", ["entente_lab.widgets.controls"]),
    ("from ..case.records import Case\n", ["entente_lab.case.records"]),
    ("import entente_lab.case.records\n", ["entente_lab.case.records"]),
    ("from entente_lab import load_case\n", ["entente_lab"]),
    ("import numpy\nfrom collections import abc\n", []),
])
def test_the_graph_resolves_relative_and_absolute_imports(tmp_path, source, expected):
    package = _package(tmp_path, {
        "case/__init__.py": "", "case/records.py": "",
        "widgets/__init__.py": source, "widgets/controls.py": "",
    })
    graph = import_graph.import_graph(package)
    assert [imp.imported for imp in graph["entente_lab.widgets"]] == expected
