"""Indicators, their breakdown vocabulary, releases and observations.

The vocabulary of DESIGN.md: an Indicator is broken down by Characteristics (sex, ethnicity,
area deprivation, ...) into Groups; its data arrives as Releases, each holding Observations keyed
by period × geography × breakdown. Rules that hold for one row are database constraints here;
rules across releases live in ``services.py``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone


class Department(models.Model):
    """A government department that leads or contributes to outcomes and owns indicators."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.abbreviation


class Characteristic(models.Model):
    """A breakdown dimension: a protected characteristic, socio-economic position or place."""

    class Kind(models.TextChoices):
        PROTECTED = "protected", "Protected characteristic (Equality Act 2010)"
        SOCIO_ECONOMIC = "socio_economic", "Socio-economic position"
        PLACE = "place", "Place"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    is_ordered = models.BooleanField(
        default=False,
        help_text="Groups have a natural order (deciles, quintiles, age bands); rank 1 is the "
        "most disadvantaged end where that applies (1 = most deprived).",
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """One group of a characteristic, e.g. "Black" (ethnicity) or "IMD quintile 1"."""

    characteristic = models.ForeignKey(
        Characteristic, on_delete=models.PROTECT, related_name="groups"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Order within an ordered characteristic (1 first)."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The broader group this one nests in (e.g. Indian within Asian).",
    )
    is_default_reference = models.BooleanField(
        default=False, help_text="Gaps are measured against this group unless an indicator says"
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["characteristic", "display_order", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["characteristic", "slug"], name="group_unique_slug"),
            models.UniqueConstraint(fields=["characteristic", "name"], name="group_unique_name"),
            # Target of the composite foreign keys from Observation (see migration 0002).
            models.UniqueConstraint(
                fields=["id", "characteristic"], name="group_id_characteristic"
            ),
            models.UniqueConstraint(
                fields=["characteristic"],
                condition=Q(is_default_reference=True),
                name="group_one_default_reference",
                violation_error_message="A characteristic has one default reference group.",
            ),
            models.UniqueConstraint(
                fields=["characteristic", "rank"],
                condition=Q(rank__isnull=False),
                name="group_unique_rank",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="group_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent if self.parent_id else None
        if parent is not None and parent.characteristic_id != self.characteristic_id:
            raise ValidationError({"parent": "Choose a parent group of the same characteristic."})


class GroupAlias(models.Model):
    """A label seen in source files that means a standard group ("Disabled (Equality Act)")."""

    characteristic = models.ForeignKey(
        Characteristic, on_delete=models.CASCADE, related_name="aliases"
    )
    label = models.CharField(
        max_length=200, help_text="Matched case- and space-insensitively against file labels."
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name_plural = "group aliases"
        ordering = ["characteristic", "label"]
        constraints = [
            models.UniqueConstraint(fields=["characteristic", "label"], name="alias_unique_label")
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.group}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.label = normalise_label(self.label)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def normalise_label(label: str) -> str:
    """Case-fold and collapse spaces, so that ' Disabled  (Equality act)' matches."""
    return " ".join(str(label).split()).casefold()


class Geography(models.Model):
    """An area with an ONS GSS code (K02000001 UK, E92000001 England, E12000001 North East)."""

    class Level(models.TextChoices):
        UK = "uk", "United Kingdom"
        GREAT_BRITAIN = "gb", "Great Britain"
        COUNTRY = "country", "Country"
        REGION = "region", "Region"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE_FORCE_AREA = "police_force_area", "Police force area"

    code = models.CharField(max_length=9, unique=True, help_text="ONS GSS code")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name_plural = "geographies"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[EKNSW][0-9]{8}$"), name="geography_gss_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Period(models.Model):
    """A time period with a type, dates and its published label; sorts by dates, not label."""

    class Type(models.TextChoices):
        CALENDAR_YEAR = "calendar_year", "Calendar year"
        FINANCIAL_YEAR = "financial_year", "Financial year"
        ACADEMIC_YEAR = "academic_year", "Academic year"
        QUARTER = "quarter", "Quarter"
        MONTH = "month", "Month"
        MULTI_YEAR = "multi_year", "Multi-year average"

    type = models.CharField(max_length=20, choices=Type.choices)
    start = models.DateField()
    end = models.DateField()
    label = models.CharField(max_length=50)

    class Meta:
        ordering = ["end", "start"]
        constraints = [
            models.UniqueConstraint(fields=["type", "start", "end"], name="period_unique_span"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="period_end_after_start",
                violation_error_message="A period cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.label


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
            status__in=[Release.Status.PUBLISHED, Release.Status.SUPERSEDED],
            publish_at__lte=moment,
        )

    def current_first(self) -> ReleaseQuerySet:
        return self.order_by(*self.CURRENT_FIRST)

    def visible_for(
        self, indicator: Indicator | OuterRef, *, at: dt.datetime | None = None
    ) -> ReleaseQuerySet:
        """An indicator's visible releases, current first (``indicator`` may be an OuterRef)."""
        return self.visible(at=at).filter(indicator=indicator).current_first()

    def current_for(self, indicator: Indicator, *, at: dt.datetime | None = None) -> Release | None:
        """The release of ``indicator`` the public sees at ``at``, or None before any is."""
        return self.visible_for(indicator, at=at).first()


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def with_current_release(self, *, at: dt.datetime | None = None) -> IndicatorQuerySet:
        """Annotate each indicator with its current release at ``at`` (None when there is none):
        ``current_release_id``, ``current_publish_at`` and ``current_is_synthetic``."""
        current = Release.objects.visible_for(OuterRef("pk"), at=at)
        return self.annotate(
            current_release_id=Subquery(current.values("pk")[:1]),
            current_publish_at=Subquery(current.values("publish_at")[:1]),
            current_is_synthetic=Subquery(current.values("is_synthetic")[:1]),
        )

    def published(self, *, at: dt.datetime | None = None) -> IndicatorQuerySet:
        """Indicators with at least one release visible at ``at``."""
        return self.filter(Exists(Release.objects.visible(at=at).filter(indicator=OuterRef("pk"))))


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
    decimal_places = models.PositiveSmallIntegerField(default=1)
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
    characteristics = models.ManyToManyField(
        Characteristic,
        through="IndicatorCharacteristic",
        related_name="indicators",
        blank=True,
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure_type="rate", rate_per__isnull=False) | ~Q(measure_type="rate"),
                name="indicator_rate_has_per",
                violation_error_message="A rate needs its 'per N'.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_percentage(self) -> bool:
        return self.measure_type == self.MeasureType.PERCENTAGE


class IndicatorCharacteristic(models.Model):
    """How an indicator is broken down by a characteristic, with its reference group override."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    characteristic = models.ForeignKey(Characteristic, on_delete=models.PROTECT)
    reference_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
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


def release_upload_path(instance: Release, filename: str) -> str:
    return f"releases/{instance.indicator.slug}/{timezone.now():%Y%m%dT%H%M%S}-{filename}"


class Release(models.Model):
    """One version of an indicator's data, from one uploaded file.

    draft → approved → published → superseded (or withdrawn). Once published, the row and its
    observations are immutable: database triggers (migration 0002) refuse any change other than
    moving the status on to superseded or withdrawn.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="releases")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_file = models.FileField(upload_to=release_upload_path, max_length=300)
    original_filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=20, blank=True)
    import_options = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, help_text="What this release contains, for the public.")
    reason = models.TextField(blank=True, help_text="Why it corrects or withdraws another release.")
    is_synthetic = models.BooleanField(
        default=False, help_text="Synthetic demo data: labelled as such on every page showing it."
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(
        blank=True, help_text="Why it was withdrawn, shown in the public release history."
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-version"]
        permissions = [
            ("approve_release", "Can approve a release uploaded by someone else"),
            ("publish_release", "Can publish or withdraw a release"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="release_unique_version"),
            models.UniqueConstraint(fields=["indicator", "sha256"], name="release_unique_file"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="release_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft"])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="release_approved_has_approver",
                violation_error_message="Only a draft can lack an approver.",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(uploaded_by__isnull=True)
                | ~Q(approved_by=F("uploaded_by")),
                name="release_four_eyes",
                violation_error_message="A release is approved by someone other than its uploader.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "superseded"]) | Q(publish_at__isnull=False),
                name="release_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="release_withdrawal_has_reason",
                violation_error_message="A withdrawn release records when and why.",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(reason=""),
                name="release_correction_has_reason",
                violation_error_message="A release that supersedes another needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.slug} v{self.version} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.SUPERSEDED, self.Status.WITHDRAWN}


class Observation(models.Model):
    """One value: release × period × geography × breakdown.

    The breakdown is all people (no group), one group, or a cross of two groups of different
    characteristics. ``characteristic_a``/``characteristic_b`` repeat the groups'
    characteristics so the database can enforce that rule; composite foreign keys (migration
    0002) keep them consistent with the groups, and the pair is stored in a canonical order.
    """

    class Marker(models.TextChoices):
        CONFIDENTIAL = "c", "[c] confidential"
        NOT_AVAILABLE = "x", "[x] not available"
        NOT_APPLICABLE = "z", "[z] not applicable"

    class Quality(models.TextChoices):
        LOW_RELIABILITY = "u", "[u] low reliability"
        ROUNDS_TO_ZERO = "low", "[low] rounds to zero"

    # What an observation says about its key, in file and query column order.
    NUMERIC_MEASURES = ("value", "lower", "upper", "numerator", "denominator", "sample_size")
    TEXT_MEASURES = ("marker", "quality", "note")

    # Bulk loads write millions of rows, so each foreign key here costs a row lock per row.
    # The unique key and obs_release_char lead with release, so no single-column indexes are
    # kept; groups and their characteristics are checked once, by the composite keys of
    # migration 0002 (group → characteristic is itself a foreign key), not four times more.
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", db_index=False)
    geography = models.ForeignKey(
        Geography, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    characteristic_a = models.ForeignKey(
        Characteristic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    group_a = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    characteristic_b = models.ForeignKey(
        Characteristic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    group_b = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    value = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True)
    upper = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    marker = models.CharField(max_length=1, choices=Marker.choices, blank=True)
    quality = models.CharField(max_length=3, choices=Quality.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "period", "geography", "group_a", "group_b"],
                nulls_distinct=False,
                name="observation_unique_key",
                violation_error_message="One observation per period, place and breakdown.",
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(marker=""))
                | (Q(value__isnull=True) & ~Q(marker="")),
                name="observation_value_xor_marker",
                violation_error_message="Give a value or an absence marker ([c], [x], [z]).",
            ),
            models.CheckConstraint(
                condition=Q(quality="") | Q(value__isnull=False),
                name="observation_quality_needs_value",
            ),
            models.CheckConstraint(
                condition=(Q(lower__isnull=True) | Q(value__isnull=True) | Q(lower__lte=F("value")))
                & (Q(upper__isnull=True) | Q(value__isnull=True) | Q(value__lte=F("upper")))
                & (Q(lower__isnull=True) | Q(upper__isnull=True) | Q(lower__lte=F("upper"))),
                name="observation_limits_bracket_value",
                violation_error_message="Limits must satisfy lower ≤ value ≤ upper.",
            ),
            models.CheckConstraint(
                condition=~Q(marker="c")
                | Q(
                    lower__isnull=True,
                    upper__isnull=True,
                    numerator__isnull=True,
                    denominator__isnull=True,
                ),
                name="observation_suppressed_discloses_nothing",
                violation_error_message="A suppressed [c] row has no limits or counts: they "
                "could reveal the value.",
            ),
            models.CheckConstraint(
                condition=Q(group_a__isnull=True, characteristic_a__isnull=True)
                | Q(group_a__isnull=False, characteristic_a__isnull=False),
                name="observation_group_a_characteristic",
            ),
            models.CheckConstraint(
                condition=Q(group_b__isnull=True, characteristic_b__isnull=True)
                | Q(
                    group_b__isnull=False,
                    group_a__isnull=False,
                    characteristic_a__lt=F("characteristic_b"),
                ),
                name="observation_cross_of_two_characteristics",
                violation_error_message=(
                    "A cross breakdown joins two groups of different characteristics."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) | Q(numerator__gte=0))
                & (Q(denominator__isnull=True) | Q(denominator__gte=0)),
                name="observation_counts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["release", "characteristic_a", "period"], name="obs_release_char"),
        ]

    def __str__(self) -> str:
        return f"{self.release_id}:{self.period_id}:{self.geography_id}:{self.group_a_id}"


def import_job_upload_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{timezone.now():%Y%m%dT%H%M%S}-{filename}"


class ImportJob(models.Model):
    """A large upload imported in the background: its file, choices, progress and outcome.

    Progress lives here rather than in the task backend so that the upload page can be reloaded,
    or opened by a colleague, and still show how far the import has got and how it ended.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    source_file = models.FileField(upload_to=import_job_upload_path, max_length=300)
    original_filename = models.CharField(max_length=255)
    options = models.JSONField(default=dict, help_text="The analyst's import choices.")
    dry_run = models.BooleanField(default=False)
    row_estimate = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, default="Waiting for the background worker")
    errors = models.JSONField(default=list, blank=True, help_text="Every error, as row dicts.")
    comparison = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    release = models.ForeignKey(
        Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="import_job_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"Import of {self.original_filename} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
