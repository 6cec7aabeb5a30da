"""The argument map (thesis, sub-claims, factors) and the actor network, laid out deterministically.

Both figures size themselves from their labels (fitted once, when drawn), and return a
handle (:class:`~entente_lab.plots._canvas.FigureHandle`) that updates in place.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text

from ..analysis.graphs import actor_graph, argument_graph, resolve_weights
from ..analysis.model import Weights
from ..case.records import Case
from ._canvas import FigureHandle, fitted, new_axes, new_figure, text_size, widest
from .style import FONT_SIZE, KIND_STYLE, OKABE_ITO, RELATION_STYLE, side_names

__all__ = [
    "ActorNetworkArtists", "ArgumentMapArtists", "actor_layout", "actor_network_summary", "argument_map_summary",
    "plot_actor_network", "plot_argument_map", "update_actor_network", "update_argument_map",
]

_KINDS = ("strength", "strain")
_LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
_ACTOR_BOX = {"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": "black", "linewidth": 1.0}


def _node_size(weight: float) -> float:
    """Marker area in points² for a weight in [0, 1]: visible at 0, about 20 pt across at 1."""
    return 40.0 + 360.0 * weight


def _edge_width(weight: float) -> float:
    return 0.6 + 3.0 * weight


# --------------------------------------------------------------------------- argument map

@dataclass(eq=False)
class ArgumentMapArtists(FigureHandle):
    """The handle of :func:`plot_argument_map`; ``update(weights)`` re-weights it in place.

    Attributes
    ----------
    ax : Axes
    nodes : dict
        ``"strength"`` and ``"strain"`` to the scatter of that kind's factors.
    factor_ids : dict
        The same keys to the factor ids, in the scatter's point order.
    labels : dict
        Factor id to its label (the fitted label, then the weight, which updates).
    edges : dict
        ``"strength"`` and ``"strain"`` to the factor-to-claim lines of that kind.
    positions : dict
        Node id (``"thesis"``, claim id, factor id) to its ``(x, y)`` position, in inches.
    factor_labels : dict
        Factor id to the label as drawn (fitted, ready to draw), without the weight.
    """

    case: Case | None = None
    effective: dict[str, float] = field(default_factory=dict)
    nodes: dict[str, PathCollection] = field(default_factory=dict)
    factor_ids: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, Text] = field(default_factory=dict)
    edges: dict[str, LineCollection] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    factor_labels: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The thesis, its sub-claims and their heaviest factors (:func:`argument_map_summary`)."""
        assert self.case is not None
        return _argument_sentence(self.case, self.effective)

    def update(self, weights: Weights = None, *, evidence_trust: Mapping[str, float] | None = None,
               months: float | None = None) -> None:
        """Resize the factor nodes and edges and rewrite the weights in the labels, in place.

        The arguments are those of :func:`plot_argument_map`: the effective weights
        (after ``evidence_trust`` and ``months``) size the nodes.
        """
        assert self.case is not None
        _, self.effective = resolve_weights(self.case, weights, evidence_trust=evidence_trust, months=months)
        for kind, ids in self.factor_ids.items():
            values = [float(self.effective[fid]) for fid in ids]
            self.nodes[kind].set_sizes([_node_size(v) for v in values])
            self.edges[kind].set_linewidths([_edge_width(v) for v in values])
            for fid, value in zip(ids, values, strict=True):
                self.labels[fid].set_text(f"{self.factor_labels[fid]} ({value:.2f})")


#: The argument map's fonts (points) and the room between its columns (inches).
_FACTOR_FONT, _CLAIM_FONT, _THESIS_FONT = FONT_SIZE, FONT_SIZE, FONT_SIZE + 1
_COLUMN_GAP, _EDGE_ROOM, _LABEL_OFFSET = 0.35, 0.9, 0.18


@dataclass(frozen=True)
class _MapLayout:
    """Where the argument map puts things, in inches: node positions and the axes' limits."""

    positions: dict[str, tuple[float, float]]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    header_y: float
    columns: tuple[float, float, float]


