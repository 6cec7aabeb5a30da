"""Frozen, typed records for a loaded case: what the rest of the package reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

__all__ = [
    "Quote", "Person", "Turn", "Document", "Claim", "Factor", "Actor", "Relation", "Event",
    "CitedWork", "GlossaryEntry", "TrilemmaGoal", "TrilemmaOption", "Trilemma",
    "Preset", "SourceInfo", "Region", "Side", "CounterClaim", "Plane", "Scenario", "MapStatement", "FactorLink",
    "MapExercise", "Case",
]

Kind = Literal["strength", "strain"]
Evidence = Literal["observed", "hypothesis", "cited"]


@dataclass(frozen=True)
class Quote:
    """Verbatim words: ``text == case.turn(turn).text[start:end]``; ``document`` is the id of the turn's document."""

    text: str
    speaker: str
    turn: str
    start: int
    end: int
    document: str = ""


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str = ""


@dataclass(frozen=True)
class Turn:
    """One speaker's turn; ``text`` is its paragraphs joined by a blank line; ``document`` is the id of its document."""

    id: str
    speaker: str
    paragraphs: tuple[str, ...]
    document: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Document:
    """One document the case quotes: the main text (described by ``source``) or a further one (``documents``).

    ``turns`` are its words; a quote names a turn, so it is checked against its own document.
    """

    id: str
    title: str
    authors: tuple[str, ...]
    publisher: str
    published: str
    url: str
    rights: str
    turns: tuple[Turn, ...]
    kind: str = ""
    text_file: str = ""
    note: str = ""
    main: bool = False


@dataclass(frozen=True)
class Claim:
    """The thesis (``kind='thesis'``) or one of its two halves (strength, strain)."""

    id: str
    kind: str
    label: str
    summary: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Factor:
    """A strength or strain factor.

    ``label``, ``summary``, ``evidence`` and ``default_weight`` are the case's
    interpretation (see :attr:`Case.interpretation`); ``quotes`` are the text's words.
    """

    id: str
    kind: Kind
    label: str
    summary: str
    evidence: Evidence
    actors: tuple[str, ...]
    duration_linked: bool
    default_weight: float
    quotes: tuple[Quote, ...]
    cites: tuple[str, ...] = ()
    short_label: str = ""
    dated_before_reference: bool = False
    duration_basis: str = "text"
    evidence_note: str = ""
    evidence_readings: tuple[tuple[str, str], ...] = ()
    kind_readings: tuple[tuple[str, str], ...] = ()

    @property
    def defensible_kinds(self) -> tuple[str, ...]:
        """Where a careful reader could place this factor: the case's side first, then its ``kind_readings``
        (``'strength'``, ``'strain'`` or ``'neither'``).

        >>> Factor(id="f", kind="strength", label="F", summary="F.", evidence="observed", actors=(), duration_linked=False,
        ...        default_weight=0.5, quotes=(), kind_readings=(("strain", "concessions breed resentment"),)).defensible_kinds
        ('strength', 'strain')
        """
        return (self.kind, *(kind for kind, _ in self.kind_readings if kind != self.kind))

    @property
    def defensible_evidence(self) -> tuple[str, ...]:
        """The evidence types a careful reader could give this factor: the case's own first, then its ``evidence_readings``.

        >>> Factor(id="f", kind="strain", label="F", summary="F.", evidence="observed", actors=(), duration_linked=False,
        ...        default_weight=0.5, quotes=(), evidence_readings=(("hypothesis", "'leery' judges a motive"),)).defensible_evidence
        ('observed', 'hypothesis')
        """
        return (self.evidence, *(kind for kind, _ in self.evidence_readings if kind != self.evidence))

    @property
    def figure_label(self) -> str:
        """What a tight figure shows: the ``short_label`` when the case gives one, else the label."""
        return self.short_label or self.label


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str


