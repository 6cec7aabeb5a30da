"""The accessible controls in the kernel: values checked as ipywidgets checks them, state that agrees without a browser.

What the browser does with them (names, keys, focus, boxes) is tested in tests/test_browser.py.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import traitlets

from entente_lab.teaching import exercises as ex
from entente_lab.widgets import (
    ActorNetworkView,
    Dashboard,
    DatedEvidenceForm,
    DurationScenario,
    ExerciseWidget,
    MapBuilder,
    RobustnessView,
    TrilemmaExplorer,
    controls,
)

from .conftest import leave_box, press_enter

# ---------------------------------------------------------------- sliders


def test_a_slider_clips_its_value_and_follows_a_narrower_range():
    slider = controls.FloatSlider(value=0.8, min=0.0, max=1.0, step=0.05)
    slider.value = -3
    assert slider.value == 0.0
    slider.value = 0.6
    slider.min = 0.7
    assert slider.value == 0.7
    slider.max, slider.min = 0.9, 0.0
    slider.value = 2
    assert slider.value == 0.9


def test_a_value_given_with_its_range_is_checked_against_that_range_not_the_default():
    assert controls.FloatSlider(value=40.0, min=0.0, max=60.0).value == 40.0  # the default max is 10
    assert controls.IntSlider(value=300, min=0, max=500).value == 300  # the default max is 100


def test_bad_bounds_steps_and_formats_are_refused_with_the_fix():
    slider = controls.FloatSlider(value=0.5, min=0.0, max=1.0)
    with pytest.raises(traitlets.TraitError, match="min 2.0 is above max 1.0; give min <= max"):
        slider.min = 2.0
    with pytest.raises(traitlets.TraitError, match="step 0.0 must be above 0"):
        slider.step = 0
    with pytest.raises(traitlets.TraitError, match=r"readout_format '%d' is not '\.Nf'"):
        slider.readout_format = "%d"
    assert (slider.min, slider.max, slider.step, slider.readout_format) == (0.0, 1.0, 0.1, ".2f")


def test_an_int_slider_holds_whole_numbers():
    months = controls.IntSlider(value=3, min=0, max=12)
    months.set_state({"value": 7})
    assert months.value == 7 and isinstance(months.value, int)
    with pytest.raises(traitlets.TraitError):
        months.value = "seven"


def test_a_move_in_the_browser_reaches_observers_once_per_value():
    slider = controls.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="weight")
    seen = []
    slider.observe(lambda change: seen.append((change["old"], change["new"])), names="value")
    for value in (0.55, 0.6, 0.6, 1.4):  # what the browser sends; the last is outside the range
        slider.set_state({"value": value})
    assert seen == [(0.5, 0.55), (0.55, 0.6), (0.6, 1.0)]


def test_the_state_a_kernel_without_a_browser_keeps_is_the_checked_value():
    """nbval and nbclient run without a front end: the saved state is what Python checked."""
    slider = controls.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="trust", description_width="9rem")
    slider.value = 3.0
    state = slider.get_state()
    assert (state["value"], state["min"], state["max"], state["description"], state["description_width"]) == (
        1.0, 0.0, 1.0, "trust", "9rem")
    assert "data-lm-suppress-shortcuts" in state["_esm"] and "aria-valuetext" in state["_esm"]


def test_hold_sync_sends_several_values_as_one_change():
    slider = controls.FloatSlider(value=0.5, min=0.0, max=1.0)
    with slider.hold_sync():
        slider.value, slider.max = 0.9, 0.8
    assert slider.value == 0.8


def test_the_repr_has_no_memory_address():
    assert repr(controls.IntSlider(value=2, description="months")) == "IntSlider(value=2, description='months')"
    assert "0x" not in repr(widgets.VBox([controls.Dropdown(options=["a", "b"])]))


# ---------------------------------------------------------------- choices


@pytest.mark.parametrize("kind", [controls.RadioButtons, controls.Dropdown])
def test_without_a_value_the_first_option_is_chosen_as_in_ipywidgets(kind):
    choice = kind(options=[("one", 1), ("two", 2)])
    reference = {controls.RadioButtons: widgets.RadioButtons, controls.Dropdown: widgets.Dropdown}[kind](
        options=[("one", 1), ("two", 2)])
    assert (choice.value, choice.index, choice.label) == (reference.value, reference.index, reference.label) == (1, 0, "one")


@pytest.mark.parametrize("kind", [controls.RadioButtons, controls.Dropdown])
def test_value_none_chooses_nothing_or_the_option_whose_value_is_none(kind):
    blank = kind(options=[("one", 1), ("two", 2)], value=None)
    assert (blank.value, blank.index, blank.label) == (None, None, None)
    choose = kind(options=[("— choose —", None), ("one", 1)], value=None)
    assert (choose.value, choose.index, choose.label) == (None, 0, "— choose —")


@pytest.mark.parametrize("kind", [controls.RadioButtons, controls.Dropdown])
def test_index_value_and_label_always_agree(kind):
    choice = kind(options=[("one", "a"), ("two", "b"), ("three", "c")], value=None, description="Pick")
    seen = []
    choice.observe(lambda change: seen.append(change["new"]), names="value")
    choice.set_state({"index": 2})  # what a click or an arrow key in the browser sends
    assert (choice.value, choice.label, choice.get_state()["index"]) == ("c", "three", 2)
    choice.value = "a"  # what Python sets (a preset, set_answer) reaches the browser as an index
    assert (choice.index, choice.label, choice.get_state()["index"]) == (0, "one", 0)
    choice.value = None
    assert (choice.index, choice.label) == (None, None)
    assert seen == ["c", "a", None]


@pytest.mark.parametrize("kind", [controls.RadioButtons, controls.Dropdown])
def test_a_value_or_index_outside_the_options_is_refused_and_nothing_changes(kind):
    choice = kind(options=[("one", "a"), ("two", "b")], value="b")
    with pytest.raises(traitlets.TraitError, match=r"'z' is not one of the options \('a', 'b'\)"):
        choice.value = "z"
    with pytest.raises(traitlets.TraitError, match="index 5 is outside the 2 options"):
        choice.index = 5
    assert (choice.value, choice.index) == ("b", 1)


def test_options_may_be_plain_labels_and_a_new_list_keeps_a_value_it_still_has():
    menu = controls.Dropdown(options=["red", "green"], value="green")
    assert menu.options == (("red", "red"), ("green", "green")) and menu.get_state()["_options_labels"] == ["red", "green"]
    menu.options = ["blue", "green"]
    assert (menu.value, menu.index) == ("green", 1)
    menu.options = ["blue"]
    assert (menu.value, menu.index) == (None, None)
    with pytest.raises(traitlets.TraitError, match="options must be a list"):
        menu.options = "blue"


def test_disabled_and_description_reach_the_browser():
    choice = controls.RadioButtons(options=["x", "y"], description="I expect:")
    choice.disabled = True
    state = choice.get_state()
    assert state["disabled"] is True and state["description"] == "I expect:"
    assert "<fieldset>" not in state["_esm"] and 'make("fieldset")' in state["_esm"]


# ---------------------------------------------------------------- the text box


def _box_with_actions():
    box, seen = controls.TextBox(description="Because", placeholder="one line"), []
    box.on_enter(seen.append)
    return box, seen


def test_enter_runs_the_action_with_the_text_it_carries_not_the_value_typed_so_far():
    """In the browser the key-by-key value is paced, so Enter may arrive while the value still says "the"."""
    box, seen = _box_with_actions()
    for typed in ("t", "th", "the"):  # the value, key by key, as far as it has arrived
        box.set_state({"value": typed})
    press_enter(box, "the costs pile up")
    assert seen == ["the costs pile up"] and box.value == "the costs pile up"
    box.set_state({"value": "the costs pile up"})  # the paced value catching up changes nothing
    assert seen == ["the costs pile up"]


def test_typing_or_leaving_the_box_keeps_the_text_and_runs_nothing():
    box, seen = _box_with_actions()
    changes = []
    box.observe(lambda change: changes.append(change["new"]), names="value")
    box.set_state({"value": "sanctions"})
    box.value = "sanctions bite"  # set from Python
    leave_box(box, "sanctions bite hard")  # Tab, or a click on another region
    assert seen == [] and box.value == "sanctions bite hard"
    assert changes == ["sanctions", "sanctions bite", "sanctions bite hard"]


def test_enter_in_a_blank_box_runs_the_action_as_the_button_does():
    """The action says what is missing (a reason, a name), as a click on its button does."""
    box, seen = _box_with_actions()
    press_enter(box, "  ")
    assert seen == ["  "]


def test_a_disabled_box_and_messages_it_does_not_know_run_nothing():
    box, seen = _box_with_actions()
    for content in ({"event": "enter"}, {"event": "enter", "value": 3}, {"event": "paste", "value": "x"}, "enter", None):
        box._handle_custom_msg(content, [])
    assert seen == [] and box.value == ""
    box.disabled = True
    press_enter(box, "too late")
    assert seen == []


def test_the_text_box_is_named_and_leaves_its_keys_to_the_student():
    state = controls.TextBox(description="Your name", placeholder="a name", value="Ana").get_state()
    assert (state["description"], state["placeholder"], state["value"]) == ("Your name", "a name", "Ana")
    assert 'keys(make("input", { type: "text"' in state["_esm"]  # the input carries data-lm-suppress-shortcuts
    assert repr(controls.TextBox(description="Because", value="x")) == "TextBox(value='x', description='Because')"


# ---------------------------------------------------------------- the lab's panels use them


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def test_no_panel_shows_an_ipywidgets_slider_radio_dropdown_or_toggle_buttons(case):
    """The unnamed noUiSlider handles, the radios and menus that lose their arrow keys, and the toggle buttons
    that never tell a screen reader which one is pressed (ipywidgets sets no aria-pressed) are gone."""
    panels = [Dashboard(case, require_prediction=True), MapBuilder(case), DatedEvidenceForm(case), TrilemmaExplorer(case),
              ActorNetworkView(case), RobustnessView(case, n=200), DurationScenario(case),
              *(ExerciseWidget(case, exercise_id) for exercise_id in ex.EXERCISE_IDS)]
    old = (widgets.FloatSlider, widgets.IntSlider, widgets.RadioButtons, widgets.Dropdown, widgets.ToggleButtons)
    shown = [w for panel in panels for w in _tree(panel)]
    assert [type(w).__name__ for w in shown if isinstance(w, old)] == []
    ours = [w for w in shown if isinstance(w, (controls.FloatSlider, controls.IntSlider, controls.RadioButtons,
                                                controls.Dropdown))]
    assert len(ours) > 30
    unnamed = [w for w in ours if not (w.description or w.tooltip)]
    assert unnamed == []
