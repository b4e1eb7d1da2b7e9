"""A value compared with a benchmark: the Fingertips overlapping-interval rule
(:func:`compare_to_benchmark`: better, similar or worse).
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple, TypeAlias

from .._common import Polarity, check_polarity, to_float

ComparisonLabel: TypeAlias = Literal["better", "similar", "worse", "higher", "lower"]


class Comparison(NamedTuple):
    """Result of comparing a value with a benchmark at 95% and (optionally) 99.8%.

    Each level is "better", "similar" or "worse" ("higher", "similar", "lower" when the
    indicator has no polarity), or None when it cannot be judged: a missing value, benchmark or
    limit, or (for ``at998``) no 99.8% limits supplied.
    """

    at95: ComparisonLabel | None
    at998: ComparisonLabel | None


def _label(
    lower: float, upper: float, benchmark: float, polarity: Polarity
) -> ComparisonLabel | None:
    if any(math.isnan(v) for v in (lower, upper, benchmark)):
        return None
    if lower > upper:
        raise ValueError("a lower confidence limit is above its upper limit")
    if lower <= benchmark <= upper:
        return "similar"
    higher = benchmark < lower
    if polarity == "neither":
        return "higher" if higher else "lower"
    if polarity == "higher_is_better":
        return "better" if higher else "worse"
    return "worse" if higher else "better"


def compare_to_benchmark(
    value: float,
    lower95: float,
    upper95: float,
    benchmark: float,
    *,
    polarity: Polarity,
    lower998: float | None = None,
    upper998: float | None = None,
) -> Comparison:
    """Compare a value with a benchmark (England, a reference group) by the Fingertips rule.

    A benchmark inside the value's confidence interval, bounds included, is "similar". Otherwise
    the value is significantly higher (the benchmark is below the interval) or lower (above it),
    which ``polarity`` turns into "better" or "worse"; with polarity "neither" the labels are
    "higher" and "lower". The comparison is made at 95% and, when 99.8% limits are given, at
    99.8% too (``at998`` is None without them).

    A missing value, benchmark or limit gives None at that level. ValueError for an unknown
    polarity or a lower limit above its upper limit.

    Reference: Fingertips ``SingleOverlappingCIsComparer`` and
    ``SingleOverlappingCIsForTwoCILevelsComparer`` (ukhsa-collaboration/fingertips-open,
    PholioVisualisationWS/Analysis).
    """
    check_polarity(polarity)
    v = to_float(value)
    b = to_float(benchmark)
    if math.isnan(v):
        return Comparison(None, None)
    at95 = _label(to_float(lower95), to_float(upper95), b, polarity)
    at998: ComparisonLabel | None = None
    if lower998 is not None and upper998 is not None:
        at998 = _label(to_float(lower998), to_float(upper998), b, polarity)
    return Comparison(at95, at998)
