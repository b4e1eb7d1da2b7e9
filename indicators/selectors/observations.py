"""Observations as pandas DataFrames, one query each.

Callers compute gaps for every group and period at once with ``indicators.stats.gaps_frame``
rather than cell by cell. The measure columns are the model's own (``Observation``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from indicators import disclosure, stats
from indicators.models import Geography, Observation
from indicators.selectors.coverage import LEVEL_ORDER

OBSERVATION_COLUMNS = [
    "release_id",
    "period_id",
    "geography_id",
    "group_a_id",
    "group_b_id",
    *Observation.NUMERIC_MEASURES,
    *Observation.TEXT_MEASURES,
]
FLOAT_COLUMNS = list(Observation.NUMERIC_MEASURES)
#: Read beside the observation columns so that the disclosure rule can be applied.
DISCLOSURE_EXTRA = ["characteristic_a_id", "characteristic_b_id", "threshold"]


def disclosed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (one or more releases, with ``DISCLOSURE_EXTRA``) with every cell the
    disclosure rule hides shown as [c]: figures blanked, marker "c", no quality flag."""
    if frame.empty:
        return frame
    hidden = pd.Series(False, index=frame.index)
    for _, cells in frame.groupby("release_id"):
        threshold = cells["threshold"].iloc[0]
        limit = None if pd.isna(threshold) else int(threshold)
        hidden.loc[cells.index] = disclosure.suppressed(cells, threshold=limit)
    if not hidden.any():
        return frame
    out = frame.copy()
    out.loc[hidden, FLOAT_COLUMNS] = float("nan")
    out.loc[hidden, "marker"] = Observation.Marker.CONFIDENTIAL
    out.loc[hidden, "quality"] = ""
    return out


def observation_frame(
    *,
    release_ids: Collection[int],
    characteristic_id: int | None,
    geography_ids: Collection[int] | None = None,
    period_ids: Collection[int] | None = None,
    cross_characteristic_id: int | None = None,
) -> pd.DataFrame:
    """One query: the observations of these releases for one breakdown, as a DataFrame, with
    the disclosure rule applied (small numbers shown as [c]; see ``indicators.disclosure``).

    ``characteristic_id`` None gives the "all people" rows; with ``cross_characteristic_id`` the
    intersections of the two characteristics (stored in canonical order, either way round).
    The same query reads the totals the rule needs (all people; for a cross, both
    characteristics' single figures) and drops them after.
    """
    all_people = Q(characteristic_a__isnull=True)
    if characteristic_id is None:
        wanted = all_people
        margins = Q()
    elif cross_characteristic_id is None:
        wanted = Q(characteristic_a_id=characteristic_id, group_b__isnull=True)
        margins = all_people
    else:
        first, second = sorted((characteristic_id, cross_characteristic_id))
        wanted = Q(characteristic_a_id=first, characteristic_b_id=second)
        margins = all_people | Q(characteristic_a_id__in=[first, second], group_b__isnull=True)
    queryset = Observation.objects.filter(
        wanted | margins if margins else wanted, release_id__in=list(release_ids)
    )
    if geography_ids is not None:
        queryset = queryset.filter(geography_id__in=list(geography_ids))
    if period_ids is not None:
        queryset = queryset.filter(period_id__in=list(period_ids))
    rows = queryset.annotate(
        wanted=ExpressionWrapper(wanted, output_field=BooleanField()),
        threshold=F("release__indicator__disclosure_threshold"),
    )
    columns = [*OBSERVATION_COLUMNS, *DISCLOSURE_EXTRA]
    frame = pd.DataFrame.from_records(
        list(rows.values_list(*columns, "wanted")), columns=[*columns, "wanted"]
    ).astype(dict.fromkeys(FLOAT_COLUMNS, "float64"))
    frame = disclosed(frame)
    return frame[frame["wanted"].astype(bool)].drop(columns=[*DISCLOSURE_EXTRA, "wanted"])


