"""The search page: everything on the dashboard that matches the words people use.

``indicators.selectors.indicator_search`` finds published indicators (full-text search over
their titles, subjects, descriptions, sources and breakdowns, with synonyms such as "FSM" →
"free school meals" and typo matching); ``missions.selectors.mission_search`` missions and
complex outcomes; ``indicators.selectors.vocabulary_search`` characteristics and groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators import selectors
from indicators.models import Characteristic, Group, Indicator
from missions import selectors as mission_selectors
from missions.models import ComplexOutcome, Mission

#: The longest query searched: the selectors cut what they are given to this.
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchResults:
    """What a search found, by kind, each list best match first."""

    query: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    outcomes: list[ComplexOutcome] = field(default_factory=list)
    characteristics: list[Characteristic] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(
            len(found)
            for found in (
                self.indicators,
                self.missions,
                self.outcomes,
                self.characteristics,
                self.groups,
            )
        )


def search_context(*, text: str) -> dict[str, SearchResults]:
    """The page's context for the query ``text`` (nothing searched when it is blank)."""
    query = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not query:
        return {"results": SearchResults()}
    missions = mission_selectors.mission_search(text=query)
    vocabulary = selectors.vocabulary_search(text=query)
    return {
        "results": SearchResults(
            query=query,
            indicators=selectors.indicator_search(text=query),
            missions=missions.missions,
            outcomes=missions.outcomes,
            characteristics=vocabulary.characteristics,
            groups=vocabulary.groups,
        )
    }
