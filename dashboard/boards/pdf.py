"""The board pack as a PDF: the review page's own content, typeset by WeasyPrint.

WeasyPrint (a kept, pure-Python HTML/CSS typesetter over Debian's pango) renders the same
partials as the page, so the PDF holds the page's text and numbers as real text; its charts are
the page's figures drawn as SVG on the server (``dashboard.boards.svg``), so they stay vectors.
A4 pages, a page break before each outcome, and on every page the review's as-at date and its
sign-off (CSS page margin boxes). It fetches nothing: every resource is in the document, and
any URL it meets is refused.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

STYLESHEET = "dashboard/boards-pdf.css"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_rules(context: dict[str, Any]) -> str:
    """The running header and footer: the review, its as-at date, its sign-off, page numbers."""
    data, review = context["data"], context["review"]
    quarter, mission = context["quarter"], context["mission"]
    if review.is_signed_off:
        signed = (
            f"Signed off by {context['signed_off_by']}, board chair, on "
            f"{review.signed_off_at.day} {review.signed_off_at:%B %Y}"
        )
    else:
        signed = "Draft: not signed off (board members and staff only)"
    return f"""
@page {{
  @top-left {{ content: {_css_string(f"{quarter.label} review: {mission.title}")}; }}
  @top-right {{ content: {_css_string(f"As at {data.as_at_text}")}; }}
  @bottom-left {{ content: {_css_string(signed)}; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); }}
}}
"""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the board pack fetches nothing: {url}")


def review_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    """The review (``views._review_context`` with SVG charts) as PDF bytes."""
    html = render_to_string("dashboard/boards/review_pdf.html", context)
    stylesheet = finders.find(STYLESHEET)
    assert isinstance(stylesheet, str)
    document = HTML(string=html, base_url=base_url, url_fetcher=_no_fetching)
    result = document.write_pdf(
        stylesheets=[CSS(filename=stylesheet), CSS(string=page_rules(context))],
        pdf_variant="pdf/ua-1",
    )
    assert result is not None
    return bytes(result)
