"""``manage.py import_release FILE --indicator SLUG --user USERNAME``: the upload pipeline from
the command line.

The release is uploaded by ``--user``, who must hold the Analyst role and work for the
department that owns the indicator, as in the admin; the audit trail records them, and someone
else approves the draft (``release_approve``), so the four-eyes rule holds here too.

Exit status: 0 imported (or checked, with ``--dry-run``); 1 the file has errors; 2 bad arguments
(unknown indicator or account, missing file, malformed option); 3 the account may not upload
releases of the indicator. The error report is the one the upload page shows: a summary, the
first 200 errors, and how many more there are; ``--errors-csv PATH`` writes every error as CSV,
like the page's download.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from indicators.access import AccessDenied, indicator_edit_check
from indicators.admin.links import linked
from indicators.imports.pipeline import ImportOptions, ImportResult, run_import
from indicators.imports.report import ErrorReport, comparison_lines
from indicators.imports.types import FORMATS
from indicators.management.accounts import BAD_ARGUMENTS, NOT_ALLOWED, account, acting_as
from indicators.models import Indicator

INVALID_DATA = 1


class Command(BaseCommand):
    help = "Validate a CSV, XLSX or ODS file and import it as a draft release of an indicator."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--indicator", required=True, help="Indicator slug.")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="Your account: an analyst of the department that owns the indicator.",
        )
        parser.add_argument("--format", default="auto", choices=FORMATS)
        parser.add_argument("--sheet", default="", help="The workbook sheet with the data.")
        parser.add_argument("--series", default="", help="The Series value that is this indicator.")
        parser.add_argument("--unit", default="", help="The Units value that is this indicator.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=TARGET",
            help="Map a column to a characteristic slug, a role, 'filter=<value>' or 'ignore'.",
        )
        parser.add_argument("--geography", default="", help="GSS code for rows without one.")
        parser.add_argument("--reversed", action="append", default=[], metavar="CHARACTERISTIC")
        parser.add_argument("--skip-row", action="append", type=int, default=[], metavar="ROW")
        parser.add_argument("--skip-reason", default="")
        parser.add_argument("--publish-at", default="", help="ISO 8601 date-time.")
        parser.add_argument("--note", default="")
        parser.add_argument("--dry-run", action="store_true", help="Validate and compare only.")
        parser.add_argument(
            "--errors-csv",
            type=Path,
            metavar="PATH",
            help="Write every error to this CSV file (the screen shows the first 200).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=BAD_ARGUMENTS)
        try:
            indicator = Indicator.objects.get(slug=options["indicator"])
        except Indicator.DoesNotExist:
            raise CommandError(
                f"No indicator with slug '{options['indicator']}'.", returncode=BAD_ARGUMENTS
            ) from None
        user = account(options["user"])
        try:
            indicator_edit_check(user=user, indicator=indicator)
        except AccessDenied as denied:
            raise CommandError(
                f"{user.username} may not upload releases of {indicator.slug}: {denied}",
                returncode=NOT_ALLOWED,
            ) from denied
        import_options = ImportOptions(
            format=options["format"],
            sheet=options["sheet"],
            series=options["series"],
            unit=options["unit"],
            column_map=_pairs(options["map"]),
            geography=options["geography"],
            reversed=options["reversed"],
            skip_rows=options["skip_row"],
            skip_reason=options["skip_reason"],
            publish_at=_moment(options["publish_at"]),
            note=options["note"],
        )
        with acting_as(user, command="import_release"):
            result = run_import(
                source=path,
                indicator=indicator,
                options=import_options,
                uploaded_by=user,
                dry_run=options["dry_run"],
            )
        if result.errors:
            report = ErrorReport(linked(result.errors))
            self._report_errors(report, errors_csv=options["errors_csv"])
            raise CommandError(f"Nothing was imported from {path.name}.", returncode=INVALID_DATA)
        self._report_success(result)

    def _report_errors(self, report: ErrorReport, *, errors_csv: Path | None) -> None:
        """The upload page's report as text; every error goes to ``errors_csv`` if given."""
        if errors_csv is not None:
            errors_csv.write_text(report.as_csv(), encoding="utf-8")
            where = f"all {report.count} are in {errors_csv}"
        else:
            where = f"add --errors-csv PATH to save all {report.count} as CSV"
        self.stdout.write("\n".join(report.lines(where=where)))
        if errors_csv is not None and not report.hidden:
            self.stdout.write(f"Every error is also in {errors_csv}.")

    def _report_success(self, result: ImportResult) -> None:
        for notice in result.notices:
            self.stdout.write(notice)
        if result.comparison is not None:
            self.stdout.write("\n".join(comparison_lines(result.comparison)))
        if result.release is None:
            self.stdout.write(f"Dry run: {result.row_count} rows are valid; nothing was saved.")
        else:
            release = result.release
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.row_count} rows as {release}, uploaded by "
                    f"{release.uploaded_by}. It is a draft: someone else approves it, in the "
                    f"admin or with manage.py release_approve --release {release.pk} --user "
                    "USERNAME."
                )
            )


def _pairs(items: list[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise CommandError(
                f"--map needs COLUMN=TARGET, not '{item}'.", returncode=BAD_ARGUMENTS
            )
        pairs[column.strip()] = target.strip()
    return pairs


def _moment(text: str) -> dt.datetime | None:
    if not text:
        return None
    moment = parse_datetime(text)
    if moment is None or moment.tzinfo is None:
        raise CommandError(
            f"--publish-at needs an ISO 8601 date-time with a time zone, not '{text}'.",
            returncode=BAD_ARGUMENTS,
        )
    return moment
