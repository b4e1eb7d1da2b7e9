"""Load the five missions and their complex outcomes from ``fixtures/missions/missions.json``,
and the boards' demo: illustrative targets (``targets.json``), the times demo releases are
published at, and the accounts that write and sign off the demo review.

Missions and outcomes are upserted on their slugs; an outcome's contributing departments and
indicators are set to exactly what the file lists. Departments and indicators must already be
loaded (``indicators.fixtures``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from indicators.models import Department, Geography, Group, Indicator, Period
from missions.models import ComplexOutcome, Mission, Target
from missions.quarters import LONDON, Quarter
from missions.roles import CHAIR, SECRETARIAT, board_roles_ensure


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


# --- the boards' demo: targets, release times, board accounts ---------------------------------


@transaction.atomic
def targets_load(*, directory: Path) -> dict[str, int]:
    """Load ``targets.json``: targets upserted on their statement, group targets after the
    headline they sit under. A baseline period is named by its type and label; releases must
    be loaded first (periods come with them)."""
    entries: list[dict[str, Any]] = json.loads(
        (directory / "targets.json").read_text(encoding="utf-8")
    )
    departments = {d.slug: d for d in Department.objects.all()}
    indicators = {i.slug: i for i in Indicator.objects.all()}
    outcomes = {o.slug: o for o in ComplexOutcome.objects.all()}
    made: dict[str, Target] = {}
    for entry in entries:
        group = _group(entry.get("group"))
        comparison = _group(entry.get("comparison_group"))
        baseline = Period.objects.get(
            type=entry["baseline_period"]["type"], label=entry["baseline_period"]["label"]
        )
        target, _ = Target.objects.update_or_create(
            statement=entry["statement"],
            defaults={
                "indicator": indicators[entry["indicator"]],
                "outcome": outcomes[entry["outcome"]] if entry.get("outcome") else None,
                "parent": made[entry["parent"]] if entry.get("parent") else None,
                "geography": Geography.objects.get(code=entry["geography"]),
                "group": group,
                "comparison_group": comparison,
                "baseline_period": baseline,
                "target_value": entry["target_value"],
                "target_date": dt.date.fromisoformat(entry["target_date"]),
                "owner": departments[entry["owner"]],
                "note": entry.get("note", ""),
                "is_illustrative": entry["is_illustrative"],
            },
        )
        target.full_clean()
        made[entry["key"]] = target
    return {"targets": len(made)}


def _group(reference: str | None) -> Group | None:
    """``"fsm/eligible"`` → that group of that characteristic."""
    if not reference:
        return None
    characteristic, slug = reference.split("/")
    return Group.objects.get(characteristic__slug=characteristic, slug=slug)


#: When the demo's releases without a real date are published, relative to the quarter the
#: demo review covers (the last complete quarter when the demo loads). See fixtures/README.md.
DURING = "during the reviewed quarter"
AFTER = "after the reviewed quarter"


def demo_publish_at(entry: dict[str, Any], *, quarter: Quarter, now: dt.datetime) -> dt.datetime:
    """The publication time of a demo release.

    - ``"published": "2023-03-23 09:30"``: that time in London (the real releases: their
      source's publication date, with the documented time rule);
    - ``"published": "during the reviewed quarter"``: 09:30 on the 15th of the quarter's
      second month;
    - ``"published": "after the reviewed quarter"``: 09:30 on the first day of the quarter
      after it, or a minute before the demo loads if that is earlier;
    - no ``published`` (synthetic data): 09:30 on the 15th of the second month of the quarter
      before the reviewed one, so that the review can say what changed since then.
    """
    stated = entry.get("published")
    if stated == DURING:
        return _london(quarter.start.year, quarter.start.month + 1, 15)
    if stated == AFTER:
        following = quarter.next.start
        first_day = _london(following.year, following.month, 1)
        midnight = first_day.replace(hour=0, minute=0)
        return max(min(first_day, now - dt.timedelta(minutes=1)), midnight)
    if stated:
        return dt.datetime.strptime(stated, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)
    before = quarter.previous.start
    return _london(before.year, before.month + 1, 15)


def _london(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 30, tzinfo=LONDON)


DEMO_SECRETARIAT = "demo-board-secretariat"
DEMO_CHAIR = "demo-board-chair"


def demo_board_users() -> tuple[User, User]:
    """The system accounts that write the demo review's commentary and sign it off.

    They are active (permissions need it) but cannot sign in: no usable password, no staff
    status. Their names say on the page that the demo wrote it.
    """
    roles = board_roles_ensure()
    accounts = []
    for username, role, name in (
        (DEMO_SECRETARIAT, SECRETARIAT, "Demo board secretariat"),
        (DEMO_CHAIR, CHAIR, "Demo board chair"),
    ):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": name}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(roles[role])
        accounts.append(user)
    secretariat, chair = accounts
    return secretariat, chair
