"""Load the five missions and their complex outcomes from ``fixtures/missions/missions.json``.

Missions and outcomes are upserted on their slugs; an outcome's contributing departments and
indicators are set to exactly what the file lists. Departments and indicators must already be
loaded (``indicators.fixtures``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from indicators.models import Department, Indicator
from missions.models import ComplexOutcome, Mission


@transaction.atomic
def missions_load(*, directory: Path) -> dict[str, int]:
    """Returns the number of missions and of complex outcomes in the file."""
    entries: list[dict[str, Any]] = json.loads(
        (directory / "missions.json").read_text(encoding="utf-8")
    )
    departments = {d.slug: d for d in Department.objects.all()}
    indicators = {i.slug: i for i in Indicator.objects.all()}
    outcomes = 0
    for mission_order, entry in enumerate(entries):
        mission, _ = Mission.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "summary": entry["summary"],
                "display_order": mission_order,
            },
        )
        for outcome_order, item in enumerate(entry["outcomes"]):
            outcome, _ = ComplexOutcome.objects.update_or_create(
                mission=mission,
                slug=item["slug"],
                defaults={
                    "title": item["title"],
                    "area": item["area"],
                    "description": item["description"],
                    "lead_department": departments[item["lead"]],
                    "display_order": outcome_order,
                },
            )
            outcome.contributing_departments.set([departments[s] for s in item["contributing"]])
            outcome.indicators.set([indicators[s] for s in item["indicators"]])
            outcomes += 1
    return {"missions": len(entries), "outcomes": outcomes}
