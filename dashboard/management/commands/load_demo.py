"""Load the demo: vocabulary, indicators, missions, every real and synthetic release at its
publication time, illustrative targets, and a signed-off quarterly review of the opportunity
mission for the last complete quarter.

``make run`` calls it with ``--if-empty`` so that a second run keeps whatever was uploaded since.
It lives in the dashboard app because the signed-off review freezes what the board pages show
(``dashboard.boards.review``), and imports point one way: dashboard → missions → indicators.
"""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dashboard.boards.review import review_build
from indicators.fixtures import dated_manifest_import, indicators_load, vocabulary_load
from indicators.models import Indicator
from missions import services
from missions.fixtures import demo_board_users, demo_publish_at, missions_load, targets_load
from missions.models import Mission, Review
from missions.quarters import Quarter

MANIFESTS = ["real.json", "synthetic.json", "revisions.json"]


class Command(BaseCommand):
    help = (
        "Load the reference vocabulary, indicators, missions, demo releases, illustrative "
        "targets and a signed-off demo review from fixtures/."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds indicators.",
        )
        parser.add_argument(
            "--without-review",
            action="store_true",
            help="Leave out the signed-off demo review (to prepare one by hand).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Indicator.objects.exists():
            self.stdout.write("Indicators already loaded: leaving the database as it is.")
            return
        fixtures_dir = settings.BASE_DIR / "fixtures"
        now = timezone.now()
        quarter = Quarter.last_complete(now)
        with transaction.atomic():
            self._report("Vocabulary", vocabulary_load(directory=fixtures_dir / "vocabulary"))
            self._report("Indicators", indicators_load(directory=fixtures_dir / "indicators"))
            self._report("Missions", missions_load(directory=fixtures_dir / "missions"))
            for name in MANIFESTS:
                manifest = fixtures_dir / "releases" / name
                self.stdout.write(f"Importing the releases listed in {name}")
                # OutputWrapper writes like a text stream but is not typed as TextIO.
                stdout = cast(TextIO, self.stdout)
                releases = dated_manifest_import(
                    manifest=manifest,
                    fixtures_dir=fixtures_dir,
                    stdout=stdout,
                    publish_at=lambda entry: demo_publish_at(entry, quarter=quarter, now=now),
                )
                self.stdout.write(f"  {len(releases)} releases published")
            self._report("Targets", targets_load(directory=fixtures_dir / "missions"))
            if not options["without_review"]:
                review = demo_review_load(
                    path=fixtures_dir / "missions" / "review.json", quarter=quarter, now=now
                )
                self.stdout.write(f"Review: {review}, signed off")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _report(self, what: str, counts: dict[str, int]) -> None:
        details = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        self.stdout.write(f"{what}: {details}")


def demo_review_load(*, path: Path, quarter: Quarter, now: dt.datetime) -> Review:
    """The demo review in ``review.json``, for ``quarter``: prepared, commented on and rated
    by the demo secretariat, then signed off by the demo chair with what the page shows."""
    entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    secretariat, chair = demo_board_users()
    mission = Mission.objects.get(slug=entry["mission"])
    review = services.review_prepare(mission=mission, quarter=quarter, user=secretariat, now=now)
    for outcome in mission.outcomes.all():
        text = entry["commentary"].get(outcome.slug)
        if text:
            services.commentary_add(
                review=review, outcome=outcome, text=text, user=secretariat, now=now
            )
    services.rating_set(
        review=review, rating=entry["rating"], reason=entry["reason"], user=secretariat, now=now
    )
    data = review_build(mission_slug=mission.slug, quarter=quarter, now=now)
    assert data is not None
    return services.review_signoff(review=review, user=chair, content=data.to_json(), now=now)
