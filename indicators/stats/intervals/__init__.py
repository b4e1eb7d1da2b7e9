"""Confidence intervals for a single value: proportions, rates, counts, means and DSRs.

Methods follow the Public Health England / OHID technical guidance as implemented in the R
package PHEindicatormethods (ukhsa-collaboration/PHEindicatormethods, R/utils.R, R/Rates.R,
R/Proportions.R, R/Means.R, R/DSR.R) and used by Fingertips:

* proportions: Wilson score interval (Wilson 1927; Newcombe 1998, method 3);
* rates: exact Poisson limits from the chi-squared distribution when the count is below 10,
  Byar's approximation otherwise (Breslow & Day 1987);
* counts: the same as rates: exact Poisson limits below 10 events, Byar's otherwise;
* means: Student's t with the n − 1 standard deviation;
* directly standardised rates: Dobson et al. (1991) limits built on Byar's limits for the total
  count.

Survey estimates: proportions and means take ``deft``, the survey's design factor, and use the
effective sample size ``n / deft²`` (Kish 1965). ``deft=None`` (the default) means the figure
is not from a survey; ``deft=NaN`` means it is from a survey whose design factor was not
recorded, and gives NaN limits rather than limits that are too narrow.

Each scalar function has an ``*_arrays`` twin that takes array-likes and returns three numpy
arrays (value, lower, upper) without a Python loop, for use on whole columns.

Modules: ``proportions``, ``rates`` (rates, counts and DSRs), ``means`` and ``limits`` (the
building blocks on arrays).
"""

from .limits import EXACT_POISSON_BELOW, byars_lower, byars_upper, wilson_limits
from .means import mean_ci
from .proportions import effective_counts, proportion_ci, proportion_ci_arrays
from .rates import DSR_MINIMUM_COUNT, count_ci, dsr_ci, rate_ci, rate_ci_arrays

__all__ = [
    "DSR_MINIMUM_COUNT",
    "EXACT_POISSON_BELOW",
    "byars_lower",
    "byars_upper",
    "count_ci",
    "dsr_ci",
    "effective_counts",
    "mean_ci",
    "proportion_ci",
    "proportion_ci_arrays",
    "rate_ci",
    "rate_ci_arrays",
    "wilson_limits",
]
