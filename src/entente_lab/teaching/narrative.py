"""The notebooks' case-specific sentences, as Markdown built from a case (pure text).

A notebook's Markdown cells hold only prose that is true for any case. Every count,
name, date, preset, region, cited author and case-specific remark comes from here,
shown by a short code cell such as ``show_markdown(narrative.overview(case))``. What
cannot be built from the data comes from the case's ``teaching_notes`` (the places are
:data:`entente_lab.case.vocabulary.TEACHING_NOTE_SLOTS`). Optional parts a case lacks (the
trilemma, the duration scenario, a teaching note) give one line that says so, or
nothing: a function that returns ``""`` means "show nothing here".

Nothing here imports IPython, ipywidgets or matplotlib; :func:`tipping_summary` and
:func:`why_they_disagree` run the model (and networkx, for the formal lens).

Examples
--------
>>> from entente_lab import load_case
>>> case = load_case()
>>> series_map(case).startswith("| notebook | what you do | minutes |")
True
>>> regions_table(case).count(case.region_label("both-high"))
1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..case.records import Case, Factor
from .reading import quote_html

if TYPE_CHECKING:
    from ..analysis.model import Assessment

__all__ = [
    "Part", "SERIES", "actors_overview", "actors_summary", "before_and_now", "before_the_text", "evidence_types",
    "formal_lens_graph", "glossary_intro", "in_sentence", "overview", "parts", "people_intro", "preset_positions", "presets",
    "reach_exercise", "reading_summary", "regions_table", "scenario_rule", "scenario_section", "scoring_rule",
    "series_map", "skipped_parts", "sort_intro", "sources_intro",
    "starting_reading", "tipping_intro", "tipping_summary", "trilemma_options", "trilemma_overview",
    "trilemma_summary", "trilemma_text", "turns_intro", "what_is_whose", "whats_next", "why_they_disagree",
]


# --------------------------------------------------------------------------- small helpers

def _plural(count: int, noun: str, plural: str = "") -> str:
    """``"1 factor"``, ``"3 factors"``.

    >>> _plural(1, "factor"), _plural(3, "factor"), _plural(2, "person", "people")
    ('1 factor', '3 factors', '2 people')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _and(items: list[str]) -> str:
    """A list in a sentence: ``"a"``, ``"a and b"``, ``"a, b and c"``.

    >>> _and(["a"]), _and(["a", "b"]), _and(["a", "b", "c"]), _and([])
    ('a', 'a and b', 'a, b and c', '')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _date(iso: str) -> str:
    """A date as people write it (``"2024-01-15"`` becomes ``"15 January 2024"``); other text as given.

    >>> _date("2024-01-15"), _date("spring 2024")
    ('15 January 2024', 'spring 2024')
    """
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return f"{day.day} {day:%B %Y}"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: a leading article in lower case ("The pact is signed" → "the pact …").

    Only "The", "A" and "An" change: any other first word may be a name.

    >>> in_sentence("The pact is signed"), in_sentence("Zaręcze's flood season"), in_sentence("A vote")
    ('the pact is signed', "Zaręcze's flood season", 'a vote')
    """
    first, _, rest = label.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An") and rest else label


def _a_kind(case: Case) -> str:
    """The kind of text with its article: ``"a Q&A"``, ``"an interview"``, ``"a podcast Q&A"`` (``"a text"`` if unknown)."""
    kind = case.source.kind or "text"
    if kind[:1].isupper() and kind[1:2].islower():  # "Podcast Q&A" reads "podcast Q&A" in a sentence
        kind = kind[0].lower() + kind[1:]
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


def _quoted(labels: list[str]) -> str:
    return _and([f"“{label}”" for label in labels])


def _speakers(case: Case) -> list[str]:
    """The ids of the people who have turns, in order of their first turn."""
    return list(dict.fromkeys(turn.speaker for turn in case.turns))


def _cited_authors(case: Case, factors: tuple[Factor, ...] | list[Factor]) -> list[str]:
    """The authors of the works these factors cite, each once, in case order."""
    cited = {work_id for factor in factors for work_id in factor.cites}
    return list(dict.fromkeys(author for work in case.sources if work.id in cited for author in work.authors))


# --------------------------------------------------------------------------- the series

@dataclass(frozen=True)
class Part:
    """One notebook of the series as the map in 00 lists it.

    Attributes
    ----------
    notebook : str
        The notebook's file name without ``.ipynb``.
    title : str
        Its number and title, as its first heading reads.
    does : str
        What a student does there, for this case.
    minutes : int
        About how long it takes.
    """

    notebook: str
    title: str
    does: str
    minutes: int


#: The student notebooks, in order (file names without ``.ipynb``).
SERIES = ("00_start_here", "01_read_the_interview", "02_map_the_argument", "03_weigh_the_factors", "04_stress_test",
          "05_the_trilemma", "06_actors_and_regions", "07_your_verdict")


