"""How an indicator's numbers are written, in one place: values, gaps, headers, axes, hovers.

An indicator's ``unit`` is free text from its metadata ("%", "£ per hour", "years",
"per 1,000 households", "score (14 to 70)"). Every page, sentence, table and chart writes its
numbers through ``Units`` so that a value reads the way the GOV.UK style guide and the
Government Statistical Service write it:

- percentages: "23.4%", and a difference between two percentages in "percentage points"
  (whatever the measure type: a ratio published as a percentage is still a percentage);
- money: the currency symbol before the number and the rest of the unit after it:
  "£16.25 per hour", a gap of "-£0.62 per hour";
- scores and indices ("score (14 to 70)"): the scale in words, "49.3 (score, 14 to 70)",
  and differences in "points";
- anything else: the number then the unit, "71.2 years", "3.39 per 1,000 households".

Numbers keep the source's precision (the indicator's decimal places) and are never rounded to
zero: a value that is not zero but would round to it gets the decimals it needs ("0.04%" at one
decimal place, not "0.0%"), so no figure on a page reads as nothing when the source says
something. Only zero itself (or binary noise below ``NOISE``) is written "0.0", without a sign.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indicators.models import Indicator

CURRENCY_SYMBOLS = ("£", "€", "$")
#: "score (14 to 70)", "index (0 to 100)": a scale, written "49.3 (score, 14 to 70)".
_SCALE = re.compile(r"^(?P<kind>[a-z ]+?)\s*\((?P<range>[^)]*)\)$", re.IGNORECASE)
#: Below this a computed number is binary noise (0.3 − 0.1 − 0.2), written as zero.
NOISE = 1e-9
#: The most decimals a small number is given beyond its usual places to show it is not zero.
EXTRA_PLACES = 6


@dataclass(frozen=True)
class Units:
    """How one indicator's numbers are written (its unit and decimal places)."""

    unit: str
    decimal_places: int

    @classmethod
    def of(cls, indicator: Indicator) -> Units:
        return cls(unit=indicator.unit.strip(), decimal_places=indicator.decimal_places)

    # --- what kind of unit ----------------------------------------------------------------

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def currency(self) -> str:
        """The currency symbol the unit starts with ("£ per hour" → "£"), else ""."""
        return self.unit[0] if self.unit.startswith(CURRENCY_SYMBOLS) else ""

    @property
    def _after_currency(self) -> str:
        """The words after the currency symbol: "£ per hour" → "per hour"."""
        return self.unit[len(self.currency) :].strip()

    @property
    def _scale(self) -> re.Match[str] | None:
        return _SCALE.match(self.unit)

    # --- numbers --------------------------------------------------------------------------

    def number(self, number: float, *, decimals: int | None = None, sign: bool = False) -> str:
        """The bare number, "1,234.5"; with ``sign``, "+1.2" or "-1.2" (never "-0.0"). A number
        that is not zero is never written as zero: 0.041 at one decimal place is "0.04"."""
        places = self.decimal_places if decimals is None else decimals
        if abs(number) < NOISE:
            number = 0.0
        text = f"{abs(number):,.{places}f}"
        limit = places + EXTRA_PLACES
        while number != 0 and float(text.replace(",", "")) == 0 and places < limit:
            places += 1
            text = f"{abs(number):,.{places}f}"
        if float(text.replace(",", "")) == 0:
            return text
        if number < 0:
            return f"-{text}"
        return f"+{text}" if sign else text

    def value(self, number: float) -> str:
        """A value with its unit: "23.4%", "£16.25 per hour", "49.3 (score, 14 to 70)"."""
        if self.is_percent:
            return f"{self.number(number)}%"
        if self.currency:
            return self._money(number, sign=False)
        scale = self._scale
        if scale:
            return f"{self.number(number)} ({scale['kind']}, {scale['range']})"
        return f"{self.number(number)} {self.unit}".rstrip()

    def difference(self, number: float, *, sign: bool = True) -> str:
        """A gap between two values with its unit: "+9.1 percentage points", "-£0.62 per
        hour", "+3.1 points"; without ``sign`` the size only ("9.1 percentage points")."""
        if self.currency:
            return self._money(number, sign=sign)
        return f"{self.number(number, sign=sign)} {self.difference_unit}".rstrip()

    def gap_size(self, number: float) -> str:
        """The size of a gap, for sentences that say "higher" or "lower" themselves."""
        return self.difference(abs(number), sign=False)

    def amount(self, number: float, *, sign: bool = False) -> str:
        """The number with its currency symbol, if any, but not the rest of the unit: "-£0.62",
        "+0.3". For table cells and intervals whose header or value names the unit."""
        text = self.number(number, sign=sign)
        if not self.currency:
            return text
        symbol_at = 1 if text[:1] in "+-" else 0
        return f"{text[:symbol_at]}{self.currency}{text[symbol_at:]}"

    def _money(self, number: float, *, sign: bool) -> str:
        return f"{self.amount(number, sign=sign)} {self._after_currency}".rstrip()

    def interval(self, lower: float, upper: float) -> str:
        """A 95% confidence interval: "95% CI 21.0 to 25.8", "95% CI £0.40 to £0.80" (the
        unit is said by the value beside it); "" if a limit is missing."""
        if math.isnan(lower) or math.isnan(upper):
            return ""
        return f"95% CI {self.amount(lower)} to {self.amount(upper)}"

    def gap_interval(self, difference: float, lower: float, upper: float) -> str:
        """The interval of a gap's size, matching ``gap_size``: a gap of -0.62 (0.80 to 0.40
        below the reference) is "0.62 lower (95% CI 0.40 to 0.80)"."""
        if difference < 0:
            lower, upper = -upper, -lower
        return self.interval(lower, upper)

    # --- headings -------------------------------------------------------------------------

    @property
    def difference_unit(self) -> str:
        """The unit of a gap: "percentage points", "points" on a scale, else the unit."""
        if self.is_percent:
            return "percentage points"
        if self._scale:
            return "points"
        return self.unit

    @property
    def axis_title(self) -> str:
        """A value axis's title: "Per cent (%)", "£ per hour", "Score (14 to 70)", "Rate per
        1,000 households", "Years"."""
        if self.is_percent:
            return "Per cent (%)"
        if self.unit.startswith("per "):
            return f"Rate {self.unit}"
        return self.unit[:1].upper() + self.unit[1:]


#: Ratios to a reference group: plain numbers to two decimal places, "0.95".
RATIO_UNITS = Units(unit="", decimal_places=2)
