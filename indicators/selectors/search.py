"""Search by the words people use: PostgreSQL full-text search, synonyms, trigram for typos.

A query is matched as typed and, for each synonym term it contains ("FSM", "child poverty"),
as the synonym's expansion too ("free school meals", "poverty age"): any of these finds.
Indicators are matched on their weighted search vector (title, subject, description, source,
characteristics and groups; see ``services.indicator_search_refresh``) and ranked; when the
words find nothing, a trigram match on the title catches typos ("povrety"). Characteristics
and groups are matched by name. Every match uses a GIN index.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import F, QuerySet

from indicators.models import Characteristic, Group, Indicator, SearchSynonym

MAX_QUERY_LENGTH = 200
_M = TypeVar("_M", bound=models.Model)


def search_queries(text: str) -> list[str]:
    """The query as typed, then each synonym expansion it calls for (one query)."""
    cleaned = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not cleaned:
        return []
    lowered = cleaned.lower()
    expansions = [
        re.sub(rf"\b{re.escape(term)}\b", expansion, lowered)
        for term, expansion in SearchSynonym.objects.values_list("term", "expansion")
        if re.search(rf"\b{re.escape(term)}\b", lowered)
    ]
    return [cleaned, *dict.fromkeys(e for e in expansions if e != lowered)]


def search_query(text: str) -> SearchQuery | None:
    """The full-text query for ``text`` with its synonyms, or None for an empty one."""
    queries = search_queries(text)
    return _tsquery(queries) if queries else None


def text_matches(rows: QuerySet[_M], query: SearchQuery, *fields: str) -> QuerySet[_M]:
    """The rows whose ``fields`` match ``query`` in English full text (as their GIN index)."""
    return rows.annotate(document=SearchVector(*fields, config="english")).filter(document=query)


def _tsquery(queries: list[str]) -> SearchQuery:
    combined = SearchQuery(queries[0], search_type="websearch", config="english")
    for extra in queries[1:]:
        combined |= SearchQuery(extra, search_type="websearch", config="english")
    return combined


def indicator_search(*, text: str, at: dt.datetime | None = None) -> list[Indicator]:
    """Published indicators matching ``text``, best first (two queries, three with typos)."""
    queries = search_queries(text)
    if not queries:
        return []
    query = _tsquery(queries)
    published = Indicator.objects.published(at=at)
    found = list(
        published.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "title")
    )
    if found:
        return found
    # ``trigram_word_similar`` is pg_trgm's %> operator, which the title's trigram index serves.
    return list(
        published.filter(title__trigram_word_similar=queries[0])
        .annotate(similarity=TrigramWordSimilarity(queries[0], "title"))
        .order_by("-similarity", "title")
    )


@dataclass(frozen=True)
class VocabularyMatches:
    characteristics: list[Characteristic] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)


def vocabulary_search(*, text: str) -> VocabularyMatches:
    """Characteristics and groups whose names match ``text`` (or a synonym of it)."""
    query = search_query(text)
    if query is None:
        return VocabularyMatches()
    characteristics = text_matches(
        Characteristic.objects.all(), query, "name", "description"
    ).order_by("display_order", "name")
    groups = (
        text_matches(Group.objects.all(), query, "name")
        .select_related("characteristic")
        .order_by("characteristic__display_order", "display_order", "name")
    )
    return VocabularyMatches(list(characteristics), list(groups[:20]))
