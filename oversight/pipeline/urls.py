"""The pipeline pages, under /oversight/: kinds and states are codes, never names."""

from django.urls import path

from . import views

urlpatterns = [
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/<slug:kind>/<slug:state>/", views.stage, name="pipeline-stage"),
]
