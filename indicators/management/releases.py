"""The arguments every release workflow command takes: which release, and who acts."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import CommandError

from indicators.management.accounts import BAD_ARGUMENTS
from indicators.models import Release


def add_release_arguments(parser: ArgumentParser, *, role: str) -> None:
    parser.add_argument(
        "--release", required=True, type=int, metavar="ID", help="The release's id (the admin's)."
    )
    parser.add_argument("--user", required=True, metavar="USERNAME", help=f"Your account: {role}.")


def release_of(release_id: int) -> Release:
    """The release with this id, or a ``CommandError`` (exit 2)."""
    try:
        return Release.objects.select_related("indicator", "uploaded_by").get(pk=release_id)
    except Release.DoesNotExist:
        raise CommandError(f"No release with id {release_id}.", returncode=BAD_ARGUMENTS) from None
