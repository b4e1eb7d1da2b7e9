"""The release calendar: what is coming (pre-announced by date only), what is overdue, and what
is new since each mission board's last signed-off review.

Scheduled releases are announced as GOV.UK's release calendar announces them: their date and
time and the indicator's title, never their data; to the public only for indicators already
public (board users and staff see every scheduled release). An indicator is overdue when its
frequency says a release was due (one period after its latest, plus four weeks' grace) and
none has come.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from dashboard.boards.analysis import date_text
from indicators.models import Indicator, Release
from missions import selectors as mission_selectors
from missions.models import ComplexOutcome, Review
from missions.quarters import LONDON, Quarter

#: Months between releases by frequency (irregular indicators are never overdue).
MONTHS = {
    Indicator.Frequency.MONTHLY: 1,
    Indicator.Frequency.QUARTERLY: 3,
    Indicator.Frequency.ANNUAL: 12,
    Indicator.Frequency.BIENNIAL: 24,
}
GRACE = dt.timedelta(days=28)
#: Dates as the GOV.UK release calendar writes them in ``Indicator.next_release``.
ANNOUNCED_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d")


def add_months(day: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


@dataclass
class Upcoming:
    when: str
    sort_key: dt.datetime
    indicator: Indicator
    is_public: bool
    kind: str  # "scheduled" (a release with its time set) or "announced" (next release text)


@dataclass
class Overdue:
    indicator: Indicator
    last: str
    due: str
    frequency: str
    announced: str


def _announced_date(text: str) -> dt.datetime | None:
    cleaned = text.split("(")[0].strip()
    for pattern in ANNOUNCED_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).replace(tzinfo=LONDON)
        except ValueError:
            continue
    return None


def calendar(*, now: dt.datetime, can_see_unpublished: bool) -> dict[str, Any]:
    """The calendar's three lists (seven queries)."""
    indicators = list(Indicator.objects.with_current_release(at=now).order_by("title"))
    public = {i.pk: i for i in indicators if i.current_release_id}  # type: ignore[attr-defined]
    scheduled = Release.objects.filter(
        status=Release.Status.PUBLISHED, publish_at__gt=now
    ).select_related("indicator")
    upcoming: list[Upcoming] = []
    for release in scheduled.order_by("publish_at"):
        is_public = release.indicator_id in public
        if not is_public and not can_see_unpublished:
            continue
        assert release.publish_at is not None
        moment = timezone.localtime(release.publish_at)
        upcoming.append(
            Upcoming(
                when=f"{date_text(moment)}, {moment:%H:%M}",
                sort_key=moment,
                indicator=release.indicator,
                is_public=is_public,
                kind="scheduled",
            )
        )
    scheduled_for = {u.indicator.pk for u in upcoming}
    undated: list[Upcoming] = []
    for indicator in public.values():
        if not indicator.next_release or indicator.pk in scheduled_for:
            continue
        day = _announced_date(indicator.next_release)
        entry = Upcoming(
            when=indicator.next_release,
            sort_key=day or now,
            indicator=indicator,
            is_public=True,
            kind="announced",
        )
        if day is None:
            undated.append(entry)
        elif day >= now - dt.timedelta(days=1):
            upcoming.append(entry)
    upcoming.sort(key=lambda u: u.sort_key)

    overdue: list[Overdue] = []
    for indicator in public.values():
        months = MONTHS.get(indicator.frequency)  # type: ignore[call-overload]
        last = indicator.current_publish_at  # type: ignore[attr-defined]
        if months is None or last is None or indicator.pk in scheduled_for:
            continue
        due = add_months(timezone.localtime(last), months)
        if due + GRACE < now:
            overdue.append(
                Overdue(
                    indicator=indicator,
                    last=date_text(timezone.localtime(last)),
                    due=date_text(due),
                    frequency=indicator.get_frequency_display().lower(),
                    announced=indicator.next_release,
                )
            )
    return {
        "upcoming": upcoming,
        "undated": undated,
        "overdue": overdue,
        "boards": _new_since_board(now=now),
        "grace_days": GRACE.days,
    }


@dataclass
class BoardNews:
    mission: Any
    review: Review | None
    quarter: Quarter | None
    releases: list[Release]


def _new_since_board(*, now: dt.datetime) -> list[BoardNews]:
    """For each mission, the releases of its indicators published since the end of the quarter
    its last signed-off review covered (four queries)."""
    missions = mission_selectors.mission_list()
    links = ComplexOutcome.indicators.through.objects.filter(
        complexoutcome__mission__in=missions
    ).values_list("complexoutcome__mission_id", "indicator_id")
    by_mission: dict[int, set[int]] = {}
    for mission_id, indicator_id in links:
        by_mission.setdefault(mission_id, set()).add(indicator_id)
    latest = mission_selectors.review_latest_signed_off(missions=missions)
    quarters = {m: Quarter(r.year, r.quarter) for m, r in latest.items()}
    earliest = min((q.as_at for q in quarters.values()), default=None)
    releases = mission_selectors.release_published_list(
        indicator_ids={i for ids in by_mission.values() for i in ids}, after=earliest, at=now
    )
    news = []
    for mission in missions:
        quarter = quarters.get(mission.pk)
        mine = [
            r
            for r in releases
            if r.indicator_id in by_mission.get(mission.pk, set())
            and (quarter is None or (r.publish_at and r.publish_at > quarter.as_at))
        ]
        news.append(
            BoardNews(
                mission=mission,
                review=latest.get(mission.pk),
                quarter=quarter,
                releases=list(reversed(mine)) if quarter else [],
            )
        )
    return news
