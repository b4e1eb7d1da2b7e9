"""The vocabulary and indicator fixtures load completely, consistently and idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count, Q

from indicators.fixtures import indicators_load, vocabulary_load
from indicators.models import Indicator, IndicatorCharacteristic, normalise_label
from indicators.models.vocabulary import Characteristic, Geography, Group, GroupAlias
from tests.fixture_slugs import INDICATOR_SLUGS

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# Breakdown labels as they appear in the real files of fixtures/ (collected from the files'
# breakdown columns). Each must resolve to a group by name or alias, or the importer cannot
# map it. Labels numbered from the least deprived end are left out on purpose: they must be
# reversed by the importer, never aliased (see fixtures/README.md).
REAL_FILE_LABELS = {
    "sex": ["Male", "Female", "Boys", "Girls"],
    "disability": ["Disabled (GSS harmonised)", "Non-disabled (GSS harmonised)"],
    "fsm": [
        "Free school meals",
        "No free school meals",
        "Eligible for FSM",
        "Not eligible for FSM",
    ],
    "age": [
        "15 and under",
        "16 to 17",
        "16 to 24",
        "16 to 64",
        "18 to 21",
        "18 to 24",
        "19 and under",
        "20 to 24",
        "22 to 29",
        "25 to 29",
        "25 to 34",
        "25 to 49",
        "30 to 34",
        "30 to 39",
        "35 to 39",
        "35 to 44",
        "35 to 49",
        "40 and over",
        "40 to 49",
        "45 to 54",
        "50 to 59",
        "50 to 64",
        "55 to 59",
        "55 to 64",
        "60 and over",
        "60 to 64",
        "65 and over",
        "65 to 74",
        "75 and over",
        "75 to 84",
        "85 or over",
        "Juveniles",
        "Young adults",
        "Adults",
    ],
    "ethnicity": [
        "Asian",
        "Black",
        "Mixed",
        "White",
        "Other",
        "Chinese",
        "Arab",
        "Indian",
        "Pakistani",
        "Bangladeshi",
        "Any other Asian background",
        "Asian/Asian British",
        "Black/African/Caribbean/Black British",
        "Mixed/multiple ethnic groups",
        "Other ethnic group",
        "Unclassified",
        "White - British",
        "White - Irish",
        "Any other White background",
        "Black - African",
        "Black - Caribbean",
        "Any other Black background",
        "White and Black Caribbean",
        "White and Black African",
        "White and Asian",
        "Any other Mixed background",
        "Any other Ethnic group",
        "Not stated / Invalid",
        "Not stated",
        "Other inc Chinese",
        "White (inc. not known)",
        "Chinese or other",
    ],
    "imd-quintile": [
        "IMD 1 (most deprived)",
        "IMD 2",
        "IMD 3",
        "IMD 4",
        "IMD 5 (least deprived)",
        "Quintile 1 (Most deprived)",
        "Quintile 2",
        "Quintile 5 (least deprived)",
    ],
    "imd-decile": ["Decile 2", "Decile 9"],
    "income-quintile": [
        "1st quintile (lowest)",
        "2nd quintile",
        "3rd quintile",
        "4th quintile",
        "5th quintile (highest)",
    ],
    "urban-rural": ["Urban", "Rural"],
}

EXPECTED_COUNTS = {
    "departments": 12,
    "characteristics": 15,
    "groups": 124,
    "aliases": 282,
    "geographies": 216,
}


def _load() -> dict[str, int]:
    return vocabulary_load(directory=FIXTURES / "vocabulary") | indicators_load(
        directory=FIXTURES / "indicators"
    )


def _resolve(*, characteristic: str, label: str) -> Group | None:
    key = normalise_label(label)
    for group in Group.objects.filter(characteristic__slug=characteristic):
        if normalise_label(group.name) == key:
            return group
    alias = GroupAlias.objects.filter(characteristic__slug=characteristic, label=key).first()
    return alias.group if alias else None


@pytest.mark.django_db
def test_vocabulary_load_counts_rows_of_each_kind() -> None:
    counts = vocabulary_load(directory=FIXTURES / "vocabulary")

    assert counts == EXPECTED_COUNTS
    assert Group.objects.count() == 124
    assert Geography.objects.count() == 216


def _vocabulary_rows() -> tuple[list, ...]:
    """Every group, alias and indicator breakdown, sorted: rows carry no order of their own
    (an update may move a row on disk), so the comparison is of what they hold."""
    return tuple(
        sorted(rows, key=repr)
        for rows in (
            Group.objects.values_list("characteristic__slug", "slug", "rank", "parent__slug"),
            GroupAlias.objects.values_list("label", "group_id"),
            IndicatorCharacteristic.objects.values_list("indicator_id", "reference_group_id"),
        )
    )


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    first = _load()
    snapshot = _vocabulary_rows()

    second = _load()

    assert second == first
    assert _vocabulary_rows() == snapshot
    assert Indicator.objects.count() == 28


@pytest.mark.django_db
def test_each_characteristic_has_exactly_one_default_reference() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")

    references = Characteristic.objects.annotate(
        n=Count("groups", filter=Q(groups__is_default_reference=True))
    ).values_list("slug", "n")

    assert dict(references) == dict.fromkeys(
        Characteristic.objects.values_list("slug", flat=True), 1
    )
    assert (
        Group.objects.get(characteristic__slug="ethnicity", is_default_reference=True).name
        == "White"
    )
    assert Group.objects.get(characteristic__slug="sex", is_default_reference=True).name == "Male"


@pytest.mark.django_db
def test_nine_protected_characteristics_of_the_equality_act() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")

    protected = Characteristic.objects.filter(kind=Characteristic.Kind.PROTECTED)

    assert set(protected.values_list("slug", flat=True)) == {
        "age",
        "disability",
        "gender-reassignment",
        "marriage-and-civil-partnership",
        "pregnancy-and-maternity",
        "ethnicity",
        "religion-or-belief",
        "sex",
        "sexual-orientation",
    }


@pytest.mark.django_db
def test_ethnicity_nests_nineteen_detailed_groups_in_five_broad_groups() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")
    ethnicity = Group.objects.filter(characteristic__slug="ethnicity")

    broad = dict(
        ethnicity.filter(parent__isnull=True).annotate(n=Count("children")).values_list("name", "n")
    )

    assert broad == {"Asian": 5, "Black": 3, "Mixed": 4, "White": 5, "Other": 2, "Unknown": 0}
    assert ethnicity.get(name="Indian").parent.name == "Asian"  # type: ignore[union-attr]
    assert ethnicity.get(name="Gypsy or Irish Traveller").parent.name == "White"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_imd_quintiles_rank_one_to_five_from_most_deprived() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")

    quintiles = list(
        Group.objects.filter(characteristic__slug="imd-quintile")
        .order_by("rank")
        .values_list("rank", "name")
    )

    assert quintiles == [
        (1, "Quintile 1 (most deprived)"),
        (2, "Quintile 2"),
        (3, "Quintile 3"),
        (4, "Quintile 4"),
        (5, "Quintile 5 (least deprived)"),
    ]
    assert Group.objects.get(characteristic__slug="imd-decile", rank=1).name == (
        "Decile 1 (most deprived)"
    )


@pytest.mark.django_db
def test_nine_english_regions_sit_in_england() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")

    regions = Geography.objects.filter(code__startswith="E12")

    assert list(regions.values_list("code", "name")) == [
        ("E12000001", "North East"),
        ("E12000002", "North West"),
        ("E12000003", "Yorkshire and The Humber"),
        ("E12000004", "East Midlands"),
        ("E12000005", "West Midlands"),
        ("E12000006", "East of England"),
        ("E12000007", "London"),
        ("E12000008", "South East"),
        ("E12000009", "South West"),
    ]
    assert set(regions.values_list("parent__code", flat=True)) == {"E92000001"}
    assert Geography.objects.get(code="E09000033").parent.code == "E12000007"  # type: ignore[union-attr]
    assert Geography.objects.filter(level=Geography.Level.POLICE_FORCE_AREA).count() == 43


@pytest.mark.django_db
def test_every_real_file_label_resolves_to_a_group() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")

    unresolved = [
        (characteristic, label)
        for characteristic, labels in REAL_FILE_LABELS.items()
        for label in labels
        if _resolve(characteristic=characteristic, label=label) is None
    ]

    assert unresolved == []


@pytest.mark.django_db
def test_aliases_map_source_labels_to_the_right_group() -> None:
    vocabulary_load(directory=FIXTURES / "vocabulary")

    assert _resolve(characteristic="ethnicity", label="White - British").name == "White British"  # type: ignore[union-attr]
    assert _resolve(characteristic="ethnicity", label="Chinese or other").name == "Other"  # type: ignore[union-attr]
    assert _resolve(characteristic="imd-quintile", label="IMD 5 (least deprived)").rank == 5  # type: ignore[union-attr]
    assert _resolve(characteristic="fsm", label=" free  SCHOOL meals").slug == "eligible"  # type: ignore[union-attr]
    assert _resolve(characteristic="imd-decile", label="Decile 1 (least deprived)") is None


@pytest.mark.django_db
def test_indicators_load_the_catalogue_with_owner_and_breakdowns() -> None:
    counts = _load()

    assert counts["indicators"] == 28
    assert set(Indicator.objects.values_list("slug", flat=True)) == INDICATOR_SLUGS
    assert not Indicator.objects.filter(owner__isnull=True).exists()
    # The Gini coefficient summarises inequality across the whole income distribution, so it
    # is broken down by place only; every other indicator is broken down by some characteristic.
    without = Indicator.objects.annotate(n=Count("characteristics")).filter(n=0)
    assert list(without.values_list("slug", flat=True)) == ["gini-household-income"]


@pytest.mark.django_db
def test_indicator_reference_overrides_point_at_groups_of_their_characteristic() -> None:
    _load()

    overrides = IndicatorCharacteristic.objects.filter(reference_group__isnull=False)

    assert all(o.reference_group.characteristic_id == o.characteristic_id for o in overrides)  # type: ignore[union-attr]
    pay_gap = IndicatorCharacteristic.objects.get(
        indicator__slug="pay-gap-ethnicity", characteristic__slug="ethnicity"
    )
    assert pay_gap.reference_group.name == "White British"  # type: ignore[union-attr]
    maternal = Indicator.objects.get(slug="maternal-mortality-deprivation")
    assert (maternal.measure_type, maternal.rate_per, maternal.unit) == (
        "rate",
        100000,
        "per 100,000 maternities",
    )
