"""``manage.py release_publish --release ID --user USERNAME [--at DATE-TIME]``: the publish step.

The public sees the release from ``--at`` (ISO 8601; without an offset it is UK time, as the
admin's form takes it), else from the time planned at upload, else at once. Until then the
release it replaces stays public, and the admin lists the new one as "Scheduled for …". The
publisher holds the publish permission (the Approver role); the audit trail records them.

Exit status: 0 published; 2 bad arguments (unknown release or account, a date-time that cannot
be read or is past); 3 the step is refused (not approved, no permission, a time before the
current release's), with the reason.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from indicators.admin.statuses import moment_text
from indicators.management.accounts import BAD_ARGUMENTS, NOT_ALLOWED, account, acting_as
from indicators.management.releases import add_release_arguments, release_of
from indicators.services import ReleaseWorkflowError, release_publish


class Command(BaseCommand):
    help = "Publish an approved release, now or at a set date and time (an embargo)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_release_arguments(parser, role="holding the publish permission")
        parser.add_argument(
            "--at",
            default="",
            metavar="DATE-TIME",
            help="When the public sees it, ISO 8601 (2027-03-12T09:30; UK time unless it has "
            "an offset). Default: the time planned at upload, else now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        release = release_of(options["release"])
        user = account(options["user"])
        at = _moment(options["at"])
        try:
            with acting_as(user, command="release_publish"):
                published = release_publish(release=release, user=user, publish_at=at)
        except ReleaseWorkflowError as refused:
            raise CommandError(str(refused), returncode=NOT_ALLOWED) from refused
        assert published.publish_at is not None
        when = moment_text(published.publish_at)
        if published.publish_at > timezone.now():
            message = f"{published} is scheduled: the public sees it from {when} (UK time)."
        else:
            message = f"{published} is published ({when}, UK time)."
        self.stdout.write(self.style.SUCCESS(message))


def _moment(text: str) -> dt.datetime | None:
    """``--at`` as an aware date-time (UK time when it has no offset); it must be ahead."""
    if not text:
        return None
    moment = parse_datetime(text)
    if moment is None:
        raise CommandError(
            f"--at needs an ISO 8601 date and time such as 2027-03-12T09:30, not '{text}'.",
            returncode=BAD_ARGUMENTS,
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    if moment <= timezone.now():
        raise CommandError(
            f"--at {text} is in the past; leave --at out to publish now.",
            returncode=BAD_ARGUMENTS,
        )
    return moment
