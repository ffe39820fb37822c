from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.mark_read, name="mark-read"),
    path("calendar/", views.calendar_feed, name="calendar"),
    path("<int:pk>/delay-reason/", views.delay_reason, name="delay-reason"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
