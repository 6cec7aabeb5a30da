"""The strength-strain plane: score a weighting of a case's factors as strength, strain and a region.

Everything here is a pure function over a :class:`~entente_lab.case.records.Case` and
plain numbers: no plotting, no widgets, no I/O, and no words: regions are codes
(:data:`REGIONS`), and the case names them. The scoring rule, the duration rule and
the evidence discount are **the package's model**, not the authors' words.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..case.records import Case
from ..case.validate import did_you_mean
from ..case.vocabulary import REGIONS
from ..errors import EntenteLabError

__all__ = [
    "Assessment", "EVIDENCE_TYPES", "ModelError", "REGIONS", "VERDICTS", "assess",
    "check_region", "complete_weights", "effective_weights", "preset_weights", "score_matrix", "scoring_fingerprint",
    "verdict_of",
]

#: The regions' codes are the old ``VERDICTS``: the model speaks in codes, and a case's
#: ``plane.regions`` says what each is called (:meth:`~entente_lab.Case.region_label`).
VERDICTS = REGIONS

#: The kinds of support a factor can have; ``evidence_trust`` is keyed by these.
EVIDENCE_TYPES: tuple[str, str, str] = ("observed", "hypothesis", "cited")


_KINDS = ("strength", "strain")


class ModelError(EntenteLabError, ValueError):
    """A weighting or a model option is invalid; the message names the item and the value.

    It is a ``ValueError``, so ``except ValueError`` catches it.
    """


# --------------------------------------------------------------------------- regions

def check_region(code: object) -> str:
    """``code`` if it is one of :data:`REGIONS`, else a :class:`ModelError` naming the codes.

    >>> check_region("both-high")
    'both-high'
    >>> check_region("both-hihg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: unknown region 'both-hihg' (did you mean 'both-high'?); known regions: both-high, ...
    """
    if not isinstance(code, str) or code not in REGIONS:
        raise ModelError(f"unknown region {code!r}{did_you_mean(code, REGIONS)}; known regions: {', '.join(REGIONS)}")
    return code


#: Bumped whenever :func:`scoring_fingerprint` starts to read more of the case.
_SCORING_FINGERPRINT_FORMAT = 3


def scoring_fingerprint(case: Case) -> str:
    """A SHA-256 over exactly what the score of a saved weighting depends on in ``case``.

    Today that is, for each factor in case order: its id, its kind (side), its
    evidence type, its ``duration_linked`` and ``dated_before_reference`` flags; whether
    the case names a reference event; and the duration scenario's reference (the
    clock's value when the text was written). Default weights do not count: a
    submission stores every factor's weight. Labels, summaries, quotes, presets,
    the glossary and the rest do not count either. Two versions of a case file with
    the same fingerprint score every submission the same, so a submission saved
    against one is counted against the other (see
    :func:`~entente_lab.load_weighting`).

    This must grow whenever :func:`assess` reads more of the case (for instance
    thresholds or region labels kept in the case file): add the new inputs here and
    bump ``_SCORING_FINGERPRINT_FORMAT``.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> fingerprint = scoring_fingerprint(case)
    >>> fingerprint.startswith("sha256:"), len(fingerprint)
    (True, 71)
    >>> relabelled = replace(case, factors=(replace(case.factors[0], label="A new label"), *case.factors[1:]))
    >>> scoring_fingerprint(relabelled) == fingerprint
    True
    >>> flipped = replace(case, factors=(replace(case.factors[0], duration_linked=not case.factors[0].duration_linked),
    ...                                   *case.factors[1:]))
    >>> scoring_fingerprint(flipped) == fingerprint
    False
    """
    factors = [[f.id, f.kind, f.evidence, bool(f.duration_linked), bool(f.dated_before_reference)]
               for f in case.factors]
    reference = case.scenario.reference if case.scenario is not None else None
    canonical = json.dumps({"format": _SCORING_FINGERPRINT_FORMAT, "factors": factors, "reference": reference,
                            "compares": case.reference_event is not None},
                           ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


# --------------------------------------------------------------------------- validation

def _is_real(value: object) -> bool:
    """A real number that is not a boolean (``numpy`` numbers count; ``numpy.bool_`` does not)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _shown(value: object) -> str:
    """``repr`` of a value, with numpy scalars shown as the plain Python number they hold."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _unit(value: object, what: str, *, low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a float in [0, 1] (or an open end), else a :class:`ModelError` naming ``what``."""
    low, high = ("(0" if low_open else "[0"), ("1)" if high_open else "1]")
    span = f"{low}, {high}"
    if not _is_real(value):
        raise ModelError(f"{what} is {_shown(value)}, not a number; give a number in {span}")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ModelError(f"{what} is {number!r}; give a finite number in {span}")
    if number < 0 or number > 1 or (low_open and number == 0) or (high_open and number == 1):
        raise ModelError(f"{what} is {_shown(value)}, outside {span}")
    return number


def _mapping(value: object, name: str, keys: str) -> Mapping[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of {keys}, not {type(value).__name__}")
    return value


def complete_weights(case: Case, weights: Mapping[str, Any] | None) -> dict[str, float]:
    """Every factor's weight, in case order: the given ones checked, the rest defaulted.

    The one place the rules for a weighting live: :func:`assess`, the robustness
    functions, the graphs and the dashboard all check weights through it.

    >>> from entente_lab import load_case
    >>> complete_weights(load_case(), {"blames-nato": 0.2})["blames-nato"]
    0.2
    >>> complete_weights(load_case(), {"blames-nato": 2})
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: the weight of factor 'blames-nato' is 2, outside [0, 1]
    """
    given = _mapping(weights, "weights", "factor id to weight")
    complete = case.default_weights()
    for key, value in given.items():
        if key not in complete:
            hint = did_you_mean(key, complete)
            raise ModelError(f"unknown factor {key!r}{hint}; known factors: {', '.join(complete)}")
        complete[key] = _unit(value, f"the weight of factor {key!r}")
    return complete


def _complete_trust(evidence_trust: Mapping[str, Any] | None) -> dict[str, float]:
    given = _mapping(evidence_trust, "evidence_trust", "evidence type to trust")
    complete = dict.fromkeys(EVIDENCE_TYPES, 1.0)
    for key, value in given.items():
        if key not in complete:
            hint = did_you_mean(key, EVIDENCE_TYPES)
            raise ModelError(f"unknown evidence type {key!r}{hint}; known types: {', '.join(EVIDENCE_TYPES)}")
        complete[key] = _unit(value, f"the trust in {key!r} evidence")
    return complete


def _check_months(months: object) -> float | None:
    if months is None:
        return None
    if not _is_real(months):
        raise ModelError(f"months is {_shown(months)}, not a number; give the scenario's clock as a number >= 0, "
                         "or None for 'as when the text was written'")
    value = float(months)
    if not math.isfinite(value) or value < 0:
        raise ModelError(f"months is {_shown(months)}; give a finite number of months >= 0")
    return value


def _check_thresholds(thresholds: object) -> tuple[float, float]:
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, (Sequence, np.ndarray)):
        raise ModelError(f"thresholds is {_shown(thresholds)}; give two numbers in (0, 1): (strength, strain)")
    if len(thresholds) != 2:
        raise ModelError(f"thresholds has {len(thresholds)} items; give two numbers in (0, 1): (strength, strain)")
    ts = _unit(thresholds[0], "the strength threshold", low_open=True, high_open=True)
    tt = _unit(thresholds[1], "the strain threshold", low_open=True, high_open=True)
    return ts, tt


@dataclass(frozen=True)
class _Options:
    """Checked model options, complete."""

    trust: dict[str, float]
    months: float | None
    thresholds: tuple[float, float]


def _options(evidence_trust: Any, months: Any, thresholds: Any) -> _Options:
    return _Options(_complete_trust(evidence_trust), _check_months(months), _check_thresholds(thresholds))


# --------------------------------------------------------------------------- the vectorised core

@dataclass(frozen=True)
class _Layout:
    """The columns of a case's factors: which side, which are duration-linked, what trust."""

    ids: tuple[str, ...]
    strength: np.ndarray  # column indices of strength factors, case order
    strain: np.ndarray
    duration: np.ndarray  # boolean mask: keeps growing after the text was written
    before: np.ndarray  # boolean mask: dated before the reference event
    trust: np.ndarray  # per-column trust factor
    reference: float | None  # the scenario's clock when the text was written (None: no scenario)


def _layout(case: Case, trust: Mapping[str, float]) -> _Layout:
    kinds = [f.kind for f in case.factors]
    return _Layout(
        ids=tuple(f.id for f in case.factors),
        strength=np.array([i for i, k in enumerate(kinds) if k == "strength"], dtype=np.intp),
        strain=np.array([i for i, k in enumerate(kinds) if k == "strain"], dtype=np.intp),
        duration=np.array([f.duration_linked for f in case.factors], dtype=bool),
        before=np.array([f.dated_before_reference for f in case.factors], dtype=bool),
        trust=np.array([trust[f.evidence] for f in case.factors], dtype=float),
        reference=case.scenario.reference if case.scenario is not None else None,
    )


def _exponents(layout: _Layout, months: float | None) -> np.ndarray | None:
    """Per column, the exponent ``x`` of the scenario's rule ``e = 1 - (1 - w) ** x``; ``None`` for "as written".

    At clock ``m`` with reference ``m0``: a factor dated before the reference event
    counts as set (``x = 1``); a duration-linked one follows ``x = m / m0``; any other
    phases in until ``m0`` and then stays as set (``x = min(m, m0) / m0``).
    """
    if months is None:
        return None
    if layout.reference is None:
        raise ModelError("this case has no duration scenario, so 'months' (the scenario's clock) does not apply; "
                         "leave it out")
    m0 = layout.reference
    exponents = np.where(layout.duration, months / m0, min(months, m0) / m0)
    exponents[layout.before] = 1.0
    return exponents


def _grow(weights: np.ndarray, exponents: np.ndarray) -> np.ndarray:
    """``1 - (1 - w) ** x`` per column, exact where ``x`` is 0 (nothing yet) or 1 (the weight as set)."""
    out = 1.0 - (1.0 - weights) ** exponents
    # decided here, not left to rounding (1 - (1 - w) != w) or to the convention 0.0 ** 0 == 1
    out[:, exponents == 0] = 0.0
    out[:, exponents == 1] = weights[:, exponents == 1]
    return out


def _effective(weights: np.ndarray, layout: _Layout, months: float | None) -> np.ndarray:
    """Effective weights of a ``(n_samples, n_factors)`` matrix: the scenario's rule, then trust."""
    out = np.array(weights, dtype=float, copy=True)
    exponents = _exponents(layout, months)
    if exponents is not None:
        out = _grow(out, exponents)
    out *= layout.trust
    return out


def _side_mean(effective: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Mean of the given columns, summed left to right so every row gets the same rounding.

    (``ndarray.sum`` may add a single row pairwise and many rows column by column, which
    can differ in the last bit; an explicit order keeps :func:`assess` and
    :func:`score_matrix` identical.)
    """
    total = np.zeros(effective.shape[0])
    for column in columns:
        total += effective[:, column]
    return total / len(columns)


def _codes(strength: np.ndarray, strain: np.ndarray, thresholds: tuple[float, float]) -> np.ndarray:
    """Index into :data:`REGIONS`: ``2 * (strength low) + (strain low)``."""
    return 2 * (strength < thresholds[0]).astype(np.intp) + (strain < thresholds[1]).astype(np.intp)


def _score(weights: np.ndarray, layout: _Layout, options: _Options) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                              np.ndarray]:
    effective = _effective(weights, layout, options.months)
    strength = _side_mean(effective, layout.strength)
    strain = _side_mean(effective, layout.strain)
    return strength, strain, _codes(strength, strain, options.thresholds), effective


def _check_cases_sides(case: Case) -> None:
    for kind in _KINDS:
        if not case.factors_of_kind(kind):
            raise ModelError(f"case {case.id!r} has no {kind} factor; the model needs at least one of each kind")


def score_matrix(case: Case, weights: Any, *, evidence_trust: Mapping[str, float] | None = None,
                 months: float | None = None,
                 thresholds: Sequence[float] = (0.5, 0.5)) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score many weightings at once: the vectorised core of :func:`assess`.

    Parameters
    ----------
    case : Case
        The case whose factors the columns are, in ``case.factors`` order.
    weights : array_like, shape (n_samples, n_factors)
        One weighting per row, every value in [0, 1].
    evidence_trust, months, thresholds
        As for :func:`assess`.

    Returns
    -------
    strength, strain : ndarray of float, shape (n_samples,)
    codes : ndarray of int, shape (n_samples,)
        Each row's region as an index into :data:`REGIONS`.

    Raises
    ------
    ModelError
        If the matrix has the wrong shape or a value that is not finite or not in [0, 1].

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> rows = [[1.0] * len(case.factors), [0.0] * len(case.factors)]
    >>> strength, strain, codes = score_matrix(case, rows)
    >>> strength.tolist(), strain.tolist(), [REGIONS[c] for c in codes]
    ([1.0, 0.0], [1.0, 0.0], ['both-high', 'both-low'])
    """
    options = _options(evidence_trust, months, thresholds)
    _check_cases_sides(case)
    matrix = np.asarray(weights, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] != len(case.factors):
        raise ModelError(f"weights has shape {matrix.shape}; give (n_samples, {len(case.factors)}), "
                         "one column per factor in case order")
    bad = ~np.isfinite(matrix) | (matrix < 0) | (matrix > 1)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        raise ModelError(f"the weight of factor {case.factors[column].id!r} in row {row} is "
                         f"{_shown(matrix[row, column])}, outside [0, 1]")
    strength, strain, codes, _ = _score(matrix, _layout(case, options.trust), options)
    return strength, strain, codes


# --------------------------------------------------------------------------- assessment

def verdict_of(strength: float, strain: float, thresholds: Sequence[float] = (0.5, 0.5)) -> str:
    """The region (its code) a point of the plane falls in; a score on a threshold counts as high.

    Examples
    --------
    >>> verdict_of(0.6, 0.6)
    'both-high'
    >>> verdict_of(0.5, 0.49)
    'strength-high'
    >>> verdict_of(0.2, 0.7, thresholds=(0.3, 0.5))
    'strain-high'
    """
    ts, tt = _check_thresholds(thresholds)
    return REGIONS[2 * (strength < ts) + (strain < tt)]


@dataclass(frozen=True)
class Assessment:
    """Where one weighting of a case lands on the strength-strain plane.

    The dictionaries are fresh copies keyed by factor id (or evidence type), in case
    order; they are plain ``dict`` so they serialise to JSON as they are (see
    :meth:`to_dict`).

    Attributes
    ----------
    strength, strain : float
        The two scores, each in [0, 1].
    region : str
        Where the point lands: one of the codes in :data:`REGIONS` (the case's
        ``plane.regions`` names them; see :meth:`~entente_lab.Case.region_label`).
        ``verdict`` is the same code, under its older name.
    margin : float
        Distance to the nearest region boundary, ``min(|strength - ts|, |strain - tt|)``.
    contributions : dict
        Factor id to its share of its side's score, ``effective weight / factors on that
        side``; a side's contributions add up to its score (up to rounding).
    weights : dict
        Every factor's weight as given, missing ones at their defaults.
    effective_weights : dict
        Every factor's weight after the duration rule and the evidence trust.
    thresholds : tuple of float
        ``(strength threshold, strain threshold)``.
    months : float or None
        The scenario's clock (in the case's ``scenario.unit``); ``None`` means as when the
        text was written.
    evidence_trust : dict
        Evidence type to trust, all three types present.
    case_id : str
        The ``id`` of the case the weights belong to.
    kinds : dict
        Factor id to its side, ``"strength"`` or ``"strain"``.
    before : tuple of float or None
        ``(strength, strain)`` before the case's reference event: only the factors the
        text dates before it count (with the same weights and trust). ``None`` when the
        case names no reference event. It has no region: it shows only what the text
        dates earlier, not everything that was there.
    """

    strength: float
    strain: float
    region: str
    margin: float
    contributions: dict[str, float]
    weights: dict[str, float]
    effective_weights: dict[str, float]
    thresholds: tuple[float, float]
    months: float | None
    evidence_trust: dict[str, float]
    case_id: str = ""
    kinds: dict[str, str] = field(default_factory=dict, repr=False)
    before: tuple[float, float] | None = None

    @property
    def change(self) -> tuple[float, float] | None:
        """``(strength, strain)`` now minus before the reference event; ``None`` without one.

        >>> from entente_lab import load_case
        >>> a = assess(load_case())
        >>> [round(v, 2) for v in a.change] == [round(a.strength - a.before[0], 2), round(a.strain - a.before[1], 2)]
        True
        """
        if self.before is None:
            return None
        return (self.strength - self.before[0], self.strain - self.before[1])

    def __str__(self) -> str:
        """A one-line summary, for ``print(assessment)`` (the region as its code: words need the case).

        >>> from entente_lab import load_case
        >>> print(assess(load_case()))
        both-high (strength 0.60, strain 0.62, margin 0.10)
        """
        return f"{self.region} (strength {self.strength:.2f}, strain {self.strain:.2f}, margin {self.margin:.2f})"

    @property
    def verdict(self) -> str:
        """The region's code (the older name of :attr:`region`)."""
        return self.region

    @property
    def nearest_boundary(self) -> Literal["strength", "strain"]:
        """The score closest to its threshold: the one a small change would flip first."""
        ts, tt = self.thresholds
        return "strength" if abs(self.strength - ts) <= abs(self.strain - tt) else "strain"

    def top_factors(self, kind: Literal["strength", "strain"], n: int = 1) -> list[str]:
        """The ids of the ``n`` factors of one side that contribute most, largest first."""
        if kind not in _KINDS:
            raise ModelError(f"kind is {kind!r}; use 'strength' or 'strain'")
        side = [(value, fid) for fid, value in self.contributions.items() if self.kinds.get(fid) == kind]
        order = sorted(range(len(side)), key=lambda i: (-side[i][0], i))  # ties: case order
        return [side[i][1] for i in order[:n]]

    def describe(self, case: Case | None = None) -> str:
        """The verdict in plain words: region, margin, and the factors that carry it most.

        Parameters
        ----------
        case : Case, optional
            Gives the words: the region's name and meaning, the sides' names and the
            factors' labels. Without it, codes and factor ids are shown.

        Examples
        --------
        >>> from entente_lab import load_case
        >>> case = load_case()
        >>> text = assess(case).describe(case)
        >>> region = case.region("both-high")
        >>> text.startswith(f"{region.label[0].upper()}{region.label[1:]}: {region.meaning}.")
        True
        >>> print(assess(case).describe())  # doctest: +NORMALIZE_WHITESPACE
        both-high. Strength 0.60 and strain 0.62 against thresholds 0.50 and 0.50; the nearest
        boundary is 0.10 away, on strength. Strength rests most on 'russia-beholden' and strain
        on 'reputational-albatross'. Compared with before the reference event (only the factors
        the text dates earlier), strength rose by 0.60 and strain rose by 0.42.
        """
        ts, tt = self.thresholds

        def label(fid: str) -> str:
            return f'"{case.factor(fid).label}"' if case is not None else repr(fid)

        if case is not None:
            region = case.region(self.region)
            side = {kind: case.side(kind).label for kind in _KINDS}
            words = [f"{region.label[:1].upper()}{region.label[1:]}: {region.meaning}."]
        else:
            side = {kind: kind for kind in _KINDS}
            words = [f"{self.region}."]
        words.append(f"{side['strength'].capitalize()} {self.strength:.2f} and {side['strain']} {self.strain:.2f} "
                     f"against thresholds {ts:.2f} and {tt:.2f}; the nearest boundary is {self.margin:.2f} away, on "
                     f"{side[self.nearest_boundary]}.")
        tops = {kind: self.top_factors(kind) for kind in _KINDS}
        tops = {kind: ids[0] for kind, ids in tops.items() if ids and self.contributions[ids[0]] > 0}
        if len(tops) == 2:
            words.append(f"{side['strength'].capitalize()} rests most on {label(tops['strength'])} and "
                         f"{side['strain']} on {label(tops['strain'])}.")
        elif tops:
            (kind, fid), = tops.items()
            other = "strain" if kind == "strength" else "strength"
            words.append(f"{side[kind].capitalize()} rests most on {label(fid)}; no {side[other]} factor counts at all.")
        else:
            words.append("No factor counts at all.")
        if self.before is not None and self.change is not None:
            event = case.reference.label if case is not None and case.reference is not None else "the reference event"
            moved = " and ".join(f"{side[kind]} {'rose' if delta > 0 else 'fell' if delta < 0 else 'stayed'} "
                                 f"by {abs(delta):.2f}" if delta else f"{side[kind]} stayed the same"
                                 for kind, delta in zip(_KINDS, self.change, strict=True))
            words.append(f"Compared with before {event} (only the factors the text dates earlier), {moved}.")
        return " ".join(words)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy of every field (for save files).

        >>> from entente_lab import load_case
        >>> import json
        >>> data = assess(load_case()).to_dict()
        >>> data["region"], json.loads(json.dumps(data)) == data
        ('both-high', True)
        """
        return {
            "case_id": self.case_id, "strength": self.strength, "strain": self.strain, "region": self.region,
            "margin": self.margin, "thresholds": list(self.thresholds), "months": self.months,
            "evidence_trust": dict(self.evidence_trust), "weights": dict(self.weights),
            "effective_weights": dict(self.effective_weights), "contributions": dict(self.contributions),
            "kinds": dict(self.kinds), "before": None if self.before is None else list(self.before),
        }


def assess(case: Case, weights: Mapping[str, float] | None = None, *,
           evidence_trust: Mapping[str, float] | None = None, months: float | None = None,
           thresholds: Sequence[float] = (0.5, 0.5)) -> Assessment:
    r"""Score a weighting of the case's factors and place it on the strength-strain plane.

    In plain words (the paragraph the notebooks give students): each factor's weight
    says how much it counts, from 0 (not at all) to 1 (fully). Each side's score adds up
    the weights of its factors and divides by the number of factors on that side, so it
    lies between 0 and 1. **Now**, every factor counts: a score is the average weight of
    its side. **Before the case's reference event** (when it names one), only the
    factors the text dates before that event count; the others count 0. The step from
    before to now is how much stronger and how much more strained the relationship has
    become, by the factors the text gives. Each factor is also discounted by the trust
    you place in its kind of evidence. A score at or above its threshold counts as
    high; the two highs and lows give four regions, for the point *now*.

    The duration scenario (``months``, when the case has one) runs the same rule over
    time: at 0, the reference event, only the factors dated before it count (the
    *before* point); every other factor phases in until :math:`m_0`, when the text was
    written, where it reaches its weight (the *now* point); after :math:`m_0` only the
    duration-linked factors keep growing.

    As a formula, for factor :math:`i` with weight :math:`w_i`, trust :math:`t_i` in its
    evidence type, and :math:`m` on the scenario's clock (:math:`m_0` its reference):

    .. math::

        e_i = t_i \left(1 - (1 - w_i)^{x_i}\right), \qquad x_i = \begin{cases}
              1 & \text{no } m \text{ given, or } i \text{ dated before the reference event} \\
              m / m_0 & i \text{ duration-linked} \\
              \min(m, m_0) / m_0 & \text{otherwise}
              \end{cases}

        S = \frac{1}{n_S} \sum_{i \in \text{strength}} e_i, \qquad
        T = \frac{1}{n_T} \sum_{i \in \text{strain}} e_i, \qquad
        S_\text{before} = \frac{1}{n_S} \sum_{i \in \text{strength, dated before}} t_i w_i

    (:math:`x_i = 1` gives :math:`e_i = t_i w_i`.) Region: :math:`S \ge t_S, T \ge t_T`
    ``both-high``; :math:`S \ge t_S, T < t_T` ``strength-high``; :math:`S < t_S, T \ge t_T`
    ``strain-high``; otherwise ``both-low`` (the case names each region). The scoring,
    the scenario's rule and the trust discount are **the package's model, not the
    authors'**.

    Parameters
    ----------
    case : Case
        The loaded case.
    weights : mapping of str to float, optional
        Factor id to weight in [0, 1]. Missing ids take the factor's ``default_weight``;
        ``None`` means all defaults. The mapping is read, never changed.
    evidence_trust : mapping of str to float, optional
        Evidence type (``"observed"``, ``"hypothesis"``, ``"cited"``) to a trust in [0, 1]
        that multiplies the weight of every factor of that type; missing types are 1.0.
    months : float, optional
        The duration scenario's clock, in the case's ``scenario.unit`` (finite, >= 0);
        ``None`` (default) leaves the weights as when the text was written.
    thresholds : pair of float
        ``(strength threshold, strain threshold)``, each in (0, 1). Default ``(0.5, 0.5)``.

    Returns
    -------
    Assessment

    Raises
    ------
    ModelError
        (a ``ValueError``) for an unknown factor id or evidence type (with the closest
        known one and the full list), or a weight, trust, months or threshold that is
        not a finite number in range (booleans are not numbers here); the message names
        the factor or option and the value.
    TypeError
        If ``weights`` or ``evidence_trust`` is not a mapping.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> a = assess(case)
    >>> a.region, round(a.strength, 3), round(a.strain, 3)
    ('both-high', 0.6, 0.62)
    >>> [round(v, 2) for v in a.before]  # only what the text dates before the reference event
    [0.0, 0.2]
    >>> start = assess(case, months=0)  # the scenario at its start is the before point
    >>> (start.strength, start.strain) == a.before
    True
    >>> then = assess(case, months=case.scenario.reference)  # when the text was written: the now point
    >>> (round(then.strength, 12), round(then.strain, 12)) == (round(a.strength, 12), round(a.strain, 12))
    True
    >>> linked = next(f.id for f in case.factors if f.duration_linked)
    >>> assess(case, {linked: 1.0}).effective_weights[linked]
    1.0
    >>> assess(case, {linked: 0.7}, months=0).effective_weights[linked]
    0.0
    >>> twice = 2 * case.scenario.reference
    >>> round(assess(case, {linked: 0.5}, months=twice).effective_weights[linked], 4)
    0.75
    >>> guess = next(f for f in case.factors if f.evidence == "hypothesis")
    >>> assess(case, evidence_trust={"hypothesis": 0.5}).effective_weights[guess.id] == guess.default_weight / 2
    True
    >>> assess(case, {"no-such-factor": 0.9})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: unknown factor 'no-such-factor'; known factors: ...
    >>> assess(case, {case.factors[0].id: float("nan")})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: the weight of factor '...' is nan; give a finite number in [0, 1]
    """
    complete = complete_weights(case, weights)
    options = _options(evidence_trust, months, thresholds)
    _check_cases_sides(case)
    layout = _layout(case, options.trust)
    row = np.array([list(complete.values())], dtype=float)
    strength_arr, strain_arr, codes, effective = _score(row, layout, options)
    strength, strain = float(strength_arr[0]), float(strain_arr[0])
    before = None
    if case.reference_event is not None:
        dated = row * layout.trust * layout.before
        before = (float(_side_mean(dated, layout.strength)[0]), float(_side_mean(dated, layout.strain)[0]))
    ts, tt = options.thresholds
    counts = {"strength": len(layout.strength), "strain": len(layout.strain)}
    kinds = {f.id: f.kind for f in case.factors}
    eff = {fid: float(value) for fid, value in zip(layout.ids, effective[0], strict=True)}
    return Assessment(
        strength=strength, strain=strain, region=REGIONS[int(codes[0])],
        margin=min(abs(strength - ts), abs(strain - tt)),
        contributions={fid: value / counts[kinds[fid]] for fid, value in eff.items()},
        weights=complete, effective_weights=eff, thresholds=options.thresholds, months=options.months,
        evidence_trust=options.trust, case_id=case.id, kinds=kinds, before=before,
    )


def effective_weights(case: Case, weights: Mapping[str, float] | None = None, *,
                      evidence_trust: Mapping[str, float] | None = None,
                      months: float | None = None) -> dict[str, float]:
    """Each factor's weight after the duration rule and the evidence trust (see :func:`assess`).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> eff = effective_weights(case, months=0)
    >>> {eff[f.id] for f in case.factors if f.duration_linked}
    {0.0}
    """
    return assess(case, weights, evidence_trust=evidence_trust, months=months).effective_weights


def preset_weights(case: Case, preset_id: str) -> dict[str, float]:
    """The complete weights of one of the case's presets, as a fresh ``dict`` in case order.

    Raises
    ------
    ModelError
        If the case has no such preset (with the closest id and the list).

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> preset = case.presets[1]
    >>> preset_weights(case, preset.id) == {f.id: preset.weights[f.id] for f in case.factors}
    True
    >>> preset_weights(case, "no-such-preset")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    entente_lab.analysis.model.ModelError: unknown preset 'no-such-preset'...; known presets: ...
    """
    ids = [p.id for p in case.presets]
    if preset_id not in ids:
        raise ModelError(f"unknown preset {preset_id!r}{did_you_mean(preset_id, ids)}; "
                         f"known presets: {', '.join(ids) or 'none'}")
    weights = case.preset(preset_id).weights
    return {f.id: float(weights.get(f.id, f.default_weight)) for f in case.factors}
