"""No admin page answers an anonymous visitor: every one sends them to the (throttled) login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/",
    "/admin/indicators/",
    "/admin/indicators/indicator/",
    "/admin/indicators/release/",
    "/admin/indicators/release/upload/",
    "/admin/indicators/release/1/download/",
    "/admin/indicators/release/1/change/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/axes/accessattempt/",
]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_signed_in_users_who_are_not_staff_are_sent_to_the_login(client):
    client.force_login(get_user_model().objects.create_user(username="member-of-public"))
    response = client.get("/admin/indicators/release/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_an_anonymous_post_changes_nothing(client):
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "intruder", "password1": "x" * 20, "password2": "x" * 20},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_the_admin_login_is_throttled(settings):
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AXES_ONLY_ADMIN_SITE is False  # every login, the admin's included