def parts(case: Case) -> tuple[Part, ...]:
    """The student notebooks after 00 that this case has, in order.

    Notebook 05 needs a trilemma; the scenario part of 06 needs a duration scenario.

    >>> from entente_lab import load_case
    >>> [part.notebook[:2] for part in parts(load_case())]
    ['01', '02', '03', '04', '05', '06', '07']
    """
    scenario = case.scenario
    return tuple(part for part in (
        Part("01_read_the_interview", "01 · Read the interview", "read it turn by turn, learn the terms, find the thesis",
             15),
        Part("02_map_the_argument", "02 · Map the argument",
             "see the argument as a map, sort the evidence, name the kind of evidence", 20),
        Part("03_weigh_the_factors", "03 · Weigh the factors",
             "predict, then weigh each factor and see where the relationship lands", 25),
        Part("04_stress_test", "04 · Stress-test the verdict",
             "how robust is your verdict? which factor matters most? a formal lens", 25),
        Part("05_the_trilemma", "05 · The trilemma", "test policy options against the three goals of the text's trilemma",
             15) if case.trilemma is not None else None,
        Part("06_actors_and_regions", "06 · Actors and regions",
             f"who is involved, when, and what changes with the {scenario.clock}" if scenario is not None
             else "who is involved, and when", 20 if scenario is not None else 15),
        Part("07_your_verdict", "07 · Your verdict", "write your verdict citing the text, save it and download it", 20),
    ) if part is not None)


def skipped_parts(case: Case) -> list[str]:
    """What the series leaves out for this case, and why: one phrase each (none for a complete case).

    >>> from entente_lab import load_case
    >>> skipped_parts(load_case())
    []
    """
    skipped = []
    if case.trilemma is None:
        skipped.append("**05 · The trilemma**, because the case defines no trilemma")
    if case.scenario is None:
        skipped.append("the duration scenario in **06 · Actors and regions**, because the case defines no scenario")
    return skipped


def series_map(case: Case) -> str:
    """The map of the series for 00: a table of the notebooks this case has, and a line on what is skipped.

    >>> from entente_lab import load_case
    >>> table = series_map(load_case())
    >>> table.count("\\n| 0"), "Skipped" in table
    (7, False)
    """
    rows = [f"| {part.title} | {part.does} | {part.minutes} |" for part in parts(case)]
    text = "\n".join(["| notebook | what you do | minutes |", "|---|---|---|", *rows])
    skipped = skipped_parts(case)
    if skipped:
        text += f"\n\n**Skipped for this case:** {'; '.join(skipped)}."
    return text


def whats_next(case: Case, notebook: str) -> str:
    """The "What's next" line of ``notebook``: the next notebook this case has, and what you do there.

    >>> from entente_lab import load_case
    >>> whats_next(load_case(), "03_weigh_the_factors")
    '**04 · Stress-test the verdict**: how robust is your verdict? which factor matters most? a formal lens.'
    >>> whats_next(load_case(), "07_your_verdict")
    ''
    """
    after = SERIES[SERIES.index(notebook) + 1:] if notebook in SERIES else ()
    following = [part for part in parts(case) if part.notebook in after]
    return f"**{following[0].title}**: {following[0].does}." if following else ""


# --------------------------------------------------------------------------- 00 · Start here

def overview(case: Case) -> str:
    """What the text is: its title, kind, authors, publisher and date, then the case's ``about-the-text``
    note (or, without one, a line that leaves the thesis for notebook 01's exercise to find).

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = overview(case)
    >>> case.source.title in text and f"Publisher: {case.source.publisher}." in text
    True
    >>> " by " + case.source.publisher in text  # no article to guess
    False
    """
    source = case.source
    by = f" by {_and(list(source.authors))}" if source.authors else ""
    # "Publisher: X", never "by X": a publisher's name may want "the" before it, or not, and the case does not say
    publisher = f" Publisher: {source.publisher}." if source.publisher else ""
    about = case.note("about-the-text")
    if not about:
        speaker = case.person(case.thesis.quotes[0].speaker).name
        about = f"What {speaker} argues, the thesis, is for you to find in notebook 01."
    return f"The text is *{source.title}*, {_a_kind(case)}{by}, published on {_date(source.published)}.{publisher}\n\n{about}"


def what_is_whose(case: Case) -> str:
    """Whose words are whose, the rights to the text and where the original is.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> what_is_whose(case).startswith("**What is whose.**") and case.source.url in what_is_whose(case)
    True
    """
    source = case.source
    return (f"**What is whose.** {source.interpretation} The lab marks that interpretation as such wherever it "
            f"appears.\n\n**Rights.** The original is at <{source.url}>. {source.rights}")


