"""The words of every verdict a page gives, in one place: the pages and the methods page both
read them from here, so a label can never say one thing on a card and another in the method.

Each :class:`Rule` is one of the dashboard's tests (direction of travel, direction of a gap,
worse and widening, improving for everyone?, progress against a target, comparison with the
reference group). Its labels are the results the statistics module gives
(``indicators.stats``) keyed by the same names, each with the words pages show and what it
means. The methods page (``dashboard/_methods_content.html``) lists every label of every rule
with these words, beside a worked example of the rule.

Pages write a label as ``rule.words(key)`` ("Widening") and, where they say more, as
``rule.words(key)`` followed by a colon and the reason ("Cannot tell: no group’s gap could be
tested"); the reasons of "improving for everyone?" are in :data:`EVERYONE_REASONS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Label:
    """One result of a rule: its key (the statistics module's), its words, what it means."""

    key: str
    words: str
    meaning: str


@dataclass(frozen=True)
class Rule:
    """One of the dashboard's tests, with every label it can give."""

    #: The methods page's anchor for the rule.
    anchor: str
    title: str
    labels: tuple[Label, ...]

    def label(self, key: str) -> Label:
        for label in self.labels:
            if label.key == key:
                return label
        raise KeyError(f"{self.title} has no label {key!r}")

    def words(self, key: str) -> str:
        """The words a page shows for the label ``key``."""
        return self.label(key).words


TRAVEL = Rule(
    anchor="direction-of-travel",
    title="Direction of travel",
    labels=(
        Label(
            "improving",
            "Improving",
            "The trend over the five most recent periods with confidence intervals is "
            "significant, in the direction that is better for this indicator.",
        ),
        Label(
            "worsening",
            "Worsening",
            "The trend is significant, in the direction that is worse for this indicator.",
        ),
        Label(
            "increasing",
            "Increasing",
            "The trend is significant and upwards, for an indicator where neither a higher nor "
            "a lower value is better.",
        ),
        Label(
            "decreasing",
            "Decreasing",
            "The trend is significant and downwards, for an indicator where neither a higher "
            "nor a lower value is better.",
        ),
        Label(
            "no_significant_change",
            "No significant change",
            "The trend could be tested and is not significant, or depends on a single period.",
        ),
        Label(
            "not_enough_data",
            "Not enough data",
            "Fewer than five periods have a confidence interval, so the trend cannot be tested.",
        ),
        Label(
            "not_tested",
            "Not tested",
            "The source publishes no confidence intervals (nor the counts to calculate them), "
            "so no trend can be tested. The page says how the figure moved instead, for "
            "example “fell from 20.0% in 2014 to 16.0% in 2018 (not tested for significance)”.",
        ),
    ),
)

GAP_DIRECTION = Rule(
    anchor="gap-direction",
    title="Direction of a gap",
    labels=(
        Label(
            "widening",
            "Widening",
            "Over the five most recent periods the size of the gap has grown significantly.",
        ),
        Label(
            "narrowing",
            "Narrowing",
            "Over the five most recent periods the size of the gap has fallen significantly.",
        ),
        Label(
            "changed_sign",
            "Changed sign",
            "Within the five most recent periods the group has been both above and below the "
            "reference group, so the gap is neither widening nor narrowing: it has changed "
            "side.",
        ),
        Label(
            "no_significant_change",
            "No significant change",
            "The size of the gap could be tested and has not changed significantly.",
        ),
        Label(
            "not_enough_data",
            "Not enough data",
            "The gap has fewer than five periods, so its direction cannot be tested.",
        ),
        Label(
            "not_tested",
            "Not tested",
            "One of the five most recent periods has no confidence interval, so the direction "
            "cannot be tested. The page says how the gap moved instead, for example “the gap "
            "narrowed from 9.1 to 7.4 percentage points between 2012 and 2022 (not tested for "
            "significance)”.",
        ),
    ),
)

WORSE_AND_WIDENING = Rule(
    anchor="worse-and-widening",
    title="Worse and widening",
    labels=(
        Label(
            "worse_and_widening",
            "Worse and widening",
            "The group’s latest gap is significantly worse than the reference group’s value "
            "and the gap is widening, with the false discovery rate held at 5% across every "
            "gap the page tests.",
        ),
    ),
)

EVERYONE = Rule(
    anchor="improving-for-everyone",
    title="Improving for everyone?",
    labels=(
        Label(
            "yes",
            "Yes",
            "The headline is improving and no group’s gap is worse and widening.",
        ),
        Label(
            "yes_but_widening",
            "Everyone is improving, but the gap is widening",
            "The headline is improving and every group whose gap is worse and widening is "
            "improving on its own figures, more slowly than the reference group.",
        ),
        Label(
            "no",
            "No",
            "The headline is worsening or shows no significant improvement, a group’s own "
            "figures are worsening, or a group’s gap is worse and widening while its own "
            "figures show no significant improvement.",
        ),
        Label(
            "cannot_tell",
            "Cannot tell",
            "Something the answer depends on could not be tested: the headline, the gaps, or "
            "the figures of a group that is falling behind; or the indicator has no better "
            "direction. A missing test never gives “No”.",
        ),
    ),
)

#: Why "improving for everyone?" gave its answer: ``stats.Everyone.reason`` → the words after
#: the answer. ``{groups}`` is filled with the groups concerned. ``no_headline`` and
#: ``no_intervals`` are the pages' own ways of saying "headline_not_tested": there is no
#: figure for all people, or the source publishes no limits.
EVERYONE_REASONS: dict[str, str] = {
    "no_gap_worse_and_widening": "the headline is improving and no group’s gap is worse and "
    "widening",
    "gap_worse_and_widening": "the gap is widening for {groups}",
    "group_falling_behind": "the gap is worse and widening for {groups}, whose own figures "
    "show no significant improvement",
    "group_worsening": "the figures for {groups} are worsening",
    "group_not_tested": "the gap is worse and widening for {groups}, whose own figures have "
    "too few periods with confidence intervals to tell whether they are improving",
    "headline_worsening": "the headline is worsening",
    "headline_not_improving": "the headline shows no significant improvement",
    "headline_not_tested": "the headline has fewer than five periods with confidence "
    "intervals, so its direction of travel cannot be tested",
    "no_intervals": "the source publishes no confidence intervals, so neither the headline "
    "nor the gaps can be tested",
    "no_headline": "there is no national figure for all people, so there is no headline to judge",
    "no_polarity": "neither a higher nor a lower value is better for this indicator",
    "no_gap_tested": "no group’s gap could be tested",
}

PROGRESS = Rule(
    anchor="progress",
    title="Progress against a target",
    labels=(
        Label(
            "on_track",
            "On track",
            "At least 95% of the change expected by now has happened, or the confidence "
            "interval of the latest value reaches the straight line to the target.",
        ),
        Label(
            "some_progress",
            "Some progress",
            "At least half, but less than 95%, of the expected change has happened.",
        ),
        Label(
            "off_track",
            "Off track",
            "Less than half of the expected change has happened, including no change or change "
            "the wrong way.",
        ),
        Label("met", "Met", "The target date has passed and the latest value reached it."),
        Label(
            "missed",
            "Missed",
            "The target date has passed and the latest value did not reach the target.",
        ),
        Label(
            "not_enough_data",
            "Not enough data",
            "There is no value after the baseline yet, or a value is missing.",
        ),
    ),
)

COMPARISON = Rule(
    anchor="significance",
    title="Comparison with the reference group",
    labels=(
        Label(
            "worse",
            "Significantly worse",
            "The 95% interval of the gap lies wholly on the worse side of no gap.",
        ),
        Label(
            "better",
            "Significantly better",
            "The 95% interval of the gap lies wholly on the better side of no gap.",
        ),
        Label(
            "similar",
            "Not significantly different",
            "The 95% interval of the gap includes no gap.",
        ),
        Label(
            "not_tested",
            "Not tested",
            "The source publishes no confidence intervals for the group or the reference "
            "group, so the gap is shown but not tested.",
        ),
        Label(
            "no_polarity",
            "Neither better nor worse",
            "Neither a higher nor a lower value is better for the indicator, so the gap is not "
            "coloured.",
        ),
    ),
)

#: Every rule, in the order the methods page lists them.
RULES: dict[str, Rule] = {
    "travel": TRAVEL,
    "gap_direction": GAP_DIRECTION,
    "worse_and_widening": WORSE_AND_WIDENING,
    "everyone": EVERYONE,
    "comparison": COMPARISON,
    "progress": PROGRESS,
}


#: The order in which "improving for everyone?" is decided (``stats.improving_for_everyone``):
#: (reason, answer, when). The first that applies gives the answer; the methods page lists
#: them in this order.
EVERYONE_STEPS: tuple[tuple[str, str, str], ...] = (
    ("no_headline", "cannot_tell", "There is no national figure for all people."),
    ("no_intervals", "cannot_tell", "The source publishes no confidence intervals."),
    (
        "headline_not_tested",
        "cannot_tell",
        "The headline (all people) has fewer than five periods with confidence intervals.",
    ),
    ("no_polarity", "cannot_tell", "Neither a higher nor a lower value is better."),
    ("headline_worsening", "no", "The headline is worsening."),
    ("headline_not_improving", "no", "The headline shows no significant improvement."),
    ("group_worsening", "no", "A group’s own figures are worsening."),
    (
        "group_falling_behind",
        "no",
        "A group’s gap is worse and widening and its own figures show no significant "
        "improvement: it is falling further behind without being shown to improve.",
    ),
    (
        "gap_worse_and_widening",
        "yes_but_widening",
        "Every group whose gap is worse and widening is improving on its own figures: everyone "
        "improves, but not equally.",
    ),
    (
        "group_not_tested",
        "cannot_tell",
        "A group whose gap is worse and widening has too few periods of its own to tell.",
    ),
    ("no_gap_tested", "cannot_tell", "No group’s gap could be tested."),
    ("no_gap_worse_and_widening", "yes", "Otherwise."),
)

#: The group named in the methods page's examples of the verdict sentences.
EXAMPLE_GROUP = "Black"


def everyone_sentence(answer: str, reason: str, groups: Sequence[str] = ()) -> str:
    """The "improving for everyone?" verdict in words: "Yes: the headline is improving and no
    group’s gap is worse and widening", "Everyone is improving, but the gap is widening for
    Black", "No: the headline is worsening", "Cannot tell: no group’s gap could be tested"."""
    words = EVERYONE_REASONS[reason].format(groups=and_list(groups))
    if answer == "yes_but_widening":
        return f"{EVERYONE.words(answer)} for {and_list(groups)}"
    return f"{EVERYONE.words(answer)}: {words}"


def and_list(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def methods_context() -> dict[str, Any]:
    """What the methods page shows of the rules: each rule by its key, and the steps of
    "improving for everyone?" with the sentence each gives (naming :data:`EXAMPLE_GROUP`)."""
    steps = [
        {
            "when": when,
            "answer": EVERYONE.words(answer),
            "sentence": everyone_sentence(answer, reason, [EXAMPLE_GROUP]),
        }
        for reason, answer, when in EVERYONE_STEPS
    ]
    return {"rules": RULES, "everyone_steps": steps}
