"""Vectorised helpers that work on whole pandas DataFrames (what the dashboard pages call).

Each helper takes a long ("tidy") DataFrame, one row per observation, and returns a new
DataFrame; the input is never modified. Column names are parameters with sensible defaults,
so a selector's output can be passed straight in. None of them loops over cells in Python:
:func:`gaps_frame` joins every row to its reference row and computes with numpy,
:func:`limits_from_counts` and :func:`compare_frame` are column arithmetic, and
:func:`trends_frame` loops once per series (not per point).

* :func:`gaps_frame` — every group's gap to its reference group, for every period (and every
  geography, indicator, … given in ``by``) in one call; from counts (Newcombe, Katz) where
  both groups have them, otherwise from the published limits.
* :func:`limits_from_counts` — fill in missing confidence limits from numerators and
  denominators (Wilson for proportions, exact/Byar's for rates), allowing for a survey's
  design factor.
* :func:`compare_frame` — every row compared with a benchmark column (Fingertips rule).
* :func:`trends_frame` — the recent-trend rule for every series.
* :func:`gap_directions_frame` — :func:`indicators.stats.gap_direction` for every group's gap
  series, with the page-wide worse-and-widening list (Benjamini–Hochberg).

Modules: ``gaps`` (:func:`gaps_frame`), ``limits`` (:func:`limits_from_counts`), ``benchmarks``
(:func:`compare_frame`), ``trends`` (:func:`trends_frame`, :func:`gap_directions_frame`) and
``columns`` (reading the columns they are given).
"""

from .benchmarks import compare_frame
from .gaps import GAP_COLUMNS, gaps_frame
from .limits import limits_from_counts
from .trends import GAP_DIRECTION_COLUMNS, gap_directions_frame, trends_frame

__all__ = [
    "GAP_COLUMNS",
    "GAP_DIRECTION_COLUMNS",
    "compare_frame",
    "gap_directions_frame",
    "gaps_frame",
    "limits_from_counts",
    "trends_frame",
]
