"""The paradox-plane model: scores, verdicts, options, validation, and its properties."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import entente_lab
from entente_lab.analysis.model import (
    EVIDENCE_TYPES,
    REGIONS,
    VERDICTS,
    Assessment,
    ModelError,
    assess,
    effective_weights,
    preset_weights,
    score_matrix,
    verdict_of,
)

from .conftest import REPO

CASE = entente_lab.load_case()
IDS = [f.id for f in CASE.factors]
STRENGTH = [f.id for f in CASE.factors_of_kind("strength")]
STRAIN = [f.id for f in CASE.factors_of_kind("strain")]
DURATION = [f.id for f in CASE.factors if f.duration_linked]

unit = st.floats(0.0, 1.0)
weightings = st.dictionaries(st.sampled_from(IDS), unit)
trusts = st.dictionaries(st.sampled_from(EVIDENCE_TYPES), unit)
months_values = st.none() | st.floats(0.0, 120.0)
thresholds_values = st.tuples(st.floats(0.01, 0.99), st.floats(0.01, 0.99))


def reference(weights, trust=None, months=None, thresholds=(0.5, 0.5)):
    """The docstring's formula, written out independently in plain Python."""
    trust = {**dict.fromkeys(EVIDENCE_TYPES, 1.0), **(trust or {})}
    effective = {}
    for factor in CASE.factors:
        w = weights.get(factor.id, factor.default_weight)
        if months is not None and not factor.dated_before_reference:
            x = months / 6 if factor.duration_linked else min(months, 6) / 6
            w = 0.0 if x == 0 else 1 - (1 - w) ** x
        effective[factor.id] = w * trust[factor.evidence]
    s = math.fsum(effective[i] for i in STRENGTH) / len(STRENGTH)
    t = math.fsum(effective[i] for i in STRAIN) / len(STRAIN)
    return s, t, effective


# --------------------------------------------------------------------------- presets and basics

@pytest.mark.parametrize(("preset", "verdict", "strength", "strain"), [
    ("wyne", "both-high", 5.4 / 9, 0.62),  # our reading of Wyne's emphasis: strain at least strength
    ("no-limits", "strength-high", 0.9, 0.14),
    ("costs-first", "strain-high", 2.9 / 9, 0.69),
    ("equal", "both-high", 0.5, 0.5),  # exactly on the corner: a score on a threshold counts as high
])
def test_preset_verdicts(preset, verdict, strength, strain):
    result = assess(CASE, preset_weights(CASE, preset))
    assert result.verdict == verdict
    assert result.strength == pytest.approx(strength)
    assert result.strain == pytest.approx(strain)


def test_wyne_preset_is_the_default_weighting():
    assert preset_weights(CASE, "wyne") == CASE.default_weights()
    assert assess(CASE) == assess(CASE, preset_weights(CASE, "wyne"))


def test_preset_weights_is_complete_fresh_and_checks_the_id():
    weights = preset_weights(CASE, "no-limits")
    assert list(weights) == IDS
    weights["blames-nato"] = 0.0
    assert preset_weights(CASE, "no-limits")["blames-nato"] == 0.9
    with pytest.raises(ModelError, match=r"unknown preset 'no-limit'.*did you mean 'no-limits'.*known presets: wyne"):
        preset_weights(CASE, "no-limit")


def test_regions_are_four_codes_in_score_order_and_the_case_names_them():
    assert REGIONS == VERDICTS == ("both-high", "strength-high", "strain-high", "both-low")
    assert entente_lab.REGIONS is REGIONS and entente_lab.VERDICTS is REGIONS
    assert [CASE.region_label(code) for code in REGIONS] == [CASE.plane.regions[code].label for code in REGIONS]


@pytest.mark.parametrize(("s", "t", "verdict"), [
    (0.5, 0.5, "both-high"), (0.5, 0.4999, "strength-high"),
    (0.4999, 0.5, "strain-high"), (0.1, 0.1, "both-low"),
])
def test_region_boundaries_count_as_high(s, t, verdict):
    assert verdict_of(s, t) == verdict