# --------------------------------------------------------------------------- 01 · Read the interview

def turns_intro(case: Case) -> str:
    """How the text is laid out: its turns and who speaks them, then the ``reading-the-text`` note.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> turns_intro(case).startswith(f"The text has {len(case.turns)} turns")
    True
    """
    counts: dict[str, int] = {}
    for turn in case.turns:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    who = _and([f"{case.person(pid).name} ({_plural(n, 'turn')})" for pid, n in counts.items()])
    text = f"The text has {_plural(len(case.turns), 'turn')} by {_plural(len(counts), 'speaker')}: {who}."
    note = case.note("reading-the-text")
    return f"{text}\n\n{note}" if note else text


def people_intro(case: Case) -> str:
    """How many people speak and how many more the text names.

    >>> from entente_lab import load_case
    >>> people_intro(load_case()).startswith("The text has 3 speakers")
    True
    """
    speakers = len(_speakers(case))
    named = len(case.people) - speakers
    more = f"{_plural(named, 'more person', 'more people')} {'is' if named == 1 else 'are'} named in it" \
        if named else "no one else is named in it"
    return f"The text has {_plural(speakers, 'speaker')}; {more}."


def sources_intro(case: Case) -> str:
    """How many works the text cites (they are further reading), or that it cites none.

    >>> from entente_lab import load_case
    >>> sources_intro(load_case())[:23]
    'The text cites 3 works.'
    """
    if not case.sources:
        return "The text cites no other work."
    return (f"The text cites {_plural(len(case.sources), 'work')}. You do not need "
            f"{'it' if len(case.sources) == 1 else 'them'} for this lab; {'it is' if len(case.sources) == 1 else 'they are'} "
            "further reading.")


def glossary_intro(case: Case) -> str:
    """The words to know, counted, or a line saying the case lists none.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> glossary_intro(case).startswith(f"These are the {len(case.glossary)} words")
    True
    """
    if not case.glossary:
        return "This case lists no words to know: look up any word you are unsure of as you read."
    return (f"These are the {_plural(len(case.glossary), 'word')} readers of this text most often trip on. Read them now; "
            "come back to them when you meet them.")


def reading_summary(case: Case) -> str:
    """The summary of 01: what kind of text it is and who speaks, and the thesis (``thesis-context`` note).

    >>> from entente_lab import load_case
    >>> reading_summary(load_case()).startswith("- The text")
    True
    """
    names = _and([case.person(pid).name for pid in _speakers(case)])
    thesis = case.note("thesis-context")
    if not thesis:
        quote = case.thesis.quotes[0]
        thesis = f"The thesis, in the words of {case.person(quote.speaker).name}: “{quote.text}”"
    what = f"is {_a_kind(case)} in" if case.source.kind else "has"
    return (f"- The text {what} {_plural(len(case.turns), 'turn')}, by {names}.\n"
            f"- {thesis}\n"
            "- Everything else in the text is a reason for one side of the thesis or the other.")


# --------------------------------------------------------------------------- 02 · Map the argument

def evidence_types(case: Case) -> str:
    """The three evidence types, with an example of the case's own hypotheses and the authors its cited factors pass on.

    >>> from entente_lab import load_case
    >>> text = evidence_types(load_case())
    >>> [line[:16] for line in text.splitlines()]
    ['- **observed** —', '- **hypothesis**', '- **cited** — th']
    """
    cited = [f for f in case.factors if f.evidence == "cited"]
    authors = _cited_authors(case, cited)
    if authors:
        who = f" (here: {'; '.join(authors)})"
    elif cited:
        who = ""
    else:
        who = " (no factor in this case rests on cited analysis)"
    hypotheses = [f for f in case.factors if f.evidence == "hypothesis"]
    # the last one: the evidence exercise asks about the first of each type, so the example gives nothing away
    example = (f"; here, for example, “{hypotheses[-1].label}”" if len(hypotheses) > 1
               else "" if hypotheses else " (no factor in this case rests on the speaker's judgement)")
    return ("- **observed** — the speaker reports an act or a public statement that others can check, however it is "
            "phrased;\n"
            "- **hypothesis** (the speaker's judgement) — the speaker's own judgement of what cannot be observed: "
            "intentions, beliefs, motives, assessments of a relationship, forecasts, hedged (\"I think…\", "
            f"\"probably…\") or stated flatly{example};\n"
            f"- **cited** — the speaker passes on a named analyst's argument{who}.")


def sort_intro(case: Case) -> str:
    """What the two choices of the sorting exercise mean, in the case's words for its two claims.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> all(claim.label in sort_intro(case) for claim in case.claims)
    True
    """
    parts_ = []
    for kind in ("strength", "strain"):
        claim = next((c for c in case.claims if c.kind == kind), None)
        what = f"evidence for “{claim.label}”" if claim else f"evidence on the {kind} side"
        parts_.append(f"**{case.side(kind).label}** if it is {what}")
    return f"For each statement, choose {parts_[0]}, and {parts_[1]}."


