"""Target rows: what the model itself refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories
from tests.boards import builders

pytestmark = pytest.mark.django_db


def test_a_target_date_follows_the_baseline() -> None:
    board = builders.board()
    target = builders.target(board, target_date=dt.date(2015, 6, 30))
    with pytest.raises(ValidationError, match="follow the end of the baseline"):
        target.full_clean()


def test_a_gap_compares_two_groups_of_one_characteristic() -> None:
    board = builders.board()
    sex = factories.characteristic(groups=["Male", "Female"])
    target = builders.target(board, group=board.disabled, comparison_group=sex.groups.first())
    with pytest.raises(ValidationError, match="same characteristic"):
        target.full_clean()


def test_a_group_target_sits_under_a_headline_target_of_the_same_indicator() -> None:
    board = builders.board()
    headline = builders.target(board)
    child = builders.target(board, parent=headline, group=board.disabled, statement="Child")
    child.full_clean()
    grandchild = builders.target(board, parent=child, group=board.disabled, statement="Grandchild")
    with pytest.raises(ValidationError, match="headline target"):
        grandchild.full_clean()


def test_a_gap_target_needs_a_group() -> None:
    board = builders.board()
    with pytest.raises(IntegrityError), transaction.atomic():
        builders.target(board, comparison_group=board.not_disabled)
