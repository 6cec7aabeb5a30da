"""The dashboard's behaviour, without a browser: state, images, batching, presets, the gate."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import pytest

from entente_lab import VERDICTS, ModelError, assess, load_case, preset_weights
from entente_lab.plots.plane import balance_summary, plane_summary
from entente_lab.widgets import Dashboard, PredictionGate, WeightsPanel
from entente_lab.widgets.render import LayeredFigure

from .bundled_words import find_bundled_words
from .conftest import OTHER_CASES, REPO, leave_box, press_enter
from .figures import layout_problems, render

ARTIFACTS = REPO / "artifacts" / "figures"


@pytest.fixture
def dash(case):
    return Dashboard(case)


def test_dashboard_starts_at_the_defaults_with_both_figures_drawn(dash, case):
    assert dash.assessment == assess(case)
    for view, overlay in ((dash.plane_view, dash.plane_overlay), (dash.balance_view, dash.balance_overlay)):
        background = view.children[0].value
        assert background.startswith('<img alt="" src="data:image/png;base64,iVBORw0KGgo')  # a PNG, decorative
        assert view.children[1] is overlay and overlay.value.startswith("<svg ")
    assert list(dash.sliders) == [f.id for f in case.factors]
    assert dash.renders == 1


def test_moving_a_slider_changes_the_assessment_and_the_images(dash, case):
    plane, balance = dash.plane_overlay.value, dash.balance_overlay.value
    backgrounds = [view.children[0].value for view in (dash.plane_view, dash.balance_view)]
    dash.sliders["russia-beholden"].value = 0.1
    assert dash.assessment.weights["russia-beholden"] == 0.1
    assert dash.assessment == assess(case, {"russia-beholden": 0.1})
    assert dash.plane_overlay.value != plane and dash.balance_overlay.value != balance
    assert [view.children[0].value for view in (dash.plane_view, dash.balance_view)] == backgrounds  # sent once
    assert dash.renders == 2


def test_a_change_that_moves_nothing_redraws_no_figure(dash):
    frames = {name: f.frames for name, f in dash._layers.items()}
    dash.sliders["russia-beholden"].value = 0.8  # already the default: no event at all
    dash.panel.months.value = 30  # scenario unticked: months do not count yet
    assert {name: f.frames for name, f in dash._layers.items()} == frames


def test_trust_and_months_reach_the_model(dash, case):
    dash.panel.trust["hypothesis"].value = 0.5
    dash.panel.scenario.value = True
    dash.panel.months.value = 12
    assert dash.assessment == assess(case, evidence_trust={"hypothesis": 0.5}, months=12)
    assert not dash.panel.months.disabled


def test_set_weights_applies_many_values_with_one_redraw(dash, case):
    before = dash.renders
    frames = {name: f.frames for name, f in dash._layers.items()}
    target = preset_weights(case, "costs-first")
    dash.set_weights(target)
    assert dash.renders == before + 1
    assert {name: f.frames - frames[name] for name, f in dash._layers.items()} == {"plane": 1, "balance": 1}
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


def _where_it_lands(dash) -> list:
    """Every mark of the plane that says where a weighting lands: the student's and each preset's."""
    plane = dash._plane
    return [plane.position, plane.position_label, plane.highlight, plane.before, plane.before_label, plane.change,
            *plane.presets.values(), *plane.preset_labels.values(), *plane.preset_befores.values(),
            *plane.preset_changes.values()]


def test_before_the_prediction_nothing_shows_where_the_weighting_lands(case):
    """The trial found the star, "you: <region>" and the presets on the plane, and the verdict, before any prediction."""
    dash = Dashboard(case, require_prediction=True)
    a = dash.assessment
    assert not any(artist.get_visible() for artist in _where_it_lands(dash)) and dash.concealed
    assert all(label.get_visible() for label in dash._plane.region_labels.values())  # what a prediction is made on
    label = re.search(r'aria-label="([^"]*)"', dash.plane_overlay.value).group(1)
    assert dash.plane_overlay.value.endswith("</defs></svg>")  # the moving layer draws nothing
    said = " ".join([label, dash.verdict.value, dash.balance_caption.value])
    assert "Verdict" not in said and "lands in" not in said and "record your prediction" in said
    assert f"{a.strength:.2f}" not in said and f"{a.strain:.2f}" not in said
    assert not any(preset.label in said for preset in case.presets)
    assert dash.balance_view not in dash.children and dash.balance_caption not in dash.children  # its totals are the scores
    background = dash.plane_view.children[0].value

    dash.gate.choice.value = "strain-high"
    dash.gate.record.click()  # no reason: nothing recorded, nothing shown
    assert dash.concealed and not dash._plane.position.get_visible()
    press_enter(dash.gate.reason, "the costs pile up")

    assert not dash.concealed
    assert all(artist.get_visible() for artist in _where_it_lands(dash))
    assert dash.plane_view.children[0].value != background  # the presets are drawn into the static layer now
    assert f'aria-label="{html.escape(dash._plane.summary)}"' in dash.plane_overlay.value
    assert f"Verdict: {case.region_label(a.region)}" in dash.verdict.value
    assert dash.children[-2:] == (dash.balance_view, dash.balance_caption)
    assert html.escape(dash._balance.summary) in dash.balance_caption.value


def test_enter_in_the_because_box_records_the_prediction_once(case, tmp_path):
    """As Enter in 07's name box saves: Enter, with a region chosen, records the text the box showed."""
    from entente_lab.widgets import keep_prediction

    dash = Dashboard(case, require_prediction=True)
    keep_prediction(dash, tmp_path)
    dash.gate.choice.value = "strain-high"
    dash.gate.reason.set_state({"value": "the"})  # typed, as far as the paced key-by-key value has arrived
    assert dash.prediction is None
    press_enter(dash.gate.reason, "the costs pile up")
    assert dash.prediction is not None and (dash.prediction.region, dash.prediction.reason) == ("strain-high",
                                                                                              "the costs pile up")
    assert not any(s.disabled for s in dash.sliders.values()) and dash.gate.reason.disabled
    dash.gate.record.click()  # then the button too: recorded once
    assert dash.gate.feedback.value.count("Recorded:") == dash.gate.feedback.value.count("Kept in") == 1


