"""Text cells → the figures of each row: value, limits, counts, marker, flag and note.

Numbers are read strictly (``to_number``): a thousands separator is understood, a decimal comma
or a unit is not, and each unreadable cell is reported with why (``not_a_number``). Why a value
is missing comes from the file's own markers (``formats.markers``); an SDMX unit multiplier
("Thousands") scales the value and its limits.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from indicators.imports.formats import markers
from indicators.imports.messages import label_errors
from indicators.imports.read import LINE, normalised
from indicators.imports.types import NUMERIC_MEASURES, RowError
from indicators.models import Indicator

# SDMX UNIT_MULT as Open SDG writes it; "Unit" and a blank cell are seen for ×1 too.
MULTIPLIERS = {"": 1.0, "units": 1.0, "unit": 1.0, "thousands": 1e3, "millions": 1e6}
# Commas in a number only as thousands separators: "18,808,000", never "12,5" or "1,2,3".
THOUSANDS = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
# A decimal comma as continental spreadsheets write it: "12,5".
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")


def to_number(cells: pd.Series, *, currency: bool = False) -> pd.Series:
    """Text → finite float, or NaN for a blank or unreadable cell.

    Commas are read only as thousands separators (``"18,808,000"``), so a decimal comma
    (``"12,5"``) is unreadable rather than silently 125. A leading ``£`` is dropped only for a
    ``currency`` indicator; other symbols are never guessed away. Infinity and NaN spelled
    out (``inf``, ``1e999``, ``nan``) are unreadable too: no statistic is infinite.

    Plain numbers convert in one C pass; only the cells that fail it are cleaned and retried,
    so a million tidy cells never go through per-cell string replacement.
    """
    numbers = pd.to_numeric(cells, errors="coerce").astype("float64")
    retry = numbers.isna() & (cells != "")
    if retry.any():
        cleaned = cells[retry].str.strip()
        if currency:
            cleaned = cleaned.str.replace(r"^(-?)£", r"\1", regex=True)
        grouped = cleaned.str.fullmatch(THOUSANDS)
        cleaned = cleaned.mask(grouped, cleaned.str.replace(",", "", regex=False))
        numbers[retry] = pd.to_numeric(cleaned, errors="coerce")
    return numbers.where(np.isfinite(numbers))


def not_a_number(cell: str) -> str:
    """Why ``to_number`` could not read a cell, with the likely fix when there is one."""
    text = cell.strip()
    if DECIMAL_COMMA.fullmatch(text):
        return f"'{cell}' is not a number: a decimal comma? Write {text.replace(',', '.')}."
    if "," in text:
        return f"'{cell}' is not a number: commas may only separate thousands, as in 18,808,000."
    try:
        float(text)
    except ValueError:
        return f"'{cell}' is not a number."
    return f"'{cell}' is not a finite number."


def measures(
    frame: pd.DataFrame, roles: dict[str, str], file_format: str, *, indicator: Indicator
) -> tuple[pd.DataFrame, list[RowError]]:
    """The numbers, absence marker and quality flag of every row, multiplied out.

    ``_value_unreadable`` marks the rows whose value cell is reported as not a number, so the
    row rules do not also call them empty.
    """
    value_cells, marker, quality, errors = markers(frame, roles, file_format)
    out = pd.DataFrame(index=frame.index)
    for role in NUMERIC_MEASURES:
        if role != "value" and role not in roles:
            out[role] = np.nan
            continue
        cells = value_cells if role == "value" else frame[roles[role]]
        numbers = to_number(cells, currency="£" in indicator.unit)
        bad = numbers.isna() & (cells != "")
        errors += [
            RowError(
                row=int(line),
                column=roles[role],
                message=not_a_number(cell),
                action="Write a number (no units or symbols), or leave it blank and give a marker.",
            )
            for line, cell in frame.loc[bad.to_numpy(), [LINE, roles[role]]].itertuples(
                index=False, name=None
            )
        ]
        out[role] = numbers
        if role == "value":
            out["_value_unreadable"] = bad
    if "multiplier" in roles:
        factor, multiplier_errors = _multipliers(frame, roles["multiplier"])
        errors += multiplier_errors
        for role in ("value", "lower", "upper"):
            out[role] = out[role] * factor
    out["marker"] = marker
    out["quality"] = quality
    out["note"] = frame[roles["note"]].str.slice(0, 500) if "note" in roles else ""
    return out.reset_index(drop=True), errors


def _multipliers(frame: pd.DataFrame, header: str) -> tuple[pd.Series, list[RowError]]:
    """``Unit multiplier`` → the factor each value is multiplied by (Thousands → 1,000)."""
    factor = normalised(frame[header]).map(MULTIPLIERS)
    errors = label_errors(
        frame,
        header,
        factor.isna(),
        "Unknown unit multiplier '{label}'.",
        "Use Units, Thousands or Millions (the value is multiplied by it), or map the column "
        "to 'ignore' if it holds something else.",
    )
    return factor.fillna(1.0).astype("float64"), errors