def with_revisions(
    frame: pd.DataFrame, *, current_id: int, previous_id: int | None
) -> pd.DataFrame:
    """The current release's rows, with ``revised`` True where the previous visible release
    gave a different value (or marker) for the same period, place and breakdown."""
    keys = ["period_id", "geography_id", "group_a_id", "group_b_id"]
    current = frame[frame["release_id"] == current_id].copy()
    if previous_id is None:
        current["previous_value"] = float("nan")
        current["revised"] = False
        return current.reset_index(drop=True)
    previous = frame.loc[frame["release_id"] == previous_id, [*keys, "value", "marker"]].rename(
        columns={"value": "previous_value", "marker": "previous_marker"}
    )
    merged = current.merge(previous, on=keys, how="left", indicator="_had_previous")
    had_previous = merged.pop("_had_previous") == "both"
    value_changed = ~(
        (merged["value"] == merged["previous_value"])
        | (merged["value"].isna() & merged["previous_value"].isna())
    )
    merged["revised"] = had_previous & (
        value_changed | (merged["marker"] != merged["previous_marker"])
    )
    return merged.drop(columns=["previous_marker"])


#: DataFrame column → the observation's ORM path, for reads of all-people and single-group rows
#: (``single_group_frame``): the key, the place, the group, the figures and what qualifies them.
ROW_PATHS = {
    "release_id": "release_id",
    "indicator_id": "release__indicator_id",
    "period_id": "period_id",
    "period_label": "period__label",
    "period_end": "period__end",
    "geography_id": "geography_id",
    "geography_code": "geography__code",
    "geography_level": "geography__level",
    "geography_name": "geography__name",
    "characteristic_id": "characteristic_a_id",
    "group_id": "group_a_id",
    "group_name": "group_a__name",
    "group_order": "group_a__display_order",
    **{measure: measure for measure in Observation.NUMERIC_MEASURES},
    "limits_confidence": "release__limits_confidence",
    "marker": "marker",
    "quality": "quality",
    "group_b_id": "group_b_id",
    "characteristic_b_id": "characteristic_b_id",
    "threshold": "release__indicator__disclosure_threshold",
}
#: Read beside the headline columns, for the disclosure rule, then dropped.
_HEADLINE_EXTRA = ["group_b_id", "characteristic_b_id", "marker", "quality", "threshold"]
#: What ``headline_frame`` returns: the rows' key, place, group and figures.
HEADLINE_COLUMNS = [
    column
    for column in ROW_PATHS
    if column not in {"geography_name", "group_order", *_HEADLINE_EXTRA}
]


def single_group_frame(observations: QuerySet[Observation], columns: Sequence[str]) -> pd.DataFrame:
    """One query: these ``ROW_PATHS`` columns of the observations, the figures as floats."""
    rows = observations.values_list(*(ROW_PATHS[column] for column in columns))
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    return frame.astype({column: "float64" for column in FLOAT_COLUMNS if column in columns})


def headline_frame(
    *, release_ids: Collection[int], characteristic_id: int | None = None
) -> pd.DataFrame:
    """One query: all-people and single-group values of these releases in their widest place.

    Mission cards and the "worse and worsening" list compare groups nationally, so only the
    widest geography each release covers is kept (the UK before a country, a country before a
    region); ``characteristic_id``/``group_id`` are NaN on all-people rows. With
    ``characteristic_id`` only that characteristic's groups are read. ``limits_confidence``
    is the confidence (90, 95 or 99) of the limits the row's release publishes.
    """
    observations = Observation.objects.all()
    if characteristic_id is not None:
        # All-people rows too: the disclosure rule needs the totals, dropped after.
        observations = observations.filter(
            Q(characteristic_a_id=characteristic_id) | Q(characteristic_a__isnull=True)
        )
    rows = observations.filter(
        release_id__in=list(release_ids),
        group_b__isnull=True,
        geography__level__in=[
            Geography.Level.UK,
            Geography.Level.GREAT_BRITAIN,
            Geography.Level.COUNTRY,
        ],
    )
    frame = single_group_frame(rows, [*HEADLINE_COLUMNS, *_HEADLINE_EXTRA])
    as_observations = {"characteristic_id": "characteristic_a_id", "group_id": "group_a_id"}
    frame = disclosed(frame.rename(columns=as_observations))
    frame = frame.rename(columns={v: k for k, v in as_observations.items()})
    if characteristic_id is not None:
        frame = frame[frame["characteristic_id"].notna()]
    frame = frame.drop(columns=_HEADLINE_EXTRA)
    if frame.empty:
        return frame.reset_index(drop=True)
    frame["level_order"] = frame["geography_level"].map(LEVEL_ORDER)
    widest = frame.sort_values(["level_order", "geography_code"]).drop_duplicates("release_id")
    keep = frame.set_index(["release_id", "geography_id"]).index.isin(
        widest.set_index(["release_id", "geography_id"]).index
    )
    return frame[keep].drop(columns=["level_order"]).reset_index(drop=True)


