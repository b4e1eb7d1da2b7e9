"""A table as tidy CSV: UTF-8, header first, numbers to 12 significant figures, formula-safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

import numpy as np
import pandas as pd

from dashboard.formulas import neutralise
from dashboard.opendata.spreadsheets.tables import Table


def csv_number(number: Any) -> str:
    """A number to 12 significant figures, without an exponent; "" when missing."""
    if number is None or pd.isna(number):
        return ""
    return str(np.format_float_positional(float(number), precision=12, fractional=False, trim="-"))


def to_csv(table: Table) -> bytes:
    """The table as tidy CSV (UTF-8, header first), formula-neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    columns = [(c, table.frame[c.name].tolist()) for c in table.columns]
    for i in range(len(table.frame)):
        writer.writerow([_csv_cell(values[i], column.kind) for column, values in columns])
    return out.getvalue().encode("utf-8")


def _csv_cell(value: Any, kind: str) -> str:
    if is_missing(value):
        return ""
    if kind == "number":
        return csv_number(value)
    if kind == "integer":
        return str(int(value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("date", "datetime"):
        return iso(value)
    return neutralise(str(value))


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


def iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
