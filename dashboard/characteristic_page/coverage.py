"""The coverage matrix: which indicators have data for which characteristics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indicators.models import Characteristic, Indicator


@dataclass(frozen=True)
class CoverageRow:
    indicator: Indicator
    #: One entry per characteristic: "data", "missing" (declared, no data) or "" (not declared).
    cells: list[tuple[Characteristic, str]]


def coverage_rows(
    *,
    indicators: Sequence[Indicator],
    characteristics: Sequence[Characteristic],
    with_data: dict[int, set[int]],
) -> list[CoverageRow]:
    """The indicators × characteristics matrix: where data is published, and where it is due
    (the indicator is declared against the characteristic) but missing."""
    rows = []
    for indicator in indicators:
        declared = {c.pk for c in indicator.characteristics.all()}
        published = with_data.get(indicator.pk, set())
        cells = [
            (c, "data" if c.pk in published else "missing" if c.pk in declared else "")
            for c in characteristics
        ]
        rows.append(CoverageRow(indicator, cells))
    return rows
