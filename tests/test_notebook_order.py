"""A notebook never shows the answer to an exercise above the exercise."""

from __future__ import annotations

import json

from .conftest import REPO


def _code(stem: str) -> list[str]:
    notebook = json.loads((REPO / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def _first(cells: list[str], words: str) -> int:
    return next(i for i, source in enumerate(cells) if words in source)


def test_04_shows_the_tipping_points_only_after_the_biggest_lever_exercise():
    cells = _code("04_stress_test")
    exercise = _first(cells, '"nearest-tipping-point"')
    assert _first(cells, "tornado_summary(case") > exercise  # it says whether any single factor flips the verdict
    assert _first(cells, "plot_tornado(case") > exercise


def test_02_shows_no_factor_s_evidence_type_before_the_evidence_exercise():
    cells = _code("02_map_the_argument")
    exercise = _first(cells, '"evidence-types"')
    for source in cells[:exercise]:
        if "factor_table_html(" in source:
            assert "evidence=False" in source, source


def test_03_shows_where_the_presets_land_only_after_the_prediction():
    """The preset matching the default weights is named on the dashboard: its place on the plane would give the answer away."""
    cells = _code("03_weigh_the_factors")
    prediction = _first(cells, "require_prediction=True")
    assert _first(cells, "preset_positions(case)") > prediction
    assert _first(cells, "narrative.presets(case)") > prediction
