"""The argument map, actor network, stress, trilemma, timeline and duration figures.

Each figure renders on the bundled case without warnings, returns its handle, has a
one-sentence summary with the key numbers, and updates in place. The numbers and
words expected are read from the case, never written here. Every figure is saved to
``artifacts/figures/`` (git-ignored) so a person can look at it.
"""

from __future__ import annotations

import dataclasses
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from entente_lab import assess, preset_weights, robustness
from entente_lab.analysis.graphs import actor_graph
from entente_lab.plots import maps, stress, timeline, trilemma
from entente_lab.plots._canvas import root_figure
from entente_lab.plots.style import KIND_STYLE, RELATION_STYLE

FIGURES = Path(__file__).resolve().parents[1] / "artifacts" / "figures"


def save(artists, name: str) -> Path:
    """Render the figure to PNG (raising on any warning) and keep it for inspection."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    path = FIGURES / f"{name}.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        root_figure(artists.ax).savefig(path, dpi=100)
    assert path.stat().st_size > 5_000
    return path


def png(artists) -> bytes:
    buffer = io.BytesIO()
    root_figure(artists.ax).savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def one_sentence(text: str) -> bool:
    """Ends with a full stop and has no sentence break inside (abbreviations like 'U.S.' aside)."""
    inner = text[:-1].replace("U.S.", "US").replace("et al.", "et al")
    return text.endswith(".") and not re.search(r"[.!?]\s+[A-Z]", inner) and "\n" not in text


def all_text(ax) -> str:
    texts = [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_yticklabels()]
    texts += [t.get_text() for t in ax.get_xticklabels()]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(texts)


@pytest.fixture
def new_ax():
    return Figure(figsize=(8, 6)).add_subplot()


# ---------------------------------------------------------------- argument map

def test_argument_map_draws_every_factor_by_kind_with_colour_and_shape(case):
    artists = maps.plot_argument_map(case)
    save(artists, "argument_map")
    for kind in ("strength", "strain"):
        assert artists.factor_ids[kind] == [f.id for f in case.factors_of_kind(kind)]
        nodes = artists.nodes[kind]
        assert len(nodes.get_offsets()) == len(case.factors_of_kind(kind))
        # kind by colour AND shape: the two kinds have different marker paths
    strength_path = artists.nodes["strength"].get_paths()[0].vertices
    strain_path = artists.nodes["strain"].get_paths()[0].vertices
    assert strength_path.shape != strain_path.shape or not np.allclose(strength_path, strain_path)
    assert KIND_STYLE["strength"]["color"] != KIND_STYLE["strain"]["color"]


def test_argument_map_layout_is_layered_and_deterministic(case):
    first, second = maps.plot_argument_map(case), maps.plot_argument_map(case)
    assert first.positions == second.positions
    xs = {node: x for node, (x, _) in first.positions.items()}
    claims = {xs[c.id] for c in case.claims}
    factors = {xs[f.id] for f in case.factors}
    assert len(claims) == len(factors) == 1 and xs["thesis"] < claims.pop() < factors.pop()


def test_argument_map_node_size_follows_weight_and_update_resizes(case):
    first, second = (f.id for f in case.factors_of_kind("strength")[:2])
    artists = maps.plot_argument_map(case, {first: 1.0, second: 0.0})
    sizes = dict(zip(artists.factor_ids["strength"], artists.nodes["strength"].get_sizes(), strict=True))
    assert sizes[first] > sizes[second]
    before = png(artists)
    artists.update({first: 0.0, second: 1.0})
    sizes = dict(zip(artists.factor_ids["strength"], artists.nodes["strength"].get_sizes(), strict=True))
    assert sizes[first] < sizes[second]
    assert artists.labels[second].get_text().endswith("(1.00)")
    assert png(artists) != before


def test_argument_map_summary_is_one_sentence_with_counts_and_heaviest_factors(case):
    text = maps.argument_map_summary(case)
    assert one_sentence(text)
    for kind in ("strength", "strain"):
        factors = case.factors_of_kind(kind)
        heaviest = max(factors, key=lambda f: f.default_weight)
        assert f'{len(factors)} {case.side(kind).label} factors (heaviest "{heaviest.label}", {heaviest.default_weight:.2f})' in text
    assert case.thesis.label in text


def test_argument_map_draws_on_a_given_axes(case, new_ax):
    artists = maps.plot_argument_map(case, ax=new_ax)
    assert artists.ax is new_ax
    assert artists._repr_png_().startswith(b"\x89PNG")


# ---------------------------------------------------------------- actor network

def _one_factor_relations(case):
    """Two relations that each rest on one factor of their own."""
    single = [r for r in case.relations if len(r.factors) == 1]
    wide = single[0]
    thin = next(r for r in single if r.factors[0] != wide.factors[0])
    return wide, thin


def test_actor_network_styles_relations_by_type_and_weights_edges(case):
    wide, thin = _one_factor_relations(case)
    artists = maps.plot_actor_network(case, {wide.factors[0]: 1.0, thin.factors[0]: 0.0})
    save(artists, "actor_network")
    assert set(artists.nodes) == {a.id for a in case.actors}
    assert set(artists.edges) == {r.id for r in case.relations}
    for relation in case.relations:
        patch = artists.edges[relation.id].arrow_patch
        style = RELATION_STYLE[relation.type]
        assert np.allclose(patch.get_edgecolor()[:3], _rgb(style["color"]))
    assert artists.edges[wide.id].arrow_patch.get_linewidth() > artists.edges[thin.id].arrow_patch.get_linewidth()
    legend_text = all_text(artists.ax)
    assert all(t in legend_text for t in {r.type for r in case.relations})


def _rgb(colour):
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def test_actor_network_layout_is_fixed_with_the_two_most_connected_actors_in_the_middle(case):
    positions = maps.actor_layout(actor_graph(case))
    assert positions == maps.actor_layout(actor_graph(case))
    middle = sorted(a for a, (x, y) in positions.items() if np.hypot(x, y) < 1)
    degree = {a.id: sum(a.id in (r.source, r.target) for r in case.relations) for a in case.actors}
    assert len(middle) == 2 and min(degree[a] for a in middle) >= max(d for a, d in degree.items() if a not in middle)


def test_actor_layout_takes_any_graph_not_a_case():
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(["a", "hub", "b", "c", "other-hub"])
    graph.add_edges_from([("hub", "a"), ("hub", "b"), ("other-hub", "c"), ("hub", "other-hub"), ("b", "hub"), ("c", "other-hub")])
    positions = maps.actor_layout(graph)
    assert positions["hub"] == (-0.6, 0.0) and positions["other-hub"] == (0.6, 0.0)
    assert {round(float(np.hypot(*positions[n])), 6) for n in ("a", "b", "c")} == {1.7}
    assert positions["c"][0] > 0 > positions["a"][0]  # each outer node leans towards its own hub


def test_actor_network_filter_and_reweighting_update_in_place(case):
    artists = maps.plot_actor_network(case)
    before = png(artists)
    relation = next(r for r in case.relations if len(r.factors) > 1)
    shown = {relation.type, case.relations[0].type}
    artists.update(dict.fromkeys(relation.factors, 1.0), relation_types=shown)
    visible = {rid for rid, edge in artists.edges.items() if edge.get_visible()}
    assert visible == {r.id for r in case.relations if r.type in shown}
    assert artists.edges[relation.id].arrow_patch.get_linewidth() == pytest.approx(3.6)
    assert png(artists) != before


def test_actor_network_summary_names_counts_and_the_heaviest_relation(case):
    text = maps.actor_network_summary(case)
    assert one_sentence(text)
    middle = [a.name for a in case.actors if np.hypot(*maps.actor_layout(actor_graph(case))[a.id]) < 1]
    assert f"{len(case.actors)} actors and {len(case.relations)} relations" in text
    assert f"{' and '.join(middle)} in the middle" in text
    kind = case.relations[-1].type
    count = sum(r.type == kind for r in case.relations)
    filtered = maps.actor_network_summary(case, relation_types={kind})
    assert f"{count} relations shown ({count} {kind})" in filtered and one_sentence(filtered)


# ---------------------------------------------------------------- robustness and tornado

def test_region_shares_bars_names_and_percentages(case):
    result = robustness(case, n=3_000, seed=2)
    artists = stress.plot_region_shares(result, case=case)
    save(artists, "region_shares")
    widths = [bar.get_width() for bar in artists.bars]
    assert widths == pytest.approx(list(result.shares.values()))
    assert [t.get_text() for t in artists.values] == [f"{s:.0%}" for s in result.shares.values()]
    labels = [" ".join(t.get_text().split()) for t in artists.ax.get_yticklabels()]
    assert labels[0] == f"{case.region_label(result.verdict)} (yours)"  # the case's name for the region, not its code
    hatches = {bar.get_hatch() for bar in artists.bars}
    assert len(hatches) == 4  # each region has its own hatch, not only its colour


def test_region_shares_update_moves_the_bars(case):
    artists = stress.plot_region_shares(robustness(case, n=1_000, seed=2), case)
    before = png(artists)
    other = robustness(case, preset_weights(case, case.presets[2].id), n=1_000, seed=2, spread=0.3)
    artists.update(other)
    assert [bar.get_width() for bar in artists.bars] == pytest.approx(list(other.shares.values()))
    assert "spread 0.3" in artists.title.get_text()
    assert png(artists) != before


def test_region_shares_summary(case):
    result = robustness(case, n=2_000, seed=1)
    text = stress.region_shares_summary(result, case)
    assert one_sentence(text) and "2,000" in text and f"{result.agreement:.0%}" in text
    assert f"keep your verdict, {case.region_label(result.verdict)};" in text  # the case's name, never the code
    assert result.verdict not in text


def _near_boundary(case):
    return {f.id: (f.default_weight * 0.85 if f.kind == "strain" else f.default_weight) for f in case.factors}


def test_tornado_rows_are_sorted_by_closeness_with_none_last(case):
    artists = stress.plot_tornado(case, _near_boundary(case))
    save(artists, "tornado")
    rows = stress.tornado_rows(case, _near_boundary(case))
    assert artists.factors == [r.factor for r in rows]
    distances = [abs(r.tip.weight - r.weight) for r in rows if r.tip.weight is not None]
    assert distances == sorted(distances)
    nones = [i for i, r in enumerate(rows) if r.tip.weight is None]
    assert nones and nones == list(range(len(rows) - len(nones), len(rows)))
    notes = [t.get_text() for t in artists.notes]
    assert notes[-1] == "none in [0, 1]"
    assert notes[0] == f"below {rows[0].tip.weight:.2f}: {case.region_label(rows[0].tip.verdict_after)}"
    # the span runs from the current weight to the tipping weight
    first = rows[0]
    bar = artists.bars[0]
    assert bar.get_x() == pytest.approx(min(first.weight, first.tip.weight))
    assert bar.get_width() == pytest.approx(abs(first.weight - first.tip.weight))


def test_tornado_update_refills_the_rows(case):
    artists = stress.plot_tornado(case)
    assert {t.get_text() for t in artists.notes} == {"none in [0, 1]"}
    before = png(artists)
    artists.update(_near_boundary(case))
    assert artists.notes[0].get_text() != "none in [0, 1]"
    assert png(artists) != before


def test_tornado_summary_names_the_closest_factor(case):
    text = stress.tornado_summary(case, _near_boundary(case))
    rows = stress.tornado_rows(case, _near_boundary(case))
    movable = [row for row in rows if row.tip.weight is not None]
    assert one_sentence(text) and f"{len(movable)} of {len(case.factors)}" in text and f'"{movable[0].label}"' in text
    assert "no single factor" in stress.tornado_summary(case)


def test_qbaf_comparison_draws_both_semantics_hatched_and_plain(case):
    weights = preset_weights(case, case.presets[2].id)
    artists = stress.plot_qbaf_comparison(case, weights)
    save(artists, "qbaf_comparison")
    values = stress.qbaf_comparison_values(case, weights)
    for semantics, bars in artists.bars.items():
        assert [b.get_height() for b in bars] == pytest.approx(list(values[semantics].values()))
    assert artists.bars["quadratic-energy"][0].get_hatch() in (None, "")
    assert artists.bars["df-quad"][0].get_hatch() == "//"
    before = png(artists)
    artists.update(preset_weights(case, case.presets[1].id))
    assert png(artists) != before
    text = stress.qbaf_comparison_summary(case, weights)
    counter = values["quadratic-energy"]["counter-claim"]
    assert one_sentence(text) and f"{counter:.2f}" in text and "DF-QuAD" in text and case.plane.counter_claim.label in text


# ---------------------------------------------------------------- trilemma

def test_trilemma_places_every_option_inside_with_goal_labels(case):
    chosen = case.trilemma.options[3].id
    artists = trilemma.plot_trilemma(case, highlight=chosen)
    save(artists, "trilemma")
    text = all_text(artists.ax)
    for goal in case.trilemma.goals:
        assert goal.label.split()[0] in text
    for option in case.trilemma.options:
        assert option.label in text
        x, y = artists.positions[option.id]
        assert -0.5 - 1e-9 <= y <= 1 + 1e-9 and abs(x) <= (1 - y) / np.sqrt(3) + 1e-9  # inside the triangle
    assert "interpretation" in text
    assert list(artists.ring.get_xydata()[0]) == pytest.approx(artists.positions[chosen])


def test_trilemma_highlight_moves_and_summary_says_what_is_sacrificed(case):
    artists = trilemma.plot_trilemma(case)
    assert len(artists.ring.get_xdata()) == 0
    before = png(artists)
    option = case.trilemma.options[0]
    artists.update(option.id)
    assert png(artists) != before
    text = artists.summary
    assert text == trilemma.trilemma_summary(case, option.id)
    assert one_sentence(text) and "+1.0" in text and "-1.0" in text
    lost, _ = trilemma.sacrificed_goal(case.trilemma, option)
    assert f"sacrifices {lost}" in text and "interpretation" in text
    with pytest.raises(KeyError, match=f"known: {option.id}"):
        artists.update(option.id[:-1])


def test_trilemma_without_a_trilemma_says_so(case):
    bare = dataclasses.replace(case, trilemma=None)
    artists = trilemma.plot_trilemma(bare)
    save(artists, "trilemma_none")
    assert "no policy trilemma" in all_text(artists.ax)
    assert trilemma.trilemma_summary(bare) == "Trilemma triangle: this case has no policy trilemma."


# ---------------------------------------------------------------- timeline and duration

def test_timeline_marks_stated_and_context_dates_differently(case):
    artists = timeline.plot_timeline(case)
    save(artists, "timeline")
    assert set(artists.markers) == {e.id for e in case.events}
    markers = {e.dated_by: artists.markers[e.id].get_marker() for e in case.events}
    assert markers["text"] != markers["context"]
    text = all_text(artists.ax)
    assert "date stated in the text" in text and f"added as context ({case.interpreter})" in text
    stated = next(e for e in case.events if e.dated_by == "text")
    assert timeline._long(timeline._date(stated.date)) in text
    xs = [artists.markers[e.id].get_xdata()[0] for e in sorted(case.events, key=lambda e: e.date)]
    assert xs == sorted(xs)


def test_timeline_summary(case):
    text = timeline.timeline_summary(case)
    first = min(case.events, key=lambda e: e.date)
    stated = sum(e.dated_by == "text" for e in case.events)
    assert one_sentence(text) and f"{len(case.events)} events" in text and f"{stated} date" in text
    assert timeline._long(timeline._date(first.date)) in text
    artists = timeline.plot_timeline(case)
    artists.update(first.id)
    assert artists.summary == timeline.timeline_summary(case, first.id) and f"ringed: {first.label}" in artists.summary
    assert list(artists.ring.get_xdata()) == list(artists.markers[first.id].get_xdata())


def test_duration_figure_moves_the_month_marker(case):
    scenario = case.scenario
    artists = timeline.plot_duration(case, months=24)
    save(artists, "duration")
    before = png(artists)
    artists.update(months=0)
    assert list(artists.now.get_xdata()) == [0, 0]
    start = assess(case, months=0)
    assert artists.readout.get_text().startswith(f"0 {scenario.unit}: before {case.reference.label}\n")
    assert case.region_label(start.region) not in artists.readout.get_text()  # the before point has no region name
    assert png(artists) != before
    assert " ".join(artists.ax.get_title(loc="left").split()) == (
        f"{scenario.label}: the package's scaling rule, not the authors' claim")
    assert " ".join(artists.ax.get_xlabel().split()) == scenario.axis_label
    text = timeline.duration_summary(case, months=24)
    assert one_sentence(text) and f"24 {scenario.clock}" in text and "scaling rule" in text


@pytest.mark.parametrize("case_file", ["data/interview.yaml", "tests/cases/second.yaml", "tests/cases/guide_example.yaml"])
def test_the_duration_summary_reads_as_a_sentence(case_file):
    """A comma closes the clock's phrase ("after 3 seasons of sharing working is 0.60" read as one phrase), and a
    change point is given to three figures ("3.16667 years" before)."""
    from entente_lab import load_case

    case = load_case(Path(__file__).resolve().parents[1] / case_file)
    scenario = case.scenario
    text = timeline.duration_summary(case)
    assert f"after {scenario.reference:g} {scenario.clock}, {case.side('strength').label} is " in text
    changes = re.findall(r"(\d+(?:\.\d+)?) " + re.escape(scenario.unit) + r" \(to ", text)
    assert all(len(number.replace(".", "").lstrip("0")) <= 3 for number in changes), changes


def test_duration_curve_starts_at_the_before_point_and_reaches_now_when_the_text_was_written(case):
    reference, maximum = case.scenario.reference, case.scenario.maximum
    for preset in case.presets:
        weights = preset_weights(case, preset.id)
        a = assess(case, weights)
        grid, strength, strain, _ = timeline.duration_curve(case, weights, months=[0, reference, maximum])
        assert (strength[0], strain[0]) == a.before  # at 0: only what the text dates before the event
        assert (strength[1], strain[1]) == pytest.approx((a.strength, a.strain))  # at the reference: now
        linked = {kind: any(f.duration_linked and weights[f.id] not in (0, 1) for f in case.factors_of_kind(kind))
                  for kind in ("strength", "strain")}
        for kind, values, now in (("strength", strength, a.strength), ("strain", strain, a.strain)):
            assert bool(values[2] > now + 1e-12) is linked[kind], (preset.id, kind)  # beyond: only duration-linked grow


def test_duration_figure_marks_the_before_point_and_the_phases(case):
    artists = timeline.plot_duration(case)
    a = assess(case)
    assert [artists.starts[kind].get_xdata()[0] for kind in ("strength", "strain")] == [0, 0]
    assert (artists.starts["strength"].get_ydata()[0], artists.starts["strain"].get_ydata()[0]) == a.before
    shown = " ".join(all_text(artists.ax).split())
    legend = [" ".join(t.get_text().split()) for t in artists.ax.get_legend().get_texts()]
    assert f"at 0: before {case.reference.label}" in legend
    assert f"0 to {case.scenario.reference:g} {case.scenario.unit}: the other factors phase in" in legend
    assert "now: when the text was written" in shown and "only the duration-linked factors grow" in shown
    weights = dict.fromkeys(case.default_weights(), 0.9)
    artists.update(weights)
    moved = assess(case, weights)
    assert (artists.starts["strength"].get_ydata()[0], artists.starts["strain"].get_ydata()[0]) == moved.before
    text = artists.summary
    assert one_sentence(text), text
    dated = len(case.factors_before_reference())
    assert f"at 0 {case.scenario.unit}, before {case.reference.label}, only the {dated} factors the text dates earlier" in text
    assert "not a verdict)" in text and "the now point" in text
    assert f"only the {sum(f.duration_linked for f in case.factors)} duration-linked factors keep growing" in text


def test_duration_curves_follow_new_weights_by_themselves(case):
    artists = timeline.plot_duration(case)
    before = artists.strain.get_ydata().copy()
    artists.update({f.id: 0.2 for f in case.factors}, months=3)
    assert (artists.strain.get_ydata() != before).any()
    assert artists.summary == timeline.duration_summary(case, {f.id: 0.2 for f in case.factors}, months=3)


def test_figures_never_touch_pyplot(case):
    import sys

    maps.plot_argument_map(case)
    trilemma.plot_trilemma(case)
    timeline.plot_timeline(case)
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        assert plt.get_fignums() == []
