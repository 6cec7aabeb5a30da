"""Figures: each takes ``ax=None``, draws, returns handles an update can move, never shows.

Every figure has a companion ``*_summary`` function that returns one sentence saying
what the figure shows: the caption, and the text for screen readers.
Only this package and :mod:`entente_lab.widgets` import matplotlib.
"""

from .style import KIND_STYLE, OKABE_ITO, RELATION_STYLE, VERDICT_STYLE

# --- paradox plane and balance (dashboard figures) ---

# --- argument map, actor network, robustness, tornado, trilemma, timeline ---

# --- classroom figures ---
