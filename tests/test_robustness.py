"""Monte Carlo robustness and exact tipping points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import entente_lab
from entente_lab.analysis.model import EVIDENCE_TYPES, VERDICTS, ModelError, assess, preset_weights, score_matrix
from entente_lab.analysis.robustness import Robustness, ScoreSummary, TippingPoint, robustness, sample_weights, tipping_points

CASE = entente_lab.load_case()
IDS = [f.id for f in CASE.factors]
STRAIN = [f.id for f in CASE.factors_of_kind("strain")]
DURATION = [f.id for f in CASE.factors if f.duration_linked]

unit = st.floats(0.0, 1.0)


# --------------------------------------------------------------------------- Monte Carlo

def test_shares_cover_every_verdict_and_sum_to_one():
    result = robustness(CASE, preset_weights(CASE, "equal"), n=4_000, seed=3)
    assert isinstance(result, Robustness)
    assert list(result.shares) == list(VERDICTS)
    assert sum(result.shares.values()) == pytest.approx(1.0)
    # equal weights sit on the corner of all four regions: every region gets samples
    assert all(share > 0.1 for share in result.shares.values())
    assert result.verdict == "both-high" and result.agreement == result.shares["both-high"]


def test_seeded_runs_are_reproducible_and_seeds_matter():
    first = robustness(CASE, n=3_000, seed=42)
    assert robustness(CASE, n=3_000, seed=42) == first
    assert robustness(CASE, n=3_000, seed=43).strength != first.strength


def test_an_unseeded_run_records_a_seed_that_reproduces_it():
    result = robustness(CASE, n=500)
    assert isinstance(result.seed, int)
    assert robustness(CASE, n=500, seed=result.seed) == result


def test_zero_spread_puts_every_sample_on_the_weighting_itself():
    weights = preset_weights(CASE, "costs-first")
    result = robustness(CASE, weights, n=50, spread=0.0, seed=0)
    point = assess(CASE, weights)
    assert result.shares["strain-high"] == 1.0
    assert result.strength == ScoreSummary(point.strength, 0.0, point.strength, point.strength, point.strength)


def test_robustness_scores_the_samples_exactly_as_assess():
    options = {"evidence_trust": {"cited": 0.6}, "months": 14, "thresholds": (0.55, 0.5)}
    samples = sample_weights(CASE, {"blames-nato": 0.2}, n=400, spread=0.3, seed=11)
    verdicts = [assess(CASE, dict(zip(IDS, row, strict=True)), **options).verdict for row in samples]
    strengths = np.array([assess(CASE, dict(zip(IDS, row, strict=True)), **options).strength for row in samples])
    result = robustness(CASE, {"blames-nato": 0.2}, n=400, spread=0.3, seed=11, **options)
    assert result.shares == {v: verdicts.count(v) / 400 for v in VERDICTS}
    assert result.strength.mean == pytest.approx(strengths.mean())
    assert result.strength.std == pytest.approx(strengths.std())
    assert result.strength.p5 == pytest.approx(np.percentile(strengths, 5))
    assert result.strength.p50 == pytest.approx(np.median(strengths))
    assert result.strength.p95 == pytest.approx(np.percentile(strengths, 95))


def test_samples_are_the_weights_plus_clipped_noise():
    samples = sample_weights(CASE, dict.fromkeys(IDS, 1.0), n=2_000, spread=0.5, seed=5)
    assert samples.shape == (2_000, len(IDS))
    assert samples.max() == 1.0 and samples.min() >= 0.0
    assert (samples == 1.0).mean() == pytest.approx(0.5, abs=0.03)  # half the noise is positive, clipped
    centred = sample_weights(CASE, dict.fromkeys(IDS, 0.5), n=20_000, spread=0.1, seed=5)
    assert centred.mean(axis=0) == pytest.approx(np.full(len(IDS), 0.5), abs=0.005)
    assert centred.std(axis=0) == pytest.approx(np.full(len(IDS), 0.1), abs=0.005)


def test_options_reach_the_samples():
    at_interview = robustness(CASE, n=2_000, seed=1)
    at_start = robustness(CASE, n=2_000, seed=1, months=0)  # only what the text dates before the event counts
    assert at_start.strain.mean < at_interview.strain.mean and at_start.strength.mean < at_interview.strength.mean
    assert at_start.shares["both-low"] > at_interview.shares["both-low"]
    assert at_start.months == 0.0


def test_robustness_does_not_mutate_the_weights():
    weights = {"blames-nato": 0.3}
    robustness(CASE, weights, n=10, seed=0)
    assert weights == {"blames-nato": 0.3}


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n": 0}, "n is 0"), ({"n": -5}, "n is -5"), ({"n": 1.5}, "n is 1.5"), ({"n": True}, "n is True"),
    ({"n": "100"}, "n is '100'"), ({"spread": -0.1}, "spread is -0.1"), ({"spread": float("nan")}, "spread is nan"),
    ({"spread": float("inf")}, "spread is inf"), ({"spread": True}, "spread is True"),
    ({"seed": -1}, "seed is -1"), ({"seed": 1.5}, "seed is 1.5"),
    ({"months": -1}, "months is -1"), ({"thresholds": (0.5, 1.0)}, "strain threshold"),
])
def test_bad_options_are_refused(kwargs, match):
    with pytest.raises(ModelError, match=match):
        robustness(CASE, **kwargs)


def test_bad_weights_are_refused_as_in_assess():
    with pytest.raises(ModelError, match="did you mean 'blames-nato'"):
        robustness(CASE, {"blame-nato": 0.5})


def test_describe_reads_the_shares():
    result = robustness(CASE, n=1_000, seed=2)
    text = result.describe(CASE)
    assert text.startswith("Of 1,000 weightings near yours")
    assert "keep your verdict, limited entente" in text
    assert "keep your verdict, both-high" in result.describe()  # without the case: codes


# --------------------------------------------------------------------------- tipping points

def _check_tipping_points(weights, options):
    """Each tipping point really flips the verdict there, and a missing one really is missing."""
    current = assess(CASE, weights, **options).verdict
    points = tipping_points(CASE, weights, **options)
    assert list(points) == IDS
    delta = 1e-7
    for fid, point in points.items():
        assert point.factor == fid

        def verdict_at(w, fid=fid):
            return assess(CASE, {**weights, fid: w}, **options).verdict

        if point.weight is None:
            assert point.verdict_after is None and point.direction is None
            # a side score is monotone in the weight, so the two ends cover every weight
            assert verdict_at(0.0) == current and verdict_at(1.0) == current
            continue
        assert 0.0 <= point.weight <= 1.0 and point.verdict_after != current
        step = delta if point.direction == "up" else -delta
        past, before = point.weight + step, point.weight - step
        # only where the factor's score actually moves by more than rounding over delta
        moved = assess(CASE, {**weights, fid: min(max(past, 0), 1)}, **options)
        here = assess(CASE, {**weights, fid: point.weight}, **options)
        side = CASE.factor(fid).kind
        if abs(getattr(moved, side) - getattr(here, side)) > 1e-12 and 0 <= past <= 1:
            assert verdict_at(past) == point.verdict_after
        if 0 <= before <= 1:
            assert verdict_at(before) == current
        end = 1.0 if point.direction == "up" else 0.0
        assert verdict_at(end) == point.verdict_after


def test_tipping_points_of_every_preset():
    for preset in CASE.presets:
        _check_tipping_points(preset_weights(CASE, preset.id), {})


def test_no_single_factor_flips_wynes_reading():
    # Each side has nine or ten factors; removing the heaviest (0.8) still leaves
    # strength 4.9 / 9 and strain 5.1 / 10 above 0.5.
    assert all(point.weight is None for point in tipping_points(CASE).values())


def test_tipping_point_by_hand():
    # Strain factors at 0.45: T = 0.45. Raising one to w gives T = (9 * 0.45 + w) / 10,
    # which reaches 0.5 at w = 5 - 4.05 = 0.95.
    weights = dict.fromkeys(STRAIN, 0.45)
    point = tipping_points(CASE, weights)["policy-trilemma"]
    assert point == TippingPoint("policy-trilemma", pytest.approx(0.95), "both-high", "up")
    # At 12 months, strain factors at 0.4: the five duration-linked ones count
    # 1 - 0.6 ** 2 = 0.64, the five others 0.4, so T = (5 * 0.64 + 5 * 0.4) / 10 = 0.52.
    # Without policy-trilemma the others sum to 4 * 0.64 + 5 * 0.4 = 4.56, so it must keep
    # an effective weight of 5 - 4.56 = 0.44: 1 - (1 - w) ** 2 = 0.44 at w = 1 - sqrt(0.56).
    point = tipping_points(CASE, dict.fromkeys(STRAIN, 0.4), months=12)["policy-trilemma"]
    assert point == TippingPoint("policy-trilemma", pytest.approx(1 - 0.56 ** 0.5), "strength-high", "down")
    assert point.weight == pytest.approx(0.251669, abs=1e-6)


def test_trust_zero_and_month_zero_mean_no_tipping_point():
    weights = preset_weights(CASE, "equal")
    untrusted = tipping_points(CASE, weights, evidence_trust={"hypothesis": 0.0})
    for factor in CASE.factors:
        if factor.evidence == "hypothesis":
            assert untrusted[factor.id].weight is None
    before_war = tipping_points(CASE, dict.fromkeys(IDS, 1.0), months=0)
    for fid in DURATION:
        assert before_war[fid].weight is None


def test_describe_tipping_points():
    point = tipping_points(CASE, preset_weights(CASE, "equal"))["blames-nato"]
    assert point.describe() == "Below a weight of 0.50, 'blames-nato' turns the verdict to strain-high."
    assert point.describe(CASE) == ("Below a weight of 0.50, \u201cChina echoes Russia's case against NATO\u201d turns "
                                    "the verdict to estrangement.")


@given(weights=st.dictionaries(st.sampled_from(IDS), unit),
       trust=st.dictionaries(st.sampled_from(EVIDENCE_TYPES), unit),
       months=st.none() | st.floats(0.0, 36.0),
       thresholds=st.tuples(st.floats(0.05, 0.95), st.floats(0.05, 0.95)))
def test_tipping_points_are_where_the_verdict_flips(weights, trust, months, thresholds):
    options = {"evidence_trust": trust, "months": months, "thresholds": thresholds}
    s, t, _ = score_matrix(CASE, [[{**CASE.default_weights(), **weights}[i] for i in IDS]], **options)
    assume(min(abs(s[0] - thresholds[0]), abs(t[0] - thresholds[1])) > 1e-9)  # not on a boundary already
    _check_tipping_points(weights, options)


@given(base=st.floats(0.45, 0.55), months=st.floats(6.0, 24.0))
def test_tipping_points_exist_near_the_corner(base, months):
    # From the reference (6) on, every strength factor counts as set, so S = base: a
    # strength factor tips it when its weight reaches 9 * 0.5 - 8 * base, in (0, 1].
    weights = dict.fromkeys(IDS, base)
    points = tipping_points(CASE, weights, months=months)
    assert all(points[f.id].weight is not None for f in CASE.factors_of_kind("strength"))
    _check_tipping_points(weights, {"months": months})


def test_the_package_name_is_the_function_not_the_module():
    import importlib

    module = importlib.import_module("entente_lab.analysis.robustness")  # importing the submodule must not shadow it
    assert entente_lab.robustness is module.robustness and callable(entente_lab.robustness)
