"""Fixtures shared by the indicator tests."""

from __future__ import annotations

import pytest

from indicators.models import Indicator
from tests.indicators.import_helpers import poverty_indicator


@pytest.fixture
def indicator() -> Indicator:
    """The import vocabulary and the "poverty" indicator (a file may override this)."""
    return poverty_indicator()
