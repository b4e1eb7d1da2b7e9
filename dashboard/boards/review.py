"""A mission's quarterly review, as it stood at the end of the quarter's last day.

``review_build`` reads the mission through the one visibility rule at the quarter's end
(``at=quarter.as_at``: only releases whose publication time had passed by then) and at the
previous quarter's end, for what changed in between; about a dozen queries however many
outcomes, indicators, groups and periods. What changed and each outcome's overall picture
are ``dashboard.boards.changes``'s; ``dashboard.boards.revisions.revisions_note`` then notes,
beside each figure, any later revision of it (never applying it): a review opened a year
later shows what the board saw, and says what has been revised since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from dashboard.boards import analysis
from dashboard.boards.changes import add_changes, outcome_review
from dashboard.boards.data import SCHEMA, OutcomeReview, ReviewData
from dashboard.boards.frames import Frames
from indicators import selectors
from indicators.models import Indicator, Release
from missions import selectors as mission_selectors
from missions.models import ComplexOutcome, Target
from missions.quarters import Quarter


@dataclass
class Moment:
    """The mission's indicators as the public saw them at one point in time."""

    at: dt.datetime
    releases: dict[int, Release]  # indicator id → current release


def review_build(
    *, mission_slug: str, quarter: Quarter, now: dt.datetime | None = None
) -> ReviewData | None:
    """The review of ``quarter``: the mission at ``quarter.as_at``, compared with the previous
    quarter's end. None when there is no such mission."""
    mission = mission_selectors.mission_get(slug=mission_slug, at=quarter.as_at)
    if mission is None:
        return None
    outcomes = list(mission.outcomes.all())
    built, release_ids = outcomes_build(
        outcomes, at=quarter.as_at, previous_at=quarter.previous.as_at, quarter=quarter
    )
    as_at = timezone.localtime(quarter.as_at)
    data = ReviewData(
        schema=SCHEMA,
        mission_slug=mission.slug,
        mission_title=mission.title,
        year=quarter.year,
        quarter=quarter.number,
        as_at=as_at.isoformat(),
        as_at_text=f"the end of {quarter.end_label}",
        previous_label=quarter.previous.label,
        computed_at=timezone.localtime(now or timezone.now()).isoformat(),
        outcomes=built,
        release_ids=release_ids,
    )
    data.has_synthetic = any(i.is_synthetic for i in data.indicators())
    data.has_illustrative = any(t.is_illustrative for i in data.indicators() for t in i.targets)
    return data


def outcomes_build(
    outcomes: Sequence[ComplexOutcome],
    *,
    at: dt.datetime | None,
    previous_at: dt.datetime | None,
    quarter: Quarter | None,
) -> tuple[list[OutcomeReview], list[int]]:
    """Each outcome as its indicators' releases stood at ``at`` (their ``current_release_id``
    must be annotated for ``at``, as ``mission_get(at=...)`` does), with what changed since
    ``previous_at`` when it is given; and the ids of the releases read."""
    indicators = list({i.pk: i for o in outcomes for i in o.indicators.all()}.values())
    ids = [i.pk for i in indicators]
    current_ids = {i.pk: i.current_release_id for i in indicators if i.current_release_id}  # type: ignore[attr-defined]
    previous_ids: dict[int, int] = {}
    if previous_at is not None:
        previous = mission_selectors.indicators_at(indicator_ids=ids, at=previous_at)
        previous_ids = {i.pk: i.current_release_id for i in previous if i.current_release_id}  # type: ignore[attr-defined]
    releases = {
        r.pk: r
        for r in Release.objects.filter(pk__in={*current_ids.values(), *previous_ids.values()})
    }
    now_moment = Moment(at or timezone.now(), {k: releases[v] for k, v in current_ids.items()})
    before = Moment(previous_at or now_moment.at, {k: releases[v] for k, v in previous_ids.items()})
    targets = mission_selectors.target_list(indicator_ids=ids)
    new_releases = (
        mission_selectors.release_published_list(indicator_ids=ids, after=before.at, at=at)
        if previous_at is not None
        else []
    )
    frames = frames_read(
        indicators=indicators,
        release_ids=[r.pk for r in releases.values()],
        targets=targets,
        family={r.pk for r in now_moment.releases.values()},
    )
    built: list[OutcomeReview] = []
    for outcome in outcomes:
        mine = [t for t in targets if t.outcome_id is None or t.outcome_id == outcome.pk]
        reviews = []
        for order, indicator in enumerate(outcome.indicators.all()):
            own = [t for t in mine if t.indicator_id == indicator.pk]
            current = analysis.analyse(_inputs(indicator, now_moment, frames, own))
            if previous_at is not None and quarter is not None:
                earlier = analysis.analyse(_inputs(indicator, before, frames, own))
                add_changes(
                    current,
                    earlier,
                    new=[r for r in new_releases if r.indicator_id == indicator.pk],
                    frames=frames,
                    previous_release=before.releases.get(indicator.pk),
                    quarter=quarter,
                )
            reviews.append((order, current))
        reviews.sort(
            key=lambda item: (not item[1].worse_and_widening, not item[1].off_track, item[0])
        )
        built.append(outcome_review(outcome, [r for _, r in reviews], quarter=quarter))
    return built, sorted(r.pk for r in now_moment.releases.values())


def frames_read(
    *,
    indicators: Sequence[Indicator],
    release_ids: Sequence[int],
    targets: Sequence[Target],
    family: set[int],
    with_coverage: bool = True,
) -> Frames:
    """Every row, gap and gap direction of these releases (three or five queries). Gaps of
    the releases in ``family`` are judged together for "worse and widening"."""
    rows = mission_selectors.board_observations(
        release_ids=release_ids, geography_ids={t.geography_id for t in targets}
    )
    rows = analysis.with_limits(rows, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    gaps = analysis.gap_frame(rows, references=references, indicators=indicators)
    in_family = gaps[gaps["release_id"].isin(family)] if not gaps.empty else gaps
    directions = analysis.direction_frame(
        in_family, polarities={i.pk: i.polarity for i in indicators}
    )
    if with_coverage:
        with_data = mission_selectors.release_characteristics(release_ids=release_ids)
        characteristics = mission_selectors.indicator_characteristic_list(
            indicator_ids=[i.pk for i in indicators]
        )
    else:
        with_data, characteristics = {}, {}
    return Frames(rows, gaps, directions, with_data, characteristics)


def inputs_for(
    indicator: Indicator, release: Release | None, frames: Frames, targets: list[Target]
) -> analysis.Inputs:
    release_id = release.pk if release else None
    rows, gaps, directions = frames.rows, frames.gaps, frames.directions
    return analysis.Inputs(
        indicator=indicator,
        release=release,
        rows=rows[rows["release_id"] == release_id] if not rows.empty else rows,
        gaps=gaps[gaps["release_id"] == release_id] if not gaps.empty else gaps,
        directions=(
            directions[directions["release_id"] == release_id]
            if not directions.empty
            else directions
        ),
        targets=targets,
        characteristics=frames.characteristics.get(indicator.pk, []),
        with_data=frames.with_data.get(release_id, set()) if release_id else set(),
    )


def _inputs(
    indicator: Indicator, moment: Moment, frames: Frames, targets: list[Target]
) -> analysis.Inputs:
    return inputs_for(indicator, moment.releases.get(indicator.pk), frames, targets)
