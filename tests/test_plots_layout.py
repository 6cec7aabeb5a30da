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

from entente_lab.case.vocabulary import FIGURE_LABEL_CHARS
from entente_lab.plots import _canvas as plots_canvas
from entente_lab.plots import classroom as plots_classroom
from entente_lab.plots import maps as plots_maps
from entente_lab.plots import plane as plots_plane
from entente_lab.plots import stress as plots_stress
from entente_lab.plots import timeline as plots_timeline
from entente_lab.plots import trilemma as plots_trilemma
from entente_lab.plots._canvas import FigureHandle, root_figure

from .bundled_words import find_bundled_words
from .conftest import OTHER_CASES, REPO
from .figures import FIGURES, exported_figures, figure_texts, inputs_for, layout_problems, load, render, save_rendered

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


@pytest.fixture(scope="module")
def laid_out(inputs):
    """Each (case, figure) drawn, rendered, updated and rendered again, once: ``(handle, problems drawn, problems updated)``.

    The PNG of the first rendering goes to ``artifacts/figures/``. The tests that take a
    figure from here only read it (its texts, its layout problems); the tests that update
    a handle draw their own.
    """
    made = {}

    def get(case_name, figure):
        if (case_name, figure) not in made:
            i = inputs(case_name)
            handle = FIGURES[figure].draw(i)
            drawn = layout_problems(handle, render(handle))  # warnings are errors: no layout engine gave up
            save_rendered(handle, ARTIFACTS / f"{case_name}-{figure.removeprefix('plot_')}.png")
            FIGURES[figure].update(handle, i)
            made[case_name, figure] = (handle, drawn, layout_problems(handle, render(handle)))
        return made[case_name, figure]

    return get


#: Every (case, figure) pair the figure can draw: a figure of a part the case lacks (the scenario) is refused.
DRAWN = [(case_name, figure) for case_name in sorted(CASES) for figure in sorted(FIGURES)
         if FIGURES[figure].drawable(load(CASES[case_name]))]
REFUSED = [(case_name, figure) for case_name in sorted(CASES) for figure in sorted(FIGURES)
           if (case_name, figure) not in DRAWN]

#: The figures that show the factors' labels.
FACTOR_FIGURES = {"plot_argument_map", "plot_balance", "plot_tornado", "plot_weight_distributions"}


def test_the_table_holds_every_figure_of_the_package():
    assert set(FIGURES) == exported_figures()
    assert REFUSED and {figure for _, figure in REFUSED} == {"plot_duration"}  # the third case has no scenario


@pytest.mark.parametrize(("case_name", "figure"), REFUSED)
def test_a_figure_of_a_part_the_case_lacks_is_refused_in_words(case_name, figure, inputs):
    with pytest.raises(ValueError, match="no duration scenario"):
        FIGURES[figure].draw(inputs(case_name))


@pytest.mark.parametrize(("case_name", "figure"), DRAWN)
def test_every_figure_lays_out_for_every_case(case_name, figure, laid_out):
    _handle, drawn, updated = laid_out(case_name, figure)
    assert drawn == []
    assert updated == []


@pytest.mark.parametrize(("case_name", "figure"), DRAWN)
def test_every_figure_keeps_the_handle_contract(case_name, figure, inputs):
    i = inputs(case_name)
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


@pytest.mark.parametrize(("case_name", "figure"), [pair for pair in DRAWN if pair[0] != "bundled"])
def test_another_case_shows_none_of_the_bundled_words(case_name, figure, laid_out):
    handle = laid_out(case_name, figure)[0]  # updated to the other data, and rendered
    shown = [text.get_text() for text in figure_texts(handle)]
    assert find_bundled_words("\n".join([handle.summary, *shown, *handle.full_labels.values()])) == []


@pytest.mark.parametrize(("case_name", "figure"), [pair for pair in DRAWN if pair[0] == "third"])
def test_a_shortened_label_keeps_its_full_text(case_name, figure, inputs, laid_out):
    """The third case's long labels are shortened in the figures; each one is listed whole on the handle."""
    i = inputs(case_name)
    handle = laid_out(case_name, figure)[0]  # updated to the other data, and rendered
    shown = [" ".join(text.get_text().split()) for text in figure_texts(handle)]
    for short, full in handle.full_labels.items():
        assert short != full and any(short in text for text in shown), short
    long_labels = {f.label for f in i.case.factors if len(f.label) > FIGURE_LABEL_CHARS or f.short_label}
    assert long_labels and not any(label in text for label in long_labels for text in shown)  # none drawn whole
    if figure in FACTOR_FIGURES:
        assert long_labels <= set(handle.full_labels.values())  # each listed whole on the handle


@pytest.mark.parametrize(("case_name", "figure"), [pair for pair in DRAWN if pair[0] == "third"])
def test_an_update_never_fits_or_measures_a_label_again(case_name, figure, inputs, monkeypatch):
    """Labels are fitted and measured once, when the figure is drawn: the slider's hot path does neither."""
    i = inputs(case_name)
    handle = FIGURES[figure].draw(i)

    def refuse(*args, **kwargs):
        raise AssertionError("an update fitted or measured a label")

    for module in (plots_canvas, plots_classroom, plots_maps, plots_plane, plots_stress, plots_timeline, plots_trilemma):
        for name in ("fit_label", "fitted", "text_size", "widest", "wrap_to_width"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, refuse)
    FIGURES[figure].update(handle, i)
    assert handle.summary == FIGURES[figure].summary(i, True)


def test_a_label_wrapped_after_a_hyphen_is_whole_and_not_listed_as_shortened():
    """textwrap breaks "business-as-usual" after a hyphen: that is a wrap, not a shortening.

    Before the fix the formal lens listed "Counter-claim: The business-as- usual reading"
    (with a space the label does not have) as a shortened form of the label itself.
    """
    label = "Counter-claim: The business-as-usual reading"
    result = plots_canvas.fit_label(label, chars=66, lines=3)
    assert "as-\nusual" in result.text  # the premise: the wrap breaks after the hyphen
    assert result.whole and result.shown == label
    book = {}
    plots_canvas.fitted(label, book, chars=66, lines=3)
    assert book == {}
    elided = plots_canvas.fit_label("Counter-claim: the business-as-usual reading of every single factor", chars=24)
    assert not elided.whole and "- " not in elided.shown and elided.shown.endswith("…")
