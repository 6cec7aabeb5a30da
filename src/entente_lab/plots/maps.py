"""The argument map (thesis, sub-claims, factors) and the actor network, laid out deterministically."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text

from ..graphs import actor_graph, argument_graph, resolve_weights
from ..records import Case
from ._canvas import FigureArtists, new_axes, wrap
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, RELATION_STYLE, plain

__all__ = [
    "ActorNetworkArtists", "ArgumentMapArtists", "actor_layout", "actor_network_summary", "argument_map_summary",
    "plot_actor_network", "plot_argument_map", "update_actor_network", "update_argument_map",
]

_KINDS = ("strength", "strain")
_X_THESIS, _X_CLAIM, _X_FACTOR = 0.0, 1.15, 2.3
_LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}


def _node_size(weight: float) -> float:
    """Marker area in points² for a weight in [0, 1]: visible at 0, about 20 pt across at 1."""
    return 40.0 + 360.0 * weight


def _edge_width(weight: float) -> float:
    return 0.6 + 3.0 * weight


# --------------------------------------------------------------------------- argument map

@dataclass
class ArgumentMapArtists(FigureArtists):
    """Handles of :func:`plot_argument_map`.

    Attributes
    ----------
    ax : Axes
    nodes : dict
        ``"strength"`` and ``"strain"`` to the scatter of that kind's factors.
    factor_ids : dict
        The same keys to the factor ids, in the scatter's point order.
    labels : dict
        Factor id to its label (the label ends with the weight, which updates).
    edges : dict
        ``"strength"`` and ``"strain"`` to the factor-to-claim lines of that kind.
    positions : dict
        Node id (``"thesis"``, claim id, factor id) to its ``(x, y)`` position.
    """

    nodes: dict[str, PathCollection] = field(default_factory=dict)
    factor_ids: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, Text] = field(default_factory=dict)
    edges: dict[str, LineCollection] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    factor_labels: dict[str, str] = field(default_factory=dict)


def _argument_layout(case: Case) -> dict[str, tuple[float, float]]:
    """Three columns: thesis, sub-claims, factors (strength block above strain block, file order)."""
    positions: dict[str, tuple[float, float]] = {}
    row = 0.0
    claim_rows: dict[str, list[float]] = {}
    for kind in _KINDS:
        for factor in case.factors_of_kind(kind):
            positions[factor.id] = (_X_FACTOR, -row)
            claim_rows.setdefault(kind, []).append(-row)
            row += 1.0
        row += 0.8  # a gap between the two blocks
    for claim in case.claims:
        rows = claim_rows.get(claim.kind, [0.0])
        positions[claim.id] = (_X_CLAIM, float(np.mean(rows)))
    claim_ys = [positions[c.id][1] for c in case.claims] or [0.0]
    positions["thesis"] = (_X_THESIS, float(np.mean(claim_ys)))
    return positions


def plot_argument_map(case: Case, weights: object = None, *, ax: Axes | None = None) -> ArgumentMapArtists:
    """Draw the argument map: thesis ← sub-claims ← factors, node size by weight.

    The layout is computed, not random: the thesis on the left, the two sub-claims
    ("stronger", "more strained") in the middle, the factors in a column on the right,
    strength factors above strain factors in file order. Each kind has its own colour
    **and** marker (strength: blue circle, strain: vermillion square, thesis: black
    diamond) and its own line style; each factor's label ends with its weight.

    Parameters
    ----------
    case : Case
    weights : mapping, preset, assessment or None
        The weighting (see :mod:`entente_lab.graphs`); an assessment's effective
        weights (after the evidence discount and the war-duration rule) size the nodes.
    ax : Axes, optional
        Where to draw; by default a new 9 x 7.5 inch figure.

    Returns
    -------
    ArgumentMapArtists

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> artists = plot_argument_map(case)
    >>> len(artists.factor_ids["strength"]), len(artists.factor_ids["strain"])
    (9, 10)
    >>> artists.labels["russia-beholden"].get_text()
    'Russia now depends on China (0.80)'
    """
    ax = new_axes(ax, (9.0, 7.5))
    graph = argument_graph(case, weights)
    positions = _argument_layout(case)
    artists = ArgumentMapArtists(ax=ax, positions=positions)

    # claim -> thesis edges (solid, thin, black)
    tx, ty = positions["thesis"]
    for claim in case.claims:
        cx, cy = positions[claim.id]
        style = KIND_STYLE.get(claim.kind, KIND_STYLE["thesis"])
        ax.plot([cx, tx], [cy, ty], color=style["color"], linestyle=style["linestyle"], linewidth=2.0, zorder=1)

    for kind in _KINDS:
        style = KIND_STYLE[kind]
        factors = case.factors_of_kind(kind)
        ids = [f.id for f in factors]
        claim_pos = next((positions[c.id] for c in case.claims if c.kind == kind), positions["thesis"])
        segments = [[positions[fid], claim_pos] for fid in ids]
        widths = [_edge_width(graph.nodes[f"factor:{fid}"]["effective_weight"]) for fid in ids]
        lines = LineCollection(segments, colors=style["color"], linestyles=style["linestyle"], linewidths=widths,
                               alpha=0.55, zorder=1)
        ax.add_collection(lines)
        xy = np.array([positions[fid] for fid in ids]).reshape(-1, 2)
        sizes = [_node_size(graph.nodes[f"factor:{fid}"]["effective_weight"]) for fid in ids]
        nodes = ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=style["color"], marker=style["marker"],
                           edgecolors="black", linewidths=0.8, zorder=3, label=f"{kind} factor")
        artists.nodes[kind], artists.factor_ids[kind], artists.edges[kind] = nodes, ids, lines
        for factor in factors:
            fx, fy = positions[factor.id]
            weight = graph.nodes[f"factor:{factor.id}"]["effective_weight"]
            artists.factor_labels[factor.id] = factor.label
            artists.labels[factor.id] = ax.text(fx + 0.14, fy, plain(f"{factor.label} ({weight:.2f})"), va="center",
                                                ha="left", fontsize=FONT_SIZE, zorder=4)

    for claim in case.claims:
        style = KIND_STYLE.get(claim.kind, KIND_STYLE["thesis"])
        cx, cy = positions[claim.id]
        ax.scatter([cx], [cy], s=420, c=style["color"], marker=style["marker"], edgecolors="black",
                   linewidths=1.2, zorder=3)
        ax.text(cx, cy + 0.75, plain(wrap(claim.label, 16)), ha="center", va="bottom", fontsize=FONT_SIZE,
                fontweight="bold", zorder=4, bbox=_LABEL_BOX)
    thesis_style = KIND_STYLE["thesis"]
    ax.scatter([tx], [ty], s=520, c=thesis_style["color"], marker=thesis_style["marker"], zorder=3,
               label="thesis")
    ax.text(tx, ty + 0.9, plain(wrap(case.thesis.label, 18)), ha="center", va="bottom", fontsize=FONT_SIZE + 1,
            fontweight="bold", zorder=4, bbox=_LABEL_BOX)

    top = max(y for _, y in positions.values())
    bottom = min(y for _, y in positions.values())
    for x, title in ((_X_THESIS, "Thesis"), (_X_CLAIM, "Sub-claims"), (_X_FACTOR, "Factors (weight)")):
        ax.text(x, top + 1.3, title, ha="center" if x < _X_FACTOR else "left", va="bottom", fontsize=FONT_SIZE,
                color=OKABE_ITO["grey"], fontweight="bold")
    ax.set_xlim(-0.6, 5.6)
    ax.set_ylim(bottom - 0.8, top + 2.0)
    ax.set_axis_off()
    handles = [
        Line2D([], [], color=KIND_STYLE[k]["color"], marker=KIND_STYLE[k]["marker"], linestyle=KIND_STYLE[k]["linestyle"],
               markersize=9, markeredgecolor="black", label=plain(f"{k} (supports \u201c{_claim_word(case, k)}\u201d)"))
        for k in _KINDS
    ] + [Line2D([], [], color="black", marker="D", linestyle="", markersize=9, label="thesis")]
    ax.legend(handles=handles, loc="lower left", fontsize=FONT_SIZE - 1, frameon=False,
              title="node size and line width = weight", title_fontsize=FONT_SIZE - 1)
    ax.set_title("Argument map: what the thesis rests on", fontsize=FONT_SIZE + 2, loc="left")
    return artists


def _claim_word(case: Case, kind: str) -> str:
    claim = next((c for c in case.claims if c.kind == kind), None)
    return claim.label if claim is not None else "the thesis"


def update_argument_map(artists: ArgumentMapArtists, weights: object, *, case: Case | None = None) -> None:
    """Resize the factor nodes and edges and rewrite the weights in the labels, in place.

    Parameters
    ----------
    artists : ArgumentMapArtists
        From :func:`plot_argument_map`.
    weights : assessment or mapping
        An assessment (its effective weights are used), or a complete mapping of
        factor id to weight; with ``case`` given, any weighting
        :func:`plot_argument_map` accepts.
    case : Case, optional
        Needed only to complete or check a partial mapping.

    Examples
    --------
    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> artists = plot_argument_map(case)
    >>> update_argument_map(artists, assess(case, {"russia-beholden": 0.1}))
    >>> artists.labels["russia-beholden"].get_text()
    'Russia now depends on China (0.10)'
    """
    if case is not None:
        _, effective = resolve_weights(case, weights)
    else:
        effective = dict(getattr(weights, "effective_weights", None) or weights)  # type: ignore[arg-type]
    for kind, ids in artists.factor_ids.items():
        values = [float(effective[fid]) for fid in ids]
        artists.nodes[kind].set_sizes([_node_size(v) for v in values])
        artists.edges[kind].set_linewidths([_edge_width(v) for v in values])
        for fid, value in zip(ids, values, strict=True):
            artists.labels[fid].set_text(plain(f"{artists.factor_labels[fid]} ({value:.2f})"))


def argument_map_summary(case: Case, weights: object = None) -> str:
    """One sentence describing the argument map under a weighting (caption and alt text).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> print(argument_map_summary(load_case()))  # doctest: +NORMALIZE_WHITESPACE
    Argument map: the thesis "A limited entente, stronger and more strained at once" rests on two
    sub-claims, "The partnership is stronger" with 9 strength factors (heaviest "Russia now depends
    on China", 0.80) and "The partnership is more strained" with 10 strain factors (heaviest "The
    policy trilemma", 0.80).
    """
    _, effective = resolve_weights(case, weights)
    parts = []
    for kind in _KINDS:
        factors = case.factors_of_kind(kind)
        if not factors:
            continue
        heaviest = max(factors, key=lambda f: effective[f.id])  # first of equals: file order
        parts.append(f'"{_claim_word(case, kind)}" with {len(factors)} {kind} factors '
                     f'(heaviest "{heaviest.label}", {effective[heaviest.id]:.2f})')
    count = {1: "one sub-claim", 2: "two sub-claims"}.get(len(parts), f"{len(parts)} sub-claims")
    return f'Argument map: the thesis "{case.thesis.label}" rests on {count}, {" and ".join(parts)}.'


# --------------------------------------------------------------------------- actor network

@dataclass
class ActorNetworkArtists(FigureArtists):
    """Handles of :func:`plot_actor_network`.

    Attributes
    ----------
    ax : Axes
    nodes : dict
        Actor id to its name label (a boxed text: the node).
    edges : dict
        Relation id to the annotation whose ``arrow_patch`` draws it.
    relation_types : dict
        Relation id to its type.
    positions : dict
        Actor id to ``(x, y)``.
    legend : Legend
    """

    nodes: dict[str, Text] = field(default_factory=dict)
    edges: dict[str, Annotation] = field(default_factory=dict)
    relation_types: dict[str, str] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    legend: object = None


def actor_layout(case: Case) -> dict[str, tuple[float, float]]:
    """Fixed positions: the two most connected actors in the middle, the others on a circle.

    Each outer actor's preferred angle points towards the middle actor(s) it is related
    to (an actor tied to both goes above or below); the outer actors are then spaced
    evenly round the circle in the order of their preferred angles. No randomness: the
    same case always gives the same picture.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> pos = actor_layout(load_case())
    >>> pos["china"], pos["russia"]
    ((-0.6, 0.0), (0.6, 0.0))
    >>> round(math.hypot(*pos["nato"]), 6)
    1.7
    """
    ids = [a.id for a in case.actors]
    degree = dict.fromkeys(ids, 0)
    neighbours: dict[str, set[str]] = {a: set() for a in ids}
    for relation in case.relations:
        degree[relation.source] += 1
        degree[relation.target] += 1
        neighbours[relation.source].add(relation.target)
        neighbours[relation.target].add(relation.source)
    middle = sorted(ids, key=lambda a: (-degree[a], ids.index(a)))[:2]
    positions: dict[str, tuple[float, float]] = {}
    if len(middle) == 1:
        positions[middle[0]] = (0.0, 0.0)
    elif middle:
        positions[middle[0]], positions[middle[1]] = (-0.6, 0.0), (0.6, 0.0)
    outer = [a for a in ids if a not in positions]
    if not outer:
        return positions
    preferred: list[float] = []
    both_up = True
    for actor in outer:
        linked = [positions[m] for m in middle if m in neighbours[actor]]
        mean_x = float(np.mean([x for x, _ in linked])) if linked else 0.0
        if abs(mean_x) < 1e-9:  # tied to both, or to neither: above or below, alternately
            preferred.append(math.pi / 2 if both_up else 3 * math.pi / 2)
            both_up = not both_up
        else:
            preferred.append(math.pi if mean_x < 0 else 0.0)
    order = sorted(range(len(outer)), key=lambda i: (preferred[i], i))
    step = 2 * math.pi / len(outer)

    def cost(offset: float) -> float:
        total = 0.0
        for slot, i in enumerate(order):
            delta = (offset + slot * step - preferred[i] + math.pi) % (2 * math.pi) - math.pi
            total += delta * delta
        return total

    offsets = [k * step / 12 for k in range(12 * len(outer))]
    best = min(offsets, key=lambda o: (round(cost(o), 9), o))
    radius = 1.7
    for slot, i in enumerate(order):
        angle = best + slot * step
        positions[outer[i]] = (round(radius * math.cos(angle), 12), round(radius * math.sin(angle), 12))
    return positions


def plot_actor_network(case: Case, weights: object = None, *, ax: Axes | None = None,
                       relation_types: Collection[str] | None = None) -> ActorNetworkArtists:
    """Draw the actors and the relations the text draws between them.

    Each relation is an arrow from source to target, with the colour **and** line style
    of its type (:data:`~entente_lab.plots.style.RELATION_STYLE`) and a width that
    follows its weight (the mean effective weight of the factors behind it) under the
    weighting. A legend names the types.

    Parameters
    ----------
    case : Case
    weights : mapping, preset, assessment or None
        The weighting (see :mod:`entente_lab.graphs`).
    ax : Axes, optional
        Where to draw; by default a new 9.5 x 6.5 inch figure.
    relation_types : collection of str, optional
        Show only relations of these types (all by default); the others are drawn
        but hidden, so :func:`update_actor_network` can show them again.

    Returns
    -------
    ActorNetworkArtists

    Examples
    --------
    >>> from entente_lab import load_case
    >>> artists = plot_actor_network(load_case(), relation_types={"war"})
    >>> [rid for rid, edge in artists.edges.items() if edge.get_visible()]
    ['russia-ukraine-war']
    """
    ax = new_axes(ax, (9.5, 6.5))
    graph = actor_graph(case, weights)
    positions = actor_layout(case)
    artists = ActorNetworkArtists(ax=ax, positions=positions)
    for actor in case.actors:
        x, y = positions[actor.id]
        central = abs(y) < 1e-9 and abs(x) < 1
        artists.nodes[actor.id] = ax.text(
            x, y, plain(wrap(actor.name, 12)), ha="center", va="center", fontsize=FONT_SIZE + (2 if central else 0),
            fontweight="bold" if central else "normal", zorder=3,
            bbox={"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": "black",
                  "linewidth": 1.6 if central else 1.0})
    seen_pairs: dict[frozenset[str], int] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        pair = frozenset((source, target))
        index = seen_pairs.get(pair, 0)
        seen_pairs[pair] = index + 1
        rad = 0.12 + 0.18 * index
        style = RELATION_STYLE.get(data["type"], {"color": OKABE_ITO["grey"], "linestyle": "-"})
        edge = ax.annotate(
            "", xy=(0.5, 0.5), xycoords=artists.nodes[target], xytext=(0.5, 0.5), textcoords=artists.nodes[source],
            arrowprops={"arrowstyle": "-|>", "color": style["color"], "linestyle": style["linestyle"],
                        "linewidth": _edge_width(data["effective_weight"]), "mutation_scale": 16,
                        "connectionstyle": f"arc3,rad={rad}", "shrinkA": 4, "shrinkB": 4,
                        "patchA": artists.nodes[source].get_bbox_patch(),
                        "patchB": artists.nodes[target].get_bbox_patch()},
            zorder=2)
        artists.edges[key] = edge
        artists.relation_types[key] = data["type"]
    present = list(dict.fromkeys(artists.relation_types.values()))
    handles = [Line2D([], [], color=RELATION_STYLE.get(t, {}).get("color", OKABE_ITO["grey"]),
                      linestyle=RELATION_STYLE.get(t, {}).get("linestyle", "-"), linewidth=2.5, label=t)
               for t in present]
    artists.legend = ax.legend(handles=handles, loc="upper right", fontsize=FONT_SIZE,
                               title="relation (arrow: from → to;\nwidth = weight)", title_fontsize=FONT_SIZE - 1,
                               frameon=False, handlelength=3.2)
    ax.set_xlim(-2.35, 3.9)  # room on the right for the legend, inside the axes
    ax.set_ylim(-2.15, 2.15)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("Actors and the relations the text draws", fontsize=FONT_SIZE + 2, loc="left")
    update_actor_network(artists, graph=graph, relation_types=relation_types)
    return artists


def update_actor_network(artists: ActorNetworkArtists, case: Case | None = None, weights: object = None, *,
                         relation_types: Collection[str] | None = None, graph: object = None) -> None:
    """Re-weight the relations and show only some types, in place.

    Parameters
    ----------
    artists : ActorNetworkArtists
    case, weights : optional
        Give both to set the line widths for a new weighting.
    relation_types : collection of str, optional
        The types to show; ``None`` shows all.
    graph : networkx.MultiDiGraph, optional
        An :func:`~entente_lab.graphs.actor_graph` already built (instead of ``case``).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> artists = plot_actor_network(case)
    >>> update_actor_network(artists, case, {"india-divergence": 1.0}, relation_types={"rivalry"})
    >>> artists.edges["china-india-rivalry"].arrow_patch.get_linewidth()
    3.6
    >>> artists.edges["russia-ukraine-war"].get_visible()
    False
    """
    if graph is None and case is not None:
        graph = actor_graph(case, weights)
    if graph is not None:
        for _, _, key, data in graph.edges(keys=True, data=True):  # type: ignore[attr-defined]
            if key in artists.edges:
                artists.edges[key].arrow_patch.set_linewidth(_edge_width(data["effective_weight"]))
    shown = None if relation_types is None else set(relation_types)
    for key, edge in artists.edges.items():
        edge.set_visible(shown is None or artists.relation_types[key] in shown)


def actor_network_summary(case: Case, weights: object = None, *,
                          relation_types: Collection[str] | None = None) -> str:
    """One sentence describing the actor network (caption and alt text).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> print(actor_network_summary(load_case()))  # doctest: +NORMALIZE_WHITESPACE
    Actor network: 9 actors and 11 relations (2 partnership, 4 rivalry, 2 sphere-of-influence,
    1 concern, 1 war, 1 withdrawal), China and Russia in the middle; the heaviest is "Strained
    relations with the West" (rivalry, China to The West, weight 0.70).
    """
    graph = actor_graph(case, weights)
    edges = [(s, t, d) for s, t, d in graph.edges(data=True)
             if relation_types is None or d["type"] in set(relation_types)]
    names = {a.id: a.name for a in case.actors}
    counts: dict[str, int] = {}
    for *_, data in edges:
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    middle = [a for a, (x, y) in actor_layout(case).items() if abs(y) < 1e-9 and abs(x) < 1]
    where = f", {' and '.join(names[a] for a in middle)} in the middle" if middle else ""
    shown = "relations" if relation_types is None else "relations shown"
    if not edges:
        return f"Actor network: {len(case.actors)} actors and no {shown}{where}."
    kinds = ", ".join(f"{n} {t}" for t, n in counts.items())
    source, target, data = max(edges, key=lambda e: e[2]["effective_weight"])
    return (f"Actor network: {len(case.actors)} actors and {len(edges)} {shown} ({kinds}){where}; the heaviest is "
            f'"{data["label"]}" ({data["type"]}, {names[source]} to {names[target]}, '
            f'weight {data["effective_weight"]:.2f}).')
