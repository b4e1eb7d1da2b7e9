"""Observations as tidy DataFrames: one row per observation, the source of every download and
of the API's observation and gap rows, so that each gives the same numbers.

The numbers are the pages' own: missing 95% limits are filled from counts with
``dashboard.intervals`` (and flagged in ``limits_source``), and gaps come from
``indicators.stats.gaps_frame`` called exactly as the indicator page calls it (reference group
by id, per period and place). Computed numbers are rounded to 12 significant figures, beyond
any published precision but short of binary noise (11.1 − 10.1 is 1, not 0.9999999999999982),
so a CSV, a spreadsheet and the API's JSON carry the same number.

One query per frame, whatever the number of rows: names, codes and dates are joined in SQL.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.db.models import QuerySet

from dashboard import intervals
from indicators import selectors, stats
from indicators.models import Group, Indicator, Observation, Release

#: Significant figures of every number a download or the API gives.
SIGNIFICANT_FIGURES = 12


@dataclass(frozen=True)
class Column:
    """A documented column of the tidy table (its Frictionless type and meaning)."""

    name: str
    type: str
    description: str


#: The data dictionary: every documented column of the tidy tables, in order.
DICTIONARY = Path(__file__).with_name("columns.csv")


def _documented(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` ("observation" or "gap") as the data dictionary documents them."""
    with DICTIONARY.open(encoding="utf-8", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["table"] == table]
    return tuple(Column(row["name"], row["type"], row["description"]) for row in rows)


OBSERVATION_COLUMNS: tuple[Column, ...] = _documented("observation")
GAP_COLUMNS: tuple[Column, ...] = _documented("gap")

#: Numbers computed or read here, rounded to SIGNIFICANT_FIGURES.
NUMBER_COLUMNS = (
    "value",
    "lower",
    "upper",
    "numerator",
    "denominator",
    "gap",
    "gap_lower",
    "gap_upper",
    "ratio",
    "ratio_lower",
    "ratio_upper",
)
#: stats.gaps_frame's names → this table's.
_GAP_NAMES = {
    "difference": "gap",
    "difference_lower": "gap_lower",
    "difference_upper": "gap_upper",
    "ratio": "ratio",
    "ratio_lower": "ratio_lower",
    "ratio_upper": "ratio_upper",
}


def _breakdown_fields(column: str, side: str) -> dict[str, str]:
    """The id, slug, name and display order of one side of a breakdown (``characteristic_a``,
    ``group_b``, ...) as the frame columns ``column_id``, ``column_slug``, ``column`` and
    ``column_order``."""
    return {
        f"{column}_id": f"{side}_id",
        f"{column}_slug": f"{side}__slug",
        column: f"{side}__name",
        f"{column}_order": f"{side}__display_order",
    }


#: Frame column → the ORM path it is read from.
_FIELDS = {
    "observation_id": "pk",
    "indicator_id": "release__indicator_id",
    "release_id": "release_id",
    "release": "release__version",
    "release_published": "release__publish_at",
    "release_limits_confidence": "release__limits_confidence",
    "period_id": "period_id",
    "period": "period__label",
    "period_type": "period__type",
    "period_start": "period__start",
    "period_end": "period__end",
    "geography_id": "geography_id",
    "geography_code": "geography__code",
    "geography_name": "geography__name",
    "geography_level": "geography__level",
    **_breakdown_fields("characteristic", "characteristic_a"),
    **_breakdown_fields("group", "group_a"),
    **_breakdown_fields("characteristic_2", "characteristic_b"),
    **_breakdown_fields("group_2", "group_b"),
    **{name: name for name in Observation.NUMERIC_MEASURES},
    **{name: name for name in Observation.TEXT_MEASURES},
}
_ID_COLUMNS = ("characteristic_id", "group_id", "characteristic_2_id", "group_2_id")
_TEXT_COLUMNS: tuple[str, ...] = ("characteristic", "group", "characteristic_2", "group_2")
_TEXT_COLUMNS += ("characteristic_slug", "group_slug", "characteristic_2_slug", "group_2_slug")
LIMITS_COMPUTED = "computed from counts"
LIMITS_PUBLISHED = "published"


