from django.urls import path

from . import views

app_name = "case_forms"
urlpatterns = [
    path("", views.your_referrals, name="list"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.task_list, name="task-list"),
    path("<int:pk>/check/", views.check_answers, name="check"),
    path("<int:pk>/submitted/", views.submitted, name="submitted"),
    path("<int:pk>/authorising-officer/", views.authorising_officer,
         name="authorising-officer"),
    path("<int:pk>/delete/", views.delete_draft, name="delete"),
    path("<int:pk>/<slug:slug>/", views.section, name="section"),
]
