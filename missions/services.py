"""Writes that matter for mission boards: prepare a quarterly review, comment, rate, sign off.

Each checks the permission the board roles carry (``missions/roles.py``, made by migration):
``missions.add_review`` to prepare, ``missions.add_commentary`` to comment and rate,
``missions.signoff_review`` to sign off. Inactive accounts hold no permission. After sign-off
a review is read-only; the database refuses changes underneath (the migration's triggers).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import PermissionsMixin
from django.db import transaction
from django.utils import timezone

from missions.models import Commentary, ComplexOutcome, Mission, Review
from missions.quarters import Quarter

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


class ReviewError(Exception):
    """The step is not allowed for this review and user; the message says why."""


def holds_permission(*, user: AnyUser, codename: str) -> bool:
    """Whether the account holds ``missions.<codename>`` (inactive accounts hold nothing)."""
    return isinstance(user, PermissionsMixin) and user.has_perm(f"missions.{codename}")


def can_see_drafts(*, user: AnyUser) -> bool:
    """Board users (secretariat and chair) and staff see reviews before they are signed off."""
    return bool(getattr(user, "is_active", False)) and (
        bool(getattr(user, "is_staff", False))
        or holds_permission(user=user, codename="view_review")
    )


def _require(user: AnyUser, codename: str, doing: str) -> int:
    """The user's id, once they hold ``missions.<codename>``."""
    if not holds_permission(user=user, codename=codename) or user.pk is None:
        raise ReviewError(f"You do not have permission to {doing}.")
    return int(user.pk)


def _editable(review: Review) -> Review:
    """The review, locked for this transaction; refuses a signed-off one."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.is_signed_off:
        raise ReviewError(f"The {locked} review is signed off and can no longer change.")
    return locked


def _written(text: str, missing: str) -> str:
    """``text`` without the space around it; refuses an empty one, saying ``missing``."""
    if not text.strip():
        raise ReviewError(missing)
    return text.strip()


def _version_add(
    review: Review, user_id: int, now: dt.datetime | None, **fields: Any
) -> Commentary:
    """A new version of the review's commentary or rating: versions are added, never changed."""
    return Commentary.objects.create(
        review=review, author_id=user_id, created_at=now or timezone.now(), **fields
    )


@transaction.atomic
def review_prepare(
    *, mission: Mission, quarter: Quarter, user: AnyUser, now: dt.datetime | None = None
) -> Review:
    """Open the review of a quarter that has ended (board secretariat)."""
    user_id = _require(user, "add_review", "prepare reviews")
    moment = now or timezone.now()
    if not quarter.has_ended(moment):
        raise ReviewError(
            f"{quarter.label} ends on {quarter.end_label}: a quarter is reviewed once it has ended."
        )
    if Review.objects.filter(mission=mission, year=quarter.year, quarter=quarter.number).exists():
        raise ReviewError(f"The {quarter.label} review of {mission} is already prepared.")
    return Review.objects.create(
        mission=mission,
        year=quarter.year,
        quarter=quarter.number,
        prepared_by_id=user_id,
        prepared_at=moment,
    )


@transaction.atomic
def commentary_add(
    *,
    review: Review,
    outcome: ComplexOutcome,
    text: str,
    user: AnyUser,
    now: dt.datetime | None = None,
) -> Commentary:
    """A new version of the commentary on one complex outcome (board secretariat)."""
    user_id = _require(user, "add_commentary", "write commentary")
    review = _editable(review)
    if outcome.mission_id != review.mission_id:
        raise ReviewError(f"“{outcome}” is not an outcome of {review.mission}.")
    text = _written(text, "Write the commentary: it cannot be empty.")
    return _version_add(review, user_id, now, outcome=outcome, text=text)


@transaction.atomic
def rating_set(
    *,
    review: Review,
    rating: str,
    reason: str,
    user: AnyUser,
    now: dt.datetime | None = None,
) -> Commentary:
    """A new version of the overall rating, with its reason (board secretariat)."""
    user_id = _require(user, "add_commentary", "rate the mission")
    review = _editable(review)
    if rating not in Commentary.Rating.values:
        raise ReviewError("Choose on track, at risk or off track.")
    reason = _written(reason, "Say why the mission has this rating.")
    return _version_add(review, user_id, now, rating=rating, reason=reason)


@transaction.atomic
def review_signoff(
    *,
    review: Review,
    user: AnyUser,
    content: dict[str, Any],
    now: dt.datetime | None = None,
) -> Review:
    """The board chair signs the review off: it becomes read-only and public.

    ``content`` is what the board saw (every figure, status and chart, as JSON): it is
    frozen with the review, so that the review reads the same however the data are revised.
    """
    user_id = _require(user, "signoff_review", "sign off reviews")
    review = _editable(review)
    if not Commentary.objects.filter(review=review, outcome__isnull=True).exists():
        raise ReviewError("Give the mission its overall rating before the review is signed off.")
    review.status = Review.Status.SIGNED_OFF
    review.signed_off_by_id = user_id
    review.signed_off_at = now or timezone.now()
    review.content = content
    review.save(update_fields=["status", "signed_off_by", "signed_off_at", "content"])
    return review
