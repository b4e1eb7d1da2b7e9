"""The public dashboard: pages, their partials, charts and downloads.

A request goes ``urls`` → ``views`` (HTTP only: read the request, call the page's module,
render) → one module per page, which reads through the selectors of ``indicators`` and
``missions`` and computes what its template shows:

- ``home_page``, ``mission_page``, ``indicator_list_page``, ``characteristic_page``;
- ``indicator_page/``, a package: filters, the one read (``data``), rows, figures, table,
  CSV download, assembled in ``view``;
- ``national``: national figures across indicators, shared by the home, mission and
  characteristic pages.

Shared by every page: ``charts`` (Plotly figure dicts), ``chart_block`` (what the chart partial
shows), ``summaries`` (every sentence), ``formatting`` (numbers in an indicator's unit),
``intervals`` (limits from counts) and ``cache`` (pages cached under the visible releases).
"""
