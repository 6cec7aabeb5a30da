"""Find, load and validate a case file, and turn it into frozen records."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import CaseError
from .records import (
    Actor,
    Case,
    CitedWork,
    Claim,
    CounterClaim,
    Document,
    Event,
    Factor,
    FactorLink,
    GlossaryEntry,
    MapExercise,
    MapStatement,
    Person,
    Plane,
    Preset,
    Quote,
    Region,
    Relation,
    Scenario,
    Side,
    SourceInfo,
    Trilemma,
    TrilemmaGoal,
    TrilemmaOption,
    Turn,
)
from .safe_yaml import read_bytes
from .validate import validate_file
from .vocabulary import (
    DEFAULT_COUNTER_CLAIM,
    DEFAULT_INTERPRETER,
    DEFAULT_PLANE_TITLE,
    DEFAULT_REGION_WORDS,
    DEFAULT_SIDE_WORDS,
    DEFAULT_SUBJECT,
    MAIN_DOCUMENT_ID,
    REGIONS,
    SIDES,
)

__all__ = ["CASE_ENV_VAR", "bundled_case_path", "load_case"]

#: Name of the environment variable that points the default case at another file.
CASE_ENV_VAR = "ENTENTE_LAB_CASE"

#: How many loaded cases :func:`load_case` keeps, to return again for the very same bytes.
LOADED_KEPT = 16

#: (the path as given, the file's resolved path, the SHA-256 of its bytes) to the case built from them.
_LOADED: OrderedDict[tuple[str, str, bytes], Case] = OrderedDict()
_LOADED_LOCK = threading.Lock()


def bundled_case_path():
    """The bundled interview case, as an ``importlib.resources`` traversable."""
    return files("entente_lab") / "data" / "interview.yaml"


def _quote(raw: dict, speakers: dict[str, tuple[str, str]]) -> Quote:
    speaker, document = speakers[raw["turn"]]
    return Quote(text=raw["text"], speaker=speaker, turn=raw["turn"], start=raw["start"], end=raw["end"],
                 document=document)


def _quotes(raw: list | None, speakers: dict[str, tuple[str, str]]) -> tuple[Quote, ...]:
    return tuple(_quote(q, speakers) for q in raw or ())


def _plane(raw: dict[str, Any]) -> Plane:
    """The plane's words: the case's own, and neutral defaults for what it leaves out."""
    sides = raw.get("sides", {})
    regions = raw.get("regions", {})
    counter = raw.get("counter_claim", {})

    def side(kind: str) -> Side:
        words = {**DEFAULT_SIDE_WORDS[kind], **sides.get(kind, {})}
        return Side(kind=kind, label=words["label"], heading=words["heading"])

    def region(code: str) -> Region:
        given = regions.get(code, {})
        words = {**DEFAULT_REGION_WORDS[code], **given}
        return Region(code=code, label=words["label"], meaning=words["meaning"], short=given.get("short", ""))

    return Plane(
        title=raw.get("title", DEFAULT_PLANE_TITLE), subject=raw.get("subject", DEFAULT_SUBJECT),
        sides=MappingProxyType({kind: side(kind) for kind in SIDES}),
        regions=MappingProxyType({code: region(code) for code in REGIONS}),
        counter_claim=CounterClaim(label=counter.get("label", DEFAULT_COUNTER_CLAIM["label"]),
                                   summary=counter.get("summary", DEFAULT_COUNTER_CLAIM["summary"])),
        thesis_region=raw.get("thesis_region"),
    )


def _scenario(raw: dict[str, Any] | None, reference: str | None, events: dict[str, str]) -> Scenario | None:
    if raw is None or reference is None:
        return None
    unit = raw["unit"]
    start = events[reference]
    return Scenario(
        label=raw["label"], unit=unit, clock=raw.get("clock", unit), start_event=reference,
        start_date=start, reference=float(raw["reference"]), maximum=int(raw["maximum"]),
        reference_note=raw.get("reference_note", f"as when the text was written ({raw['reference']:g} {unit} in)"),
        question=raw.get("question", f"How many {unit} have passed?"),
        axis_label=raw.get("axis_label", f"{unit} since {start}"),
    )


def _mapping(raw: dict[str, Any] | None, speakers: dict[str, tuple[str, str]]) -> MapExercise | None:
    if raw is None:
        return None
    statements = tuple(
        MapStatement(id=m["id"], quote=_quote(m["quote"], speakers), placement=m["placement"], why=m["why"],
                     hint=m["hint"], factor=m.get("factor", ""), defensible=tuple(m.get("defensible", {}).items()))
        for m in raw["statements"])
    links = tuple(
        FactorLink(id=k["id"], factors=(k["factors"][0], k["factors"][1]), relation=k["relation"], why=k["why"],
                   hint=k["hint"], defensible=tuple(k.get("defensible", {}).items()))
        for k in raw.get("links", ()))
    return MapExercise(statements=statements, links=links)


def _documents(data: dict[str, Any], turns: tuple[Turn, ...]) -> tuple[Document, ...]:
    """The main text (from ``source``) first, then the further ``documents``, each with its turns."""
    src = data["source"]
    main = Document(id=src.get("id", MAIN_DOCUMENT_ID), title=src["title"], authors=tuple(src["authors"]),
                    publisher=src["publisher"], published=src["published"], url=src["url"], rights=src["rights"],
                    turns=tuple(t for t in turns if t.document == src.get("id", MAIN_DOCUMENT_ID)),
                    kind=src.get("kind", ""), text_file=src.get("capture", ""), main=True)
    others = tuple(
        Document(id=d["id"], title=d["title"], authors=tuple(d["authors"]), publisher=d["publisher"],
                 published=d["published"], url=d["url"], rights=d["rights"],
                 turns=tuple(t for t in turns if t.document == d["id"]), kind=d.get("kind", ""),
                 text_file=d.get("text_file", ""), note=d.get("note", ""))
        for d in data.get("documents", ())
    )
    return (main, *others)


def _build(data: dict[str, Any], *, path: str, content_hash: str, warnings: tuple = ()) -> Case:
    """Records from data that has passed validation."""
    main_id = data["source"].get("id", MAIN_DOCUMENT_ID)
    turns = tuple(Turn(id=t["id"], speaker=t["speaker"], paragraphs=tuple(t["paragraphs"]),
                       document=t.get("document", main_id)) for t in data["turns"])
    speakers = {t.id: (t.speaker, t.document) for t in turns}
    documents = _documents(data, turns)
    src = data["source"]
    source = SourceInfo(
        title=src["title"], authors=tuple(src["authors"]), publisher=src["publisher"],
        published=src["published"], url=src["url"], rights=src["rights"],
        interpretation=src["interpretation"], subtitle=src.get("subtitle", ""),
        kind=src.get("kind", ""), origin=src.get("origin", ""), capture=src.get("capture", ""),
        interpreter=src.get("interpreter", DEFAULT_INTERPRETER),
    )
    thesis = Claim(id="thesis", kind="thesis", label=data["thesis"]["label"],
                   summary=data["thesis"]["summary"], quotes=_quotes(data["thesis"]["quotes"], speakers))
    claims = tuple(Claim(id=c["id"], kind=c["kind"], label=c["label"], summary=c.get("summary", ""),
                         quotes=_quotes(c["quotes"], speakers)) for c in data["claims"])
    factors = tuple(
        Factor(id=f["id"], kind=f["kind"], label=f["label"], summary=f["summary"],
               evidence=f["evidence"], actors=tuple(f["actors"]), duration_linked=f["duration_linked"],
               default_weight=float(f["default_weight"]), quotes=_quotes(f["quotes"], speakers),
               cites=tuple(f.get("cites", ())), short_label=f.get("short_label", ""),
               dated_before_reference=bool(f.get("dated_before_reference", False)),
               duration_basis=f.get("duration_basis", "text"), evidence_note=f.get("evidence_note", ""),
               evidence_readings=tuple((kind, why) for kind, why in f.get("evidence_readings", {}).items()),
               kind_readings=tuple((kind, why) for kind, why in f.get("kind_readings", {}).items()))
        for f in data["factors"]
    )
    defaults = {f.id: f.default_weight for f in factors}
    presets = tuple(
        Preset(id=p["id"], label=p["label"], description=p.get("description", ""),
               weights=MappingProxyType({**defaults, **{k: float(v) for k, v in p["weights"].items()}}))
        for p in data["presets"]
    )
    trilemma = None
    if "trilemma" in data:
        t = data["trilemma"]
        trilemma = Trilemma(
            goals=tuple(TrilemmaGoal(id=g["id"], label=g["label"], quote=_quote(g["quote"], speakers))
                        for g in t["goals"]),
            options=tuple(TrilemmaOption(id=o["id"], label=o["label"], summary=o.get("summary", ""),
                                         effects=MappingProxyType({k: float(v) for k, v in o["effects"].items()}))
                          for o in t["options"]),
            cites=t.get("cites", ""), quotes=_quotes(t.get("quotes"), speakers),
        )
    case = Case(
        id=data["id"], source=source,
        people=tuple(Person(id=p["id"], name=p["name"], role=p.get("role", "")) for p in data["people"]),
        turns=documents[0].turns, documents=documents, mapping=_mapping(data.get("mapping"), speakers),
        thesis=thesis, claims=claims, factors=factors,
        actors=tuple(Actor(id=a["id"], name=a["name"], type=a["type"]) for a in data["actors"]),
        relations=tuple(Relation(id=r["id"], source=r["source"], target=r["target"], type=r["type"],
                                 label=r.get("label", ""), factors=tuple(r["factors"]))
                        for r in data.get("relations", ())),
        events=tuple(Event(id=e["id"], date=e["date"], label=e["label"], dated_by=e["dated_by"],
                           quotes=_quotes(e.get("quotes"), speakers)) for e in data.get("events", ())),
        sources=tuple(CitedWork(id=s["id"], authors=tuple(s["authors"]), title=s["title"],
                                venue=s.get("venue", ""), date=s.get("date", ""), url=s.get("url", ""),
                                summary=s.get("summary", "")) for s in data.get("sources", ())),
        glossary=tuple(GlossaryEntry(term=g["term"], definition=g["definition"],
                                     quotes=_quotes(g.get("quotes"), speakers)) for g in data.get("glossary", ())),
        trilemma=trilemma, presets=presets, plane=_plane(data.get("plane", {})),
        reference_event=data.get("reference_event"),
        scenario=_scenario(data.get("scenario"), data.get("reference_event"),
                           {e["id"]: e["date"] for e in data.get("events", ())}),
        teaching_notes=MappingProxyType(dict(data.get("teaching_notes", {}))), warnings=tuple(warnings),
        path=path, content_hash=content_hash,
    )
    return case


def load_case(path: str | os.PathLike[str] | None = None) -> Case:
    """Load and validate a case file.

    Parameters
    ----------
    path : path-like, optional
        The case file. When omitted, the file named by the environment variable
        ``ENTENTE_LAB_CASE`` is loaded if it is set, else the bundled interview.

    Returns
    -------
    Case
        Frozen records: source, turns, thesis, claims, factors, actors, relations,
        events, cited works, glossary, trilemma and presets.

    Raises
    ------
    CaseError
        When the file is missing, unreadable or invalid; ``.problems`` lists every
        problem with its line and column. ``CaseError`` is a ``ValueError``.

    Notes
    -----
    The records are frozen, so loading the very same bytes from the same path again
    returns the case built the first time (the last :data:`LOADED_KEPT` are kept):
    notebooks, commands and the class report load one file many times, and the check
    of a file costs tens of milliseconds. The file is read every time; an edited
    file is checked anew. A file with problems is never kept: they are reported on
    every load.

    Examples
    --------
    >>> case = load_case()
    >>> case.id
    'paradox-russia-china-2022'
    >>> sorted({f.kind for f in case.factors})
    ['strain', 'strength']
    >>> load_case() is load_case()  # the same bytes: the same frozen records
    True
    >>> load_case("no/such/case.yaml")
    Traceback (most recent call last):
    ...
    entente_lab.errors.CaseError: no/such/case.yaml is not a valid case file (1 problem):
      no/such/case.yaml: no such file; check the path (a case file ends in .yaml)
    """
    if path is None and os.environ.get(CASE_ENV_VAR):
        path = os.environ[CASE_ENV_VAR]
    with ExitStack() as stack:
        if path is None:
            real = stack.enter_context(as_file(bundled_case_path()))
            shown = "interview.yaml (bundled)"
        else:
            real, shown = Path(path), os.fspath(path)
        read = read_bytes(Path(real))
        key = None
        if read[0] is not None:
            key = (shown, os.path.realpath(real), hashlib.sha256(read[0]).digest())
            with _LOADED_LOCK:
                if key in _LOADED:
                    _LOADED.move_to_end(key)
                    return _LOADED[key]
        data, problems = validate_file(real, shown=shown, read=read)
        errors = [problem for problem in problems if not problem.warning]
        if errors:
            raise CaseError(errors)
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        content_hash = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        case = _build(data, path=shown if path is None else os.fspath(path), content_hash=content_hash,
                      warnings=tuple(problem for problem in problems if problem.warning))
        if key is not None:
            with _LOADED_LOCK:
                _LOADED[key] = case
                while len(_LOADED) > LOADED_KEPT:
                    _LOADED.popitem(last=False)
        return case
