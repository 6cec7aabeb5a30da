"""The argument and actor graphs: structure, documented attributes, weightings, no mutation."""

from __future__ import annotations

import math
from types import SimpleNamespace

import networkx as nx
import pytest

import entente_lab
from entente_lab.analysis.graphs import actor_graph, argument_graph, quote_node_id, resolve_weights

STATEMENTS = {"thesis", "claim", "factor"}


def _statement_quotes(case):
    """Every (owner node, quote) pair of the thesis, claims and factors."""
    pairs = [("thesis", q) for q in case.thesis.quotes]
    pairs += [(f"claim:{c.id}", q) for c in case.claims for q in c.quotes]
    pairs += [(f"factor:{f.id}", q) for f in case.factors for q in f.quotes]
    return pairs


# ---------------------------------------------------------------- argument graph

def test_argument_graph_has_one_node_per_statement_distinct_quote_and_speaker(case):
    g = argument_graph(case)
    pairs = _statement_quotes(case)
    by_type = {}
    for _, data in g.nodes(data=True):
        by_type[data["node_type"]] = by_type.get(data["node_type"], 0) + 1
    assert by_type == {
        "thesis": 1,
        "claim": len(case.claims),
        "factor": len(case.factors),
        "quote": len({(q.turn, q.start, q.end) for _, q in pairs}),
        "person": len({q.speaker for _, q in pairs}),
    }
    assert "person:wyne" in g and "factor:energy-concessions" in g and "claim:stronger" in g


def test_every_factor_supports_the_claim_of_its_kind_and_the_claims_support_the_thesis(case):
    g = argument_graph(case)
    claim_of = {c.kind: f"claim:{c.id}" for c in case.claims}
    for factor in case.factors:
        node = f"factor:{factor.id}"
        argument_parents = [(p, d["relation"]) for _, p, d in g.out_edges(node, data=True)]
        assert argument_parents == [(claim_of[factor.kind], "support")]
        assert g.nodes[claim_of[factor.kind]]["kind"] == factor.kind
    for claim in case.claims:
        assert list(g.out_edges(f"claim:{claim.id}", data="relation")) == [(f"claim:{claim.id}", "thesis", "support")]
    assert g.out_degree("thesis") == 0


def test_the_statement_graph_is_a_dag_of_supports_and_attacks_pointing_to_the_thesis(case):
    g = argument_graph(case)
    statements = [n for n, d in g.nodes(data=True) if d["node_type"] in STATEMENTS]
    sub = g.subgraph(statements)
    assert nx.is_directed_acyclic_graph(sub)
    assert {d for *_, d in sub.edges(data="relation")} <= {"support", "attack"}
    assert all(nx.has_path(sub, n, "thesis") for n in statements)


def test_quote_nodes_are_verbatim_slices_evidence_their_statements_and_are_said_by_their_speaker(case):
    g = argument_graph(case)
    for owner, quote in _statement_quotes(case):
        node = quote_node_id(quote)
        data = g.nodes[node]
        assert data["node_type"] == "quote"
        assert data["text"] == quote.text == case.turn(data["turn"]).text[data["start"]:data["end"]]
        assert (data["turn"], data["start"], data["end"], data["speaker"]) == (
            quote.turn, quote.start, quote.end, quote.speaker)
        assert g.edges[node, owner]["relation"] == "evidence"
        assert list(g.in_edges(node, data="relation")) == [(f"person:{quote.speaker}", node, "says")]
    # a span quoted twice (the "stronger" claim and a factor) is one node with two evidence edges
    shared = "quote:answer:332-414"
    assert sorted(g.successors(shared)) == ["claim:stronger", "factor:driven-into-embrace"]


