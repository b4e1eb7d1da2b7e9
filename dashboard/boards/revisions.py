"""Revisions published after a review's date, noted beside the figures they revise.

A review opened a year later shows what the board saw; ``revisions_note`` then says, beside
each figure, what a later release gives for the same period, place and group ("Revised on 3
March 2027 to 12.4%"), never applying it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils import timezone

from dashboard.boards import analysis
from dashboard.boards.changes import shown_figures
from dashboard.boards.data import Figure, ReleaseRef, ReviewData
from dashboard.formatting import Units
from indicators.models import Release
from missions import selectors as mission_selectors


def revisions_note(data: ReviewData, *, now: dt.datetime | None = None) -> int:
    """Note beside every figure of ``data`` each later revision of it: the value a release
    published after the review's date gives for the same period, place and group, when it
    differs. Never changes a figure. Two queries; returns how many figures were revised."""
    as_at = dt.datetime.fromisoformat(data.as_at)
    indicators = {i.id: i for i in data.indicators()}
    later = mission_selectors.release_published_list(
        indicator_ids=list(indicators), after=as_at, at=now
    )
    if not later:
        return 0
    figures = _figures(data)
    places = {int(key.split(":")[3]) for key in figures}
    rows = mission_selectors.board_observations(
        release_ids=[r.pk for r in later], geography_ids=places
    )
    values = {
        (
            int(r["release_id"]),
            int(r["period_id"]),
            int(r["geography_id"]),
            analysis.group_id_of(r["group_id"]),
        ): r["value"]
        for r in rows[["release_id", "period_id", "geography_id", "group_id", "value"]].to_dict(
            "records"
        )
    }
    by_indicator: dict[int, list[Release]] = {}
    for release in later:
        by_indicator.setdefault(release.indicator_id, []).append(release)
    revised = 0
    for key, shown in figures.items():
        parts = [int(p) for p in key.split(":")[1:]]
        indicator = indicators[parts[0]]
        units = Units(unit=indicator.unit, decimal_places=indicator.decimal_places)
        notes = _history(
            key,
            parts,
            shown,
            releases=by_indicator.get(parts[0], []),
            values=values,
            units=units,
        )
        if notes:
            revised += 1
            for target in _holders(data, key):
                target.revisions = notes
    return revised


def _figures(data: ReviewData) -> dict[str, Figure | None]:
    """Every figure key the review shows → its frozen figure (gaps by their own key)."""
    found: dict[str, Figure | None] = {}
    for indicator in data.indicators():
        for _, figure in shown_figures(indicator):
            found[figure.key] = figure
        for gap in indicator.gaps:
            found[gap.key] = Figure(gap.key, gap.period, gap.difference)
    return found


def _holders(data: ReviewData, key: str) -> Iterable[Any]:
    for indicator in data.indicators():
        if indicator.headline and indicator.headline.key == key:
            yield indicator.headline
        for gap in indicator.gaps:
            if gap.value.key == key:
                yield gap.value
            if gap.reference_value.key == key:
                yield gap.reference_value
            if gap.key == key:
                yield gap
        for target in indicator.targets:
            for figure in (target.baseline, target.latest):
                if figure is not None and figure.key == key:
                    yield figure


def _history(
    key: str,
    parts: list[int],
    shown: Figure | None,
    *,
    releases: Sequence[Release],
    values: Mapping[tuple[int, int, int, int], float],
    units: Units,
) -> list[str]:
    """ "Revised on 3 March 2027 to 12.4%" for each later release that changed the figure."""
    if shown is None or shown.value is None:
        return []
    is_gap = key.startswith("g:")
    write = units.difference if is_gap else units.value
    last = write(shown.value)
    notes = []
    for release in releases:
        _, period, place, group = parts[:4]
        value = values.get((release.pk, period, place, group))
        if is_gap:
            reference = values.get((release.pk, period, place, parts[4]))
            value = None if value is None or reference is None else value - reference
        if value is None or math.isnan(value):
            continue
        text = write(value)
        if text != last:
            published = timezone.localtime(release.publish_at)
            notes.append(f"Revised on {analysis.date_text(published)} to {text}")
            last = text
    return notes


def release_refs(releases: Iterable[Release]) -> list[ReleaseRef]:
    return [analysis.release_ref(r) for r in releases]
