"""The indicator page, one concern a module, in the order a request goes through them:

- ``filters``: the query string → typed filters, cleaned against what the release holds;
- ``data``: the one read, everything the page shows (six queries, however much data);
- ``rows``: observation rows → named, ordered, with limits from counts and gaps;
- ``figures``: which charts the view gets, with their titles and axes (``sii`` for quantiles,
  ``cross`` for a cross breakdown's chart and table);
- ``table``: the data table's rows; ``download``: the same rows as CSV;
- ``view``: all of it assembled for the template.

Sentences come from ``dashboard.summaries``, figures from ``dashboard.charts``.
"""

from dashboard.indicator_page.download import csv_filename, csv_rows
from dashboard.indicator_page.filters import MEASURES, requested
from dashboard.indicator_page.view import IndicatorView, indicator_view, page_context

__all__ = [
    "MEASURES",
    "IndicatorView",
    "csv_filename",
    "csv_rows",
    "indicator_view",
    "page_context",
    "requested",
]
