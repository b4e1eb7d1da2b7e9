"""What the API returns (pydantic models through django-ninja)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field("about:blank", description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, and how to put it right.")
    instance: str = Field(description="The request's path.")


class Department(Schema):
    slug: str
    name: str
    abbreviation: str
    url: str


class Outcome(Schema):
    slug: str
    mission: str = Field(description="The mission's slug.")
    title: str
    area: str
    description: str
    lead_department: Department
    contributing_departments: list[Department]
    indicators: list[str] = Field(description="Slugs of its indicators published at as_at.")


class Mission(Schema):
    slug: str
    title: str
    summary: str
    outcomes: list[Outcome]


class Group(Schema):
    slug: str
    name: str
    rank: int | None = Field(description="Order within an ordered characteristic (1 first).")
    parent: str | None = Field(description="Slug of the broader group it nests in.")
    is_default_reference: bool


class Characteristic(Schema):
    slug: str
    name: str
    kind: str
    description: str
    is_ordered: bool
    groups: list[Group]


class Breakdown(Schema):
    characteristic: str = Field(description="The characteristic's slug.")
    name: str
    reference_group: str | None = Field(description="Slug of the group gaps are measured against.")


class Source(Schema):
    publisher: str
    dataset: str
    url: str


class Release(Schema):
    indicator: str
    version: int
    status: str = Field(description="published, or superseded by a later release.")
    published_at: dt.datetime
    is_current: bool = Field(description="Whether it was the indicator's current release at as_at.")
    is_synthetic: bool
    note: str
    revision_reason: str = Field(description="Why it corrects the release before it, if it does.")
    limits_confidence: int = Field(description="Confidence level (%) of its published limits.")
    row_count: int


class Links(Schema):
    page: str
    csv: str
    xlsx: str
    ods: str


class Indicator(Schema):
    slug: str
    title: str
    short_title: str
    area: str
    measures: str
    unit: str
    measure_type: str
    rate_per: int | None
    decimal_places: int
    polarity: str
    gap_measure: str
    source: Source
    licence: str
    statistical_status: str
    frequency: str
    geography_coverage: str
    methodology: str
    next_release: str
    owner: Department
    breakdowns: list[Breakdown]
    current_release: Release
    links: Links


class Geography(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class Period(Schema):
    label: str
    type: str
    start: dt.date
    end: dt.date


class Observation(Schema):
    """One figure, with the same columns as the CSV downloads (and slugs for filtering)."""

    indicator: str
    release: int
    release_published: dt.datetime
    period: str
    period_type: str
    period_start: dt.date
    period_end: dt.date
    geography_code: str
    geography_name: str
    characteristic: str | None
    characteristic_slug: str | None
    group: str | None
    group_slug: str | None
    characteristic_2: str | None
    characteristic_2_slug: str | None
    group_2: str | None
    group_2_slug: str | None
    value: float | None
    lower: float | None
    upper: float | None
    limits_confidence: int | None
    limits_source: str | None
    numerator: float | None
    denominator: float | None
    sample_size: int | None
    marker: str | None
    quality: str | None
    unit: str
    measure: str
    note: str | None


class Gap(Observation):
    """A group's figure with its gap to the reference group, as the indicator page gives it."""

    reference_group: str
    is_reference: bool
    gap: float | None
    gap_lower: float | None
    gap_upper: float | None
    ratio: float | None
    ratio_lower: float | None
    ratio_upper: float | None
    gap_significant: bool | None
    gap_direction: str | None


class Index(Schema):
    title: str
    as_at: dt.datetime
    endpoints: dict[str, str]


class MissionList(Schema):
    as_at: dt.datetime
    results: list[Mission]


class OutcomeList(Schema):
    as_at: dt.datetime
    results: list[Outcome]


class IndicatorList(Schema):
    as_at: dt.datetime
    results: list[Indicator]


class CharacteristicList(Schema):
    as_at: dt.datetime
    results: list[Characteristic]


class GeographyList(Schema):
    as_at: dt.datetime
    results: list[Geography]


class PeriodList(Schema):
    as_at: dt.datetime
    results: list[Period]


class ReleaseList(Schema):
    as_at: dt.datetime
    results: list[Release]


class ObservationPage(Schema):
    as_at: dt.datetime = Field(description="The moment answered; later pages keep it.")
    next: str | None = Field(description="The next page's address; null on the last page.")
    results: list[Observation]


class GapList(Schema):
    as_at: dt.datetime
    indicator: str
    characteristic: str
    reference_group: str | None
    results: list[Gap]
