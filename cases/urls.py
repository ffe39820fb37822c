from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("access-log/", views.access_log, name="access-log"),
    path("decisions/", views.decision_log, name="decision-log"),
    # Before the case's own addresses, which would take "download" for a reference.
    path("download/<str:fmt>/", views.case_list_download, name="download"),
    path("deadlines/download/<str:fmt>/", views.deadlines_download,
         name="deadlines-download"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/history/", views.history_page, name="history"),
    path("<str:reference>/documents/", views.documents_page, name="documents"),
    path("<str:reference>/documents/add/", views.add_document_page, name="add-document"),
    path("<str:reference>/documents/<int:pk>/", views.download_document, name="document"),
    path("<str:reference>/notifications/<slug:recipient>/", views.notification_page,
         name="notification"),
    path("<str:reference>/<slug:action>/", views.action_page, name="action"),
]