# --------------------------------------------------------------------------- 03 · Weigh the factors

def _event(case: Case) -> str:
    """The reference event as a sentence names it: its label and date (``""`` for a case without one)."""
    event = case.reference
    return f"{in_sentence(event.label)} ({_date(event.date)})" if event is not None else ""


def _dated_counts(case: Case) -> str:
    """How many factors of each side the text dates before the reference event: ``"0 strength and 4 strain"``."""
    dated = case.factors_before_reference()
    return _and([f"{sum(1 for f in dated if f.kind == kind)} {case.side(kind).label}" for kind in ("strength", "strain")])


def scoring_rule(case: Case) -> str:
    """The one paragraph that says how the lab scores a weighting, in the case's words (the rule of :func:`~entente_lab.assess`).

    With a reference event it names the event and counts, from the case, the factors
    the text dates before it; a case without one keeps a single point, and the
    paragraph says so.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = scoring_rule(case)
    >>> f"**Before {case.reference.label} ({_date(case.reference.date)})**" in text
    True
    >>> "only the 4 factors the text dates before it count (0 strength and 4 strain factors)" in text
    True
    """
    sides = {kind: case.side(kind).label for kind in ("strength", "strain")}
    counts = _and([_plural(len(case.factors_of_kind(kind)), f"{sides[kind]} factor") for kind in ("strength", "strain")])
    words = [f"**How the lab scores a weighting** (Entente Lab's model, not the authors': a text weighs factors in "
             "words, not numbers). Each factor's weight says how much it counts, from 0 (not at all) to 1 (fully). Each "
             "side's score adds up the weights of its factors and divides by the number of factors on that side (here "
             f"{counts}), so it lies between 0 and 1."]
    event = case.reference
    if event is not None:
        dated = len(case.factors_before_reference())
        counted = (f"only the {_plural(dated, 'factor')} the text dates before it count{'s' if dated == 1 else ''} "
                   f"({_dated_counts(case)} factors); the others count 0" if dated else
                   "no factor counts, since the text dates none before it, so both scores are 0")
        words.append(
            f"**Now**, every factor counts: a score is the average weight of its side. **Before {_event(case)}**, "
            f"{counted}. The arrow from before to now is how much stronger and "
            f"how much more strained {case.plane.subject} has become, by the factors the text gives. Every other factor "
            "counts as arising with or since the event, because the text ties it to the event or leaves it undated: that "
            f"dating is {case.interpretation}, and you may read a factor differently.")
    else:
        words.append("A score is the average weight of its side. The case names no event to compare with, so each "
                     "weighting is one point on the plane.")
    words.append("Each factor is also discounted by the trust you place in its kind of evidence (full trust unless you "
                 "lower it). A score at or above its threshold (0.5 unless you change it) counts as high; the two highs "
                 "and lows give four regions, named by the case, for the point *now*."
                 + (" The before point is not a verdict on the relationship then: it counts only what the text dates "
                    "earlier." if event else ""))
    return " ".join(words)


def before_and_now(case: Case, assessment: Assessment | None = None) -> str:
    """Each side before the reference event and now, in one line (``""`` for a case without a reference event).

    ``assessment`` defaults to the case's default weights.

    >>> from entente_lab import assess, load_case
    >>> case = load_case()
    >>> before_and_now(case) == f"strength 0.00 → 0.60, strain 0.20 → 0.62 since {case.reference.label}"
    True
    """
    from ..analysis.model import assess

    assessment = assess(case) if assessment is None else assessment
    if assessment.before is None or case.reference is None:
        return ""
    values = {"strength": (assessment.before[0], assessment.strength), "strain": (assessment.before[1], assessment.strain)}
    moves = ", ".join(f"{case.side(kind).label} {old:.2f} → {new:.2f}" for kind, (old, new) in values.items())
    return f"{moves} since {in_sentence(case.reference.label)}"


def preset_positions(case: Case) -> str:
    """Where each preset stands, as a table: before the reference event and now (with the region now).

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> table = preset_positions(case)
    >>> table.splitlines()[0] == f"| preset | before {case.reference.label} | now | region now |"
    True
    >>> sum(line.startswith(f"| {p.label} |") for p in case.presets for line in table.splitlines()) == len(case.presets)
    True
    """
    from ..analysis.model import assess

    sides = [case.side(kind).label for kind in ("strength", "strain")]
    rows = []
    for preset in case.presets:
        a = assess(case, preset.weights)
        now = f"{sides[0]} {a.strength:.2f}, {sides[1]} {a.strain:.2f}"
        region = case.region_label(a.region)
        if case.reference is not None and a.before is not None:
            rows.append(f"| {preset.label} | {sides[0]} {a.before[0]:.2f}, {sides[1]} {a.before[1]:.2f} | {now} | {region} |")
        else:
            rows.append(f"| {preset.label} | {now} | {region} |")
    if case.reference is not None:
        return "\n".join([f"| preset | before {case.reference.label} | now | region now |", "|---|---|---|---|", *rows])
    return "\n".join(["| preset | now | region |", "|---|---|---|", *rows])


