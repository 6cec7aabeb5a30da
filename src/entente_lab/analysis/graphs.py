"""The argument and actor graphs of a case, as new networkx graphs under a weighting.

Both builders are plain functions: they read a :class:`~entente_lab.case.records.Case`
and a weighting, never change either, and return a new graph each call.

A *weighting* is any of:

- ``None``: every factor takes its default weight;
- a mapping ``{factor id: weight}``; ids left out take their default weight;
- an object with a ``weights`` mapping, such as a
  :class:`~entente_lab.case.records.Preset` or an assessment from
  :func:`entente_lab.assess`. When it also has ``effective_weights`` (an
  assessment does: the weights after evidence discounts and the duration
  scenario), those become the graphs' ``effective_weight`` attributes.

Every weight must be a real number in [0, 1] and every id a factor of the case;
anything else raises a ``ValueError`` naming the factor and the value.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from ..case.records import Case, Quote
from .model import complete_weights

__all__ = ["argument_graph", "actor_graph", "quote_node_id", "resolve_weights"]

def quote_node_id(quote: Quote) -> str:
    """The argument-graph node id of a quote: ``quote:TURN:START-END``.

    Two quotes of the same span share one node.

    Examples
    --------
    >>> from entente_lab.case.records import Quote
    >>> quote_node_id(Quote(text="stronger", speaker="analyst", turn="answer", start=10, end=18))
    'quote:answer:10-18'
    """
    return f"quote:{quote.turn}:{quote.start}-{quote.end}"


def resolve_weights(case: Case, weights: object = None) -> tuple[dict[str, float], dict[str, float]]:
    """The complete weighting and effective weighting a graph is drawn with.

    Parameters
    ----------
    case : Case
        The case whose factors are weighted.
    weights : mapping, object with ``weights``, or None
        See the module docstring.

    Returns
    -------
    (weights, effective) : tuple of dict
        Factor id to weight for every factor of the case, in file order. ``effective``
        is the weighting's ``effective_weights`` when it has them, else equal to
        ``weights``.

    Raises
    ------
    ValueError
        An unknown factor id, or a weight that is not a number in [0, 1]
        (NaN and infinity included); the message names the factor and the value.
        These are the model's rules (a :class:`entente_lab.ModelError`, which is a
        ``ValueError``), so a weighting the graphs accept is one
        :func:`entente_lab.assess` accepts. Also raised for an assessment of
        another case.
    TypeError
        When ``weights`` is not a mapping and has no ``weights`` mapping.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> weights, effective = resolve_weights(case, {"energy-concessions": 0.25})
    >>> weights["energy-concessions"], weights["russia-beholden"], effective == weights
    (0.25, 0.8, True)
    >>> resolve_weights(case, {"energy-concesions": 0.5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: unknown factor 'energy-concesions' (did you mean 'energy-concessions'?); ...
    >>> resolve_weights(case, {"energy-concessions": float("nan")})
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: the weight of factor 'energy-concessions' is nan; give a finite number in [0, 1]
    """
    if weights is None:
        complete = case.default_weights()
        return complete, dict(complete)
    if isinstance(weights, Mapping):
        complete = complete_weights(case, weights)
        return complete, dict(complete)
    inner = getattr(weights, "weights", None)
    if not isinstance(inner, Mapping):
        raise TypeError(f"weights must be a mapping of factor id to weight, a preset or an assessment, "
                        f"not {type(weights).__name__}")
    other_case = getattr(weights, "case_id", "")
    if other_case and other_case != case.id:
        raise ValueError(f"the assessment is of case {other_case!r}, not {case.id!r}; assess this case first")
    complete = complete_weights(case, inner)
    effective_raw = getattr(weights, "effective_weights", None)
    effective = dict(complete) if effective_raw is None else complete_weights(case, effective_raw)
    return complete, effective


def _graph_meta(case: Case, kind: str) -> dict[str, str]:
    return {
        "name": f"{case.source.title} ({kind} graph)",
        "graph_kind": kind,
        "case": case.id,
        "source_url": case.source.url,
        "interpretation": case.source.interpretation,
    }


def argument_graph(case: Case, weights: object = None) -> nx.DiGraph:
    """The argument map of a case: thesis, sub-claims, factors, quotes and speakers.

    Edges point from child to parent, from what gives a reason to what it is a
    reason for, as :func:`entente_lab.qbaf_strengths` expects:

    - ``factor -> claim`` (``relation='support'``): each factor supports the
      sub-claim of its own kind ("stronger" for strength factors, "more strained"
      for strain factors);
    - ``claim -> thesis`` (``relation='support'``): the sub-claims (one per side)
      support the thesis, which asserts them together;
    - ``quote -> factor | claim | thesis`` (``relation='evidence'``): the text's
      words behind each statement;
    - ``person -> quote`` (``relation='says'``): who said it.

    The support and attack edges (``relation`` in ``{'support', 'attack'}``) among the
    thesis, claims and factors form an acyclic bipolar argumentation graph. The
    bundled case has no attack edges: the strains do not attack the thesis, they
    are one of its two halves.

    Parameters
    ----------
    case : Case
        A loaded case (:func:`entente_lab.load_case`).
    weights : mapping, preset, assessment or None
        The weighting (see the module docstring); ``None`` means the defaults.

    Returns
    -------
    networkx.DiGraph
        A new graph. Node ids are namespaced: ``'thesis'``, ``'claim:<id>'``,
        ``'factor:<id>'``, ``'quote:<turn>:<start>-<end>'`` (one node per distinct
        span, linked to every statement it evidences) and ``'person:<id>'`` (only
        the people who speak a quote in the graph).

        Node attributes, on every node: ``node_type`` (``'thesis'``, ``'claim'``,
        ``'factor'``, ``'quote'`` or ``'person'``) and ``label`` (str). Further:

        - thesis and claims: ``kind`` (``'thesis'``, ``'strength'`` or
          ``'strain'``), ``summary``, ``item_id`` (the id in the case file);
        - factors: ``kind`` (``'strength'`` or ``'strain'``), ``summary``,
          ``item_id``, ``weight`` (float, under the weighting), ``effective_weight``
          (float), ``default_weight`` (float), ``evidence`` (``'observed'``,
          ``'hypothesis'`` or ``'cited'``), ``duration_linked`` (bool), ``actors``
          and ``cites`` (tuples of ids);
        - quotes: ``text`` (verbatim), ``speaker`` (person id), ``turn`` (turn id),
          ``start`` and ``end`` (int offsets into the turn's text, so
          ``case.turn(turn).text[start:end] == text``); the ``label`` is the text;
        - persons: ``item_id``, ``name``, ``role``; the ``label`` is the name.

        Edge attribute: ``relation``, one of ``'support'``, ``'attack'``,
        ``'evidence'``, ``'says'``. Graph attributes: ``name``, ``graph_kind``
        (``'argument'``), ``case``, ``source_url``, ``interpretation``.

        Labels, summaries, kinds, evidence types and weights are the case's
        interpretation (its ``source.interpreter``'s; the graph attribute
        ``interpretation`` says what is whose); only the quotes' ``text`` is the
        authors' words.

    Raises
    ------
    ValueError
        For an unknown factor id or a weight outside [0, 1] (see
        :func:`resolve_weights`).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> g = argument_graph(case, {"energy-concessions": 0.3})
    >>> g.nodes["factor:energy-concessions"]["weight"]
    0.3
    >>> g.edges["factor:energy-concessions", "claim:stronger"]["relation"]
    'support'
    >>> g.edges["claim:strained", "thesis"]["relation"]
    'support'
    >>> quote = case.thesis.quotes[0]
    >>> "thesis" in g.successors(quote_node_id(quote))
    True
    >>> g.edges[f"person:{quote.speaker}", quote_node_id(quote)]["relation"]
    'says'
    >>> import networkx as nx
    >>> nx.is_directed_acyclic_graph(g)
    True
    """
    weight, effective = resolve_weights(case, weights)
    graph = nx.DiGraph(**_graph_meta(case, "argument"))

    def add_quotes(target: str, quotes: tuple[Quote, ...]) -> None:
        for quote in quotes:
            node = quote_node_id(quote)
            if node not in graph:
                graph.add_node(node, node_type="quote", label=quote.text, text=quote.text,
                               speaker=quote.speaker, turn=quote.turn, start=quote.start, end=quote.end)
                person = case.person(quote.speaker)
                person_node = f"person:{person.id}"
                if person_node not in graph:
                    graph.add_node(person_node, node_type="person", label=person.name, item_id=person.id,
                                   name=person.name, role=person.role)
                graph.add_edge(person_node, node, relation="says")
            graph.add_edge(node, target, relation="evidence")

    thesis = case.thesis
    graph.add_node("thesis", node_type="thesis", label=thesis.label, kind="thesis", summary=thesis.summary,
                   item_id=thesis.id)
    add_quotes("thesis", thesis.quotes)
    claim_of_kind: dict[str, str] = {}
    for claim in case.claims:
        node = f"claim:{claim.id}"
        graph.add_node(node, node_type="claim", label=claim.label, kind=claim.kind, summary=claim.summary,
                       item_id=claim.id)
        graph.add_edge(node, "thesis", relation="support")
        claim_of_kind.setdefault(claim.kind, node)
        add_quotes(node, claim.quotes)
    for factor in case.factors:
        node = f"factor:{factor.id}"
        graph.add_node(node, node_type="factor", label=factor.label, kind=factor.kind, summary=factor.summary,
                       item_id=factor.id, weight=weight[factor.id], effective_weight=effective[factor.id],
                       default_weight=factor.default_weight, evidence=factor.evidence,
                       duration_linked=factor.duration_linked, actors=factor.actors, cites=factor.cites)
        parent = claim_of_kind.get(factor.kind, "thesis")
        graph.add_edge(node, parent, relation="support")
        add_quotes(node, factor.quotes)
    return graph


def actor_graph(case: Case, weights: object = None) -> nx.MultiDiGraph:
    """The actors of a case and the relations the text draws between them.

    A :class:`networkx.MultiDiGraph`, so that two relations between the same pair
    of actors (say, a partnership and a rivalry) stay two edges; each edge's key is
    its relation id.

    Parameters
    ----------
    case : Case
        A loaded case (:func:`entente_lab.load_case`).
    weights : mapping, preset, assessment or None
        The weighting (see the module docstring); ``None`` means the defaults.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph. Nodes are the ids of the case's actors, with attributes
        ``node_type`` (``'actor'``), ``label`` and ``name`` (the actor's name) and
        ``type`` (as the case file gives it, e.g. ``'state'`` or ``'organisation'``).
        Every actor of the case is a node, related or not.

        Edges run ``source -> target`` as the case file gives them, keyed by the
        relation id, with attributes:

        - ``relation_id`` (str) and ``type`` (as the case file gives it, e.g.
          ``'partnership'``, ``'rivalry'`` or ``'concern'``);
        - ``label`` (str), the case's one-line description;
        - ``factors``: tuple of the ids of the factors behind the relation;
        - ``quotes``: tuple of the distinct :class:`~entente_lab.case.records.Quote`
          records of those factors, in factor order;
        - ``weight``: the mean weight of those factors under the weighting, and
          ``effective_weight``: the same mean over the effective weights
          (both 0.0 for a relation with no factors).

        Graph attributes as for :func:`argument_graph`, with ``graph_kind='actors'``.
        Relation types, labels and weights are the case's interpretation.

    Raises
    ------
    ValueError
        For an unknown factor id or a weight outside [0, 1] (see
        :func:`resolve_weights`).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> relation = next(r for r in case.relations if len(r.factors) == 1)
    >>> g = actor_graph(case, {relation.factors[0]: 0.9})
    >>> all(g.nodes[a.id]["type"] == a.type for a in case.actors)
    True
    >>> edge = g.edges[relation.source, relation.target, relation.id]
    >>> edge["type"] == relation.type, edge["factors"] == relation.factors, edge["weight"]
    (True, True, 0.9)
    >>> edge["quotes"] == case.factor(relation.factors[0]).quotes
    True
    """
    weight, effective = resolve_weights(case, weights)
    graph = nx.MultiDiGraph(**_graph_meta(case, "actors"))
    for actor in case.actors:
        graph.add_node(actor.id, node_type="actor", label=actor.name, name=actor.name, type=actor.type)
    for relation in case.relations:
        quotes: list[Quote] = []
        for factor_id in relation.factors:
            for quote in case.factor(factor_id).quotes:
                if quote not in quotes:
                    quotes.append(quote)
        count = len(relation.factors)
        mean = sum(weight[f] for f in relation.factors) / count if count else 0.0
        mean_effective = sum(effective[f] for f in relation.factors) / count if count else 0.0
        graph.add_edge(relation.source, relation.target, key=relation.id, relation_id=relation.id,
                       type=relation.type, label=relation.label, factors=relation.factors,
                       quotes=tuple(quotes), weight=mean, effective_weight=mean_effective)
    return graph
