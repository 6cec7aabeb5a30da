"""Every figure, for every case in the suite: labels of any length lay out, words come from the case.

For the bundled case and each invented case in ``tests/cases`` (long labels, other
region and side names, no trilemma, no scenario), every figure function of the package
is drawn, updated and rendered, and must: raise no warning (the suite turns warnings
into errors, and the layout engine warns when it gives up); keep every text inside the
figure; print no two labels of one axes over each other; keep a usable plot area;
honour the handle contract; and say in one sentence, in the case's words only, what it
shows. The PNGs go to ``artifacts/figures/`` (git-ignored), to be looked at.
"""

from __future__ import annotations

import re

import pytest

from entente_lab.plots._canvas import FigureHandle, root_figure

from .bundled_words import find_bundled_words
from .conftest import OTHER_CASES, REPO
from .figures import FIGURES, draw_and_update, exported_figures, figure_texts, inputs_for, layout_problems, load, render, save_rendered

ARTIFACTS = REPO / "artifacts" / "figures"
CASES = {"bundled": None, **OTHER_CASES}


def one_sentence(text: str) -> bool:
    """Ends with a full stop and has no sentence break inside (abbreviations like 'U.S.' aside)."""
    inner = text[:-1].replace("U.S.", "US").replace("et al.", "et al")
    return text.endswith(".") and not re.search(r"[.!?]\s+[A-Z]", inner) and "\n" not in text


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    made = {}

    def get(name):
        if name not in made:
            made[name] = inputs_for(load(CASES[name]), tmp_path_factory.mktemp(name))
        return made[name]

    return get


def test_the_table_holds_every_figure_of_the_package():
    assert set(FIGURES) == exported_figures()


@pytest.mark.parametrize("figure", sorted(FIGURES))
@pytest.mark.parametrize("case_name", sorted(CASES))
def test_every_figure_lays_out_for_every_case(case_name, figure, inputs):
    i = inputs(case_name)
    if not FIGURES[figure].drawable(i.case):
        with pytest.raises(ValueError, match="no duration scenario"):
            FIGURES[figure].draw(i)
        return
    handle = FIGURES[figure].draw(i)
    problems = layout_problems(handle, render(handle))  # warnings are errors: no layout engine gave up
    save_rendered(handle, ARTIFACTS / f"{case_name}-{figure.removeprefix('plot_')}.png")
    assert problems == []
    FIGURES[figure].update(handle, i)
    assert layout_problems(handle, render(handle)) == []


@pytest.mark.parametrize("figure", sorted(FIGURES))
@pytest.mark.parametrize("case_name", sorted(CASES))
def test_every_figure_keeps_the_handle_contract(case_name, figure, inputs):
    i = inputs(case_name)
    if not FIGURES[figure].drawable(i.case):
        return
    handle = FIGURES[figure].draw(i)
    assert isinstance(handle, FigureHandle)
    assert handle.figure is root_figure(handle.ax) and handle.ax in handle.figure.axes
    assert type(handle).update is not FigureHandle.update and type(handle).summary is not FigureHandle.summary
    assert handle.summary == FIGURES[figure].summary(i, False)
    artists = len(handle.ax.get_children())
    FIGURES[figure].update(handle, i)
    assert len(handle.ax.get_children()) == artists  # moved in place: nothing drawn anew
    assert handle.summary == FIGURES[figure].summary(i, True)
    assert one_sentence(handle.summary), handle.summary
    assert handle._repr_mimebundle_()["text/plain"] == handle.summary


@pytest.mark.parametrize("figure", sorted(FIGURES))
@pytest.mark.parametrize("case_name", sorted(OTHER_CASES))
def test_another_case_shows_none_of_the_bundled_words(case_name, figure, inputs):
    i = inputs(case_name)
    if not FIGURES[figure].drawable(i.case):
        return
    handle = draw_and_update(figure, i)
    render(handle)
    shown = [text.get_text() for text in figure_texts(handle)]
    assert find_bundled_words("\n".join([handle.summary, *shown, *handle.full_labels.values()])) == []


@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_a_shortened_label_keeps_its_full_text(figure, inputs):
    """The third case's long labels are shortened in the figures; each one is listed whole on the handle."""
    i = inputs("third")
    if not FIGURES[figure].drawable(i.case):
        return
    handle = draw_and_update(figure, i)
    render(handle)
    shown = [" ".join(text.get_text().split()) for text in figure_texts(handle)]
    for short, full in handle.full_labels.items():
        assert short != full and any(short in text for text in shown), short
    long_labels = {f.label for f in i.case.factors if len(f.label) > 60}
    drawn_whole = {label for label in long_labels if any(label in text for text in shown)}
    assert drawn_whole == set()  # figures that show factors shorten the long ones...
    if any(f.label in handle.full_labels.values() for f in i.case.factors):
        assert long_labels <= set(handle.full_labels.values())  # ...and keep every one of them whole
