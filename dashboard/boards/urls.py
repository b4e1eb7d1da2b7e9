"""URLs of the mission boards' pages, included from config/urls.py (namespace ``boards``)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from dashboard.boards import edit_views, feeds, public_views, views
from missions.quarters import Quarter


class QuarterConverter:
    """``2027-q1`` in a URL ↔ ``Quarter(2027, 1)``."""

    regex = r"[0-9]{4}-q[1-4]"

    def to_python(self, value: str) -> Quarter:
        quarter = Quarter.parse(value)
        if quarter is None:
            raise ValueError(value)
        return quarter

    def to_url(self, value: Quarter | str) -> str:
        return value.slug if isinstance(value, Quarter) else value


register_converter(QuarterConverter, "quarter")

app_name = "boards"

REVIEW = "missions/<slug:slug>/reviews/<quarter:quarter>/"

urlpatterns = [
    path("missions/<slug:slug>/reviews/", views.review_list, name="review-list"),
    path("missions/<slug:slug>/reviews/prepare/", views.review_prepare, name="review-prepare"),
    path(REVIEW, views.review_detail, name="review-detail"),
    path(f"{REVIEW}review.pdf", views.review_pdf, name="review-pdf"),
    path(f"{REVIEW}review.xlsx", views.review_xlsx, name="review-xlsx"),
    path(f"{REVIEW}rating/", edit_views.rating_edit, name="rating-edit"),
    path(f"{REVIEW}sign-off/", edit_views.review_signoff, name="review-signoff"),
    path(f"{REVIEW}history/", views.review_history, name="review-history"),
    path(
        f"{REVIEW}commentary/<slug:outcome>/",
        edit_views.commentary_edit,
        name="commentary-edit",
    ),
    path(
        "missions/<slug:slug>/outcomes/<slug:outcome>/",
        public_views.outcome_detail,
        name="outcome-detail",
    ),
    path("departments/", public_views.department_list, name="department-list"),
    path("departments/<slug:slug>/", public_views.department_detail, name="department-detail"),
    path("releases/", public_views.release_calendar, name="release-calendar"),
    path("releases/feed/", feeds.ReleaseFeed(), name="release-feed"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="dashboard/boards/login.html",
            redirect_authenticated_user=True,
            next_page="/",
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
]
