from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("access-log/", views.access_log, name="access-log"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/history/", views.history_page, name="history"),
    path("<str:reference>/notifications/<slug:recipient>/", views.notification_page,
         name="notification"),
    path("<str:reference>/<slug:action>/", views.action_page, name="action"),
]
