"""The learning pages, under /learning/. Addresses carry numbers only: never a name."""

from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("shared/<int:pk>/", views.record_shared, name="shared"),
    path("plans/<int:pk>/<slug:slug>/", views.plan_step, name="plan-step"),
]
