"""Text from a case file or a submission is drawn as written: never parsed as mathtext.

A label with two ``$`` is mathtext to matplotlib; a backslash or an underscore inside it
then fails to parse and the whole figure (and the class report that embeds it) is lost.
Every figure of :mod:`entente_lab.plots` is drawn here for a case whose labels, names and
terms carry ``$``, ``\\`` and ``_``.
"""

from __future__ import annotations

import warnings

import pytest
import yaml

import entente_lab
from entente_lab import save_weighting
from entente_lab.classroom.aggregate import aggregate
from entente_lab.plots import timeline
from entente_lab.plots._canvas import png_bytes

from .conftest import CASE_FILE
from .figures import FIGURES, Inputs, draw_and_update

HOSTILE = r" $x$ and $y$, $a_$ \ b_c"  # six dollar signs: mathtext to matplotlib, and "$a_$" fails to parse


def _with_hostile_text(node):
    """The case data with every label, name, title and term cut to 12 characters and followed by ``HOSTILE``."""
    if isinstance(node, dict):
        return {k: (v[:12] + HOSTILE if k in {"label", "name", "title", "term"} and isinstance(v, str)
                    else _with_hostile_text(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_hostile_text(v) for v in node]
    return node


@pytest.fixture(scope="module")
def hostile_case(tmp_path_factory):
    data = _with_hostile_text(yaml.safe_load(CASE_FILE.read_text(encoding="utf-8")))
    path = tmp_path_factory.mktemp("case") / "dollars.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    case = entente_lab.load_case(path)
    assert "$x$" in case.factors[0].label and "$x$" in case.actors[0].name
    return case


@pytest.fixture(scope="module")
def hostile_report(hostile_case, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    for i, name in enumerate([f"Student $a_{i}$ \\" for i in range(3)]):
        weights = {f.id: (i + 1) / 4 for f in hostile_case.factors}
        save_weighting(hostile_case, weights, name=name, folder=folder, verdict_text=f"it is $x_{i}$")
    report = aggregate(folder, case=hostile_case)
    assert report.n_students == 3
    return report


def _draw(handle) -> None:
    """Render to PNG, where mathtext is parsed, turning any warning into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert png_bytes(handle.figure, dpi=40)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_draws_dollars_backslashes_and_underscores_as_written(name, hostile_case, hostile_report):
    handle = draw_and_update(name, Inputs(hostile_case, hostile_report, hostile_report))
    _draw(handle)
    shown = []
    for text in handle.figure.findobj(lambda artist: hasattr(artist, "_preprocess_math")):
        as_drawn, is_math = text._preprocess_math(text.get_text())  # what matplotlib will draw
        assert not is_math, text.get_text()
        shown.append(as_drawn)
    if name not in {"plot_region_shares", "plot_plane", "plot_duration"}:  # these draw no case text
        assert any("$x$ and $y$" in line for text in shown for line in [text.replace("\n", " ")]), name


def test_the_timeline_draws_the_earliest_and_latest_dates_a_case_accepts(tmp_path):
    """A case with events in year 1 and year 9999 validates; its timeline drew 40,000 ticks and then failed."""
    text = CASE_FILE.read_text(encoding="utf-8")
    dates = sorted(event.date for event in entente_lab.load_case(CASE_FILE).events)
    for old, new in ((f'date: "{dates[0]}"', 'date: "0001-01-01"'), (f'date: "{dates[-1]}"', 'date: "9999-12-31"')):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "far.yaml"
    path.write_text(text, encoding="utf-8")
    handle = timeline.plot_timeline(entente_lab.load_case(path))
    _draw(handle)
    years = [int(label.get_text()) for label in handle.ax.get_xticklabels()]
    assert 5 <= len(years) <= 13 and years == sorted(years)
