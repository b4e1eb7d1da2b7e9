"""What a quarterly review says beyond the figures: what changed since the previous quarter
(new releases, revised figures, status changes, new data gaps) and each outcome's one-line
overall picture. No queries here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from dashboard import verdicts
from dashboard.boards import analysis, progress
from dashboard.boards.data import Figure, IndicatorReview, OutcomeReview
from dashboard.boards.frames import Frames
from dashboard.formatting import Units
from indicators.models import Release
from missions.models import ComplexOutcome
from missions.quarters import Quarter


def shown_figures(review: IndicatorReview) -> list[tuple[str, Figure]]:
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


def add_changes(
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
        for name, figure in shown_figures(current):
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


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def outcome_review(
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
        parts.append(f"gaps worse and widening for {verdicts.and_list(widening)}")
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
