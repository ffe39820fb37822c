from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("start/<str:reference>/", views.start, name="start"),
    path("<int:pk>/", views.review_page, name="review"),
    path("<int:pk>/requests/", views.send_requests, name="requests"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/parallel-processes/", views.parallel_processes, name="parallel-processes"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/panel-pack.pdf", views.panel_pack, name="panel-pack"),
    path("<int:pk>/panel-packs/<int:document_pk>/", views.kept_panel_pack,
         name="kept-panel-pack"),
    path("<int:pk>/rapid-review-report.pdf", views.report, name="report"),
    path("<int:pk>/<slug:slug>/", views.step, name="step"),
    path("returns/<int:pk>/", views.return_page, name="return"),
    path("returns/<int:pk>/submit/", views.submit_return, name="submit"),
    path("returns/<int:pk>/reopen/", views.reopen_return, name="reopen"),
    path("returns/<int:pk>/chronology/import/", views.chronology_import,
         name="chronology-import"),
    path("returns/<int:pk>/chronology/import/check/", views.chronology_import_check,
         name="chronology-import-check"),
    path("returns/<int:pk>/<slug:slug>/", views.return_section, name="section"),
    path("known-agencies/<int:pk>/", views.decide_known_agency, name="decide-known-agency"),
]