def test_documented_node_and_edge_attributes_are_present_with_their_types(case):
    g = argument_graph(case)
    required = {
        "thesis": {"label": str, "kind": str, "summary": str, "item_id": str},
        "claim": {"label": str, "kind": str, "summary": str, "item_id": str},
        "factor": {"label": str, "kind": str, "summary": str, "item_id": str, "weight": float,
                   "effective_weight": float, "default_weight": float, "evidence": str, "duration_linked": bool,
                   "actors": tuple, "cites": tuple},
        "quote": {"label": str, "text": str, "speaker": str, "turn": str, "start": int, "end": int},
        "person": {"label": str, "item_id": str, "name": str, "role": str},
    }
    for node, data in g.nodes(data=True):
        for key, kind in required[data["node_type"]].items():
            assert isinstance(data[key], kind), (node, key)
    for factor in case.factors:
        data = g.nodes[f"factor:{factor.id}"]
        assert (data["kind"], data["evidence"], data["duration_linked"], data["label"]) == (
            factor.kind, factor.evidence, factor.duration_linked, factor.label)
    assert {d for *_, d in g.edges(data="relation")} == {"support", "evidence", "says"}
    assert g.graph["graph_kind"] == "argument" and g.graph["case"] == case.id


# ---------------------------------------------------------------- weightings

def test_weights_follow_the_mapping_and_missing_ids_take_their_defaults(case):
    g = argument_graph(case, {"energy-concessions": 0.25, "policy-trilemma": 1})
    assert g.nodes["factor:energy-concessions"]["weight"] == 0.25
    assert g.nodes["factor:policy-trilemma"]["weight"] == 1.0
    assert g.nodes["factor:russia-beholden"]["weight"] == case.factor("russia-beholden").default_weight
    assert all(d["effective_weight"] == d["weight"] for _, d in g.nodes(data=True) if d["node_type"] == "factor")


def test_a_preset_or_an_assessment_can_be_the_weighting(case):
    preset = case.preset("no-limits")
    g = argument_graph(case, preset)
    assert all(g.nodes[f"factor:{fid}"]["weight"] == w for fid, w in preset.weights.items())

    assessment = entente_lab.assess(case, {"will-not-abandon": 0.9}, evidence_trust={"hypothesis": 0.5})
    g = argument_graph(case, assessment)
    node = g.nodes["factor:will-not-abandon"]  # a hypothesis: discounted by half
    assert node["weight"] == 0.9
    assert node["effective_weight"] == pytest.approx(0.45)
    assert node["effective_weight"] == assessment.effective_weights["will-not-abandon"]


def test_an_assessment_of_another_case_is_refused(case):
    other = SimpleNamespace(weights={}, effective_weights={}, case_id="some-other-case")
    with pytest.raises(ValueError, match="assessment is of case 'some-other-case'"):
        argument_graph(case, other)


@pytest.mark.parametrize("weights, match", [
    ({"energy-concesions": 0.5}, r"unknown factor 'energy-concesions' \(did you mean 'energy-concessions'\?\)"),
    ({"energy-concessions": math.nan}, r"'energy-concessions' is nan"),
    ({"energy-concessions": math.inf}, r"'energy-concessions' is inf"),
    ({"energy-concessions": 1.5}, r"'energy-concessions' is 1.5"),
    ({"energy-concessions": -0.1}, r"'energy-concessions' is -0.1"),
    ({"energy-concessions": "0.5"}, r"'energy-concessions' is '0.5', not a number"),
    ({"energy-concessions": True}, r"'energy-concessions' is True, not a number"),
])
@pytest.mark.parametrize("build", [argument_graph, actor_graph])
def test_bad_weights_raise_a_value_error_naming_the_factor_and_value(case, build, weights, match):
    with pytest.raises(ValueError, match=match):
        build(case, weights)


def test_a_weighting_that_is_not_a_mapping_is_a_type_error(case):
    with pytest.raises(TypeError, match="mapping"):
        argument_graph(case, [0.5, 0.5])