def test_a_reason_typed_first_does_not_hold_the_student_to_the_region_chosen_then(case, tmp_path):
    """Leaving the "Because" box records nothing: a student may type the reason, then change the region."""
    from entente_lab.widgets import keep_prediction

    dash = Dashboard(case, require_prediction=True)
    keep_prediction(dash, tmp_path)
    dash.gate.choice.value = "strain-high"
    dash.gate.reason.set_state({"value": "the costs"})
    leave_box(dash.gate.reason, "the costs pile up")  # a click on another region
    assert dash.prediction is None and not list(tmp_path.iterdir())
    dash.gate.choice.value = "both-high"
    dash.gate.record.click()
    assert (dash.prediction.region, dash.prediction.reason) == ("both-high", "the costs pile up")


def test_enter_in_an_empty_because_box_asks_for_a_reason(case):
    dash = Dashboard(case, require_prediction=True)
    dash.gate.choice.value = "strain-high"
    press_enter(dash.gate.reason, " ")
    assert dash.prediction is None and "Add a one-line reason" in dash.gate.feedback.value


def test_recording_a_prediction_moves_the_focus_to_the_first_slider(case, monkeypatch, tmp_path):
    """Enter in the Because box locks the box that has the focus: the focus goes to the unlocked dashboard, not <body>.

    Before, nothing asked the browser for the focus. A prediction kept from an earlier run asks for nothing:
    the page is just being opened.
    """
    from entente_lab.classroom.prediction_file import record_prediction
    from entente_lab.widgets import keep_prediction

    sent: list = []
    dash = Dashboard(case, require_prediction=True)
    first = next(iter(dash.sliders.values()))
    monkeypatch.setattr(first, "send", lambda content, buffers=None: sent.append(content))
    dash.gate.choice.value = "strain-high"
    press_enter(dash.gate.reason, "the costs pile up")
    assert sent == [{"command": "focus"}] and not first.disabled

    sent.clear()
    record_prediction(case, dash.prediction, tmp_path)
    rerun = Dashboard(case, require_prediction=True)
    monkeypatch.setattr(next(iter(rerun.sliders.values())), "send", lambda content, buffers=None: sent.append(content))
    keep_prediction(rerun, tmp_path)
    assert not rerun.concealed and sent == []


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