def _argument_layout(case: Case, factor_labels: dict[str, str], claim_labels: dict[str, str],
                     thesis_label: str) -> _MapLayout:
    """Three columns (thesis, sub-claims, factors: strength block above strain block, file order), in inches.

    Column widths come from the widest label of each column; a row is as tall as the
    tallest factor label.
    """
    row = max(0.3, max((text_size(f"{t} (0.00)", _FACTOR_FONT)[1] for t in factor_labels.values()), default=0) + 0.08)
    thesis_width, thesis_height = text_size(thesis_label, _THESIS_FONT, True)
    claim_width = widest(claim_labels.values(), _CLAIM_FONT, True)
    x_claim = thesis_width / 2 + _COLUMN_GAP + claim_width / 2
    x_factor = x_claim + claim_width / 2 + _EDGE_ROOM
    positions: dict[str, tuple[float, float]] = {}
    y = 0.0
    claim_rows: dict[str, list[float]] = {}
    for kind in _KINDS:
        for factor in case.factors_of_kind(kind):
            positions[factor.id] = (x_factor, -y)
            claim_rows.setdefault(kind, []).append(-y)
            y += row
        y += 0.8 * row  # a gap between the two blocks
    for claim in case.claims:
        positions[claim.id] = (x_claim, float(np.mean(claim_rows.get(claim.kind, [0.0]))))
    claim_ys = [positions[c.id][1] for c in case.claims] or [0.0]
    positions["thesis"] = (0.0, float(np.mean(claim_ys)))
    top = max(yy for _, yy in positions.values())
    bottom = min(yy for _, yy in positions.values())
    # Labels sit above their nodes (see plot_argument_map): the headers go above the highest of them.
    label_tops = [positions["thesis"][1] + 0.3 + thesis_height]
    label_tops += [positions[c.id][1] + 0.25 + text_size(claim_labels[c.id], _CLAIM_FONT, True)[1] for c in case.claims]
    header_y = max(top + 0.35, *label_tops) + 0.1
    right = x_factor + _LABEL_OFFSET + widest((f"{t} (0.00)" for t in factor_labels.values()), _FACTOR_FONT) + 0.15
    return _MapLayout(positions=positions, xlim=(-thesis_width / 2 - 0.1, right), ylim=(bottom - 0.35, header_y + 0.3),
                      header_y=header_y, columns=(0.0, x_claim, x_factor))


