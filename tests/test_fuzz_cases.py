"""Fuzzing the case-file reader: mutated case files never raise, never hang, never flood.

Hypothesis mutates the bundled case and ``tests/cases/second.yaml``: values of another
type at random places, sizes, nesting, numbers (huge, NaN, infinite, floats for whole
numbers), dates, text (control characters, ``$``, formula starts), bytes (invalid
UTF-8, a BOM, NUL, ``\\udc80`` escapes, CRLF), YAML tags, anchors and aliases,
duplicate keys, truncation. For every mutated file:

* ``validate_file`` returns a list of :class:`~entente_lab.errors.Problem`, each one
  line of bounded length, at most ``MAX_PROBLEMS`` of them plus one counting line;
* ``load_case`` returns a case or raises :class:`~entente_lab.CaseError`, nothing else;
* when the file validates, every export parses with its real reader: GraphML (both
  graphs) with networkx, AIF with json, CSV with csv; Argdown is text;
* every call finishes within ``HANG_SECONDS`` (a SIGALRM guard makes a hang fail).

The "ci" profile (conftest.py) is derandomized; run the long hunt by hand with
``ENTENTE_LAB_HYPOTHESIS=fuzz-long python -m pytest tests/test_fuzz_cases.py``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import re
import signal
from pathlib import Path

import networkx as nx
import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

import entente_lab
from entente_lab.case.validate import validate_file
from entente_lab.errors import MAX_MESSAGE_CHARS, MAX_PROBLEMS, Problem
from entente_lab.export import to_aif, to_argdown, to_csv, to_graphml

from .conftest import CASE_FILE

SECOND_FILE = Path(__file__).resolve().parent / "cases" / "second.yaml"
BASES = {path.name: path.read_text(encoding="utf-8") for path in (CASE_FILE, SECOND_FILE)}
DATA = {name: yaml.safe_load(text) for name, text in BASES.items()}

#: A call that takes longer than this is a hang (the bundled case validates in 0.05 s).
HANG_SECONDS = 10


class Hang(Exception):
    """A call ran past HANG_SECONDS."""


@contextlib.contextmanager
def within(seconds: int = HANG_SECONDS):
    """Fail, instead of blocking the test run, when the body runs past ``seconds``."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - Windows: no guard
        yield
        return

    def on_alarm(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- strategies

AWKWARD_TEXT = ["2022-02-30", "2024-02-29", "0000-00-00", "9999-12-31", "2022-2-4", "1e-1", "1.0e+400", "0x1F",
                "1:30", "~", "yes", "$x$ and $y$ \\ a_b", "=1+1", "@SUM(A1)", "<b>&amp;</b>", "\u202eevil",
                "a\nb", "tab\there", "\x00", "\x85", "\ufeff", "\uffff", "energy-concessions", "strength",
                "strain", "answer", "russia", "wyne", ""]

SCALARS = st.one_of(
    st.text(max_size=24),
    st.sampled_from(AWKWARD_TEXT),
    st.integers(min_value=-5, max_value=10_000),
    st.integers(min_value=10**18, max_value=10**60),
    st.floats(),  # NaN and infinities included
    st.sampled_from([0.0, 1.0, -0.0, 0.5, 1e-300, 1e300]),
    st.booleans(),
    st.none(),
)
DATES = st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True) | st.dates().map(lambda d: d.isoformat())
NUMBERS = st.one_of(st.integers(min_value=-3, max_value=5_000), st.floats(min_value=-2, max_value=2), st.floats(),
                    st.integers(min_value=0, max_value=5_000).map(float), st.sampled_from(["1e-1", "0.5", "12"]))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=6,
)

TAGGED = ["!!int abc", "!!int 0x", "!!int ''", "!!float abc", "!!float .nan", "!!bool maybe", "!!bool yes",
          "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1, b: 2]", "!!pairs [a: 1]", "!!timestamp 2022-02-30",
          "!!str 12", "!!null x", "!!python/object/apply:os.system ['true']", "!!python/name:os.system",
          "!local x", "!<tag:example.com,2000:x> y", "!!int " + "9" * 5000, "!!float " + "1" * 400]

RAW_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf", b"\t", b"\r", b"\x1b[31m", b"\x85",
             "\u2028".encode(), b'"\\udc80"', b'"\\ud800\\udc00"', b"&a ", b"*a", b"<<: *a", b"? ", b"---\n",
             b"...\n", b"%YAML 1.1\n", b"{", b"[", b"'", b'"', b"#", b"|", b">"]


