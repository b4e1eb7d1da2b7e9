"""Departments' accountability: the departments × outcomes matrix and each department's
outcomes, indicators and targets with their status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.boards import builders

pytestmark = pytest.mark.django_db


def test_the_matrix_shows_who_leads_and_who_contributes(client) -> None:
    board = builders.board()
    helper = factories.department(name="Department for Helping")
    board.outcome.contributing_departments.add(helper)

    page = client.get(reverse("boards:department-list")).content.decode()
    rows = {
        name: page.split(name)[1].split("</tr>")[0]
        for name in ("Department for Leading", "Department for Helping")
    }

    assert "Lead" in rows["Department for Leading"]
    assert "Contributes" in rows["Department for Helping"]
    assert 'scope="colgroup"' in page


def test_a_department_page_lists_what_it_owns_with_target_statuses(client) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    builders.target(board, is_illustrative=True)

    response = client.get(reverse("boards:department-detail", args=["dept-lead"]))

    page = response.content.decode()
    assert "An outcome no department delivers alone" in page.split("it contributes to")[0]
    assert "People below a line" in page
    assert [text for text in builders.ILLUSTRATIVE_TARGET_ON_TRACK if text not in page] == []


def test_a_department_page_needs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    board = builders.published_board(at=builders.london(2025, 2, 10, 9, 30))
    builders.targets(board, 3)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("boards:department-detail", args=["dept-lead"])).status_code == 200
        )


def test_an_unknown_department_is_not_found(client) -> None:
    assert client.get(reverse("boards:department-detail", args=["nope"])).status_code == 404


def test_the_matrix_needs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    board = builders.board()
    for _ in range(3):
        board.outcome.contributing_departments.add(factories.department())
    with django_assert_max_num_queries(4):
        assert client.get(reverse("boards:department-list")).status_code == 200
