"""The pipeline end to end on small files: what is written, how formats and labels are read."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.imports.pipeline import ImportOptions, run_import
from indicators.models import Group, Indicator, Observation, Period, Release
from tests import factories
from tests.indicators.import_helpers import NATIVE_HEADER, percentage_indicator, run, vocabulary

pytestmark = pytest.mark.django_db
DATA = Path(__file__).with_name("data")


@pytest.fixture
def indicator() -> Indicator:
    vocabulary()
    return percentage_indicator()


def group(name: str) -> Group:
    return Group.objects.get(name=name)


def test_native_rows_are_written_with_every_field(indicator: Indicator) -> None:
    content = (
        NATIVE_HEADER
        + "2020,E92000001,,50.5,48,53,101,200,,\n"
        + "2020,E92000001,Female,,,,,,[c],Fewer than 10 people\n"
    )
    result = run(content, indicator=indicator)
    assert result.errors == []
    release = result.release
    assert release is not None
    assert (release.version, release.status, release.row_count) == (1, "draft", 2)
    assert release.file_format == "native"
    headline = Observation.objects.get(release=release, group_a=None)
    assert (headline.value, headline.lower, headline.upper) == (50.5, 48.0, 53.0)
    assert (headline.numerator, headline.denominator, headline.marker) == (101.0, 200.0, "")
    female = Observation.objects.get(release=release, group_a=group("Female"))
    assert (female.value, female.marker, female.note) == (None, "c", "Fewer than 10 people")
    assert female.characteristic_a.slug == "sex"
    assert release.source_file.read() == content.encode()


def test_dry_run_writes_nothing(indicator: Indicator) -> None:
    result = run(NATIVE_HEADER + "2031,E92000001,,50,,,,,,\n", indicator=indicator, dry_run=True)
    assert (result.errors, result.release, result.row_count) == ([], None, 1)
    assert result.comparison is not None
    assert result.comparison.added == 1
    assert (Release.objects.count(), Observation.objects.count()) == (0, 0)
    assert not Period.objects.filter(label="2031").exists()


def test_identical_file_is_refused_with_a_pointer(indicator: Indicator) -> None:
    content = NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n"
    first = run(content, indicator=indicator).release
    assert first is not None
    again = run(content, indicator=indicator)
    assert again.release is None
    assert f"/admin/indicators/release/{first.pk}/change/" in again.errors[0].action
    assert "was already uploaded as" in again.errors[0].message
    assert Release.objects.count() == 1


def test_eff_file_with_metadata_rows_symbols_and_thousands(indicator: Indicator) -> None:
    path = DATA / "eff_metadata_rows.csv"
    result = run_import(
        source=path,
        filename=path.name,
        indicator=indicator,
        options=ImportOptions(geography="E92000001"),
        uploaded_by=None,
    )
    assert result.errors == []
    assert result.file_format == "eff"
    rows = {
        " × ".join(g.name for g in (o.group_a, o.group_b) if g): (
            o.value,
            o.marker,
            o.quality,
            o.numerator,
            o.denominator,
        )
        for o in Observation.objects.select_related("group_a", "group_b")
    }
    # Sex was created before ethnicity, so the cross is stored as (sex, ethnicity).
    assert rows == {
        "White": (67.7, "", "", 12_733_000.0, 18_808_000.0),
        "Female × Asian": (None, "c", "", None, None),
        "Black": (0.0, "", "low", None, None),
    }


@pytest.mark.parametrize("name", ["native_cp1252.csv", "native_bom_then_cp1252.csv"])
def test_windows_1252_text_is_read(indicator: Indicator, name: str) -> None:
    result = run((DATA / name).read_bytes(), indicator=indicator)
    assert result.errors == []
    assert Observation.objects.get().note.startswith("café")


def test_a_financial_and_an_academic_year_may_share_a_label(indicator: Indicator) -> None:
    school = percentage_indicator(area=Indicator.Area.EDUCATION)
    content = NATIVE_HEADER + "2015/16,E92000001,Female,50,,,,,,\n"
    assert run(content, indicator=indicator).errors == []
    assert run(content, indicator=school).errors == []
    periods = Period.objects.order_by("start").values_list("type", "label", "start", "end")
    assert [(kind, label, str(start), str(end)) for kind, label, start, end in periods] == [
        ("financial_year", "2015/16", "2015-04-01", "2016-03-31"),
        ("academic_year", "2015/16", "2015-09-01", "2016-08-31"),
    ]


def test_sdg_blank_means_all_and_a_series_must_be_chosen(indicator: Indicator) -> None:
    content = (
        "Year,Series,Sex,Observation status,GeoCode,Value\n"
        "2015/16,A,,Normal value,,10\n"
        "2015/16,A,Female,Missing value; suppressed,,\n"
        "2015/16,B,,Normal value,E92000001,99\n"
    )
    unchosen = run(content, indicator=indicator, geography="K02000001")
    assert unchosen.errors[0].message == "The file holds 2 series: A; B."
    result = run(content, indicator=indicator, geography="K02000001", series="a")
    assert result.errors == []
    period = Period.objects.get()
    assert (period.type, period.label, str(period.start)) == (
        "financial_year",
        "2015/16",
        "2015-04-01",
    )
    rows = sorted(
        (o.geography.code, o.group_a_id is None, o.value, o.marker)
        for o in Observation.objects.select_related("geography")
    )
    assert rows == [("K02000001", False, None, "c"), ("K02000001", True, 10.0, "")]


def test_nested_columns_keep_the_detailed_group(indicator: Indicator) -> None:
    content = "Year,Ethnic group,Ethnicity,Value\n2020,Asian,,30\n2020,Asian,Indian,20\n"
    result = run(
        content,
        indicator=indicator,
        format="sdg",
        geography="E92000001",
        column_map={"Ethnic group": "ethnicity", "Ethnicity": "ethnicity"},
    )
    assert result.errors == []
    assert sorted(o.group_a.name for o in Observation.objects.select_related("group_a")) == [
        "Asian",
        "Indian",
    ]


def test_reversed_scale_mirrors_the_ranks(indicator: Indicator) -> None:
    content = (
        "Year,Deprivation quintile,Value\n"
        "2020,Quintile 1 (least deprived),5\n"
        "2020,Quintile 5 (most deprived),9\n"
    )
    result = run(
        content,
        indicator=indicator,
        format="sdg",
        geography="E92000001",
        column_map={"Deprivation quintile": "imd-quintile"},
        reversed=["imd-quintile"],
    )
    assert result.errors == []
    values = {o.group_a.rank: o.value for o in Observation.objects.select_related("group_a")}
    assert values == {5: 5.0, 1: 9.0}


def test_filters_and_skipped_rows_are_recorded(indicator: Indicator) -> None:
    content = (
        "Year,Sex,Occupation,Value\n"
        "2020,,,10\n"
        "2020,Male,,11\n"
        "2020,Male,,12\n"
        "2020,Female,Managers,13\n"
    )
    options = {
        "format": "sdg",
        "geography": "E92000001",
        "column_map": {"Occupation": "filter="},
        "skip_rows": [4],
        "skip_reason": "Repeats row 3 with another value.",
    }
    result = run(content, indicator=indicator, **options)
    assert result.errors == []
    assert sorted(Observation.objects.values_list("value", flat=True)) == [10.0, 11.0]
    assert result.release is not None
    assert result.release.import_options["skip_rows"] == [4]
    assert result.release.import_options["skip_reason"] == "Repeats row 3 with another value."


def test_skipping_rows_needs_a_reason(indicator: Indicator) -> None:
    result = run(NATIVE_HEADER + "2020,E92000001,,50,,,,,,\n", indicator=indicator, skip_rows=[2])
    assert [e.message for e in result.errors] == ["Rows are skipped without a reason."]


def test_comparison_against_the_published_release(indicator: Indicator) -> None:
    published = factories.release(
        indicator=indicator,
        status=Release.Status.DRAFT,
        uploaded_by=factories.uploader(),
    )
    england = factories.geography()
    for year, value in ((2019, 40.0), (2020, 50.0)):
        factories.observation(release=published, period=factories.period(year), value=value)
    approver = factories_user("approver")
    Release.objects.filter(pk=published.pk).update(
        status=Release.Status.PUBLISHED,
        approved_by=approver,
        approved_at=pd.Timestamp("2024-01-01", tz="UTC"),
        publish_at=pd.Timestamp("2024-01-01", tz="UTC"),
    )
    content = NATIVE_HEADER + "2020,E92000001,,52,,,,,,\n2021,E92000001,,55,,,,,,\n"
    result = run(content, indicator=indicator, dry_run=True)
    comparison = result.comparison
    assert comparison is not None
    assert comparison.against == published
    assert (comparison.added, comparison.removed, comparison.revised, comparison.unchanged) == (
        1,
        1,
        1,
        0,
    )
    assert comparison.periods_added == ["2021"]
    revised = next(r for r in comparison.rows if r["change"] == "revised")
    assert revised == {
        "change": "revised",
        "period": "2020",
        "geography": england.name,
        "breakdown": "All people",
        "old": "50",
        "new": "52",
    }


def factories_user(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=username)


@pytest.mark.parametrize(("suffix", "engine"), [(".xlsx", "openpyxl"), (".ods", "odf")])
def test_spreadsheets_are_read_like_csv(indicator: Indicator, suffix: str, engine: str) -> None:
    frame = pd.DataFrame(
        {
            "period": ["2020", "2020"],
            "geography_code": ["E92000001", "E92000001"],
            "sex": ["Female", "Male"],
            "value": [48.5, 51.5],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine=engine)
    result = run(buffer.getvalue(), indicator=indicator, filename=f"upload{suffix}")
    assert result.errors == []
    values = {o.group_a.name: o.value for o in Observation.objects.select_related("group_a")}
    assert values == {"Female": 48.5, "Male": 51.5}


def test_a_failed_save_leaves_no_orphan_file_in_storage(
    indicator: Indicator, settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def broken_copy(**kw: object) -> None:
        raise RuntimeError("COPY failed")

    monkeypatch.setattr("indicators.imports.pipeline.copy_observations", broken_copy)
    with pytest.raises(RuntimeError, match="COPY failed"):
        run(NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n", indicator=indicator)
    assert Release.objects.count() == 0
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


def test_the_import_lock_is_taken_before_any_check(indicator: Indicator) -> None:
    with CaptureQueriesContext(connection) as queries:
        run(NATIVE_HEADER + "2020,E92000001,Female,50,,,,,,\n", indicator=indicator)
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if "pg_try_advisory_xact_lock" in q)
    repeated_file = next(i for i, q in enumerate(sql) if '"indicators_release"."sha256"' in q)
    numbering = next(i for i, q in enumerate(sql) if 'MAX("indicators_release"."version")' in q)
    assert lock < repeated_file < numbering
    assert Release.objects.get().version == 1
