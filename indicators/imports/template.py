"""The native template for an indicator: the header analysts fill in, as CSV, XLSX or ODS."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from indicators.imports.types import MEASURE_COLUMNS
from indicators.models import Indicator

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_ENGINES: dict[str, Any] = {"xlsx": "openpyxl", "ods": "odf"}


def native_columns(indicator: Indicator) -> list[str]:
    """period, geography_code, one column per characteristic (its slug), then the figures."""
    declared = indicator.characteristics.order_by("display_order", "name")
    slugs = list(declared.values_list("slug", flat=True))
    return ["period", "geography_code", *slugs, *MEASURE_COLUMNS]


def native_template(*, indicator: Indicator, extension: str) -> bytes:
    """An empty native file (header only) in the requested format."""
    frame = pd.DataFrame(columns=native_columns(indicator))
    if extension == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine=_ENGINES[extension])
    return buffer.getvalue()
