"""Every label on a page is one of the rules' labels, worded as the methods page words it.

The words live in one place, ``dashboard.verdicts``: the pages and the methods page both read
them, and these tests check that what the pages show is found, word for word, on the methods
page.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client

from dashboard import verdicts
from indicators import stats
from indicators.models import Indicator
from tests import factories
from tests.dashboard.factories import (
    data_set,
    mission_with_outcome,
    published_release,
    two_groups,
)

pytestmark = pytest.mark.django_db


def _methods(client: Client) -> str:
    return html_lib.unescape(client.get("/about/methods/").content.decode())


def _indicator(title: str, polarity: str, headline, reference, group, limits=0.5) -> Indicator:
    indicator, first, second = two_groups(title=title, polarity=polarity, groups=("White", "Black"))
    Indicator.objects.filter(pk=indicator.pk).update(primary_characteristic=first.characteristic)
    rows = []
    for i, year in enumerate(range(2015, 2015 + len(reference))):
        common = {"period": factories.period(year), "geography": factories.geography()}
        for keys, value in (({}, headline[i]), ({"group_a": first}, reference[i]),
                            ({"group_a": second}, group[i])):  # fmt: skip
            bounds = {} if limits is None else {"lower": value - limits, "upper": value + limits}
            rows.append({**common, **keys, "value": value, **bounds})
    published_release(indicator=indicator, rows=rows)
    return indicator


def test_the_methods_page_lists_every_label_of_every_rule(client: Client) -> None:
    methods = _methods(client)

    for rule in verdicts.RULES.values():
        assert f'id="{rule.anchor}"' in methods, rule.title
        table = methods.split(f'id="labels-{rule.anchor}"', 1)[1].split("</table>", 1)[0]
        for label in rule.labels:
            assert f">{label.words}</th>" in table, (rule.title, label.key)
            assert label.meaning in table


def test_the_methods_page_gives_every_verdict_sentence_in_decision_order(client: Client) -> None:
    methods = _methods(client)

    steps = methods.split('id="everyone-steps"', 1)[1].split("</table>", 1)[0]
    positions = []
    for reason, answer, _ in verdicts.EVERYONE_STEPS:
        sentence = verdicts.everyone_sentence(answer, reason, [verdicts.EXAMPLE_GROUP])
        assert f"{sentence}." in steps, reason
        positions.append(steps.index(f"{sentence}."))
    assert positions == sorted(positions)


def test_every_rule_covers_every_result_the_statistics_give() -> None:
    assert {"improving", "worsening", "increasing", "decreasing", "no_significant_change",
            "not_enough_data"} <= {label.key for label in verdicts.TRAVEL.labels}  # fmt: skip
    assert {label.key for label in verdicts.GAP_DIRECTION.labels} == {
        "widening", "narrowing", "changed_sign", "no_significant_change", "not_enough_data",
        "not_tested",
    }  # fmt: skip
    assert {label.key for label in verdicts.EVERYONE.labels} == {
        "yes", "yes_but_widening", "no", "cannot_tell"
    }  # fmt: skip
    assert {label.key for label in verdicts.PROGRESS.labels} == {
        "met", "missed", "on_track", "some_progress", "off_track", "not_enough_data"
    }  # fmt: skip
    reasons = {r for r, _, _ in verdicts.EVERYONE_STEPS}
    every_reason = set(stats.EveryoneReason.__args__)  # type: ignore[attr-defined]
    assert every_reason <= reasons
    assert reasons <= set(verdicts.EVERYONE_REASONS)


def test_every_label_on_the_mission_and_home_pages_is_worded_as_the_methods_page(
    client: Client,
) -> None:
    indicators = [
        _indicator("Falling behind", Indicator.Polarity.LOWER_IS_BETTER,
                   [20, 19, 18, 17, 16], [10, 9, 8, 7, 6], [12] * 5),
        _indicator("Crossing", Indicator.Polarity.LOWER_IS_BETTER,
                   [20, 19, 18, 17, 16], [10] * 5, [8, 9, 11, 13, 16]),
        _indicator("Untested", Indicator.Polarity.LOWER_IS_BETTER,
                   [20, 19, 18, 17, 16], [15] * 5, [20, 21, 22, 23, 24], limits=None),
        _indicator("Short", Indicator.Polarity.HIGHER_IS_BETTER, [16, 17, 18], [8, 7, 6], [5] * 3),
        _indicator("Level", Indicator.Polarity.NEITHER, [20] * 5, [10] * 5, [12] * 5),
    ]  # fmt: skip
    mission = mission_with_outcome(*indicators)
    methods = _methods(client)

    page = html_lib.unescape(client.get(f"/missions/{mission.slug}/").content.decode())
    home = html_lib.unescape(client.get("/").content.decode())

    tags = re.findall(r'class="govuk-tag app-verdict-tag[^"]*">([^<]+)</strong>', page)
    assert set(tags) >= {"Widening", "Changed sign", "Not tested", "Not enough data", "Improving"}
    labels_on_methods = set(
        re.findall(r'class="govuk-table__header app-rule-label">([^<]+)<', methods)
    )
    assert set(tags) <= labels_on_methods
    blocks = re.findall(r'class="[^"]*app-verdict">(.*?)</(?:p|div)>', page, re.S)
    sentences = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", b)).replace("! Warning", "").strip()
        for b in blocks
    ]
    assert len(sentences) == len(indicators)
    answers = [label.words for label in verdicts.EVERYONE.labels]
    for sentence in sentences:
        assert any(sentence.startswith(words) for words in answers), sentence
        # The methods page gives the same sentence for the same reason (with its own group).
        template = sentence.replace("Black", verdicts.EXAMPLE_GROUP)
        assert template in methods, sentence
    assert verdicts.WORSE_AND_WIDENING.words("worse_and_widening") in home
    assert '<h2 class="govuk-heading-l" id="worse-title">Worse and widening</h2>' in home


def test_heat_table_cells_are_worded_as_the_methods_page(client: Client) -> None:
    characteristic = factories.characteristic(name="Ethnicity", groups=["White", "Black", "Asian"])
    indicator = factories.indicator(title="Unemployment")
    data_set(indicator=indicator, characteristic=characteristic,
             value=lambda g, p, place, r: [20.0, 30.0, 21.0][g])  # fmt: skip
    methods = _methods(client)

    page = html_lib.unescape(
        client.get(f"/characteristics/{characteristic.slug}/").content.decode()
    )

    described = re.findall(r'<span class="govuk-visually-hidden"> \(([^)]+)\)</span>', page)
    words = {d.split(":")[0] for d in described} - {"Reference group", "sort worst first"}
    assert words == {"Significantly worse", "Not significantly different"}
    comparison = methods.split('id="labels-significance"', 1)[1].split("</table>", 1)[0]
    for word in words:
        assert f">{word}</th>" in comparison
