"""Which place the page shows, and how a sentence names it.

The default place is the widest the source covers (the UK before Great Britain, a nation
before a region, a region before a local authority; ``Coverage`` lists them in that order).
A source that publishes only local authorities, with the counts behind each percentage, gets
region and England figures calculated from those counts
(``indicators.selectors.calculated_area_frame``): they are offered, and shown by default,
marked as calculated wherever they appear. Where no such figure can be made the page opens on
one local authority and says so.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from indicators import selectors
from indicators.models import Geography, Indicator

#: How a calculated figure is marked in tables, hover text, sentences and choices.
CALCULATED = "calculated from local authority figures"
#: Levels a sentence names with "the": "the United Kingdom", "the North East".
_ARTICLE_STARTS = ("North", "South", "East", "West", "United Kingdom")


def calculable(indicator: Indicator, coverage: selectors.Coverage) -> bool:
    """Whether wider areas can be calculated for this release: a percentage published for
    local authorities only (whether their counts allow it shows once they are read)."""
    return (
        indicator.is_percentage
        and bool(coverage.geographies)
        and all(g.level == Geography.Level.LOCAL_AUTHORITY for g in coverage.geographies)
    )


def with_calculated(
    coverage: selectors.Coverage,
    calculated: pd.DataFrame,
    *,
    areas: dict[int, Geography],
    release_id: int,
    characteristic_id: int | None,
) -> selectors.Coverage:
    """``coverage`` with the areas ``calculated`` has figures for in the current release
    (``release_id``), widest first, as if the release held them, and marked as calculated."""
    rows = calculated[(calculated["release_id"] == release_id) & calculated["value"].notna()]
    if rows.empty:
        return coverage
    keys = pd.DataFrame(
        {
            "characteristic_a_id": characteristic_id,
            "characteristic_b_id": None,
            "group_a_id": rows["group_a_id"].to_numpy(),
            "group_b_id": None,
            "geography_id": rows["geography_id"].astype(int).to_numpy(),
            "period_id": rows["period_id"].astype(int).to_numpy(),
        }
    ).drop_duplicates()
    ids = {int(i) for i in keys["geography_id"]}
    added = [areas[i] for i in ids if i in areas]
    return replace(
        coverage,
        geographies=sorted([*added, *coverage.geographies], key=_widest_first),
        keys=pd.concat([coverage.keys, keys], ignore_index=True),
        calculated_geography_ids=frozenset(g.pk for g in added),
    )


def _widest_first(geography: Geography) -> tuple[int, str]:
    order = selectors.LEVEL_ORDER
    return (order.get(geography.level, len(order)), geography.code)


def place_name(geography: Geography, *, calculated: bool) -> str:
    """A place as a choice or a heading names it: "England (calculated from local authority
    figures)" for a calculated one."""
    return f"{geography.name} ({CALCULATED})" if calculated else geography.name


def place_phrase(geography: Geography, *, calculated: bool) -> str:
    """A place as a sentence names it after "in": "the United Kingdom", "the North East",
    "England (calculated from local authority figures)", "Hartlepool"."""
    name = geography.name
    if geography.level in (Geography.Level.UK, Geography.Level.REGION) and name.startswith(
        _ARTICLE_STARTS
    ):
        name = f"the {name}"
    return f"{name} ({CALCULATED})" if calculated else name
