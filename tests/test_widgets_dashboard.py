"""The dashboard's behaviour, without a browser: state, images, batching, presets, the gate."""

from __future__ import annotations

import pytest

from entente_lab import VERDICTS, ModelError, assess, load_case, preset_weights
from entente_lab.plots.plane import balance_summary, plane_summary
from entente_lab.widgets import Dashboard, PredictionGate, WeightsPanel
from entente_lab.widgets.render import FigureFrames

from .bundled_words import find_bundled_words
from .conftest import OTHER_CASES, REPO
from .figures import layout_problems, render

ARTIFACTS = REPO / "artifacts" / "figures"


@pytest.fixture
def dash(case):
    return Dashboard(case)


def test_dashboard_starts_at_the_defaults_with_both_figures_drawn(dash, case):
    assert dash.assessment == assess(case)
    assert dash.plane_image.value[:4] == b"\x89PNG" and dash.balance_image.value[:4] == b"\x89PNG"
    assert list(dash.sliders) == [f.id for f in case.factors]
    assert dash.renders == 1


def test_moving_a_slider_changes_the_assessment_and_the_images(dash, case):
    plane, balance = dash.plane_image.value, dash.balance_image.value
    dash.sliders["russia-beholden"].value = 0.1
    assert dash.assessment.weights["russia-beholden"] == 0.1
    assert dash.assessment == assess(case, {"russia-beholden": 0.1})
    assert dash.plane_image.value != plane and dash.balance_image.value != balance
    assert dash.renders == 2


def test_a_change_that_moves_nothing_redraws_no_figure(dash):
    frames = {name: f.frames for name, f in dash._frames.items()}
    dash.sliders["russia-beholden"].value = 0.8  # already the default: no event at all
    dash.panel.months.value = 30  # scenario unticked: months do not count yet
    assert {name: f.frames for name, f in dash._frames.items()} == frames


def test_trust_and_months_reach_the_model(dash, case):
    dash.panel.trust["hypothesis"].value = 0.5
    dash.panel.scenario.value = True
    dash.panel.months.value = 12
    assert dash.assessment == assess(case, evidence_trust={"hypothesis": 0.5}, months=12)
    assert not dash.panel.months.disabled


def test_set_weights_applies_many_values_with_one_redraw(dash, case):
    before = dash.renders
    frames = {name: f.frames for name, f in dash._frames.items()}
    target = preset_weights(case, "costs-first")
    dash.set_weights(target)
    assert dash.renders == before + 1
    assert {name: f.frames - frames[name] for name, f in dash._frames.items()} == {"plane": 1, "balance": 1}
    assert dash.assessment.weights == target
    assert dash.assessment.verdict == "strain-high"


def test_set_weights_checks_everything_before_moving_anything(dash):
    with pytest.raises(ModelError, match="unknown factor 'russia-beholdn'.*did you mean 'russia-beholden'"):
        dash.set_weights({"blames-nato": 0.0, "russia-beholdn": 0.5})
    with pytest.raises(ModelError, match="'blames-nato' is 1.5, outside"):
        dash.set_weights({"blames-nato": 1.5})
    assert dash.sliders["blames-nato"].value == 0.6 and dash.renders == 1


def test_presets_restore_exact_values_and_the_dropdown_follows(dash, case):
    for preset in case.presets:
        dash.panel.preset.value = preset.id
        assert dash.assessment.weights == preset_weights(case, preset.id)
        assert {fid: s.value for fid, s in dash.sliders.items()} == preset_weights(case, preset.id)
    dash.sliders["blames-nato"].value = 0.05
    assert dash.panel.preset.value == ""


def test_reset_restores_every_default_exactly_in_one_redraw(dash, case):
    dash.set_weights({"russia-beholden": 0.15, "india-divergence": 0.95})
    dash.panel.trust["cited"].value = 0.25
    dash.panel.scenario.value = True
    before = dash.renders
    dash.panel.reset_all.click()
    assert dash.renders == before + 1
    assert dash.assessment == assess(case)
    assert {fid: s.value for fid, s in dash.sliders.items()} == case.default_weights()
    assert not dash.panel.scenario.value and dash.panel.months.disabled


