"""Indicators, their breakdown vocabulary, releases and observations.

The vocabulary of DESIGN.md: an Indicator is broken down by Characteristics (sex, ethnicity,
area deprivation, ...) into Groups; its data arrives as Releases, each holding Observations keyed
by period × geography × breakdown. Rules that hold for one row are database constraints here;
rules across releases live in ``services.py``. By concern: ``vocabulary`` (departments,
characteristics, groups, geographies, periods), ``indicators`` (indicators and the visibility
rule), ``releases`` (releases and observations) and ``jobs`` (background imports).
"""

from indicators.models import audit  # noqa: F401  (registers the role audit trail)
from indicators.models.indicators import (
    Indicator,
    IndicatorCharacteristic,
    IndicatorQuerySet,
    ReleaseQuerySet,
)
from indicators.models.jobs import ImportJob, import_job_upload_path
from indicators.models.people import Membership
from indicators.models.releases import Observation, Release, release_upload_path
from indicators.models.search import SearchSynonym
from indicators.models.vocabulary import (
    Characteristic,
    Department,
    Geography,
    Group,
    GroupAlias,
    Period,
    normalise_label,
)

__all__ = [
    "Characteristic",
    "Department",
    "Geography",
    "Group",
    "GroupAlias",
    "ImportJob",
    "Indicator",
    "IndicatorCharacteristic",
    "IndicatorQuerySet",
    "Membership",
    "Observation",
    "Period",
    "Release",
    "ReleaseQuerySet",
    "SearchSynonym",
    "import_job_upload_path",
    "normalise_label",
    "release_upload_path",
]
