"""The indicators the shipped fixtures define, by slug."""

#: The indicators of the opportunity mission's table of indicators.
OPPORTUNITY_TABLE_SLUGS = frozenset(
    {
        "material-deprivation",
        "relative-income-poverty",
        "below-minimum-income-standard",
        "school-readiness-gap-fsm",
        "gcse-attainment-gap-fsm",
        "graduate-attainment-gap-fsm",
        "pay-gap-sex",
        "pay-gap-disability",
        "pay-gap-ethnicity",
        "gini-household-income",
        "below-real-living-wage",
        "non-decent-homes",
        "housing-costs-over-30-percent",
        "homelessness",
        "low-birth-weight",
        "healthy-life-expectancy-deprivation",
        "mental-wellbeing-deprivation",
    }
)
#: Every indicator in fixtures/indicators: the opportunity table's and the other missions'.
INDICATOR_SLUGS = OPPORTUNITY_TABLE_SLUGS | {
    "unemployment-disability",
    "conviction-ratio-ethnicity",
    "custody-rate-ethnicity",
    "maternal-mortality-deprivation",
    "influence-local-decisions",
    "hate-crime-victims",
    "child-stunting",
    "women-managers",
    "poverty-below-half-median",
    "attainment-age-19-fsm",
    "home-ownership-ethnicity",
}
