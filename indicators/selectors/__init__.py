"""Reads for pages, charts, mission boards and the import preview: published data only.

Every read starts from the one visibility rule (``Release.objects.visible(at=...)`` and
``current_for``; ``at=None`` means now), and a page needs a handful of queries however many
groups and periods it shows. By concern:

- ``releases``: an indicator's public release history, the latest releases, the fingerprint
  of what is visible (page caches key on it);
- ``indicators``: indicator lists and search, one indicator, its breakdowns, characteristics,
  reference groups;
- ``coverage``: what a release covers (characteristics, places, periods with values);
- ``observations``: observations and headline figures as DataFrames, revisions;
- ``search``: full-text search with synonyms and typo matching.
"""

from indicators.selectors.coverage import (
    COVERAGE_KEYS,
    LEVEL_ORDER,
    Coverage,
    coverage_matrix,
    release_coverage,
)
from indicators.selectors.indicators import (
    Breakdown,
    characteristic_get,
    characteristic_list,
    indicator_breakdown_list,
    indicator_get,
    indicator_list,
    reference_group_map,
)
from indicators.selectors.observations import (
    CALCULATED_NOTE,
    FLOAT_COLUMNS,
    HEADLINE_COLUMNS,
    OBSERVATION_COLUMNS,
    AreaParents,
    calculated_area_frame,
    headline_frame,
    local_authority_areas,
    local_authority_parents,
    observation_frame,
    with_revisions,
)
from indicators.selectors.releases import (
    HistoryEntry,
    release_current,
    release_history,
    release_latest_list,
    release_previous,
    release_visibility_fingerprint,
    release_visible_from_history,
)
from indicators.selectors.search import (
    VocabularyMatches,
    indicator_search,
    search_queries,
    search_query,
    vocabulary_search,
)

__all__ = [
    "CALCULATED_NOTE",
    "COVERAGE_KEYS",
    "FLOAT_COLUMNS",
    "HEADLINE_COLUMNS",
    "LEVEL_ORDER",
    "OBSERVATION_COLUMNS",
    "AreaParents",
    "Breakdown",
    "Coverage",
    "HistoryEntry",
    "VocabularyMatches",
    "calculated_area_frame",
    "characteristic_get",
    "characteristic_list",
    "coverage_matrix",
    "headline_frame",
    "indicator_breakdown_list",
    "indicator_get",
    "indicator_list",
    "indicator_search",
    "local_authority_areas",
    "local_authority_parents",
    "observation_frame",
    "reference_group_map",
    "release_coverage",
    "release_current",
    "release_history",
    "release_latest_list",
    "release_previous",
    "release_visibility_fingerprint",
    "release_visible_from_history",
    "search_queries",
    "search_query",
    "vocabulary_search",
    "with_revisions",
]
