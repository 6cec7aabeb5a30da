"""Export a case's argument map and graphs as AIF JSON, Argdown, GraphML and CSV.

Each ``to_*`` function is pure: it takes a case and a weighting (as for
:mod:`entente_lab.analysis.graphs`: a mapping of factor id to weight, a preset, an
assessment or ``None`` for the defaults) and returns text. :func:`export_text`
picks a format by name and :func:`write_export` writes it atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis.graphs import actor_graph, argument_graph
from .atomic import write_atomic
from .case.records import Case
from .safe_output import csv_cell

__all__ = [
    "FORMATS", "GRAPHS", "CSV_COLUMNS", "export_text", "to_aif", "to_argdown", "to_csv", "to_graphml",
    "write_export",
]

#: Export formats, by name.
FORMATS = ("aif", "argdown", "graphml", "csv")
#: The graphs a GraphML export can hold.
GRAPHS = ("argument", "actors")
#: Columns of the CSV export, in order.
CSV_COLUMNS = ("factor_id", "kind", "label", "evidence", "weight", "default_weight", "duration_linked",
               "quote_text", "speaker", "turn", "start", "end")

_STATEMENT_TYPES = ("thesis", "claim", "factor")
_ARGUMENT_RELATIONS = {"support": ("RA", "Default Inference", "+"), "attack": ("CA", "Default Conflict", "-")}


# --------------------------------------------------------------------------- helpers

def _statement_children(graph: nx.DiGraph, node: str) -> list[tuple[str, str]]:
    """``(child, relation)`` for the supporters and attackers of ``node``, in insertion order."""
    return [(child, data["relation"]) for child, _, data in graph.in_edges(node, data=True)
            if data["relation"] in _ARGUMENT_RELATIONS and graph.nodes[child]["node_type"] in _STATEMENT_TYPES]


def _quotes_in_text_order(case: Case, graph: nx.DiGraph) -> list[str]:
    order = {turn.id: index for index, turn in enumerate(case.all_turns)}
    quotes = [n for n, d in graph.nodes(data=True) if d["node_type"] == "quote"]
    return sorted(quotes, key=lambda n: (order[graph.nodes[n]["turn"]], graph.nodes[n]["start"],
                                         graph.nodes[n]["end"]))


def _timestamp(published: str) -> str:
    """AIFdb's ``YYYY-MM-DD HH:MM:SS`` for a publication date."""
    return f"{published} 00:00:00" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else published


def _split_name(name: str) -> tuple[str, str]:
    """``('Ada', 'Lovelace')`` from ``'Ada Lovelace'``; a one-word name is all first name.

    >>> _split_name("Ada King Lovelace"), _split_name("Plato")
    (('Ada King', 'Lovelace'), ('Plato', ''))
    """
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


# --------------------------------------------------------------------------- AIF

