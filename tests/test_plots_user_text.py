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
from matplotlib.figure import Figure

import entente_lab
from entente_lab import assess, robustness, save_weighting
from entente_lab import plots as plots_package
from entente_lab.aggregate import aggregate
from entente_lab.plots import classroom as class_plots
from entente_lab.plots import maps, plane, stress, timeline, trilemma
from entente_lab.plots._canvas import png_bytes, root_figure

from .conftest import CASE_FILE

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


def _axes_of(artists):
    if isinstance(artists, dict):
        return artists["ax"]
    if hasattr(artists, "ax"):
        return artists.ax
    return next(iter(artists.axes.values()))  # the balance figure: one axes per kind


def _draw(artists) -> None:
    """Render to PNG, where mathtext is parsed, turning any warning into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert png_bytes(root_figure(_axes_of(artists)), dpi=40)


def _figures(case, report):
    """Every plotting function of the package, called on the hostile case (and updated where it can be)."""
    weights = case.default_weights()
    other = {f.id: 1.0 - w for f, w in zip(case.factors, weights.values(), strict=True)}
    result = robustness(case, n=200, seed=1)
    assessment = assess(case)

    def argument_map():
        artists = maps.plot_argument_map(case)
        maps.update_argument_map(artists, other, case=case)
        return artists

    def actor_network():
        artists = maps.plot_actor_network(case)
        maps.update_actor_network(artists, case, other)
        return artists

    def tornado():
        artists = stress.plot_tornado(case)
        stress.update_tornado(artists, case, other)
        return artists

    def qbaf():
        artists = stress.plot_qbaf_comparison(case)
        stress.update_qbaf_comparison(artists, case, other)
        return artists

    def trilemma_figure():
        artists = trilemma.plot_trilemma(case)
        trilemma.update_trilemma(artists, case.trilemma.options[0].id)
        return artists

    def duration():
        artists = timeline.plot_duration(case)
        timeline.update_duration(artists, case, other, months=30)
        return artists

    def balance():
        artists = plane.plot_balance(assessment, case)
        plane.update_balance(artists, assess(case, other))
        return artists

    return {
        "plot_argument_map": argument_map,
        "plot_actor_network": actor_network,
        "plot_region_shares": lambda: stress.plot_region_shares(result),
        "plot_tornado": tornado,
        "plot_qbaf_comparison": qbaf,
        "plot_trilemma": trilemma_figure,
        "plot_timeline": lambda: timeline.plot_timeline(case),
        "plot_duration": duration,
        "plot_paradox_plane": lambda: plane.plot_paradox_plane(assessment, case=case),
        "plot_balance": balance,
        "plot_class_plane": lambda: class_plots.plot_class_plane(report, ax=Figure().add_subplot()),
        "plot_weight_distributions": lambda: class_plots.plot_weight_distributions(report, ax=Figure().add_subplot()),
    }


def test_the_test_draws_every_figure_of_the_package(hostile_case, hostile_report):
    exported = {name for name in dir(plots_package) if name.startswith("plot_")}
    assert exported == set(_figures(hostile_case, hostile_report))


@pytest.mark.parametrize("name", sorted(name for name in dir(plots_package) if name.startswith("plot_")))
def test_every_figure_draws_dollars_backslashes_and_underscores_as_written(name, hostile_case, hostile_report):
    artists = _figures(hostile_case, hostile_report)[name]()
    _draw(artists)
    shown = []
    for text in root_figure(_axes_of(artists)).findobj(lambda artist: hasattr(artist, "_preprocess_math")):
        as_drawn, is_math = text._preprocess_math(text.get_text())  # what matplotlib will draw
        assert not is_math, text.get_text()
        shown.append(as_drawn)
    if name not in {"plot_region_shares", "plot_paradox_plane", "plot_duration"}:  # these draw no case text
        assert any("$x$ and $y$" in line for text in shown for line in [text.replace("\n", " ")]), name


def test_the_timeline_draws_the_earliest_and_latest_dates_a_case_accepts(tmp_path):
    """A case with events in year 1 and year 9999 validates; its timeline drew 40,000 ticks and then failed."""
    text = CASE_FILE.read_text(encoding="utf-8")
    for old, new in (('date: "2021-08-30"', 'date: "0001-01-01"'), ('date: "2022-08-18"', 'date: "9999-12-31"')):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "far.yaml"
    path.write_text(text, encoding="utf-8")
    artists = timeline.plot_timeline(entente_lab.load_case(path))
    _draw(artists)
    years = [int(label.get_text()) for label in artists.ax.get_xticklabels()]
    assert 5 <= len(years) <= 13 and years == sorted(years)
