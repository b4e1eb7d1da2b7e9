"""Database constraints of the data model: each test breaks exactly one rule.

CI runs these again on Debian's PostgreSQL 15 through DATABASE_URL (.ci/postgres15.sh).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from indicators.models import Geography, Group, Observation, Period, Release
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sex():
    return factories.characteristic(slug="sex", name="Sex", groups=["Men", "Women"])


@pytest.fixture
def disability():
    return factories.characteristic(
        slug="disability", name="Disability", groups=["Not disabled", "Disabled"]
    )


@pytest.fixture
def draft():
    return factories.release(indicator=factories.indicator())


def violates(constraint: str):
    """Expect the database to refuse with the named constraint."""
    return pytest.raises(IntegrityError, match=constraint)


def test_one_observation_per_key_within_a_release(draft, sex):
    women = sex.groups.get(name="Women")
    factories.observation(release=draft, group_a=women, value=1.0)
    with violates("observation_unique_key"), transaction.atomic():
        factories.observation(release=draft, group_a=women, value=2.0)


def test_all_people_rows_are_unique_too_although_their_groups_are_null(draft):
    factories.observation(release=draft, value=1.0)
    with violates("observation_unique_key"), transaction.atomic():
        factories.observation(release=draft, value=2.0)


def test_the_same_key_may_appear_in_two_releases(draft):
    other = factories.release(indicator=draft.indicator)
    factories.observation(release=draft, value=1.0)
    factories.observation(release=other, value=1.5)
    assert Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("lower", "value", "upper"),
    [(11.0, 10.0, 12.0), (8.0, 10.0, 9.0), (12.0, None, 8.0)],
    ids=["lower-above-value", "value-above-upper", "lower-above-upper"],
)
def test_limits_bracket_the_value(draft, lower, value, upper):
    marker = "" if value is not None else "x"
    with violates("observation_limits_bracket_value"), transaction.atomic():
        factories.observation(release=draft, lower=lower, value=value, upper=upper, marker=marker)


def test_limits_equal_to_the_value_are_allowed(draft):
    obs = factories.observation(release=draft, lower=10.0, value=10.0, upper=10.0)
    assert obs.pk


def test_a_value_and_a_marker_together_are_refused(draft):
    with violates("observation_value_xor_marker"), transaction.atomic():
        factories.observation(release=draft, value=3.0, marker="c")


def test_neither_a_value_nor_a_marker_is_refused(draft):
    with violates("observation_value_xor_marker"), transaction.atomic():
        factories.observation(release=draft, value=None, marker="")


def test_a_quality_flag_needs_a_value(draft):
    with violates("observation_quality_needs_value"), transaction.atomic():
        factories.observation(release=draft, value=None, marker="c", quality="u")


def test_a_cross_breakdown_of_two_groups_of_one_characteristic_is_refused(draft, sex):
    men, women = sex.groups.order_by("display_order")
    with violates("observation_cross_of_two_characteristics"), transaction.atomic():
        factories.observation(release=draft, group_a=men, group_b=women)


def test_a_cross_breakdown_of_two_characteristics_is_stored(draft, sex, disability):
    first, second = sorted([sex, disability], key=lambda c: c.pk)
    obs = factories.observation(
        release=draft, group_a=first.groups.first(), group_b=second.groups.first()
    )
    assert obs.characteristic_a_id < obs.characteristic_b_id


def test_an_observation_group_must_belong_to_its_stated_characteristic(draft, sex, disability):
    women = sex.groups.get(name="Women")
    with violates("observation_group_a_of_characteristic"), transaction.atomic():
        Observation.objects.create(
            release=draft,
            period=factories.period(2020),
            geography=factories.geography(),
            group_a=women,
            characteristic_a=disability,
            value=1.0,
        )


def test_one_default_reference_group_per_characteristic(sex):
    with violates("group_one_default_reference"), transaction.atomic():
        Group.objects.create(
            characteristic=sex, slug="other", name="Other", is_default_reference=True
        )


def test_a_period_cannot_end_before_it_starts():
    with violates("period_end_after_start"), transaction.atomic():
        Period.objects.create(
            type=Period.Type.CALENDAR_YEAR,
            start=dt.date(2021, 1, 1),
            end=dt.date(2020, 12, 31),
            label="backwards",
        )


def test_geography_codes_are_gss_codes():
    with violates("geography_gss_code"), transaction.atomic():
        Geography.objects.create(code="ENGLAND", name="England", level=Geography.Level.COUNTRY)


def test_counts_cannot_be_negative(draft):
    with violates("observation_counts_not_negative"), transaction.atomic():
        factories.observation(release=draft, numerator=-1.0, denominator=10.0)


def test_a_release_is_approved_by_someone_other_than_its_uploader(draft, django_user_model):
    analyst = django_user_model.objects.create_user("analyst")
    draft.uploaded_by = analyst
    draft.save()
    draft.status = Release.Status.APPROVED
    draft.approved_by = analyst
    draft.approved_at = timezone.now()
    with violates("release_four_eyes"), transaction.atomic():
        draft.save()


def test_a_correction_states_its_reason(draft):
    with violates("release_correction_has_reason"), transaction.atomic():
        factories.release(indicator=draft.indicator, supersedes=draft, reason="")


def _publish(release: Release, django_user_model) -> Release:
    """Move a release to published directly (the workflow lives in services.py)."""
    release.status = Release.Status.PUBLISHED
    release.uploaded_by = django_user_model.objects.create_user(f"uploader-{release.pk}")
    release.approved_by = django_user_model.objects.create_user(f"approver-{release.pk}")
    release.approved_at = timezone.now()
    release.publish_at = timezone.now()
    release.save()
    return release


def test_a_published_release_cannot_be_edited(draft, django_user_model):
    _publish(draft, django_user_model)
    draft.note = "quietly changed"
    with pytest.raises(IntegrityError, match="cannot be changed"), transaction.atomic():
        draft.save()


def test_a_published_release_cannot_be_deleted(draft, django_user_model):
    _publish(draft, django_user_model)
    with pytest.raises(IntegrityError, match="cannot be deleted"), transaction.atomic():
        Release.objects.filter(pk=draft.pk).delete()


def test_a_published_release_may_only_move_on_to_superseded_or_withdrawn(draft, django_user_model):
    _publish(draft, django_user_model)
    with pytest.raises(IntegrityError, match="cannot move"), transaction.atomic():
        Release.objects.filter(pk=draft.pk).update(status=Release.Status.DRAFT)
    Release.objects.filter(pk=draft.pk).update(status=Release.Status.SUPERSEDED)
    draft.refresh_from_db()
    assert draft.status == Release.Status.SUPERSEDED


def test_observations_of_a_published_release_cannot_change(draft, django_user_model):
    obs = factories.observation(release=draft, value=5.0)
    _publish(draft, django_user_model)
    with pytest.raises(IntegrityError, match="cannot change"), transaction.atomic():
        Observation.objects.filter(pk=obs.pk).update(value=6.0)
    with pytest.raises(IntegrityError, match="cannot change"), transaction.atomic():
        Observation.objects.filter(pk=obs.pk).delete()
    with pytest.raises(IntegrityError, match="cannot change"), transaction.atomic():
        factories.observation(release=draft, period=factories.period(2021), value=1.0)
    with (
        pytest.raises(IntegrityError, match="cannot change"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE indicators_observation SET value = 7 WHERE id = %s", [obs.pk])
    obs.refresh_from_db()
    assert obs.value == 5.0


def test_periods_sort_by_their_dates_not_their_labels():
    labels = ["2020/21", "2019/20", "2000 Q2", "2000 Q1", "2018-20", "2010"]
    spans = {
        "2020/21": ("financial_year", dt.date(2020, 4, 1), dt.date(2021, 3, 31)),
        "2019/20": ("financial_year", dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
        "2000 Q2": ("quarter", dt.date(2000, 4, 1), dt.date(2000, 6, 30)),
        "2000 Q1": ("quarter", dt.date(2000, 1, 1), dt.date(2000, 3, 31)),
        "2018-20": ("multi_year", dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
        "2010": ("calendar_year", dt.date(2010, 1, 1), dt.date(2010, 12, 31)),
    }
    for label in labels:
        kind, start, end = spans[label]
        Period.objects.create(type=kind, start=start, end=end, label=label)
    assert list(Period.objects.values_list("label", flat=True)) == [
        "2000 Q1",
        "2000 Q2",
        "2010",
        "2019/20",
        "2018-20",
        "2020/21",
    ]


@pytest.mark.parametrize("figure", ["lower", "upper", "numerator", "denominator"])
def test_a_suppressed_row_discloses_no_figure(draft, figure):
    with violates("observation_suppressed_discloses_nothing"), transaction.atomic():
        factories.observation(release=draft, value=None, marker="c", **{figure: 3.0})


def test_a_row_not_available_may_keep_its_counts(draft):
    obs = factories.observation(release=draft, value=None, marker="x", numerator=3, denominator=4)
    assert (obs.numerator, obs.denominator) == (3, 4)


def test_a_published_release_keeps_its_correction_reason(draft, django_user_model):
    correction = factories.release(indicator=draft.indicator, supersedes=draft, reason="Typo.")
    _publish(correction, django_user_model)
    with pytest.raises(IntegrityError, match="cannot be changed"), transaction.atomic():
        Release.objects.filter(pk=correction.pk).update(reason="Something else.")


def test_a_withdrawal_is_recorded_once_with_its_reason(draft, django_user_model):
    _publish(draft, django_user_model)
    with violates("release_withdrawal_has_reason"), transaction.atomic():
        Release.objects.filter(pk=draft.pk).update(status=Release.Status.WITHDRAWN)
    Release.objects.filter(pk=draft.pk).update(
        status=Release.Status.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason="Wrong."
    )
    with pytest.raises(IntegrityError, match="recorded once"), transaction.atomic():
        Release.objects.filter(pk=draft.pk).update(withdrawal_reason="Rewritten later.")
