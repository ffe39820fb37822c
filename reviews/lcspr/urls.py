"""The LCSPR pages. Addresses carry the review's number or the case's reference only: never
a name."""

from django.urls import path

from . import views

app_name = "lcspr"
urlpatterns = [
    path("open/<str:reference>/", views.open_lcspr, name="open"),
    path("<int:pk>/", views.lcspr_page, name="lcspr"),
    path("<int:pk>/<slug:slug>/", views.step, name="step"),
]
