"""Mission boards' quarterly reviews: the list, preparing one, the review, its downloads and
the history of its commentary; and the access helpers the boards' other views share
(writing a review: ``edit_views``; the outcome, department and calendar pages:
``public_views``).

Who sees what: a signed-off review is public; before sign-off a review (and its downloads)
exists only for board users (``missions.view_review``) and staff, and is a 404 for anyone
else. Writing needs the board roles' permissions, checked again by ``missions.services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard import cache as page_cache
from dashboard.boards import analysis, pages, pdf, xlsx
from dashboard.boards.data import ReviewData
from dashboard.boards.forms import PrepareForm
from dashboard.boards.review import review_build
from dashboard.boards.revisions import revisions_note
from missions import selectors as mission_selectors
from missions import services
from missions.models import Mission, Review
from missions.quarters import Quarter

#: How many ended quarters a secretariat may prepare a review for, latest first.
PREPARABLE_QUARTERS = 4


# --- access helpers ---------------------------------------------------------------------------


def mission_or_404(slug: str) -> Mission:
    mission = Mission.objects.filter(slug=slug).first()
    if mission is None:
        raise Http404("No mission with that name.")
    return mission


def visible_review(request: HttpRequest, mission: Mission, quarter: Quarter) -> Review:
    """The review, if this user may see it: signed off (public), or a board user or staff."""
    review = mission_selectors.review_get(
        mission=mission, year=quarter.year, quarter=quarter.number
    )
    if review is None:
        raise Http404("No review of that quarter.")
    if not review.is_signed_off and not services.can_see_drafts(user=request.user):
        raise Http404("No review of that quarter.")
    return review


def editable_review(
    request: HttpRequest, mission: Mission, quarter: Quarter, *, codename: str
) -> Review:
    review = visible_review(request, mission, quarter)
    if not services.holds_permission(user=request.user, codename=codename):
        raise PermissionDenied
    if review.is_signed_off:
        raise PermissionDenied
    return review


def _data(review: Review, mission: Mission, quarter: Quarter) -> ReviewData:
    """What the review shows: frozen at sign-off, else computed as at the quarter's end."""
    if review.is_signed_off and review.content is not None:
        return ReviewData.from_json(review.content)
    data = review_build(mission_slug=mission.slug, quarter=quarter)
    if data is None:
        raise Http404("No mission with that name.")
    return data


def review_url(mission: Mission, quarter: Quarter, name: str = "review-detail") -> str:
    return reverse(f"boards:{name}", args=[mission.slug, quarter])


def _review_context(
    request: HttpRequest,
    review: Review,
    mission: Mission,
    quarter: Quarter,
    *,
    with_svg: bool = False,
) -> dict[str, Any]:
    data = _data(review, mission, quarter)
    revised = revisions_note(data)
    commentary = mission_selectors.commentary_current(review=review)
    user = request.user
    return {
        "page_title": f"{quarter.label} review: {mission.title}",
        "nav": "missions",
        "has_charts": True,
        "mission": mission,
        "quarter": quarter,
        "review": review,
        "data": data,
        "sections": pages.review_sections(data, commentary=commentary, with_svg=with_svg),
        "rating": commentary.get(None),
        "revised_count": revised,
        "can_comment": not review.is_signed_off
        and services.holds_permission(user=user, codename="add_commentary"),
        "can_signoff": not review.is_signed_off
        and services.holds_permission(user=user, codename="signoff_review"),
        "can_see_history": services.can_see_drafts(user=user),
        "signed_off_by": _name(review.signed_off_by) if review.signed_off_by else "",
        "progress_rule": analysis.PROGRESS_RULE,
        "direction_rule": analysis.DIRECTION_RULE,
    }


def _name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


# --- quarterly reviews ------------------------------------------------------------------------


@require_GET
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = mission_or_404(slug)
    board_user = services.can_see_drafts(user=request.user)
    reviews = mission_selectors.review_list(mission=mission, signed_off_only=not board_user)
    can_prepare = services.holds_permission(user=request.user, codename="add_review")
    prepared = (
        {
            (r.year, r.quarter)
            for r in mission_selectors.review_list(mission=mission, signed_off_only=False)
        }
        if can_prepare
        else set()
    )
    preparable = []
    if can_prepare:
        quarter = Quarter.last_complete()
        for _ in range(PREPARABLE_QUARTERS):
            if (quarter.year, quarter.number) not in prepared:
                preparable.append(quarter)
            quarter = quarter.previous
    return render(
        request,
        "dashboard/boards/review_list.html",
        {
            "page_title": f"Quarterly reviews: {mission.title}",
            "nav": "missions",
            "mission": mission,
            "reviews": [(r, Quarter(r.year, r.quarter)) for r in reviews],
            "board_user": board_user,
            "preparable": preparable,
            "last_complete": Quarter.last_complete(),
        },
    )


@require_POST
def review_prepare(request: HttpRequest, slug: str) -> HttpResponse:
    mission = mission_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("boards:review-list", args=[slug]))
    form = PrepareForm(request.POST)
    quarter = Quarter.parse(form.data.get("quarter", "")) if form.is_valid() else None
    if quarter is None:
        messages.error(request, "Choose a quarter to prepare.")
        return redirect("boards:review-list", slug)
    try:
        services.review_prepare(mission=mission, quarter=quarter, user=request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect("boards:review-list", slug)
    messages.success(
        request, f"The {quarter.label} review is prepared: add commentary and a rating."
    )
    return redirect(review_url(mission, quarter))


@require_GET
def review_detail(request: HttpRequest, slug: str, quarter: Quarter) -> HttpResponse:
    mission = mission_or_404(slug)
    review = visible_review(request, mission, quarter)
    context = _review_context(request, review, mission, quarter)
    return render(request, "dashboard/boards/review_detail.html", context)


@require_GET
def review_pdf(request: HttpRequest, slug: str, quarter: Quarter) -> HttpResponse:
    mission = mission_or_404(slug)
    review = visible_review(request, mission, quarter)

    def render_pdf() -> bytes:
        context = _review_context(request, review, mission, quarter, with_svg=True)
        return pdf.review_pdf(context, base_url=request.build_absolute_uri("/"))

    if review.is_signed_off:
        # A signed-off review changes only when a later release revises one of its figures,
        # which changes the fingerprint the page cache keys on.
        document = page_cache.page_data(
            page="review-pdf", parts=[str(review.pk)], compute=render_pdf
        )
    else:
        document = render_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{mission.slug}-review-{quarter.slug}.pdf"'
    )
    return response


@require_GET
def review_xlsx(request: HttpRequest, slug: str, quarter: Quarter) -> HttpResponse:
    mission = mission_or_404(slug)
    review = visible_review(request, mission, quarter)
    context = _review_context(request, review, mission, quarter)
    response = HttpResponse(
        xlsx.review_xlsx(context),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{mission.slug}-review-{quarter.slug}.xlsx"'
    )
    return response


@login_required
@require_GET
def review_history(request: HttpRequest, slug: str, quarter: Quarter) -> HttpResponse:
    mission = mission_or_404(slug)
    review = visible_review(request, mission, quarter)
    if not services.can_see_drafts(user=request.user):
        raise Http404("No review of that quarter.")
    return render(
        request,
        "dashboard/boards/review_history.html",
        {
            "page_title": f"Commentary history: {quarter.label} review",
            "nav": "missions",
            "mission": mission,
            "quarter": quarter,
            "review": review,
            "versions": [
                (c, pages.author_name(c))
                for c in mission_selectors.commentary_history(review=review)
            ],
        },
    )
