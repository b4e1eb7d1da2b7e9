"""The JSON API: point-in-time answers, filters, pagination, caching, errors, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.dashboard.factories import data_set

PROBLEM = "application/problem+json"


def _get(client, url, **headers):
    return client.get(url, headers=headers)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/", 2),
        ("/api/v1/missions", 7),
        ("/api/v1/outcomes", 6),
        ("/api/v1/indicators", 8),
        ("/api/v1/characteristics", 4),
        ("/api/v1/geographies", 3),
        ("/api/v1/periods", 3),
        ("/api/v1/releases", 4),
        ("/api/v1/observations", 6),
    ],
)
def test_list_endpoints_take_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries, url, queries
):
    for _ in range(3):
        data_set(groups=4, periods=3, geographies=2, releases=2)
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_gaps_take_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    query = {"indicator": published.indicator.slug, "characteristic": published.characteristic.slug}
    with django_assert_max_num_queries(9):
        assert client.get("/api/v1/gaps", query).status_code == 200


def test_as_at_before_a_release_was_published_leaves_it_out(client, published):
    slug = published.indicator.slug
    before = (published.releases[0].publish_at - dt.timedelta(days=1)).isoformat()
    after = (published.releases[0].publish_at + dt.timedelta(seconds=1)).isoformat()
    assert client.get("/api/v1/indicators", {"as_at": before}).json()["results"] == []
    assert client.get("/api/v1/observations", {"as_at": before}).json()["results"] == []
    found = client.get("/api/v1/indicators", {"as_at": after}).json()["results"]
    assert [i["slug"] for i in found] == [slug]
    response = client.get(f"/api/v1/indicators/{slug}", {"as_at": before})
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_as_at_picks_the_release_current_then(client, db):
    data = data_set(releases=2)
    first, second = data.releases
    between = (first.publish_at + dt.timedelta(hours=1)).isoformat()
    values = client.get(
        "/api/v1/observations", {"indicator": data.indicator.slug, "as_at": between}
    ).json()["results"]
    assert {v["release"] for v in values} == {first.version}
    now = client.get("/api/v1/observations", {"indicator": data.indicator.slug}).json()
    assert {v["release"] for v in now["results"]} == {second.version}


def test_a_future_as_at_reveals_nothing_scheduled(client, published, embargoed):
    future = (timezone.now() + dt.timedelta(days=30)).isoformat()
    values = client.get(
        "/api/v1/observations", {"indicator": published.indicator.slug, "as_at": future}
    ).json()["results"]
    assert 50.0 not in {v["value"] for v in values}
    releases = client.get("/api/v1/releases", {"as_at": future}).json()["results"]
    assert embargoed.version not in {r["version"] for r in releases}


def test_drafts_are_never_listed(client, published, draft):
    releases = client.get("/api/v1/releases").json()["results"]
    assert [r["status"] for r in releases] == ["published"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/v1/observations?as_at=yesterday", "as_at"),
        ("/api/v1/observations?indicator=no-such-thing", "no-such-thing"),
        ("/api/v1/observations?characteristic=nope", "nope"),
        ("/api/v1/observations?group=g1", "characteristic"),
        ("/api/v1/observations?limit=0", "limit"),
        ("/api/v1/observations?cursor=bad", "cursor"),
        ("/api/v1/observations?period_from=2020-01-01&period_to=2019-01-01", "period_from"),
        ("/api/v1/gaps?indicator=x", "characteristic"),
        ("/api/v1/outcomes?mission=nope", "nope"),
    ],
)
def test_bad_filters_are_problem_details_that_say_what_is_wrong(client, published, url, words):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad request"
    assert words in problem["detail"]


def test_unknown_addresses_are_problem_details(client, db):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_gaps_for_a_characteristic_the_indicator_lacks_name_the_ones_it_has(client, published):
    response = client.get(
        "/api/v1/gaps", {"indicator": published.indicator.slug, "characteristic": "sex"}
    )
    assert response.status_code == 400
    assert published.characteristic.slug in response.json()["detail"]


def test_gaps_have_intervals_significance_and_direction(client, published):
    body = client.get(
        "/api/v1/gaps",
        {"indicator": published.indicator.slug, "characteristic": published.characteristic.slug},
    ).json()
    reference = published.groups[0]
    assert body["reference_group"] == reference.slug
    rows = [r for r in body["results"] if not r["is_reference"]]
    assert rows
    assert all(r["gap"] > 0 for r in rows)
    assert {r["gap_direction"] for r in rows} == {"higher"}
    assert all(r["gap_lower"] < r["gap"] < r["gap_upper"] for r in rows)
    assert {type(r["gap_significant"]) for r in rows} == {bool}


def test_observations_walk_by_cursor_in_a_stable_order(client, db):
    data = data_set(groups=3, periods=4)
    seen = []
    url = f"/api/v1/observations?indicator={data.indicator.slug}&limit=5"
    while url:
        body = client.get(url).json()
        seen += [(r["period"], r["group"]) for r in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 12


def test_observation_filters(client, published):
    slug, c = published.indicator.slug, published.characteristic.slug
    group = published.groups[1].slug
    rows = client.get(
        "/api/v1/observations",
        {
            "indicator": slug,
            "characteristic": c,
            "group": group,
            "geography": "E92000001",
            "period_from": "2001-01-01",
            "period_to": "2002-12-31",
        },
    ).json()["results"]
    assert [(r["group_slug"], r["period"]) for r in rows] == [(group, "2001"), (group, "2002")]


def test_every_response_has_an_etag_and_a_matching_request_gets_304(client, published):
    response = client.get("/api/v1/indicators")
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "max-age=60" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    again = _get(client, "/api/v1/indicators", **{"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    since = _get(client, "/api/v1/indicators", **{"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


def test_openapi_schema_is_3_1_and_documents_problem_details(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    responses = schema["paths"]["/api/v1/observations"]["get"]["responses"]
    assert "application/problem+json" in responses["400"]["content"]
    names = {p["name"] for p in schema["paths"]["/api/v1/observations"]["get"]["parameters"]}
    assert {"as_at", "indicator", "characteristic", "group", "geography", "cursor"} <= names


def test_docs_page_loads_nothing_from_elsewhere_and_runs_no_inline_script(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert re.findall(r"""\s(?:src|href)=["'](?:https?:)?//""", html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