def test_assessment_fields_are_complete_and_in_case_order():
    result = assess(CASE, {"blames-nato": 0.1, "protracted-war": 0.9})
    assert isinstance(result, Assessment)
    assert list(result.weights) == list(result.effective_weights) == list(result.contributions) == IDS
    assert result.weights["blames-nato"] == 0.1 and result.weights["russia-beholden"] == 0.8
    assert result.evidence_trust == {"observed": 1.0, "hypothesis": 1.0, "cited": 1.0}
    assert result.thresholds == (0.5, 0.5) and result.months is None
    assert result.case_id == CASE.id
    assert sum(result.contributions[i] for i in STRENGTH) == pytest.approx(result.strength)
    assert sum(result.contributions[i] for i in STRAIN) == pytest.approx(result.strain)
    assert result.contributions["blames-nato"] == pytest.approx(0.1 / len(STRENGTH))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.region = "strain-high"


def test_margin_is_distance_to_nearest_boundary():
    result = assess(CASE, thresholds=(0.6, 0.3))
    assert result.margin == pytest.approx(min(abs(result.strength - 0.6), abs(result.strain - 0.3)))
    assert result.nearest_boundary == "strength"


def test_assess_does_not_mutate_inputs():
    weights = {"blames-nato": 0.3}
    trust = {"hypothesis": 0.5}
    thresholds = [0.4, 0.6]
    assess(CASE, weights, evidence_trust=trust, thresholds=thresholds, months=12)
    assert weights == {"blames-nato": 0.3} and trust == {"hypothesis": 0.5} and thresholds == [0.4, 0.6]


def test_numpy_numbers_are_accepted():
    result = assess(CASE, {"blames-nato": np.float32(0.25), "policy-trilemma": np.int64(1)}, months=np.float64(6))
    assert result.weights["blames-nato"] == 0.25 and result.weights["policy-trilemma"] == 1.0


def test_to_dict_round_trips_through_json():
    data = assess(CASE, evidence_trust={"cited": 0.5}, months=3).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["evidence_trust"]["cited"] == 0.5 and data["months"] == 3.0


# --------------------------------------------------------------------------- describe

def test_describe_names_region_margin_and_top_factors():
    text = assess(CASE).describe(CASE)
    assert text.startswith("Limited entente:")
    assert "0.10 away, on strength" in text
    assert CASE.factor("russia-beholden").label in text  # largest strength weight, 0.8
    # largest strain weight, 0.8, shared by two factors: the first in the file is named
    assert CASE.factor("reputational-albatross").label in text
    assert "'russia-beholden'" in assess(CASE).describe()  # without the case: ids


def test_describe_when_one_side_counts_nothing():
    text = assess(CASE, dict.fromkeys(STRAIN, 0.0)).describe(CASE)
    assert text.startswith("No-limits alignment:") and "no strain factor counts at all" in text
    nothing = assess(CASE, dict.fromkeys(IDS, 0.0)).describe(CASE)
    assert nothing.startswith("Loose partnership:") and "No factor counts at all." in nothing


def test_top_factors_ranks_by_contribution_then_case_order():
    result = assess(CASE)
    assert result.top_factors("strength", 2) == ["russia-beholden", "driven-into-embrace"]
    with pytest.raises(ModelError, match="kind is 'strenght'"):
        result.top_factors("strenght")


# --------------------------------------------------------------------------- options

def test_months_at_reference_leaves_every_weight_exactly_unchanged():
    weights = {i: 0.7 for i in IDS}
    reference = CASE.scenario.reference
    assert reference == 6.0
    assert assess(CASE, weights, months=reference).effective_weights == assess(CASE, weights).effective_weights


def test_months_zero_keeps_only_what_the_text_dates_before_the_reference_event():
    result = assess(CASE, dict.fromkeys(IDS, 1.0), months=0)
    before = {f.id for f in CASE.factors_before_reference()}
    assert before == {"afghanistan-strains", "china-own-agenda", "central-asia-rivalry", "india-divergence"}
    for factor in CASE.factors:
        assert result.effective_weights[factor.id] == (1.0 if factor.id in before else 0.0)


