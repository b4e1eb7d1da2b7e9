from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """Collect only what the pages serve: htmx 2 itself, not django-htmx's other builds."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "django_htmx/ext/*",
        "django_htmx/htmax-*",
        "django_htmx/htmx-4*",
    ]
