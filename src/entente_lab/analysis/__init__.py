"""The analysis of a case under a weighting: the model, its robustness, the formal lens, the graphs.

The model scores strength, strain and a region; :mod:`~entente_lab.analysis.robustness`
says how robust a verdict is; :mod:`~entente_lab.analysis.qbaf` is the formal lens;
:mod:`~entente_lab.analysis.graphs` builds the argument and actor graphs; and
:mod:`~entente_lab.analysis.labels` re-scores under other evidence labels. Pure functions
over a :class:`~entente_lab.case.records.Case` and plain numbers; imports only from
:mod:`entente_lab.case` and the shared modules.
"""
