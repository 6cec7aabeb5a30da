"""How robust a verdict is: Monte Carlo over nearby weightings, and exact per-factor tipping points."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..case.records import Case
from .model import (
    REGIONS,
    ModelError,
    _check_cases_sides,
    _exponents,
    _layout,
    _options,
    _score,
    _shown,
    complete_weights,
    verdict_of,
)

__all__ = ["Robustness", "ScoreSummary", "TippingPoint", "robustness", "sample_weights", "tipping_points"]


# --------------------------------------------------------------------------- Monte Carlo

@dataclass(frozen=True)
class ScoreSummary:
    """Summary statistics of one score over the samples (``std`` is the population standard deviation)."""

    mean: float
    std: float
    p5: float
    p50: float
    p95: float

    @classmethod
    def of(cls, values: np.ndarray) -> ScoreSummary:
        p5, p50, p95 = np.percentile(values, [5, 50, 95])
        return cls(mean=float(values.mean()), std=float(values.std()), p5=float(p5), p50=float(p50), p95=float(p95))


@dataclass(frozen=True)
class Robustness:
    """The verdicts of many weightings near one weighting.

    Attributes
    ----------
    verdict : str
        The region (its code) of the central weighting itself.
    shares : dict
        Every region code, in :data:`~entente_lab.analysis.model.REGIONS` order, to the fraction
        of samples that land in it; the fractions add up to 1.
    strength, strain : ScoreSummary
        Mean, standard deviation and 5th, 50th and 95th percentiles of each score.
    n, spread, seed
        The number of samples, the standard deviation of the noise, and the seed that
        reproduces the run (drawn and recorded when none was given).
    weights : dict
        The central weighting, complete.
    months, evidence_trust, thresholds
        The model options used, as in :class:`~entente_lab.analysis.model.Assessment`.
    """

    verdict: str
    shares: dict[str, float]
    strength: ScoreSummary
    strain: ScoreSummary
    n: int
    spread: float
    seed: int
    weights: dict[str, float]
    months: float | None
    evidence_trust: dict[str, float]
    thresholds: tuple[float, float]

    @property
    def agreement(self) -> float:
        """The share of samples that keep the central weighting's verdict."""
        return self.shares[self.verdict]

    def describe(self, case: Case | None = None) -> str:
        """The result in plain words: the case's names for the regions (codes without a case).

        Examples
        --------
        >>> from entente_lab import load_case
        >>> print(robustness(load_case(), n=2_000, seed=1).describe())  # doctest: +NORMALIZE_WHITESPACE
        Of 2,000 weightings near yours (each weight moved by noise of spread 0.15), 98% keep your
        verdict, both-high; 0% land in strength-high, 2% in strain-high, 0% in both-low.
        """
        name = case.region_label if case is not None else str
        others = ", ".join(f"{self.shares[v]:.0%} {'land in' if i == 0 else 'in'} {name(v)}"
                           for i, v in enumerate(v for v in REGIONS if v != self.verdict))
        return (f"Of {self.n:,} weightings near yours (each weight moved by noise of spread {self.spread:g}), "
                f"{self.agreement:.0%} keep your verdict, {name(self.verdict)}; {others}.")