# ---------------------------------------------------------------- the live figure: a PNG drawn once, an SVG of what moves

_SVG = "{http://www.w3.org/2000/svg}"
_HREF = "{http://www.w3.org/1999/xlink}href"
_TRANSLATE = re.compile(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)")


def _placed(svg: str) -> list[tuple[ET.Element, float, float]]:
    """Every element of an SVG (which must be well-formed XML) with the translation in force at it."""
    found = []

    def walk(element, dx, dy):
        moved = _TRANSLATE.match(element.get("transform", ""))
        if moved:
            dx, dy = dx + float(moved[1]), dy + float(moved[2])
        found.append((element, dx, dy))
        for child in element:
            walk(child, dx, dy)

    walk(ET.fromstring(svg), 0.0, 0.0)
    return found


def _near(point, points, tolerance=1e-3) -> bool:
    return any(all(abs(a - b) <= tolerance for a, b in zip(point, other, strict=True)) for other in points)


@contextmanager
def _at_72_dpi(figure):
    """matplotlib's own geometry in points, as its SVG backend draws: what the overlay must agree with."""
    dpi = figure.dpi
    figure.dpi = 72
    try:
        yield figure.get_figheight() * 72
    finally:
        figure.dpi = dpi


def _expected(handle) -> dict[str, list]:
    """Where matplotlib puts each moving artist of ``handle`` (top-left origin, points), computed here from its transforms."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Rectangle
    from matplotlib.text import Annotation, Text

    out = {"markers": [], "rectangles": [], "texts": []}
    with _at_72_dpi(handle.figure) as height:
        for artist in handle.dynamic:
            if not artist.get_visible():
                continue
            if isinstance(artist, PathCollection):
                for x, y in artist.get_offset_transform().transform(artist.get_offsets()):
                    out["markers"].append((x, height - y))
            elif type(artist) is Rectangle:
                out["rectangles"].append([(x, height - y) for x, y in artist.get_verts()[:4]])
            elif isinstance(artist, Text) and artist.get_text():
                buffer = io.StringIO()
                renderer = RendererSVG(handle.figure.get_figwidth() * 72, height, buffer)
                if isinstance(artist, Annotation):
                    artist.update_positions(renderer)
                artist.draw(renderer)
                renderer.finalize()
                glyphs = [(dx, dy) for element, dx, dy in _placed(buffer.getvalue())
                          if element.tag == f"{_SVG}g" and "scale(" in element.get("transform", "")]
                out["texts"].append(glyphs[0])
    return out


def _overlay_agrees_with_matplotlib(handle, svg: str, background: str) -> None:
    placed = _placed(svg)
    uses = [(float(e.get("x", 0)) + dx, float(e.get("y", 0)) + dy) for e, dx, dy in placed if e.tag == f"{_SVG}use"]
    paths = []
    for element, dx, dy in placed:
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", element.get("d", ""))] if element.tag == f"{_SVG}path" else []
        if len(numbers) == 8:
            paths.append([(numbers[i] + dx, numbers[i + 1] + dy) for i in (0, 2, 4, 6)])
    glyphs = [(dx, dy) for e, dx, dy in placed if e.tag == f"{_SVG}g" and "scale(" in e.get("transform", "")]
    expected = _expected(handle)
    assert expected["markers"] or expected["rectangles"]
    for point in expected["markers"]:
        assert _near(point, uses), (point, uses)
    for corners in expected["rectangles"]:
        assert any(all(_near(c, [p]) for c, p in zip(corners, path, strict=True)) for path in paths), corners
    for point in expected["texts"]:
        assert _near(point, glyphs), (point, glyphs)
    # every shape the overlay uses is defined in it or in the background, which is sent once
    defined = set(re.findall(r' id="([^"]+)"', svg)) | set(re.findall(r' id="([^"]+)"', background))
    used = {e.get(_HREF)[1:] for e, _dx, _dy in placed if e.tag == f"{_SVG}use"}
    used |= set(re.findall(r'url\(#([^)]+)\)', svg))
    assert used <= defined, used - defined


def test_the_moving_layer_puts_every_artist_where_matplotlib_puts_it(dash, case):
    """Star, before point, arrow ends' markers, labels and bars: positions through the figure's transforms."""
    weightings = [case.default_weights(), dict.fromkeys(case.default_weights(), 0.0),
                  dict.fromkeys(case.default_weights(), 1.0)] + [preset_weights(case, p.id) for p in case.presets]
    for weights in weightings:
        dash.set_weights(weights)
        for handle, view, overlay in ((dash._plane, dash.plane_view, dash.plane_overlay),
                                      (dash._balance, dash.balance_view, dash.balance_overlay)):
            _overlay_agrees_with_matplotlib(handle, overlay.value, view.children[0].value)
        star = dash._layers["plane"]
        with _at_72_dpi(star.figure) as height:
            x, y = dash._plane.ax.transData.transform((dash.assessment.strength, dash.assessment.strain))
        assert _near((x, height - y), [(float(e.get("x", 0)) + dx, float(e.get("y", 0)) + dy)
                                       for e, dx, dy in _placed(dash.plane_overlay.value) if e.tag == f"{_SVG}use"])


def test_the_moving_layer_is_named_by_the_figure_summary_and_the_picture_under_it_is_decorative(dash, case):
    dash.apply_preset(case.presets[1].id)
    for view, overlay, summary in ((dash.plane_view, dash.plane_overlay, plane_summary(dash.assessment, case)),
                                   (dash.balance_view, dash.balance_overlay, balance_summary(dash.assessment, case))):
        root = ET.fromstring(overlay.value)
        assert (root.get("role"), root.get("aria-label")) == ("img", summary)
        assert root.get("viewBox") == "0 0 {:g} {:g}".format(*(72 * view_size for view_size in
                                                              (dash._layers["plane" if overlay is dash.plane_overlay
                                                                            else "balance"].figure.get_size_inches())))
        assert view.children[0].value.count("<img ") == 1 and '<img alt="" ' in view.children[0].value
        assert "<style" not in overlay.value  # matplotlib's global style would restyle every SVG on the page


def test_a_moving_text_with_new_characters_brings_their_shapes(case):
    """A label that changes to characters the background did not send carries their shapes itself."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1), dpi=100)
    text = figure.text(0.1, 0.5, "ab")
    layers = LayeredFigure(figure, [text])
    background = layers.background()
    text.set_text("xyz 12")
    svg = layers.overlay("a label")
    sent, carried = set(re.findall(r' id="([^"]+)"', background)), set(re.findall(r' id="([^"]+)"', svg))
    used = {e.get(_HREF)[1:] for e, _dx, _dy in _placed(svg) if e.tag == f"{_SVG}use"}
    assert used <= sent | carried
    assert len(carried & used) == 3 and not carried & sent  # x, y, z are new; the space, 1 and 2 went out with the background


