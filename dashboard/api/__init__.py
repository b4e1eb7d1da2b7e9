"""The read-only JSON API at ``/api/v1/`` (django-ninja): missions, outcomes, indicators,
characteristics, geographies, periods, releases, observations and gaps.

- ``api``: the NinjaAPI (OpenAPI 3.1 at ``openapi.json``, docs served from the app), HTTP
  caching, CORS and RFC 9457 problem details;
- ``endpoints``: the operations; ``schemas``: what they return;
- ``reads``: the queries, each through the one visibility rule at ``as_at``.

Observations and gaps come from ``dashboard.opendata.frames``, as the downloads do, so the API
and a download give the same numbers.
"""