def _check_n(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ModelError(f"n is {_shown(n)}; give the number of samples as a whole number >= 1")
    return int(n)


def _check_spread(spread: object) -> float:
    if isinstance(spread, bool) or not isinstance(spread, numbers.Real) or not math.isfinite(float(spread)) \
            or spread < 0:
        raise ModelError(f"spread is {_shown(spread)}; give the noise's standard deviation as a finite number >= 0")
    return float(spread)


def _check_seed(seed: object) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ModelError(f"seed is {_shown(seed)}; give a whole number >= 0, or None for a fresh random seed")
    return int(seed)


def _sample(central: np.ndarray, n: int, spread: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, spread, size=(n, central.size)) if spread > 0 else np.zeros((n, central.size))
    samples = noise
    samples += central
    np.clip(samples, 0.0, 1.0, out=samples)
    return samples


def sample_weights(case: Case, weights: Mapping[str, float] | None = None, *, n: int = 10_000,
                   spread: float = 0.15, seed: int | None = None) -> np.ndarray:
    """The weightings :func:`robustness` scores: each weight plus Normal(0, ``spread``) noise, clipped to [0, 1].

    Returns
    -------
    ndarray, shape (n, n_factors)
        One weighting per row, columns in ``case.factors`` order. With the same
        arguments and seed, :func:`robustness` scores exactly these rows.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> samples = sample_weights(case, n=5, seed=0)
    >>> samples.shape, bool(((samples >= 0) & (samples <= 1)).all())
    ((5, 19), True)
    >>> bool((sample_weights(case, n=5, seed=0) == samples).all())
    True
    """
    central = np.array(list(complete_weights(case, weights).values()), dtype=float)
    return _sample(central, _check_n(n), _check_spread(spread), _check_seed(seed))


def robustness(case: Case, weights: Mapping[str, float] | None = None, *, n: int = 10_000, spread: float = 0.15,
               seed: int | None = None, evidence_trust: Mapping[str, float] | None = None,
               months: float | None = None, thresholds: Sequence[float] = (0.5, 0.5)) -> Robustness:
    """Share of nearby weightings that land in each region of the case's plane.

    Each of ``n`` samples moves every weight by independent Normal(0, ``spread``)
    noise and clips it to [0, 1]; the samples are then scored all at once, exactly as
    :func:`~entente_lab.analysis.model.assess` scores one weighting (the duration rule and the
    evidence trust apply to the sampled weights).

    Parameters
    ----------
    case : Case
    weights : mapping of str to float, optional
        The central weighting; missing ids take their defaults (as in ``assess``).
    n : int
        Number of samples, >= 1.
    spread : float
        Standard deviation of the noise added to each weight, finite and >= 0.
    seed : int, optional
        Seed for ``numpy.random.default_rng``; the same seed gives the same result.
        When omitted, a fresh seed is drawn and recorded in the result.
    evidence_trust, months, thresholds
        As for :func:`~entente_lab.analysis.model.assess`.

    Returns
    -------
    Robustness

    Raises
    ------
    ModelError
        For a bad weighting or option (as ``assess``), or a bad ``n``, ``spread`` or ``seed``.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> r = robustness(case, n=2_000, seed=1)
    >>> r.verdict, r.agreement, round(sum(r.shares.values()), 10)
    ('both-high', 0.977, 1.0)
    >>> robustness(case, n=2_000, seed=1) == r
    True
    >>> robustness(case, spread=0.0, n=10).shares["both-high"]
    1.0
    """
    complete = complete_weights(case, weights)
    options = _options(evidence_trust, months, thresholds)
    n, spread, seed = _check_n(n), _check_spread(spread), _check_seed(seed)
    _check_cases_sides(case)
    layout = _layout(case, options.trust)
    central = np.array(list(complete.values()), dtype=float)
    strength, strain, codes, _ = _score(central[np.newaxis, :], layout, options)
    verdict = REGIONS[int(codes[0])]
    strength, strain, codes, _ = _score(_sample(central, n, spread, seed), layout, options)
    counts = np.bincount(codes, minlength=len(REGIONS))
    return Robustness(
        verdict=verdict, shares={v: float(c) / n for v, c in zip(REGIONS, counts, strict=True)},
        strength=ScoreSummary.of(strength), strain=ScoreSummary.of(strain), n=n, spread=spread, seed=seed,
        weights=complete, months=options.months, evidence_trust=options.trust, thresholds=options.thresholds,
    )


# --------------------------------------------------------------------------- tipping points

@dataclass(frozen=True)
class TippingPoint:
    """Where one factor's weight, all others held fixed, changes the verdict.

    Attributes
    ----------
    factor : str
        The factor id.
    weight : float or None
        The weight at which the factor's side score meets its threshold; ``None`` when
        no weight in [0, 1] changes the verdict.
    verdict_after : str or None
        The region (its code) past the tipping point.
    direction : {"up", "down"} or None
        ``"up"``: raising the weight to ``weight`` or above changes the verdict (a score
        on its threshold counts as high). ``"down"``: lowering it below ``weight``
        changes the verdict.
    """

    factor: str
    weight: float | None
    verdict_after: str | None
    direction: Literal["up", "down"] | None

    def describe(self, case: Case | None = None) -> str:
        """In plain words: with a case, the factor's label and the region's name; without, their ids.

        >>> TippingPoint("trade-deal", 0.25, "strain-high", "down").describe()
        "Below a weight of 0.25, 'trade-deal' turns the verdict to strain-high."
        >>> TippingPoint("trade-deal", None, None, None).describe()
        "No weight of 'trade-deal' in [0, 1] changes the verdict."
        """
        factor = f"\u201c{case.factor(self.factor).label}\u201d" if case is not None else repr(self.factor)
        if self.weight is None:
            return f"No weight of {factor} in [0, 1] changes the verdict."
        where = "Below" if self.direction == "down" else "At or above"
        region = case.region_label(self.verdict_after) if case is not None else self.verdict_after
        return f"{where} a weight of {self.weight:.2f}, {factor} turns the verdict to {region}."


def _invert(target: float, trust: float, exponent: float) -> float | None:
    """The weight whose effective weight is ``target`` (> 0), or None if none in [0, 1] reaches it.

    Undoes ``e = trust * (1 - (1 - w) ** exponent)`` (see :func:`~entente_lab.analysis.model.assess`).
    """
    if trust == 0 or exponent == 0:
        return None  # the factor cannot move its score (untrusted, or not yet there on the scenario's clock)
    raw = target / trust  # the weight after the scenario's rule, before the trust discount
    if raw > 1:
        return None
    if exponent == 1:
        return raw
    return 1.0 - (1.0 - raw) ** (1.0 / exponent)


def tipping_points(case: Case, weights: Mapping[str, float] | None = None, *,
                   evidence_trust: Mapping[str, float] | None = None, months: float | None = None,
                   thresholds: Sequence[float] = (0.5, 0.5)) -> dict[str, TippingPoint]:
    """For each factor, the weight at which the verdict changes with every other weight held fixed.

    Exact, not sampled. A factor moves only its own side's score, and never lowers it
    when its weight rises, so there is at most one crossing: the side's score meets
    its threshold when the factor's effective weight reaches
    ``e* = n_side * threshold - (sum of the other effective weights on that side)``;
    the tipping weight undoes the trust discount and the war-duration rule of
    :func:`~entente_lab.analysis.model.assess` to turn ``e*`` back into a weight. A factor whose
    trust is 0 (or, on the scenario's clock at 0, a factor that is not dated before the
    reference event) cannot move its score and has no tipping point.

    Parameters
    ----------
    case, weights, evidence_trust, months, thresholds
        As for :func:`~entente_lab.analysis.model.assess`.

    Returns
    -------
    dict of str to TippingPoint
        Every factor, in case order.

    Examples
    --------
    >>> from entente_lab import load_case, preset_weights
    >>> case = load_case()
    >>> heaviest = max(case.factors_of_kind("strain"), key=lambda f: f.default_weight)
    >>> tipping_points(case)[heaviest.id].weight is None  # the default weights: no single factor flips it
    True
    >>> equal = {f.id: 0.5 for f in case.factors}
    >>> first = case.factors_of_kind("strength")[0].id
    >>> tipping_points(case, equal)[first]  # doctest: +ELLIPSIS
    TippingPoint(factor='...', weight=0.5, verdict_after='strain-high', direction='down')
    >>> low_strain = {f.id: 0.45 for f in case.factors_of_kind("strain")}
    >>> plain = next(f.id for f in case.factors_of_kind("strain") if f.evidence == "cited")
    >>> tp = tipping_points(case, low_strain)[plain]
    >>> tp.direction, round(tp.weight, 6), tp.verdict_after
    ('up', 0.95, 'both-high')
    """
    complete = complete_weights(case, weights)
    options = _options(evidence_trust, months, thresholds)
    _check_cases_sides(case)
    layout = _layout(case, options.trust)
    central = np.array([list(complete.values())], dtype=float)
    strength, strain, _, effective = _score(central, layout, options)
    exponents = _exponents(layout, options.months)
    scores = {"strength": float(strength[0]), "strain": float(strain[0])}
    limits = dict(zip(("strength", "strain"), options.thresholds, strict=True))
    columns = {"strength": layout.strength, "strain": layout.strain}
    result: dict[str, TippingPoint] = {}
    for index, factor in enumerate(case.factors):
        side = factor.kind
        others = float(sum(effective[0, j] for j in columns[side] if j != index))
        target = len(columns[side]) * limits[side] - others
        high = scores[side] >= limits[side]
        weight = None
        if target > 0:  # else the side is high whatever this factor's weight
            weight = _invert(target, float(layout.trust[index]), 1.0 if exponents is None else float(exponents[index]))
        if weight is None:
            result[factor.id] = TippingPoint(factor.id, None, None, None)
            continue
        weight = min(max(weight, 0.0), 1.0)
        flipped = dict(scores, **{side: limits[side] - 1.0 if high else limits[side]})
        after = verdict_of(flipped["strength"], flipped["strain"], options.thresholds)
        result[factor.id] = TippingPoint(factor.id, weight, after, "down" if high else "up")
    return result
