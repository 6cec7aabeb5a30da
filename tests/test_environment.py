"""environment.yml (Binder, conda) and pyproject.toml name the same runtime dependencies."""

from __future__ import annotations

import re
import sys

import yaml

from .conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = None


def _split(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject_dependencies() -> dict[str, str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        deps = tomllib.loads(text)["project"]["dependencies"]
    else:  # pragma: no cover
        block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
        deps = re.findall(r'"([^"]+)"', block)
    return dict(_split(d) for d in deps)


def _environment() -> dict:
    return yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))


def test_environment_names_the_same_runtime_dependencies_and_bounds():
    env = _environment()
    conda = dict(_split(d) for d in env["dependencies"] if isinstance(d, str) and d not in ("pip",))
    python_bound = conda.pop("python")
    assert python_bound == ">=3.10"
    assert conda == _pyproject_dependencies()


def test_environment_uses_conda_forge_and_installs_the_package_itself():
    env = _environment()
    assert env["channels"] == ["conda-forge"]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [["."]]