def _paths(node, path=()):
    """Every path into ``node``, containers included (iteratively: the data can be deep)."""
    found, stack = [], [(path, node)]
    while stack:
        path, value = stack.pop()
        found.append(path)
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
    return sorted(found, key=repr)


def _get(node, path):
    for part in path:
        node = node[part]
    return node


def _mutate_data(draw, data):
    """One change to the parsed data at a random place."""
    paths = _paths(data)
    dates = [p for p in paths if p and p[-1] in ("date", "published")]
    numbers = [p for p in paths if p and p[-1] in ("start", "end", "default_weight") or len(p) > 1 and p[-2] in ("weights", "effects")]
    kind = draw(st.sampled_from(["anywhere", "date", "number"]))
    if kind == "date" and dates:
        path = draw(st.sampled_from(dates))
        _get(data, path[:-1])[path[-1]] = draw(DATES)
        return data
    if kind == "number" and numbers:
        path = draw(st.sampled_from(numbers))
        _get(data, path[:-1])[path[-1]] = draw(NUMBERS)
        return data
    path = draw(st.sampled_from(paths))
    if not path:
        return draw(VALUES) if draw(st.booleans()) else data
    parent, key = _get(data, path[:-1]), path[-1]
    value = parent[key]
    operation = draw(st.sampled_from(["replace", "delete", "duplicate", "float", "wrap", "grow", "long"]))
    if operation == "replace":
        parent[key] = draw(VALUES)
    elif operation == "delete":
        del parent[key]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(value))
    elif operation == "float" and isinstance(value, int) and not isinstance(value, bool):
        parent[key] = float(value) + draw(st.sampled_from([0.0, 0.5]))
    elif operation == "wrap":
        for _ in range(draw(st.integers(min_value=1, max_value=30))):
            value = [value] if draw(st.booleans()) else {"x": value}
        parent[key] = value
    elif operation == "grow" and isinstance(value, list) and value:
        parent[key] = value * draw(st.sampled_from([2, 50, 600]))
    elif operation == "long":
        parent[key] = draw(st.sampled_from(["x", "a-", "é", "$", "\x07"])) * draw(st.sampled_from([101, 501, 70_000]))
    else:
        parent[key] = draw(VALUES)
    return data


def _mutate_text(draw, raw: bytes) -> bytes:
    """One change to the file's bytes: a tag, an anchor, a duplicate line, raw bytes, a cut."""
    lines = raw.split(b"\n")
    operation = draw(st.sampled_from(["tag", "alias", "duplicate", "insert", "truncate", "bom", "crlf"]))
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if operation == "tag":
        valued = [i for i, line in enumerate(lines) if re.match(rb"^\s*(- )?[\w-]+: \S", line)]
        if valued:
            i = draw(st.sampled_from(valued))
            lines[i] = re.sub(rb"^(\s*(?:- )?[\w-]+: ).*$", lambda m: m.group(1) + draw(st.sampled_from(TAGGED)).encode(),
                              lines[i])
    elif operation == "alias":
        valued = [i for i, line in enumerate(lines) if re.match(rb"^\s*(- )?[\w-]+: \S", line)]
        if len(valued) >= 2:
            first, second = sorted(draw(st.lists(st.sampled_from(valued), min_size=2, max_size=2, unique=True)))
            lines[first] = re.sub(rb"^(\s*(?:- )?[\w-]+: )", rb"\1&a ", lines[first])
            lines[second] = re.sub(rb"^(\s*(?:- )?[\w-]+: ).*$", rb"\1*a", lines[second])
    elif operation == "duplicate":
        lines.insert(index, lines[index])
    elif operation == "insert":
        line = lines[index]
        at = draw(st.integers(min_value=0, max_value=len(line)))
        lines[index] = line[:at] + draw(st.sampled_from(RAW_BYTES)) + line[at:]
    elif operation == "truncate":
        return raw[:draw(st.integers(min_value=0, max_value=len(raw)))]
    elif operation == "bom":
        return b"\xef\xbb\xbf" + raw
    else:
        return raw.replace(b"\n", b"\r\n")
    return b"\n".join(lines)


# ---------------------------------------------------------------- the properties