def test_the_panel_and_the_gate_speak_the_case_s_words():
    """The gate asks about the case's subject; the sliders' tooltips name the case's sides."""
    from dataclasses import replace

    from entente_lab import load_case
    from entente_lab.case.records import Side

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

    from entente_lab.teaching.narrative import before_and_now

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
    image = dash.plane_overlay.value
    dash.apply_preset(case.presets[2].id)
    assert shown().before == assess(case, preset_weights(case, case.presets[2].id),
                                    evidence_trust={dated.evidence: 0.5}).before
    assert dash.plane_overlay.value != image


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


def test_the_moving_layer_agrees_with_matplotlib_for_every_case(other_dash):
    """The balance is sized from the case's labels: the overlay still puts every artist where matplotlib does."""
    dash, _ = other_dash
    dash.apply_preset(dash.case.presets[-1].id)
    for handle, view, overlay in ((dash._plane, dash.plane_view, dash.plane_overlay),
                                  (dash._balance, dash.balance_view, dash.balance_overlay)):
        _overlay_agrees_with_matplotlib(handle, overlay.value, view.children[0].value)


def test_the_prediction_choices_never_nest_brackets(case):
    """A region's meaning may hold brackets of its own: the choice joins label and meaning with a dash."""
    gate = Dashboard(case, require_prediction=True).gate
    for label, _value in gate.choice.options:
        depth = deepest = 0
        for char in label:
            depth += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1, label