@dataclass(frozen=True)
class Relation:
    """A relation between two actors that the text describes, and the factors behind it."""

    id: str
    source: str
    target: str
    type: str
    label: str
    factors: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated event; ``dated_by`` is ``'text'`` when the interview gives the date."""

    id: str
    date: str
    label: str
    dated_by: str
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class CitedWork:
    id: str
    authors: tuple[str, ...]
    title: str
    venue: str = ""
    date: str = ""
    url: str = ""
    summary: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class TrilemmaGoal:
    id: str
    label: str
    quote: Quote


@dataclass(frozen=True)
class TrilemmaOption:
    """A policy option and its effect on each goal in [-1, 1] (the case's interpretation)."""

    id: str
    label: str
    summary: str
    effects: Mapping[str, float]


@dataclass(frozen=True)
class Trilemma:
    goals: tuple[TrilemmaGoal, ...]
    options: tuple[TrilemmaOption, ...]
    cites: str = ""
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Preset:
    """A named weighting; every factor has a weight (left-out ones take the default).

    A preset is the case author's reading (see :attr:`Case.interpretation`), never the
    text's words.
    """

    id: str
    label: str
    description: str
    weights: Mapping[str, float]


@dataclass(frozen=True)
class SourceInfo:
    """Where the text comes from, and who owns it."""

    title: str
    authors: tuple[str, ...]
    publisher: str
    published: str
    url: str
    rights: str
    interpretation: str
    subtitle: str = ""
    kind: str = ""
    origin: str = ""
    capture: str = ""
    interpreter: str = ""


@dataclass(frozen=True)
class Region:
    """One of the plane's four regions: its stable ``code`` and the case's words for it."""

    code: str
    label: str
    meaning: str
    short: str = ""

    @property
    def figure_label(self) -> str:
        """What a tight figure shows: the short name when the case gives one, else the label."""
        return self.short or self.label


@dataclass(frozen=True)
class Side:
    """One side of the argument (``kind`` is ``'strength'`` or ``'strain'``) and the case's words for it."""

    kind: str
    label: str
    heading: str


@dataclass(frozen=True)
class CounterClaim:
    """The reading that sees only strength: the formal lens's counter-claim."""

    label: str
    summary: str


@dataclass(frozen=True)
class Plane:
    """The words of the strength-strain plane: title, subject, sides and regions (all filled in)."""

    title: str
    subject: str
    sides: Mapping[str, Side]
    regions: Mapping[str, Region]
    counter_claim: CounterClaim
    thesis_region: str | None = None

    @property
    def in_sentence(self) -> str:
        """The title as it reads inside a sentence: "The strength–strain plane" becomes "the strength–strain plane"."""
        first, _, rest = self.title.partition(" ")
        return f"the {rest}" if first == "The" and rest else self.title


@dataclass(frozen=True)
class Scenario:
    """The duration scenario: duration-linked factors follow a clock that starts at an event.

    ``reference`` is the clock's value when the text was written (weights as set);
    ``start_date`` is the date of ``start_event``.
    """

    label: str
    unit: str
    clock: str
    start_event: str
    start_date: str
    reference: float
    maximum: int
    reference_note: str
    question: str
    axis_label: str


@dataclass(frozen=True)
class MapStatement:
    """A statement students attach to a claim (``'strength'``, ``'strain'``) or to ``'neither'``.

    ``placement``, ``why``, ``defensible`` ((placement, why) pairs) and ``hint`` are the
    case's interpretation; ``quote`` is the text's words.
    """

    id: str
    quote: Quote
    placement: str
    why: str
    hint: str
    factor: str = ""
    defensible: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FactorLink:
    """Two factors and how the case reads them: ``'overlap'``, ``'depends'`` (the first on the second) or ``'independent'``."""

    id: str
    factors: tuple[str, str]
    relation: str
    why: str
    hint: str
    defensible: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MapExercise:
    """The map-building exercise: statements to place and factor pairs to relate."""

    statements: tuple[MapStatement, ...]
    links: tuple[FactorLink, ...] = ()


@dataclass(frozen=True)
class Case:
    """A loaded, validated case file. Build one with :func:`entente_lab.load_case`.

    ``turns`` are the main text's turns (what "the text" means in the notebooks); the
    turns of further documents are in ``documents`` and :meth:`turn` finds any of them.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> len(case.factors) == len(case.factors_of_kind("strength")) + len(case.factors_of_kind("strain"))
    True
    >>> case.factor("energy-concessions").kind
    'strength'
    >>> q = case.factor("energy-concessions").quotes[0]
    >>> case.turn(q.turn).text[q.start:q.end] == q.text
    True
    """

    id: str
    source: SourceInfo
    people: tuple[Person, ...]
    turns: tuple[Turn, ...]
    thesis: Claim
    claims: tuple[Claim, ...]
    factors: tuple[Factor, ...]
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]
    sources: tuple[CitedWork, ...]
    glossary: tuple[GlossaryEntry, ...]
    trilemma: Trilemma | None
    presets: tuple[Preset, ...]
    plane: Plane
    reference_event: str | None = None
    scenario: Scenario | None = None
    documents: tuple[Document, ...] = ()
    mapping: MapExercise | None = None
    teaching_notes: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[Any, ...] = ()
    path: str = ""
    content_hash: str = ""

    @cached_property
    def _index(self) -> dict[str, dict[str, Any]]:
        tables = {"factor": self.factors, "turn": self.all_turns, "person": self.people,
                  "actor": self.actors, "preset": self.presets, "document": self.documents}
        return {name: {item.id: item for item in items} for name, items in tables.items()}

    def _get(self, table: str, key: str) -> Any:
        index = self._index[table]
        try:
            return index[key]
        except KeyError:
            known = ", ".join(sorted(index))
            raise KeyError(f"no {table} {key!r} in case {self.id!r}; known: {known}") from None

    def factor(self, factor_id: str) -> Factor:
        """The factor with this id (``KeyError`` listing the known ids otherwise)."""
        return self._get("factor", factor_id)

    def turn(self, turn_id: str) -> Turn:
        """The turn with this id, in any of the case's documents."""
        return self._get("turn", turn_id)

    def document(self, document_id: str) -> Document:
        """The document with this id (``KeyError`` listing the known ids otherwise).

        >>> from entente_lab import load_case
        >>> case = load_case()
        >>> case.document(case.documents[0].id).turns == case.turns
        True
        """
        return self._get("document", document_id)

    def document_of(self, quote: Quote) -> Document:
        """The document a quote is from: its turn's document.

        >>> from entente_lab import load_case
        >>> case = load_case()
        >>> case.document_of(case.thesis.quotes[0]).main
        True
        """
        return self.document(self.turn(quote.turn).document)

    @property
    def all_turns(self) -> tuple[Turn, ...]:
        """The turns of every document, the main text's first: the order quotes are listed in."""
        return self.turns + tuple(t for d in self.documents if not d.main for t in d.turns)

    @property
    def main_document(self) -> Document:
        """The main text (the first document; ``turns`` are its turns)."""
        return self.documents[0]

    def person(self, person_id: str) -> Person:
        return self._get("person", person_id)

    def actor(self, actor_id: str) -> Actor:
        return self._get("actor", actor_id)

    def preset(self, preset_id: str) -> Preset:
        return self._get("preset", preset_id)

    @property
    def reference(self) -> Event | None:
        """The event the thesis compares against (``reference_event``), or ``None`` when the case names none."""
        if self.reference_event is None:
            return None
        return next(e for e in self.events if e.id == self.reference_event)

    def factors_before_reference(self) -> tuple[Factor, ...]:
        """The factors the text dates before the reference event, in file order."""
        return tuple(f for f in self.factors if f.dated_before_reference)

    def region(self, code: str) -> Region:
        """The case's words for a region code (``KeyError`` listing the codes otherwise)."""
        regions = self.plane.regions
        try:
            return regions[code]
        except KeyError:
            raise KeyError(f"no region {code!r}; known: {', '.join(regions)}") from None

    def region_label(self, code: str) -> str:
        """The name of a region, as this case calls it.

        >>> from entente_lab import load_case
        >>> case = load_case()
        >>> case.region_label("both-high") == case.plane.regions["both-high"].label
        True
        """
        return self.region(code).label

    def side(self, kind: str) -> Side:
        """The case's words for one side (``'strength'`` or ``'strain'``)."""
        return self.plane.sides[kind]

    @property
    def interpreter(self) -> str:
        """Who made the interpretation (``source.interpreter``; the loader fills in a default)."""
        return self.source.interpreter

    @property
    def interpretation(self) -> str:
        """The label for everything that is the interpreter's reading, not the text's words.

        >>> from entente_lab import load_case
        >>> load_case().interpretation.endswith("interpretation, not the authors' words")
        True
        """
        return f"{self.interpreter}'s interpretation, not the authors' words"

    def note(self, slot: str) -> str:
        """The case's teaching note for a notebook place (see ``vocabulary.TEACHING_NOTE_SLOTS``), or ``''``."""
        return self.teaching_notes.get(slot, "")

    def factors_of_kind(self, kind: Kind) -> tuple[Factor, ...]:
        """The strength (or strain) factors, in file order."""
        return tuple(f for f in self.factors if f.kind == kind)

    def default_weights(self) -> dict[str, float]:
        """Factor id to default weight, in file order.

        >>> from entente_lab import load_case
        >>> load_case().default_weights()["russia-beholden"]
        0.8
        """
        return {f.id: f.default_weight for f in self.factors}
