"""A small mission for board tests: one outcome, one indicator broken down by disability, its
releases published at chosen times, targets, and board users.

Values (percent, lower is better) default to all people 20 − period index, disabled 30 − i,
not disabled 18 − i (so the disabled gap is 12 points, steady), each with limits ± 0.5, for
the years 2015 to 2022; a revision adds ``shift`` to every value of its latest year.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from indicators.models import Characteristic, Geography, Group, Indicator, Period, Release
from missions.models import ComplexOutcome, Mission, Target
from missions.quarters import LONDON
from missions.roles import CHAIR, SECRETARIAT, board_roles_ensure
from tests import factories
from tests.dashboard.factories import link, published_release

__all__ = ["factories", "link", "published_release"]

_users = itertools.count(1)
YEARS = list(range(2015, 2023))


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@dataclass
class Board:
    mission: Mission
    outcome: ComplexOutcome
    indicator: Indicator
    characteristic: Characteristic
    disabled: Group
    not_disabled: Group
    england: Geography
    periods: list[Period]
    releases: list[Release] = field(default_factory=list)


def value_rows(
    board: Board, *, shift: float = 0.0, years: list[int] | None = None
) -> list[dict[str, Any]]:
    rows = []
    chosen = years or YEARS
    for index, period in enumerate(board.periods):
        year = YEARS[index]
        if year not in chosen:
            continue
        bump = shift if year == chosen[-1] else 0.0
        for group, base in ((None, 20.0), (board.disabled, 30.0), (board.not_disabled, 18.0)):
            value = base - index + bump
            rows.append(
                {
                    "group_a": group,
                    "period": period,
                    "geography": board.england,
                    "value": value,
                    "lower": value - 0.5,
                    "upper": value + 0.5,
                }
            )
    return rows


def board(**indicator_fields: Any) -> Board:
    department = factories.department(
        slug="dept-lead", name="Department for Leading", abbreviation="DfL"
    )
    characteristic = factories.characteristic(
        groups=["Not disabled", "Disabled"], slug="disability-test", name="Disability (test)"
    )
    not_disabled, disabled = list(characteristic.groups.order_by("display_order"))
    indicator = factories.indicator(
        owner=department,
        title="People below a line",
        slug="below-a-line",
        primary_characteristic=characteristic,
        **indicator_fields,
    )
    link(indicator, characteristic)
    mission = Mission.objects.create(slug="test-mission", title="Test mission")
    outcome = ComplexOutcome.objects.create(
        mission=mission,
        slug="an-outcome",
        title="An outcome no department delivers alone",
        area=Indicator.Area.WORK,
        lead_department=department,
    )
    outcome.indicators.add(indicator)
    england = factories.geography()
    periods = [factories.period(year) for year in YEARS]
    return Board(
        mission, outcome, indicator, characteristic, disabled, not_disabled, england, periods
    )


def publish(
    board: Board, *, at: dt.datetime, shift: float = 0.0, years: list[int] | None = None
) -> Release:
    """A release of the board's indicator published at ``at``; earlier ones are superseded."""
    for old in board.releases:
        if old.status == Release.Status.PUBLISHED:
            Release.objects.filter(pk=old.pk).update(status=Release.Status.SUPERSEDED)
    release = published_release(
        indicator=board.indicator,
        rows=value_rows(board, shift=shift, years=years),
        publish_at=at,
        reason="Revised figures" if board.releases else "",
    )
    board.releases.append(release)
    return release


def published_board(*, at: dt.datetime, **indicator_fields: Any) -> Board:
    """A :func:`board` with its first release published at ``at``."""
    made = board(**indicator_fields)
    publish(made, at=at)
    return made


#: What a page shows of the default :func:`target`, made illustrative and on track.
ILLUSTRATIVE_TARGET_ON_TRACK = (
    "Fewer people fall below the line: 10% by 2030.",
    "On track",
    "Illustrative target — not government policy",
)


def target(board: Board, **kw: Any) -> Target:
    defaults: dict[str, Any] = {
        "indicator": board.indicator,
        "geography": board.england,
        "baseline_period": board.periods[0],
        "target_value": 10.0,
        "target_date": dt.date(2030, 12, 31),
        "owner": board.indicator.owner,
        "statement": "Fewer people fall below the line: 10% by 2030.",
    }
    return Target.objects.create(**(defaults | kw))


def targets(board: Board, count: int) -> list[Target]:
    """``count`` targets on the board's indicator, stated "Target 0", "Target 1", ..."""
    return [target(board, statement=f"Target {n}") for n in range(count)]


def headline_with_a_group_behind(board: Board, **headline: Any) -> Target:
    """A headline target on track and a group target under it off track, on the default
    values: all people 20% in 2015 to 10% by 2030 expects 15.3% by 2022 and 13.0% is
    published; disabled people 24% in 2021 to 10% by the end of 2023 expect 17% by 2022 and
    23% (22.5 at its lower limit) is published, 21% of the change."""
    parent = target(board, **headline)
    target(
        board,
        parent=parent,
        group=board.disabled,
        baseline_period=board.periods[6],
        target_value=10.0,
        target_date=dt.date(2023, 12, 31),
        statement="Disabled people: 10% by 2023.",
    )
    return parent


def user(*roles: str, **kw: Any) -> User:
    groups = board_roles_ensure()
    account = get_user_model().objects.create_user(
        username=kw.pop("username", f"user-{next(_users)}"), password="a-long-pass-phrase", **kw
    )
    for role in roles:
        account.groups.add(groups[role])
    return account


def secretariat() -> User:
    return user(SECRETARIAT, first_name="Sam", last_name="Secretary")


def chair() -> User:
    return user(CHAIR, first_name="Chris", last_name="Chair")
