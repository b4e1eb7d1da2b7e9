"""Missions, their complex outcomes, and equality targets on indicators."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from indicators.models import Department, Geography, Group, Indicator, Period


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
    """An equality target: a group's value, or its gap to another group, by a date.

    Progress is computed from the data (``indicators.stats.progress``), never typed in.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    outcome = models.ForeignKey(
        ComplexOutcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: the value for all people.",
    )
    comparison_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Set it to make this a target on the gap between the two groups.",
    )
    baseline_period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    baseline_value = models.FloatField()
    target_value = models.FloatField()
    target_date = models.DateField()
    statement = models.CharField(
        max_length=300,
        help_text='In words, e.g. "The percentage of Black Caribbean pupils achieving ..."',
    )

    class Meta:
        ordering = ["indicator", "target_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comparison_group__isnull=True) | Q(group__isnull=False),
                name="target_gap_needs_group",
            ),
            models.CheckConstraint(
                condition=Q(comparison_group__isnull=True) | ~Q(comparison_group=F("group")),
                name="target_gap_two_groups",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    def clean(self) -> None:
        if self.baseline_period_id and self.target_date <= self.baseline_period.end:
            raise ValidationError({"target_date": "The target date must follow the baseline."})
