"""What the board pages, the PDF and the spreadsheet lay out: a review's outcomes with their
commentary, and each indicator with its chart (a Plotly figure on the page, the same figure as
server-drawn SVG in the PDF). No queries here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.urls import reverse

from dashboard.boards import svg
from dashboard.boards.charts import review_figure
from dashboard.boards.data import IndicatorReview, OutcomeReview, ReviewData
from dashboard.chart_block import ChartBlock
from dashboard.formatting import Units
from missions.models import Commentary


@dataclass
class IndicatorItem:
    indicator: IndicatorReview
    chart: ChartBlock | None = None
    svg: str = ""


@dataclass
class OutcomeSection:
    outcome: OutcomeReview
    items: list[IndicatorItem]
    commentary: Commentary | None = None


@dataclass
class Sections:
    outcomes: list[OutcomeSection] = field(default_factory=list)

    @property
    def targets(self) -> int:
        return sum(len(i.indicator.targets) for o in self.outcomes for i in o.items)


def units_of(indicator: IndicatorReview) -> Units:
    return Units(unit=indicator.unit, decimal_places=indicator.decimal_places)


def indicator_item(indicator: IndicatorReview, *, with_svg: bool = False) -> IndicatorItem:
    """An indicator with its chart block (and its SVG for print)."""
    item = IndicatorItem(indicator)
    chart = indicator.chart
    if chart is None:
        return item
    units = units_of(indicator)
    figure = review_figure(chart, targets=indicator.targets, units=units)
    item.chart = ChartBlock(
        id=chart.id,
        title=chart.title,
        figure=figure,
        filename=chart.id,
        summary=chart.summary,
        method_anchor="gaps" if chart.measure == "gap" else "direction-of-travel",
        table_href=reverse("dashboard:indicator-detail", args=[indicator.slug]),
        table_text="Figures and data table for this indicator",
        heading_level=4,
        small=True,
    )
    if with_svg:
        item.svg = svg.figure_svg(figure, id=chart.id, title=chart.title, description=chart.summary)
    return item


def sections(
    outcomes: Sequence[OutcomeReview],
    *,
    commentary: Mapping[int | None, Commentary] | None = None,
    with_svg: bool = False,
) -> Sections:
    """Each outcome with its indicators' charts and its latest commentary."""
    commentary = commentary or {}
    return Sections(
        [
            OutcomeSection(
                outcome=outcome,
                items=[indicator_item(i, with_svg=with_svg) for i in outcome.indicators],
                commentary=commentary.get(outcome.id),
            )
            for outcome in outcomes
        ]
    )


def review_sections(
    data: ReviewData,
    *,
    commentary: Mapping[int | None, Commentary] | None = None,
    with_svg: bool = False,
) -> Sections:
    return sections(data.outcomes, commentary=commentary, with_svg=with_svg)


def author_name(commentary: Commentary | None) -> str:
    if commentary is None:
        return ""
    user = commentary.author
    return user.get_full_name() or user.get_username()
