"""Sign-in throttling (django-axes): five failures for one username from one address lock it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase for tests"
ADDRESS = "203.0.113.7"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser(
        username="analyst", email="analyst@example.gov.uk", password=PASSWORD
    )


def _sign_in(client: Client, password: str, *, address: str = ADDRESS, username: str = "analyst"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_policy_is_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_the_right_password_works(client, admin_user):
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _signed_in(client)


def test_four_failures_still_let_the_right_password_in(client, admin_user):
    for _ in range(4):
        assert _sign_in(client, "wrong password").status_code == 200
    assert _sign_in(client, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_after_five_failures_even_the_right_password_is_refused_until_the_cool_off_ends(
    client, admin_user
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(5):
            _sign_in(client, "wrong password")

        refused = _sign_in(client, PASSWORD)
        assert refused.status_code == 429
        assert not _signed_in(client)
        html = refused.content.decode()
        assert "Sign in temporarily locked" in html
        assert "for 15 minutes, even with the right password" in html
        assert 'class="govuk-template"' in html
        assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []  # CSP: no inline script
        assert refused["Retry-After"] == "900"

        # Trying again during the lockout neither gets in nor extends it.
        clock.shift(dt.timedelta(minutes=14))
        assert _sign_in(client, PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=1, seconds=1))
        accepted = _sign_in(client, PASSWORD)
        assert accepted.status_code == 302
        assert _signed_in(client)


def test_the_fifth_failure_already_shows_the_lockout_page(client, admin_user):
    responses = [_sign_in(client, "wrong password") for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def test_the_lockout_is_for_that_username_from_that_address_only(client, admin_user):
    get_user_model().objects.create_user(username="colleague", password=PASSWORD, is_staff=True)
    for _ in range(5):
        _sign_in(client, "wrong password")

    assert _sign_in(Client(), PASSWORD, address="198.51.100.4").status_code == 302
    assert _sign_in(Client(), PASSWORD, username="colleague").status_code == 302


def test_a_success_forgets_earlier_failures(client, admin_user):
    for _ in range(4):
        _sign_in(client, "wrong password")
    _sign_in(client, PASSWORD)
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "wrong password").status_code == 200
    assert _sign_in(client, PASSWORD).status_code == 302


def test_unknown_usernames_are_throttled_too(client):
    statuses = [_sign_in(client, "guess", username="nobody").status_code for _ in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_tests_sign_in_with_force_login_or_with_a_request(client, admin_user):
    """django-axes needs the request that Client.login does not pass: give it one."""
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200

    other = Client()
    assert other.login(request=RequestFactory().get("/"), username="analyst", password=PASSWORD)
    assert other.get("/admin/").status_code == 200
