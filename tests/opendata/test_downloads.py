"""Downloads: visibility, formats, the bulk zip and its data package, and the same numbers as
the API and the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from dashboard.opendata import bulk, tasks
from indicators.models import Observation

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_whole_indicator_download_in_each_format(client, published, fmt):
    response = client.get(f"/indicators/{published.indicator.slug}/data.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[fmt]
    assert f'filename="{published.indicator.slug}.{fmt}"' in response["Content-Disposition"]
    assert response["ETag"]
    assert response["Last-Modified"]


def test_whole_indicator_csv_has_the_documented_columns_and_every_figure(client, published):
    rows = _csv(client.get(f"/indicators/{published.indicator.slug}/data.csv"))
    assert len(rows) == 9
    assert list(rows[0])[:4] == ["indicator", "release", "release_published", "period"]
    first = rows[0]
    assert first["geography_code"] == "E92000001"
    assert first["group"] == "Group 1"
    assert float(first["value"]) == 10.0
    assert first["limits_source"] == "published"
    assert first["unit"] == "%"


def test_unknown_or_unpublished_indicator_is_not_found(client, db):
    from tests import factories

    indicator = factories.indicator()
    assert client.get(f"/indicators/{indicator.slug}/data.csv").status_code == 404
    assert client.get("/indicators/nothing/data.xlsx").status_code == 404


def test_embargoed_release_is_not_downloaded_until_its_time(client, published, embargoed):
    url = f"/indicators/{published.indicator.slug}/data.csv"
    assert {float(r["value"]) for r in _csv(client.get(url))} != {50.0}
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert {float(r["value"]) for r in _csv(client.get(url))} == {50.0}


def test_conditional_request_gets_not_modified(client, published):
    url = f"/indicators/{published.indicator.slug}/data.csv"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_view_download_has_the_pages_rows_and_gaps(client, published):
    slug, g = published.indicator.slug, published.groups
    query = f"characteristic={published.characteristic.slug}&group={g[1].slug}&group={g[2].slug}"
    page = _csv(client.get(f"/indicators/{slug}/?{query}&format=csv"))
    view = _csv(client.get(f"/indicators/{slug}/view.csv?{query}"))
    assert len(view) == len(page) == 6
    for ours, theirs in zip(
        sorted(view, key=lambda r: (r["period"], r["group"])),
        sorted(page, key=lambda r: (r["period"], r["group"])),
        strict=True,
    ):
        assert ours["group"] == theirs["group"]
        assert float(ours["value"]) == float(theirs["value"])
        assert float(ours["gap"]) == float(theirs["gap"])
        assert float(ours["gap_lower"]) == float(theirs["gap_lower_95"])
        # The page's CSV gives quotients to 6 significant figures; the download keeps 12.
        assert float(ours["ratio"]) == pytest.approx(float(theirs["ratio"]), rel=5e-6)
        assert ours["gap_significant"] == theirs["gap_significant"]


def test_view_download_xlsx_numbers_equal_the_api_gaps(client, published):
    slug, c = published.indicator.slug, published.characteristic.slug
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/indicators/{slug}/view.xlsx?characteristic={c}").content)
    )
    sheet = workbook["Data"]
    header_row = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Indicator"
    )
    headings = [cell.value for cell in sheet[header_row]]
    rows = [
        dict(zip(headings, [cell.value for cell in sheet[r]], strict=True))
        for r in range(header_row + 1, sheet.max_row + 1)
    ]
    api = client.get(f"/api/v1/gaps?indicator={slug}&characteristic={c}").json()["results"]
    assert len(rows) == len(api) == 9
    key = lambda r: (r["period"], r["group"])  # noqa: E731
    by_key = {(r["Period"], r["Group"]): r for r in rows}
    for gap in sorted(api, key=key):
        row = by_key[(gap["period"], gap["group"])]
        assert row["Value (%)"] == gap["value"]
        expected = "[z]" if gap["is_reference"] else gap["gap"]
        assert row["Gap to the reference group (percentage points)"] == expected


def test_whole_indicator_csv_equals_the_api_observations(client, published):
    slug = published.indicator.slug
    rows = _csv(client.get(f"/indicators/{slug}/data.csv"))
    api = client.get(f"/api/v1/observations?indicator={slug}").json()["results"]
    key = lambda r: (r["period"], r["geography_code"], r["group"])  # noqa: E731
    assert len(rows) == len(api)
    for ours, theirs in zip(sorted(rows, key=key), sorted(api, key=key), strict=True):
        for column in ("value", "lower", "upper", "denominator"):
            assert (float(ours[column]) if ours[column] else None) == theirs[column]


def test_suppressed_figures_keep_their_marker_in_every_format(client, db):
    from tests import factories
    from tests.dashboard.factories import published_release

    indicator = factories.indicator()
    published_release(
        indicator=indicator,
        rows=[
            {
                "period": factories.period(2020),
                "geography": factories.geography(),
                "value": None,
                "marker": Observation.Marker.CONFIDENTIAL,
            },
        ],
    )
    row = _csv(client.get(f"/indicators/{indicator.slug}/data.csv"))[0]
    assert (row["value"], row["marker"]) == ("", "[c]")
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/indicators/{indicator.slug}/data.xlsx").content)
    )["Data"]
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert last[13] == "[c]"  # the value cell holds the shorthand


def test_bulk_zip_holds_every_published_indicator_and_a_valid_data_package(
    client, published, embargoed, draft, tmp_path
):
    from frictionless import Package, validate

    response = client.get("/downloads/all-indicators.zip")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert f"data/{published.indicator.slug}.csv" in names
    package = json.loads(archive.read("datapackage.json"))
    assert [r["name"] for r in package["resources"]] == [published.indicator.slug]
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    data = archive.read(f"data/{published.indicator.slug}.csv").decode()
    assert "50" not in {row["value"] for row in csv.DictReader(io.StringIO(data))}
    assert Package(str(tmp_path / "datapackage.json")).resources[0].schema.field_names[0] == (
        "indicator"
    )


def test_bulk_zip_is_rebuilt_when_an_embargo_lifts(client, published, embargoed):
    first = bulk.bulk_current()
    assert bulk.bulk_current() == first
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        second = bulk.bulk_current()
        assert second.fingerprint != first.fingerprint
        archive = zipfile.ZipFile(bulk.zip_path())
        data = archive.read(f"data/{published.indicator.slug}.csv").decode()
        assert {row["value"] for row in csv.DictReader(io.StringIO(data))} == {"50"}


def test_release_published_hook_rebuilds_the_zip(published):
    assert bulk.stored() is None
    tasks.on_release_published(publish_at=timezone.now() + dt.timedelta(days=1))
    assert bulk.stored() is not None


def test_downloads_page_shows_the_zips_build_time_and_size(client, published):
    response = client.get("/downloads/")
    assert response.status_code == 200
    info = bulk.stored()
    assert info is not None
    html = response.content.decode()
    assert f"{info.size:,} bytes" in html
    assert f"/indicators/{published.indicator.slug}/data.ods" in html
