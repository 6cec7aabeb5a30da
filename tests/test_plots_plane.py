"""The case's plane and the balance: drawn once, moved in place, summarised in the case's words."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure
from PIL import Image

from entente_lab import VERDICTS, assess, preset_weights
from entente_lab.plots import (
    balance_summary,
    plane_summary,
    plot_balance,
    plot_plane,
    update_balance,
    update_plane,
)
from entente_lab.plots.style import KIND_STYLE, OKABE_ITO

from .conftest import OTHER_CASES, REPO
from .figures import marks_over_labels, render, save_rendered

ARTIFACTS = REPO / "artifacts" / "figures"


def _save(figure, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figure.savefig(ARTIFACTS / name)


def test_plane_names_all_four_regions_and_marks_the_presets(case):
    artists = plot_plane(assess(case), case, trail=[(0.5, 0.4), (0.55, 0.5)])
    texts = [t.get_text().replace("\n", " ") for t in artists.ax.texts]
    assert all(case.region_label(code) in texts for code in VERDICTS)  # the case's names, not codes
    assert set(artists.presets) == {p.id for p in case.presets}
    shown = [" ".join(label.get_text().replace("-\n", "-").split()) for label in artists.preset_labels.values()]
    assert shown == [p.label for p in case.presets]  # whole (a line may end after a hyphen), never elided
    preset = case.presets[1]
    scored = assess(case, preset_weights(case, preset.id))
    assert artists.presets[preset.id].get_offsets().tolist() == [[scored.strength, scored.strain]]
    assert artists.trail.get_xydata().tolist() == [[0.5, 0.4], [0.55, 0.5]]
    _save(artists.figure, "plane.png")


def test_plane_regions_follow_the_thresholds(case):
    a = assess(case, thresholds=(0.4, 0.7))
    artists = plot_plane(a, case)
    both_high = artists.regions["both-high"]
    assert (both_high.get_x(), both_high.get_y()) == (0.4, 0.7)
    assert both_high.get_width() == pytest.approx(0.6) and both_high.get_height() == pytest.approx(0.3)
    assert artists.threshold_lines[0].get_xdata()[0] == 0.4


def test_plane_update_moves_the_same_artists(case):
    artists = plot_plane(assess(case), case)
    position, label, n_children = artists.position, artists.position_label, len(artists.ax.get_children())
    a = assess(case, preset_weights(case, case.presets[2].id))
    assert a.region == "strain-high"
    update_plane(artists, a, trail=[(0.63, 0.59)])
    assert artists.position is position and artists.position_label is label
    assert len(artists.ax.get_children()) == n_children
    assert artists.position.get_offsets().tolist() == [[a.strength, a.strain]]
    assert label.get_text().endswith(f"you: {case.region_label('strain-high')}")
    assert artists.highlight.get_xy() == (0.0, 0.5)
    assert artists.summary == plane_summary(a, case)


def test_plane_update_refuses_other_thresholds(case):
    artists = plot_plane(assess(case), case)
    with pytest.raises(ValueError, match="draw a new plane"):
        artists.update(assess(case, thresholds=(0.6, 0.6)))


def test_plane_draws_on_a_given_axes(case):
    figure = Figure()
    ax = figure.add_subplot()
    assert plot_plane(assess(case), case, ax=ax).ax is ax


def test_plane_summary_is_one_sentence_naming_the_region(case):
    a = assess(case, preset_weights(case, case.presets[1].id))
    text = plane_summary(a, case)
    assert text.startswith(f"{case.plane.title}: ") and f"{case.region_label(a.region)} region" in text
    assert text.endswith(".") and text.count(". ") == 0 and a.region not in text


def test_balance_has_one_bar_per_factor_kind_by_colour_and_hatch(case):
    a = assess(case)
    artists = plot_balance(a, case)
    assert set(artists.bars) == {f.id for f in case.factors}
    for factor in case.factors:
        bar = artists.bars[factor.id]
        assert bar.get_width() == pytest.approx(a.contributions[factor.id])
        assert (bar.get_hatch() or "") == KIND_STYLE[factor.kind]["hatch"]
    strain_colour = artists.bars[case.factors_of_kind("strain")[0].id].get_facecolor()[:3]
    strength_colour = artists.bars[case.factors_of_kind("strength")[0].id].get_facecolor()[:3]
    assert strain_colour != strength_colour
    labels = [" ".join(t.get_text().split()) for t in artists.axes["strain"].get_yticklabels()]
    assert labels == [f.label for f in case.factors_of_kind("strain")]  # none is longer than a figure shows whole
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
    strength = case.factors_of_kind("strength")
    first = strength[0].id
    observed = next(f for f in strength[1:] if f.evidence == "observed")
    bar = artists.bars[first]
    update_balance(artists, assess(case, {first: 0.0}, evidence_trust={"observed": 0.5}))
    assert artists.bars[first] is bar and bar.get_width() == 0.0
    assert artists.given[observed.id].get_width() == pytest.approx(observed.default_weight / len(strength))
    assert artists.bars[observed.id].get_width() == pytest.approx(observed.default_weight / 2 / len(strength))


def test_balance_summary_names_the_leading_factors(case):
    a = assess(case)
    text = balance_summary(a, case)
    for kind in ("strength", "strain"):
        assert f'{case.side(kind).label} ' in text and f'"{case.factor(a.top_factors(kind)[0]).label}"' in text
    zero = balance_summary(assess(case, dict.fromkeys(case.default_weights(), 0.0)), case)
    assert "with no factor counting" in zero


def test_figures_render_to_readable_pngs(case):
    a = assess(case)
    for artists in (plot_plane(a, case), plot_balance(a, case)):
        buffer = io.BytesIO()
        artists.figure.savefig(buffer, format="png")
        width, height = Image.open(io.BytesIO(buffer.getvalue())).size
        assert 400 <= width <= 1000 and 300 <= height <= 500


# ---------------------------------------------------------------- before the reference event, and the arrow to now

def test_plane_draws_the_before_point_and_an_arrow_to_now_when_the_case_names_a_reference_event(case):
    a = assess(case)
    artists = plot_plane(a, case)
    assert case.reference is not None and a.before is not None
    assert artists.before.get_offsets().tolist() == [list(a.before)]
    assert artists.arrow_ends() == (a.before, (a.strength, a.strain))
    shown = artists.before_label.get_text()
    assert "".join(shown.split()) == "".join(f"before: {case.reference.label}".split())  # the case's words, wrapped
    assert {artists.before, artists.change, artists.before_label} <= set(artists.dynamic)
    for preset in case.presets:  # each preset's own before point and arrow, lighter
        scored = assess(case, preset_weights(case, preset.id))
        assert artists.preset_befores[preset.id].get_offsets().tolist() == [list(scored.before)]
        assert artists.arrow_ends(preset.id) == (scored.before, (scored.strength, scored.strain))
    assert artists.change.get_linewidth() > artists.preset_changes[case.presets[0].id].get_linewidth()
    _save(artists.figure, "plane_before_now.png")


def test_a_case_without_a_reference_event_keeps_one_point_and_no_arrow():
    from entente_lab import load_case

    from .conftest import OTHER_CASES

    third = load_case(OTHER_CASES["third"])
    assert third.reference is None
    a = assess(third)
    artists = plot_plane(a, third)
    assert a.before is None and artists.before is None and artists.change is None and artists.before_label is None
    assert artists.preset_befores == {} and artists.preset_changes == {} and artists.arrow_ends() is None
    assert not [patch for patch in artists.ax.patches if type(patch).__name__ == "FancyArrowPatch"]
    other = assess(third, dict.fromkeys(third.default_weights(), 0.2))
    artists.update(other)
    assert artists.position.get_offsets().tolist() == [[other.strength, other.strain]]
    assert "before" not in plane_summary(a, third) and "arrow" not in plane_summary(a, third)


def test_plane_update_moves_the_before_point_and_the_arrow_in_place(case):
    artists = plot_plane(assess(case), case)
    before, arrow, label, n_children = artists.before, artists.change, artists.before_label, len(artists.ax.get_children())
    dated = case.factors_before_reference()[0]
    a = assess(case, {**preset_weights(case, case.presets[2].id), dated.id: 1.0})
    assert a.before != assess(case).before
    update_plane(artists, a)
    assert (artists.before, artists.change, artists.before_label) == (before, arrow, label)
    assert len(artists.ax.get_children()) == n_children
    assert artists.before.get_offsets().tolist() == [list(a.before)]
    assert artists.arrow_ends() == (a.before, (a.strength, a.strain))
    assert label.get_position() != (0.0, 0.0) and tuple(label.get_position()) != tuple(a.before)  # beside, not on it


def test_no_arrow_is_drawn_when_nothing_changed_since_the_reference_event(case):
    undated = {f.id: 0.0 for f in case.factors if not f.dated_before_reference}  # now counts only what before did
    a = assess(case, undated)
    assert (a.strength, a.strain) == pytest.approx(a.before)
    artists = plot_plane(a, case)
    assert artists.arrow_ends() is None and not artists.change.get_visible()
    assert artists.before.get_offsets().tolist() == [list(a.before)]
    assert "strength stayed the same and strain stayed the same" in plane_summary(a, case).replace(
        case.side("strength").label, "strength").replace(case.side("strain").label, "strain")
    update_plane(artists, assess(case))
    assert artists.change.get_visible()


def test_plane_summary_says_how_each_side_moved_and_names_no_region_for_the_before_point(case):
    a = assess(case)
    text = plane_summary(a, case)
    now, _, before = text.partition(f"; before {case.reference.label}, ")
    assert before, text
    assert f"{case.region_label(a.region)} region" in now
    assert not any(case.region_label(code) in before for code in VERDICTS)  # the before point has no region name
    assert "not a verdict on the relationship then" in before and "only what the text dates earlier" in before
    assert f"only the {len(case.factors_before_reference())} factors the text dates earlier" in before
    assert f"at {case.side('strength').label} {a.before[0]:.2f} and {case.side('strain').label} {a.before[1]:.2f}" in before
    assert f"rose by {a.change[0]:.2f}" in before and f"by {a.change[1]:.2f}" in before
    assert text.endswith(".") and text.count(". ") == 0


def test_a_label_is_not_broken_at_a_hyphen():
    from entente_lab.plots import fit_label

    fitted = fit_label("before: the old ferry's full-scale closing of its route", chars=50)
    assert fitted.text == "before: the old ferry's full-\nscale closing of its route"  # wrapped after the hyphen
    assert fitted.whole  # nothing left out, so nothing goes into the figure's list of shortened labels


# ---------------------------------------------------------------- labels clear of the arrows and markers


def _plane_labels_and_marks(plane):
    """The plane's labels, and the marks no label may lie under: every preset's marker, before point and arrow."""
    labels = {**{f"preset {k}": t for k, t in plane.preset_labels.items()},
              **{f"region {k}": t for k, t in plane.region_labels.items()}, "before": plane.before_label}
    marks = {**{f"marker of {k}": m for k, m in plane.presets.items()},
             **{f"before point of {k}": m for k, m in plane.preset_befores.items()},
             **{f"arrow of {k}": m for k, m in plane.preset_changes.items()}}
    return labels, marks


@pytest.mark.parametrize("case_name", ["bundled", *OTHER_CASES])
def test_no_arrow_or_marker_of_a_preset_is_drawn_over_a_label(case_name, tmp_path):
    """The trial saw the presets' arrows drawn over their labels and the before label sitting on the arrows.

    For the defaults and each preset: no preset's marker, before point or arrow is
    drawn over a preset's label, a region's name or the before label, and the
    student's own arrow, before point and star keep off the before label.
    """
    from entente_lab import load_case

    case = load_case(OTHER_CASES[case_name]) if case_name != "bundled" else load_case()
    weightings = {"defaults": case.default_weights(), **{p.id: preset_weights(case, p.id) for p in case.presets}}
    problems = []
    for name, weights in weightings.items():
        plane = plot_plane(assess(case, weights), case)
        renderer = render(plane)
        labels, marks = _plane_labels_and_marks(plane)
        found = marks_over_labels(renderer, labels, marks)
        found += marks_over_labels(renderer, {"before": plane.before_label},
                                   {"your arrow": plane.change, "your before point": plane.before, "your star": plane.position})
        problems += [f"{name}: {problem}" for problem in found]
        save_rendered(plane, ARTIFACTS / f"{case_name}-plane-{name}.png")
    assert problems == []


def test_the_star_is_drawn_whole_when_a_weighting_lands_on_the_edge(case):
    """Every strain factor at 0 puts the student on the bottom edge: the star is drawn whole, not cut in half."""
    import numpy as np
    from matplotlib.colors import to_rgb

    a = assess(case, {f.id: 0.0 for f in case.factors_of_kind("strain")})
    assert a.strain == 0.0
    artists = plot_plane(a, case)
    renderer = render(artists)
    pixels = np.asarray(artists.figure.canvas.buffer_rgba())[:, :, :3].astype(int)
    yellow = np.all(np.abs(pixels - np.array(to_rgb(OKABE_ITO["yellow"])) * 255) < 8, axis=2)
    bottom = pixels.shape[0] - artists.ax.get_window_extent(renderer).y0  # the axes' bottom edge, in image rows
    x = int(artists.ax.transData.transform((a.strength, a.strain))[0])  # the star's centre column
    rows = np.nonzero(yellow[:, x - 3:x + 4].any(axis=1))[0]
    assert rows.size and rows.max() > bottom + 3  # yellow below the axes' edge: the lower half of the star is there
