"""The demo data's mission cards and targets as a visitor sees them: every card whose data have
a gap between groups shows one (a card whose indicator is named for a breakdown the data have
no national figures for speaks of one they have, and says so), and the illustrative targets
show on their indicator's page and card with their status and label."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from missions.models import Mission

pytestmark = pytest.mark.django_db

ILLUSTRATIVE = "Illustrative target — not government policy"


def _text(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _cards(client: Client) -> dict[str, str]:
    """Each mission card's text, by the indicator's slug."""
    cards = {}
    for slug in Mission.objects.values_list("slug", flat=True):
        page = client.get(f"/missions/{slug}/").content.decode()
        for card in page.split('class="govuk-summary-card"')[1:]:
            found = re.search(r'href="/indicators/([^/]+)/"', card)
            assert found
            cards[found.group(1)] = _text(card)
    return cards


def test_demo_cards_show_the_gaps_and_targets_their_data_have(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=open(tmp_path / "load_demo.log", "w"))  # noqa: SIM115
    client = Client()
    cards = _cards(client)

    # Non-decent homes: the Households series has no deprivation deciles (the source gives
    # them for dwellings only), but figures by disability, ethnicity and income.
    homes = cards["non-decent-homes"]
    assert "No gaps to compare" not in homes
    assert "the data have no national figures by area deprivation (imd decile) on their own" in (
        homes
    )
    # Healthy life expectancy: deciles are published within each sex only; sex on its own.
    health = cards["healthy-life-expectancy-deprivation"]
    assert "No gaps to compare" not in health
    assert "By sex: the data have no national figures by area deprivation (imd decile)" in health

    gcse = cards["gcse-attainment-gap-fsm"]
    assert "Targets The percentage of pupils in England achieving grade 4" in gcse
    assert ILLUSTRATIVE in gcse
    assert "On track for everyone; off track for the gap between eligible for free school" in (gcse)

    page = client.get("/indicators/gcse-attainment-gap-fsm/").content.decode()
    targets = _text(page.split('id="targets-section"')[1].split("</section>")[0])
    assert targets.count(ILLUSTRATIVE) == 3
    assert "How a target's status is decided" in targets
    assert re.search(r"rises to 55% by 2030\. (On track|Some progress|Off track)", targets)
    assert "Illustrative target:" in page  # the trajectories' names in the chart data
