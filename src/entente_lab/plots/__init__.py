"""Figures: each takes ``ax=None``, draws, returns handles an update can move, never shows.

Every figure has a companion ``*_summary`` function that returns one sentence saying
what the figure shows: the caption, and the text for screen readers.
Only this package and :mod:`entente_lab.widgets` import matplotlib.
"""

from .classroom import (
    class_plane_summary,
    plot_class_plane,
    plot_weight_distributions,
    weight_distributions_summary,
)
from .maps import (
    ActorNetworkArtists,
    ArgumentMapArtists,
    actor_network_summary,
    argument_map_summary,
    plot_actor_network,
    plot_argument_map,
    update_actor_network,
    update_argument_map,
)
from .plane import (
    BalanceArtists,
    PlaneArtists,
    balance_summary,
    paradox_plane_summary,
    plot_balance,
    plot_paradox_plane,
    update_balance,
    update_paradox_plane,
)
from .stress import (
    QbafComparisonArtists,
    RegionSharesArtists,
    TornadoArtists,
    plot_qbaf_comparison,
    plot_region_shares,
    plot_tornado,
    qbaf_comparison_summary,
    region_shares_summary,
    tornado_summary,
    update_qbaf_comparison,
    update_region_shares,
    update_tornado,
)
from .style import KIND_STYLE, OKABE_ITO, RELATION_STYLE, VERDICT_STYLE
from .timeline import (
    DurationArtists,
    TimelineArtists,
    duration_summary,
    plot_duration,
    plot_timeline,
    timeline_summary,
    update_duration,
)
from .trilemma import TrilemmaArtists, plot_trilemma, trilemma_summary, update_trilemma
