"""Writing a quarterly review: commentary on each complex outcome, the overall rating, and the
chair's sign-off. Each needs its board role's permission (checked again by
``missions.services``), and a review signed off is read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dashboard.boards import pages
from dashboard.boards.forms import CommentaryForm, RatingForm
from dashboard.boards.review import review_build
from dashboard.boards.views import editable_review, mission_or_404, review_url
from missions import selectors as mission_selectors
from missions import services
from missions.models import ComplexOutcome, Mission
from missions.quarters import Quarter


def _edit_page(
    request: HttpRequest,
    form: Form,
    current: Any,
    save: Callable[[], object],
    *,
    page: tuple[str, str, Mission, Quarter],
    saved: tuple[str, str, str],
    **context: Any,
) -> HttpResponse:
    """A form for one part of a review. ``page`` is its template, title, mission and quarter;
    on a valid POST, ``save()``, then redirect to the URL in ``saved`` (field, message, URL)
    with its message, or show the form again with the service's refusal on its field."""
    template, title, mission, quarter = page
    field, message, then = saved
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except services.ReviewError as error:
            form.add_error(field, str(error))
        else:
            messages.success(request, message)
            return redirect(then)
    return render(
        request,
        f"dashboard/boards/{template}",
        {
            "page_title": title,
            "nav": "missions",
            "mission": mission,
            "quarter": quarter,
            "form": form,
            "current": current,
            "current_author": pages.author_name(current),
            **context,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commentary_edit(
    request: HttpRequest, slug: str, quarter: Quarter, outcome: str
) -> HttpResponse:
    mission = mission_or_404(slug)
    review = editable_review(request, mission, quarter, codename="add_commentary")
    found = ComplexOutcome.objects.filter(mission=mission, slug=outcome).first()
    if found is None:
        raise Http404("No outcome with that name.")
    current = mission_selectors.commentary_current(review=review).get(found.pk)
    form = CommentaryForm(request.POST or None, initial={"text": current.text if current else ""})

    def save() -> object:
        text = form.cleaned_data["text"]
        return services.commentary_add(review=review, outcome=found, text=text, user=request.user)

    anchor = f"{review_url(mission, quarter)}#outcome-{found.slug}"
    page = ("commentary_form.html", f"Commentary: {found.title}", mission, quarter)
    saved = ("text", f"Commentary on “{found.title}” saved.", anchor)
    return _edit_page(request, form, current, save, page=page, saved=saved, outcome=found)


@login_required
@require_http_methods(["GET", "POST"])
def rating_edit(request: HttpRequest, slug: str, quarter: Quarter) -> HttpResponse:
    mission = mission_or_404(slug)
    review = editable_review(request, mission, quarter, codename="add_commentary")
    current = mission_selectors.commentary_current(review=review).get(None)
    initial = {"rating": current.rating, "reason": current.reason} if current else {}
    form = RatingForm(request.POST or None, initial=initial)

    def save() -> object:
        chosen = form.cleaned_data
        return services.rating_set(
            review=review, rating=chosen["rating"], reason=chosen["reason"], user=request.user
        )

    title = f"Overall rating: {quarter.label} review"
    then = f"{review_url(mission, quarter)}#overall-rating"
    return _edit_page(
        request,
        form,
        current,
        save,
        page=("rating_form.html", title, mission, quarter),
        saved=("reason", "Overall rating saved.", then),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_signoff(request: HttpRequest, slug: str, quarter: Quarter) -> HttpResponse:
    mission = mission_or_404(slug)
    review = editable_review(request, mission, quarter, codename="signoff_review")
    commentary = mission_selectors.commentary_current(review=review)
    error = ""
    if request.method == "POST":
        data = review_build(mission_slug=mission.slug, quarter=quarter)
        assert data is not None
        try:
            services.review_signoff(review=review, user=request.user, content=data.to_json())
        except services.ReviewError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                f"The {quarter.label} review is signed off: it is now read-only and public.",
            )
            return redirect(review_url(mission, quarter))
    outcomes = list(mission.outcomes.all())
    return render(
        request,
        "dashboard/boards/signoff.html",
        {
            "page_title": f"Sign off the {quarter.label} review",
            "nav": "missions",
            "mission": mission,
            "quarter": quarter,
            "rating": commentary.get(None),
            "missing": [o for o in outcomes if o.pk not in commentary],
            "error": error,
        },
        status=400 if error else 200,
    )
