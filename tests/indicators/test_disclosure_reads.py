"""The disclosure rule on what pages, downloads and the API read; the stored data keeps all."""

from __future__ import annotations

import math

import pytest

from indicators.models import Observation
from indicators.selectors import headline_frame, observation_frame
from tests import factories
from tests.dashboard.factories import published_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def crossed():
    sex = factories.characteristic(slug="sex", name="Sex", groups=["Women", "Men"])
    disability = factories.characteristic(
        slug="disability", name="Disability", groups=["Not disabled", "Disabled"]
    )
    women, men = sex.groups.order_by("display_order")
    not_disabled, disabled = disability.groups.order_by("display_order")
    indicator = factories.indicator()
    england = factories.geography(code="K02000001", name="United Kingdom", level="uk")
    year = factories.period(2022)

    def row(numerator, denominator, a=None, b=None):
        if a is not None and b is not None and a.characteristic_id > b.characteristic_id:
            a, b = b, a
        return {
            "period": year,
            "geography": england,
            "group_a": a,
            "group_b": b,
            "value": 100 * numerator / denominator,
            "numerator": numerator,
            "denominator": denominator,
        }

    release = published_release(
        indicator=indicator,
        rows=[
            row(300, 1000),
            row(150, 500, women),
            row(150, 500, men),
            row(260, 800, not_disabled),
            row(40, 200, disabled),
            row(7, 90, women, disabled),
            row(143, 410, women, not_disabled),
            row(33, 110, men, disabled),
            row(117, 390, men, not_disabled),
        ],
    )
    return release, sex, disability


def test_a_crossed_breakdown_hides_small_cells_and_their_complements(crossed) -> None:
    release, sex, disability = crossed
    frame = observation_frame(
        release_ids=[release.pk],
        characteristic_id=sex.pk,
        cross_characteristic_id=disability.pk,
    )
    assert len(frame) == 4
    assert set(frame["marker"]) == {"c"}
    assert frame["value"].isna().all()
    assert frame["numerator"].isna().all()


def test_single_characteristic_figures_stay_when_nothing_can_be_recovered(crossed) -> None:
    release, sex, _ = crossed
    frame = observation_frame(release_ids=[release.pk], characteristic_id=sex.pk)
    assert sorted(frame["numerator"]) == [150, 150]
    assert set(frame["marker"].fillna("")) == {""}


def test_the_stored_data_is_never_changed(crossed) -> None:
    release, *_ = crossed
    stored = Observation.objects.filter(release=release, numerator=7).get()
    assert (stored.value, stored.marker) == (pytest.approx(700 / 90), "")


def test_the_rule_can_be_switched_off_per_indicator(crossed) -> None:
    release, sex, disability = crossed
    type(release.indicator).objects.filter(pk=release.indicator_id).update(
        disclosure_threshold=None
    )
    frame = observation_frame(
        release_ids=[release.pk], characteristic_id=sex.pk, cross_characteristic_id=disability.pk
    )
    assert 7 in set(frame["numerator"])


def test_headline_figures_follow_the_rule(crossed) -> None:
    release, sex, _ = crossed
    type(release.indicator).objects.filter(pk=release.indicator_id).update(disclosure_threshold=200)
    frame = headline_frame(release_ids=[release.pk], characteristic_id=sex.pk)
    # Both sexes' denominators (500) pass 200 but their numerators (150) do not.
    assert len(frame) == 2
    assert all(math.isnan(v) for v in frame["value"])