def check_file(path: Path) -> None:
    """validate_file and load_case keep their contract on ``path``; a valid case exports well-formed files."""
    with within():
        data, problems = validate_file(path)
    assert isinstance(problems, list) and all(isinstance(p, Problem) for p in problems)
    errors = [p for p in problems if not p.warning]
    assert len(errors) <= MAX_PROBLEMS + 1 and len(problems) - len(errors) <= MAX_PROBLEMS + 1
    for problem in problems:
        text = str(problem)
        assert "\n" not in text and "\r" not in text, text[:300]
        assert len(problem.message) <= MAX_MESSAGE_CHARS, text[:300]
        assert text.startswith(str(path)), text[:300]
    try:
        with within():
            case = entente_lab.load_case(path)
    except entente_lab.CaseError as error:
        event("refused" if len(errors) <= MAX_PROBLEMS else "refused, problems capped")
        assert errors, f"load_case refused a file validate_file accepted: {error}"
        assert [str(p) for p in error.problems] == [str(p) for p in errors]
        return
    assert not errors, "load_case accepted a file validate_file refused"
    assert [str(w) for w in case.warnings] == [str(p) for p in problems]
    event("valid: outputs checked")
    check_outputs(case)


def check_outputs(case) -> None:
    """Every export of a valid case parses with its real reader."""
    with within():
        for graph in ("argument", "actors"):
            parsed = nx.parse_graphml(to_graphml(case, graph=graph))
            assert parsed.number_of_nodes() > 0
        assert json.loads(to_aif(case))["nodes"]
        assert isinstance(to_argdown(case), str)
        rows = list(csv.reader(io.StringIO(to_csv(case), newline=""), strict=True))
        assert rows and all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.slow  # hypothesis, over 10 s
@given(st.data())
def test_mutated_case_data_never_breaks_the_reader(tmp_path_factory, data):
    name = data.draw(st.sampled_from(sorted(BASES)), label="base")
    mutated = copy.deepcopy(DATA[name])
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="changes")):
        mutated = _mutate_data(data.draw, mutated)
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    path.write_text(yaml.safe_dump(mutated, allow_unicode=data.draw(st.booleans()), sort_keys=False), encoding="utf-8")
    check_file(path)


@given(st.data())
def test_mutated_case_bytes_never_break_the_reader(tmp_path_factory, data):
    name = data.draw(st.sampled_from(sorted(BASES)), label="base")
    raw = BASES[name].encode("utf-8")
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="changes")):
        raw = _mutate_text(data.draw, raw)
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    path.write_bytes(raw)
    check_file(path)


#: Text fields a case author writes freely: any text there must either be refused or exported well-formed.
FREE_TEXT = {"label", "name", "summary", "title", "term", "definition", "description", "role", "publisher",
             "subtitle", "venue", "rights", "interpretation", "origin"}


@pytest.mark.slow  # hypothesis, over 10 s
@given(st.data())
def test_any_text_a_case_accepts_exports_well_formed(tmp_path_factory, data):
    name = data.draw(st.sampled_from(sorted(BASES)), label="base")
    mutated = copy.deepcopy(DATA[name])
    free = [p for p in _paths(mutated) if p and p[-1] in FREE_TEXT and isinstance(_get(mutated, p), str)]
    text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40) | st.sampled_from([t for t in AWKWARD_TEXT if t])
    for path in data.draw(st.lists(st.sampled_from(free), min_size=1, max_size=6, unique=True), label="fields"):
        _get(mutated, path[:-1])[path[-1]] = data.draw(text)
    weights = [p for p in _paths(mutated) if p and p[-1] == "default_weight" or len(p) > 1 and p[-2] == "weights"]
    for path in data.draw(st.lists(st.sampled_from(weights), max_size=4), label="weights"):
        _get(mutated, path[:-1])[path[-1]] = data.draw(st.floats(min_value=0, max_value=1))
    for path in [p for p in _paths(mutated) if p and p[-1] in ("date", "published")]:
        if data.draw(st.booleans(), label="new date"):
            _get(mutated, path[:-1])[path[-1]] = data.draw(st.dates().map(lambda d: d.isoformat()))
    file = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    file.write_text(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False), encoding="utf-8",
                    errors="surrogatepass")
    check_file(file)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="no SIGALRM: the guard is off")
def test_the_guard_turns_a_hang_into_a_failure():
    import time

    try:
        with within(1):
            time.sleep(3)
    except Hang:
        return
    raise AssertionError("the alarm did not fire")
