"""The timeliness pages, under /oversight/. Addresses carry codes and numbers only."""

from django.urls import path

from . import views

urlpatterns = [
    path("timeliness/", views.timeliness, name="timeliness"),
    path("timeliness/download/<str:fmt>/", views.download, name="timeliness-download"),
    path("timeliness/<slug:code>/", views.clocks, name="timeliness-clocks"),
]
