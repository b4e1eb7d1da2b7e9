"""Small numbers are suppressed, and never recoverable by subtraction (crossed breakdowns too)."""

from __future__ import annotations

import math

import pandas as pd

from indicators.disclosure import COLUMNS, suppressed

NAN = math.nan
# Characteristic 1 = sex (groups 11 women, 12 men); 2 = disability (21 disabled, 22 not).
SEX, DISABILITY = 1, 2
WOMEN, MEN, DISABLED, NOT_DISABLED = 11, 12, 21, 22


def _cells(rows: list[tuple]) -> pd.DataFrame:
    """(group_a, group_b, numerator, denominator) in period 1, place 1."""
    records = []
    for group_a, group_b, numerator, denominator in rows:
        char_a = None if group_a is None else (SEX if group_a in (WOMEN, MEN) else DISABILITY)
        char_b = None if group_b is None else DISABILITY
        records.append((1, 1, group_a, group_b, char_a, char_b, numerator, denominator))
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def _one_way(total: tuple[int, int], **groups: tuple[int, int]) -> pd.DataFrame:
    """All people's (numerator, denominator), then each named group's, in the order given."""
    named = {"women": WOMEN, "men": MEN, "disabled": DISABLED, "not_disabled": NOT_DISABLED}
    return _cells([(None, None, *total)] + [(named[g], None, *n) for g, n in groups.items()])


def _hidden(cells: pd.DataFrame, **kw) -> set[tuple]:
    mask = suppressed(cells, **kw)
    return {
        (
            row.group_a_id if pd.notna(row.group_a_id) else None,
            row.group_b_id if pd.notna(row.group_b_id) else None,
        )
        for row in cells[mask].itertuples()
    }


def test_a_small_numerator_or_denominator_is_suppressed_with_a_complement() -> None:
    cells = _cells([(None, None, 300, 1000), (WOMEN, None, 4, 500), (MEN, None, 296, 500)])
    # Women (4) is primary; men would give 300 − 296 = 4 back, so men go too.
    assert _hidden(cells) == {(WOMEN, None), (MEN, None)}


def test_no_complement_is_needed_when_two_cells_are_already_hidden() -> None:
    cells = _one_way(
        (300, 1000), disabled=(3, 40), not_disabled=(5, 60), women=(150, 450), men=(150, 550)
    )
    assert _hidden(cells) == {(DISABLED, None), (NOT_DISABLED, None)}


def test_the_complement_is_the_smallest_other_cell() -> None:
    cells = _one_way(
        (500, 2000), disabled=(6, 100), not_disabled=(494, 1900), women=(200, 900), men=(300, 1100)
    )
    assert _hidden(cells) == {(DISABLED, None), (NOT_DISABLED, None)}


def test_a_crossed_cell_cannot_be_recovered_from_the_single_characteristic_totals() -> None:
    """Disabled women = 7: hidden. Disabled men (the other cell of 'disabled', total 40 shown)
    and non-disabled women (the other cell of 'women', total 150 shown) would each give it
    back by subtraction, so both go; then non-disabled men would give back both of those from
    'men' and 'not disabled', so it goes as well."""
    cells = _cells(
        [
            (None, None, 300, 1000),
            (WOMEN, None, 150, 500),
            (MEN, None, 150, 500),
            (DISABLED, None, 40, 200),
            (NOT_DISABLED, None, 260, 800),
            (WOMEN, DISABLED, 7, 90),
            (WOMEN, NOT_DISABLED, 143, 410),
            (MEN, DISABLED, 33, 110),
            (MEN, NOT_DISABLED, 117, 390),
        ]
    )
    hidden = _hidden(cells)
    assert hidden == {
        (WOMEN, DISABLED),
        (MEN, DISABLED),
        (WOMEN, NOT_DISABLED),
        (MEN, NOT_DISABLED),
    }
    # Single-characteristic figures stay: none of them is small or recoverable.
    assert not any(b is None for _, b in hidden)
    # Whatever is shown, no hidden crossed cell equals a shown total minus shown cells.
    shown = cells[~suppressed(cells)]
    for group in (WOMEN, MEN):
        margin = cells[(cells["group_a_id"] == group) & cells["group_b_id"].notna()]
        assert (~suppressed(cells)[margin.index]).sum() != len(margin) - 1
    assert len(shown) == 5


def test_cells_without_counts_are_left_alone_and_the_rule_can_be_switched_off() -> None:
    cells = _cells([(None, None, NAN, NAN), (WOMEN, None, NAN, NAN), (MEN, None, 2, 5)])
    assert _hidden(cells) == {(MEN, None)}
    assert _hidden(cells, threshold=None) == set()


def test_a_hidden_total_protects_its_margin() -> None:
    cells = _cells([(None, None, 8, 9), (WOMEN, None, 4, 5), (MEN, None, 4, 4)])
    assert _hidden(cells) == {(None, None), (WOMEN, None), (MEN, None)}
