"""The action plan pages, under /action-plans/. Addresses carry numbers only: never a name."""

from django.urls import path

from . import views

app_name = "action_plans"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("new/", views.new_plan, name="new"),
    path("log/", views.action_log, name="log"),
    path("log/download/<str:fmt>/", views.log_download, name="log-download"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/download/<str:fmt>/", views.exceptions_download,
         name="exceptions-download"),
    path("from-lcspr/<int:lcspr_pk>/", views.from_lcspr, name="from-lcspr"),
    path("<int:pk>/", views.plan_page, name="plan"),
    path("<int:pk>/add-action/", views.add_action, name="add-action"),
    path("<int:pk>/close/", views.close_plan, name="close"),
    path("actions/<int:pk>/", views.action_page, name="action"),
    path("actions/<int:pk>/documents/<int:document_pk>/", views.evidence, name="evidence"),
    path("actions/<int:pk>/<slug:slug>/", views.step, name="step"),
]
