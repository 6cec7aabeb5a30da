"""The paradox plane and the balance: drawn once, moved in place, summarised in words."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure
from PIL import Image

from entente_lab import VERDICTS, assess, preset_weights
from entente_lab.plots import (
    balance_summary,
    paradox_plane_summary,
    plot_balance,
    plot_paradox_plane,
    update_balance,
    update_paradox_plane,
)
from entente_lab.plots.style import KIND_STYLE, OKABE_ITO

from .conftest import REPO

ARTIFACTS = REPO / "artifacts" / "figures"


def _save(figure, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figure.savefig(ARTIFACTS / name)


def test_plane_names_all_four_regions_and_marks_the_presets(case):
    artists = plot_paradox_plane(assess(case), case=case, trail=[(0.5, 0.4), (0.55, 0.5)])
    texts = [t.get_text().replace("\n", " ") for t in artists.ax.texts]
    assert all(case.region_label(code) in texts for code in VERDICTS)  # the case's names, not codes
    assert set(artists.presets) == {p.id for p in case.presets}
    assert [label.get_text() for label in artists.preset_labels.values()] == [p.label for p in case.presets]
    no_limits = assess(case, preset_weights(case, "no-limits"))
    assert artists.presets["no-limits"].get_offsets().tolist() == [[no_limits.strength, no_limits.strain]]
    assert artists.trail.get_xydata().tolist() == [[0.5, 0.4], [0.55, 0.5]]
    _save(artists.figure, "paradox_plane.png")


def test_plane_regions_follow_the_thresholds(case):
    a = assess(case, thresholds=(0.4, 0.7))
    artists = plot_paradox_plane(a)
    entente = artists.regions["both-high"]
    assert (entente.get_x(), entente.get_y()) == (0.4, 0.7)
    assert entente.get_width() == pytest.approx(0.6) and entente.get_height() == pytest.approx(0.3)
    assert artists.threshold_lines[0].get_xdata()[0] == 0.4


def test_plane_update_moves_the_same_artists(case):
    artists = plot_paradox_plane(assess(case), case=case)
    position, label, n_children = artists.position, artists.position_label, len(artists.ax.get_children())
    a = assess(case, preset_weights(case, "costs-first"))
    update_paradox_plane(artists, a, trail=[(0.63, 0.59)])
    assert artists.position is position and artists.position_label is label
    assert len(artists.ax.get_children()) == n_children
    assert artists.position.get_offsets().tolist() == [[a.strength, a.strain]]
    assert label.get_text().endswith("you: estrangement")
    assert artists.highlight.get_xy() == (0.0, 0.5)


def test_plane_update_refuses_other_thresholds(case):
    artists = plot_paradox_plane(assess(case))
    with pytest.raises(ValueError, match="draw a new plane"):
        update_paradox_plane(artists, assess(case, thresholds=(0.6, 0.6)))


def test_plane_draws_on_a_given_axes(case):
    figure = Figure()
    ax = figure.add_subplot()
    assert plot_paradox_plane(assess(case), ax=ax).ax is ax


def test_plane_summary_is_one_sentence_naming_the_region(case):
    text = paradox_plane_summary(assess(case, preset_weights(case, "no-limits")), case)
    assert text.startswith("The paradox plane: ") and "no-limits alignment region" in text and text.endswith(".") and text.count(". ") == 0


def test_balance_has_one_bar_per_factor_kind_by_colour_and_hatch(case):
    a = assess(case)
    artists = plot_balance(a, case)
    assert set(artists.bars) == {f.id for f in case.factors}
    for factor in case.factors:
        bar = artists.bars[factor.id]
        assert bar.get_width() == pytest.approx(a.contributions[factor.id])
        assert (bar.get_hatch() or "") == KIND_STYLE[factor.kind]["hatch"]
    strain_colour = artists.bars["policy-trilemma"].get_facecolor()[:3]
    strength_colour = artists.bars["russia-beholden"].get_facecolor()[:3]
    assert strain_colour != strength_colour
    labels = [t.get_text() for t in artists.axes["strain"].get_yticklabels()]
    assert labels == [f.label for f in case.factors_of_kind("strain")]
    assert OKABE_ITO["vermillion"] == KIND_STYLE["strain"]["color"]
    _save(artists.figure, "balance.png")


def test_balance_bars_add_up_to_the_scores(case):
    a = assess(case, evidence_trust={"hypothesis": 0.5}, months=12)
    artists = plot_balance(a, case)
    strength = sum(artists.bars[f.id].get_width() for f in case.factors_of_kind("strength"))
    assert strength == pytest.approx(a.strength)
    assert f"{a.strain:.2f}" in artists.totals["strain"].get_text()
    _save(artists.figure, "balance_trust_and_months.png")


def test_balance_update_resizes_in_place(case):
    artists = plot_balance(assess(case), case)
    bar = artists.bars["russia-beholden"]
    update_balance(artists, assess(case, {"russia-beholden": 0.0}, evidence_trust={"observed": 0.5}))
    assert artists.bars["russia-beholden"] is bar and bar.get_width() == 0.0
    assert artists.given["blames-nato"].get_width() == pytest.approx(0.6 / 9)
    assert artists.bars["blames-nato"].get_width() == pytest.approx(0.3 / 9)


def test_balance_summary_names_the_leading_factors(case):
    text = balance_summary(assess(case), case)
    assert '"Russia now depends on China"' in text and '"The policy trilemma"' in text
    zero = balance_summary(assess(case, dict.fromkeys(case.default_weights(), 0.0)), case)
    assert "with no factor counting" in zero


def test_figures_render_to_readable_pngs(case):
    a = assess(case)
    for artists in (plot_paradox_plane(a, case=case), plot_balance(a, case)):
        buffer = io.BytesIO()
        artists.figure.savefig(buffer, format="png")
        width, height = Image.open(io.BytesIO(buffer.getvalue())).size
        assert 400 <= width <= 1000 and 300 <= height <= 500
