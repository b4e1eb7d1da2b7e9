"""The dashboard's statistics: pure functions, no Django, no I/O.

Import as ``from indicators import stats`` and call, for example,
``stats.proportion_ci(81, 263, multiplier=100)``. Only numpy, scipy and pandas are used.

Conventions that decide the numbers (see each function for its method and sources):

* ``confidence`` is a fraction (0.95 or 0.998): the confidence of the limits returned.
* ``input_confidence`` is the confidence of the limits a function is given: 0.95 by default,
  0.90 or 0.99 when the publisher says so. A standard error recovered from them is
  ``(upper − lower) / (2 × z)``, with z = 1.959964 for 95% limits.
* A zero-width interval (lower == upper) is no interval: gaps and trends read it as missing.
* ``deft`` is a survey's design factor: intervals from a sample size use the effective sample
  size ``n / deft²``. None means "not a survey"; NaN means "a survey whose design factor was
  not recorded" and gives NaN limits, never limits that are too narrow.
* Gaps come from counts (Newcombe's difference, Katz's ratio) where both groups have them, and
  from the published limits otherwise (:func:`gaps_frame`).
* Missing or zero input gives NaN (never an exception); impossible input — a negative count,
  x > n for a proportion, a lower limit above its upper limit — raises ValueError.
* Results are named tuples of floats (``Interval``, ``Gap``, ``SII``, ``Trend``, ``Progress``,
  ``Comparison``) or, for :func:`summary_measures`, a dict of floats.

Modules: ``intervals`` (one value), ``comparisons`` (two values, gaps, benchmarks), ``sii``
(PHE slope index), ``summary`` (WHO HEAT summary measures), ``trend`` (Fingertips direction of
travel), ``gap_trend`` (is a gap widening?), ``verdicts`` (worse and widening across many
gaps, improving for everyone?), ``progress`` (targets) and ``frame`` (vectorised DataFrame
helpers for pages).

Every judgement distinguishes a test that was not run ("not_tested", "not_enough_data",
"cannot_tell", None) from one that found nothing ("no_significant_change", False), so a page
never reports a missing test as a result.
"""

from ._common import Z95_INPUT, Gap, Interval, Polarity, effective_sample_size
from .aggregate import aggregate_counts, counts_from_percentages
from .comparisons import (
    Comparison,
    GapArrays,
    compare_to_benchmark,
    gap,
    gap_arrays,
    proportion_difference,
    proportion_gap_arrays,
    proportion_ratio,
    rate_ratio,
)
from .frame import (
    GAP_COLUMNS,
    GAP_DIRECTION_COLUMNS,
    compare_frame,
    gap_directions_frame,
    gaps_frame,
    limits_from_counts,
    trends_frame,
)
from .gap_trend import GapDirection, GapLabel, gap_direction
from .intervals import (
    count_ci,
    dsr_ci,
    mean_ci,
    proportion_ci,
    proportion_ci_arrays,
    rate_ci,
    rate_ci_arrays,
    wilson_limits,
)
from .progress import Progress, ProgressStatus, progress
from .sii import SII, ValueType, sii_rii
from .summary import MEASURES, NON_ORDERED_MEASURES, ORDERED_MEASURES, summary_measures
from .trend import POINTS as TREND_POINTS
from .trend import Direction, TravelLabel, Trend, direction_of_travel, trend
from .verdicts import (
    FALSE_DISCOVERY_RATE,
    Everyone,
    EveryoneAnswer,
    EveryoneReason,
    WorseAndWidening,
    improving_for_everyone,
    worse_and_widening,
)

__all__ = [
    "FALSE_DISCOVERY_RATE",
    "GAP_COLUMNS",
    "GAP_DIRECTION_COLUMNS",
    "MEASURES",
    "NON_ORDERED_MEASURES",
    "ORDERED_MEASURES",
    "SII",
    "TREND_POINTS",
    "Z95_INPUT",
    "Comparison",
    "Direction",
    "Everyone",
    "EveryoneAnswer",
    "EveryoneReason",
    "Gap",
    "GapArrays",
    "GapDirection",
    "GapLabel",
    "Interval",
    "Polarity",
    "Progress",
    "ProgressStatus",
    "TravelLabel",
    "Trend",
    "ValueType",
    "WorseAndWidening",
    "aggregate_counts",
    "compare_frame",
    "compare_to_benchmark",
    "count_ci",
    "counts_from_percentages",
    "direction_of_travel",
    "dsr_ci",
    "effective_sample_size",
    "gap",
    "gap_arrays",
    "gap_direction",
    "gap_directions_frame",
    "gaps_frame",
    "improving_for_everyone",
    "limits_from_counts",
    "mean_ci",
    "progress",
    "proportion_ci",
    "proportion_ci_arrays",
    "proportion_difference",
    "proportion_gap_arrays",
    "proportion_ratio",
    "rate_ci",
    "rate_ci_arrays",
    "rate_ratio",
    "sii_rii",
    "summary_measures",
    "trend",
    "trends_frame",
    "wilson_limits",
    "worse_and_widening",
]