def plot_argument_map(case: Case, weights: Weights = None, *, ax: Axes | None = None,
                      evidence_trust: Mapping[str, float] | None = None, months: float | None = None) -> ArgumentMapArtists:
    """Draw the argument map: thesis ← sub-claims ← factors, node size by weight.

    The layout is computed, not random: the thesis on the left, the sub-claims in the
    middle, the factors in a column on the right, strength factors above strain
    factors in file order. Each kind has its own colour **and** marker (strength: blue
    circle, strain: vermillion square, thesis: black diamond) and its own line style;
    each factor's label (its short label when the case gives one, fitted to two
    lines) ends with its weight. The figure is as wide and as tall as its labels need.

    Parameters
    ----------
    case : Case
    weights : mapping of str to float, or None
        The weighting: factor id to weight, the rest at their defaults.
    ax : Axes, optional
        Where to draw; by default a new figure sized to the labels.
    evidence_trust, months : optional
        The model options (as for :func:`entente_lab.assess`): the effective weights,
        after the evidence discount and the duration rule, size the nodes.

    Returns
    -------
    ArgumentMapArtists
        The handle: ``update(weights)`` re-weights it, ``summary`` describes it.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> argument_map = plot_argument_map(case)
    >>> [len(argument_map.factor_ids[kind]) for kind in ("strength", "strain")] == [
    ...     len(case.factors_of_kind("strength")), len(case.factors_of_kind("strain"))]
    True
    >>> first = case.factors[0]
    >>> argument_map.labels[first.id].get_text() == f"{first.label} ({first.default_weight:.2f})"
    True
    """
    book: dict[str, str] = {}
    factor_labels = {f.id: fitted(f.label, book, short=f.short_label) for f in case.factors}
    claim_labels = {c.id: fitted(c.label, book, chars=40) for c in case.claims}
    thesis_label = fitted(case.thesis.label, book, chars=54, lines=3)
    layout = _argument_layout(case, factor_labels, claim_labels, thesis_label)
    (x0, x1), (y0, y1) = layout.xlim, layout.ylim
    sides = side_names(case)
    legend_labels = [f"{fitted(sides[k], book, chars=30, lines=1)} (supports "
                     f"\u201c{fitted(_claim_word(case, k), book, chars=40, lines=1)}\u201d)" for k in _KINDS] + ["thesis"]
    legend_columns = 3 if widest(legend_labels, FONT_SIZE - 1) * 3 + 1.8 <= x1 - x0 else 1
    if ax is None:
        legend_height = (1 + math.ceil(3 / legend_columns)) * 0.25
        ax = new_figure((max(6.0, x1 - x0 + 0.2), y1 - y0 + 0.6 + legend_height)).add_subplot()
    graph = argument_graph(case, weights, evidence_trust=evidence_trust, months=months)
    positions = layout.positions
    artists = ArgumentMapArtists(ax=ax, case=case, positions=positions, full_labels=book,
                                 effective={f.id: graph.nodes[f"factor:{f.id}"]["effective_weight"] for f in case.factors})

    # claim -> thesis edges (solid, thin, black)
    tx, ty = positions["thesis"]
    for claim in case.claims:
        cx, cy = positions[claim.id]
        style = KIND_STYLE.get(claim.kind, KIND_STYLE["thesis"])
        ax.plot([cx, tx], [cy, ty], color=style["color"], linestyle=style["linestyle"], linewidth=2.0, zorder=1)

    # factor -> claim edges, factor nodes and their labels: networkx draws them, the handle keeps what it returns
    pos = {node: positions[data["item_id"]] if data["node_type"] != "thesis" else positions["thesis"]
           for node, data in graph.nodes(data=True) if data["node_type"] in ("thesis", "claim", "factor")}
    for kind in _KINDS:
        style = KIND_STYLE[kind]
        factors = case.factors_of_kind(kind)
        ids = [f.id for f in factors]
        nodes_of = [f"factor:{fid}" for fid in ids]
        if not ids:  # networkx draws nothing for no nodes: keep empty artists, so the handle has every kind
            artists.nodes[kind], artists.factor_ids[kind] = ax.scatter([], [], marker=style["marker"]), ids
            artists.edges[kind] = ax.add_collection(LineCollection([]))
            continue
        lines = nx.draw_networkx_edges(graph, pos, edgelist=[(n, next(iter(graph.successors(n)))) for n in nodes_of],
                                       arrows=False, edge_color=style["color"], style=style["linestyle"], alpha=0.55,
                                       width=[_edge_width(artists.effective[fid]) for fid in ids], ax=ax)
        nodes = nx.draw_networkx_nodes(graph, pos, nodelist=nodes_of, node_size=[_node_size(artists.effective[fid]) for fid in ids],
                                       node_color=style["color"], node_shape=style["marker"], edgecolors="black",
                                       linewidths=0.8, ax=ax)
        nodes.set_zorder(3)
        label_pos = {f"factor:{fid}": (positions[fid][0] + _LABEL_OFFSET, positions[fid][1]) for fid in ids}
        texts = nx.draw_networkx_labels(graph, label_pos, labels={f"factor:{fid}": f"{factor_labels[fid]} ({artists.effective[fid]:.2f})"
                                                                  for fid in ids},
                                        font_size=_FACTOR_FONT, horizontalalignment="left", verticalalignment="center",
                                        clip_on=False, ax=ax)
        artists.nodes[kind], artists.factor_ids[kind], artists.edges[kind] = nodes, ids, lines
        for fid in ids:
            artists.factor_labels[fid] = factor_labels[fid]
            artists.labels[fid] = texts[f"factor:{fid}"]
            artists.labels[fid].set_zorder(4)

    for claim in case.claims:
        style = KIND_STYLE.get(claim.kind, KIND_STYLE["thesis"])
        cx, cy = positions[claim.id]
        ax.scatter([cx], [cy], s=420, c=style["color"], marker=style["marker"], edgecolors="black",
                   linewidths=1.2, zorder=3)
        ax.text(cx, cy + 0.25, claim_labels[claim.id], ha="center", va="bottom", fontsize=_CLAIM_FONT,
                fontweight="bold", zorder=4, bbox=_LABEL_BOX)
    thesis_style = KIND_STYLE["thesis"]
    ax.scatter([tx], [ty], s=520, c=thesis_style["color"], marker=thesis_style["marker"], zorder=3)
    ax.text(tx, ty + 0.3, thesis_label, ha="center", va="bottom", fontsize=_THESIS_FONT, fontweight="bold", zorder=4,
            bbox=_LABEL_BOX)

    for x, title in zip(layout.columns, ("Thesis", "Sub-claims", "Factors (weight)"), strict=True):
        ax.text(x, layout.header_y, title, ha="left" if x == layout.columns[-1] else "center", va="bottom",
                fontsize=FONT_SIZE, color=OKABE_ITO["grey"], fontweight="bold")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    handles = [
        Line2D([], [], color=KIND_STYLE[k]["color"], marker=KIND_STYLE[k]["marker"], linestyle=KIND_STYLE[k]["linestyle"],
               markersize=9, markeredgecolor="black", label=label)
        for k, label in zip(_KINDS, legend_labels, strict=False)
    ] + [Line2D([], [], color="black", marker="D", linestyle="", markersize=9, label="thesis")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=legend_columns,
              fontsize=FONT_SIZE - 1, frameon=False, title="node size and line width = weight",
              title_fontsize=FONT_SIZE - 1, alignment="left")
    ax.set_title("Argument map: what the thesis rests on", fontsize=FONT_SIZE + 2, loc="left")
    return artists


