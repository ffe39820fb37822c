from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("start/<str:reference>/", views.start, name="start"),
    path("<int:pk>/requests/", views.send_requests, name="requests"),
    path("returns/<int:pk>/", views.return_page, name="return"),
    path("returns/<int:pk>/submit/", views.submit_return, name="submit"),
    path("returns/<int:pk>/reopen/", views.reopen_return, name="reopen"),
    path("returns/<int:pk>/<slug:slug>/", views.return_section, name="section"),
    path("known-agencies/<int:pk>/", views.decide_known_agency, name="decide-known-agency"),
]
