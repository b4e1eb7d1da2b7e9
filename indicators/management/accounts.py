"""Who runs a command: ``--user USERNAME``, looked up once, and recorded in the audit trail.

Every command that changes a release acts as a named, active account, so the four-eyes rule
and department scoping hold on the command line as they do in the admin, and the audit trail
says who did it (``pghistory.context``, as the admin's middleware does for a request).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pghistory
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Exit statuses shared by the release commands.
BAD_ARGUMENTS = 2
NOT_ALLOWED = 3


def account(username: str) -> User:
    """The active account called ``username``, or a ``CommandError`` (exit 2) saying why not."""
    user_model = get_user_model()
    try:
        user = user_model.objects.get(username=username)
    except user_model.DoesNotExist:
        raise CommandError(
            f"No account called '{username}'. Give your own username with --user.",
            returncode=BAD_ARGUMENTS,
        ) from None
    if not user.is_active:
        raise CommandError(
            f"The account '{username}' is deactivated, so it may do nothing. Ask an "
            "administrator to reactivate it, or give your own username with --user.",
            returncode=BAD_ARGUMENTS,
        )
    return user


@contextmanager
def acting_as(user: User, *, command: str) -> Iterator[None]:
    """Record every change made inside as ``user``'s, by ``command`` (the audit trail)."""
    with pghistory.context(user=user.pk, command=command):
        yield
