"""The measure columns of an observation, named once.

``Observation`` (its model fields), the selectors (their DataFrame columns), the native import
template, the synthetic data generator and the tests all read these names from here. The module
imports nothing, so a standalone script can use it without setting Django up.
"""

#: Figures, in file and query column order.
NUMERIC_MEASURES = ("value", "lower", "upper", "numerator", "denominator", "sample_size")
#: Markers and notes, after the figures.
TEXT_MEASURES = ("marker", "quality", "note")
#: Every measure column of the native template, in order.
MEASURE_COLUMNS = (*NUMERIC_MEASURES, *TEXT_MEASURES)