def test_reset_one_factor(dash, case):
    dash.sliders["policy-trilemma"].value = 0.0
    dash.panel.resets["policy-trilemma"].click()
    assert dash.sliders["policy-trilemma"].value == case.factor("policy-trilemma").default_weight


def test_verdict_text_names_the_region_and_the_figures_in_words(dash, case):
    assert f"Verdict: {case.region_label(assess(case).region)}" in dash.verdict.value
    preset = case.presets[1].id
    dash.apply_preset(preset)
    region = case.region_label(assess(case, preset_weights(case, preset)).region)
    assert f"Verdict: {region}" in dash.verdict.value
    assert f"{region} region" in dash.verdict.value  # the plane's alt text
    assert f"Balance: {case.side('strength').label}" in dash.balance_caption.value
    assert dash.summaries()["verdict"] == assess(case, preset_weights(case, preset)).describe(case)
    assert dash.summaries()["plane"] == plane_summary(dash.assessment, case)
    assert dash.summaries()["balance"] == balance_summary(dash.assessment, case)


def test_every_verdict_can_be_reached_and_is_named(dash, case):
    seen = set()
    for preset in case.presets[:3]:
        dash.apply_preset(preset.id)
        seen.add(dash.assessment.verdict)
        assert f"Verdict: {case.region_label(dash.assessment.region)}" in dash.verdict.value
    dash.set_weights(dict.fromkeys(case.default_weights(), 0.1))
    seen.add(dash.assessment.verdict)
    assert seen == set(VERDICTS)


def test_quote_on_demand_shows_the_verbatim_words_and_says_what_is_ours(case):
    panel = WeightsPanel(case)
    factor = case.factor("policy-trilemma")
    quote = panel.quotes[factor.id]
    assert quote.layout.display == "none"
    panel.quote_toggles[factor.id].value = True
    assert quote.layout.display is None
    assert factor.quotes[0].text.split()[0] in quote.value
    assert "Entente Lab&#x27;s interpretation, not the authors&#x27; words" in quote.value
    speakers = {case.person(q.speaker).name for q in factor.quotes}
    others = {p.name for p in case.people} - speakers
    assert all(name in quote.value for name in speakers)  # each quote's speaker, not a guess
    assert not any(name in quote.value for name in others)


def test_sliders_are_labelled_in_words_and_grouped_by_kind(case):
    panel = WeightsPanel(case)
    for factor in case.factors:
        slider = panel.sliders[factor.id]
        assert slider.description == factor.label
        assert factor.label in slider.tooltip and (slider.min, slider.max, slider.step) == (0.0, 1.0, 0.05)
    assert set(panel.trust) == {"observed", "hypothesis", "cited"}
    assert all(s.value == 1.0 for s in panel.trust.values())


def test_prediction_gate_locks_the_sliders_until_a_prediction_is_recorded(case):
    dash = Dashboard(case, require_prediction=True)
    assert all(s.disabled for s in dash.sliders.values()) and dash.panel.preset.disabled
    assert dash.prediction is None
    dash.gate.choice.value = "strain-high"
    dash.gate.record.click()  # no reason yet
    assert dash.prediction is None and "reason" in dash.gate.feedback.value
    assert all(s.disabled for s in dash.sliders.values())
    dash.gate.reason.value = "  the costs outweigh everything  "
    dash.gate.record.click()
    assert dash.prediction.region == "strain-high"
    assert dash.prediction.reason == "the costs outweigh everything"
    assert not any(s.disabled for s in dash.sliders.values())
    assert dash.panel.months.disabled  # still follows the scenario box
    assert dash.gate.choice.disabled and dash.gate.record.disabled
    assert f"You predicted {case.region_label('strain-high')}" in dash.verdict.value and "they differ" in dash.verdict.value
    dash.apply_preset("costs-first")
    assert "they agree" in dash.verdict.value


