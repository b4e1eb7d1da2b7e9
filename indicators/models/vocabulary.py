"""The breakdown vocabulary: departments, characteristics and their groups, places, periods."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from indicators.models.fields import optional_key


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
        indexes = [
            GinIndex(
                SearchVector("name", "description", config="english"), name="characteristic_search"
            )
        ]

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
    parent = optional_key(
        "self",
        related_name="children",
        help_text="The broader group this one nests in (e.g. Indian within Asian).",
    )
    is_default_reference = models.BooleanField(
        default=False, help_text="Gaps are measured against this group unless an indicator says"
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["characteristic", "display_order", "rank", "name"]
        indexes = [GinIndex(SearchVector("name", config="english"), name="group_search")]
        constraints = [
            models.UniqueConstraint(fields=["characteristic", "slug"], name="group_unique_slug"),
            models.UniqueConstraint(fields=["characteristic", "name"], name="group_unique_name"),
            # Target of the composite foreign keys from Observation (the app's migration).
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
