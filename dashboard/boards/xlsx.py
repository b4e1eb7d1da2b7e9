"""The board pack as an accessible spreadsheet: every number on the review page.

gptables (the Analysis Function's "good practice tables" package) lays the workbook out as
the Government Statistical Service's spreadsheet guidance asks: a cover sheet, a contents
sheet, a notes sheet, then one table per sheet, each sheet starting in A1 with its title,
then what the sheet holds, then the table (a named Excel table) with no blank cells: a number
that is not available is "[x]".

Numbers are written as the page shows them: values and gaps to the indicator's published
decimal places, progress as a whole percentage of the expected change.
"""

from __future__ import annotations

import io
import math
import warnings
from typing import Any

import gptables as gpt
import pandas as pd

from dashboard.boards.data import Figure, IndicatorReview, ReviewData
from dashboard.boards.pages import Sections, author_name

NOT_AVAILABLE = "[x]"


def _round(value: float | None, places: int) -> float | str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_AVAILABLE
    return round(value, places)


def _text(value: Any) -> str:
    return str(value) if value not in (None, "") else NOT_AVAILABLE


def _yes_no(flag: bool | None) -> str:
    return "Not tested" if flag is None else ("Yes" if flag else "No")


def _unit(unit: str) -> str:
    """The unit in words: a cell of symbols alone ("%") is not accessible."""
    return "Per cent (%)" if unit.strip() == "%" else unit or "Number"


def _revisions(figure: Figure | None) -> str:
    return "; ".join(figure.revisions) if figure and figure.revisions else "None"


def _rows(data: ReviewData) -> list[tuple[str, IndicatorReview]]:
    return [(o.title, i) for o in data.outcomes for i in o.indicators]


