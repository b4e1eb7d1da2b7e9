"""Validation reads no database: the vocabulary is read once, before, in four queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.imports.manifest import entry_options
from indicators.imports.types import Upload
from indicators.imports.validate import validate_file
from indicators.imports.vocabulary import indicator_breakdowns, vocabulary_read
from indicators.models import Geography, Indicator
from tests.indicators.test_import_real import EXPECTED_ROWS

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MANIFEST = FIXTURES / "releases" / "real.json"


def test_the_vocabulary_is_read_in_four_queries(django_assert_num_queries) -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")
    with django_assert_num_queries(4):
        vocabulary = vocabulary_read()
    sex = next(c for c in vocabulary.characteristics if c.slug == "sex")
    assert vocabulary.groups[sex.id].match("FEMALE") is not None
    assert vocabulary.geography_ids()["E92000001"] == Geography.objects.get(code="E92000001").id
    assert len(vocabulary.areas) == Geography.objects.count()


def test_every_real_file_is_validated_without_a_query(django_assert_num_queries) -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")
    indicators_load(directory=FIXTURES / "indicators")
    vocabulary = vocabulary_read()
    rows = {}
    for entry in json.loads(MANIFEST.read_text(encoding="utf-8")):
        path = FIXTURES / entry["file"]
        indicator = Indicator.objects.get(slug=entry["indicator"])
        upload = Upload(
            data=path.read_bytes(),
            filename=path.name,
            indicator=indicator,
            options=entry_options(entry),
        )
        declared = indicator_breakdowns(indicator)
        with django_assert_num_queries(0):
            validated = validate_file(upload, vocabulary=vocabulary, declared=declared)
        rows[indicator.slug] = len(validated.frame)
    assert rows == EXPECTED_ROWS
