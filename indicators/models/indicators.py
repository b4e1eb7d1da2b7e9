"""Indicators, the characteristics each is broken down by, and the one visibility rule."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pghistory
from django.apps import apps
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from indicators.models.fields import optional_key
from indicators.models.vocabulary import Characteristic, Department, Group

if TYPE_CHECKING:
    from indicators.models.releases import Release


class ReleaseQuerySet(models.QuerySet["Release"]):
    """The one visibility rule: which releases the public sees, at a point in time.

    Every reader (pages, mission boards, the import preview, downloads, the API) goes through
    :meth:`visible` and :meth:`current_for`; ``at=None`` means now. A release is visible once it
    is published (or since superseded) and its publication time has passed; the current release
    of an indicator is its visible release with the latest publication time (then version).
    """

    #: The order that puts an indicator's current release first.
    CURRENT_FIRST = ("-publish_at", "-version")

    def visible(self, *, at: dt.datetime | None = None) -> ReleaseQuerySet:
        """Releases the public may see at ``at``: published (or since superseded), time passed."""
        moment = at or timezone.now()
        return self.filter(
            status__in=[self.model.Status.PUBLISHED, self.model.Status.SUPERSEDED],
            publish_at__lte=moment,
        )

    def current_first(self) -> ReleaseQuerySet:
        return self.order_by(*self.CURRENT_FIRST)

    def visible_for(
        self, indicator: Indicator | OuterRef, *, at: dt.datetime | None = None
    ) -> ReleaseQuerySet:
        """An indicator's visible releases, current first (``indicator`` may be an OuterRef)."""
        return self.visible(at=at).filter(Q(indicator=indicator)).current_first()

    def current_for(self, indicator: Indicator, *, at: dt.datetime | None = None) -> Release | None:
        """The release of ``indicator`` the public sees at ``at``, or None before any is."""
        return self.visible_for(indicator, at=at).first()


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def with_current_release(self, *, at: dt.datetime | None = None) -> IndicatorQuerySet:
        """Annotate each indicator with its current release at ``at`` (None when there is none):
        ``current_release_id``, ``current_publish_at`` and ``current_is_synthetic``."""
        current = _releases().visible_for(OuterRef("pk"), at=at)
        return self.annotate(
            current_release_id=Subquery(current.values("pk")[:1]),
            current_publish_at=Subquery(current.values("publish_at")[:1]),
            current_is_synthetic=Subquery(current.values("is_synthetic")[:1]),
        )

    def published(self, *, at: dt.datetime | None = None) -> IndicatorQuerySet:
        """Indicators with at least one release visible at ``at``."""
        return self.filter(Exists(_releases().visible(at=at).filter(indicator=OuterRef("pk"))))


def _releases() -> ReleaseQuerySet:
    """Release's queryset, reached through the model registry (releases.py imports this one)."""
    release = apps.get_model("indicators", "Release")
    manager: ReleaseQuerySet = release.objects.all()
    return manager


