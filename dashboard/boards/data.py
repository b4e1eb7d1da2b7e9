"""What a quarterly review shows, as plain data: every figure, gap, target, change and chart.

A review is computed into these dataclasses (``dashboard.boards.review``); the page, the PDF
and the spreadsheet are all made from them, so all three hold the same numbers. At sign-off
they are frozen as JSON (``ReviewData.to_json``) in ``Review.content`` and read back with
``ReviewData.from_json``: a signed-off review reads the same however the data are revised.

Numbers are kept raw (for the spreadsheet) and as the words the page shows (``text``), written
once by ``dashboard.formatting.Units``.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")

#: The shape of the JSON; bump it when a field changes meaning (old reviews keep theirs).
SCHEMA = 1

#: GOV.UK tag colours by target status: colour is never the only signal (the tag says it).
STATUS_TAG = {
    "met": "govuk-tag--green",
    "on_track": "govuk-tag--green",
    "some_progress": "govuk-tag--yellow",
    "off_track": "govuk-tag--red",
    "missed": "govuk-tag--red",
    "not_enough_data": "govuk-tag--grey",
}


@dataclasses.dataclass
class Revisable:
    """Something a review shows that a later release may revise."""

    #: Later revisions, noted beside the figure ("revised on 3 March 2027 to 12.4%"). Filled
    #: when a page is shown (never frozen): they are what happened after the review's date.
    revisions: list[str] = dataclasses.field(default_factory=list, kw_only=True)


@dataclasses.dataclass
class Figure(Revisable):
    """One published number: a value for a group (or all people) in a place and period.

    ``key`` names it independently of the release, so that a later release's value for the
    same thing can be found and noted as a revision: "v:indicator:period:place:group" for a
    value (group 0 is all people), "g:indicator:period:place:group:comparison" for a gap.
    """

    key: str
    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    text: str = ""
    interval: str = ""


@dataclasses.dataclass
class GapRow(Revisable):
    """A group's gap to its reference group in the latest period, with its direction."""

    group: str
    reference: str
    place: str
    period: str
    value: Figure
    reference_value: Figure
    difference: float | None
    difference_lower: float | None
    difference_upper: float | None
    significant: bool | None
    text: str
    #: ``stats.gap_direction`` label and worse flag, and the words for them.
    direction: str
    direction_text: str
    worse: bool | None
    #: Listed as worse and widening across the whole review (Benjamini–Hochberg at 5%).
    worse_and_widening: bool
    #: Names the gap itself ("g:indicator:period:place:group:reference") for its revisions.
    key: str = ""
    #: The breakdown, when it is not the indicator's primary one (a flagged gap of another).
    characteristic: str = ""


@dataclasses.dataclass
class TrajectoryPoint:
    period: str
    value: float


@dataclasses.dataclass
class TargetRow:
    """A target with its status computed from the published data by ``stats.progress``."""

    id: int
    statement: str
    is_illustrative: bool
    kind: str  # "value" or "gap"
    owner: str
    owner_slug: str
    note: str
    parent_id: int | None
    place: str
    group: str
    comparison_group: str
    measured: str  # "Eligible for free school meals, England" / "gap: Disabled − Not disabled"
    baseline_period: str
    baseline: Figure | None
    target_value: float
    target_text: str
    target_date: str  # ISO date
    target_date_text: str
    latest: Figure | None
    expected: float | None
    expected_text: str
    ratio: float | None
    status: str
    status_text: str
    status_reason: str
    warnings: list[str]
    trajectory: list[TrajectoryPoint]
    target_label: str  # the chart's category for the target date, "2030 (target)"
    #: How the status is decided, in words (``stats.progress``'s rule), frozen with it.
    rule: str = ""

    @property
    def tag_class(self) -> str:
        return STATUS_TAG.get(self.status, "govuk-tag--grey")


@dataclasses.dataclass
class SeriesLine:
    name: str
    periods: list[str]
    values: list[float | None]
    lower: list[float | None]
    upper: list[float | None]
    is_reference: bool = False


@dataclasses.dataclass
class ChartData:
    """A small trend (or gap) chart: lines by period, with targets' trajectories."""

    id: str
    title: str
    summary: str
    measure: str  # "value" or "gap"
    y_title: str
    periods: list[str]
    lines: list[SeriesLine]
    target_ids: list[int]


@dataclasses.dataclass
class ReleaseRef:
    id: int
    version: int
    published: str  # ISO datetime
    published_text: str
    is_correction: bool = False
    reason: str = ""


@dataclasses.dataclass
class IndicatorReview:
    id: int
    slug: str
    title: str
    unit: str
    decimal_places: int
    polarity: str
    is_synthetic: bool
    source: str
    release: ReleaseRef | None
    place: str
    headline: Figure | None
    characteristic: str
    gaps: list[GapRow]
    gaps_note: str
    targets: list[TargetRow]
    data_gaps: list[str]
    chart: ChartData | None
    #: Since the previous quarter's review.
    changes: list[str]
    new_releases: list[ReleaseRef]
    revised: list[str]
    status_changes: list[str]
    new_data_gaps: list[str]
    worse_and_widening: bool = False
    off_track: bool = False


@dataclasses.dataclass
class OutcomeReview:
    id: int
    slug: str
    title: str
    description: str
    lead: str
    lead_slug: str
    contributing: list[str]
    contributing_slugs: list[str]
    picture: str
    indicators: list[IndicatorReview]
    #: Indicators with no release published by the review's date.
    unpublished: list[str]


@dataclasses.dataclass
class ReviewData:
    schema: int
    mission_slug: str
    mission_title: str
    year: int
    quarter: int
    as_at: str  # ISO datetime, the quarter's last instant in London
    as_at_text: str
    previous_label: str
    computed_at: str
    outcomes: list[OutcomeReview]
    #: The releases current at the review's date: what every figure was read from.
    release_ids: list[int]
    has_synthetic: bool = False
    has_illustrative: bool = False

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewData:
        return _load(cls, data)

    def indicators(self) -> list[IndicatorReview]:
        return [i for outcome in self.outcomes for i in outcome.indicators]


def _load(cls: type[T], data: Any) -> T:
    """A dataclass (and the dataclasses inside it) from what ``dataclasses.asdict`` gave."""
    hints = get_type_hints(cls)
    values = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name in data:
            values[field.name] = _value(hints[field.name], data[field.name])
    return cls(**values)


def _value(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _value(options[0], data) if len(options) == 1 else data
    if origin is list:
        (item,) = get_args(hint)
        return [_value(item, v) for v in data]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _load(hint, data)
    return data
