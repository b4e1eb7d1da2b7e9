"""National figures across many indicators, for the pages that compare indicators: the home
page's "worse and widening" list, the mission cards and the characteristic heat table.

Everything starts from ``indicators.selectors.headline_frame`` (one query for every indicator's
current release, in the widest place it covers): gaps come from ``indicators.stats.gaps_frame``
in one call per confidence level of the releases' limits, from the counts where both groups
have them (``dashboard.intervals.gap_counts``). Then, for the pages that judge gaps:

* :func:`headline_rows` keeps each indicator's **primary characteristic** (the breakdown its
  title names) and leaves out groups that are not a group of people in their own right
  ("Unknown", "Other", "Not known"): cards and lists speak only of those;
* :func:`gap_directions` gives every gap series its direction (``stats.gap_direction``) and
  the page-wide worse-and-widening list (Benjamini–Hochberg across every gap tested, so call
  it once per page with all the page's gaps);
* :func:`worse_and_worsening` lists the gaps that are worse and widening, worst first;
  :func:`untested_gaps` counts the gaps that could not be tested, and why;
* :func:`group_travel` is each group's own direction of travel and :func:`everyone_verdict`
  answers "improving for everyone?" (``stats.improving_for_everyone``) for one indicator.

These names are stable: other pages (the board views) use them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from dashboard import intervals
from indicators import selectors, stats
from indicators.models import Indicator
from indicators.stats.gap_trend import TESTED_LABELS

#: One series of gaps: a group of a characteristic in an indicator.
GAP_KEYS = ["indicator_id", "characteristic_id", "group_id"]

#: Groups that are not a group of people in their own right: no headline or verdict is about
#: them (their figures stay in the indicator's own tables).
RESIDUAL_GROUP = re.compile(
    r"\b(other|others|unknown|not known|not stated|prefer not to say|missing)\b", re.IGNORECASE
)


#: Groups of people whose group is not known: left out of measures across all groups, which
#: are about the population's groups (an "Other" group is a group of people, and stays in).
UNKNOWN_GROUP = re.compile(
    r"\b(unknown|not known|not stated|prefer not to say|missing)\b", re.IGNORECASE
)


def is_residual_group(name: str) -> bool:
    """ "Unknown", "Other", "Not known", "Asian other", "Any other religion": True."""
    return bool(RESIDUAL_GROUP.search(name))


def national_frames(
    *, indicators: Sequence[Indicator], characteristic_id: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The headline values and the gaps of the indicators' current releases (two queries);
    with ``characteristic_id``, that characteristic's groups only.

    ``indicators`` come from ``selectors.indicator_list`` (annotated with their current
    release)."""
    release_ids = [i.current_release_id for i in indicators if i.current_release_id]  # type: ignore[attr-defined]
    frame = selectors.headline_frame(release_ids=release_ids, characteristic_id=characteristic_id)
    frame = headline_with_limits(frame, indicators=indicators)
    references = selectors.reference_group_map(indicator_ids=[i.pk for i in indicators])
    return frame, gap_frame(frame, references=references, indicators=indicators)


def input_confidence(frame: pd.DataFrame) -> pd.Series:
    """The confidence of each row's limits, as a fraction: its release's ``limits_confidence``
    (0.95 where the frame does not say)."""
    if "limits_confidence" not in frame.columns:
        return pd.Series(0.95, index=frame.index, dtype="float64")
    return (frame["limits_confidence"].astype("float64") / 100).fillna(0.95)


def _methods(frame: pd.DataFrame, indicators: Sequence[Indicator]) -> pd.Series:
    methods = {i.pk: intervals.counts_method(i) for i in indicators}
    return frame["indicator_id"].map(methods).astype(object)


