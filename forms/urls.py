from django.urls import path

from . import views

app_name = "case_forms"
urlpatterns = [
    path("<int:pk>/", views.task_list, name="task-list"),
]
