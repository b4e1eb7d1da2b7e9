"""What the two characteristic pages read and show: the list and one characteristic."""

from __future__ import annotations

from typing import Any

from dashboard import national
from dashboard.characteristic_page.coverage import coverage_rows
from dashboard.characteristic_page.heat import heat_table
from dashboard.characteristic_page.measures import summary_table
from indicators import selectors


def list_context() -> dict[str, Any]:
    """The list of characteristics: which indicators have data for which (four queries)."""
    characteristics = selectors.characteristic_list()
    return {
        "characteristics": characteristics,
        "rows": coverage_rows(
            indicators=selectors.indicator_list(),
            characteristics=characteristics,
            with_data=selectors.coverage_matrix(),
        ),
    }


def detail_context(*, slug: str, sort: str, level: str) -> dict[str, Any] | None:
    """One characteristic's heat table (six queries); None when there is no such
    characteristic. ``sort`` and ``level`` are as :func:`heat_table` takes them."""
    characteristic = selectors.characteristic_get(slug=slug)
    if characteristic is None:
        return None
    indicators = selectors.indicator_list(characteristic=slug)
    _, gaps = national.national_frames(indicators=indicators, characteristic_id=characteristic.pk)
    table = heat_table(
        indicators=indicators,
        groups=list(characteristic.groups.all()),
        gaps=gaps,
        level=level,
        sort=sort,
    )
    return {
        "characteristic": characteristic,
        "table": table,
        "summary": summary_table(
            characteristic=characteristic, indicators=indicators, groups=table.groups, gaps=gaps
        ),
        "sort": sort if sort in {g.slug for g in table.groups} else "",
        "has_synthetic": any(i.current_is_synthetic for i in indicators),  # type: ignore[attr-defined]
    }
