"""The words that belong only to the bundled case: one list, derived from the case file.

What a person reads must come from the case file in use. A word from this list in
the output for another case, or anywhere in ``src/`` or in a notebook's own text,
means the lab put the bundled text's words on screen where they do not belong.

Most of the list is read from ``data/interview.yaml`` (people, actors, region and
preset names, the plane's and the scenario's words, the source, the dates in every
form the lab prints them); :data:`EXTRA` adds the few words the file implies but does
not hold as a value of its own.

>>> from tests.bundled_words import find_bundled_words
>>> find_bundled_words("Wyne's paradox, as of 24 February 2022")
['24 February 2022', 'Wyne', 'paradox']
>>> find_bundled_words("The pact is closer than ever")
[]

The package's own name is not the bundled text's, but crediting it with the
interpretation is: that is the bundled case's ``source.interpreter``.

>>> find_bundled_words("Entente Lab: read, map and weigh (entente_lab 0.1)")
[]
>>> find_bundled_words("Labels are Entente Lab’s interpretation.")
["Entente Lab's interpretation"]
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import entente_lab

#: The bundled case file, read from the repository (never through $ENTENTE_LAB_CASE).
BUNDLED_CASE = Path(__file__).resolve().parents[1] / "data" / "interview.yaml"

#: Words the bundled text implies without holding them as a value of their own.
EXTRA = (
    "war", "wars", "invasion", "invaded", "Kremlin", "Beijing", "Moscow", "Sino-Russian", "Belt and Road",
    "special military operation", "paradox", "entente", "no limits", "no-limits", "Ukrainian",
    "Chinese", "Russian", "Russians", "Afghan", "Xi", "Kyiv",
)

#: Values of the bundled case that are ordinary words, allowed anywhere.
GENERIC = frozenset({"Equal weights", "The West", "strength", "strain", "months", "Q&A", "state", "bloc", "region",
                     "alliance"})

#: ``entente`` is allowed as part of the package's own name.
_ALLOWED_CONTEXTS = re.compile(r"entente[-_ ]lab", re.IGNORECASE)

#: Typographic apostrophes and quotes, read as plain ones (``Wyne’s`` is ``Wyne's``).
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _dates(iso: str) -> list[str]:
    day = dt.date.fromisoformat(iso)
    return [iso, f"{day.day} {day:%B %Y}", f"{day:%B} {day.day}", f"{day:%B %Y}", f"{day:%b %Y}"]


@cache
def bundled_words() -> tuple[str, ...]:
    """Every word and phrase that belongs only to the bundled case, longest first."""
    case = entente_lab.load_case(BUNDLED_CASE)
    words: set[str] = set(EXTRA)
    for person in case.people:
        words.add(person.name)
        parts = person.name.split()
        if len(parts) > 1 and person.id != "editor":
            words.add(parts[-1])
    words.add("Carnegie")
    words.update(actor.name for actor in case.actors)
    for code in case.plane.regions:
        words.add(case.region_label(code))
    words.update(preset.label for preset in case.presets)
    words.update({case.plane.title, case.plane.subject, case.plane.counter_claim.label})
    if case.scenario is not None:
        words.update({case.scenario.label, case.scenario.clock, case.scenario.axis_label})
    words.update({case.source.title, case.source.publisher})
    for iso in [case.source.published, *(event.date for event in case.events)]:
        words.update(_dates(iso))
    words.update(term.term for term in case.glossary if term.term[:1].isupper())  # names, not ordinary terms
    if case.trilemma is not None:
        words.update(goal.label for goal in case.trilemma.goals)
        words.update(option.label for option in case.trilemma.options)
    words.add(f"{case.interpreter}'s interpretation")  # another case's reading is not the bundled interpreter's
    return tuple(sorted((w for w in words if w and w not in GENERIC), key=lambda w: (-len(w), w)))


@cache
def _pattern() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in bundled_words())
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def bundled_word_matches(text: str) -> list[tuple[int, str]]:
    """Each bundled-case word in ``text`` with where it starts, in text order.

    >>> bundled_word_matches("Ask Wyne; ask Wyne again")
    [(4, 'Wyne'), (14, 'Wyne')]
    """
    text = text.translate(_PLAIN)  # one character for one: positions are kept
    allowed = [match.span() for match in _ALLOWED_CONTEXTS.finditer(text)]

    def own_name(match: re.Match[str]) -> bool:
        return match.group(0).casefold() == "entente" and any(start <= match.start() < end for start, end in allowed)

    return [(match.start(), match.group(0)) for match in _pattern().finditer(text) if not own_name(match)]


def find_bundled_words(text: str) -> list[str]:
    """The bundled-case words in ``text``, each once, sorted (the package's own name does not count)."""
    return sorted({word for _, word in bundled_word_matches(text)})


# --------------------------------------------------------------------------- phrases of the bundled text

#: How many words in a row make a phrase of the bundled text (three-word runs are too common in English).
PHRASE_WORDS = 4

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_PLAIN).casefold())


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1)}


@cache
def _bundled_runs() -> frozenset[tuple[str, ...]]:
    case = entente_lab.load_case(BUNDLED_CASE)
    return frozenset(run for turn in case.turns for run in _runs("\n\n".join(turn.paragraphs)))


def bundled_text_phrases(text: str, *, own: str = "") -> list[str]:
    """Runs of :data:`PHRASE_WORDS` words of the bundled text's turns that ``text`` repeats, sorted.

    A phrase that ``own`` (another case's own file) also holds came from that case, not
    from the bundled text, and does not count.

    >>> bundled_text_phrases('a conjecture ("my hypothesis would be…")')
    ['my hypothesis would be']
    >>> bundled_text_phrases("the speaker's own conjecture, often hedged")
    []
    >>> bundled_text_phrases("my hypothesis would be", own="My hypothesis would be wrong")
    []
    """
    return sorted(" ".join(run) for run in (_runs(text) & _bundled_runs()) - _runs(own))
