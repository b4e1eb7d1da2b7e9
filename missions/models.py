"""Missions, their complex outcomes, equality targets, and the boards' quarterly reviews."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from indicators.models import Department, Geography, Group, Indicator, Period
from indicators.models.fields import optional_key


class Mission(models.Model):
    """A government mission, e.g. "Break down barriers to opportunity"."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "title"]
        indexes = [
            GinIndex(SearchVector("title", "summary", config="english"), name="mission_search")
        ]

    def __str__(self) -> str:
        return self.title


class ComplexOutcome(models.Model):
    """An intermediate outcome no single department can deliver, measured by indicators."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="outcomes")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    area = models.CharField(max_length=20, choices=Indicator.Area.choices)
    description = models.TextField(blank=True)
    lead_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="led_outcomes"
    )
    contributing_departments = models.ManyToManyField(
        Department, related_name="contributed_outcomes", blank=True
    )
    indicators = models.ManyToManyField(Indicator, related_name="outcomes", blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["mission", "display_order", "title"]
        indexes = [
            GinIndex(SearchVector("title", "description", config="english"), name="outcome_search")
        ]
        constraints = [
            models.UniqueConstraint(fields=["mission", "slug"], name="outcome_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """An equality target: a group's value, or the gap between two groups, in a place, by a date.

    The baseline value is read from the data (the baseline period's value in the release the
    public sees), and progress is computed from the published data by ``stats.progress``:
    neither is ever typed in. A headline target (for all people) may carry group targets
    under it (``parent``), so that a headline on track while a group falls behind says so.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    outcome = optional_key(
        ComplexOutcome,
        on_delete=models.SET_NULL,
        related_name="targets",
        help_text="The outcome it was set for. Blank: every outcome its indicator measures.",
    )
    parent = optional_key(
        "self",
        on_delete=models.CASCADE,
        related_name="group_targets",
        help_text="The headline target (for all people) this group target sits under.",
    )
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="+")
    group = optional_key(
        Group,
        help_text="Empty: the value for all people.",
    )
    comparison_group = optional_key(
        Group,
        help_text="Set it to make this a target on the gap between the two groups: the group's "
        "value minus this group's value (percentage points for percentages).",
    )
    baseline_period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Its value is read from the published data, never typed.",
    )
    target_value = models.FloatField()
    target_date = models.DateField()
    owner = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text="The department accountable for meeting it.",
    )
    statement = models.CharField(
        max_length=300,
        help_text='In words, e.g. "The percentage of Black Caribbean pupils achieving ..."',
    )
    note = models.TextField(blank=True, help_text="Where the target comes from, and caveats.")
    is_illustrative = models.BooleanField(
        default=False,
        help_text='Demo or example target: labelled "illustrative target — not government '
        'policy" wherever it shows.',
    )

    class Meta:
        ordering = ["indicator", "target_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comparison_group__isnull=True) | Q(group__isnull=False),
                name="target_gap_needs_group",
                violation_error_message="A gap target needs a group and a comparison group.",
            ),
            models.CheckConstraint(
                condition=Q(comparison_group__isnull=True) | ~Q(comparison_group=F("group")),
                name="target_gap_two_groups",
                violation_error_message="A gap is between two different groups.",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="target_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    @property
    def is_gap(self) -> bool:
        return self.comparison_group_id is not None

    @property
    def is_headline(self) -> bool:
        return self.group_id is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.baseline_period_id and self.target_date <= self.baseline_period.end:
            errors["target_date"] = "The target date must follow the end of the baseline period."
        group = self.group if self.group_id else None
        comparison = self.comparison_group if self.comparison_group_id else None
        if group and comparison and group.characteristic_id != comparison.characteristic_id:
            errors["comparison_group"] = "Compare two groups of the same characteristic."
        parent = self.parent if self.parent_id else None
        if parent is not None:
            if not parent.is_headline or parent.parent_id is not None:
                errors["parent"] = "Group targets sit under a headline target (for all people)."
            elif parent.indicator_id != self.indicator_id:
                errors["parent"] = "Choose a headline target on the same indicator."
            elif self.is_headline:
                errors["parent"] = "Only a group or gap target sits under a headline target."
        if errors:
            raise ValidationError(errors)


class Review(models.Model):
    """A mission board's quarterly review: the mission as it stood at the quarter's end.

    Prepared by the board secretariat, commented on, then signed off by the board chair. Until
    sign-off it is computed afresh from the releases published by the quarter's end; at
    sign-off what the board saw is frozen in ``content`` (every figure, status and chart), and
    the review becomes read-only and public. Database triggers (the app's migration) refuse any
    change to a signed-off review and any commentary added after sign-off.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed_off", "Signed off"

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(help_text="Calendar quarter: 1 is January to March.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField()
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    #: What the board saw, frozen at sign-off (``dashboard.boards.data.ReviewData`` as JSON).
    content = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["mission", "-year", "-quarter"]
        permissions = [("signoff_review", "Can sign off a quarterly review (board chair)")]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "year", "quarter"], name="review_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="review_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", signed_off_by__isnull=True, signed_off_at__isnull=True)
                | Q(
                    status="signed_off",
                    signed_off_by__isnull=False,
                    signed_off_at__isnull=False,
                    content__isnull=False,
                ),
                name="review_signed_off_has_chair_time_and_content",
                violation_error_message="A signed-off review records who, when and what.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} – Q{self.quarter} {self.year}"

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.SIGNED_OFF


class Commentary(models.Model):
    """One version of the board secretariat's commentary: kept for ever, never edited.

    Per complex outcome (``outcome`` set): what the numbers mean. Overall (``outcome`` empty):
    the rating of the mission (on track / at risk / off track) with its reason. Editing adds a
    version; the latest version of each is the current one, and the history shows them all.
    """

    class Rating(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="commentary")
    outcome = models.ForeignKey(
        ComplexOutcome, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    reason = models.TextField(blank=True, help_text="Why the mission has this rating.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "commentary"
        ordering = ["review", "outcome", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["review", "outcome", "-created_at"], name="commentary_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__isnull=True) | (~Q(text="") & Q(rating="")),
                name="commentary_outcome_has_text",
                violation_error_message="Commentary on an outcome has text (ratings are overall).",
            ),
            models.CheckConstraint(
                condition=Q(outcome__isnull=False) | (~Q(rating="") & ~Q(reason="")),
                name="commentary_overall_has_rating_and_reason",
                violation_error_message="The overall rating needs a rating and a reason.",
            ),
        ]

    def __str__(self) -> str:
        what = self.outcome.title if self.outcome_id and self.outcome else "overall rating"
        return f"{self.review}: {what} ({self.created_at:%d %b %Y %H:%M})"