def regions_table(case: Case) -> str:
    """The four regions of the plane as a table: the case's name and meaning of each.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> all(case.region_label(code) in regions_table(case) for code in case.plane.regions)
    True
    """
    strength, strain = case.side("strength").label, case.side("strain").label

    def cell(code: str) -> str:
        region = case.region(code)
        return f"*{region.label}* — {region.meaning}" if region.meaning else f"*{region.label}*"

    return (f"| | {strain} high | {strain} low |\n|---|---|---|\n"
            f"| **{strength} high** | {cell('both-high')} | {cell('strength-high')} |\n"
            f"| **{strength} low** | {cell('strain-high')} | {cell('both-low')} |")


def presets(case: Case) -> str:
    """The presets, each with what it stands for, and whose reading they are.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = presets(case)
    >>> all(f"**{p.label}**" in text for p in case.presets)
    True
    """
    lines = [f"The **presets** load ready-made weightings ({_plural(len(case.presets), 'preset')}; each is "
             f"{case.interpretation}):"]
    lines += [f"- **{p.label}**" + (f": {p.description}" if p.description else "") for p in case.presets]
    if case.reference is not None:
        lines += ["", f"On the plane each preset is drawn where it stands now, with a lighter arrow from where the same "
                      f"weights stood before {case.reference.label}; its region, like yours, is that of the point now. "
                      f"Presets that weigh the {_plural(len(case.factors_before_reference()), 'factor')} the text dates "
                      "earlier alike start from the same before point, and differ only in what has changed since."]
    equal = next((p for p in case.presets if p.weights and all(w == 0.5 for w in p.weights.values())), None)
    how = f"Try **{equal.label}**, every factor at 0.5" if equal else "Try every factor at 0.5"
    lines += ["", f"{how}: both scores then sit exactly on their thresholds, the corner where all four regions meet. "
                  "With no judgement at all, the model cannot decide: the verdict is in the weighting, not in the list "
                  "of factors."]
    return "\n".join(lines)


def reach_exercise(case: Case) -> str:
    """The heading and instructions of 03's exercise, naming the region it asks for.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> reach_exercise(case).startswith(f"## Exercise: reach “{case.region_label('strength-high')}”")
    True
    """
    region = case.region("strength-high")
    meaning = f" — {region.meaning} —" if region.meaning else ""
    return (f"## Exercise: reach “{region.label}”\n\n"
            f"Move the sliders of the dashboard above until the verdict reads *{region.label}*{meaning} then press "
            "**Check**. The feedback says how far you are and which factors weigh most.")


# --------------------------------------------------------------------------- 04 · Stress-test

def starting_reading(case: Case) -> str:
    """The reading 04 starts from: the case's first preset, and what it stands for.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> starting_reading(case).startswith(f"The starting point is the case's first preset, **{case.presets[0].label}**")
    True
    """
    preset = case.presets[0]
    about = f": {preset.description}" if preset.description else "."
    return f"The starting point is the case's first preset, **{preset.label}**{about}"


def tipping_intro(case: Case) -> str:
    """Why one factor moves the verdict so little: the number of factors on each side, counted.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> f"{len(case.factors_of_kind('strain'))} {case.side('strain').label} factors" in tipping_intro(case)
    True
    """
    counts = [f"{_plural(len(case.factors_of_kind(kind)), case.side(kind).label + ' factor')}"
              for kind in ("strength", "strain")]
    return ("Hold every other factor fixed and move one. At what weight does the verdict change? Each factor moves "
            "only its own side's score, and only by its weight divided by the number of factors on that side — "
            f"here {counts[0]} and {counts[1]} — so the more factors a side has, the less any one of them can move it.")


def tipping_summary(case: Case, weights: Mapping[str, float] | None = None, *, reading: str = "") -> str:
    """What the tipping points show for ``weights``: how many factors can change the verdict on their own.

    ``reading`` names the weighting (e.g. a preset's label) in the sentence.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> tipping_summary(case, {f.id: 0.5 for f in case.factors}).startswith(
    ...     f"{len(case.factors)} of {len(case.factors)} factors can change the verdict")
    True
    """
    from ..analysis.robustness import tipping_points

    points = tipping_points(case, weights)
    movable = [point for point in points.values() if point.weight is not None]
    what = f" of **{reading}**" if reading else ""
    if not movable:
        return (f"No single factor can change the verdict{what} on its own: to change it you must change your mind "
                "about several factors, or about a kind of evidence.")
    return (f"{len(movable)} of {len(points)} factors can change the verdict{what} on their own: that verdict hangs "
            "on a single judgement, so those weights are the ones to defend first.")


