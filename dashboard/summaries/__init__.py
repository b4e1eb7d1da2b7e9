"""Every sentence the pages write, from the same numbers their charts and tables show.

Screen-reader users and people skimming get the point of a chart without reading it. An
indicator page's headline names its place and period, starts from the indicator's subject
("mean hourly earnings were ..."), gives the latest value of the group furthest from its
reference (never a residual group such as "Other" or "Unknown") and its gap in the form the
source publishes it (a difference, a percentage gap as pay gaps are published, or a ratio),
with its interval, and says how the gap compares with the earliest period shown: tested for
significance where both gaps have intervals, else described and marked "not tested for
significance". Groups are named as a sentence names them ("females", "people aged 65 and
over", "the Black ethnic group"). For a cross breakdown: the highest and lowest intersections;
for quantiles: the slope index.

Modules: ``indicator`` (the indicator page's headlines), ``clauses`` (a gap and its change, in
the source's own measure), ``cards`` (mission cards and the home page) and ``names`` (periods,
subjects and groups as a sentence names them).
"""

from dashboard.summaries.cards import (
    NOT_TESTED_TAIL,
    gap_change_words,
    gap_ends_words,
    gap_line,
    gap_words,
    headline_words,
    largest_gap_sentence,
    no_significant_gap,
    value_change_words,
)
from dashboard.summaries.clauses import Change, GapPoint, change_clause, gap_clause
from dashboard.summaries.indicator import (
    breakdown_sentence,
    cross_sentence,
    gap_sentence,
    sii_sentence,
    value_change,
    value_sentence,
)
from dashboard.summaries.names import (
    PROPER_FIRST_WORDS,
    group_phrase,
    group_start,
    group_words,
    is_residual,
    period_span,
    sentence_subject,
    title_by,
    verb_for,
)

__all__ = [
    "NOT_TESTED_TAIL",
    "PROPER_FIRST_WORDS",
    "Change",
    "GapPoint",
    "breakdown_sentence",
    "change_clause",
    "cross_sentence",
    "gap_change_words",
    "gap_clause",
    "gap_ends_words",
    "gap_line",
    "gap_sentence",
    "gap_words",
    "group_phrase",
    "group_start",
    "group_words",
    "headline_words",
    "is_residual",
    "largest_gap_sentence",
    "no_significant_gap",
    "period_span",
    "sentence_subject",
    "sii_sentence",
    "title_by",
    "value_change",
    "value_change_words",
    "value_sentence",
    "verb_for",
]
