"""The formal lens: gradual semantics on QBAFs, and the case's argument as a QBAF."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import entente_lab
from entente_lab.analysis.model import ModelError, assess, preset_weights
from entente_lab.analysis.qbaf import COUNTER_CLAIM, SEMANTICS, argument_qbaf, qbaf_strengths

CASE = entente_lab.load_case()


def qbaf(bases: dict, edges: list[tuple[str, str, str]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for node, base in bases.items():
        graph.add_node(node, base_score=base)
    for child, parent, relation in edges:
        graph.add_edge(child, parent, relation=relation)
    return graph


# --------------------------------------------------------------------------- hand-computed values

def test_quadratic_energy_by_hand():
    # a (0.5) <- support b (0.8), attack c (0.2), support d (0.4); d (0.4) <- attack e (1.0)
    # e, b, c keep their bases (no children).
    # d: E = -1.0, h = 1 / 2 = 0.5, E <= 0 so d = 0.4 - 0.4 * 0.5 = 0.2
    # a: E = 0.8 - 0.2 + 0.2 = 0.8, h = 0.64 / 1.64 = 0.390243902..., E > 0 so
    #    a = 0.5 + 0.5 * 0.390243902 = 0.695121951...
    graph = qbaf({"a": 0.5, "b": 0.8, "c": 0.2, "d": 0.4, "e": 1.0},
                 [("b", "a", "support"), ("c", "a", "attack"), ("d", "a", "support"), ("e", "d", "attack")])
    result = qbaf_strengths(graph)
    assert result == pytest.approx({"a": 0.5 + 0.5 * 0.64 / 1.64, "b": 0.8, "c": 0.2, "d": 0.2, "e": 1.0})
    assert result["a"] == pytest.approx(0.6951219512)
    assert list(result) == ["a", "b", "c", "d", "e"]  # the graph's node order


def test_df_quad_by_hand():
    # Same graph. d: v_att = 1 - (1 - 1.0) = 1, v_sup = 0, v_att >= v_sup so
    #    d = 0.4 - 0.4 * (1 - 0) = 0.0
    # a: v_sup = 1 - (1 - 0.8)(1 - 0.0) = 0.8, v_att = 1 - (1 - 0.2) = 0.2, v_sup > v_att so
    #    a = 0.5 + (1 - 0.5) * (0.8 - 0.2) = 0.8
    graph = qbaf({"a": 0.5, "b": 0.8, "c": 0.2, "d": 0.4, "e": 1.0},
                 [("b", "a", "support"), ("c", "a", "attack"), ("d", "a", "support"), ("e", "d", "attack")])
    assert qbaf_strengths(graph, semantics="df-quad") == pytest.approx(
        {"a": 0.8, "b": 0.8, "c": 0.2, "d": 0.0, "e": 1.0})


def test_df_quad_attack_side_by_hand():
    # x (0.6) <- attack y (0.5), attack z (0.5), support w (0.3)
    # v_att = 1 - 0.5 * 0.5 = 0.75, v_sup = 0.3, v_att >= v_sup: x = 0.6 - 0.6 * 0.45 = 0.33
    # energy: E = 0.3 - 1.0 = -0.7, h = 0.49 / 1.49, x = 0.6 - 0.6 * 0.328859... = 0.402684...
    graph = qbaf({"x": 0.6, "y": 0.5, "z": 0.5, "w": 0.3},
                 [("y", "x", "attack"), ("z", "x", "attack"), ("w", "x", "support")])
    assert qbaf_strengths(graph, semantics="df-quad")["x"] == pytest.approx(0.33)
    assert qbaf_strengths(graph)["x"] == pytest.approx(0.6 - 0.6 * 0.49 / 1.49)


def test_a_chain_propagates_children_before_parents():
    # c (1.0) supports b (0.0) supports a (0.0).
    # energy: b = 0 + 1 * (1 / 2) = 0.5; a: E = 0.5, h = 0.25 / 1.25 = 0.2, a = 0.2
    # df-quad: b = 0 + 1 * (1 - 0) = 1.0; a = 0 + 1 * 1.0 = 1.0
    graph = qbaf({"a": 0.0, "b": 0.0, "c": 1.0}, [("c", "b", "support"), ("b", "a", "support")])
    assert qbaf_strengths(graph) == pytest.approx({"a": 0.2, "b": 0.5, "c": 1.0})
    assert qbaf_strengths(graph, semantics="df-quad") == pytest.approx({"a": 1.0, "b": 1.0, "c": 1.0})


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(base=st.floats(0.0, 1.0))
def test_a_node_without_children_keeps_its_base_score(semantics, base):
    graph = qbaf({"alone": base, "parent": 0.3, "leaf": base}, [("leaf", "parent", "attack")])
    result = qbaf_strengths(graph, semantics=semantics)
    assert result["alone"] == base and result["leaf"] == base


@pytest.mark.parametrize("semantics", SEMANTICS)
def test_children_of_strength_zero_change_nothing(semantics):
    graph = qbaf({"p": 0.35, "s": 0.0, "a": 0.0}, [("s", "p", "support"), ("a", "p", "attack")])
    assert qbaf_strengths(graph, semantics=semantics)["p"] == pytest.approx(0.35)


# --------------------------------------------------------------------------- where the semantics disagree

def test_df_quad_saturates_where_energy_keeps_counting():
    # p (0.5) <- support s1 (1.0), support s2 (1.0), attack a (1.0)
    # df-quad: v_sup = 1 - 0 * 0 = 1, v_att = 1: the second supporter adds nothing, p = 0.5
    # energy: E = 2 - 1 = 1, h = 0.5, p = 0.5 + 0.5 * 0.5 = 0.75
    graph = qbaf({"p": 0.5, "s1": 1.0, "s2": 1.0, "a": 1.0},
                 [("s1", "p", "support"), ("s2", "p", "support"), ("a", "p", "attack")])
    assert qbaf_strengths(graph, semantics="df-quad")["p"] == pytest.approx(0.5)
    assert qbaf_strengths(graph)["p"] == pytest.approx(0.75)


def test_energy_lets_equal_pros_and_cons_cancel():
    # p (0.6) <- support s1 (0.5), support s2 (0.5), attack a (1.0)
    # energy: E = 0.5 + 0.5 - 1.0 = 0, h = 0, p stays 0.6
    # df-quad: v_sup = 1 - 0.5 * 0.5 = 0.75, v_att = 1, p = 0.6 - 0.6 * 0.25 = 0.45
    graph = qbaf({"p": 0.6, "s1": 0.5, "s2": 0.5, "a": 1.0},
                 [("s1", "p", "support"), ("s2", "p", "support"), ("a", "p", "attack")])
    assert qbaf_strengths(graph)["p"] == pytest.approx(0.6)
    assert qbaf_strengths(graph, semantics="df-quad")["p"] == pytest.approx(0.45)


# --------------------------------------------------------------------------- properties on random trees

@st.composite
def trees(draw):
    """A random tree of arguments: node i > 0 supports or attacks one earlier node."""
    size = draw(st.integers(2, 9))
    bases = {i: draw(st.floats(0.0, 1.0)) for i in range(size)}
    edges = [(i, draw(st.integers(0, i - 1)), draw(st.sampled_from(["support", "attack"]))) for i in range(1, size)]
    return bases, edges


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(tree=trees(), pick=st.integers(1, 8), raise_by=st.floats(0.0, 1.0))
def test_monotonicity(semantics, tree, pick, raise_by):
    bases, edges = tree
    child, parent, relation = edges[(pick - 1) % len(edges)]
    before = qbaf_strengths(qbaf(bases, edges), semantics=semantics)
    raised = {**bases, child: min(1.0, bases[child] + raise_by)}
    after = qbaf_strengths(qbaf(raised, edges), semantics=semantics)
    assert after[child] >= before[child]  # a stronger base never weakens the argument itself
    if relation == "support":
        assert after[parent] >= before[parent] - 1e-12
    else:
        assert after[parent] <= before[parent] + 1e-12


@pytest.mark.parametrize("semantics", SEMANTICS)
@given(tree=trees())
def test_strengths_stay_in_unit_interval_and_input_is_untouched(semantics, tree):
    graph = qbaf(*tree)
    snapshot = (copy.deepcopy(dict(graph.nodes(data=True))), copy.deepcopy(list(graph.edges(data=True))))
    result = qbaf_strengths(graph, semantics=semantics)
    assert all(0.0 <= value <= 1.0 for value in result.values())
    assert (dict(graph.nodes(data=True)), list(graph.edges(data=True))) == snapshot


# --------------------------------------------------------------------------- errors

def test_a_cycle_is_named():
    graph = qbaf({"a": 0.5, "b": 0.5, "c": 0.5}, [("a", "b", "support"), ("b", "c", "attack"), ("c", "a", "support")])
    with pytest.raises(ModelError, match=r"cycle, 'a' -> 'b' -> 'c' -> 'a'|cycle, 'b' -> 'c' -> 'a' -> 'b'|"
                                         r"cycle, 'c' -> 'a' -> 'b' -> 'c'"):
        qbaf_strengths(graph)
    loop = qbaf({"a": 0.5}, [("a", "a", "attack")])
    with pytest.raises(ModelError, match=r"cycle, 'a' -> 'a'"):
        qbaf_strengths(loop)


@pytest.mark.parametrize(("base", "match"), [
    (None, r"node 'b' has base_score None, not a number"),
    (float("nan"), r"node 'b' has base_score nan"),
    (1.5, r"node 'b' has base_score 1.5"),
    (True, r"node 'b' has base_score True, not a number"),
    ("0.5", r"node 'b' has base_score '0.5', not a number"),
])
def test_bad_base_score_names_the_node(base, match):
    graph = qbaf({"a": 0.5, "b": base}, [("b", "a", "support")])
    with pytest.raises(ModelError, match=match):
        qbaf_strengths(graph)


def test_missing_base_score_names_the_node():
    graph = qbaf({"a": 0.5}, [])
    graph.add_edge("b", "a", relation="support")
    with pytest.raises(ModelError, match=r"node 'b' has no 'base_score'"):
        qbaf_strengths(graph)


@pytest.mark.parametrize("relation", [None, "supports", "defeat"])
def test_bad_relation_names_the_edge(relation):
    graph = qbaf({"a": 0.5, "b": 0.5}, [])
    if relation is None:
        graph.add_edge("b", "a")
    else:
        graph.add_edge("b", "a", relation=relation)
    with pytest.raises(ModelError, match=rf"edge 'b' -> 'a' has relation {relation!r}; use 'support' or 'attack'"):
        qbaf_strengths(graph)


def test_unknown_semantics_lists_both():
    with pytest.raises(ModelError, match=r"unknown semantics 'energy'; use one of 'quadratic-energy', 'df-quad'"):
        qbaf_strengths(qbaf({"a": 0.5}, []), semantics="energy")


def test_an_undirected_graph_is_refused():
    graph = nx.Graph()
    graph.add_node("a", base_score=0.5)
    with pytest.raises(TypeError, match="directed graph"):
        qbaf_strengths(graph)


# --------------------------------------------------------------------------- the case's argument

def test_argument_qbaf_structure():
    graph = argument_qbaf(CASE)
    factors = [f.id for f in CASE.factors]
    claims = {c.kind: c.id for c in CASE.claims}
    assert graph.graph["case_id"] == CASE.id
    assert set(graph) == {"thesis", COUNTER_CLAIM, *claims.values(), *factors}
    assert graph.nodes["thesis"]["kind"] == "thesis" and graph.nodes[COUNTER_CLAIM]["kind"] == "counter-claim"
    assert graph.edges[COUNTER_CLAIM, "thesis"]["relation"] == "attack"
    for claim in CASE.claims:
        assert dict(graph.nodes[claim.id]) == {"kind": "claim", "side": claim.kind, "label": claim.label,
                                              "base_score": 0.5}
        assert graph.edges[claim.id, "thesis"]["relation"] == "support"
    for factor in CASE.factors:
        attrs = graph.nodes[factor.id]
        assert (attrs["kind"], attrs["side"], attrs["label"], attrs["evidence"]) == (
            "factor", factor.kind, factor.label, factor.evidence)
        assert graph.edges[factor.id, claims[factor.kind]]["relation"] == "support"
        expected = "support" if factor.kind == "strength" else "attack"
        assert graph.edges[factor.id, COUNTER_CLAIM]["relation"] == expected
        assert graph.out_degree(factor.id) == 2
    assert nx.is_directed_acyclic_graph(graph)
    assert all(isinstance(attrs["label"], str) and attrs["label"] for _, attrs in graph.nodes(data=True))


def test_argument_qbaf_base_scores_are_effective_weights():
    options = {"evidence_trust": {"hypothesis": 0.5}, "months": 18}
    weights = preset_weights(CASE, "costs-first")
    graph = argument_qbaf(CASE, weights, **options)
    effective = assess(CASE, weights, **options).effective_weights
    for fid, value in effective.items():
        assert graph.nodes[fid]["base_score"] == value
        assert graph.nodes[fid]["weight"] == weights[fid]


def test_argument_qbaf_semantics_disagree_on_the_counter_claim():
    # costs-first: strength factors sum to 2.9, strain factors to 6.9. Energy: E = -4,
    # so "no limits" falls to 0.5 - 0.5 * 16/17 = 0.029. DF-QuAD: both sides saturate
    # (v_sup = 0.972, v_att = 0.99999), so it stays near 0.5 - 0.5 * 0.028 = 0.486.
    graph = argument_qbaf(CASE, preset_weights(CASE, "costs-first"))
    energy = qbaf_strengths(graph)
    dfquad = qbaf_strengths(graph, semantics="df-quad")
    assert energy[COUNTER_CLAIM] == pytest.approx(0.5 - 0.5 * 16 / 17)
    assert dfquad[COUNTER_CLAIM] == pytest.approx(0.486, abs=1e-3)
    # no-limits reading: energy believes it (E = 8.1 - 1.4), DF-QuAD barely (ten weak strains add up)
    graph = argument_qbaf(CASE, preset_weights(CASE, "no-limits"))
    assert qbaf_strengths(graph)[COUNTER_CLAIM] > 0.95
    assert qbaf_strengths(graph, semantics="df-quad")[COUNTER_CLAIM] < 0.65


def test_argument_qbaf_is_generic_over_claim_ids():
    renamed = dataclasses.replace(CASE, claims=tuple(dataclasses.replace(c, id=f"half-{c.kind}") for c in CASE.claims))
    graph = argument_qbaf(renamed)
    assert {"half-strength", "half-strain"} <= set(graph) and "stronger" not in graph
    assert graph.edges["policy-trilemma", "half-strain"]["relation"] == "support"


def test_argument_qbaf_refuses_clashing_ids():
    factors = (dataclasses.replace(CASE.factors[0], id="thesis"), *CASE.factors[1:])
    with pytest.raises(ModelError, match="factor id 'thesis' clashes with the thesis"):
        argument_qbaf(dataclasses.replace(CASE, factors=factors))


def test_importing_the_package_does_not_import_networkx():
    code = "import sys, entente_lab; print(sorted(m for m in ('networkx', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
