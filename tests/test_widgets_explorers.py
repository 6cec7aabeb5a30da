"""The trilemma, actor-network, robustness and war-duration explorers: controls change image and text."""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import pytest

from entente_lab.widgets.explorers import ActorNetworkView, DurationScenario, RobustnessView, TrilemmaExplorer


def is_png(data: bytes) -> bool:
    return bytes(data).startswith(b"\x89PNG")


def test_trilemma_explorer_shows_effects_and_what_the_option_sacrifices(case):
    explorer = TrilemmaExplorer(case)
    assert isinstance(explorer, widgets.VBox)
    assert is_png(explorer.image.value)
    assert "interpretation" in explorer.effects.value
    image, summary = explorer.image.value, explorer.summary.value
    explorer.option.value = "supply-arms"
    assert explorer.image.value != image and explorer.summary.value != summary
    assert "Supply arms to Russia" in explorer.summary.value
    assert "It sacrifices <b>Relations with the West</b> (effect -1.0)" in explorer.effects.value
    assert "Entente Lab&#x27;s interpretation" in explorer.effects.value
    assert explorer.artists.highlighted == "supply-arms"


def test_trilemma_explorer_without_a_trilemma_says_so(case):
    explorer = TrilemmaExplorer(dataclasses.replace(case, trilemma=None))
    assert explorer.option is None
    assert "no policy trilemma" in explorer.effects.value
    assert "no policy trilemma" in explorer.summary.value


def test_actor_network_view_filter_changes_image_and_summary(case):
    view = ActorNetworkView(case)
    assert set(view.filters) == {r.type for r in case.relations}
    image, summary = view.image.value, view.summary.value
    view.filters["rivalry"].value = False
    assert view.image.value != image and view.summary.value != summary
    assert "rivalry" not in view.relation_types
    assert not view.artists.edges["china-india-rivalry"].get_visible()
    view.set_weights({"protracted-war": 1.0, "expected-short-war": 1.0})
    assert view.artists.edges["russia-ukraine-war"].arrow_patch.get_linewidth() == pytest.approx(3.6)


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
    view.set_weights({f.id: f.default_weight * 0.85 if f.kind == "strain" else f.default_weight
                      for f in case.factors})
    assert view.tornado_image.value != tornado
    assert "10 of 19" in view.tornado_summary.value


def test_duration_scenario_slider_moves_the_marker_and_the_verdict(case):
    scenario = DurationScenario(case)
    assert scenario.months.value == 6 and (scenario.months.min, scenario.months.max) == (0, 36)
    assert "not the authors' claim" in scenario.summary.value.replace("&#x27;", "'")
    image = scenario.image.value
    scenario.months.value = 0
    assert scenario.image.value != image
    assert "after 0 months of war" in scenario.summary.value and "no-limits alignment" in scenario.summary.value
    assert list(scenario.artists.now.get_xdata()) == [0, 0]
    notes = " ".join(child.value for child in scenario.children if isinstance(child, widgets.HTML))
    assert "the package's model, not the authors' claim" in notes.replace("&#x27;", "'")


def test_duration_scenario_set_weights_redraws_the_curves(case):
    scenario = DurationScenario(case)
    before = scenario.artists.strain.get_ydata().copy()
    scenario.set_weights({f.id: 0.2 for f in case.factors})
    assert (scenario.artists.strain.get_ydata() != before).any()


def test_every_control_is_a_keyboard_operable_widget(case):
    controls = [TrilemmaExplorer(case).option, RobustnessView(case, n=200).spread, RobustnessView(case, n=200).run,
                DurationScenario(case).months, *ActorNetworkView(case).filters.values()]
    for control in controls:
        assert isinstance(control, (widgets.Dropdown, widgets.FloatSlider, widgets.IntSlider, widgets.Button,
                                    widgets.Checkbox))
        assert not control.disabled
