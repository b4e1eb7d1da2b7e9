"""Quarterly reviews and commentary in the database: the board roles, the services' checks,
and the guards that keep a signed-off review read-only underneath them."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, InternalError, transaction

from missions import services
from missions.models import Commentary, ComplexOutcome, Mission, Review
from missions.quarters import Quarter
from missions.roles import ROLES
from tests.boards import builders

pytestmark = pytest.mark.django_db
GUARDED = (IntegrityError, InternalError)


def test_the_board_roles_are_groups_with_exactly_the_permissions_pages_check() -> None:
    migration = importlib.import_module("missions.migrations.0001_squashed_0005_review_guards")
    assert migration.ROLES == ROLES
    for role, permissions in ROLES.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(permissions)
    assert "missions.add_commentary" in ROLES["Board secretariat"]
    assert "missions.signoff_review" in ROLES["Board chair"]
    assert "missions.signoff_review" not in ROLES["Board secretariat"]


@pytest.fixture
def review() -> Review:
    board = builders.board()
    return services.review_prepare(
        mission=board.mission, quarter=Quarter(2025, 1), user=builders.secretariat()
    )


def _signed(review: Review) -> Review:
    services.rating_set(review=review, rating="at_risk", reason="Why.", user=builders.secretariat())
    return services.review_signoff(review=review, user=builders.chair(), content={"schema": 1})


def test_a_quarter_is_reviewed_once(review) -> None:
    with pytest.raises(services.ReviewError, match="already prepared"):
        services.review_prepare(
            mission=review.mission, quarter=Quarter(2025, 1), user=builders.secretariat()
        )


def test_the_overall_rating_needs_a_reason(review) -> None:
    with pytest.raises(services.ReviewError, match="Say why"):
        services.rating_set(
            review=review, rating="on_track", reason=" ", user=builders.secretariat()
        )


def test_commentary_must_be_on_an_outcome_of_the_reviews_mission(review) -> None:
    other = ComplexOutcome.objects.create(
        mission=Mission.objects.create(slug="other", title="Other"),
        slug="x",
        title="X",
        area="work",
        lead_department=review.mission.outcomes.get().lead_department,
    )
    with pytest.raises(services.ReviewError, match="not an outcome"):
        services.commentary_add(
            review=review, outcome=other, text="Hi", user=builders.secretariat()
        )


def test_an_inactive_secretary_holds_no_permission(review) -> None:
    secretary = builders.secretariat()
    secretary.is_active = False
    secretary.save()
    with pytest.raises(services.ReviewError, match="permission"):
        services.commentary_add(
            review=review, outcome=review.mission.outcomes.get(), text="Hi", user=secretary
        )


def test_the_database_refuses_changes_to_a_signed_off_review(review) -> None:
    _signed(review)
    with pytest.raises(GUARDED), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(content={"schema": 2})
    with pytest.raises(GUARDED), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(status="draft")
    with pytest.raises(GUARDED), transaction.atomic():
        Commentary.objects.filter(review=review).delete()


def test_the_database_refuses_commentary_on_a_signed_off_review(review) -> None:
    _signed(review)
    with pytest.raises(GUARDED), transaction.atomic():
        Commentary.objects.create(
            review=review,
            outcome=review.mission.outcomes.get(),
            text="Too late",
            author=builders.secretariat(),
            created_at=review.signed_off_at,
        )


def test_a_version_of_the_commentary_is_never_edited(review) -> None:
    version = services.commentary_add(
        review=review,
        outcome=review.mission.outcomes.get(),
        text="First",
        user=builders.secretariat(),
    )
    with pytest.raises(GUARDED), transaction.atomic():
        Commentary.objects.filter(pk=version.pk).update(text="Rewritten")


def test_a_signed_off_review_records_its_chair_time_and_content(review) -> None:
    signed = _signed(review)
    assert signed.signed_off_by is not None
    assert signed.signed_off_at is not None
    assert signed.content == {"schema": 1}