def test_the_before_point_is_the_scenario_at_zero_and_only_the_dated_factors():
    weights = {i: 0.6 for i in IDS}
    result = assess(CASE, weights, evidence_trust={"observed": 0.5})
    at_zero = assess(CASE, weights, months=0, evidence_trust={"observed": 0.5})
    assert result.before == (at_zero.strength, at_zero.strain)
    dated = [f for f in CASE.factors_before_reference()]
    by_hand = sum(0.6 * (0.5 if f.evidence == "observed" else 1.0) for f in dated) / len(STRAIN)
    assert result.before == (0.0, pytest.approx(by_hand))
    assert result.change == (pytest.approx(result.strength), pytest.approx(result.strain - by_hand))


def test_factors_that_arise_with_the_event_phase_in_and_only_duration_linked_ones_keep_growing():
    w = 0.5
    reference = CASE.scenario.reference
    # india-divergence is dated before the event: as set at every clock value
    for months in (0, 3, reference, 24):
        assert effective_weights(CASE, {"india-divergence": w}, months=months)["india-divergence"] == w
    # russia-beholden arises with the event and is not duration-linked: 0 at the start, w from the reference on
    grow = [effective_weights(CASE, {"russia-beholden": w}, months=m)["russia-beholden"] for m in (0, 3, reference, 24)]
    assert grow == [0.0, pytest.approx(1 - math.sqrt(1 - w)), w, w]
    # economic-costs is duration-linked: 1 - (1 - w) ** (m / m0), past the reference too
    linked = [effective_weights(CASE, {"economic-costs": w}, months=m)["economic-costs"] for m in (0, 3, reference, 12)]
    assert linked == [0.0, pytest.approx(1 - math.sqrt(0.5)), w, pytest.approx(0.75)]


def test_the_change_since_the_reference_event_is_what_the_thesis_compares():
    result = assess(CASE)
    assert result.before is not None and result.change is not None
    assert result.change[0] > 0 and result.change[1] > 0  # stronger and more strained, by the default weights
    nothing_new = {f.id: (f.default_weight if f.dated_before_reference else 0.0) for f in CASE.factors}
    assert assess(CASE, nothing_new).change == (0.0, 0.0)


def test_a_case_without_a_reference_event_keeps_a_single_point(tmp_path):
    text = (REPO / "tests" / "cases" / "third.yaml").read_text(encoding="utf-8")
    third = entente_lab.load_case(REPO / "tests" / "cases" / "third.yaml")
    assert "reference_event" not in text and third.reference_event is None
    result = assess(third)
    assert result.before is None and result.change is None
    with pytest.raises(ModelError, match="has no duration scenario"):
        assess(third, months=3)


def test_evidence_trust_scales_only_its_type():
    result = assess(CASE, evidence_trust={"hypothesis": 0.5})
    for factor in CASE.factors:
        expected = factor.default_weight * (0.5 if factor.evidence == "hypothesis" else 1.0)
        assert result.effective_weights[factor.id] == pytest.approx(expected)
        assert result.weights[factor.id] == factor.default_weight


def test_trust_applies_after_the_duration_rule():
    # protracted-war is the speaker's judgement (a forecast) and duration-linked: (1 - (1 - 0.5) ** 2) * 0.5 = 0.375
    result = assess(CASE, {"protracted-war": 0.5}, months=12, evidence_trust={"hypothesis": 0.5})
    assert result.effective_weights["protracted-war"] == pytest.approx(0.375)


def test_thresholds_move_the_verdict():
    assert assess(CASE, thresholds=(0.7, 0.5)).verdict == "strain-high"
    assert assess(CASE, thresholds=(0.5, 0.65)).verdict == "strength-high"


# --------------------------------------------------------------------------- validation

