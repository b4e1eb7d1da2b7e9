"""Rules across a row's figures: limits bracket the value, a value or a marker, counts, percentages.

Each rule is a vectorised mask over the typed rows; only the rows that break it are visited, to
write their error, which quotes the row's figures as the analyst wrote them.
"""

from __future__ import annotations

import pandas as pd

from indicators.imports.messages import figure, with_article
from indicators.imports.read import LINE
from indicators.imports.types import NUMERIC_MEASURES, RowError
from indicators.models import Indicator

MEASURES = list(NUMERIC_MEASURES)
# The figures a suppressed [c] row must leave blank, or they could reveal the value (the
# model's constraint too). Rows marked not available [x] or not applicable [z] may keep them:
# EFF leaves a conviction ratio blank over a handful of cases yet publishes the counts.
DISCLOSING = {
    "lower": "lower limit",
    "upper": "upper limit",
    "numerator": "numerator",
    "denominator": "denominator",
}

# A rule: which rows break it, the column to point at, the message (``{role}`` fields quote the
# row's figures) and what to do.
Rule = tuple[pd.Series, str, str, str]


def row_rules(out: pd.DataFrame, roles: dict[str, str], indicator: Indicator) -> list[RowError]:
    """Rules across a row's numbers: limits bracket the value, markers, counts, percentages.

    Percentages are checked, never capped: a value over 100 is an error to correct, and ratios
    above 100 (the conviction ratio reaches 216.7) are kept as they are.
    """
    header = {role: roles.get(role, role) for role in (*MEASURES, "marker", "quality")}
    rules = _value_rules(out, header) + _count_rules(out, header)
    if indicator.is_percentage:
        rules += _percentage_rules(out, header)
    errors = []
    for mask, column, message, action in rules:
        broken = mask.fillna(False).astype(bool)
        if broken.any():
            errors += [
                RowError(
                    row=int(row[LINE]),
                    column=column,
                    message=message.format(**{str(k): figure(v) for k, v in row.items()}),
                    action=action,
                )
                for row in out.loc[broken].to_dict("records")
            ]
    return errors


def _value_rules(out: pd.DataFrame, header: dict[str, str]) -> list[Rule]:
    value = out["value"]
    has_value = value.notna()
    has_marker = out["marker"] != ""
    return [
        (
            out["lower"] > value,
            header["lower"],
            "The lower limit {lower} is above the value {value}.",
            "Check the limits: lower ≤ value ≤ upper.",
        ),
        (
            value > out["upper"],
            header["upper"],
            "The value {value} is above the upper limit {upper}.",
            "Check the limits: lower ≤ value ≤ upper.",
        ),
        (
            ~has_value & (out["lower"] > out["upper"]),
            header["lower"],
            "The lower limit {lower} is above the upper limit {upper}.",
            "Check the limits: lower ≤ upper.",
        ),
        *(
            (
                (out["marker"] == "c") & out[role].notna(),
                header[role],
                f"The value is suppressed [c] but the row gives {with_article(name)} ({{{role}}}).",
                f"Leave the {name} blank: figures beside a suppressed value could reveal it.",
            )
            for role, name in DISCLOSING.items()
        ),
        (
            has_value & has_marker,
            header["marker"],
            "The row has both a value ({value}) and an absence marker [{marker}].",
            "Give a value or a marker ([c], [x], [z]), not both.",
        ),
        (
            ~has_value & ~has_marker & ~out["_value_unreadable"],
            header["value"],
            "The row has neither a value nor an absence marker.",
            "Give a value, or a marker saying why there is none ([c], [x], [z]).",
        ),
        (
            ~has_value & (out["quality"] != ""),
            header["quality"],
            "A quality flag [{quality}] needs a value.",
            "Remove the quality flag, or give the value it qualifies.",
        ),
    ]


def _count_rules(out: pd.DataFrame, header: dict[str, str]) -> list[Rule]:
    rules: list[Rule] = [
        (
            out[role] < 0,
            header[role],
            f"The {role.replace('_', ' ')} {{{role}}} is negative.",
            "Counts cannot be negative; check the figure.",
        )
        for role in ("numerator", "denominator", "sample_size")
    ]
    rules.append(
        (
            out["sample_size"].notna() & (out["sample_size"] % 1 != 0),
            header["sample_size"],
            "The sample size {sample_size} is not a whole number.",
            "Give the number of respondents as a whole number.",
        )
    )
    return rules


def _percentage_rules(out: pd.DataFrame, header: dict[str, str]) -> list[Rule]:
    value = out["value"]
    return [
        (
            (out["numerator"] > out["denominator"]) & (out["denominator"] >= 0),
            header["numerator"],
            "The numerator {numerator} is larger than the denominator {denominator}.",
            "For a percentage the numerator counts part of the denominator; check both.",
        ),
        (
            (value < 0) | (value > 100),
            header["value"],
            "The percentage {value} is outside 0 to 100.",
            "Give percentages as numbers from 0 to 100 (not fractions, not ratios).",
        ),
    ]
