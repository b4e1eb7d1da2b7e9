"""``manage.py release_approve --release ID --user USERNAME``: the approval step, as in the admin.

The approver is a second person: never the release's uploader, and holding the approve
permission (the Approver role). The command prints what the release changes against the one the
public sees, as the admin's confirmation page does, and the audit trail records the approver.

Exit status: 0 approved; 2 bad arguments (unknown release or account); 3 the step is refused
(the uploader, no permission, not a draft), with the reason.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from indicators.imports.compare import compare_release
from indicators.imports.report import comparison_lines
from indicators.management.accounts import NOT_ALLOWED, account, acting_as
from indicators.management.releases import add_release_arguments, release_of
from indicators.services import ReleaseWorkflowError, release_approve


class Command(BaseCommand):
    help = "Approve a draft release uploaded by someone else (the four-eyes rule)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_release_arguments(parser, role="an approver, not the release's uploader")

    def handle(self, *args: Any, **options: Any) -> None:
        release = release_of(options["release"])
        user = account(options["user"])
        try:
            with acting_as(user, command="release_approve"):
                approved = release_approve(release=release, user=user)
        except ReleaseWorkflowError as refused:
            raise CommandError(str(refused), returncode=NOT_ALLOWED) from refused
        self.stdout.write("\n".join(comparison_lines(compare_release(release=approved))))
        self.stdout.write(
            self.style.SUCCESS(
                f"{approved} approved by {user.username}. Publish it in the admin, or with "
                f"manage.py release_publish --release {approved.pk} --user USERNAME "
                "[--at DATE-TIME]."
            )
        )
