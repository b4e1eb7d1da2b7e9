"""Reading the columns of a DataFrame the helpers are given."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._common import FloatArray


def require(df: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise ValueError naming the columns of ``columns`` that ``df`` lacks."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"DataFrame is missing column(s): {', '.join(missing)}")


def numeric(df: pd.DataFrame, column: str) -> FloatArray:
    """A column as float64 (Decimals, nullable floats and pd.NA become floats and NaN)."""
    series = pd.to_numeric(df[column], errors="coerce")
    return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
