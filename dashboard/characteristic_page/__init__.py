"""The characteristic pages: the coverage matrix and the heat table of gaps.

The heat table puts every indicator's latest national gaps for one characteristic side by side.
Indicators have different units, so the colour uses the relative gap (value ÷ reference − 1),
oriented by polarity so that "worse than the reference" is always the same colour, and only
when the gap is statistically significant. The cell text is the gap in the indicator's own
unit (named once in the row's header), so the table reads the same without colour.

Only groups with a figure for some indicator get a column. A characteristic whose groups nest
(ethnicity: 5 broad groups over 19 detailed ones) shows one level at a time, broad by default,
so that the table stays readable; indicators with no figure at the chosen level are counted
and the page offers the other level.

Below the heat table, the summary measures of inequality across all the groups shown
(``indicators.stats.summary_measures``, the WHO Health Equity Assessment Toolkit's), with
HEAT's applicability and orientation: D, R, PAR and PAF for every dimension; for an ordered
dimension (quantiles ranked from most to least disadvantaged) the SII, RII, ACI and RCI, and
for one without an order BGV, TI, MLD, IDISW and MDMW, which ignore the order. D and R compare
the two ends of an ordered dimension (oriented so that a positive D is a gap against the
disadvantaged end) and, otherwise, the reference group with the worst-off other group.
Measures weighted by population need each group's population (the denominators; quantiles are
equal by construction), and PAR and PAF need a better direction.

Modules: ``pages`` (what each page reads), ``coverage`` (the matrix of indicators by
characteristic), ``heat`` (the heat table) and ``measures`` (the summary measures).
"""

from dashboard.characteristic_page.coverage import CoverageRow, coverage_rows
from dashboard.characteristic_page.heat import (
    LEVELS,
    HeatCell,
    HeatRow,
    HeatTable,
    Level,
    gap_score,
    heat_class,
    heat_table,
    level_groups,
)
from dashboard.characteristic_page.measures import (
    MEASURE_NAMES,
    SummaryCell,
    SummaryRow,
    SummaryTable,
    applicable_measures,
    summary_table,
)
from dashboard.characteristic_page.pages import detail_context, list_context

__all__ = [
    "LEVELS",
    "MEASURE_NAMES",
    "CoverageRow",
    "HeatCell",
    "HeatRow",
    "HeatTable",
    "Level",
    "SummaryCell",
    "SummaryRow",
    "SummaryTable",
    "applicable_measures",
    "coverage_rows",
    "detail_context",
    "gap_score",
    "heat_class",
    "heat_table",
    "level_groups",
    "list_context",
    "summary_table",
]
