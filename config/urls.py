from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("dashboard.api.urls")),
    path("", include("dashboard.opendata.urls")),
    path("", include("dashboard.urls")),
    path("", include("dashboard.boards.urls")),
]

handler400 = "config.views.bad_request"