def test_the_gate_records_the_classroom_prediction_that_a_save_file_stores(tmp_path):
    from entente_lab import load_weighting, save_weighting
    from entente_lab.classroom.submissions import Prediction as SavedPrediction
    from entente_lab.widgets import Prediction, PredictionGate

    case = load_case()
    gate = PredictionGate(case)
    gate.choice.value, gate.reason.value = "strain-high", "sanctions bite"
    gate.record.click()
    assert Prediction is SavedPrediction and isinstance(gate.prediction, SavedPrediction)
    path = save_weighting(case, None, name="Ada", folder=tmp_path, prediction=gate.prediction)
    assert load_weighting(path, case=case).prediction == gate.prediction


# ---------------------------------------------------------------- frames drawn ahead


def test_the_frames_drawn_ahead_are_the_frames_a_move_there_shows(case):
    """One step down and up on the focused slider: the same markup a render draws, named and placed as matplotlib says."""
    fid = "russia-beholden"

    def focused() -> Dashboard:
        dash = Dashboard(case)
        dash.sliders[fid].value = 0.5
        dash.sliders["blames-nato"].value = 0.3  # a trail, a before point and another slider moved: all are in the frames
        png = dash.figure_png()
        dash.look_ahead(f"weight/{fid}")
        assert dash.figure_png() == png  # drawing ahead leaves the figures as they are
        return dash

    for text in ("0.45", "0.55"):
        dash = focused()
        ahead = {name: overlay.ahead for name, overlay in (("plane", dash.plane_overlay), ("balance", dash.balance_overlay))}
        for table in ahead.values():
            assert table["base"][f"weight/{fid}"] == "0.50" and table["base"]["weight/blames-nato"] == "0.30"
            assert table["base"]["trust/observed"] == "1.00" and set(table["frames"]) == {f"weight/{fid}"}
            assert set(table["frames"][f"weight/{fid}"]) == {"0.45", "0.55"}
        frames = {name: table["frames"][f"weight/{fid}"][text] for name, table in ahead.items()}
        drawn = {name: layers.frames for name, layers in dash._layers.items()}
        dash.sliders[fid].value = float(text)
        assert dash.plane_overlay.value == frames["plane"] and dash.balance_overlay.value == frames["balance"]
        # the move drew nothing for itself (it reused the frames), only the next steps ahead
        assert {name: layers.frames - drawn[name] for name, layers in dash._layers.items()} == {"plane": 2, "balance": 2}
        expected = assess(case, {"blames-nato": 0.3, fid: float(text)})
        assert dash.assessment == expected
        assert ET.fromstring(frames["plane"]).get("aria-label") == plane_summary(expected, case)
        assert ET.fromstring(frames["balance"]).get("aria-label") == balance_summary(expected, case)
        for handle, view, name in ((dash._plane, dash.plane_view, "plane"), (dash._balance, dash.balance_view, "balance")):
            _overlay_agrees_with_matplotlib(handle, frames[name], view.children[0].value)
        # and a dashboard that never drew ahead draws the same picture there: same trail, same places
        plain = Dashboard(case)
        plain.sliders[fid].value = 0.5
        plain.sliders["blames-nato"].value = 0.3
        plain.sliders[fid].value = float(text)
        assert plain.state.trail == dash.state.trail
        assert _placed_summary(plain.plane_overlay.value) == _placed_summary(frames["plane"])
        assert _placed_summary(plain.balance_overlay.value) == _placed_summary(frames["balance"])


