from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.mark_read, name="mark-read"),
    path("calendar/", views.calendar_feed, name="calendar"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
