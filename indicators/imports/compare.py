"""A new release against the indicator's current published one: what was added, removed, revised."""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from indicators.models import Geography, Group, Indicator, Observation, Period, Release

KEY = ["period_id", "geography_id", "group_a_id", "group_b_id"]
COMPARED = [*KEY, "value", "marker"]
SAMPLE_ROWS = 100


@dataclass(frozen=True)
class Comparison:
    """Counts of changes and up to ``SAMPLE_ROWS`` example rows of each kind."""

    against: Release | None
    added: int = 0
    removed: int = 0
    revised: int = 0
    unchanged: int = 0
    periods_added: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The comparison as JSON, kept on a background job for its result page."""
        return {
            "against": str(self.against) if self.against else "",
            "added": self.added,
            "removed": self.removed,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "periods_added": list(self.periods_added),
            "rows": list(self.rows),
        }


def compare_release(*, release: Release) -> Comparison:
    """A stored release against the one the public sees now, for the approve and publish steps."""
    return compare(indicator=release.indicator, frame=_observations(release))


def compare(*, indicator: Indicator, frame: pd.DataFrame) -> Comparison:
    """Compare typed rows (with ``period_id``) to the release the public sees now.

    During an embargo that is the release still public, not the one scheduled to replace it.
    """
    against = Release.objects.current_for(indicator)
    new = _keyed(frame[COMPARED])
    if against is None:
        return Comparison(against=None, added=len(new), periods_added=_period_labels(new))
    old = _keyed(_observations(against))
    merged = old.merge(new, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    both = merged["_merge"] == "both"
    same_value = np.isclose(
        merged["value_old"].astype(float), merged["value_new"].astype(float), equal_nan=True
    )
    revised = both & (~same_value | (merged["marker_old"] != merged["marker_new"]))
    added = merged["_merge"] == "right_only"
    removed = merged["_merge"] == "left_only"
    old_periods = set(old["period_id"])
    new_periods = new.loc[~new["period_id"].isin(old_periods)]
    rows = pd.concat(
        [
            merged.loc[added].head(SAMPLE_ROWS).assign(change="added"),
            merged.loc[removed].head(SAMPLE_ROWS).assign(change="removed"),
            merged.loc[revised].head(SAMPLE_ROWS).assign(change="revised"),
        ]
    )
    return Comparison(
        against=against,
        added=int(added.sum()),
        removed=int(removed.sum()),
        revised=int(revised.sum()),
        unchanged=int((both & ~revised).sum()),
        periods_added=_period_labels(new_periods),
        rows=_describe(rows),
    )


def _observations(release: Release) -> pd.DataFrame:
    """A stored release's keys, values and markers, in one query."""
    return pd.DataFrame.from_records(
        Observation.objects.filter(release=release).values_list(*COMPARED),
        columns=COMPARED,
    )


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """Keys as integers, a missing group as 0, so that rows of both releases merge."""
    out = frame.copy()
    for column in KEY:
        out[column] = out[column].astype("float64").fillna(0).astype("int64")
    return out


def _period_labels(frame: pd.DataFrame) -> list[str]:
    ids = frame["period_id"].drop_duplicates().tolist()
    return [p.label for p in Period.objects.filter(id__in=ids)]


def _describe(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Readable rows for the preview table: labels instead of ids, old → new figures."""
    if rows.empty:
        return []
    periods = dict(Period.objects.filter(id__in=set(rows["period_id"])).values_list("id", "label"))
    places = dict(
        Geography.objects.filter(id__in=set(rows["geography_id"])).values_list("id", "name")
    )
    group_ids = set(rows["group_a_id"]) | set(rows["group_b_id"])
    groups = dict(Group.objects.filter(id__in=group_ids).values_list("id", "name"))
    described = []
    for row in rows.to_dict("records"):
        names = [groups[g] for g in (row["group_a_id"], row["group_b_id"]) if g in groups]
        described.append(
            {
                "change": row["change"],
                "period": periods.get(row["period_id"], ""),
                "geography": places.get(row["geography_id"], ""),
                "breakdown": " × ".join(names) or "All people",
                "old": _figure(row.get("value_old"), row.get("marker_old")),
                "new": _figure(row.get("value_new"), row.get("marker_new")),
            }
        )
    return described


def _figure(value: object, marker: object) -> str:
    """A figure for the preview: the marker in brackets, or the number as written."""
    if isinstance(marker, str) and marker:
        return f"[{marker}]"
    if isinstance(value, Real) and not np.isnan(float(value)):
        return f"{float(value):g}"
    return ""