def headline_with_limits(frame: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """``headline_frame`` rows with limits filled from counts where the source gives counts
    but no limits (each indicator by its own measure type, at its release's confidence)."""
    if frame.empty:
        return frame.assign(**{intervals.COMPUTED: False})
    return intervals.with_computed_limits_by(
        frame, methods=_methods(frame, indicators), confidence=input_confidence(frame)
    )


def gap_frame(
    frame: pd.DataFrame,
    *,
    references: dict[tuple[int, int], int],
    indicators: Sequence[Indicator] = (),
) -> pd.DataFrame:
    """Single-group rows of ``headline_frame`` with each group's gap to its reference group:
    from the counts behind percentages where both groups have them (``indicators`` say which
    are percentages), otherwise from the limits, read at each release's confidence."""
    groups = frame[frame["group_id"].notna()].copy()
    if groups.empty:
        return groups.assign(reference_name="", **dict.fromkeys(stats.GAP_COLUMNS, math.nan))
    groups["characteristic_id"] = groups["characteristic_id"].astype(int)
    groups["group_id"] = groups["group_id"].astype(int)
    reference_ids = pd.Series(
        [
            references.get((i, c))
            for i, c in zip(groups["indicator_id"], groups["characteristic_id"], strict=True)
        ],
        index=groups.index,
        dtype="Int64",
    )
    groups["is_ref"] = (reference_ids == groups["group_id"]).fillna(False).astype(bool)
    names = groups.drop_duplicates("group_id").set_index("group_id")["group_name"]
    groups["reference_name"] = reference_ids.map(names)
    groups = intervals.gap_counts(groups, methods=_methods(groups, indicators))
    levels = input_confidence(groups)
    parts = [
        stats.gaps_frame(
            part,
            reference_col="is_ref",
            group="group_id",
            period="period_id",
            by=["indicator_id", "characteristic_id", "geography_id"],
            input_confidence=float(level),
            numerator=intervals.GAP_NUMERATOR,
            denominator=intervals.GAP_DENOMINATOR,
            deft=intervals.GAP_DEFT,
        )
        for level, part in groups.groupby(levels, sort=False)
    ]
    return pd.concat(parts).loc[groups.index]


def headline_rows(frame: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """The rows cards and lists speak of: all-people rows, and the groups of each indicator's
    primary characteristic (of every characteristic, for an indicator without one), leaving
    out groups that are not a group of people in their own right (:func:`is_residual_group`).
    """
    if frame.empty:
        return frame
    primary = {i.pk: i.primary_characteristic_id for i in indicators}
    wanted = frame["indicator_id"].map(primary)
    is_group = frame["group_id"].notna()
    keep = ~is_group | wanted.isna() | (frame["characteristic_id"] == wanted)
    names = frame["group_name"].fillna("").astype(str)
    keep &= ~(is_group & names.map(is_residual_group).astype(bool))
    return frame[keep]


def untested_indicators(*, indicators: Sequence[Indicator], gaps: pd.DataFrame) -> list[Indicator]:
    """Indicators with gaps between groups none of which can be tested (no limits at all):
    the "worse and widening" list cannot speak for them, and says so."""
    with_gap = gaps[gaps["difference"].notna()]
    tested = set(with_gap.loc[with_gap["difference_lower"].notna(), "indicator_id"])
    untested = set(with_gap["indicator_id"]) - tested
    return [i for i in indicators if i.pk in untested]


#: Columns :func:`gap_directions` takes from each series' latest row.
_FROM_LATEST = (
    "group_name",
    "reference_name",
    "period_label",
    "difference_lower",
    "difference_upper",
    "ref_value",
)
#: Columns :func:`gap_directions` adds to ``stats.gap_directions_frame``'s.
DIRECTION_EXTRA = (
    *_FROM_LATEST,
    "start_label",
    "start_difference",
    "first_label",
    "first_difference",
)


def gap_directions(gaps: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """Every gap series' direction and the page-wide worse-and-widening list, in one call.

    ``gaps`` from :func:`national_frames` (usually through :func:`headline_rows`); every
    series in it is one family for the Benjamini–Hochberg control, so pass all of a page's
    gaps at once. Returns ``stats.gap_directions_frame``'s columns (``label``, ``worse``,
    ``latest``, ``size_change``, …, ``worse_and_widening``) and, from the series' rows: the
    group's and reference's names, the latest period's label, limits and reference value; the
    gap at the start of the five periods tested (``start_label``, ``start_difference``: the
    earliest of the last five periods with a gap) and in the first period with a gap
    (``first_label``, ``first_difference``).
    """
    series = gaps[gaps["difference"].notna()]
    columns = [*GAP_KEYS, *stats.GAP_DIRECTION_COLUMNS, *DIRECTION_EXTRA]
    if series.empty:
        return pd.DataFrame(columns=columns)
    polarity = {i.pk: i.polarity for i in indicators}
    series = series.assign(polarity=series["indicator_id"].map(polarity).fillna("neither"))
    directions = stats.gap_directions_frame(
        series, by=GAP_KEYS, order="period_end", polarity_col="polarity"
    )
    ordered = series.sort_values([*GAP_KEYS, "period_end"], kind="stable")
    by_series = ordered.groupby(GAP_KEYS, sort=False)
    latest = by_series.tail(1).set_index(GAP_KEYS)[list(_FROM_LATEST)]
    window = by_series.tail(stats.TREND_POINTS).groupby(GAP_KEYS, sort=False).head(1)
    start = window.set_index(GAP_KEYS)[["period_label", "difference"]].rename(
        columns={"period_label": "start_label", "difference": "start_difference"}
    )
    first = (
        by_series.head(1)
        .set_index(GAP_KEYS)[["period_label", "difference"]]
        .rename(columns={"period_label": "first_label", "difference": "first_difference"})
    )
    out = directions.join(latest, on=GAP_KEYS).join(start, on=GAP_KEYS).join(first, on=GAP_KEYS)
    return out[columns]


def gap_result(row: pd.Series) -> stats.GapDirection:
    """A row of :func:`gap_directions` as the ``stats.GapDirection`` it came from."""
    worse = row["worse"]
    return stats.GapDirection(
        row["label"],
        None if worse is None or (isinstance(worse, float) and math.isnan(worse)) else bool(worse),
        float(row["latest"]),
        float(row["size_change"]),
        float(row["chi2"]),
        float(row["p_value"]),
    )


def worse_and_worsening(
    *,
    indicators: Sequence[Indicator],
    gaps: pd.DataFrame,
    directions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The gaps that are worse and widening (``stats.worse_and_widening`` across every gap in
    ``gaps``), as rows of :func:`gap_directions` (pass ``directions`` if already worked out).

    Sorted by how much worse: indicators by the largest latest gap relative to its reference
    group's value (so indicators in different units compare), and within an indicator by the
    size of the latest gap. ``latest`` and ``period_label`` are the latest gap; ``start_
    difference`` and ``start_label`` the gap at the start of the five periods tested.
    """
    if directions is None:
        directions = gap_directions(
            headline_rows(gaps, indicators=indicators), indicators=indicators
        )
    listed = directions[directions["worse_and_widening"].astype(bool)].copy()
    if listed.empty:
        return listed
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = (listed["latest"] / listed["ref_value"]).abs()
    listed["relative"] = relative.replace([np.inf], np.nan)
    listed["size"] = listed["latest"].abs()
    listed["worst"] = listed.groupby("indicator_id")["relative"].transform("max").fillna(-1.0)
    listed = listed.sort_values(
        ["worst", "indicator_id", "size"], ascending=[False, True, False], kind="stable"
    )
    return listed.drop(columns=["relative", "size", "worst"])


@dataclass(frozen=True)
class UntestedGaps:
    """How many gaps a page could not test for "worse and widening", and why."""

    #: Fewer than five periods with a gap.
    too_few_periods: int = 0
    #: A period without confidence intervals (or a zero-width interval).
    without_intervals: int = 0
    #: The indicator has no better direction, so no gap is worse.
    no_better_direction: int = 0
    #: Gaps tested: the number the false discovery rate is controlled over.
    tested: int = 0

    @property
    def total(self) -> int:
        return self.too_few_periods + self.without_intervals + self.no_better_direction


def is_tested(directions: pd.DataFrame) -> pd.Series:
    """Whether each row's gap could be tested for "worse and widening"."""
    known = directions["worse"].map(lambda w: w is not None and not pd.isna(w))
    return directions["label"].isin(TESTED_LABELS) & known.astype(bool)


def untested_gaps(directions: pd.DataFrame) -> UntestedGaps:
    """The gaps of :func:`gap_directions` that could not be tested, by reason."""
    if directions.empty:
        return UntestedGaps()
    tested = is_tested(directions)
    untested = directions[~tested]
    too_few = untested["label"] == "not_enough_data"
    without = ~too_few & (untested["label"] == "not_tested")
    return UntestedGaps(
        too_few_periods=int(too_few.sum()),
        without_intervals=int(without.sum()),
        no_better_direction=int((~too_few & ~without).sum()),
        tested=int(tested.sum()),
    )


def group_travel(frame: pd.DataFrame, *, indicators: Sequence[Indicator]) -> pd.DataFrame:
    """Each group's own direction of travel (``stats.trends_frame`` on its own values, with its
    indicator's polarity and its release's confidence): one row per :data:`GAP_KEYS` with
    ``travel``. The reference group is a group too.

    Series with fewer than ``stats.TREND_POINTS`` periods with limits cannot be trending and are
    "not_enough_data" without running the rule (most real sources publish no limits)."""
    rows = frame[frame["group_id"].notna() & frame["value"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=[*GAP_KEYS, "travel"])
    rows = rows.assign(
        group_id=rows["group_id"].astype(int),
        characteristic_id=rows["characteristic_id"].astype(int),
        polarity=rows["indicator_id"].map({i.pk: i.polarity for i in indicators}),
        level=input_confidence(rows),
    )
    with_limits = rows["lower"].notna() & rows["upper"].notna() & (rows["lower"] != rows["upper"])
    points = with_limits.groupby([rows[k] for k in GAP_KEYS]).transform("sum")
    testable = rows[points >= stats.TREND_POINTS]
    parts = [rows.drop_duplicates(GAP_KEYS)[GAP_KEYS].assign(travel="not_enough_data")]
    for (polarity, level), part in testable.groupby(["polarity", "level"], sort=False):
        trends = stats.trends_frame(
            part,
            by=GAP_KEYS,
            order="period_end",
            polarity=cast(stats.Polarity, polarity),
            input_confidence=float(cast(float, level)),
        )
        parts.append(trends[[*GAP_KEYS, "travel"]])
    # The rule's labels replace "not_enough_data" where it ran.
    return pd.concat(parts).drop_duplicates(GAP_KEYS, keep="last").reset_index(drop=True)


def headline_travel(overall: pd.DataFrame, *, indicator: Indicator) -> str:
    """The headline's direction of travel (``stats.direction_of_travel``) from its all-people
    rows in time order; "not_tested" (the pages' own label) when no period has limits."""
    if overall.empty or not (overall["lower"].notna() & overall["upper"].notna()).any():
        return "not_tested"
    level = float(input_confidence(overall).iloc[-1])
    result = stats.trend(
        overall["value"], overall["lower"], overall["upper"], input_confidence=level
    )
    return stats.direction_of_travel(result, cast(stats.Polarity, indicator.polarity))


def everyone_verdict(
    *,
    indicator: Indicator,
    headline: str,
    travel: pd.DataFrame,
    directions: pd.DataFrame,
) -> stats.Everyone:
    """Is ``indicator`` improving for everyone? ``stats.improving_for_everyone`` on the
    headline's direction of travel (:func:`headline_travel`; "not_tested" is passed as
    "not_enough_data", so it can only give "cannot_tell"), each group's own direction
    (:func:`group_travel` rows of this indicator) and each group's gap (:func:`gap_directions`
    rows of this indicator, listed as worse and widening by the page-wide call). Groups are
    keyed by ``group_id``."""
    label = "not_enough_data" if headline == "not_tested" else headline
    gaps = {int(row["group_id"]): gap_result(row) for _, row in directions.iterrows()}
    listed = [
        int(g) for g in directions.loc[directions["worse_and_widening"].astype(bool), "group_id"]
    ]
    own = {
        int(g): cast(stats.TravelLabel, t)
        for g, t in zip(travel["group_id"], travel["travel"], strict=True)
    }
    return stats.improving_for_everyone(
        cast(stats.TravelLabel, label),
        own,
        gaps,
        listed=listed,
        polarity=cast(stats.Polarity, indicator.polarity),
    )