def to_aif(case: Case, weights: object = None) -> str:
    """The argument map as AIF JSON, the format AIFdb and OVA read.

    Built from :func:`~entente_lab.analysis.graphs.argument_graph`:

    - an **I-node** for the thesis, each sub-claim and each factor (``text`` is the
      case's label; extra keys ``entente_id``, ``node_type``, ``kind``, ``summary`` and,
      for factors, ``weight``, ``effective_weight``, ``default_weight``,
      ``evidence``, ``duration_linked``);
    - for each support, an **RA-node** ("Default Inference") with edges
      I -> RA -> I; for each attack, a **CA-node** ("Default Conflict"),
      I -> CA -> I;
    - an **L-node** for each distinct quoted span, ``text`` ``"Speaker : words"``,
      with extra keys ``quote`` (the verbatim words), ``speaker``, ``turn``,
      ``start``, ``end`` (offsets into the turn) and ``entente_id``; a
      **YA-node** ("Asserting") for each statement it evidences, L -> YA -> I;
    - a **TA-node** ("Default Transition") between consecutive L-nodes in text
      order, L -> TA -> L;
    - ``locutions`` tying each L-node to its speaker in ``participants``
      (``firstname``, ``surname``).

    Node and participant ids are strings of consecutive integers; every
    ``timestamp`` is the publication date. A top-level ``entente_lab`` key holds
    the source, the case id, the case's ``interpreter`` and its note on what is
    interpretation (the I-node texts are the interpreter's; the L-node words are the
    authors').

    Parameters
    ----------
    case : Case
        A loaded case.
    weights : mapping, preset, assessment or None
        The weighting; ``None`` means the defaults.

    Returns
    -------
    str
        Indented JSON text ending in a newline.

    Examples
    --------
    >>> import json
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> aif = json.loads(to_aif(case))
    >>> sorted({n["type"] for n in aif["nodes"]})
    ['I', 'L', 'RA', 'TA', 'YA']
    >>> speakers = {q.speaker for item in (case.thesis, *case.claims, *case.factors) for q in item.quotes}
    >>> {" ".join(filter(None, (p["firstname"], p["surname"]))) for p in aif["participants"]} == {
    ...     case.person(s).name for s in speakers}
    True
    >>> aif["entente_lab"]["interpreter"] == case.interpreter
    True
    >>> ra = next(n for n in aif["nodes"] if n["type"] == "RA")
    >>> ra["text"]
    'Default Inference'
    """
    graph = argument_graph(case, weights)
    stamp = _timestamp(case.source.published)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    aif_id: dict[str, str] = {}

    def new_node(aif_type: str, text: str, /, **extra: Any) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": aif_type, "timestamp": stamp, **extra})
        return node_id

    def new_edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None})

    for node, data in graph.nodes(data=True):
        if data["node_type"] not in _STATEMENT_TYPES:
            continue
        extra: dict[str, Any] = {"entente_id": node, "node_type": data["node_type"], "kind": data["kind"],
                                 "summary": data["summary"]}
        if data["node_type"] == "factor":
            extra.update({key: data[key] for key in ("weight", "effective_weight", "default_weight", "evidence",
                                                     "duration_linked")})
        aif_id[node] = new_node("I", data["label"], **extra)
    for child, parent, data in graph.edges(data=True):
        if data["relation"] in _ARGUMENT_RELATIONS and child in aif_id and parent in aif_id:
            kind, text, _ = _ARGUMENT_RELATIONS[data["relation"]]
            scheme = new_node(kind, text)
            new_edge(aif_id[child], scheme)
            new_edge(scheme, aif_id[parent])

    participants: list[dict[str, str]] = []
    participant_id: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        if data["node_type"] == "person":
            first, last = _split_name(data["name"])
            participant_id[data["item_id"]] = str(len(participants) + 1)
            participants.append({"participantID": participant_id[data["item_id"]], "firstname": first,
                                 "surname": last})

    locutions: list[dict[str, Any]] = []
    previous: str | None = None
    for node in _quotes_in_text_order(case, graph):
        data = graph.nodes[node]
        speaker = case.person(data["speaker"])
        locution = new_node("L", f"{speaker.name} : {data['text']}", quote=data["text"], speaker=speaker.id,
                            turn=data["turn"], start=data["start"], end=data["end"], entente_id=node)
        locutions.append({"nodeID": locution, "personID": participant_id[speaker.id], "timestamp": stamp,
                          "source": case.source.url})
        for _, target, edge in graph.out_edges(node, data=True):
            if edge["relation"] == "evidence" and target in aif_id:
                asserting = new_node("YA", "Asserting")
                new_edge(locution, asserting)
                new_edge(asserting, aif_id[target])
        if previous is not None:
            transition = new_node("TA", "Default Transition")
            new_edge(previous, transition)
            new_edge(transition, locution)
        previous = locution

    document = {
        "nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants,
        "schemefulfillments": [], "descriptorfulfillments": [],
        "entente_lab": {
            "case": case.id, "title": case.source.title, "authors": list(case.source.authors),
            "published": case.source.published, "url": case.source.url, "rights": case.source.rights,
            "interpreter": case.interpreter, "interpretation": case.source.interpretation,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- Argdown

_ARGDOWN_ESCAPE = re.compile(r"[\\@#*_\[\]<>{}]|/(?=[/*])|[.:](?=\S)")


def _argdown_text(text: str) -> str:
    r"""Statement text with every Argdown control character escaped, on one line.

    >>> _argdown_text("the U.S. dollar #1 [sic] a_b // c")
    'the U\\.S. dollar \\#1 \\[sic\\] a\\_b \\// c'
    """
    return _ARGDOWN_ESCAPE.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))