def test_graphs_and_assess_accept_and_refuse_the_same_weightings(case):
    good = {"energy-concessions": 0.0, "policy-trilemma": 1.0}
    assert resolve_weights(case, good)[0] == entente_lab.assess(case, good).weights
    for bad in ({"nope": 0.5}, {"energy-concessions": 2}):
        with pytest.raises(ValueError) as from_graph:
            resolve_weights(case, bad)
        with pytest.raises(ValueError) as from_model:
            entente_lab.assess(case, bad)
        assert str(from_graph.value) == str(from_model.value)


# ---------------------------------------------------------------- no mutation

def test_builders_never_mutate_their_input_and_return_a_new_graph_each_call(case):
    weights = {"energy-concessions": 0.3}
    before = dict(weights)
    first, second = argument_graph(case, weights), argument_graph(case, weights)
    assert weights == before
    assert first is not second
    first.nodes["factor:energy-concessions"]["weight"] = 0.99
    first.remove_node("thesis")
    assert second.nodes["factor:energy-concessions"]["weight"] == 0.3 and "thesis" in second
    assert argument_graph(case, weights).nodes["factor:energy-concessions"]["weight"] == 0.3

    a, b = actor_graph(case), actor_graph(case)
    a.remove_node("china")
    assert "china" in b and "china" in actor_graph(case)


# ---------------------------------------------------------------- actor graph

def test_actor_graph_has_every_actor_and_one_edge_per_relation_keyed_by_its_id(case):
    g = actor_graph(case)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {a.id for a in case.actors}
    for actor in case.actors:
        assert g.nodes[actor.id] == {"node_type": "actor", "label": actor.name, "name": actor.name, "type": actor.type}
    assert sorted(g.edges(keys=True)) == sorted((r.source, r.target, r.id) for r in case.relations)
    types = {d for *_, d in g.edges(data="type")}
    assert types == {"partnership", "rivalry", "sphere-of-influence", "war", "withdrawal", "concern"}
    assert g.graph["graph_kind"] == "actors"


def test_actor_edges_carry_their_factors_quotes_and_the_mean_weight(case):
    weights = {"india-divergence": 0.2, "protracted-war": 1.0, "expected-short-war": 0.0}
    g = actor_graph(case, weights)
    complete = resolve_weights(case, weights)[0]
    for relation in case.relations:
        edge = g.edges[relation.source, relation.target, relation.id]
        assert edge["relation_id"] == relation.id and edge["type"] == relation.type
        assert edge["label"] == relation.label and edge["factors"] == relation.factors
        expected_quotes = []
        for fid in relation.factors:
            expected_quotes += [q for q in case.factor(fid).quotes if q not in expected_quotes]
        assert edge["quotes"] == tuple(expected_quotes)
        assert edge["weight"] == pytest.approx(sum(complete[f] for f in relation.factors) / len(relation.factors))
    assert g.edges["russia", "ukraine", "russia-ukraine-war"]["weight"] == 0.5
    assert g.edges["china", "india", "china-india-rivalry"]["weight"] == 0.2


def test_actor_edge_effective_weight_follows_an_assessment(case):
    assessment = entente_lab.assess(case, months=24)  # duration-linked strains grow
    g = actor_graph(case, assessment)
    edge = g.edges["china", "the-west", "china-west-friction"]
    eff = assessment.effective_weights
    assert edge["effective_weight"] == pytest.approx(sum(eff[f] for f in edge["factors"]) / len(edge["factors"]))
    assert edge["effective_weight"] > edge["weight"]


def test_two_relations_between_the_same_actors_stay_two_edges(mutated_case):
    path, _ = mutated_case(
        "relations:\n",
        "relations:\n"
        "  - id: china-russia-rivalry\n"
        "    source: china\n"
        "    target: russia\n"
        "    type: rivalry\n"
        "    label: Rivals in Central Asia\n"
        "    factors: [central-asia-rivalry]\n",
    )
    g = actor_graph(entente_lab.load_case(path))
    assert set(g["china"]["russia"]) == {"china-russia-partnership", "china-russia-rivalry"}
    assert g.edges["china", "russia", "china-russia-rivalry"]["type"] == "rivalry"
