"""Calendar quarters as boards review them (no database)."""

from __future__ import annotations

import datetime as dt

from missions.quarters import LONDON, Quarter


def test_a_quarter_reads_and_writes_its_url_slug() -> None:
    assert Quarter.parse("2027-q1") == Quarter(2027, 1)
    assert Quarter(2027, 1).slug == "2027-q1"
    assert Quarter.parse("2027-q5") is None
    assert Quarter.parse("q1-2027") is None


def test_q1_is_january_to_march() -> None:
    quarter = Quarter(2027, 1)
    assert (quarter.start, quarter.end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert quarter.long_label == "Q1 2027 (January to March)"
    assert quarter.end_label == "31 March 2027"


def test_the_review_stands_at_the_last_instant_of_the_quarters_last_day_in_london() -> None:
    winter, summer = Quarter(2026, 4).as_at, Quarter(2026, 3).as_at
    assert winter == dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=LONDON)
    assert winter.utcoffset() == dt.timedelta(0)
    assert summer.astimezone(dt.UTC) == dt.datetime(2026, 9, 30, 22, 59, 59, 999999, tzinfo=dt.UTC)


def test_quarters_follow_each_other_across_years() -> None:
    assert Quarter(2027, 1).previous == Quarter(2026, 4)
    assert Quarter(2026, 4).next == Quarter(2027, 1)


def test_the_last_complete_quarter_is_the_one_before_today() -> None:
    just_after = dt.datetime(2027, 4, 1, 0, 0, 30, tzinfo=LONDON)
    just_before = dt.datetime(2027, 3, 31, 23, 59, tzinfo=LONDON)
    assert Quarter.last_complete(just_after) == Quarter(2027, 1)
    assert Quarter.last_complete(just_before) == Quarter(2026, 4)
    assert Quarter(2027, 1).has_ended(just_after)
    assert not Quarter(2027, 1).has_ended(just_before)
