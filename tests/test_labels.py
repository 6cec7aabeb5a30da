"""The verdict under each evidence labelling and trust (entente_lab.analysis.labels)."""

from __future__ import annotations

import dataclasses

import pytest

from entente_lab import assess, load_case
from entente_lab.analysis.labels import EVIDENCE_NAMES, Labelling, label_sensitivity, label_sensitivity_summary, labellings
from entente_lab.analysis.model import EVIDENCE_TYPES, ModelError

CASE = load_case()


def _without_readings(case, keep: int = 0):
    """The case with the evidence readings of all but its first ``keep`` factors that have some removed."""
    kept, factors = 0, []
    for f in case.factors:
        if f.evidence_readings and kept < keep:
            kept += 1
            factors.append(f)
        else:
            factors.append(dataclasses.replace(f, evidence_readings=()))
    return dataclasses.replace(case, factors=tuple(factors))


def test_a_relabelling_changes_only_the_named_factor_and_leaves_the_case_alone():
    target = CASE.factors[0]
    other = next(t for t in EVIDENCE_TYPES if t != target.evidence)
    relabelled = Labelling(((target.id, other),)).apply(CASE)
    assert relabelled.factor(target.id).evidence == other
    assert CASE.factor(target.id).evidence == target.evidence  # the loaded case is unchanged
    assert [f.evidence for f in relabelled.factors[1:]] == [f.evidence for f in CASE.factors[1:]]


def test_labellings_are_the_cases_own_each_single_reading_and_all_at_once():
    found = labellings(CASE)
    with_readings = [f for f in CASE.factors if f.evidence_readings]
    assert len(with_readings) >= 2  # the bundled case has several defensible readings
    singles = [(f.id, kind) for f in CASE.factors for kind, _ in f.evidence_readings]
    assert found[0] == Labelling()
    assert [lab.changes for lab in found[1:-1]] == [(single,) for single in singles]
    assert found[-1].changes == tuple((f.id, f.evidence_readings[0][0]) for f in with_readings)


def test_a_case_with_one_or_no_readings_has_no_all_at_once_labelling():
    assert labellings(_without_readings(CASE)) == [Labelling()]
    one = _without_readings(CASE, keep=1)
    factor = next(f for f in one.factors if f.evidence_readings)
    assert [lab.changes for lab in labellings(one)] == [(), *[((factor.id, k),) for k, _ in factor.evidence_readings]]


def test_each_outcome_is_the_models_score_for_that_labelling_and_trust():
    outcomes = label_sensitivity(CASE, trust_levels=(0.0, 0.5, 1.0))
    assert len(outcomes) == len(labellings(CASE)) * len(EVIDENCE_TYPES) * 3
    for outcome in outcomes[:: 7]:  # a spread of them, recomputed directly
        direct = assess(outcome.labelling.apply(CASE), evidence_trust={outcome.distrusted: outcome.trust})
        assert (outcome.strength, outcome.strain, outcome.region) == (direct.strength, direct.strain, direct.region)


def test_relabelling_a_factor_moves_the_score_by_its_weight_when_its_new_type_is_distrusted():
    # worked by hand: a strength factor labelled observed, relabelled to a type trusted 0, drops out of its side
    factor = next(f for f in CASE.factors if f.kind == "strength" and f.evidence == "observed")
    n_strength = len(CASE.factors_of_kind("strength"))
    weights = CASE.default_weights()
    expected = (sum(weights[f.id] for f in CASE.factors_of_kind("strength") if f.evidence != "cited")
                - weights[factor.id]) / n_strength
    outcome = next(o for o in label_sensitivity(_relabel_case(factor.id), trust_levels=(0.0,))
                   if not o.labelling.changes and o.distrusted == "cited")
    assert outcome.strength == pytest.approx(expected)


def _relabel_case(factor_id: str):
    return Labelling(((factor_id, "cited"),)).apply(CASE)


def test_at_full_trust_no_label_moves_the_point():
    base = assess(CASE)
    full = [o for o in label_sensitivity(CASE) if o.trust == 1.0]
    assert {(round(o.strength, 12), round(o.strain, 12)) for o in full} == {(round(base.strength, 12), round(base.strain, 12))}


def test_bad_weights_or_trust_are_reported_by_the_model():
    with pytest.raises(ModelError, match="unknown factor"):
        label_sensitivity(CASE, {"no-such-factor": 0.5})
    with pytest.raises(ModelError, match="trust"):
        label_sensitivity(CASE, trust_levels=(1.5,))


def test_the_summary_speaks_in_the_cases_words_and_lists_every_reading():
    text = label_sensitivity_summary(CASE, CASE.presets[0].weights)
    for kind in EVIDENCE_TYPES:
        assert f"trust in {EVIDENCE_NAMES[kind]} at 0:" in text
    for f in CASE.factors:
        for kind, _ in f.evidence_readings:
            assert f"“{f.label}” as {EVIDENCE_NAMES[kind]}" in text
    regions = {o.region for o in label_sensitivity(CASE, CASE.presets[0].weights)}
    assert all(CASE.region_label(code) in text for code in regions)
    assert all(code not in text for code in ("both-high", "strength-high", "strain-high", "both-low"))


def test_the_summary_lists_only_the_regions_a_relabelling_changes():
    outcomes = label_sensitivity(CASE)
    base = {(o.distrusted, o.trust): o.region for o in outcomes if not o.labelling.changes}
    text = label_sensitivity_summary(CASE)
    for labelling in labellings(CASE)[1:-1]:
        (fid, kind), = labelling.changes
        line = next(li for li in text.splitlines() if li.startswith(f"- “{CASE.factor(fid).label}” as {EVIDENCE_NAMES[kind]}:"))
        changed = [o for o in outcomes if o.labelling == labelling and o.region != base[(o.distrusted, o.trust)]]
        assert line.endswith("no region changes") == (not changed)
        assert line.count("trust in") == len(changed)


def test_the_summary_of_a_case_without_readings_says_so():
    text = label_sensitivity_summary(_without_readings(CASE))
    assert text.endswith("(no factor of this case has another defensible reading)")
