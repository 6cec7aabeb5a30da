"""What the notebooks teach with: exercises, the reading apparatus, the map-building exercise, the notebooks' sentences.

:mod:`~entente_lab.teaching.exercises` (and the answer key built from them),
:mod:`~entente_lab.teaching.reading` (the interview, glossary and handout as HTML),
:mod:`~entente_lab.teaching.mapping` and :mod:`~entente_lab.teaching.narrative`. Pure
text and data built from a case and its analysis: no widgets, no figures, no files.
"""
