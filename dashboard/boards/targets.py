"""Targets with their status, for any page: the indicator page, mission cards, departments.

``targets_by_indicator`` computes every target on some indicators from the releases the
public sees (``at=None``: now), with the same reads and rules as a quarterly review: four
queries however many indicators and targets. Show them with the partial
``dashboard/boards/_targets.html`` and draw their trajectories on a chart with
``dashboard.boards.charts.with_trajectories``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from dashboard.boards import analysis, review
from dashboard.boards.data import TargetRow
from indicators.models import Indicator, Release
from missions import selectors as mission_selectors


def targets_by_indicator(
    *,
    indicators: Sequence[Indicator],
    at: dt.datetime | None = None,
    current: Mapping[int, Release] | None = None,
) -> dict[int, list[TargetRow]]:
    """Indicator id → its targets with their status, computed from the release current at
    ``at``. A page that has read its indicators' current releases already gives them as
    ``current`` (indicator id → release), so that targets are judged on exactly the release it
    shows. Otherwise indicators annotated by ``with_current_release(at=...)`` are used as they
    are, and others are read again with it (one more query)."""
    if not indicators:
        return {}
    targets = mission_selectors.target_list(indicator_ids=[i.pk for i in indicators])
    if not targets:
        return {}
    if current is not None:
        releases = {r.pk: r for r in current.values()}
        release_of = {indicator_id: r.pk for indicator_id, r in current.items()}
    else:
        if not all(hasattr(i, "current_release_id") for i in indicators):
            indicators = mission_selectors.indicators_at(
                indicator_ids=[i.pk for i in indicators], at=at
            )
        release_of = {
            i.pk: i.current_release_id  # type: ignore[attr-defined]
            for i in indicators
            if i.current_release_id  # type: ignore[attr-defined]
        }
        releases = {r.pk: r for r in Release.objects.filter(pk__in=list(release_of.values()))}
    frames = review.frames_read(
        indicators=indicators,
        release_ids=list(releases),
        targets=targets,
        family=set(releases),
        with_coverage=False,
    )
    found: dict[int, list[TargetRow]] = {}
    for indicator in indicators:
        own = [t for t in targets if t.indicator_id == indicator.pk]
        if not own:
            continue
        release = releases.get(release_of.get(indicator.pk, 0))
        inputs = review.inputs_for(indicator, release, frames, own)
        found[indicator.pk] = headlines_first(analysis.analyse(inputs).targets)
    return found


def headlines_first(targets: Sequence[TargetRow]) -> list[TargetRow]:
    """Each target followed by the group targets under it (and theirs), otherwise in the
    order given."""
    ids = {t.id for t in targets}
    ordered: list[TargetRow] = []

    def add(target: TargetRow) -> None:
        ordered.append(target)
        for child in targets:
            if child.parent_id == target.id and child not in ordered:
                add(child)

    for target in targets:
        if target.parent_id not in ids:
            add(target)
    ordered.extend(t for t in targets if t not in ordered)  # a cycle of parents, if ever
    return ordered


def indicator_targets(
    *, indicator: Indicator, at: dt.datetime | None = None, release: Release | None = None
) -> list[TargetRow]:
    """One indicator's targets with their status (four queries, three when its current
    ``release`` is given; one when it has no target)."""
    current = {indicator.pk: release} if release is not None else None
    return targets_by_indicator(indicators=[indicator], at=at, current=current).get(
        indicator.pk, []
    )
