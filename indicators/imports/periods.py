"""Free-text period labels → typed periods with start and end dates.

Open SDG and EFF files label time in many ways (FORMATS.md §2.5): ``2015``, ``2015/16``,
``2019/2020``, ``2000 Q1``, ``2018-20`` (rolling three years), ``1985-87``,
``2015/16 to 2017/18`` (pooled survey years), ``2014-15 and 2015-16``. A two-year label such as
``2015/16`` is a financial year (April to March) or an academic year (September to August); the
file cannot say which, so the caller decides from the indicator.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from indicators.models import Indicator, Period

_NOTE = re.compile(r"\s*(\[[^\]]*\]|\((baseline|provisional|revised)\))\s*", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4}) (0[1-9]|1[0-2])$")
_PAIR = re.compile(r"^(\d{4})\s*([/-])\s*(\d{2}|\d{4})$")
_RANGE = re.compile(r"^(.+?)\s+(?:to|and)\s+(.+)$", re.IGNORECASE)

_LONGEST_POOL_YEARS = 10
_PAIR_START_MONTH = {Period.Type.FINANCIAL_YEAR: 4, Period.Type.ACADEMIC_YEAR: 9}


@dataclass(frozen=True)
class PeriodSpec:
    """A parsed period, not yet in the database."""

    type: str
    start: dt.date
    end: dt.date
    label: str

    @property
    def span(self) -> tuple[str, dt.date, dt.date]:
        """What identifies a period: its type and dates (labels may repeat across types)."""
        return (self.type, self.start, self.end)


def year_pair_type(*, indicator: Indicator, hint: str = "") -> str:
    """Whether ``2015/16`` means a financial or an academic year for this indicator.

    An explicit hint wins (an EFF ``Time_type`` of "Academic year", or the analyst's option);
    otherwise education indicators count in academic years and the rest in financial years.
    """
    hint_text = hint.casefold()
    if "academic" in hint_text:
        return Period.Type.ACADEMIC_YEAR
    if "financial" in hint_text:
        return Period.Type.FINANCIAL_YEAR
    if indicator.area == Indicator.Area.EDUCATION:
        return Period.Type.ACADEMIC_YEAR
    return Period.Type.FINANCIAL_YEAR


def parse_period(label: str, *, pair_type: str) -> PeriodSpec | None:
    """Parse one label; ``None`` when it is not a period this project understands."""
    text = _NOTE.sub(" ", label).strip()
    if match := _YEAR.match(text):
        year = int(match[1])
        return PeriodSpec(
            Period.Type.CALENDAR_YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
        )
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        start = dt.date(year, 3 * quarter - 2, 1)
        end = _month_end(year, 3 * quarter)
        return PeriodSpec(Period.Type.QUARTER, start, end, f"{year} Q{quarter}")
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        start = dt.date(year, month, 1)
        return PeriodSpec(Period.Type.MONTH, start, _month_end(year, month), f"{start:%b %Y}")
    if match := _PAIR.match(text):
        return _pair(int(match[1]), match[3], pair_type=pair_type, label=text)
    if match := _RANGE.match(text):
        first = parse_period(match[1], pair_type=pair_type)
        last = parse_period(match[2], pair_type=pair_type)
        if first is None or last is None or last.end <= first.start:
            return None
        return PeriodSpec(Period.Type.MULTI_YEAR, first.start, last.end, text)
    return None


def _pair(start_year: int, end_text: str, *, pair_type: str, label: str) -> PeriodSpec | None:
    end_year = int(end_text) if len(end_text) == 4 else _century(start_year, int(end_text))
    if end_year == start_year + 1:
        month = _PAIR_START_MONTH[Period.Type(pair_type)]
        start = dt.date(start_year, month, 1)
        end = dt.date(end_year, month, 1) - dt.timedelta(days=1)
        return PeriodSpec(pair_type, start, end, f"{start_year}/{end_year % 100:02d}")
    if start_year + 1 < end_year <= start_year + _LONGEST_POOL_YEARS:
        return PeriodSpec(
            Period.Type.MULTI_YEAR, dt.date(start_year, 1, 1), dt.date(end_year, 12, 31), label
        )
    return None


def _century(start_year: int, two_digits: int) -> int:
    """``1999-01`` ends in 2001: the end is the first year after the start with those digits."""
    end = start_year - start_year % 100 + two_digits
    return end + 100 if end <= start_year else end


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def ensure_periods(specs: Iterable[PeriodSpec]) -> dict[tuple[str, dt.date, dt.date], int]:
    """Period ids for these spans, creating the missing ones (at most three queries).

    A span already in the database keeps its label. Labels need not be unique: ``2015/16`` is
    both a financial and an academic year, told apart by type and dates. Two imports (of any
    indicators) may create the same new period at once: the insert skips a span the other has
    created (``ON CONFLICT DO NOTHING``, which waits for the other to commit or roll back), and
    the ids are read again.
    """
    wanted = {spec.span: spec for spec in specs}
    if not wanted:
        return {}
    starts = {span[1] for span in wanted}
    ids = _period_ids(starts)
    missing = [
        Period(type=spec.type, start=spec.start, end=spec.end, label=spec.label)
        for span, spec in wanted.items()
        if span not in ids
    ]
    if missing:
        Period.objects.bulk_create(missing, ignore_conflicts=True)
        ids = _period_ids(starts)
    return ids


def _period_ids(starts: set[dt.date]) -> dict[tuple[str, dt.date, dt.date], int]:
    periods = Period.objects.filter(start__in=starts).values_list("type", "start", "end", "id")
    return {(kind, start, end): id_ for kind, start, end, id_ in periods}