def _placed_summary(svg: str) -> list:
    """What an overlay draws where (element, its place, its shape), whatever the order its sprites were first drawn in."""
    out = []
    for element, dx, dy in _placed(svg):
        x, y = float(element.get("x", 0)) + dx, float(element.get("y", 0)) + dy
        shape = re.sub(r"-?\d+\.\d+", lambda n: f"{float(n[0]):.2f}", element.get("d", ""))
        out.append((element.tag, element.get(_HREF), round(x, 2), round(y, 2), shape))
    return sorted(out, key=repr)


def test_frames_ahead_for_trust_and_months_and_none_for_a_disabled_slider(dash, case):
    dash.look_ahead("trust/cited")
    assert set(dash.plane_overlay.ahead["frames"]["trust/cited"]) == {"0.95"}  # 1.00 is the top of the range
    dash.look_ahead("months")  # the scenario is unticked: the clock is disabled and nothing is drawn ahead
    assert dash.plane_overlay.ahead == {} and dash.balance_overlay.ahead == {}
    dash.panel.scenario.value = True
    assert set(dash.plane_overlay.ahead["frames"]["months"]) == {
        dash.panel.months.text(v) for v in (case.scenario.reference - 1, case.scenario.reference + 1)}
    dash.look_ahead(None)
    assert dash.plane_overlay.ahead == {}
    with pytest.raises(KeyError, match="no slider 'weight/nope' on this dashboard"):
        dash.look_ahead("weight/nope")


def test_a_focus_in_the_browser_starts_the_frames_ahead_and_the_sliders_carry_their_keys(dash):
    slider = dash.sliders["blames-nato"]
    assert slider.key == "weight/blames-nato" and dash.panel.trust["observed"].key == "trust/observed"
    assert dash.plane_overlay.ahead == {}
    slider._on_browser_message(slider, {"event": "focus"}, [])  # what the browser sends on focus
    assert set(dash.plane_overlay.ahead["frames"]) == {"weight/blames-nato"}
    scope = dash.plane_overlay.scope
    assert scope.startswith("entente-scope-") and scope in dash._dom_classes and dash.balance_overlay.scope == scope


def test_a_drag_draws_nothing_ahead_until_it_ends_then_from_where_it_ends(dash):
    """A drag's steps come faster than the kernel answers: drawing ahead on each would only slow them down."""
    slider = dash.sliders["blames-nato"]
    slider._on_browser_message(slider, {"event": "focus"}, [])
    slider._on_browser_message(slider, {"event": "drag", "active": True}, [])
    drawn = {name: layers.frames for name, layers in dash._layers.items()}
    for value in (0.5, 0.45, 0.4):
        slider.value = value
    assert {name: layers.frames - drawn[name] for name, layers in dash._layers.items()} == {"plane": 3, "balance": 3}
    assert dash.plane_overlay.ahead["base"]["weight/blames-nato"] != "0.40"  # still the frames from before the drag
    slider._on_browser_message(slider, {"event": "drag", "active": False}, [])
    assert dash.plane_overlay.ahead["base"]["weight/blames-nato"] == "0.40"
    assert set(dash.plane_overlay.ahead["frames"]["weight/blames-nato"]) == {"0.35", "0.45"}


# ---------------------------------------------------------------------------- two kernel threads at once
#
# With ipykernel 7 and JupyterLab 4.4+ / Notebook 7.4+ (``commsOverSubshells``, on by default), a
# widget's messages can be handled in a subshell thread while the main shell thread handles
# another widget's: in notebook 03 the "Record my prediction" click (the static layer drawn
# again, in the main thread) and the focus of a slider (frames drawn ahead, in the comm
# subshell) ran at the same time, and the PNG of the plane came out part at 72 dpi (the
# overlay's), its region names and presets moved towards the corner, or scrambled. The
# hooks below hold one thread at a given step until the other has reached its own (or a
# short timeout passes, when the code under test rightly makes the other thread wait).