CALCULATED_NOTE = "Calculated from local authority figures."


def local_authority_areas() -> dict[int, list[int]]:
    """Each local authority's id → the wider areas it lies in (region, country): one query."""
    rows = Geography.objects.filter(level=Geography.Level.LOCAL_AUTHORITY).values_list(
        "pk", "parent_id", "parent__parent_id"
    )
    return {pk: [p for p in (parent, grand) if p is not None] for pk, parent, grand in rows}


@dataclass(frozen=True)
class AreaParents:
    """The wider areas local authorities lie in, as :func:`local_authority_parents` reads them."""

    #: Each local authority's id → the ids of its region and country.
    parents: dict[int, list[int]] = field(default_factory=dict)
    #: Those regions and countries by id (pk, code, name and level only).
    areas: dict[int, Geography] = field(default_factory=dict)


def local_authority_parents() -> AreaParents:
    """As :func:`local_authority_areas`, with the wider areas' codes and names: one query."""
    rows = Geography.objects.filter(level=Geography.Level.LOCAL_AUTHORITY).values_list(
        "pk",
        "parent_id",
        "parent__code",
        "parent__name",
        "parent__level",
        "parent__parent_id",
        "parent__parent__code",
        "parent__parent__name",
        "parent__parent__level",
    )
    found = AreaParents()
    for pk, *above in rows:
        ids: list[int] = []
        for area_id, code, name, level in (above[:4], above[4:]):
            if not isinstance(area_id, int):
                continue
            ids.append(area_id)
            if area_id not in found.areas:
                found.areas[area_id] = Geography(
                    pk=area_id, code=str(code), name=str(name), level=str(level)
                )
        found.parents[pk] = ids
    return found


def calculated_area_frame(
    *,
    release_ids: Collection[int],
    characteristic_id: int | None,
    cross_characteristic_id: int | None = None,
    areas: Mapping[int, Sequence[int]] | None = None,
) -> pd.DataFrame:
    """Region and country figures calculated from local authority counts (two queries; one
    when ``areas``, each authority's wider areas as :func:`local_authority_areas` gives them,
    is passed in).

    For sources that publish only local authorities with counts; see
    ``indicators.stats.aggregate_counts`` for the rule. The authorities are read through
    :func:`observation_frame`, so a cell the disclosure rule hides leaves its areas without a
    figure rather than one that would give it back by subtraction. Rows have the observation
    columns, ``note`` saying how they were made, and ``calculated`` True.
    """
    if areas is None:
        areas = local_authority_areas()
    authorities = observation_frame(
        release_ids=release_ids,
        characteristic_id=characteristic_id,
        cross_characteristic_id=cross_characteristic_id,
        geography_ids=list(areas),
    )
    parts = []
    for release_id, rows in authorities.groupby("release_id"):
        calculated = stats.aggregate_counts(rows[rows["value"].notna()], areas=areas)
        parts.append(calculated.assign(release_id=release_id))
    columns = [*OBSERVATION_COLUMNS, "calculated"]
    if not parts:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(parts, ignore_index=True).assign(
        sample_size=float("nan"), marker="", quality="", note=CALCULATED_NOTE
    )
    return frame[columns].astype(dict.fromkeys(FLOAT_COLUMNS, "float64"))
