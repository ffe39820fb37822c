"""The LCSPR pages. Addresses carry the review's number or the case's reference only: never
a name."""

from django.urls import path

from . import views

app_name = "lcspr"
urlpatterns = [
    path("open/<str:reference>/", views.open_lcspr, name="open"),
    path("<int:pk>/", views.lcspr_page, name="lcspr"),
    path("<int:pk>/terms-of-reference/", views.terms_of_reference, name="terms"),
    path("<int:pk>/terms-of-reference.pdf", views.terms_of_reference_pdf, name="terms-pdf"),
    path("<int:pk>/rows/<slug:slug>/", views.rows, name="rows"),
    path("<int:pk>/<slug:slug>/", views.step, name="step"),
]
