"""The themes pages, under /oversight/."""

from django.urls import path

from . import views

urlpatterns = [
    path("themes/", views.themes, name="themes"),
    path("themes/cases/<str:reference>/", views.case_themes, name="case-themes"),
]
