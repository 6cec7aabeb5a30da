"""Figures: each takes ``ax=None``, draws, returns a handle an update can move, never shows.

Every ``plot_*`` function returns a :class:`FigureHandle`: ``.figure``, ``.ax``,
``.update(...)`` (moves the figure's artists in place) and ``.summary`` (one sentence
saying what the figure shows: the caption, and the text for screen readers; the
companion ``*_summary`` function gives the same sentence). Labels from the case are
fitted by one rule (:func:`fit_label`); the labels a figure shortened are in the
handle's ``full_labels``. Every word comes from the case.
Only this package and :mod:`entente_lab.widgets` import matplotlib. Each name is imported
from its module on first use (PEP 562), so ``from entente_lab.plots.classroom import ...``
does not pay for the modules it does not need (networkx, through the maps).
"""

from __future__ import annotations

from ..lazy import lazy_names

#: Module (inside this package) to the public names it provides.
_MODULES: dict[str, tuple[str, ...]] = {
    "_canvas": (
        "FigureHandle",
        "fit_label",
    ),
    "classroom": (
        "ClassPlaneArtists",
        "WeightDistributionArtists",
        "class_plane_summary",
        "plot_class_plane",
        "plot_weight_distributions",
        "weight_distributions_summary",
    ),
    "maps": (
        "ActorNetworkArtists",
        "ArgumentMapArtists",
        "actor_network_summary",
        "argument_map_summary",
        "plot_actor_network",
        "plot_argument_map",
        "update_actor_network",
        "update_argument_map",
    ),
    "plane": (
        "BalanceArtists",
        "PlaneArtists",
        "balance_summary",
        "plane_summary",
        "plot_balance",
        "plot_plane",
        "update_balance",
        "update_plane",
    ),
    "stress": (
        "QbafComparisonArtists",
        "RegionSharesArtists",
        "TornadoArtists",
        "plot_qbaf_comparison",
        "plot_region_shares",
        "plot_tornado",
        "qbaf_comparison_summary",
        "region_shares_summary",
        "tornado_summary",
        "update_qbaf_comparison",
        "update_region_shares",
        "update_tornado",
    ),
    "style": (
        "KIND_STYLE",
        "OKABE_ITO",
        "RELATION_STYLE",
        "VERDICT_STYLE",
    ),
    "timeline": (
        "DurationArtists",
        "TimelineArtists",
        "duration_summary",
        "plot_duration",
        "plot_timeline",
        "timeline_summary",
        "update_duration",
    ),
    "trilemma": (
        "TrilemmaArtists",
        "plot_trilemma",
        "trilemma_summary",
        "update_trilemma",
    ),
}

_WHERE, __getattr__, __dir__ = lazy_names(globals(), _MODULES)

__all__ = sorted(_WHERE)