def _claim_word(case: Case, kind: str) -> str:
    claim = next((c for c in case.claims if c.kind == kind), None)
    return claim.label if claim is not None else case.thesis.label


def update_argument_map(artists: ArgumentMapArtists, weights: Weights = None, *, case: Case | None = None,
                        evidence_trust: Mapping[str, float] | None = None, months: float | None = None) -> None:
    """Re-weight the argument map in place: :meth:`ArgumentMapArtists.update`.

    ``case``, if given, must be the case the map was drawn for.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> argument_map = plot_argument_map(case)
    >>> first = case.factors[0]
    >>> update_argument_map(argument_map, {first.id: 0.1})
    >>> argument_map.labels[first.id].get_text() == f"{first.label} (0.10)"
    True
    """
    if case is not None and case is not artists.case:
        raise ValueError("the argument map was drawn for another case; draw a new one with plot_argument_map")
    artists.update(weights, evidence_trust=evidence_trust, months=months)


def _argument_sentence(case: Case, effective: dict[str, float]) -> str:
    sides = side_names(case)
    parts = []
    for kind in _KINDS:
        factors = case.factors_of_kind(kind)
        if not factors:
            continue
        heaviest = max(factors, key=lambda f: effective[f.id])  # first of equals: file order
        parts.append(f'"{_claim_word(case, kind)}" with {len(factors)} {sides[kind]} factors '
                     f'(heaviest "{heaviest.label}", {effective[heaviest.id]:.2f})')
    count = {1: "one sub-claim", 2: "two sub-claims"}.get(len(parts), f"{len(parts)} sub-claims")
    return f'Argument map: the thesis "{case.thesis.label}" rests on {count}, {" and ".join(parts)}.'


def argument_map_summary(case: Case, weights: Weights = None, *, evidence_trust: Mapping[str, float] | None = None,
                         months: float | None = None) -> str:
    """One sentence describing the argument map under a weighting (caption and alt text).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = argument_map_summary(case)
    >>> text.startswith(f'Argument map: the thesis "{case.thesis.label}" rests on two sub-claims, ')
    True
    >>> f"with {len(case.factors_of_kind('strain'))} {case.side('strain').label} factors" in text
    True
    """
    return _argument_sentence(case, resolve_weights(case, weights, evidence_trust=evidence_trust, months=months)[1])


