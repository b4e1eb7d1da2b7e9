"""Comparing two values: differences and ratios with intervals, gaps, benchmark comparisons.

* :func:`proportion_difference` — Newcombe's hybrid score interval (Newcombe 1998, method 10).
* :func:`proportion_ratio` — ratio of two proportions, Katz log interval (Katz et al. 1978).
* :func:`rate_ratio` — ratio of two rates, log interval with SE √(1/x₁ + 1/x₂).
* :func:`gap` — a group's gap to its reference group from published values and limits.
* :func:`compare_to_benchmark` — the Fingertips overlapping-interval rule (better/similar/worse).

:func:`gap_arrays` is the vectorised form of :func:`gap`, and :func:`proportion_gap_arrays` the
vectorised Newcombe and Katz intervals from counts; ``frame.gaps_frame`` uses the counts where
both groups have them and the published limits otherwise.

Modules: ``proportions`` and ``rates`` (from counts), ``gaps`` (from published limits),
``benchmarks``.
"""

from .benchmarks import Comparison, ComparisonLabel, compare_to_benchmark
from .gaps import GapArrays, gap, gap_arrays
from .proportions import proportion_difference, proportion_gap_arrays, proportion_ratio
from .rates import rate_ratio

__all__ = [
    "Comparison",
    "ComparisonLabel",
    "GapArrays",
    "compare_to_benchmark",
    "gap",
    "gap_arrays",
    "proportion_difference",
    "proportion_gap_arrays",
    "proportion_ratio",
    "rate_ratio",
]
