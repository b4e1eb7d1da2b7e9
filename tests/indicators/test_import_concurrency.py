"""Two imports at once: each in its own thread and database connection, as two workers would be.

Imports of one indicator run one after the other (the import lock is taken before any check),
so the second sees the first's release; imports of two indicators may create the same new
period at once. Neither ends in a traceback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections

from indicators.imports import pipeline
from indicators.imports.pipeline import IMPORT_LOCK_SPACE, ImportOptions, ImportResult, run_import
from indicators.models import Indicator, Period, Release
from tests.indicators.import_helpers import NATIVE_HEADER, percentage_indicator, vocabulary

pytestmark = pytest.mark.django_db(transaction=True)
FILE = NATIVE_HEADER + "2031,E92000001,Female,50,,,,,,\n"
WAITING = "Waiting for another import of this indicator to finish"


class Import(threading.Thread):
    """One import in its own thread (so its own connection); it may pause at a stage."""

    def __init__(self, indicator: Indicator, content: str, *, pause_at: str = "") -> None:
        super().__init__()
        self.indicator, self.content, self.pause_at = indicator, content, pause_at
        self.paused, self.resume = threading.Event(), threading.Event()
        self.stages: list[str] = []
        self.outcome: ImportResult | BaseException | None = None

    def progress(self, percent: int, stage: str) -> None:
        self.stages.append(stage)
        if stage == self.pause_at:
            self.paused.set()
            assert self.resume.wait(timeout=30), "the test never let the import go on"

    def run(self) -> None:
        try:
            self.outcome = run_import(
                source=self.content.encode(),
                filename="upload.csv",
                indicator=self.indicator,
                options=ImportOptions(),
                uploaded_by=None,
                progress=self.progress,
            )
        except BaseException as exc:  # handed to the test thread, which reports it
            self.outcome = exc
        finally:
            connection.close()

    def result(self) -> ImportResult:
        self.join(timeout=30)
        assert not self.is_alive()
        assert isinstance(self.outcome, ImportResult), self.outcome
        return self.outcome


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.02)


def one_waits_for_the_other(first: Import, second: Import, *, waiting: Callable[[], bool]) -> None:
    first.start()
    try:
        assert first.paused.wait(timeout=30), "the first import never reached its pause"
        second.start()
        until(waiting, "the second import waiting")
    finally:
        first.resume.set()


def test_the_same_file_twice_at_once_is_imported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    vocabulary()
    indicator = percentage_indicator(slug="poverty")
    first = Import(indicator, FILE, pause_at="Checking every row")
    second = Import(indicator, FILE)
    one_waits_for_the_other(first, second, waiting=lambda: WAITING in second.stages)

    assert first.result().release is not None
    [error] = second.result().errors
    assert error.message.startswith("This exact file (sha256 ")
    assert "was already uploaded as poverty v1 (Draft)" in error.message
    assert Release.objects.count() == 1
    assert Period.objects.filter(label="2031").count() == 1


def test_two_files_at_once_become_consecutive_versions() -> None:
    vocabulary()
    indicator = percentage_indicator(slug="poverty")
    first = Import(indicator, FILE, pause_at="Checking every row")
    second = Import(indicator, FILE.replace(",50,", ",51,"))
    one_waits_for_the_other(first, second, waiting=lambda: WAITING in second.stages)

    versions = {first.result().release.version, second.result().release.version}
    assert versions == {1, 2}
    assert Period.objects.filter(label="2031").count() == 1


def test_two_indicators_may_create_the_same_new_period_at_once() -> None:
    """The second insert of the new period waits for the first to commit, then skips it."""
    vocabulary()
    poverty, income = percentage_indicator(slug="poverty"), percentage_indicator(slug="income")
    first = Import(poverty, FILE, pause_at="Comparing with the published release")
    second = Import(income, FILE)

    def blocked() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            row = cursor.fetchone()
        return bool(row and row[0])

    one_waits_for_the_other(first, second, waiting=blocked)
    assert first.result().release is not None
    assert second.result().release is not None
    assert Period.objects.filter(label="2031").count() == 1


def test_an_import_that_waits_too_long_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    vocabulary()
    indicator = percentage_indicator(slug="poverty", title="Poverty")
    monkeypatch.setattr(pipeline, "LOCK_WAIT_SECONDS", 1)
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_SPACE, indicator.pk]
            )
            waiting = Import(indicator, FILE)
            waiting.start()
            [error] = waiting.result().errors
            cursor.execute("ROLLBACK")
    finally:
        holder.close()
    assert error.message == (
        "Another file for Poverty is being imported right now, and it has not finished within 1 "
        "seconds."
    )
    assert error.action.startswith("Nothing was read from your file. Wait until the other")
    assert (Release.objects.count(), Period.objects.filter(label="2031").count()) == (0, 0)