def _argdown_title(title: str) -> str:
    """A statement title: no brackets (they would end it), one line."""
    return " ".join(title.replace("[", "(").replace("]", ")").split())


def _yaml_value(value: Any) -> str:
    """A YAML flow value that Argdown's data block keeps whole: JSON, with braces escaped in strings."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        text = text.replace("{", "\\u007b").replace("}", "\\u007d")
    return text


def _argdown_data(items: Iterable[tuple[str, Any]]) -> str:
    return "{" + ", ".join(f"{key}: {_yaml_value(value)}" for key, value in items) + "}"


def to_argdown(case: Case, weights: object = None) -> str:
    """The argument map as Argdown text.

    The thesis is the top-level statement; its sub-claims are indented under it
    and the factors under their sub-claim, each introduced by ``+`` (supports its
    parent) or ``-`` (attacks it). Every statement is ``[Title]: text #tag {data}``:
    the title is the case's label (made unique with the id if two labels clash), the
    text its summary, the tag its kind (``#thesis``, ``#strength`` or ``#strain``), and
    the data YAML with ``id``, the verbatim ``quotes`` and, for factors,
    ``weight``, ``default_weight``, ``evidence`` and ``duration_linked``.

    Argdown's control characters in titles and texts are escaped (``\\#``,
    ``\\[``, ...) and strings in the data are JSON-quoted, so a quote cannot end a
    statement or its data early. Front matter gives the title and source;
    ``//`` comments say which parts are the case's interpretation (and whose).

    Parameters
    ----------
    case : Case
        A loaded case.
    weights : mapping, preset, assessment or None
        The weighting; ``None`` means the defaults.

    Returns
    -------
    str
        Argdown source ending in a newline.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> factor = case.factors_of_kind("strength")[0]
    >>> lines = to_argdown(case, {factor.id: 0.9}).splitlines()
    >>> lines[12].startswith(f"[{case.thesis.label}]: ")
    True
    >>> strong = next(c for c in case.claims if c.kind == "strength")
    >>> lines[13].startswith(f"    + [{strong.label}]: ")
    True
    >>> line = next(s for s in lines if f'"{factor.id}"' in s)
    >>> line.startswith(f"        + [{factor.label}]: ")
    True
    >>> line.split(" #")[1].split(", quotes")[0] == (
    ...     f'strength {{id: "{factor.id}", weight: 0.9, default_weight: {factor.default_weight}, '
    ...     f'evidence: "{factor.evidence}", duration_linked: {str(factor.duration_linked).lower()}')
    True
    """
    graph = argument_graph(case, weights)
    statements = [n for n, d in graph.nodes(data=True) if d["node_type"] in _STATEMENT_TYPES]
    label_count: dict[str, int] = {}
    for node in statements:
        title = _argdown_title(graph.nodes[node]["label"])
        label_count[title] = label_count.get(title, 0) + 1
    titles = {}
    for node in statements:
        title = _argdown_title(graph.nodes[node]["label"])
        titles[node] = title if label_count[title] == 1 else f"{title} ({graph.nodes[node]['item_id']})"

    source = case.source
    lines = [
        "===",
        f"title: {_yaml_value(source.title + ' (argument map)')}",
        f"author: {_yaml_value(', '.join(source.authors))}",
        f"date: {_yaml_value(source.published)}",
        "===",
        "",
        f"// Source: {', '.join(source.authors)}, \"{source.title}\", {source.publisher}, {source.published}.",
        f"// {source.url}",
        f"// Titles, texts, tags, weights and evidence types are {case.interpretation};",
        "// the quotes in each statement's data are verbatim.",
        f"// Case: {case.id}",
        "",
    ]

    def statement(node: str, depth: int, sign: str) -> None:
        data = graph.nodes[node]
        items: list[tuple[str, Any]] = [("id", data["item_id"])]
        if data["node_type"] == "factor":
            items += [(key, data[key]) for key in ("weight", "default_weight", "evidence", "duration_linked")]
        quotes = [graph.nodes[q]["text"] for q, _, e in graph.in_edges(node, data=True) if e["relation"] == "evidence"]
        items.append(("quotes", quotes))
        prefix = "    " * depth + (f"{sign} " if sign else "")
        lines.append(f"{prefix}[{titles[node]}]: {_argdown_text(data['summary'])} #{data['kind']} "
                     f"{_argdown_data(items)}")
        for child, relation in _statement_children(graph, node):
            statement(child, depth + 1, _ARGUMENT_RELATIONS[relation][2])

    roots = [n for n in statements if not any(e["relation"] in _ARGUMENT_RELATIONS
                                              for _, _, e in graph.out_edges(n, data=True))]
    for root in roots:
        statement(root, 0, "")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- GraphML

def _graphml_value(value: Any) -> Any:
    """A value GraphML can hold: scalars as they are, anything else as sorted-key JSON text."""
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return json.dumps([_plain(v) for v in value], ensure_ascii=False, sort_keys=True)
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    """JSON-ready data from records, tuples and mappings."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _graphml_ready(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all GraphML scalars; ``None`` values are left out."""

    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        return {key: _graphml_value(value) for key, value in attrs.items() if value is not None}

    ready = graph.__class__()
    ready.graph.update(clean(graph.graph))
    ready.add_nodes_from((node, clean(data)) for node, data in graph.nodes(data=True))
    if graph.is_multigraph():
        ready.add_edges_from((u, v, key, clean(data)) for u, v, key, data in graph.edges(keys=True, data=True))
    else:
        ready.add_edges_from((u, v, clean(data)) for u, v, data in graph.edges(data=True))
    return ready


def to_graphml(case: Case, weights: object = None, *, graph: str = "argument") -> str:
    """The argument graph or the actor graph as GraphML text.

    GraphML holds only scalars, so tuples, lists and records (a factor's
    ``actors``, an actor edge's ``factors`` and ``quotes``) are written as JSON
    text with sorted keys, and ``None`` values are left out. Numbers, booleans and
    strings keep their types. The attributes are those documented in
    :func:`~entente_lab.analysis.graphs.argument_graph` and
    :func:`~entente_lab.analysis.graphs.actor_graph`; the actor graph's edges carry their
    relation id as the GraphML edge id.

    Parameters
    ----------
    case : Case
        A loaded case.
    weights : mapping, preset, assessment or None
        The weighting; ``None`` means the defaults.
    graph : {'argument', 'actors'}
        Which graph.

    Returns
    -------
    str
        GraphML (UTF-8 XML) text, readable by :func:`networkx.read_graphml` and
        Gephi.

    Raises
    ------
    ValueError
        For an unknown ``graph``, or a bad weighting.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = to_graphml(case, graph="actors")
    >>> g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    >>> actor = case.actors[-1]
    >>> g.nodes[actor.id]["type"] == actor.type, g.number_of_nodes() == len(case.actors)
    (True, True)
    >>> to_graphml(load_case(), graph="actor")
    Traceback (most recent call last):
    ...
    ValueError: unknown graph 'actor'; choose 'argument' or 'actors'
    """
    if graph not in GRAPHS:
        raise ValueError(f"unknown graph {graph!r}; choose 'argument' or 'actors'")
    built = argument_graph(case, weights) if graph == "argument" else actor_graph(case, weights)
    return "\n".join(nx.generate_graphml(_graphml_ready(built), encoding="utf-8", prettyprint=True)) + "\n"


# --------------------------------------------------------------------------- CSV

def to_csv(case: Case, weights: object = None) -> str:
    """The factors and their quotes as CSV, one row per quote.

    Columns are :data:`CSV_COLUMNS`: ``factor_id``, ``kind``, ``label``,
    ``evidence``, ``weight`` (under the weighting), ``default_weight``,
    ``duration_linked`` (``true``/``false``), ``quote_text`` (verbatim),
    ``speaker`` (person id), ``turn``, ``start``, ``end`` (offsets into the turn's
    text). Factors come in file order, their quotes in their order; a factor with
    no quote would get one row with the quote columns empty. Rows end in CRLF, as
    RFC 4180 has it. A text cell that a spreadsheet would run as a formula (it
    starts with ``=``, ``+``, ``-``, ``@``, ...) gets a leading ``'`` (see
    :func:`~entente_lab.safe_output.csv_cell`); numbers are written as numbers.

    Parameters
    ----------
    case : Case
        A loaded case.
    weights : mapping, preset, assessment or None
        The weighting; ``None`` means the defaults.

    Returns
    -------
    str
        CSV text with a header row.

    Examples
    --------
    >>> import csv, io
    >>> from entente_lab import load_case
    >>> rows = list(csv.DictReader(io.StringIO(to_csv(load_case(), {"energy-concessions": 0.4}))))
    >>> row = next(r for r in rows if r["factor_id"] == "energy-concessions")
    >>> row["weight"], row["turn"], row["start"], row["end"]
    ('0.4', 'answer', '507', '616')
    """
    graph = argument_graph(case, weights)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for factor in case.factors:
        data = graph.nodes[f"factor:{factor.id}"]
        head = [csv_cell(factor.id), csv_cell(factor.kind), csv_cell(factor.label), csv_cell(factor.evidence),
                repr(data["weight"]), repr(factor.default_weight), "true" if factor.duration_linked else "false"]
        if not factor.quotes:
            writer.writerow(head + [""] * 5)
        for quote in factor.quotes:
            writer.writerow(head + [csv_cell(quote.text), csv_cell(quote.speaker), csv_cell(quote.turn), quote.start,
                                    quote.end])
    return buffer.getvalue()


# --------------------------------------------------------------------------- dispatch

def export_text(case: Case, format: str, *, weights: object = None, graph: str = "argument") -> str:
    """The export of ``case`` in ``format`` (one of :data:`FORMATS`), as text.

    ``graph`` chooses the graph of a GraphML export; the other formats export the
    argument map and accept only ``graph='argument'``.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> export_text(load_case(), "csv").splitlines()[0]
    'factor_id,kind,label,evidence,weight,default_weight,duration_linked,quote_text,speaker,turn,start,end'
    >>> export_text(load_case(), "json")
    Traceback (most recent call last):
    ...
    ValueError: unknown export format 'json'; choose one of: aif, argdown, graphml, csv
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}")
    if graph not in GRAPHS:
        raise ValueError(f"unknown graph {graph!r}; choose 'argument' or 'actors'")
    if format == "graphml":
        return to_graphml(case, weights, graph=graph)
    if graph != "argument":
        raise ValueError(f"the {format} export holds the argument map only; "
                         f"use format 'graphml' for the {graph} graph")
    return {"aif": to_aif, "argdown": to_argdown, "csv": to_csv}[format](case, weights)


def write_export(path: str | os.PathLike[str], case: Case, format: str, *, weights: object = None,
                 graph: str = "argument", overwrite: bool = False) -> Path:
    """Write :func:`export_text` to ``path`` atomically (see :func:`entente_lab.atomic.write_atomic`).

    Raises
    ------
    FileExistsError
        ``path`` exists and ``overwrite`` is false.
    ValueError
        Unknown format or graph, or a bad weighting.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case
    >>> out = Path(tempfile.mkdtemp()) / "map.argdown"
    >>> write_export(out, load_case(), "argdown").read_text(encoding="utf-8").startswith("===")
    True
    """
    return write_atomic(path, export_text(case, format, weights=weights, graph=graph), overwrite=overwrite)
