"""The statistics package is pure: importable without Django, with the agreed public API."""

import inspect
import subprocess
import sys
from pathlib import Path

from indicators import stats

REPO = Path(__file__).resolve().parents[2]


def test_importing_stats_does_not_import_django():
    code = (
        "import sys\n"
        "from indicators import stats\n"
        "stats.proportion_ci(1, 2)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _plain(function):
    parameters = inspect.signature(function).parameters.values()
    return [p.replace(annotation=inspect.Parameter.empty) for p in parameters]


def test_public_api_signatures():
    # The contract in issue 4: other code and external checks call exactly these names. Later
    # issues may add keyword-only parameters with defaults after them (issue 10 added
    # ``deft`` and ``input_confidence``), which no existing call can notice.
    expected = {
        "proportion_ci": "(x, n, *, confidence=0.95, multiplier=1)",
        "rate_ci": "(x, n, *, confidence=0.95, multiplier=100000)",
        "count_ci": "(x, *, confidence=0.95)",
        "mean_ci": "(values, *, confidence=0.95)",
        "dsr_ci": "(x, n, standard_population, *, confidence=0.95, multiplier=100000)",
        "proportion_difference": "(x1, n1, x2, n2, *, confidence=0.95)",
        "proportion_ratio": "(x1, n1, x2, n2, *, confidence=0.95)",
        "rate_ratio": "(x1, n1, x2, n2, *, confidence=0.95)",
        "gap": "(value, lower, upper, ref_value, ref_lower, ref_upper, *, confidence=0.95)",
        "sii_rii": (
            "(quantile, population, value, *, lower=None, upper=None, se=None, "
            "value_type='other', transform=False, multiplier=1, confidence=0.95, "
            "repetitions=100000, seed=None)"
        ),
        "compare_to_benchmark": (
            "(value, lower95, upper95, benchmark, *, polarity, lower998=None, upper998=None)"
        ),
        "trend": "(values, lower, upper)",
        "summary_measures": (
            "(estimate, se, population, *, ordered, favourable, reference=None, "
            "comparison=None, scale=100, confidence=0.95)"
        ),
    }
    for name, signature in expected.items():
        parameters = _plain(getattr(stats, name))
        count = len([p for p in signature.strip("()").split(", ") if p != "*"])
        assert str(inspect.Signature(parameters[:count])) == signature, name
        for extra in parameters[count:]:
            assert extra.kind is inspect.Parameter.KEYWORD_ONLY, (name, extra.name)
            assert extra.default is not inspect.Parameter.empty, (name, extra.name)


def test_issue_10_signatures():
    # The contract in issue 10, exactly.
    expected = {
        "gap_direction": "(gaps, lower, upper, *, polarity)",
        "progress": (
            "(baseline_year, baseline_value, target_year, target_value, latest_year, "
            "latest_value, *, latest_lower=nan, latest_upper=nan, polarity=None)"
        ),
    }
    for name, signature in expected.items():
        assert str(inspect.Signature(_plain(getattr(stats, name)))) == signature, name


def _with_limits(name):
    return (name, f"{name}_lower", f"{name}_upper")


def test_result_types_have_the_agreed_fields():
    assert stats.Interval._fields == ("value", "lower", "upper")
    assert stats.Gap._fields == (*_with_limits("difference"), *_with_limits("ratio"), "significant")
    assert stats.SII._fields == ("sii", "sii_lower", "sii_upper", "rii", "rii_lower", "rii_upper")
    assert stats.Comparison._fields == ("at95", "at998")
    assert stats.Trend._fields == ("direction", "chi2", "significant")
    assert stats.Progress._fields == ("status", "ratio", "expected")
    assert stats.GapDirection._fields[:2] == ("label", "worse")
