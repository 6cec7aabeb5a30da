"""A demonstration class: varied submission files, so the class dashboard can be tried before a real class.

The weightings are random draws around the case's presets (seeded, reproducible);
the names are pseudonyms. Nothing here pretends to be real students' work.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..analysis.model import REGIONS, assess
from ..case.records import Case
from .submissions import save_weighting

__all__ = ["demo_class"]


def demo_class(case: Case, folder: str | os.PathLike[str], *, n: int = 24, seed: int = 0) -> list[Path]:
    """Save ``n`` demonstration submissions into ``folder``; returns their paths.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case
    >>> paths = demo_class(load_case(), tempfile.mkdtemp(), n=3)
    >>> len(paths), all(p.suffix == ".json" for p in paths)
    (3, True)
    """
    if n < 1:
        raise ValueError(f"n is {n}; a demonstration class needs at least one student")
    rng = np.random.default_rng(seed)
    presets = list(case.presets)
    paths = []
    for number in range(1, n + 1):
        preset = presets[int(rng.integers(len(presets)))]
        weights = {fid: float(np.clip(w + rng.normal(0, 0.15), 0, 1).round(2)) for fid, w in preset.weights.items()}
        predicted = REGIONS[int(rng.integers(len(REGIONS)))]
        verdict = case.region_label(assess(case, weights).region)
        paths.append(save_weighting(
            case, weights, name=f"Demo student {number:02d}", folder=folder,
            prediction=predicted,
            verdict_text=f"(Demonstration) My weighting lands in {verdict}, starting from {preset.label}."))
    return paths