def significant(values: pd.Series, figures: int = SIGNIFICANT_FIGURES) -> pd.Series:
    """``values`` rounded to ``figures`` significant figures (NaN stays NaN)."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    rounded = [float(f"{x:.{figures}g}") if x == x else np.nan for x in numbers.tolist()]
    return pd.Series(rounded, index=values.index, dtype="float64")


def observations_of(*, release_ids: Collection[int]) -> QuerySet[Observation]:
    """The observations of these releases (filter further before :func:`tidy_frame`)."""
    return Observation.objects.filter(release_id__in=list(release_ids))


def tidy_frame(
    observations: QuerySet[Observation], *, indicators: Mapping[int, Indicator]
) -> pd.DataFrame:
    """One query: ``observations`` as the tidy table, with limits filled from counts as the
    pages fill them. ``indicators`` maps the id of every indicator the rows belong to."""
    records = list(observations.values_list(*_FIELDS.values()))
    frame = pd.DataFrame.from_records(records, columns=list(_FIELDS))
    frame = frame.astype(dict.fromkeys(Observation.NUMERIC_MEASURES, "float64"))
    for column in _ID_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].fillna("").astype(object)
    frame["sample_size"] = frame["sample_size"].astype("Int64")
    for column in ("marker", "quality"):
        frame[column] = [f"[{code}]" if code else "" for code in frame[column].tolist()]
    frame = _with_limits(frame, indicators=indicators)
    frame["indicator"] = frame["indicator_id"].map({pk: i.slug for pk, i in indicators.items()})
    frame["unit"] = frame["indicator_id"].map({pk: i.unit for pk, i in indicators.items()})
    measures = {pk: i.get_measure_type_display() for pk, i in indicators.items()}
    frame["measure"] = frame["indicator_id"].map(measures)
    for column in NUMBER_COLUMNS:
        if column in frame.columns:
            frame[column] = significant(frame[column])
    return frame


def _with_limits(frame: pd.DataFrame, *, indicators: Mapping[int, Indicator]) -> pd.DataFrame:
    """Missing 95% limits filled from counts (``dashboard.intervals``, as the pages do), and
    where each row's limits come from and at what confidence."""
    if frame.empty:
        frame = frame.assign(**{intervals.COMPUTED: False})
    else:
        methods = {pk: intervals.counts_method(i) for pk, i in indicators.items()}
        frame = intervals.with_computed_limits_by(
            frame, methods=frame["indicator_id"].map(methods).astype(object)
        )
    computed = frame[intervals.COMPUTED].astype(bool)
    published = ~computed & (frame["lower"].notna() | frame["upper"].notna())
    frame["limits_source"] = np.select(
        [computed, published], [LIMITS_COMPUTED, LIMITS_PUBLISHED], default=""
    ).astype(object)
    confidence = frame["release_limits_confidence"].astype("Int64").where(published)
    frame["limits_confidence"] = confidence.mask(computed, 95).astype("Int64")
    return frame


def with_gaps(frame: pd.DataFrame, *, reference: Group | None) -> pd.DataFrame:
    """Rows of one characteristic's single groups, with every group's gap to ``reference``:
    ``stats.gaps_frame`` as the indicator page calls it (per period and place)."""
    out = frame.copy()
    if reference is None or out.empty:
        for name in _GAP_NAMES.values():
            out[name] = np.nan
        out["is_reference"] = False
        out["gap_significant"] = pd.array([pd.NA] * len(out), dtype="boolean")
    else:
        out["group_id"] = out["group_id"].astype(int)
        out = stats.gaps_frame(
            out,
            reference_group=reference.pk,
            group="group_id",
            period="period_id",
            by=["geography_id"],
        )
        out = out.rename(columns={**_GAP_NAMES, "significant": "gap_significant"})
        out["gap_significant"] = out["gap_significant"].astype("boolean")
    out["reference_group"] = reference.name if reference else ""
    sign = np.sign(out["gap"].to_numpy(dtype=float))
    out["gap_direction"] = pd.Series(
        np.select([sign > 0, sign < 0, sign == 0], ["higher", "lower", "same"], default=""),
        index=out.index,
        dtype=object,
    )
    for column in _GAP_NAMES.values():
        out[column] = significant(out[column])
    return out


def for_reading(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in reading order: period, place (widest first), characteristic, group."""
    if frame.empty:
        return frame.reset_index(drop=True)
    keys = frame.assign(
        _level=frame["geography_level"].map(selectors.LEVEL_ORDER),
        _char=frame["characteristic_order"].fillna(-1),
        _group=frame["group_order"].fillna(-1),
        _char_2=frame["characteristic_2_order"].fillna(-1),
        _group_2=frame["group_2_order"].fillna(-1),
    )
    order = [
        "period_end",
        "period_start",
        "_level",
        "geography_code",
        "_char",
        "characteristic",
        "_group",
        "group",
        "_char_2",
        "characteristic_2",
        "_group_2",
        "group_2",
        "observation_id",
    ]
    ordered = keys.sort_values(order, kind="stable")
    return frame.loc[ordered.index].reset_index(drop=True)


def release_frame(*, indicator: Indicator, release: Release) -> pd.DataFrame:
    """Every observation of one release (all people, groups and crosses), in reading order."""
    observations = observations_of(release_ids=[release.pk])
    return for_reading(tidy_frame(observations, indicators={indicator.pk: indicator}))


def breakdown_frame(
    *,
    indicator: Indicator,
    release: Release,
    breakdown: selectors.Breakdown | None,
    geography_ids: Collection[int] | None = None,
    period_ids: Collection[int] | None = None,
    group_ids: Collection[int] | None = None,
) -> pd.DataFrame:
    """One breakdown of one release (``None``: all people), with gaps to its reference group
    computed over every group (as the page does), then narrowed to ``group_ids``."""
    observations = observations_of(release_ids=[release.pk])
    if breakdown is None:
        observations = observations.filter(characteristic_a__isnull=True)
    else:
        observations = observations.filter(
            characteristic_a_id=breakdown.characteristic.pk, group_b__isnull=True
        )
    if geography_ids is not None:
        observations = observations.filter(geography_id__in=list(geography_ids))
    if period_ids is not None:
        observations = observations.filter(period_id__in=list(period_ids))
    frame = tidy_frame(observations, indicators={indicator.pk: indicator})
    frame = with_gaps(frame, reference=breakdown.reference if breakdown else None)
    if group_ids is not None and breakdown is not None:
        frame = frame[frame["group_id"].isin(list(group_ids))]
    return for_reading(frame)


#: The documented columns of a whole-indicator table and of a breakdown (a view), in order.
RELEASE_COLUMNS = OBSERVATION_COLUMNS
VIEW_COLUMNS = OBSERVATION_COLUMNS + GAP_COLUMNS
