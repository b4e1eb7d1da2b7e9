"""Everything the indicator page reads, in one call.

:func:`indicator_page_data` makes seven queries whatever the number of groups, places, periods
and releases (eight with a cross breakdown): the indicator, its release history, its
breakdowns (two), what the current release covers, its targets, and the observations shown;
an indicator with targets adds two (the figures and reference groups their status is computed
from, in the same release). A release of
local authorities only adds two (the authorities' wider areas, and every authority's figures,
from which those areas' figures are calculated; see ``places``), and needs the observations
query only when an authority is shown. The rest of this package computes from the
:class:`IndicatorPageData` it returns, without a query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

from dashboard.boards.data import TargetRow
from dashboard.boards.targets import indicator_targets
from dashboard.indicator_page import places
from dashboard.indicator_page.filters import Filters, Requested, clean
from indicators import selectors
from indicators.models import Indicator, Release


@dataclass(frozen=True)
class IndicatorBasics:
    """What the page shows of the indicator whatever the filters: the indicator, its releases,
    its breakdowns and what its current release covers; and the filters cleaned against them.
    """

    indicator: Indicator
    #: The public release history, withdrawn releases included (see ``release_history``).
    history: list[selectors.HistoryEntry]
    current: Release
    breakdowns: list[selectors.Breakdown]
    coverage: selectors.Coverage
    filters: Filters
    #: Every target on the indicator, its status computed by ``stats.progress`` from the
    #: current release (the one the page shows).
    targets: list[TargetRow]

    def basics(self) -> dict[str, Any]:
        """These fields by name, for a dataclass built on them."""
        return {f.name: getattr(self, f.name) for f in fields(IndicatorBasics)}


@dataclass(frozen=True)
class IndicatorPageData(IndicatorBasics):
    """Everything the page reads."""

    #: The current release's rows for the filters' breakdown, places and periods (every group
    #: of the breakdown), each ``revised`` or not against the previous visible release; None
    #: when the filters leave nothing to show.
    observations: pd.DataFrame | None = None
    #: The current release's rows of the breakdown crossed with ``filters.cross``, in the
    #: first place shown; None without a cross breakdown.
    cross_observations: pd.DataFrame | None = None


def indicator_page_data(
    *, slug: str, asked: Requested, at: dt.datetime | None = None
) -> IndicatorPageData | None:
    """What the page for the indicator ``slug`` shows as ``asked``; None when the indicator
    does not exist or has no release the public may see. ``at``: as the public will see it
    then (an embargo preview, ``dashboard.preview``); None is now."""
    indicator = selectors.indicator_get(slug=slug, at=at)
    if indicator is None:
        return None
    history = selectors.release_history(indicator=indicator, at=at)
    releases = selectors.release_visible_from_history(history=history)
    current = selectors.release_current(releases=releases)
    assert current is not None, "indicator_get only returns indicators with a visible release"
    previous = selectors.release_previous(releases=releases)
    breakdowns = selectors.indicator_breakdown_list(indicator=indicator)
    coverage = selectors.release_coverage(release=current)
    filters = clean(asked, breakdowns=breakdowns, coverage=coverage, indicator=indicator)
    release_ids = [r.pk for r in (current, previous) if r is not None]
    calculated = None
    if filters.breakdown is not None and places.calculable(indicator, coverage):
        parents = selectors.local_authority_parents()
        calculated = selectors.calculated_area_frame(
            release_ids=release_ids,
            characteristic_id=filters.characteristic_id,
            areas=parents.parents,
        )
        coverage = places.with_calculated(
            coverage,
            calculated,
            areas=parents.areas,
            release_id=current.pk,
            characteristic_id=filters.characteristic_id,
        )
        filters = clean(asked, breakdowns=breakdowns, coverage=coverage, indicator=indicator)
    targets = indicator_targets(indicator=indicator, release=current)
    data = IndicatorPageData(indicator, history, current, breakdowns, coverage, filters, targets)
    if filters.breakdown is None or not filters.periods:
        return data
    geography_ids = [g.pk for g in filters.geographies]
    period_ids = [p.pk for p in filters.periods]
    read_ids = [i for i in geography_ids if i not in coverage.calculated_geography_ids]
    frame = (
        selectors.observation_frame(
            release_ids=release_ids,
            characteristic_id=filters.characteristic_id,
            geography_ids=read_ids,
            period_ids=period_ids,
        )
        if read_ids
        else _no_observations()
    ).assign(calculated=False)
    if calculated is not None:
        wanted = calculated["geography_id"].isin(geography_ids)
        shown = calculated[wanted & calculated["period_id"].isin(period_ids)]
        frame = pd.concat([frame, shown], ignore_index=True) if not shown.empty else frame
        frame["calculated"] = frame["calculated"].astype(bool)
    observations = selectors.with_revisions(
        frame, current_id=current.pk, previous_id=previous.pk if previous else None
    )
    cross = None
    if filters.cross is not None:
        cross = selectors.observation_frame(
            release_ids=[current.pk],
            characteristic_id=filters.characteristic_id,
            cross_characteristic_id=filters.cross.characteristic.pk,
            geography_ids=geography_ids[:1],
            period_ids=period_ids,
        )
    return replace(data, observations=observations, cross_observations=cross)


def _no_observations() -> pd.DataFrame:
    """An observation frame without rows."""
    return pd.DataFrame(columns=selectors.OBSERVATION_COLUMNS).astype(
        dict.fromkeys(selectors.FLOAT_COLUMNS, "float64")
    )