# --------------------------------------------------------------------------- actor network

@dataclass(eq=False)
class ActorNetworkArtists(FigureHandle):
    """The handle of :func:`plot_actor_network`; ``update(weights, relation_types=...)`` changes it in place.

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

    case: Case | None = None
    graph: Any = None
    shown_types: frozenset[str] | None = None
    nodes: dict[str, Text] = field(default_factory=dict)
    edges: dict[str, Annotation] = field(default_factory=dict)
    relation_types: dict[str, str] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    legend: object = None

    @property
    def summary(self) -> str:
        """The actors, the relations shown and the heaviest one (:func:`actor_network_summary`)."""
        assert self.case is not None
        return _network_sentence(self.case, self.graph, self.shown_types)

    def update(self, weights: Weights = None, *, relation_types: Collection[str] | None = None) -> None:
        """Re-weight the relations (line widths) and show only ``relation_types`` (all when ``None``), in place."""
        assert self.case is not None
        self._show(actor_graph(self.case, weights), relation_types)

    def _show(self, graph: Any, relation_types: Collection[str] | None) -> None:
        self.graph = graph
        for _, _, key, data in graph.edges(keys=True, data=True):
            if key in self.edges:
                self.edges[key].arrow_patch.set_linewidth(_edge_width(data["effective_weight"]))
        self.shown_types = None if relation_types is None else frozenset(relation_types)
        for key, edge in self.edges.items():
            edge.set_visible(self.shown_types is None or self.relation_types[key] in self.shown_types)


def actor_layout(graph: Any) -> dict[str, tuple[float, float]]:
    """Fixed positions of a graph's nodes: the two most connected in the middle, the others on a circle.

    ``graph`` is any networkx graph, typically an
    :func:`~entente_lab.analysis.graphs.actor_graph`; an edge counts once whichever
    way it runs, and each parallel edge counts.

    Each outer actor's preferred angle points towards the middle actor(s) it is related
    to (an actor tied to both goes above or below); the outer actors are then spaced
    evenly round the circle in the order of their preferred angles. No randomness: the
    same case always gives the same picture.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> pos = actor_layout(actor_graph(load_case()))
    >>> sorted(xy for xy in pos.values() if xy[1] == 0.0 and abs(xy[0]) < 1)  # the two in the middle
    [(-0.6, 0.0), (0.6, 0.0)]
    >>> sorted({round(math.hypot(*xy), 6) for xy in pos.values()})  # and the others on one circle
    [0.6, 1.7]
    """
    ids = list(graph.nodes)
    degree = dict(graph.degree)
    neighbours: dict[str, set[str]] = {a: set() for a in ids}
    for source, target in graph.edges():
        neighbours[source].add(target)
        neighbours[target].add(source)
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


def plot_actor_network(case: Case, weights: Weights = None, *, ax: Axes | None = None,
                       relation_types: Collection[str] | None = None) -> ActorNetworkArtists:
    """Draw the actors and the relations the text draws between them.

    Each relation is an arrow from source to target, with the colour **and** line style
    of its type (:data:`~entente_lab.plots.style.RELATION_STYLE`) and a width that
    follows its weight (the mean effective weight of the factors behind it) under the
    weighting. A legend names the types. Actor names are fitted to three short lines.

    Parameters
    ----------
    case : Case
    weights : mapping of str to float, or None
        The weighting: factor id to weight, the rest at their defaults.
    ax : Axes, optional
        Where to draw; by default a new 9.5 x 6.5 inch figure.
    relation_types : collection of str, optional
        Show only relations of these types (all by default); the others are drawn
        but hidden, so ``update`` can show them again.

    Returns
    -------
    ActorNetworkArtists
        The handle: ``update(weights, relation_types=...)`` changes it, ``summary`` describes it.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> relation = case.relations[0]
    >>> network = plot_actor_network(case, relation_types={relation.type})
    >>> sorted(rid for rid, edge in network.edges.items() if edge.get_visible()) == sorted(
    ...     r.id for r in case.relations if r.type == relation.type)
    True
    """
    ax = new_axes(ax, (9.5, 6.5))
    graph = actor_graph(case, weights)
    positions = actor_layout(graph)
    artists = ActorNetworkArtists(ax=ax, case=case, positions=positions)
    # boxed actor names: networkx draws them; the central actor's box is larger and bolder
    names = nx.draw_networkx_labels(graph, positions, labels={a.id: fitted(a.name, artists.full_labels, chars=36, lines=3)
                                                              for a in case.actors},
                                    font_size=FONT_SIZE, bbox=_ACTOR_BOX, clip_on=False, ax=ax)
    for actor in case.actors:
        x, y = positions[actor.id]
        artists.nodes[actor.id] = name = names[actor.id]
        name.set_zorder(3)
        if abs(y) < 1e-9 and abs(x) < 1:  # the central actor
            name.set_fontsize(FONT_SIZE + 2)
            name.set_fontweight("bold")
            name.get_bbox_patch().set_linewidth(1.6)
    # arrows are matplotlib annotations, not draw_networkx_edges: networkx ends an arrow at a
    # node marker of a given size, these must end at the edge of each name's box (patchA/patchB)
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
    artists._show(graph, relation_types)
    return artists


def update_actor_network(artists: ActorNetworkArtists, case: Case | None = None, weights: Weights = None, *,
                         relation_types: Collection[str] | None = None, graph: object = None) -> None:
    """Re-weight the relations and show only some types, in place.

    With ``case`` (the case the network was drawn for) or ``graph``, the line widths
    follow the new weighting; without either, the weighting stays as it was.

    Parameters
    ----------
    artists : ActorNetworkArtists
    case, weights : optional
        Give both to set the line widths for a new weighting.
    relation_types : collection of str, optional
        The types to show; ``None`` shows all.
    graph : networkx.MultiDiGraph, optional
        An :func:`~entente_lab.analysis.graphs.actor_graph` already built (instead of ``case``).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> network = plot_actor_network(case)
    >>> relation = case.relations[0]
    >>> update_actor_network(network, case, dict.fromkeys(relation.factors, 1.0), relation_types={relation.type})
    >>> network.edges[relation.id].arrow_patch.get_linewidth()
    3.6
    >>> sorted({network.relation_types[r] for r, edge in network.edges.items() if edge.get_visible()}) == [relation.type]
    True
    """
    if graph is None and case is not None:
        graph = actor_graph(case, weights)
    artists._show(graph if graph is not None else artists.graph, relation_types)


def _network_sentence(case: Case, graph: Any, relation_types: Collection[str] | None) -> str:
    edges = [(s, t, d) for s, t, d in graph.edges(data=True)
             if relation_types is None or d["type"] in set(relation_types)]
    names = {a.id: a.name for a in case.actors}
    counts: dict[str, int] = {}
    for *_, data in edges:
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    middle = [a for a, (x, y) in actor_layout(graph).items() if abs(y) < 1e-9 and abs(x) < 1]
    where = f", {' and '.join(names[a] for a in middle)} in the middle" if middle else ""
    shown = "relations" if relation_types is None else "relations shown"
    if not edges:
        return f"Actor network: {len(case.actors)} actors and no {shown}{where}."
    kinds = ", ".join(f"{n} {t}" for t, n in counts.items())
    source, target, data = max(edges, key=lambda e: e[2]["effective_weight"])
    return (f"Actor network: {len(case.actors)} actors and {len(edges)} {shown} ({kinds}){where}; the heaviest is "
            f'"{data["label"]}" ({data["type"]}, {names[source]} to {names[target]}, '
            f'weight {data["effective_weight"]:.2f}).')


def actor_network_summary(case: Case, weights: Weights = None, *,
                          relation_types: Collection[str] | None = None) -> str:
    """One sentence describing the actor network (caption and alt text).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = actor_network_summary(case)
    >>> text.startswith(f"Actor network: {len(case.actors)} actors and {len(case.relations)} relations (")
    True
    """
    return _network_sentence(case, actor_graph(case, weights), relation_types)