_HOLD = 1.0  # seconds a thread waits at a hook for the other one


def _hold_at(artist, reached, wait_for, thread):
    """Make ``artist``'s draw, in ``thread`` only, set ``reached`` and then wait for ``wait_for`` (or :data:`_HOLD`)."""
    import threading

    draw = artist.draw

    def held(renderer, *args, **kwargs):
        if threading.current_thread() is thread():
            reached.set()
            wait_for.wait(_HOLD)
        return draw(renderer, *args, **kwargs)

    artist.draw = held


def _revealed_background(case) -> str:
    """The plane's static layer once a prediction is recorded, with nothing else going on."""
    dash = Dashboard(case, require_prediction=True)
    dash.gate.choice.value = "strength-high"
    press_enter(dash.gate.reason, "Both sides are in the text")
    assert not dash.concealed
    return dash.plane_view.children[0].value


def test_a_prediction_recorded_while_a_slider_draws_ahead_sends_the_plane_it_sends_alone(case):
    """The Record click (main shell) while a slider's focus draws frames ahead (comm subshell): 03 in Notebook 7."""
    import threading

    dash = Dashboard(case, require_prediction=True)
    dash.gate.choice.value = "strength-high"
    drawing_background, drawing_ahead, revealed = threading.Event(), threading.Event(), threading.Event()
    main, subshell = threading.current_thread(), []
    # the static layer, half drawn, waits for the frames ahead to start; a frame ahead, half drawn, for the reveal to end
    _hold_at(dash._plane.region_labels["both-low"], drawing_background, drawing_ahead, lambda: main)
    _hold_at(dash._plane.trail, drawing_ahead, revealed, lambda: subshell[0] if subshell else None)
    slider = dash.sliders[case.factors[0].id]

    def focus_when_the_background_is_drawn():
        drawing_background.wait(10)
        slider._on_browser_message(slider, {"event": "focus"}, [])  # what the browser sends on focus

    worker = threading.Thread(target=focus_when_the_background_is_drawn, name="subshell")
    subshell.append(worker)
    worker.start()
    try:
        press_enter(dash.gate.reason, "Both sides are in the text")  # Enter in the "Because" box: recorded, revealed
    finally:
        revealed.set()
        worker.join(10)
    assert not worker.is_alive() and drawing_background.is_set()
    assert dash._layers["plane"].figure.dpi == 100
    assert dash.plane_view.children[0].value == _revealed_background(case)
    assert set(dash.plane_overlay.ahead["frames"]) == {f"weight/{case.factors[0].id}"}
    _overlay_agrees_with_matplotlib(dash._plane, dash.plane_overlay.value, dash.plane_view.children[0].value)


def test_the_static_layer_drawn_while_another_thread_draws_the_moving_one_is_the_same_picture():
    """A LayeredFigure draws whole layers: its PNG never catches another thread's overlay half done (at 72 dpi)."""
    import threading

    from matplotlib.figure import Figure

    def layers() -> tuple[LayeredFigure, object, object]:
        fig = Figure(figsize=(3, 2), dpi=100)
        ax = fig.add_subplot()
        (still,) = ax.plot([0, 1], [1, 0])
        (moving,) = ax.plot([0, 1], [0, 1])
        return LayeredFigure(fig, [moving]), still, moving

    alone = layers()[0].background()
    figure, still, moving = layers()
    drawing_overlay, drawing_background = threading.Event(), threading.Event()
    worker = threading.Thread(target=figure.overlay, args=("a rising line",))
    _hold_at(moving, drawing_overlay, drawing_background, lambda: worker)
    _hold_at(still, drawing_background, threading.Event(), lambda: threading.main_thread())
    worker.start()
    try:
        drawing_overlay.wait(10)
        both = figure.background()
    finally:
        drawing_background.set()
        worker.join(10)
    assert not worker.is_alive() and figure.figure.dpi == 100
    assert both == alone
