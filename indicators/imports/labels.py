"""Period and place labels → keys and ids, reporting each unreadable label once.

A two-year label is a financial or an academic year as the file's time type, the analyst or
the indicator's area says (``periods.year_pair_type``). Places come as GSS codes, as area names
(one level of areas, when the mapping names it), or not at all: then the file's one geography,
given as an option, applies to every row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.imports.formats import Column
from indicators.imports.mapping import TOTAL_LABELS
from indicators.imports.messages import label_errors
from indicators.imports.periods import PeriodSpec, parse_period, year_pair_type
from indicators.imports.read import normalised, per_label
from indicators.imports.types import ImportOptions, RowError
from indicators.imports.vocabulary import Vocabulary
from indicators.models import Indicator


def periods(
    frame: pd.DataFrame, roles: dict[str, str], indicator: Indicator, options: ImportOptions
) -> tuple[np.ndarray, list[PeriodSpec], list[RowError]]:
    """Period labels → keys into the returned distinct periods (-1: unreadable).

    Labels are parsed once each; two labels of one span (``2015/16`` and ``2015/2016``) share
    a key.
    """
    header = roles["period"]
    hint = options.period_type
    if not hint and "period_type" in roles:
        hint = " ".join(frame[roles["period_type"]].drop_duplicates().head(5))
    pair_type = year_pair_type(indicator=indicator, hint=hint)
    labels = frame[header].drop_duplicates()
    specs: list[PeriodSpec] = []
    index: dict[tuple[object, ...], int] = {}
    codes: dict[str, int] = {}
    for label in labels:
        spec = parse_period(label, pair_type=pair_type)
        if spec is not None:
            codes[label] = index.setdefault(spec.span, len(index))
            if codes[label] == len(specs):
                specs.append(spec)
    keys = frame[header].map(codes)
    errors = label_errors(
        frame,
        header,
        keys.isna(),
        "Cannot read the period '{label}'.",
        "Write periods as 2015, 2015/16, 2015 Q1, 2015-17 or 2015/16 to 2017/18.",
    )
    return keys.fillna(-1).astype("int64").to_numpy(), specs, errors


def geographies(
    frame: pd.DataFrame,
    roles: dict[str, str],
    options: ImportOptions,
    *,
    names: Column | None,
    vocabulary: Vocabulary,
) -> tuple[np.ndarray, list[RowError]]:
    """GSS codes, or area names, or the file's one geography → geography ids (-1: unknown)."""
    default = options.geography.strip().upper()
    errors: list[RowError] = []
    reported = pd.Series(False, index=frame.index)
    if "geography_code" in roles:
        header = roles["geography_code"]
        codes = per_label(frame[header], str.upper).replace("", default)
    elif names is not None:
        header = names.header
        codes, reported, errors = _codes_from_names(frame, names, default, vocabulary=vocabulary)
    else:
        header = "geography_code"
        codes = pd.Series(default, index=frame.index)
    ids = codes.map(vocabulary.geography_ids())
    missing = ids.isna() & ~reported
    if not missing.any():
        return ids.fillna(-1).astype("int64").to_numpy(), errors
    labelled = frame.assign(**{header: codes})
    blank = missing & (codes == "")
    errors += label_errors(
        labelled,
        header,
        missing & ~blank,
        "Unknown geography code '{label}'.",
        "Use an ONS GSS code the dashboard knows (K02000001 UK, E92000001 England, ...).",
    )
    if blank.any():
        errors += label_errors(
            labelled.assign(**{header: "(blank)"}),
            header,
            blank,
            "No geography code for this row.",
            "Fill in the code, or say which area the whole file covers (the geography option).",
        )
    return ids.fillna(-1).astype("int64").to_numpy(), errors


def _codes_from_names(
    frame: pd.DataFrame, names: Column, default: str, *, vocabulary: Vocabulary
) -> tuple[pd.Series, pd.Series, list[RowError]]:
    """Area names → GSS codes, within one level when the mapping names it; totals → the default.

    EFF files name police force areas rather than coding them, and names repeat across levels
    (Cumbria is a county and a police force area), hence ``geography_name=police_force_area``.
    """
    by_name = vocabulary.area_codes(level=names.keep)
    cells = frame[names.header]
    keys = normalised(cells)
    codes = keys.map(by_name)
    ambiguous = keys.isin([k for k, code in by_name.items() if code is None])
    unknown = codes.isna() & ~ambiguous & ~keys.isin(TOTAL_LABELS)
    errors = label_errors(
        frame,
        names.header,
        unknown,
        "Unknown area name '{label}'"
        + (f" among {names.keep.replace('_', ' ')}s." if names.keep else "."),
        "Use the area's ONS name, or add a geography code column.",
    ) + label_errors(
        frame,
        names.header,
        ambiguous,
        "The name '{label}' belongs to areas of several levels.",
        "Say which level the column names, e.g. geography_name=police_force_area.",
    )
    codes = codes.mask(keys.isin(TOTAL_LABELS), default)
    return codes.fillna(""), unknown | ambiguous, errors