def formal_lens_graph(case: Case) -> str:
    """How this case's argument is laid out as a graph for the formal lens: claims, thesis, counter-claim.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> case.plane.counter_claim.label in formal_lens_graph(case)
    True
    """
    claims = _quoted([claim.label for claim in case.claims])
    counter = case.plane.counter_claim
    strength, strain = case.side("strength").label, case.side("strain").label
    return (f"In this graph the claims {claims} support the thesis. A counter-claim, **{counter.label}**, is "
            f"supported by every {strength} factor and attacked by every {strain} factor; it reads: {counter.summary}")


def _counter_claim_strengths(case: Case, weights: Mapping[str, float]) -> tuple[float, float]:
    """The counter-claim's final strength under quadratic energy and under DF-QuAD."""
    from ..analysis.qbaf import COUNTER_CLAIM, argument_qbaf, qbaf_strengths

    graph = argument_qbaf(case, weights)
    return (qbaf_strengths(graph, semantics="quadratic-energy")[COUNTER_CLAIM],
            qbaf_strengths(graph, semantics="df-quad")[COUNTER_CLAIM])


def why_they_disagree(case: Case) -> str:
    """The two semantics on the counter-claim, preset by preset, and why they differ.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> why_they_disagree(case).startswith("**Why they disagree.**")
    True
    """
    values = {p.label: _counter_claim_strengths(case, p.weights) for p in case.presets}
    rows = "\n".join(f"| {label} | {energy:.2f} | {dfquad:.2f} |" for label, (energy, dfquad) in values.items())
    gap = {label: abs(energy - dfquad) for label, (energy, dfquad) in values.items()}
    widest, narrowest = max(gap, key=gap.__getitem__), min(gap, key=gap.__getitem__)
    compare = (f"The two agree most under **{narrowest}** (a gap of {gap[narrowest]:.2f}) and least under "
               f"**{widest}** (a gap of {gap[widest]:.2f}). " if len(values) > 1 else "")
    return ("**Why they disagree.** The counter-claim starts at 0.5 under both. Its final strength, preset by preset:\n\n"
            f"| preset | quadratic energy | DF-QuAD |\n|---|---|---|\n{rows}\n\n"
            f"{compare}Energy adds up the supporters and subtracts the attackers, so the counter-claim follows the "
            "difference between the two sides. DF-QuAD combines each side as \"at least one of them holds\", which "
            "saturates near 1 once a side has several factors of some weight: when both sides have saturated, the "
            "counter-claim barely leaves its base score, and it moves only as far as one side falls short. Which "
            "behaviour is right depends on whether many weak reasons should add up — a question about arguments, not "
            "arithmetic.")


# --------------------------------------------------------------------------- 05 · The trilemma

_NO_TRILEMMA = ("**This case has no trilemma**: its case file defines none, so this notebook has nothing to show. "
                "Go on to **06 · Actors and regions**.")


def trilemma_overview(case: Case) -> str:
    """The header of 05 (overview, objectives, prerequisites, time), or one line for a case without a trilemma.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> all(goal.label in trilemma_overview(case) for goal in case.trilemma.goals)
    True
    """
    trilemma = case.trilemma
    if trilemma is None:
        return _NO_TRILEMMA
    goals = _quoted([goal.label for goal in trilemma.goals])
    speakers = _and(list(dict.fromkeys(case.person(q.speaker).name for q in trilemma.quotes)))
    raised = f"{speakers} sets out a trilemma" if speakers else "The text sets out a trilemma"
    work = next((w for w in case.sources if w.id == trilemma.cites), None)
    cited = f", passing on the analysis of {_and(list(work.authors))}" if work else ""
    return (f"**Overview.** {raised}{cited}: three goals that pull against each other — {goals}. Here you test "
            "policy options against the three goals.\n\n"
            "**Learning objectives.** By the end of this notebook you can:\n"
            "- state the three goals of the trilemma in the text's words;\n"
            "- explain what each option gives up, and why;\n"
            "- relate the trilemma to the strain side of the thesis.\n\n"
            "**Prerequisites.** 02 · Map the argument.\n\n"
            "**Time to complete.** About 15 minutes.")