@pghistory.track(exclude=["search_vector"])
class Indicator(models.Model):
    """A measure of an outcome, broken down by characteristic, place and period."""

    class Area(models.TextChoices):
        SOCIAL_SECURITY = "social_security", "Social security"
        EDUCATION = "education", "Education"
        WORK = "work", "Work"
        HOUSING = "housing", "Housing"
        HEALTH = "health", "Health"
        WEALTH_AND_TAX = "wealth_and_tax", "Wealth and tax"
        JUSTICE = "justice", "Justice"
        PARTICIPATION = "participation", "Participation"

    class MeasureType(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        RATE = "rate", "Rate per N"
        MEAN = "mean", "Mean"
        MEDIAN = "median", "Median"
        RATIO = "ratio", "Ratio"
        INDEX = "index", "Index"
        YEARS = "years", "Years"
        MONTHS = "months", "Months"
        COUNT = "count", "Count"

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
        LOWER_IS_BETTER = "lower_is_better", "Lower is better"
        NEITHER = "neither", "Neither higher nor lower is better"

    class GapMeasure(models.TextChoices):
        DIFFERENCE = "difference", "Difference (group − reference; percentage points for %)"
        PERCENT_OF_REFERENCE = (
            "percent_of_reference",
            "Percentage of the reference ((reference − group) ÷ reference × 100, as pay gaps)",
        )
        RATIO = "ratio", "Ratio (group ÷ reference)"

    class StatisticalStatus(models.TextChoices):
        ACCREDITED_OFFICIAL = "accredited_official", "Accredited official statistics"
        OFFICIAL = "official", "Official statistics"
        IN_DEVELOPMENT = "in_development", "Official statistics in development"
        MANAGEMENT_INFORMATION = "management_information", "Management information"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Annual"
        QUARTERLY = "quarterly", "Quarterly"
        MONTHLY = "monthly", "Monthly"
        BIENNIAL = "biennial", "Every two years"
        IRREGULAR = "irregular", "Irregular"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=80, blank=True)
    area = models.CharField(max_length=20, choices=Area.choices)
    measures = models.TextField(help_text="What it measures, in plain English.")
    unit = models.CharField(
        max_length=60, help_text='Shown after values, e.g. "%" or "per 100,000".'
    )
    measure_type = models.CharField(max_length=20, choices=MeasureType.choices)
    rate_per = models.PositiveIntegerField(null=True, blank=True, help_text="N for a rate per N.")
    decimal_places = models.PositiveSmallIntegerField(
        default=1,
        help_text="The precision the source publishes: values are shown with this many decimals "
        "(never rounded to zero), gaps with the same, ratios with two.",
    )
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    source_publisher = models.CharField(max_length=200)
    source_dataset = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=200, default="Open Government Licence v3.0")
    statistical_status = models.CharField(max_length=30, choices=StatisticalStatus.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    geography_coverage = models.CharField(max_length=200)
    methodology = models.TextField(blank=True)
    next_release = models.CharField(
        max_length=100,
        blank=True,
        help_text='As pre-announced on the GOV.UK release calendar, e.g. "26 March 2027" or '
        '"Spring 2027 (provisional)". Blank: not announced.',
    )
    owner = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="indicators")
    subject = models.CharField(
        max_length=200,
        blank=True,
        help_text='What a sentence says the figure is, in lower case, e.g. "the percentage of '
        'adults who were victims of hate crime". Summaries begin with it.',
    )
    primary_characteristic = optional_key(
        Characteristic,
        help_text="The breakdown the indicator is about (the one its title names): its pages, "
        "summary and mission card open on it. Blank: all people only.",
    )
    gap_measure = models.CharField(
        max_length=30,
        choices=GapMeasure.choices,
        default=GapMeasure.DIFFERENCE,
        help_text="The form in which the source publishes gaps; charts, tables and summaries "
        "lead with it and offer the others one choice away.",
    )
    is_survey = models.BooleanField(
        default=False,
        help_text="Estimates come from a sample survey: intervals computed from sample sizes "
        "need the survey's design factor.",
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=10,
        help_text="Public views, downloads and the API show a cell as [c] when its numerator "
        "or denominator is below this, and the cells that would let it be recovered by "
        "subtraction (indicators/disclosure.py). Blank: the publisher has already applied its "
        "own rule. The stored data is never changed.",
    )
    design_factor = models.FloatField(
        null=True,
        blank=True,
        help_text="The survey's design factor (deft), as its technical report publishes it. "
        "Intervals from sample sizes use the effective sample size n / deft²; a survey with "
        "none recorded gets no computed intervals.",
    )
    characteristics: models.ManyToManyField[Characteristic, IndicatorCharacteristic] = (
        models.ManyToManyField(
            Characteristic,
            through="IndicatorCharacteristic",
            related_name="indicators",
            blank=True,
        )
    )

    #: Weighted words of title, subject, description, source, characteristics and groups,
    #: kept by ``services.indicator_search_refresh`` (the characteristics live in other tables).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="indicator_search"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="indicator_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure_type="rate", rate_per__isnull=False) | ~Q(measure_type="rate"),
                name="indicator_rate_has_per",
                violation_error_message="A rate needs its 'per N'.",
            ),
            models.CheckConstraint(
                condition=Q(design_factor__isnull=True) | Q(design_factor__gte=1),
                name="indicator_design_factor_at_least_1",
                violation_error_message="A design factor (deft) is 1 or more.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_percentage(self) -> bool:
        return self.measure_type == self.MeasureType.PERCENTAGE


@pghistory.track()
class IndicatorCharacteristic(models.Model):
    """How an indicator is broken down by a characteristic, with its reference group override."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    characteristic = models.ForeignKey(Characteristic, on_delete=models.PROTECT)
    reference_group = optional_key(
        Group,
        related_name=None,
        help_text="Overrides the characteristic's default reference group for this indicator.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "characteristic"], name="indicator_characteristic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} by {self.characteristic}"

    def clean(self) -> None:
        reference = self.reference_group
        if reference is not None and reference.characteristic_id != self.characteristic_id:
            raise ValidationError(
                {"reference_group": "Choose a group of this characteristic as the reference."}
            )