def test_prediction_gate_needs_a_region(case):
    gate = PredictionGate(case)
    assert [label for label, _ in gate.choice.options][0].startswith(case.region_label("both-high"))
    gate.reason.value = "because"
    gate.record.click()
    assert gate.prediction is None and "Pick the region" in gate.feedback.value


def test_trail_keeps_the_earlier_positions(dash):
    start = (dash.assessment.strength, dash.assessment.strain)
    dash.sliders["russia-beholden"].value = 0.2
    dash.sliders["russia-beholden"].value = 0.3
    assert dash.state.trail[0] == start and len(dash.state.trail) == 2
    for step in range(30):
        dash.sliders["blames-nato"].value = step / 30
    assert len(dash.state.trail) == 12


def test_changes_during_a_render_coalesce_into_one_more_pass(dash):
    """A change that arrives while a render runs is picked up by that render's loop, latest value last."""
    before = dash.renders
    original = dash._update_view
    fired = []

    def update_and_meddle():
        original()
        if not fired:
            fired.append(True)
            for value in (0.1, 0.2, 0.3):  # three changes while "rendering"
                dash.sliders["shared-grievances"].value = value

    dash._update_view = update_and_meddle
    dash.sliders["russia-beholden"].value = 0.4
    assert dash.renders == before + 2  # the change, then one pass for all three stale ones
    assert dash.assessment.weights["shared-grievances"] == 0.3


def test_blitted_frame_matches_a_full_redraw(dash):
    """The fast path (cached background + moving artists) shows what a full draw shows."""
    import io

    import numpy as np
    from PIL import Image

    dash.apply_preset("costs-first")
    fast = np.asarray(Image.open(io.BytesIO(dash.plane_image.value)).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(io.BytesIO(dash.figure_png("plane"))).convert("RGB"), dtype=int)
    assert fast.shape == full.shape
    assert np.abs(fast - full).mean() < 1.0


def test_figure_frames_counts_and_redraws_after_invalidate(case):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 2), dpi=50)
    (line,) = figure.add_subplot().plot([0, 1], [0, 1])
    frames = FigureFrames(figure, [line])
    first = frames.frame()
    frames.invalidate()
    assert frames.frame() == first and frames.frames == 2


def test_the_panel_and_the_gate_speak_the_case_s_words():
    """The gate asks about the case's subject; the sliders' tooltips name the case's sides."""
    from dataclasses import replace

    from entente_lab import load_case
    from entente_lab.records import Side

    from .bundled_words import find_bundled_words
    from .conftest import OTHER_CASES

    case = load_case(OTHER_CASES["third"])
    case = replace(case, plane=replace(case.plane, subject="the river compact",
                                       sides={"strength": Side("strength", "cooperation", "Cooperation factors"),
                                              "strain": Side("strain", "friction", "Friction factors")}))
    gate = PredictionGate(case)
    assert "where do you expect the river compact to land" in gate.children[0].value
    panel = WeightsPanel(case)
    for factor in case.factors:
        side = "cooperation" if factor.kind == "strength" else "friction"
        assert panel.sliders[factor.id].tooltip.startswith(f"Weight of the {side} factor ")
        assert find_bundled_words(panel.quotes[factor.id].value) == []
        assert "the case author&#x27;s interpretation" in panel.quotes[factor.id].value


# ---------------------------------------------------------------- before the reference event, and now

