"""Free-text period labels → typed periods (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.imports.periods import parse_period

FY, AY = "financial_year", "academic_year"


@pytest.mark.parametrize(
    ("label", "pair_type", "expected"),
    [
        ("2015", FY, ("calendar_year", "2015-01-01", "2015-12-31", "2015")),
        ("2015/16", FY, ("financial_year", "2015-04-01", "2016-03-31", "2015/16")),
        ("2015/16", AY, ("academic_year", "2015-09-01", "2016-08-31", "2015/16")),
        ("2019/2020", FY, ("financial_year", "2019-04-01", "2020-03-31", "2019/20")),
        ("1999/00", FY, ("financial_year", "1999-04-01", "2000-03-31", "1999/00")),
        ("2000 Q1", FY, ("quarter", "2000-01-01", "2000-03-31", "2000 Q1")),
        ("2023 Q4", FY, ("quarter", "2023-10-01", "2023-12-31", "2023 Q4")),
        ("1993 02", FY, ("month", "1993-02-01", "1993-02-28", "Feb 1993")),
        ("2018-20", FY, ("multi_year", "2018-01-01", "2020-12-31", "2018-20")),
        ("1985-87", FY, ("multi_year", "1985-01-01", "1987-12-31", "1985-87")),
        ("2018-2020", FY, ("multi_year", "2018-01-01", "2020-12-31", "2018-2020")),
        (
            "2015/16 to 2017/18",
            FY,
            ("multi_year", "2015-04-01", "2018-03-31", "2015/16 to 2017/18"),
        ),
        (
            "2014-15 and 2015-16",
            FY,
            ("multi_year", "2014-04-01", "2016-03-31", "2014-15 and 2015-16"),
        ),
        ("2015/16 [Note 3]", FY, ("financial_year", "2015-04-01", "2016-03-31", "2015/16")),
    ],
)
def test_period_labels(label: str, pair_type: str, expected: tuple[str, ...]) -> None:
    spec = parse_period(label, pair_type=pair_type)
    assert spec is not None
    kind, start, end, canonical = expected
    assert (spec.type, spec.start, spec.end, spec.label) == (
        kind,
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
        canonical,
    )


@pytest.mark.parametrize("label", ["", "soon", "2015/14", "2015 Q5", "2017 to 2015"])
def test_unreadable_labels(label: str) -> None:
    assert parse_period(label, pair_type=FY) is None
