"""The list of indicators, filtered by area, mission, characteristic and words in the title."""

from __future__ import annotations

from typing import Any

from indicators import selectors
from indicators.models import Indicator
from missions import selectors as mission_selectors


def list_context(*, area: str, mission: str, characteristic: str, search: str) -> dict[str, Any]:
    """The page's context: the indicators that match and the choices of each filter (six
    queries). An unknown area is no filter; an unknown mission or characteristic matches none.
    """
    indicators = selectors.indicator_list(
        area=area if area in Indicator.Area.values else "",
        characteristic=characteristic,
        search=search,
        within=mission_selectors.mission_indicators(slug=mission) if mission else None,
    )
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
