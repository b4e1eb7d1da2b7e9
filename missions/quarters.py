"""Calendar quarters, as boards review them: Q1 is January to March.

A quarter's review shows the mission as it stood at the end of the quarter's last day in
Europe/London: ``Quarter.as_at`` is the last instant of that day (the next quarter's first
midnight, London time, less one microsecond), so a release published at 23:59 on 31 March
is in the Q1 review and one published at 00:00 on 1 April is not, whatever the clocks did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
MONTHS = {
    1: "January to March",
    2: "April to June",
    3: "July to September",
    4: "October to December",
}
_SLUG = re.compile(r"^(?P<year>[0-9]{4})-q(?P<number>[1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError("a quarter is numbered 1 to 4")

    @classmethod
    def parse(cls, slug: str) -> Quarter | None:
        """``"2027-q1"`` → Q1 2027; None for anything else."""
        match = _SLUG.match(slug)
        if match is None:
            return None
        return cls(int(match["year"]), int(match["number"]))

    @classmethod
    def containing(cls, moment: dt.datetime) -> Quarter:
        local = timezone.localtime(moment, LONDON)
        return cls(local.year, (local.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, now: dt.datetime | None = None) -> Quarter:
        """The latest quarter whose last day has ended (in London) by ``now``."""
        return cls.containing(now or timezone.now()).previous

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def as_at(self) -> dt.datetime:
        """The last instant of the quarter's last day, London time (an aware datetime)."""
        following = self.next.start
        midnight = dt.datetime(following.year, following.month, following.day, tzinfo=LONDON)
        return midnight - dt.timedelta(microseconds=1)

    def shifted(self, quarters: int) -> Quarter:
        """The quarter this many quarters later (earlier when negative)."""
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)

    @property
    def previous(self) -> Quarter:
        return self.shifted(-1)

    @property
    def next(self) -> Quarter:
        return self.shifted(1)

    def has_ended(self, now: dt.datetime | None = None) -> bool:
        return self.as_at < (now or timezone.now())

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        """ "Q1 2027"."""
        return f"Q{self.number} {self.year}"

    @property
    def long_label(self) -> str:
        """ "Q1 2027 (January to March)"."""
        return f"{self.label} ({MONTHS[self.number]})"

    @property
    def end_label(self) -> str:
        """ "31 March 2027": the day the review stands at."""
        return f"{self.end.day} {self.end:%B %Y}"
