"""The indicator page names the confidence level its intervals carry: the release's own (90%,
95% or 99%) for the values' limits, published or calculated from counts; 95% for the gaps."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories
from tests.dashboard.factories import published_release, two_groups

pytestmark = pytest.mark.django_db


def _page(confidence: int) -> str:
    indicator, white, black = two_groups(groups=("White", "Black"))
    place, period = factories.geography(), factories.period(2023)
    figures = {
        white: {"value": 20.0, "lower": 18.0, "upper": 22.0},
        # Counts but no limits: its interval is calculated, at the release's level too.
        black: {"value": 25.0, "numerator": 250, "denominator": 1000},
    }
    rows = [{"group_a": g, "period": period, "geography": place, **f} for g, f in figures.items()]
    published_release(indicator=indicator, limits_confidence=confidence, rows=rows)
    return Client().get(f"/indicators/{indicator.slug}/").content.decode()


def test_a_90_percent_release_is_labelled_90_percent_and_its_gaps_95() -> None:
    html = _page(90)

    assert ">90% confidence interval</th>" in html
    assert "95% confidence interval</th>" not in html
    assert "Gap 95% CI</th>" in html
    assert "we calculated its 90% interval" in html
    assert "gaps are tested at 95% from the figures’ 90% intervals" in html


def test_a_95_percent_release_says_95_percent_once() -> None:
    html = _page(95)

    assert ">95% confidence interval</th>" in html
    assert "we calculated its 95% interval" in html
    assert "gaps are tested at 95% from" not in html
