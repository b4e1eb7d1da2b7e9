"""Small builders for test data: explicit, keyword-only, with sensible defaults."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from indicators.models import (
    Characteristic,
    Department,
    Geography,
    Group,
    Indicator,
    Observation,
    Period,
    Release,
)

_seq = itertools.count(1)


def department(**kw: Any) -> Department:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "slug": f"dept-{n}",
        "name": f"Department {n}",
        "abbreviation": f"D{n}",
    }
    return Department.objects.create(**(defaults | kw))


def characteristic(*, groups: list[str] | None = None, **kw: Any) -> Characteristic:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "slug": f"characteristic-{n}",
        "name": f"Characteristic {n}",
        "kind": Characteristic.Kind.PROTECTED,
    }
    c = Characteristic.objects.create(**(defaults | kw))
    for i, name in enumerate(groups or []):
        Group.objects.create(
            characteristic=c,
            slug=f"g{i + 1}",
            name=name,
            rank=i + 1 if c.is_ordered else None,
            is_default_reference=(i == 0),
            display_order=i,
        )
    return c


def geography(**kw: Any) -> Geography:
    defaults: dict[str, Any] = {
        "code": "E92000001",
        "name": "England",
        "level": Geography.Level.COUNTRY,
    }
    obj, _ = Geography.objects.get_or_create(code=(defaults | kw)["code"], defaults=defaults | kw)
    return obj


def period(year: int, **kw: Any) -> Period:
    defaults: dict[str, Any] = {
        "type": Period.Type.CALENDAR_YEAR,
        "start": dt.date(year, 1, 1),
        "end": dt.date(year, 12, 31),
        "label": str(year),
    }
    obj, _ = Period.objects.get_or_create(label=(defaults | kw)["label"], defaults=defaults | kw)
    return obj


def indicator(**kw: Any) -> Indicator:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "slug": f"indicator-{n}",
        "title": f"Indicator {n}",
        "area": Indicator.Area.SOCIAL_SECURITY,
        "measures": "Something measured.",
        "unit": "%",
        "measure_type": Indicator.MeasureType.PERCENTAGE,
        "polarity": Indicator.Polarity.LOWER_IS_BETTER,
        "source_publisher": "Office for National Statistics",
        "source_dataset": "A dataset",
        "statistical_status": Indicator.StatisticalStatus.OFFICIAL,
        "frequency": Indicator.Frequency.ANNUAL,
        "geography_coverage": "England",
    }
    if "owner" not in kw:
        kw["owner"] = department()
    return Indicator.objects.create(**(defaults | kw))


def uploader() -> Any:
    """A new account to upload a release: past draft, a release records its uploader."""
    return get_user_model().objects.create_user(username=f"uploader-{next(_seq)}")


def release(*, indicator: Indicator, **kw: Any) -> Release:
    n = next(_seq)
    if kw.get("status", Release.Status.DRAFT) != Release.Status.DRAFT:
        kw.setdefault("uploaded_by", uploader())
    content = kw.pop("content", f"release {n}".encode())
    version = kw.pop("version", Release.objects.filter(indicator=indicator).count() + 1)
    r = Release(
        indicator=indicator,
        version=version,
        original_filename=f"release-{n}.csv",
        sha256=hashlib.sha256(content).hexdigest(),
        **kw,
    )
    r.source_file.save(r.original_filename, ContentFile(content), save=False)
    r.save()
    return r


def observation(*, release: Release, **kw: Any) -> Observation:
    group_a = kw.get("group_a")
    group_b = kw.get("group_b")
    defaults: dict[str, Any] = {
        "period": kw.get("period") or period(2020),
        "geography": kw.get("geography") or geography(),
        "characteristic_a_id": group_a.characteristic_id if group_a else None,
        "characteristic_b_id": group_b.characteristic_id if group_b else None,
        "value": 10.0,
    }
    return Observation.objects.create(release=release, **(defaults | kw))
