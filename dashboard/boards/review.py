"""A mission's quarterly review, as it stood at the end of the quarter's last day.

``review_build`` reads the mission through the one visibility rule at the quarter's end
(``at=quarter.as_at``: only releases whose publication time had passed by then) and at the
previous quarter's end, for what changed in between; about a dozen queries however many
outcomes, indicators, groups and periods. ``revisions_note`` then notes, beside each figure,
any later revision of it (never applying it): a review opened a year later shows what the
board saw, and says what has been revised since.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils import timezone

from dashboard.boards import analysis, progress
from dashboard.boards.data import (
    SCHEMA,
    Figure,
    IndicatorReview,
    OutcomeReview,
    ReleaseRef,
    ReviewData,
)
from dashboard.formatting import Units
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


@dataclass
class Frames:
    rows: pd.DataFrame
    gaps: pd.DataFrame
    directions: pd.DataFrame
    with_data: dict[int, set[int]]
    characteristics: dict[int, list[tuple[int, str]]]


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
                _add_changes(
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
        built.append(_outcome(outcome, [r for _, r in reviews], quarter=quarter))
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


# --- what changed since the previous quarter --------------------------------------------------


def _shown_figures(review: IndicatorReview) -> list[tuple[str, Figure]]:
    """Every value figure an indicator shows, with the words naming it."""
    shown: list[tuple[str, Figure]] = []
    if review.headline:
        shown.append((f"All people, {review.place}", review.headline))
    for gap in review.gaps:
        shown.append((f"{gap.group}, {gap.place}", gap.value))
        shown.append((f"{gap.reference}, {gap.place}", gap.reference_value))
    for target in review.targets:
        for figure in (target.baseline, target.latest):
            if figure is not None:
                shown.append((target.measured, figure))
    unique: dict[str, tuple[str, Figure]] = {}
    for name, figure in shown:
        unique.setdefault(figure.key, (name, figure))
    return list(unique.values())


def _add_changes(
    current: IndicatorReview,
    earlier: IndicatorReview,
    *,
    new: Sequence[Release],
    frames: Frames,
    previous_release: Release | None,
    quarter: Quarter,
) -> None:
    """New releases, revised figures, status changes and new data gaps since the previous
    quarter's end, in words."""
    since = f"since the end of {quarter.previous.label}"
    current.new_releases = [analysis.release_ref(r) for r in new]
    if current.release is None:
        return
    if previous_release is None:
        current.changes.append(f"First published on {current.release.published_text}.")
        return
    for ref in current.new_releases:
        if ref.is_correction:
            current.changes.append(
                f"Version {ref.version} published on {ref.published_text}, a correction: "
                f"{ref.reason}"
            )
        else:
            current.changes.append(
                f"Version {ref.version} published on {ref.published_text}, with new figures."
            )
    units = Units(unit=current.unit, decimal_places=current.decimal_places)
    if current.release.id != previous_release.pk:
        before = _values_by_key(frames.rows, release_id=previous_release.pk)
        for name, figure in _shown_figures(current):
            old = before.get(_value_key(figure.key))
            if figure.value is None or old is None or math.isnan(old):
                continue
            if units.value(old) != units.value(figure.value):
                current.revised.append(
                    f"{name}, {figure.period}: {figure.text} (was {units.value(old)})"
                )
        if current.revised:
            count = len(current.revised)
            current.changes.append(
                f"{count} figure{'s' if count != 1 else ''} shown here revised {since}."
            )
    was = {t.id: t for t in earlier.targets}
    for target in current.targets:
        old_target = was.get(target.id)
        if old_target is not None and old_target.status != target.status:
            current.status_changes.append(
                f"{target.statement}: {target.status_text.lower()} (was "
                f"{old_target.status_text.lower()})"
            )
    if current.status_changes:
        current.changes.append(
            f"{len(current.status_changes)} target status"
            f"{'es' if len(current.status_changes) != 1 else ''} changed {since}."
        )
    current.new_data_gaps = [g for g in current.data_gaps if g not in earlier.data_gaps]
    for name in current.new_data_gaps:
        current.changes.append(f"New data gap: no figures by {name.lower()} in this release.")


def _value_key(key: str) -> tuple[int, int, int] | None:
    parts = key.split(":")
    if parts[0] != "v":
        return None
    return int(parts[2]), int(parts[3]), int(parts[4])


def _values_by_key(
    rows: pd.DataFrame, *, release_id: int
) -> dict[tuple[int, int, int] | None, float]:
    mine = rows[rows["release_id"] == release_id]
    return {
        (int(r["period_id"]), int(r["geography_id"]), analysis.group_id_of(r["group_id"])): r[
            "value"
        ]
        for r in mine[["period_id", "geography_id", "group_id", "value"]].to_dict("records")
    }


# --- the overall picture ----------------------------------------------------------------------


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _outcome(
    outcome: ComplexOutcome, indicators: list[IndicatorReview], *, quarter: Quarter | None
) -> OutcomeReview:
    with_data = [i for i in indicators if i.release is not None]
    unpublished = [i.title for i in indicators if i.release is None]
    return OutcomeReview(
        id=outcome.pk,
        slug=outcome.slug,
        title=outcome.title,
        description=outcome.description,
        lead=outcome.lead_department.name,
        lead_slug=outcome.lead_department.slug,
        contributing=[d.name for d in outcome.contributing_departments.all()],
        contributing_slugs=[d.slug for d in outcome.contributing_departments.all()],
        picture=picture(with_data, unpublished=unpublished, quarter=quarter),
        indicators=with_data,
        unpublished=unpublished,
    )


def picture(
    indicators: Sequence[IndicatorReview], *, unpublished: Sequence[str], quarter: Quarter | None
) -> str:
    """One line: how many indicators, how the targets stand, which gaps are worse and
    widening, and (for a quarter's review) what changed since the previous quarter."""
    if not indicators:
        when = f"by {quarter.end_label}" if quarter else "yet"
        return f"No indicator of this outcome has published figures {when}."
    parts = [_plural(len(indicators), "indicator") + " with published figures"]
    if unpublished:
        parts[0] += f" ({len(unpublished)} more not yet published)"
    statuses: dict[str, int] = {}
    for indicator in indicators:
        for target in indicator.targets:
            statuses[target.status] = statuses.get(target.status, 0) + 1
    if statuses:
        listed = [(s, statuses[s]) for s in progress.STATUS_ORDER if s in statuses]
        total = sum(statuses.values())
        parts.append(
            f"{_plural(total, 'target')}: "
            + ", ".join(f"{n} {progress.STATUS_TEXT[status].lower()}" for status, n in listed)
        )
    else:
        parts.append("no targets set")
    widening = sorted({g.group for i in indicators for g in i.gaps if g.worse_and_widening})
    if widening:
        parts.append(f"gaps worse and widening for {_names(widening)}")
    else:
        parts.append("no gap listed as worse and widening")
    if quarter is not None:
        new = sum(len(i.new_releases) for i in indicators)
        revised = sum(len(i.revised) for i in indicators)
        changed = [_plural(new, "new release")] if new else []
        if revised:
            changed.append(_plural(revised, "revised figure"))
        parts.append(
            f"since {quarter.previous.label}: "
            + (" and ".join(changed) if changed else "no new data")
        )
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- revisions published after the review's date --------------------------------------------


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
        for _, figure in _shown_figures(indicator):
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
