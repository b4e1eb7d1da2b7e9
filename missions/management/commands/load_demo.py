"""Load the demo: vocabulary, indicators, missions, then every real and synthetic release.

``make run`` calls it with ``--if-empty`` so that a second run keeps whatever was uploaded since.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.imports.manifest import manifest_import
from indicators.models import Indicator
from missions.fixtures import missions_load

MANIFESTS = ["real.json", "synthetic.json"]


class Command(BaseCommand):
    help = "Load the reference vocabulary, indicators, missions and demo releases from fixtures/."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds indicators.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Indicator.objects.exists():
            self.stdout.write("Indicators already loaded: leaving the database as it is.")
            return
        fixtures_dir = settings.BASE_DIR / "fixtures"
        with transaction.atomic():
            self._report("Vocabulary", vocabulary_load(directory=fixtures_dir / "vocabulary"))
            self._report("Indicators", indicators_load(directory=fixtures_dir / "indicators"))
            self._report("Missions", missions_load(directory=fixtures_dir / "missions"))
            for name in MANIFESTS:
                manifest = fixtures_dir / "releases" / name
                self.stdout.write(f"Importing the releases listed in {name}")
                # OutputWrapper writes like a text stream but is not typed as TextIO.
                stdout = cast(TextIO, self.stdout)
                releases = manifest_import(
                    manifest=manifest, fixtures_dir=fixtures_dir, stdout=stdout
                )
                self.stdout.write(f"  {len(releases)} releases published")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _report(self, what: str, counts: dict[str, int]) -> None:
        details = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        self.stdout.write(f"{what}: {details}")