def trilemma_text(case: Case) -> str:
    """The trilemma in the text: where it comes from, its quotes, and the ``trilemma`` note ('' without one).

    >>> from entente_lab import load_case
    >>> trilemma_text(load_case()).startswith("## The trilemma in the text")
    True
    """
    trilemma = case.trilemma
    if trilemma is None:
        return ""
    work = next((w for w in case.sources if w.id == trilemma.cites), None)
    lines = ["## The trilemma in the text", ""]
    if work is not None:
        lines += [f"Here the speaker passes on another analyst's work — {_and(list(work.authors))}, “{work.title}” — "
                  "so this is *cited analysis*, not the speaker's own observation.", ""]
    lines += [quote_html(case, quote) for quote in trilemma.quotes]
    note = case.note("trilemma")
    if note:
        lines += ["", note]
    return "\n".join(lines).rstrip()


def trilemma_options(case: Case) -> str:
    """The heading and instructions of the options explorer ('' without a trilemma).

    >>> from entente_lab import load_case
    >>> trilemma_options(load_case()).startswith("## Test the options")
    True
    """
    if case.trilemma is None:
        return ""
    return ("## Test the options\n\n"
            f"Pick one of the {_plural(len(case.trilemma.options), 'option')} and see how it serves each goal. The "
            f"options and their scores on each goal are for discussion ({case.interpretation}); the text names only "
            "the goals.")


def trilemma_summary(case: Case) -> str:
    """The summary and "What's next" of 05 ('' without a trilemma: the overview already says where to go).

    The first line is computed: how many options, in the case's scoring, set back at
    least one goal.

    >>> from entente_lab import load_case
    >>> trilemma_summary(load_case()).startswith("## Summary")
    True
    """
    trilemma = case.trilemma
    if trilemma is None:
        return ""
    costly = [o for o in trilemma.options if any(value < 0 for value in o.effects.values())]
    if len(costly) == len(trilemma.options):
        cost = (f"In the case's scoring, every one of the {_plural(len(costly), 'option')} sets back at least one goal: "
                "that is what makes it a trilemma rather than a trade-off to be optimised.")
    else:
        cost = (f"In the case's scoring, {len(costly)} of the {_plural(len(trilemma.options), 'option')} set back at "
                "least one goal; ask whether the others really serve all three.")
    return (f"## Summary\n\n- {cost}\n- The scores are {case.interpretation}: argue with them.\n\n"
            f"## What's next\n\n{whats_next(case, '05_the_trilemma')}")


# --------------------------------------------------------------------------- 06 · Actors and regions

def actors_overview(case: Case) -> str:
    """Who the text involves and when, counted, and whether the notebook ends with a duration scenario.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> actors_overview(case).startswith(f"The text involves {len(case.actors)} actors")
    True
    """
    names = _and([actor.name for actor in case.actors])
    text = (f"The text involves {_plural(len(case.actors), 'actor')}: {names}. The case dates "
            f"{_plural(len(case.events), 'event')} and describes {_plural(len(case.relations), 'relation')} between "
            "the actors.") if case.actors else "The case names no actors."
    if case.scenario is None:
        return f"{text} This case has no duration scenario, so this notebook has no scenario part."
    return f"{text} The notebook ends with the case's duration scenario: **{case.scenario.label}**."


def before_the_text(case: Case) -> str:
    """The ``before-the-text`` note and the factors the case dates before its reference event, counted.

    ``''`` when the case has neither the note nor a reference event with factors dated
    before it.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = before_the_text(case)
    >>> text.startswith("## What came before")
    True
    >>> f"dates {len(case.factors_before_reference())} factors before" in text
    True
    """
    parts = [case.note("before-the-text")]
    reference = case.reference
    earlier = case.factors_before_reference() if reference is not None else ()
    if reference is not None and earlier:
        parts.append(f"In {case.interpreter}'s reading, the text dates {_plural(len(earlier), 'factor')} before "
                     f"{reference.label} ({_date(reference.date)}): {_quoted([f.label for f in earlier])}. They alone "
                     "make the *before* point; every other factor counts as arising with that event or since.")
    body = "\n\n".join(part for part in parts if part)
    return f"## What came before\n\n{body}" if body else ""


