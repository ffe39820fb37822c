"""The oversight pages, under /oversight/. Addresses carry numbers and codes only."""

from django.urls import path

from . import views
from .annual_report import urls as annual_report
from .pipeline import urls as pipeline
from .themes import urls as themes
from .timeliness import urls as timeliness

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    *pipeline.urlpatterns,
    *timeliness.urlpatterns,
    *themes.urlpatterns,
    *annual_report.urlpatterns,
]
