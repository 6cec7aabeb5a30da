"""The built wheel carries the data and notebooks, and loads the case with no repository in sight."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, wheel_metadata

#: Every test here reads the built wheel (built once per run) or runs it installed in a fresh venv.
pytestmark = pytest.mark.slow


def test_wheel_carries_the_case_schema_capture_and_notebooks(built_wheel):
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for required in ("entente_lab/data/interview.yaml", "entente_lab/data/case.schema.json",
                     "entente_lab/data/submission.schema.json",
                     "entente_lab/data/source/000_18aa3f7f437e7921.txt",
                     "entente_lab/notebooks/00_start_here.ipynb", "entente_lab/app/cli.py"):
        assert required in names
    entry_points = zipfile.ZipFile(built_wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "entente-lab = entente_lab.app.cli:main" in entry_points


def test_wheel_installed_in_a_fresh_venv_loads_the_case_from_elsewhere(wheel_venv, tmp_path):
    bin_dir = wheel_venv
    env_dir = bin_dir.parent
    python = bin_dir / "python"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import json, entente_lab; c = entente_lab.load_case(); "
        "q = c.factors[0].quotes[0]; "
        "print(json.dumps({'file': entente_lab.__file__, 'id': c.id, 'factors': len(c.factors), "
        "'verbatim': c.turn(q.turn).text[q.start:q.end] == q.text}))"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ENTENTE_LAB_CASE")}
    out = subprocess.run([str(python), "-c", code], cwd=elsewhere, env=clean_env,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert Path(result["file"]).resolve().is_relative_to(env_dir.resolve())
    assert not Path(result["file"]).resolve().is_relative_to(REPO)
    assert result == {**result, "id": "paradox-russia-china-2022", "verbatim": True}
    assert result["factors"] > 12
    bundled = subprocess.run(
        [str(python), "-c", "import entente_lab.case.loading as c; print(c.bundled_case_path())"],
        cwd=elsewhere, env=clean_env, capture_output=True, text=True, check=True).stdout.strip()
    check = subprocess.run([str(bin_dir / "entente-lab"), "validate", bundled], cwd=elsewhere, env=clean_env,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_module_parses_as_the_oldest_python_the_wheel_admits(built_wheel):
    """pip installs the wheel on any Python its ``Requires-Python`` admits: the code must be valid there.

    ``ast.parse(feature_version=...)`` refuses the syntax of later releases (``except*``,
    ``type`` aliases, generic classes written ``class C[T]``...).
    """
    import ast

    from packaging.specifiers import SpecifierSet

    admits = SpecifierSet(wheel_metadata(built_wheel)["Requires-Python"])
    oldest = min(minor for minor in range(6, sys.version_info.minor + 1) if f"3.{minor}.0" in admits)
    assert f"3.{oldest - 1}.99" not in admits
    with zipfile.ZipFile(built_wheel) as archive:
        modules = [name for name in archive.namelist() if name.endswith(".py")]
        assert len(modules) > 20
        for name in modules:
            ast.parse(archive.read(name), filename=name, feature_version=(3, oldest))