def _table(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame if not frame.empty else pd.DataFrame([dict.fromkeys(columns, NOT_AVAILABLE)])


def outcomes_table(sections: Sections, rating: Any) -> pd.DataFrame:
    rows = [
        {
            "Complex outcome": s.outcome.title,
            "Lead department": s.outcome.lead,
            "Contributing departments": ", ".join(s.outcome.contributing) or "None",
            "Overall picture": s.outcome.picture,
            "Commentary": s.commentary.text if s.commentary else "No commentary",
            "Commentary by": author_name(s.commentary) or NOT_AVAILABLE,
        }
        for s in sections.outcomes
    ]
    rows.append(
        {
            "Complex outcome": "Overall rating of the mission",
            "Lead department": NOT_AVAILABLE,
            "Contributing departments": NOT_AVAILABLE,
            "Overall picture": rating.get_rating_display() if rating else "Not rated",
            "Commentary": rating.reason if rating else "No rating",
            "Commentary by": author_name(rating) or NOT_AVAILABLE,
        }
    )
    return pd.DataFrame(rows)


def headlines_table(data: ReviewData) -> pd.DataFrame:
    rows = []
    for outcome, indicator in _rows(data):
        figure = indicator.headline
        places = indicator.decimal_places
        rows.append(
            {
                "Complex outcome": outcome,
                "Indicator": indicator.title,
                "Unit": _unit(indicator.unit),
                "Place": indicator.place or NOT_AVAILABLE,
                "Period": figure.period if figure else NOT_AVAILABLE,
                "Value for all people": _round(figure.value if figure else None, places),
                "Lower 95% limit": _round(figure.lower if figure else None, places),
                "Upper 95% limit": _round(figure.upper if figure else None, places),
                "Release version": indicator.release.version if indicator.release else 0,
                "Published": indicator.release.published_text
                if indicator.release
                else NOT_AVAILABLE,
                "Synthetic data": "Yes" if indicator.is_synthetic else "No",
                "Revised since": _revisions(figure),
            }
        )
    return _table(rows, list(rows[0]) if rows else ["Indicator"])


def gaps_table(data: ReviewData) -> pd.DataFrame:
    rows = []
    for outcome, indicator in _rows(data):
        places = indicator.decimal_places
        for gap in indicator.gaps:
            rows.append(
                {
                    "Complex outcome": outcome,
                    "Indicator": indicator.title,
                    "Breakdown": gap.characteristic or indicator.characteristic,
                    "Group": gap.group,
                    "Reference group": gap.reference,
                    "Place": gap.place,
                    "Period": gap.period,
                    "Unit": _unit(indicator.unit),
                    "Group value": _round(gap.value.value, places),
                    "Reference value": _round(gap.reference_value.value, places),
                    "Gap (group minus reference)": _round(gap.difference, places),
                    "Gap lower 95% limit": _round(gap.difference_lower, places),
                    "Gap upper 95% limit": _round(gap.difference_upper, places),
                    "Direction": gap.direction_text,
                    "Worse than reference": _yes_no(gap.worse),
                    "Worse and widening": "Yes" if gap.worse_and_widening else "No",
                    "Revised since": "; ".join(gap.revisions) or _revisions(gap.value),
                }
            )
    return _table(rows, ["Indicator"] if not rows else list(rows[0]))


def targets_table(data: ReviewData) -> pd.DataFrame:
    rows = []
    for outcome, indicator in _rows(data):
        places = indicator.decimal_places
        for target in indicator.targets:
            baseline, latest = target.baseline, target.latest
            rows.append(
                {
                    "Complex outcome": outcome,
                    "Indicator": indicator.title,
                    "Target": target.statement,
                    "Illustrative": "Yes, not government policy"
                    if target.is_illustrative
                    else "No",
                    "What is measured": target.measured,
                    "Owner": target.owner,
                    "Unit": _unit(indicator.unit),
                    "Baseline period": target.baseline_period,
                    "Baseline value": _round(baseline.value if baseline else None, places),
                    "Baseline lower 95% limit": _round(
                        baseline.lower if baseline else None, places
                    ),
                    "Baseline upper 95% limit": _round(
                        baseline.upper if baseline else None, places
                    ),
                    "Target value": _round(target.target_value, places),
                    "Target date": target.target_date_text,
                    "Latest period": latest.period if latest else NOT_AVAILABLE,
                    "Latest value": _round(latest.value if latest else None, places),
                    "Latest lower 95% limit": _round(latest.lower if latest else None, places),
                    "Latest upper 95% limit": _round(latest.upper if latest else None, places),
                    "Expected by the latest period": _round(target.expected, places),
                    "Share of expected change made (%)": _round(
                        target.ratio * 100 if target.ratio is not None else None, 0
                    ),
                    "Status": target.status_text,
                    "Why": target.status_reason,
                    "Warnings": " ".join(target.warnings) or "None",
                    "Revised since": _revisions(latest),
                }
            )
    return _table(rows, ["Target"] if not rows else list(rows[0]))


def changes_table(data: ReviewData) -> pd.DataFrame:
    rows = []
    for outcome, indicator in _rows(data):
        for change in [*indicator.changes, *indicator.revised, *indicator.status_changes]:
            rows.append(
                {"Complex outcome": outcome, "Indicator": indicator.title, "Change": change}
            )
        for gap in indicator.data_gaps:
            rows.append(
                {
                    "Complex outcome": outcome,
                    "Indicator": indicator.title,
                    "Change": f"Data gap: no figures by {gap.lower()} in this release.",
                }
            )
    return _table(rows, ["Complex outcome", "Indicator", "Change"])


def charts_table(data: ReviewData) -> pd.DataFrame:
    rows = []
    for _, indicator in _rows(data):
        chart = indicator.chart
        if chart is None:
            continue
        places = indicator.decimal_places
        for line in chart.lines:
            for period, value, lower, upper in zip(
                line.periods, line.values, line.lower, line.upper, strict=True
            ):
                rows.append(
                    {
                        "Indicator": indicator.title,
                        "Chart": chart.title,
                        "Series": line.name,
                        "Period": period,
                        "Value": _round(value, places),
                        "Lower 95% limit": _round(lower, places),
                        "Upper 95% limit": _round(upper, places),
                    }
                )
        for target in indicator.targets:
            if target.id not in chart.target_ids:
                continue
            for point in target.trajectory:
                rows.append(
                    {
                        "Indicator": indicator.title,
                        "Chart": chart.title,
                        "Series": f"Target trajectory: {target.measured}",
                        "Period": point.period,
                        "Value": _round(point.value, places),
                        "Lower 95% limit": NOT_AVAILABLE,
                        "Upper 95% limit": NOT_AVAILABLE,
                    }
                )
    return _table(rows, ["Indicator", "Chart", "Series", "Period", "Value"])


def review_xlsx(context: dict[str, Any]) -> bytes:
    """The review (``views._review_context``) as an XLSX workbook's bytes."""
    data: ReviewData = context["data"]
    review, quarter, mission = context["review"], context["quarter"], context["mission"]
    status = (
        f"Signed off by {context['signed_off_by']}, board chair, on "
        f"{review.signed_off_at.day} {review.signed_off_at:%B %Y}."
        if review.is_signed_off
        else "Draft: not signed off; for board members and staff only."
    )
    source = "Source: Equality outcomes dashboard, from the releases published by then."
    legend = ["[x] = not available"]
    instructions = "This worksheet contains one table. Notes are on the Notes worksheet."

    def table(frame: pd.DataFrame, name: str, title: str, subtitle: str) -> gpt.GPTable:
        return gpt.GPTable(
            table=frame,
            table_name=name,
            title=title,
            subtitles=[subtitle, f"As at {data.as_at_text}. {status}"],
            instructions=instructions,
            source=source,
            legend=legend,
            index_columns={},
        )

    sheets = {
        "Outcomes": table(
            outcomes_table(context["sections"], context["rating"]),
            "outcomes",
            "Complex outcomes: overall picture and commentary",
            "One row per complex outcome, then the overall rating of the mission.",
        ),
        "Headlines": table(
            headlines_table(data),
            "headlines",
            "Latest value for all people, by indicator",
            "The latest figure for all people in the widest place each release covers "
            "$$revisions$$",
        ),
        "Gaps": table(
            gaps_table(data),
            "gaps",
            "Gaps between groups and their direction",
            "Each group's gap to its reference group in the latest period $$direction$$",
        ),
        "Targets": table(
            targets_table(data),
            "targets",
            "Targets and their status",
            "Each target's baseline, latest figure and status $$progress$$ $$illustrative$$",
        ),
        "Changes": table(
            changes_table(data),
            "changes",
            f"What changed since the end of {data.previous_label}",
            "New releases, revised figures, status changes and data gaps.",
        ),
        "Chart data": table(
            charts_table(data),
            "chart_data",
            "The figures drawn in the review's charts",
            "Each chart's series and each target's trajectory.",
        ),
    }
    notes = pd.DataFrame(
        {
            "Note reference": ["revisions", "direction", "progress", "illustrative"],
            "Note text": [
                "Later revisions are never applied: the column 'Revised since' says when and "
                "to what a figure was revised after the review's date.",
                context["direction_rule"],
                context["progress_rule"],
                "Illustrative targets were written for the demonstration and are not "
                "government policy. Synthetic demo data are not official statistics.",
            ],
        }
    )
    cover = gpt.Cover(
        title=f"{quarter.label} review: {mission.title}",
        intro=[
            f"The mission as it stood at {data.as_at_text} (Europe/London): only releases "
            "whose publication time had passed by then.",
            status,
        ],
        about=[
            "Every number shown on the review page, one table per sheet.",
            "Synthetic demo data are labelled in the Headlines sheet.",
        ],
        contact=["Equality outcomes dashboard"],
    )
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # gptables calls pandas APIs that pandas 3 deprecates; the output is unaffected.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="gptables")
        workbook = gpt.produce_workbook(
            filename=buffer,
            sheets=sheets,
            cover=cover,
            notes_table=notes,
            contentsheet_label="Contents",
            workbook_options={"in_memory": True},
        )
        workbook.close()
    return buffer.getvalue()
