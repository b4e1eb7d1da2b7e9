"""Passwords: at least 12 characters, and Django's similarity, common and numeric checks."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def _problems(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [str(message) for message in error.messages]
    return []


def test_a_long_uncommon_password_is_accepted():
    assert _problems("tangerine kettle 42") == []


def test_twelve_characters_are_the_minimum():
    assert _problems("Qx7!vb2#Lm9p") == []
    assert _problems("Qx7!vb2#Lm9") == [
        "This password is too short. It must contain at least 12 characters."
    ]


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("password1234", "This password is too common."),
        ("483920174652", "This password is entirely numeric."),
    ],
)
def test_the_existing_checks_still_apply(password, problem):
    assert problem in _problems(password)


def test_a_password_like_the_username_is_refused():
    user = get_user_model()(username="statistician-jones", email="jones@example.gov.uk")
    assert "The password is too similar to the username." in _problems("statistician-jones1", user)
