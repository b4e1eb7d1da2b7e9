"""Verdicts across many gaps: which groups are worse and widening, and is an outcome improving
for everyone?

**Worse and widening** (:func:`worse_and_widening`). A group is listed when its latest gap is
significantly worse than the reference group (95% interval wholly on the worse side of 0)
**and** the size of its gap is widening by the 99.8% recent-trend rule
(:func:`indicators.stats.gap_direction`). A page tests many gaps at once, and with enough of
them some would pass both tests by chance, so the list also controls the false discovery rate
with the **Benjamini–Hochberg procedure at 5%** across every gap tested in the call (call it
once per page, with all the page's gaps): each gap's p-value for "worse and widening" is the
larger of its two p-values; with m gaps tested and their p-values in increasing order
p₍₁₎ ≤ … ≤ p₍ₘ₎, find the largest k with p₍ₖ₎ ≤ 0.05 × k / m and list the k gaps with the
smallest p-values. On average no more than 5% of the groups listed are listed by chance. A gap
that could not be tested (fewer than five periods, a period without limits, or an indicator
with no better direction) is not counted in m and is never listed; pages say how many there
were. Reference: Benjamini Y, Hochberg Y (1995) Controlling the false discovery rate. J R
Stat Soc B 57:289-300.

**Improving for everyone?** (:func:`improving_for_everyone`). Whether a group is improving
is judged on its own series (its own direction of travel), never inferred from its gap: a gap
can widen while every group improves. The answer, in this order:

1. "cannot_tell" when the headline (all people) could not be tested, or the indicator has no
   better direction (its polarity is "neither": pass ``polarity``, since a headline with "no
   significant change" does not say whether a better direction exists);
2. "no" when the headline is worsening or shows no significant improvement;
3. "no" when a group's own series is worsening;
4. "no" when a group is worse and widening and its own series shows no significant
   improvement (it is falling further behind without being shown to improve);
5. "yes_but_widening" when the groups that are worse and widening are all improving on their
   own series (everyone improves, but not equally); "cannot_tell" if one of them has too few
   periods to tell;
6. "cannot_tell" when no group's gap could be tested;
7. otherwise "yes": the headline is improving and no group is worse and widening.

A missing test never gives "no" (nor "yes"). Every answer comes with the groups that are not
improving on their own series, the groups that are worse and widening, and the groups whose
gap could not be tested.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Literal, NamedTuple, TypeAlias, TypeVar

import numpy as np

from ._common import Polarity, check_polarity
from .gap_trend import TESTED_LABELS, GapDirection
from .trend import TravelLabel

__all__ = [
    "FALSE_DISCOVERY_RATE",
    "Everyone",
    "EveryoneAnswer",
    "EveryoneReason",
    "WorseAndWidening",
    "improving_for_everyone",
    "worse_and_widening",
]

#: The false discovery rate the worse-and-widening list is controlled at.
FALSE_DISCOVERY_RATE = 0.05

K = TypeVar("K", bound=Hashable)

EveryoneAnswer: TypeAlias = Literal["yes", "yes_but_widening", "no", "cannot_tell"]
EveryoneReason: TypeAlias = Literal[
    "no_gap_worse_and_widening",
    "gap_worse_and_widening",
    "group_falling_behind",
    "group_worsening",
    "group_not_tested",
    "headline_worsening",
    "headline_not_improving",
    "headline_not_tested",
    "no_polarity",
    "no_gap_tested",
]


class WorseAndWidening(NamedTuple):
    """Result of :func:`worse_and_widening`.

    ``listed`` has one entry per gap, in the order given; ``tested`` is how many gaps were
    tested (the m of the Benjamini–Hochberg procedure) and ``not_tested`` how many could not
    be; ``threshold`` is the largest p-value listed (0 when none is).
    """

    listed: tuple[bool, ...]
    tested: int
    not_tested: int
    threshold: float


def is_tested(result: GapDirection) -> bool:
    """Whether both parts of "worse and widening" could be tested for this gap."""
    return result.label in TESTED_LABELS and result.worse is not None


def benjamini_hochberg(p_values: Sequence[float], rate: float) -> tuple[list[bool], float]:
    """Which p-values the Benjamini–Hochberg step-up procedure rejects at ``rate``.

    NaN p-values are not tests: they are not counted in m and never rejected. Returns the
    rejections and the largest rejected p-value (0 when none).
    """
    p = np.asarray(p_values, dtype=np.float64)
    tested = np.flatnonzero(~np.isnan(p))
    m = tested.size
    rejected = np.zeros(p.size, dtype=bool)
    if m == 0:
        return rejected.tolist(), 0.0
    order = tested[np.argsort(p[tested], kind="stable")]
    passes = p[order] <= rate * np.arange(1, m + 1) / m
    if not passes.any():
        return rejected.tolist(), 0.0
    k = int(np.flatnonzero(passes)[-1]) + 1
    rejected[order[:k]] = True
    return rejected.tolist(), float(p[order[k - 1]])


def worse_and_widening(
    results: Sequence[GapDirection], *, false_discovery_rate: float = FALSE_DISCOVERY_RATE
) -> WorseAndWidening:
    """Which gaps are significantly worse than the reference **and** widening, controlling the
    false discovery rate across all of them (Benjamini–Hochberg, 5% by default).

    ``results`` are :func:`indicators.stats.gap_direction` results, one per gap (group ×
    indicator × place …); pass every gap a page shows in one call, since the control is for
    the number tested together. See the module docstring for the rule.

    Example: three gaps whose p-values for "worse and widening" are 0.0001, 0.0015 and 1 (the
    third is not widening), and a fourth that could not be tested. m = 3: 0.0001 ≤ 0.05 × 1/3
    and 0.0015 ≤ 0.05 × 2/3, so the first two are listed; ``tested`` 3, ``not_tested`` 1.
    """
    if not 0.0 < false_discovery_rate < 1.0:
        raise ValueError("false_discovery_rate must be a fraction between 0 and 1 (0.05)")
    p_values = [r.p_value if is_tested(r) else math.nan for r in results]
    listed, threshold = benjamini_hochberg(p_values, false_discovery_rate)
    tested = sum(1 for p in p_values if not math.isnan(p))
    return WorseAndWidening(tuple(listed), tested, len(results) - tested, threshold)


class Everyone(NamedTuple):
    """Result of :func:`improving_for_everyone`.

    ``answer`` is "yes", "yes_but_widening", "no" or "cannot_tell" and ``reason`` says why
    (see the module docstring). The three tuples name groups: ``not_improving`` — its own
    series is "worsening" or shows "no_significant_change"; ``worse_and_widening`` — listed as
    worse and widening; ``not_tested`` — its gap could not be tested.
    """

    answer: EveryoneAnswer
    reason: EveryoneReason
    not_improving: tuple[Hashable, ...]
    worse_and_widening: tuple[Hashable, ...]
    not_tested: tuple[Hashable, ...]


def improving_for_everyone(
    headline: TravelLabel,
    travel: Mapping[K, TravelLabel],
    gaps: Mapping[K, GapDirection],
    *,
    listed: Collection[K] | None = None,
    polarity: Polarity | None = None,
) -> Everyone:
    """Is the outcome improving for everyone? See the module docstring for the rule.

    Parameters
    ----------
    headline:
        The direction of travel of the headline (all people), from
        :func:`indicators.stats.direction_of_travel`.
    travel:
        Each group's own direction of travel (the same rule on the group's own values).
    gaps:
        Each group's :func:`indicators.stats.gap_direction` result.
    listed:
        The groups a page-wide :func:`worse_and_widening` call listed. None: worked out from
        ``gaps`` alone (the family is then this indicator's gaps).
    polarity:
        The indicator's polarity. With "neither" the answer is "cannot_tell" (reason
        "no_polarity") whatever the labels say: without it a headline with "no significant
        change" would give "no" for an indicator that has no better direction. None: judged
        from the labels alone ("increasing" or "decreasing" headlines mean no polarity).

    Examples (the headline improving throughout):

    * no gap worse and widening, group B's own series with no significant change: "yes",
      ``not_improving`` ("B",);
    * B's gap worse and widening and B's own series improving: "yes_but_widening" (everyone
      improves, B more slowly);
    * B's gap worse and widening and B's own series with no significant change: "no", reason
      "group_falling_behind";
    * no group's gap could be tested: "cannot_tell", reason "no_gap_tested".
    """
    keys = list(gaps)
    if listed is None:
        flags = worse_and_widening([gaps[k] for k in keys]).listed
        listed = [k for k, flag in zip(keys, flags, strict=True) if flag]
    chosen = set(listed)
    widening = tuple(k for k in keys if k in chosen)
    untested = tuple(k for k in keys if not is_tested(gaps[k]))
    behind = tuple(
        k for k, label in travel.items() if label in ("worsening", "no_significant_change")
    )

    def verdict(answer: EveryoneAnswer, reason: EveryoneReason) -> Everyone:
        return Everyone(answer, reason, behind, widening, untested)

    if polarity is not None:
        check_polarity(polarity)
    if headline == "not_enough_data":
        return verdict("cannot_tell", "headline_not_tested")
    if polarity == "neither" or headline in ("increasing", "decreasing"):
        return verdict("cannot_tell", "no_polarity")
    if headline == "worsening":
        return verdict("no", "headline_worsening")
    if headline == "no_significant_change":
        return verdict("no", "headline_not_improving")
    if any(label == "worsening" for label in travel.values()):
        return verdict("no", "group_worsening")
    own = [travel.get(k, "not_enough_data") for k in widening]
    if "no_significant_change" in own:
        return verdict("no", "group_falling_behind")
    if widening:
        if all(label == "improving" for label in own):
            return verdict("yes_but_widening", "gap_worse_and_widening")
        return verdict("cannot_tell", "group_not_tested")
    if len(untested) == len(keys):
        return verdict("cannot_tell", "no_gap_tested")
    return verdict("yes", "no_gap_worse_and_widening")
