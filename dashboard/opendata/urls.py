"""Download addresses: included from config/urls.py before the dashboard's own pages."""

from django.urls import path, register_converter

from dashboard.opendata import views


class FormatConverter:
    regex = "csv|xlsx|ods"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "format")

app_name = "opendata"

urlpatterns = [
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/all-indicators.zip", views.bulk_download, name="bulk-download"),
    path(
        "indicators/<slug:slug>/data.<format:fmt>",
        views.indicator_download,
        name="indicator-download",
    ),
    path(
        "indicators/<slug:slug>/view.<format:fmt>",
        views.indicator_view_download,
        name="indicator-view-download",
    ),
]
