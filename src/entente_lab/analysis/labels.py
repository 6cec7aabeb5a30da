"""How much a verdict depends on the evidence labels of a case's factors.

Every factor carries an evidence type (``observed``, ``hypothesis`` shown as the
speaker's judgement, ``cited``), and the trust a reader places in a type scales the
weight of every factor of that type. The labels are the case author's reading; a
factor's ``evidence_readings`` list the other types a careful reader could defensibly
give it. This module re-scores one weighting:

* under each *labelling*: the case's own, each factor relabelled to each of its
  defensible readings (one factor at a time), and every factor relabelled to its first
  other reading at once;
* for each evidence type distrusted to each trust level (the other types at full trust).

Only the labels change: the weights, the sides and the scoring rule stay those of
:func:`entente_lab.assess`. At full trust a label changes nothing, so the interesting
rows are those below 1.

Examples
--------
>>> from entente_lab import load_case
>>> case = load_case()
>>> outcomes = label_sensitivity(case)
>>> outcomes[0].labelling.changes, outcomes[0].distrusted, outcomes[0].trust
((), 'observed', 0.0)
>>> len(outcomes) == len(labellings(case)) * 3 * 3
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..case.records import Case
from .model import EVIDENCE_TYPES, assess

__all__ = ["EVIDENCE_NAMES", "LabelOutcome", "Labelling", "label_sensitivity", "label_sensitivity_summary", "labellings"]

#: How the lab names each evidence type in a sentence (neutral words, for any case).
EVIDENCE_NAMES: Mapping[str, str] = {
    "observed": "observed", "hypothesis": "the speaker's judgement", "cited": "cited analysis",
}


@dataclass(frozen=True)
class Labelling:
    """One way of labelling the case's factors.

    Attributes
    ----------
    changes : tuple of (str, str)
        ``(factor id, evidence type)`` for each factor labelled otherwise than the case
        labels it; empty for the case's own labelling.
    """

    changes: tuple[tuple[str, str], ...] = ()

    def apply(self, case: Case) -> Case:
        """The case with these labels (a new :class:`Case`; the given one is unchanged).

        >>> from entente_lab import load_case
        >>> case = load_case()
        >>> fid = case.factors[0].id
        >>> Labelling(((fid, "cited"),)).apply(case).factor(fid).evidence, case.factor(fid).evidence != "cited"
        ('cited', True)
        """
        if not self.changes:
            return case
        new = dict(self.changes)
        factors = tuple(replace(f, evidence=new[f.id]) if f.id in new else f for f in case.factors)
        return replace(case, factors=factors)

    def describe(self, case: Case) -> str:
        """The labelling in words, with the case's factor labels.

        >>> from entente_lab import load_case
        >>> case = load_case()
        >>> Labelling().describe(case)
        'the labels of the case'
        >>> f = case.factors[0]
        >>> Labelling(((f.id, "cited"),)).describe(case) == f"“{f.label}” as cited analysis"
        True
        """
        if not self.changes:
            return "the labels of the case"
        return "; ".join(f"“{case.factor(fid).label}” as {EVIDENCE_NAMES[kind]}" for fid, kind in self.changes)


@dataclass(frozen=True)
class LabelOutcome:
    """Where the weighting lands under one labelling, with one evidence type at one trust.

    Attributes
    ----------
    labelling : Labelling
    distrusted : str
        The evidence type whose trust is set (the others stay at 1).
    trust : float
        The trust in ``distrusted``.
    strength, strain : float
        The scores *now* (see :func:`entente_lab.assess`).
    region : str
        The region code of that point.
    """

    labelling: Labelling
    distrusted: str
    trust: float
    strength: float
    strain: float
    region: str


def labellings(case: Case) -> list[Labelling]:
    """The case's labelling, each defensible single relabelling, and all of them at once.

    "All at once" gives every factor that has ``evidence_readings`` its first other
    reading; it is left out when it would repeat a single relabelling (a case with
    one such factor) or the case's own labelling (a case with none).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> found = labellings(case)
    >>> found[0].changes
    ()
    >>> singles = sum(len(f.defensible_evidence) - 1 for f in case.factors)
    >>> len(found) == 1 + singles + 1
    True
    >>> len(found[-1].changes) == sum(1 for f in case.factors if len(f.defensible_evidence) > 1)
    True
    """
    found = [Labelling()]
    firsts: list[tuple[str, str]] = []
    for factor in case.factors:
        others = factor.defensible_evidence[1:]
        found += [Labelling(((factor.id, kind),)) for kind in others]
        if others:
            firsts.append((factor.id, others[0]))
    if len(firsts) > 1:
        found.append(Labelling(tuple(firsts)))
    return found


def label_sensitivity(case: Case, weights: Mapping[str, float] | None = None, *,
                      trust_levels: Sequence[float] = (0.0, 0.5, 1.0)) -> list[LabelOutcome]:
    """Score one weighting under every labelling of :func:`labellings`, distrusting each type in turn.

    Parameters
    ----------
    case : Case
    weights : mapping of str to float, optional
        Factor id to weight; missing ones take their defaults (as in :func:`entente_lab.assess`).
    trust_levels : sequence of float
        The trusts to try for each evidence type, each in [0, 1].

    Returns
    -------
    list of LabelOutcome
        Labelling by labelling (in the order of :func:`labellings`), then type by type
        (in :data:`entente_lab.analysis.model.EVIDENCE_TYPES` order), then trust by trust.

    Raises
    ------
    ModelError
        For an unknown factor id or a weight or trust out of range (from :func:`entente_lab.assess`).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> full = [o for o in label_sensitivity(case) if o.trust == 1.0]
    >>> len({(round(o.strength, 12), round(o.strain, 12)) for o in full})  # at full trust no label matters
    1
    """
    outcomes = []
    for labelling in labellings(case):
        relabelled = labelling.apply(case)
        for kind in EVIDENCE_TYPES:
            for trust in trust_levels:
                a = assess(relabelled, weights, evidence_trust={kind: trust})
                outcomes.append(LabelOutcome(labelling, kind, float(trust), a.strength, a.strain, a.region))
    return outcomes


def _cell(case: Case, outcome: LabelOutcome) -> str:
    return f"{case.region_label(outcome.region)} ({outcome.strength:.2f}, {outcome.strain:.2f})"


def label_sensitivity_summary(case: Case, weights: Mapping[str, float] | None = None, *,
                              trust_levels: Sequence[float] = (0.0, 0.5, 1.0)) -> str:
    """The label sensitivity in plain text, in the case's words (for ``print``).

    First the case's own labels: for each evidence type, the region and the two
    scores ``(strength, strain)`` at each trust level. Then every other labelling, with
    only what it changes: each (type, trust) whose region differs from the case's
    labels, or one line saying that the regions stay the same.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = label_sensitivity_summary(case)
    >>> text.splitlines()[0].startswith("With the labels of the case")
    True
    >>> all(f"“{f.label}” as" in text for f in case.factors if len(f.defensible_evidence) > 1)
    True
    """
    outcomes = label_sensitivity(case, weights, trust_levels=trust_levels)
    base = {(o.distrusted, o.trust): o for o in outcomes if not o.labelling.changes}
    sides = f"({case.side('strength').label}, {case.side('strain').label})"
    lines = [f"With the labels of the case, trusting one kind of evidence at "
             f"{' / '.join(f'{t:g}' for t in trust_levels)} (the others fully), the point {sides} lands in:"]
    for kind in EVIDENCE_TYPES:
        cells = " · ".join(f"at {t:g}: {_cell(case, base[(kind, float(t))])}" for t in trust_levels)
        lines.append(f"- trust in {EVIDENCE_NAMES[kind]} {cells}")
    lines += ["", "Read otherwise (each line relabels what it names; only the regions that change are listed):"]
    for labelling in dict.fromkeys(o.labelling for o in outcomes if o.labelling.changes):
        changed = [o for o in outcomes if o.labelling == labelling
                   and o.region != base[(o.distrusted, o.trust)].region]
        what = "; ".join(f"trust in {EVIDENCE_NAMES[o.distrusted]} at {o.trust:g}: {_cell(case, o)}" for o in changed)
        named = labelling.describe(case) if len(labelling.changes) == 1 else \
            f"All {len(labelling.changes)} factors above at once, each read its first other way"
        lines.append(f"- {named}: {what or 'no region changes'}")
    if len(lines) == len(EVIDENCE_TYPES) + 3:
        lines.append("- (no factor of this case has another defensible reading)")
    return "\n".join(lines)
