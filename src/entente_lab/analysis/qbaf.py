"""The formal lens: the argument as a quantitative bipolar argumentation framework (QBAF).

A QBAF is a directed acyclic graph of arguments. Each edge points from a child
argument to the parent it **supports** or **attacks**; each argument has a base score
in [0, 1] (how strong it is on its own). A gradual semantics turns base scores into
final strengths, children before parents. Two are implemented, exactly as in the
product brief:

* ``"quadratic-energy"`` (Potyka 2018): the energy ``E`` is the sum of the supporters'
  strengths minus the sum of the attackers'; ``h(E) = E**2 / (1 + E**2)``; the strength
  is ``tau + (1 - tau) * h(E)`` if ``E > 0``, else ``tau - tau * h(E)``.
* ``"df-quad"`` (Rago, Toni, Aurisicchio and Baroni 2016): ``v_att = 1 - prod(1 - s)``
  over attackers, ``v_sup`` likewise over supporters (0 when there are none); the
  strength is ``tau - tau * (v_att - v_sup)`` if ``v_att >= v_sup``, else
  ``tau + (1 - tau) * (v_sup - v_att)``.

networkx is imported only when a graph is built or checked.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..case.records import Case
from .model import ModelError, assess

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["COUNTER_CLAIM", "SEMANTICS", "argument_qbaf", "qbaf_strengths"]

#: The gradual semantics :func:`qbaf_strengths` knows.
SEMANTICS: tuple[str, str] = ("quadratic-energy", "df-quad")

#: Node id of the counter-claim in :func:`argument_qbaf` (the case names it: ``plane.counter_claim``).
COUNTER_CLAIM = "counter-claim"

_RELATIONS = ("support", "attack")
_NEUTRAL = 0.5  # base score of the thesis and the claims: no prior lean either way


def _clamp(value: float) -> float:
    # Mathematically both semantics stay in [0, 1]; this only removes rounding overshoot.
    return min(1.0, max(0.0, value))


def _quadratic_energy(tau: float, supporters: list[float], attackers: list[float]) -> float:
    energy = math.fsum(supporters) - math.fsum(attackers)
    h = energy * energy / (1.0 + energy * energy)
    return _clamp(tau + (1.0 - tau) * h if energy > 0 else tau - tau * h)


def _aggregate(strengths: list[float]) -> float:
    """``1 - prod(1 - s)``: 0 for none, and 1 as soon as one strength is 1."""
    return 1.0 - math.prod(1.0 - s for s in strengths)


def _df_quad(tau: float, supporters: list[float], attackers: list[float]) -> float:
    v_att, v_sup = _aggregate(attackers), _aggregate(supporters)
    if v_att >= v_sup:
        return _clamp(tau - tau * (v_att - v_sup))
    return _clamp(tau + (1.0 - tau) * (v_sup - v_att))


_COMBINE = {"quadratic-energy": _quadratic_energy, "df-quad": _df_quad}


def _base_score(node: Any, attrs: Mapping[str, Any]) -> float:
    if "base_score" not in attrs:
        raise ModelError(f"node {node!r} has no 'base_score'; give each node a number in [0, 1]")
    value = attrs["base_score"]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ModelError(f"node {node!r} has base_score {value!r}, not a number; give a number in [0, 1]")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ModelError(f"node {node!r} has base_score {value!r}; give a finite number in [0, 1]")
    return number


def qbaf_strengths(graph: nx.DiGraph, *, semantics: str = "quadratic-energy") -> dict[Any, float]:
    """Final strength of every argument of an acyclic QBAF under a gradual semantics.

    One pass in topological order: every child's strength is final before its parents
    are computed. The graph is read, never changed.

    Parameters
    ----------
    graph : networkx.DiGraph
        Edges point from child to parent, with attribute ``relation`` in
        ``{"support", "attack"}``; every node has ``base_score`` in [0, 1].
    semantics : {"quadratic-energy", "df-quad"}
        See the module docstring for the formulas.

    Returns
    -------
    dict
        Node to final strength in [0, 1], in the graph's node order. A node with no
        supporters and no attackers keeps its base score.

    Raises
    ------
    ModelError
        (a ``ValueError``) for an unknown semantics (listing both), a node without a
        valid ``base_score`` or an edge without a valid ``relation`` (naming it), or a
        cycle (naming one).
    TypeError
        If the graph is not directed.

    Examples
    --------
    One claim with a supporter of strength 0.6 and an attacker of strength 0.2, base 0.5.
    Energy: ``E = 0.6 - 0.2 = 0.4``, ``h = 0.16 / 1.16``, strength ``0.5 + 0.5 * h``.
    DF-QuAD: ``v_sup = 0.6 > v_att = 0.2``, strength ``0.5 + 0.5 * 0.4 = 0.7``.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("claim", {"base_score": 0.5}), ("pro", {"base_score": 0.6}),
    ...                   ("con", {"base_score": 0.2})])
    >>> g.add_edge("pro", "claim", relation="support")
    >>> g.add_edge("con", "claim", relation="attack")
    >>> round(qbaf_strengths(g)["claim"], 6)
    0.568966
    >>> round(qbaf_strengths(g, semantics="df-quad")["claim"], 6)
    0.7
    >>> qbaf_strengths(g, semantics="dfquad")
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: unknown semantics 'dfquad'; use one of 'quadratic-energy', 'df-quad'
    """
    if semantics not in _COMBINE:
        raise ModelError(f"unknown semantics {semantics!r}; use one of {', '.join(map(repr, SEMANTICS))}")
    import networkx as nx

    if not graph.is_directed():
        raise TypeError("a QBAF is a directed graph (networkx.DiGraph) with edges from child to parent")
    base = {node: _base_score(node, attrs) for node, attrs in graph.nodes(data=True)}
    for child, parent, attrs in graph.edges(data=True):
        relation = attrs.get("relation")
        if relation not in _RELATIONS:
            raise ModelError(f"edge {child!r} -> {parent!r} has relation {relation!r}; use 'support' or 'attack'")
    try:
        order = list(nx.topological_sort(graph))
    except nx.NetworkXUnfeasible:
        cycle = [u for u, *_ in nx.find_cycle(graph)]
        path = " -> ".join(repr(node) for node in [*cycle, cycle[0]])
        raise ModelError(f"the graph has a cycle, {path}; a QBAF must be acyclic "
                         "(edges point from child argument to parent)") from None
    combine = _COMBINE[semantics]
    strength: dict[Any, float] = {}
    for node in order:
        supporters: list[float] = []
        attackers: list[float] = []
        for child, _, relation in graph.in_edges(node, data="relation"):
            (supporters if relation == "support" else attackers).append(strength[child])
        if supporters or attackers:
            strength[node] = combine(base[node], supporters, attackers)
        else:
            strength[node] = base[node]
    return {node: strength[node] for node in graph.nodes}


def argument_qbaf(case: Case, weights: Mapping[str, float] | None = None, *,
                  evidence_trust: Mapping[str, float] | None = None, months: float | None = None,
                  thresholds: Sequence[float] = (0.5, 0.5)) -> nx.DiGraph:
    """The case's argument as a QBAF, with a weighting's effective weights as the factors' base scores.

    The structure (the package's model of the case's argument, not the authors' words):

    * ``"thesis"`` (the case's thesis), base score 0.5;
    * one node per sub-claim in ``case.claims`` (the "stronger" and "more strained"
      halves), base score 0.5, each **supporting** the thesis: the thesis is that both
      halves hold at once;
    * ``"counter-claim"``, the reading that sees only strength (the case names it in
      ``plane.counter_claim``), base score 0.5, **attacking** the thesis;
    * one node per factor, base score = its effective weight (after the duration
      rule and the evidence trust, as :func:`~entente_lab.analysis.model.assess`), **supporting**
      the sub-claim(s) of its kind; and each factor also bears directly on the
      counter-claim: a strength factor **supports** it, a strain factor **attacks** it.

    Why the two semantics disagree here: the sub-claims have only supporters, so under
    both semantics they climb towards 1 as factors are added. The counter-claim is
    where the two sides meet, factor by factor. Quadratic energy adds the strengths up
    and lets equal sums of pros and cons cancel, so the counter-claim rises or falls with
    the *difference* between the sides. DF-QuAD combines each side as ``1 - prod(1 - s)``,
    which saturates: nine moderate strength factors (as in the bundled case) already give
    ``v_sup`` close to 1, and so do ten moderate strain factors, so the counter-claim stays near its base score
    unless one side is nearly empty. (Linking the counter-claim to the sub-claims
    instead would hide this: two saturated sub-claims cancel under both semantics.)

    Parameters
    ----------
    case : Case
    weights, evidence_trust, months, thresholds
        As for :func:`~entente_lab.analysis.model.assess` (``thresholds`` is only checked).

    Returns
    -------
    networkx.DiGraph
        A new graph. Node attributes: ``kind`` (``"thesis"``, ``"claim"``,
        ``"counter-claim"`` or ``"factor"``), ``label``, ``base_score``; claims and
        factors also have ``side`` (``"strength"`` or ``"strain"``); factors also have
        ``weight`` (as given) and ``evidence``. Edge attribute: ``relation``
        (``"support"`` or ``"attack"``). Graph attribute ``case_id``.

    Raises
    ------
    ModelError
        For a bad weighting or option, or a factor id that clashes with ``"thesis"``,
        ``"counter-claim"`` or a claim id.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> g = argument_qbaf(case)
    >>> g.number_of_nodes(), g.nodes[case.claims[0].id]["kind"], g.edges["counter-claim", "thesis"]["relation"]
    (23, 'claim', 'attack')
    >>> g = argument_qbaf(case, preset_weights(case, case.presets[2].id))
    >>> energy, dfquad = qbaf_strengths(g), qbaf_strengths(g, semantics="df-quad")
    >>> round(energy["counter-claim"], 3), round(dfquad["counter-claim"], 3)
    (0.029, 0.486)
    """
    import networkx as nx

    assessment = assess(case, weights, evidence_trust=evidence_trust, months=months, thresholds=thresholds)
    reserved = {"thesis": "the thesis", COUNTER_CLAIM: "the counter-claim"}
    reserved.update({claim.id: f"claim {claim.id!r}" for claim in case.claims})
    for factor in case.factors:
        if factor.id in reserved:
            raise ModelError(f"factor id {factor.id!r} clashes with {reserved[factor.id]} in the argument graph; "
                             "rename the factor")

    graph = nx.DiGraph(case_id=case.id)
    graph.add_node("thesis", kind="thesis", label=case.thesis.label, base_score=_NEUTRAL)
    graph.add_node(COUNTER_CLAIM, kind="counter-claim", base_score=_NEUTRAL, label=case.plane.counter_claim.label,
                   summary=case.plane.counter_claim.summary)
    graph.add_edge(COUNTER_CLAIM, "thesis", relation="attack")
    for claim in case.claims:
        graph.add_node(claim.id, kind="claim", side=claim.kind, label=claim.label, base_score=_NEUTRAL)
        graph.add_edge(claim.id, "thesis", relation="support")
    for factor in case.factors:
        graph.add_node(factor.id, kind="factor", side=factor.kind, label=factor.label,
                       base_score=assessment.effective_weights[factor.id], weight=assessment.weights[factor.id],
                       evidence=factor.evidence)
        for claim in case.claims:
            if claim.kind == factor.kind:
                graph.add_edge(factor.id, claim.id, relation="support")
        graph.add_edge(factor.id, COUNTER_CLAIM, relation="support" if factor.kind == "strength" else "attack")
    return graph
