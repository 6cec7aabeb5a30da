"""The trilemma, actor-network, robustness and duration explorers: controls change image and text."""

from __future__ import annotations

import base64
import dataclasses
import html
import re

import ipywidgets as widgets
import pytest

from entente_lab import assess, load_case
from entente_lab.plots.stress import tornado_rows
from entente_lab.plots.trilemma import sacrificed_goal
from entente_lab.widgets.explorers import ActorNetworkView, DurationScenario, RobustnessView, TrilemmaExplorer

from .bundled_words import find_bundled_words
from .conftest import OTHER_CASES


def is_png(shown: str) -> bool:
    """What an explorer shows as its figure: an ``<img>`` of a PNG with a text alternative."""
    match = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" alt="[^"]+" style="[^"]*">', shown)
    return bool(match) and base64.b64decode(match[1]).startswith(b"\x89PNG")


def alt_text(shown: str) -> str:
    return html.unescape(re.search(r'alt="([^"]*)"', shown)[1])


def test_trilemma_explorer_shows_effects_and_what_the_option_sacrifices(case):
    explorer = TrilemmaExplorer(case)
    assert isinstance(explorer, widgets.VBox)
    assert is_png(explorer.image.value)
    assert "interpretation" in explorer.effects.value
    image, summary = explorer.image.value, explorer.summary.value
    option = case.trilemma.options[3]
    explorer.option.value = option.id
    assert explorer.image.value != image and explorer.summary.value != summary
    assert html.escape(option.label) in explorer.summary.value
    assert alt_text(explorer.image.value) == explorer.artists.summary != alt_text(image)  # the alt text follows
    lost, effect = sacrificed_goal(case.trilemma, option)
    assert f"It sacrifices <b>{html.escape(lost)}</b> (effect {effect:+.1f})" in explorer.effects.value
    assert html.escape(case.interpretation) in explorer.effects.value
    assert explorer.artists.highlighted == option.id


def test_trilemma_explorer_without_a_trilemma_says_so(case):
    explorer = TrilemmaExplorer(dataclasses.replace(case, trilemma=None))
    assert explorer.option is None
    assert "no policy trilemma" in explorer.effects.value
    assert "no policy trilemma" in explorer.summary.value


def test_actor_network_view_filter_changes_image_and_summary(case):
    view = ActorNetworkView(case)
    assert set(view.filters) == {r.type for r in case.relations}
    image, summary = view.image.value, view.summary.value
    relation = next(r for r in case.relations if len(r.factors) > 1)
    view.filters[relation.type].value = False
    assert view.image.value != image and view.summary.value != summary
    assert relation.type not in view.relation_types
    assert not view.artists.edges[relation.id].get_visible()
    view.set_weights(dict.fromkeys(relation.factors, 1.0))
    assert view.artists.edges[relation.id].arrow_patch.get_linewidth() == pytest.approx(3.6)


def test_robustness_view_run_is_seeded_and_updates_the_shares(case):
    view = RobustnessView(case, n=1_000, seed=3)
    first = view.result
    image, summary = view.image.value, view.summary.value
    view.run.click()
    assert view.result == first and view.image.value == image  # same seed, same spread: same answer
    view.spread.value = 0.45
    view.run.click()
    assert view.result.spread == 0.45 and view.result.shares != first.shares
    assert view.image.value != image and view.summary.value != summary
    assert "spread 0.45" in view.summary.value
    assert is_png(view.tornado_image.value) and "Tipping points" in view.tornado_summary.value


def test_robustness_view_set_weights_redraws_the_tornado(case):
    view = RobustnessView(case, n=500, seed=0)
    tornado = view.tornado_image.value
    weights = {f.id: f.default_weight * 0.85 if f.kind == "strain" else f.default_weight for f in case.factors}
    view.set_weights(weights)
    assert view.tornado_image.value != tornado
    movable = [row for row in tornado_rows(case, weights) if row.tip.weight is not None]
    assert f"{len(movable)} of {len(case.factors)}" in view.tornado_summary.value


def test_duration_scenario_slider_moves_the_marker_and_the_verdict(case):
    scenario = DurationScenario(case)
    assert scenario.months.value == 6 and (scenario.months.min, scenario.months.max) == (0, 36)
    assert "not the authors' claim" in scenario.summary.value.replace("&#x27;", "'")
    image = scenario.image.value
    scenario.months.value = 0
    assert scenario.image.value != image
    start = case.region_label(assess(case, months=0).region)
    assert f"after 0 {case.scenario.clock}" in scenario.summary.value and "(the before point)" in scenario.summary.value
    assert f"(verdict: {html.escape(start)})" not in scenario.summary.value  # the before point has no region name
    assert list(scenario.artists.now.get_xdata()) == [0, 0]
    notes = " ".join(child.value for child in scenario.children if isinstance(child, widgets.HTML)).replace("&#x27;", "'")
    assert "Entente Lab's model, not the authors' claim" in notes
    assert f"at 0 {case.scenario.unit} ({case.reference.label}, " in notes
    assert f"by {case.scenario.reference:g} {case.scenario.unit} every factor has the weight you set" in notes


def test_duration_scenario_set_weights_redraws_the_curves(case):
    scenario = DurationScenario(case)
    before = scenario.artists.strain.get_ydata().copy()
    scenario.set_weights({f.id: 0.2 for f in case.factors})
    assert (scenario.artists.strain.get_ydata() != before).any()


# ---------------------------------------------------------------- every case

@pytest.fixture(scope="module", params=sorted(OTHER_CASES))
def other_case(request):
    return load_case(OTHER_CASES[request.param])


def test_every_explorer_shows_another_case_in_its_own_words(other_case):
    """Built from the figures' handles: images, one-sentence captions, no bundled-case word, nothing shortened lost."""
    views = [TrilemmaExplorer(other_case), ActorNetworkView(other_case), RobustnessView(other_case, n=200),
             DurationScenario(other_case)]
    shown = []
    for view in views:
        shown += [child.value for child in view.children if isinstance(child, widgets.HTML)]
        for image, caption in ((getattr(view, "image", None), getattr(view, "summary", None)),
                               (getattr(view, "tornado_image", None), getattr(view, "tornado_summary", None))):
            if caption is not None:
                shown.append(caption.value)
            if image is not None and image.value:
                assert is_png(image.value)
    assert find_bundled_words(html.unescape(" ".join(shown))) == []
    # each figure's text alternative is its one-sentence summary, as it is now
    figures = [(view, "image", "artists") for view in (views[0], views[1], views[3])]
    figures += [(views[2], "image", "shares_artists"), (views[2], "tornado_image", "tornado_artists")]
    for view, image, handle in figures:
        if getattr(view, image, None) is not None and getattr(view, image).value:  # a case without that part shows none
            assert alt_text(getattr(view, image).value) == getattr(view, handle).summary
    tornado = views[2]
    for short, full in tornado.tornado_artists.full_labels.items():  # a shortened label is listed whole
        assert html.escape(full) in tornado.tornado_summary.value and html.escape(short) in tornado.tornado_summary.value
    if other_case.scenario is None:
        assert views[3].months is None and "no duration scenario" in views[3].children[0].value