@pytest.mark.parametrize(("value", "shown"), [
    (float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"), (True, "True"),
    ("0.5", "'0.5'"), (None, "None"), (1.5, "1.5"), (-0.1, "-0.1"), (np.bool_(True), "True"),
])
def test_bad_weight_names_factor_and_value(value, shown):
    with pytest.raises(ValueError, match=rf"factor 'blames-nato' is {shown}"):
        assess(CASE, {"blames-nato": value})


def test_unknown_factor_suggests_and_lists():
    with pytest.raises(ModelError, match=r"unknown factor 'blame-nato'.*did you mean 'blames-nato'.*"
                                         r"known factors: russia-beholden, driven-into-embrace"):
        assess(CASE, {"blame-nato": 0.5})
    with pytest.raises(ModelError, match=r"unknown factor 3"):
        assess(CASE, {3: 0.5})


@pytest.mark.parametrize("weights", [[0.5], "wyne", 0.5])
def test_weights_must_be_a_mapping(weights):
    with pytest.raises(TypeError, match="weights must be a mapping"):
        assess(CASE, weights)


@pytest.mark.parametrize(("trust", "match"), [
    ({"hypothesis": float("nan")}, r"trust in 'hypothesis' evidence is nan"),
    ({"cited": 2}, r"trust in 'cited' evidence is 2, outside \[0, 1\]"),
    ({"cited": False}, r"trust in 'cited' evidence is False, not a number"),
    ({"hypothesys": 0.5}, r"unknown evidence type 'hypothesys'.*did you mean 'hypothesis'.*observed, hypothesis, cited"),
])
def test_bad_evidence_trust(trust, match):
    with pytest.raises(ModelError, match=match):
        assess(CASE, evidence_trust=trust)


@pytest.mark.parametrize(("months", "match"), [
    (-1, r"months is -1"), (float("nan"), "months is nan"), (float("inf"), "months is inf"),
    (True, "months is True, not a number"), ("6", "months is '6', not a number"),
])
def test_bad_months(months, match):
    with pytest.raises(ModelError, match=match):
        assess(CASE, months=months)


@pytest.mark.parametrize(("thresholds", "match"), [
    ((0.0, 0.5), r"strength threshold is 0.0, outside \(0, 1\)"),
    ((0.5, 1), r"strain threshold is 1, outside \(0, 1\)"),
    ((0.5,), "thresholds has 1 items"),
    ("ab", "thresholds is 'ab'"),
    (0.5, "thresholds is 0.5"),
    ((float("nan"), 0.5), "strength threshold is nan"),
    ((True, 0.5), "strength threshold is True, not a number"),
])
def test_bad_thresholds(thresholds, match):
    with pytest.raises(ModelError, match=match):
        assess(CASE, thresholds=thresholds)


def test_model_error_is_a_value_error_and_an_entente_lab_error():
    assert issubclass(ModelError, ValueError) and issubclass(ModelError, entente_lab.EntenteLabError)


def test_a_case_without_one_side_is_refused():
    one_sided = dataclasses.replace(CASE, factors=CASE.factors_of_kind("strength"))
    with pytest.raises(ModelError, match="has no strain factor"):
        assess(one_sided)


# --------------------------------------------------------------------------- the vectorised core

def test_score_matrix_matches_assess_row_by_row():
    rng = np.random.default_rng(7)
    matrix = rng.random((200, len(IDS)))
    matrix[:3] = 0.5  # the equal-weights corner, where rounding decides the verdict
    matrix[3] = 1.0
    options = {"evidence_trust": {"hypothesis": 0.4}, "months": 9.5, "thresholds": (0.45, 0.55)}
    strength, strain, codes = score_matrix(CASE, matrix, **options)
    for row, s, t, code in zip(matrix, strength, strain, codes, strict=True):
        result = assess(CASE, dict(zip(IDS, row, strict=True)), **options)
        assert (result.strength, result.strain, result.verdict) == (s, t, VERDICTS[code])


def test_score_matrix_checks_shape_and_values():
    with pytest.raises(ModelError, match=r"shape \(3,\)"):
        score_matrix(CASE, [0.5, 0.5, 0.5])
    bad = np.full((2, len(IDS)), 0.5)
    bad[1, IDS.index("economic-costs")] = np.nan
    with pytest.raises(ModelError, match=r"factor 'economic-costs' in row 1 is nan"):
        score_matrix(CASE, bad)


@given(weights=weightings, trust=trusts, months=months_values, thresholds=thresholds_values)
def test_assess_matches_the_written_formula(weights, trust, months, thresholds):
    result = assess(CASE, weights, evidence_trust=trust, months=months, thresholds=thresholds)
    s, t, effective = reference(weights, trust, months)
    assert result.strength == pytest.approx(s, abs=1e-12)
    assert result.strain == pytest.approx(t, abs=1e-12)
    for fid in IDS:
        assert result.effective_weights[fid] == pytest.approx(effective[fid], abs=1e-12)
    if min(abs(s - thresholds[0]), abs(t - thresholds[1])) > 1e-9:
        assert result.verdict == verdict_of(s, t, thresholds)


# --------------------------------------------------------------------------- properties

@given(weights=weightings, trust=trusts, months=months_values)
def test_scores_stay_in_unit_interval(weights, trust, months):
    result = assess(CASE, weights, evidence_trust=trust, months=months)
    assert 0.0 <= result.strength <= 1.0 and 0.0 <= result.strain <= 1.0
    assert all(0.0 <= v <= 1.0 for v in result.effective_weights.values())
    assert result.margin >= 0


@given(weights=weightings, factor=st.sampled_from(IDS), low=unit, high=unit, trust=trusts, months=months_values)
def test_raising_a_weight_moves_only_its_own_side_and_never_down(weights, factor, low, high, trust, months):
    low, high = sorted((low, high))
    before = assess(CASE, {**weights, factor: low}, evidence_trust=trust, months=months)
    after = assess(CASE, {**weights, factor: high}, evidence_trust=trust, months=months)
    own, other = ("strength", "strain") if factor in STRENGTH else ("strain", "strength")
    assert getattr(after, own) >= getattr(before, own)
    assert getattr(after, other) == getattr(before, other)


@given(weights=weightings, seed=st.integers(0, 2**32 - 1), trust=trusts)
def test_mapping_order_does_not_matter(weights, seed, trust):
    items = list(weights.items())
    np.random.default_rng(seed).shuffle(items)
    trust_items = list(trust.items())[::-1]
    assert assess(CASE, dict(items), evidence_trust=dict(trust_items)) == assess(CASE, weights, evidence_trust=trust)


@given(weights=weightings, months=st.tuples(st.floats(0, 120), st.floats(0, 120)))
def test_more_months_never_lowers_an_effective_weight(weights, months):
    fewer, more = sorted(months)
    before = assess(CASE, weights, months=fewer)
    after = assess(CASE, weights, months=more)
    for fid in IDS:
        assert after.effective_weights[fid] >= before.effective_weights[fid]
    assert after.strain >= before.strain and after.strength >= before.strength
    if fewer >= CASE.scenario.reference:  # past the text, only the duration-linked factors (strains) still grow
        assert after.strength == before.strength


@given(weights=weightings, kind=st.sampled_from(EVIDENCE_TYPES), trust=st.tuples(unit, unit), months=months_values)
def test_more_trust_never_lowers_a_score(weights, kind, trust, months):
    low, high = sorted(trust)
    before = assess(CASE, weights, evidence_trust={kind: low}, months=months)
    after = assess(CASE, weights, evidence_trust={kind: high}, months=months)
    assert after.strength >= before.strength and after.strain >= before.strain


@settings(max_examples=50)
@given(w=st.floats(0.0, 1.0, exclude_min=True, exclude_max=True), months=st.floats(0.1, 120.0))
def test_duration_rule_keeps_the_six_month_step_property(w, months):
    # Six more months close the same share of the remaining distance to full weight:
    # 1 - e(m + 6) == (1 - e(m)) * (1 - w).
    e_m = effective_weights(CASE, {"economic-costs": w}, months=months)["economic-costs"]
    e_next = effective_weights(CASE, {"economic-costs": w}, months=months + 6)["economic-costs"]
    assert 1 - e_next == pytest.approx((1 - e_m) * (1 - w), abs=1e-12)
