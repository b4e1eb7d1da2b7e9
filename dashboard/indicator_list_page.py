"""The list of indicators, filtered by area, mission, characteristic and the words people use
(``indicators.selectors.indicator_search``: titles, subjects, descriptions, sources and
breakdowns, with synonyms and typo matching), best match first when words are given."""

from __future__ import annotations

from typing import Any

from indicators import selectors
from indicators.models import Indicator
from missions import selectors as mission_selectors


def list_context(*, area: str, mission: str, characteristic: str, search: str) -> dict[str, Any]:
    """The page's context: the indicators that match and the choices of each filter (six
    queries; two or three more to search). An unknown area is no filter; an unknown mission or
    characteristic matches none.
    """
    within = mission_selectors.mission_indicators(slug=mission) if mission else None
    ranked: list[int] = []
    if search:
        ranked = [i.pk for i in selectors.indicator_search(text=search)]
        found = Indicator.objects.filter(pk__in=ranked)
        within = found if within is None else within.filter(pk__in=ranked)
    indicators = selectors.indicator_list(
        area=area if area in Indicator.Area.values else "",
        characteristic=characteristic,
        within=within,
    )
    if search:
        order = {pk: position for position, pk in enumerate(ranked)}
        indicators.sort(key=lambda i: order[i.pk])
    return {
        "indicators": indicators,
        "areas": Indicator.Area.choices,
        "missions": mission_selectors.mission_list(),
        "characteristics": selectors.characteristic_list(),
        "selected": {
            "area": area,
            "mission": mission,
            "characteristic": characteristic,
            "q": search,
        },
    }
