"""Builders for dashboard tests: published releases with observations, whole data sets."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from indicators import models
from missions.models import Mission
from tests import factories

_users = itertools.count(1)


def _approver() -> Any:
    return get_user_model().objects.create_user(username=f"approver-{next(_users)}")


def published_release(
    *,
    indicator: models.Indicator,
    rows: Sequence[dict[str, Any]],
    publish_at: dt.datetime | None = None,
    status: str = models.Release.Status.PUBLISHED,
    **kw: Any,
) -> models.Release:
    """A release holding ``rows`` (Observation field dicts), then moved to ``status``.

    Observations are added while it is a draft: the database refuses them afterwards. It has
    an uploader, who is not its approver (the four-eyes rule), even as a draft.
    """
    kw.setdefault("uploaded_by", factories.uploader())
    release = factories.release(indicator=indicator, **kw)
    models.Observation.objects.bulk_create(
        [
            models.Observation(
                release=release,
                characteristic_a_id=row["group_a"].characteristic_id
                if row.get("group_a")
                else None,
                characteristic_b_id=row["group_b"].characteristic_id
                if row.get("group_b")
                else None,
                **row,
            )
            for row in rows
        ]
    )
    if status != models.Release.Status.DRAFT:
        release.status = status
        release.approved_by = _approver()
        release.approved_at = timezone.now()
        release.publish_at = publish_at or timezone.now() - dt.timedelta(days=1)
        release.row_count = len(rows)
        release.save()
    return release


def link(
    indicator: models.Indicator,
    characteristic: models.Characteristic,
    reference: models.Group | None = None,
) -> None:
    models.IndicatorCharacteristic.objects.create(
        indicator=indicator, characteristic=characteristic, reference_group=reference
    )


def two_groups(
    *, groups: tuple[str, str], **indicator: Any
) -> tuple[models.Indicator, models.Group, models.Group]:
    """A new indicator (``indicator`` are its fields) broken down by a new characteristic of
    two ``groups``: the indicator, the first group (the reference) and the second."""
    made = factories.indicator(**indicator)
    characteristic = factories.characteristic(groups=list(groups))
    link(made, characteristic)
    reference, other = characteristic.groups.order_by("display_order")
    return made, reference, other


def mission_with_outcome(*indicators: models.Indicator, **outcome: Any) -> Mission:
    """The opportunity mission with one complex outcome of ``indicators``; ``outcome`` sets
    the outcome's fields (a new department leads it unless ``lead_department`` is given)."""
    mission = Mission.objects.create(slug="opportunity", title="Break down barriers to opportunity")
    defaults: dict[str, Any] = {
        "slug": "early-years",
        "title": "Every child ready to learn",
        "area": models.Indicator.Area.EDUCATION,
    }
    if "lead_department" not in outcome:
        outcome["lead_department"] = factories.department()
    mission.outcomes.create(**(defaults | outcome)).indicators.add(*indicators)
    return mission


REGIONS = [
    ("E92000001", "England", models.Geography.Level.COUNTRY),
    ("E12000001", "North East", models.Geography.Level.REGION),
    ("E12000002", "North West", models.Geography.Level.REGION),
    ("E12000003", "Yorkshire and The Humber", models.Geography.Level.REGION),
    ("E12000004", "East Midlands", models.Geography.Level.REGION),
]


@dataclass
class DataSet:
    indicator: models.Indicator
    characteristic: models.Characteristic
    groups: list[models.Group]
    geographies: list[models.Geography]
    periods: list[models.Period]
    releases: list[models.Release]


def data_set(
    *,
    groups: int = 3,
    periods: int = 3,
    geographies: int = 1,
    releases: int = 1,
    ordered: bool = False,  # quantiles: an ordered socio-economic characteristic
    indicator: models.Indicator | None = None,
    characteristic: models.Characteristic | None = None,
    value: Any = None,
) -> DataSet:
    """An indicator with ``releases`` published releases of groups × periods × places values.

    Values default to ``10 + group index + period index / 10 + release index / 100`` with limits
    ± 1, so tests can work out any cell; pass ``value(group, period, place, release)`` to choose.
    """
    indicator = indicator or factories.indicator()
    characteristic = characteristic or factories.characteristic(
        groups=[f"Group {i + 1}" for i in range(groups)],
        is_ordered=ordered,
        kind=models.Characteristic.Kind.SOCIO_ECONOMIC
        if ordered
        else models.Characteristic.Kind.PROTECTED,
    )
    link(indicator, characteristic)
    group_list = list(characteristic.groups.order_by("display_order"))
    places = [
        factories.geography(code=code, name=name, level=level)
        for code, name, level in REGIONS[:geographies]
    ]
    period_list = [factories.period(2000 + i) for i in range(periods)]
    made = []
    for r in range(releases):
        rows = []
        for (gi, group), (pi, period), (_, place) in itertools.product(
            enumerate(group_list), enumerate(period_list), enumerate(places)
        ):
            v = value(gi, pi, place, r) if value else 10 + gi + pi / 10 + r / 100
            rows.append(
                {
                    "group_a": group,
                    "period": period,
                    "geography": place,
                    "value": v,
                    "lower": v - 1,
                    "upper": v + 1,
                    "denominator": 1000,
                }
            )
        made.append(
            published_release(
                indicator=indicator,
                rows=rows,
                publish_at=timezone.now() - dt.timedelta(days=100 - r),
                status=models.Release.Status.PUBLISHED
                if r == releases - 1
                else models.Release.Status.SUPERSEDED,
                note=f"Release {r + 1}",
                reason="Corrected values" if r else "",
            )
        )
    return DataSet(indicator, characteristic, group_list, places, period_list, made)
