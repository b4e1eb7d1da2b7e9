"""Every indicator page of the demo data, in every breakdown and every gap measure, writes its
summary by the sentence rules of issue #9: it names its place and period, is never about an
"Unknown", "Other" or "Not known" group, says how the gap (or the value) compares with the
earliest period shown, and no heading says "by X by X" or runs from a period to itself."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client

from dashboard.indicator_page import indicator_view, requested
from dashboard.indicator_page.view import IndicatorView
from indicators.models import Indicator

pytestmark = pytest.mark.django_db

_RESIDUAL = re.compile(r"\b(unknown|not known)\b|\bfor (the )?(other|any other)\b", re.I)
_REPEATED_BY = re.compile(r"\bby ([\w ]+?) by \1\b", re.I)
_SELF_RANGE = re.compile(r"(?<![\w/-])(\d{4}(?:[/-]\d{2})?(?: Q\d)?) to \1(?![\w/-])")


def _problems(view: IndicatorView, where: str) -> list[str]:
    summary = view.summary
    if not summary:
        return [f"{where}: no summary"]
    found = []
    place = view.filters.geographies[0].name
    latest = [row["period"] for row in view.table if row["value"]]
    opening = re.match(r"In (.+?) in (?:the )?(.+?), ", summary)
    if not opening or not latest or opening.group(1) != latest[-1]:
        found.append(f"{where}: does not open on the latest period: {summary}")
    elif not opening.group(2).startswith(place):
        found.append(f"{where}: does not name its place ({place}): {summary}")
    if _RESIDUAL.search(summary):
        found.append(f"{where}: about a residual group: {summary}")
    for text in [summary, *(c.title for c in view.charts), view.table_title, view.coverage_span]:
        if _REPEATED_BY.search(text) or _SELF_RANGE.search(text):
            found.append(f"{where}: reads badly: {text}")
    with_gap = list(dict.fromkeys(row["period"] for row in view.table if any(row["gaps"])))
    valued = list(dict.fromkeys(latest))
    compared = with_gap if view.gap_columns and with_gap else valued
    if len(compared) > 1:
        earlier = [p for p in compared[:-1] if p in summary]
        said = re.search(r"\b(between|also|other way round|up from|down from|same as)\b", summary)
        if not earlier or not said:
            found.append(f"{where}: says nothing of the earliest period's figure: {summary}")
    return found


def test_every_demo_page_summary_follows_the_sentence_rules(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open(tmp_path / "load_demo.log", "w"))  # noqa: SIM115
    problems: list[str] = []
    pages = 0
    for slug in Indicator.objects.order_by("slug").values_list("slug", flat=True):
        default = indicator_view(slug=slug, asked=requested(QueryDict()))
        if default is None:
            continue
        for breakdown in default.filters.breakdown_options:
            query = f"characteristic={breakdown.characteristic.slug}"
            measures = default.filters.measure_options if breakdown.reference else {"value": ""}
            for measure in measures:
                view = indicator_view(
                    slug=slug, asked=requested(QueryDict(f"{query}&measure={measure}"))
                )
                assert view is not None
                pages += 1
                problems += _problems(view, f"{slug}?{query}&measure={measure}")

    assert pages > 100
    assert problems == []


def test_demo_page_headings_read_as_english(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open(tmp_path / "load_demo.log", "w"))  # noqa: SIM115
    client = Client()
    bad = []
    for slug in Indicator.objects.order_by("slug").values_list("slug", flat=True):
        page = client.get(f"/indicators/{slug}/").content.decode()
        headings = re.findall(r"<(h1|h2|h3|caption|dd)[^>]*>(.*?)</\1>", page, re.S)
        for _, text in headings:
            plain = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
            plain = " ".join(plain.split())
            if _REPEATED_BY.search(plain) or _SELF_RANGE.search(plain):
                bad.append(f"{slug}: {plain}")

    assert bad == []
