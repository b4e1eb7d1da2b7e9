"""The board pack: a PDF faithful to the page (real text, vector charts, A4, the as-at date
and sign-off on every page) and an XLSX holding every number on the page."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from dashboard.boards.review import review_build
from missions import services
from missions.quarters import Quarter
from tests.boards import builders

pytestmark = pytest.mark.django_db

QUARTER = Quarter(2025, 1)
A4 = (595.3, 841.9)  # points


@pytest.fixture
def signed_off(client) -> builders.Board:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    builders.target(board, is_illustrative=True)
    secretariat = builders.secretariat()
    review = services.review_prepare(mission=board.mission, quarter=QUARTER, user=secretariat)
    services.commentary_add(
        review=review, outcome=board.outcome, text="Falling for everyone.", user=secretariat
    )
    services.rating_set(review=review, rating="on_track", reason="All falling.", user=secretariat)
    data = review_build(mission_slug=board.mission.slug, quarter=QUARTER)
    assert data is not None
    services.review_signoff(review=review, user=builders.chair(), content=data.to_json())
    builders.publish(board, at=builders.london(2025, 5, 3, 9, 30), shift=-0.6)
    return board


def _page_numbers(client, board: builders.Board) -> set[str]:
    """Every number written on the review page's main content (values, gaps, percentages)."""
    page = client.get(reverse("boards:review-detail", args=[board.mission.slug, QUARTER]))
    main = page.content.decode().split('id="main-content"')[1]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.DOTALL)  # chart data, not words
    # The no-JavaScript stand-in for each chart repeats the chart's figures, which the PDF
    # draws as a vector chart instead.
    main = re.sub(r"<noscript>.*?</noscript>", " ", main, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", main)
    return set(re.findall(r"(?<![\w.])[+-]?\d+\.\d+(?![\w.])", text))


def test_the_pdf_is_a4_with_the_pages_text_and_numbers(client, signed_off) -> None:
    response = client.get(reverse("boards:review-pdf", args=[signed_off.mission.slug, QUARTER]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Words as the reader sees them: where a line wraps is layout, not content.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
    assert "Q1 2025 (January to March): Test mission" in text
    assert "13.0% for all people in 2022" in text
    assert "Revised on 3 May 2025 to 12.4%" in text
    assert "Falling for everyone." in text
    assert "On track" in text
    assert "Illustrative target — not government policy" in text
    for number in _page_numbers(client, signed_off):
        assert number in text, number


def test_every_pdf_page_carries_the_as_at_date_and_the_sign_off(client, signed_off) -> None:
    response = client.get(reverse("boards:review-pdf", args=[signed_off.mission.slug, QUARTER]))

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2  # the summary, then a page per outcome
    for page in reader.pages:
        text = page.extract_text()
        assert "As at the end of 31 March 2025" in text
        assert "Signed off by Chris Chair, board chair, on" in text


def test_the_pdfs_charts_are_vectors_with_real_text(client, signed_off) -> None:
    response = client.get(reverse("boards:review-pdf", args=[signed_off.mission.slug, QUARTER]))

    reader = PdfReader(io.BytesIO(response.content))
    images = sum(len(page.images) for page in reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert images == 0  # no raster: the chart is drawn as paths
    assert "2030 (target)" in text  # the chart's axis labels are text
    assert "Per cent (%)" in text


def test_the_xlsx_has_a_cover_then_one_table_per_sheet_starting_at_a1(client, signed_off) -> None:
    response = client.get(reverse("boards:review-xlsx", args=[signed_off.mission.slug, QUARTER]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    assert {"Outcomes", "Headlines", "Gaps", "Targets", "Changes", "Chart data"} <= set(
        book.sheetnames
    )
    for name in book.sheetnames[3:]:
        sheet = book[name]
        assert sheet["A1"].value, name  # the title in A1
        assert len(sheet.tables) == 1, name  # one table, as a named Excel table
    assert book["Cover"]["A1"].value == "Q1 2025 review: Test mission"


def test_the_xlsx_holds_every_number_on_the_page(client, signed_off) -> None:
    response = client.get(reverse("boards:review-xlsx", args=[signed_off.mission.slug, QUARTER]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, int | float):
                    cells.add(f"{abs(value):.1f}")
                elif isinstance(value, str):
                    cells.update(n.lstrip("+-") for n in re.findall(r"[+-]?\d+\.\d+", value))
    for number in _page_numbers(client, signed_off):
        assert number.lstrip("+-") in cells, number
    headlines = book["Headlines"]
    header = [
        c.value for c in next(r for r in headlines.iter_rows() if r[0].value == "Complex outcome")
    ]
    assert "Value for all people" in header


def test_an_unsigned_reviews_downloads_say_draft(client) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    services.review_prepare(mission=board.mission, quarter=QUARTER, user=builders.secretariat())
    client.force_login(builders.chair())

    response = client.get(reverse("boards:review-pdf", args=[board.mission.slug, QUARTER]))

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Draft: not signed off" in text
