"""The LCSPR pages. Addresses carry the review's number or the case's reference only: never
a name."""

from django.urls import path

from . import downloads, views
from .engagement import views as engagement

app_name = "lcspr"
urlpatterns = [
    path("open/<str:reference>/", views.open_lcspr, name="open"),
    path("<int:pk>/", views.lcspr_page, name="lcspr"),
    path("<int:pk>/terms-of-reference/", views.terms_of_reference, name="terms"),
    path("<int:pk>/terms-of-reference.pdf", views.terms_of_reference_pdf, name="terms-pdf"),
    path("<int:pk>/terms-of-reference.docx", downloads.terms_of_reference_docx,
         name="terms-docx"),
    path("<int:pk>/status-summary.pdf", downloads.status_summary_pdf, name="summary-pdf"),
    path("<int:pk>/report-template/", downloads.report_template, name="report-template"),
    path("<int:pk>/rows/<slug:slug>/", views.rows, name="rows"),
    # Practitioners and family (issue 13 item 5): a row's number, never a name.
    path("<int:pk>/engagement/", engagement.engagement, name="engagement"),
    path("<int:pk>/engagement/reviewer-access/", engagement.reviewer_access,
         name="engagement-access"),
    path("<int:pk>/engagement/<slug:kind>/add/", engagement.add, name="engagement-add"),
    path("<int:pk>/engagement/<slug:kind>/<int:row>/", engagement.change,
         name="engagement-change"),
    path("<int:pk>/<slug:slug>/", views.step, name="step"),
]
