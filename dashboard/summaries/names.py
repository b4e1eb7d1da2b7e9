"""How sentences name things: periods, subjects, and groups as a sentence names them."""

from __future__ import annotations

import re

#: Groups no headline is about: residual and unknown categories say nothing about a group of
#: people ("Other", "Unknown", "Not known", "Any other", "Prefer not to say").
_RESIDUAL = re.compile(
    r"^(other|unknown|not known|not stated|any other|all other|prefer not|missing|unclassified)",
    re.IGNORECASE,
)
#: Words written with a capital wherever they stand in a group's name (proper nouns).
_PROPER = frozenset(
    {"Christian", "Buddhist", "Hindu", "Jewish", "Muslim", "Sikh", "British", "Irish", "Real"}
)
#: Subjects whose head noun is plural take "were": "mean hourly earnings were".
_PLURAL_HEADS = ("earnings", "wages", "costs", "rates", "numbers")


def period_span(first: str, last: str) -> str:
    """ "2012 to 2022", or "2022" when the two are the same period; periods that are ranges
    themselves are joined by a dash ("2015/16 to 2017/18 – 2017/18 to 2019/20")."""
    if first == last:
        return first
    if " to " in first or " to " in last:
        return f"{first} – {last}"
    return f"{first} to {last}"


def title_by(title: str, by: str, *, short: str = "") -> str:
    """``title`` broken down ``by``: "Unemployment rate by disability", never "Unemployment
    rate by disability by disability". A title with a "by" of its own that is not ``by``
    gives way to the ``short`` title ("Unemployment by age"), or else gets a comma
    ("Attainment by age 19, by free school meal eligibility")."""
    if re.search(rf"\bby {re.escape(by)}\b", title, re.IGNORECASE):
        return title
    if " by " not in f" {title} ":
        return f"{title} by {by}"
    if short and " by " not in f" {short} ":
        return f"{short} by {by}"
    return f"{title}, by {by}"


def is_residual(group: str) -> bool:
    """Whether ``group`` is a residual or unknown category ("Other", "Unknown", "Any other")."""
    return bool(_RESIDUAL.match(group.strip()))


def _lower(name: str) -> str:
    """A group's name inside a sentence: lower case except acronyms and proper nouns."""
    words = []
    for word in name.split(" "):
        bare = word.strip("()")
        keep = (
            (len(bare) > 1 and bare.isupper()) or bare in _PROPER or any(c.isdigit() for c in bare)
        )
        words.append(word if keep else word.lower())
    return " ".join(words)


def group_phrase(group: str, *, characteristic: str) -> str:
    """A group as the object of "for": "females", "people aged 65 and over", "disabled
    people", "the Black ethnic group", "those eligible for free school meals", "areas in
    decile 1 (most deprived)". ``characteristic`` is the characteristic's slug."""
    name = group.strip()
    if name == "All people":
        return "all people"
    if characteristic == "ethnicity":
        if name.lower().startswith("any other"):
            return "people of " + name[0].lower() + name[1:]
        return f"the {name} ethnic group"
    if characteristic == "sex":
        return {"female": "females", "male": "males"}.get(name.lower(), _lower(name))
    if characteristic == "age":
        if name[:1].isdigit() or name.lower().startswith(("under", "over")):
            return f"people aged {name.lower()}"
        return _lower(name)
    if characteristic == "disability":
        return {"disabled": "disabled people", "not disabled": "non-disabled people"}.get(
            name.lower(), _lower(name)
        )
    if characteristic in ("imd-decile", "imd-quintile"):
        return f"areas in {_lower(name)}"
    if characteristic in ("fsm", "income-quintile", "ns-sec"):
        return f"those {'in ' if characteristic != 'fsm' else ''}{_lower(name)}"
    if characteristic == "urban-rural":
        return f"people in {_lower(name)} areas"
    if characteristic == "religion-or-belief":
        return "people with no religion" if name.lower() == "no religion" else f"{name} people"
    if characteristic == "sexual-orientation":
        return f"{_lower(name)} people"
    lowered = _lower(name)
    return lowered if re.search(r"\bgroup\b", lowered) else f"the {lowered} group"


def sentence_subject(title: str) -> str:
    """A title as the subject of a sentence: "Food insecurity" → "food insecurity", but
    acronyms and proper nouns keep their capitals ("GCSE English and maths",
    "Below the Real Living Wage" → "below the Real Living Wage")."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return title
    return title[:1].lower() + title[1:]


def verb_for(subject: str) -> str:
    """ "was", or "were" for a plural subject ("mean hourly earnings were")."""
    head = re.split(r" (?:of|at|for|who|in|by) ", subject, maxsplit=1)[0].strip()
    return "were" if head.lower().endswith(_PLURAL_HEADS) else "was"


#: First words of group names that are proper nouns (ethnic groups, religions, nationalities,
#: places), so keep their capital inside a sentence, as the GOV.UK style guide writes them.
PROPER_FIRST_WORDS = frozenset(
    {
        "African", "Arab", "Asian", "Bangladeshi", "Black", "British", "Buddhist",
        "Caribbean", "Chinese", "Christian", "East", "England", "English", "Greater", "Gypsy",
        "Hindu", "Indian", "Irish", "Jewish", "London", "Mixed", "Muslim", "North",
        "Northern", "Pakistani", "Roma", "Scotland", "Scottish", "Sikh", "South", "Traveller",
        "Wales", "Welsh", "West", "White", "Yorkshire",
    }
)  # fmt: skip


def group_words(name: str) -> str:
    """A group's name inside a sentence: lower case but for proper nouns and acronyms.

    "Not eligible for free school meals" → "not eligible for free school meals", "Quintile 5
    (highest income)" → "quintile 5 (highest income)", "Male" → "male"; "White British",
    "Black" and "NS-SEC class 1" keep their capitals."""
    first = name.split(" ", 1)[0]
    if first in PROPER_FIRST_WORDS or (len(first) > 1 and first.isupper()):
        return name
    return name[:1].lower() + name[1:]


def group_start(name: str) -> str:
    """A group's name at the start of a sentence or list item: "Disabled", "25 to 34"."""
    return name[:1].upper() + name[1:]
