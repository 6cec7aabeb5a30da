"""The built wheel carries the data and notebooks, and loads the case with no repository in sight."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("entente_lab-*.whl")
    return built


def test_wheel_carries_the_case_schema_capture_and_notebooks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("entente_lab/data/interview.yaml", "entente_lab/data/case.schema.json",
                     "entente_lab/data/submission.schema.json",
                     "entente_lab/data/source/000_18aa3f7f437e7921.txt",
                     "entente_lab/notebooks/00_start_here.ipynb", "entente_lab/app/cli.py"):
        assert required in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "entente-lab = entente_lab.app.cli:main" in entry_points


def test_wheel_installed_in_a_fresh_venv_loads_the_case_from_elsewhere(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # Only what `import entente_lab` and the loader need: the notebook stack (JupyterLab,
    # ipywidgets, matplotlib, networkx) is not needed to load a case, and takes minutes.
    subprocess.run(pip + ["--no-deps", str(wheel)], check=True)
    subprocess.run(pip + ["pyyaml", "jsonschema", "numpy"], check=True)
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
