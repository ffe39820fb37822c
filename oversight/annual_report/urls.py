"""The annual_report pages, under /oversight/."""

from django.urls import path

from . import views

urlpatterns = [
    path("annual-report/", views.annual_report, name="annual-report"),
    path("annual-report/<int:year>/<str:fmt>/", views.download,
         name="annual-report-download"),
    path("annual-report/<int:year>/tables/<slug:table>.csv", views.table,
         name="annual-report-table"),
]
