"""Departments' accountability: who leads and who contributes to each complex outcome, and
what each department owns (outcomes, indicators, targets) with the targets' status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.boards.targets import targets_by_indicator
from indicators.models import Indicator
from missions import selectors as mission_selectors
from missions.models import ComplexOutcome, Mission, Target

LEAD = "Lead"
CONTRIBUTES = "Contributes"


@dataclass
class MissionColumns:
    mission: Mission
    outcomes: list[ComplexOutcome]


def matrix() -> dict[str, Any]:
    """Departments × complex outcomes: "Lead", "Contributes" or nothing (three queries)."""
    departments = mission_selectors.department_list()
    outcomes = mission_selectors.outcome_list()
    columns: list[MissionColumns] = []
    for outcome in outcomes:
        if not columns or columns[-1].mission.pk != outcome.mission_id:
            columns.append(MissionColumns(outcome.mission, []))
        columns[-1].outcomes.append(outcome)
    rows = []
    for department in departments:
        cells = []
        for outcome in outcomes:
            if outcome.lead_department_id == department.pk:
                cells.append(LEAD)
            elif any(d.pk == department.pk for d in outcome.contributing_departments.all()):
                cells.append(CONTRIBUTES)
            else:
                cells.append("")
        if any(cells):
            rows.append((department, list(zip(outcomes, cells, strict=True))))
    return {"columns": columns, "outcomes": outcomes, "rows": rows}


def department(*, slug: str) -> dict[str, Any] | None:
    """A department's outcomes, the published indicators it owns, and the targets it owns with
    their status (about ten queries)."""
    found = mission_selectors.department_get(slug=slug)
    if found is None:
        return None
    outcomes = mission_selectors.outcome_list()
    led = [o for o in outcomes if o.lead_department_id == found.pk]
    contributed = [
        o for o in outcomes if any(d.pk == found.pk for d in o.contributing_departments.all())
    ]
    owned = [
        i
        for i in Indicator.objects.filter(owner=found).with_current_release().order_by("title")
        if i.current_release_id  # type: ignore[attr-defined]
    ]
    targets = list(
        Target.objects.filter(owner=found).select_related("indicator").order_by("target_date")
    )
    indicators = list(
        Indicator.objects.filter(pk__in={t.indicator_id for t in targets})
        .with_current_release()
        .select_related("primary_characteristic")
    )
    statuses = targets_by_indicator(indicators=indicators)
    by_id = {row.id: row for rows in statuses.values() for row in rows}
    public = {i.pk for i in indicators if i.current_release_id}  # type: ignore[attr-defined]
    target_rows = [
        (target.indicator, by_id[target.pk])
        for target in targets
        if target.pk in by_id and target.indicator_id in public
    ]
    return {
        "department": found,
        "led": led,
        "contributed": contributed,
        "indicators": owned,
        "targets": target_rows,
        "has_illustrative": any(row.is_illustrative for _, row in target_rows),
    }