def scenario_rule(case: Case, *, brief: bool = False) -> str:
    """The duration scenario's rule in words, from the case ('' without a scenario): what counts at 0, what grows, and until when.

    The same rule as the plane's before and now points, run over the scenario's clock
    (see :func:`entente_lab.assess`). The factors the scenario keeps growing are named;
    which of them the text itself ties to how long things go on (``duration_basis``) is
    left to the duration exercise of 06, which this text stands above.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = scenario_rule(case)
    >>> text.startswith("**The rule is Entente Lab's model, not the authors' claim.** The clock starts at ")
    True
    >>> f"At 0 {case.scenario.unit} only the 4 factors the text dates before it count" in text
    True
    >>> brief = scenario_rule(case, brief=True)  # one sentence, for a control that shows the curves
    >>> brief.startswith(f"**The rule is Entente Lab's model, not the authors' claim:** at 0 months ({case.reference.label}, ")
    True
    >>> brief.endswith("only the factors the text dates earlier count; by 6 months every factor has the weight you set; "
    ...                "after that only the 5 duration-linked factors keep growing.")
    True
    """
    scenario = case.scenario
    if scenario is None:
        return ""
    unit, reference = scenario.unit, f"{scenario.reference:g}"
    if brief:
        linked = sum(1 for f in case.factors if f.duration_linked and not f.dated_before_reference)
        event = case.reference
        at = f" ({in_sentence(event.label)}, {_date(event.date)})" if event is not None else ""
        later = (f"only the {_plural(linked, 'duration-linked factor')} keep{'s' if linked == 1 else ''} growing" if linked
                 else "nothing changes")
        return (f"**The rule is Entente Lab's model, not the authors' claim:** at 0 {unit}{at} only the factors the text "
                f"dates earlier count; by {reference} {unit} every factor has the weight you set; after that {later}.")
    when = scenario.reference_note or "when the text was written"
    dated = len(case.factors_before_reference())
    counted = (f"only the {_plural(dated, 'factor')} the text dates before it count{'s' if dated == 1 else ''} — the "
               f"*before* point on the plane; {'it counts' if dated == 1 else 'they count'} fully at every point of the "
               "clock" if dated else "no factor counts yet, since the text dates none before it — the *before* point on "
               "the plane")
    linked = [f for f in case.factors if f.duration_linked and not f.dated_before_reference]
    words = [f"**The rule is Entente Lab's model, not the authors' claim.** The clock starts at {_event(case)}. At 0 "
             f"{unit} {counted}. Every other factor phases in, from 0 to the weight you set, by {reference} {unit}, "
             f"{when}: the *now* point."]
    if linked:
        words.append(f"After that only the {_plural(len(linked), 'factor')} the case ties to the {scenario.clock} "
                     f"keep{'s' if len(linked) == 1 else ''} growing ({_quoted([f.label for f in linked])}): "
                     f"each further {reference} {unit} closes the same share of the gap that remains to full weight. "
                     f"Which of them the text itself ties to the {scenario.clock}, and which only the case does "
                     f"({case.interpretation}), is for you to find: the text's own words decide.")
    else:
        words.append(f"No factor is tied to the {scenario.clock}, so after {reference} {unit} nothing changes.")
    return " ".join(words)


def scenario_section(case: Case) -> str:
    """The duration scenario: heading, ``scenario`` note, the scoring rule it runs and its own rule (:func:`scenario_rule`).

    Returns ``''`` for a case without a scenario (:func:`actors_overview` says so).

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> scenario_section(case).startswith(f"## {case.scenario.label}")
    True
    """
    scenario = case.scenario
    if scenario is None:
        return ""
    lines = [f"## {scenario.label}", ""]
    note = case.note("scenario")
    if note:
        lines += [note, ""]
    lines += ["The scenario runs the scoring rule of **03 · Weigh the factors** over time. That rule, once more:", "",
              f"> {scoring_rule(case)}", "", scenario_rule(case)]
    return "\n".join(lines)


def _dated(case: Case) -> str:
    """How many of the case's events the text dates itself, and how many the case dates from context.

    >>> from entente_lab import load_case
    >>> _dated(load_case()).startswith("Of the 6 dated events, 1 is dated by the text itself")
    True
    """
    total = len(case.events)
    stated = sum(1 for event in case.events if event.dated_by == "text")
    if total == 0:
        return "The case dates no events."
    if total == 1:
        return "The one dated event is dated by the text itself." if stated else \
            "The one dated event is dated from context, not by the text itself: you can check it."
    if stated == total:
        return f"All {total} dated events are dated by the text itself."
    if stated == 0:
        return f"None of the {total} dated events is dated by the text itself: the case dates them from context, and you can check them."
    return (f"Of the {total} dated events, {stated} {'is' if stated == 1 else 'are'} dated by the text itself; the "
            "others are dated from context, and you can check them.")


def actors_summary(case: Case) -> str:
    """The summary of 06: the actors, relations and dated events, counted, and the scenario's caveat.

    >>> from entente_lab import load_case
    >>> actors_summary(load_case()).startswith("- The text describes")
    True
    """
    lines = [f"- The text describes {_plural(len(case.relations), 'relation')} among {_plural(len(case.actors), 'actor')}: "
             "the relationship it weighs is one of several, and each line rests on factors you have weighed.",
             f"- {_dated(case)}"]
    if case.scenario is not None:
        lines.append("- A scenario is a tool for thinking, not a forecast: its rule is Entente Lab's, and you can "
                     "question it.")
    return "\n".join(lines)
