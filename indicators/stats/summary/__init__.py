"""Summary measures of inequality across all groups, as the WHO Health Equity Assessment Toolkit.

Definitions follow WHO's R package healthequal (WHOequity/healthequal, R/d.R, R/r.R,
R/parisk.R, R/paf.R, R/bgv.R, R/ti.R, R/mld.R, R/idisw.R, R/mdmw.R, R/sii.R, R/rii.R, R/aci.R,
R/rci.R), the package behind HEAT and HEAT Plus, and Schlotheuber & Hosseinpoor (2022).

Where healthequal reports an interval on a different scale from its estimate (TI and MLD are
reported × 1000 but their standard errors are not; PAF is a percentage but its standard error
is a fraction), this module puts every interval on its estimate's scale. The Monte Carlo
intervals of IDISW and MDMW recompute the weighted mean in every simulation (healthequal's
IDISW keeps the observed mean) and use a fixed seed, so results are reproducible.

Which measures apply where, as healthequal documents ("Applicability"): D, R, PAR and PAF for
every dimension; BGV, TI, MLD, IDISW and MDMW for non-ordered dimensions only (they ignore the
order of the groups); SII, RII, ACI and RCI for ordered dimensions only.

Modules: ``measures`` (:func:`summary_measures`, the one call), ``pairs`` (D and R),
``across_groups`` (PAR, PAF, BGV, TI, MLD, IDISW, MDMW), ``ordered`` (SII, RII, ACI, RCI) and
``results`` (the measures' names and thresholds).
"""

from .measures import summary_measures
from .results import MEASURES, NON_ORDERED_MEASURES, ORDERED_MEASURES

__all__ = ["MEASURES", "NON_ORDERED_MEASURES", "ORDERED_MEASURES", "summary_measures"]
