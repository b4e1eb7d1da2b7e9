from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("missions/<slug:slug>/", views.mission_detail, name="mission-detail"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator-detail"),
    path("characteristics/", views.characteristic_list, name="characteristic-list"),
    path("characteristics/<slug:slug>/", views.characteristic_detail, name="characteristic-detail"),
    path("search/", views.search, name="search"),
    path("about/methods/", views.methods, name="methods"),
]