def test_the_readout_shows_before_and_now_and_follows_every_change(dash, case):
    import html

    from entente_lab.narrative import before_and_now

    def shown():
        a = dash.assessment
        line = (f"{case.side('strength').label} {a.before[0]:.2f} → {a.strength:.2f}, {case.side('strain').label} "
                f"{a.before[1]:.2f} → {a.strain:.2f} since {case.reference.label}")
        assert line == before_and_now(case, a)
        assert f"<b>{html.escape(line)}</b>" in dash.verdict.value
        assert dash._plane.arrow_ends() == (a.before, (a.strength, a.strain))
        assert dash.summaries()["change"] == line
        return a

    first = shown()
    dated = case.factors_before_reference()[0]
    dash.sliders[dated.id].value = 1.0  # a factor the text dates earlier moves both points
    moved = shown()
    assert moved.before != first.before and moved.strain != first.strain
    dash.panel.trust[dated.evidence].value = 0.5  # trust discounts the before point too
    assert shown().before[1] < moved.before[1]
    image = dash.plane_image.value
    dash.apply_preset(case.presets[2].id)
    assert shown().before == assess(case, preset_weights(case, case.presets[2].id),
                                    evidence_trust={dated.evidence: 0.5}).before
    assert dash.plane_image.value != image


def test_the_duration_control_phases_in_every_factor_not_dated_earlier(dash, case):
    m0 = case.scenario.reference
    late = next(f for f in case.factors if not f.duration_linked and not f.dated_before_reference)
    dash.panel.scenario.value = True
    dash.panel.months.value = 0
    a = dash.assessment
    assert (a.strength, a.strain) == a.before  # at 0 the scenario is the before point
    assert a.effective_weights[late.id] == 0.0
    dash.panel.months.value = int(m0 // 2)
    half = dash.assessment
    assert 0 < half.effective_weights[late.id] < late.default_weight  # not duration-linked, and still phasing in
    assert half.before == a.before and half.strength > a.strength
    dash.panel.months.value = int(m0)
    assert dash.assessment.effective_weights[late.id] == late.default_weight
    assert (dash.assessment.strength, dash.assessment.strain) == pytest.approx((assess(case).strength, assess(case).strain))
    dash.panel.months.value = case.scenario.maximum
    assert dash.assessment.effective_weights[late.id] == late.default_weight  # only duration-linked factors grow on
    assert dash._plane.arrow_ends() == (dash.assessment.before, (dash.assessment.strength, dash.assessment.strain))


def test_a_case_without_a_reference_event_shows_no_before_and_now():
    dash = Dashboard(load_case(OTHER_CASES["third"]))
    assert dash.case.reference is None and dash.assessment.before is None
    assert "entente-change" not in dash.verdict.value and dash.summaries()["change"] == ""
    assert dash._plane.before is None and dash._plane.arrow_ends() is None


# ---------------------------------------------------------------- the figures for every case

@pytest.fixture(scope="module", params=sorted(OTHER_CASES))
def other_dash(request):
    return Dashboard(load_case(OTHER_CASES[request.param])), request.param


def test_the_dashboard_figures_lay_out_for_every_case_and_are_kept_to_look_at(other_dash):
    """Each figure as the dashboard shows it: no warning, nothing cut off or overprinted; PNGs for a person."""
    dash, name = other_dash
    for which, handle in (("plane", dash._plane), ("balance", dash._balance)):
        path = ARTIFACTS / f"dashboard-{which}-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(dash.figure_png(which))
        assert layout_problems(handle, render(handle)) == []
    assert find_bundled_words(" ".join([dash.verdict.value, dash.balance_caption.value, *dash.summaries().values()])) == []


def test_the_fast_frame_matches_a_full_redraw_for_every_case(other_dash):
    """The balance is sized from the case's labels: the blitted frame still shows what a full draw shows."""
    import io

    import numpy as np
    from PIL import Image

    dash, _ = other_dash
    dash.apply_preset(dash.case.presets[-1].id)
    for which, image in (("plane", dash.plane_image), ("balance", dash.balance_image)):
        fast = np.asarray(Image.open(io.BytesIO(image.value)).convert("RGB"), dtype=int)
        full = np.asarray(Image.open(io.BytesIO(dash.figure_png(which))).convert("RGB"), dtype=int)
        assert fast.shape == full.shape and np.abs(fast - full).mean() < 1.0, which
