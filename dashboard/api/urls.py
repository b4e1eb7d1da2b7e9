"""``/api/v1/``: the API's operations, then problem details for any other address."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from dashboard.api.api import api, problem


def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return problem(
        request, status=404, detail="There is no such API address. GET /api/v1/ lists them."
    )


urlpatterns = [
    path("", api.urls),
    path("<path:rest>", unknown),
]
