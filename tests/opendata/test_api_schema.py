"""Schemathesis over every operation of the OpenAPI schema: no server error, and every
response (status, content type, headers, body) matches what the schema documents.

Examples are bounded (a few per operation) so that the suite stays fast; the data is a small
published set, so generated slugs mostly meet 400 and 404 answers and the list operations
answer 200 with real rows.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from dashboard.api.api import api
from tests.dashboard.factories import data_set

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# The schema the app serves at /api/v1/openapi.json (built without a request), called
# through the WSGI app.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_params={}))
schema.app = application


@pytest.fixture
def published_data(db):
    """A small published data set; requests run inside the test's transaction (as Django's
    test client does, they must not close the connection)."""
    data_set(groups=3, periods=3, geographies=2, releases=2)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, published_data):
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})


def test_the_served_schema_is_the_one_tested(client, db):
    built = json.loads(json.dumps(api.get_openapi_schema(path_params={})))
    assert client.get("/api/v1/openapi.json").json() == built
