"""The lab's stable codes, and the neutral words it uses where a case file gives none.

The code speaks in codes: the four regions of the plane, the two sides, the places
where notebooks show a case's teaching notes. Every word a person reads comes from
the case file (its ``plane``, ``scenario``, ``source.interpreter`` and
``teaching_notes`` sections); the defaults below are deliberately neutral, so that a
case that gives none still reads correctly, whatever its subject.

Examples
--------
>>> REGIONS
('both-high', 'strength-high', 'strain-high', 'both-low')
>>> DEFAULT_REGION_WORDS["strength-high"]["label"]
'strength without strain'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "DEFAULT_COUNTER_CLAIM", "DEFAULT_INTERPRETER", "DEFAULT_PLANE_TITLE", "DEFAULT_REGION_WORDS",
    "DEFAULT_SIDE_WORDS", "DEFAULT_SUBJECT", "FIGURE_LABEL_CHARS", "MAIN_DOCUMENT_ID", "REGIONS", "REGION_CORNERS", "SIDES",
    "TEACHING_NOTE_SLOTS",
]

#: The four regions of the plane, in the order of the codes the model computes:
#: (strength high, strain high), (high, low), (low, high), (low, low).
REGIONS: tuple[str, str, str, str] = ("both-high", "strength-high", "strain-high", "both-low")

#: Each region as the corner of the unit square it sits in: (strength high?, strain high?).
REGION_CORNERS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "both-high": (1, 1), "strength-high": (1, 0), "strain-high": (0, 1), "both-low": (0, 0),
})

#: The main text's document id when ``source`` gives none: what a turn without ``document`` belongs to.
MAIN_DOCUMENT_ID = "text"

#: The two sides of the argument, in the order the lab shows them.
SIDES: tuple[str, str] = ("strength", "strain")

#: Region words for a case whose ``plane.regions`` leaves a region out.
DEFAULT_REGION_WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "both-high": MappingProxyType({"label": "strength and strain",
                                   "meaning": "strong and strained at once"}),
    "strength-high": MappingProxyType({"label": "strength without strain",
                                       "meaning": "strong, with little strain"}),
    "strain-high": MappingProxyType({"label": "strain without strength",
                                     "meaning": "strained more than strong"}),
    "both-low": MappingProxyType({"label": "neither strength nor strain",
                                  "meaning": "neither strong nor strained"}),
})

#: Side words for a case whose ``plane.sides`` leaves them out.
DEFAULT_SIDE_WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "strength": MappingProxyType({"label": "strength", "heading": "Strength factors: what holds the two together"}),
    "strain": MappingProxyType({"label": "strain", "heading": "Strain factors: what pulls them apart"}),
})

#: The plane's title when the case gives none.
DEFAULT_PLANE_TITLE = "The strength–strain plane"

#: What is weighed, as it fits in a sentence, when the case does not say.
DEFAULT_SUBJECT = "the relationship"

#: Who made the interpretation when ``source.interpreter`` is missing.
DEFAULT_INTERPRETER = "the case author"

#: The counter-claim of the formal lens when the case names none: the reading that
#: sees only strength.
DEFAULT_COUNTER_CLAIM: Mapping[str, str] = MappingProxyType({
    "label": "The strength-only reading",
    "summary": "Only the strength side counts: the strains are small or passing.",
})

#: Labels longer than this are wrapped or shortened in figures; the validator warns
#: about a longer label that has no ``short_label``.
FIGURE_LABEL_CHARS = 60

#: The places in the notebooks where a case's ``teaching_notes`` are shown, and what
#: each is for. A case may fill any of them; a note under another name is reported.
TEACHING_NOTE_SLOTS: Mapping[str, str] = MappingProxyType({
    "about-the-text": "00, under the text's title: what the text argues, in a sentence or two "
                      "(without it, the thesis is quoted)",
    "reading-the-text": "01, before the text: how it is laid out, and any marks in it a reader should know",
    "thesis-context": "01, in the summary: the thesis and the phrase it is known by (without it, the thesis is quoted)",
    "trilemma": "05, after the trilemma's quotes: how the text uses the trilemma (only for a case with a trilemma)",
    "before-the-text": "06, under 'What came before': what the text says existed before the events it discusses "
                       "(without it, the section is left out)",
    "scenario": "06, at the top of the duration scenario: what the text says about time (only for a case with a "
                "scenario)",
})
