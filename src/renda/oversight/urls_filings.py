"""Pages of the oversight area `filings` (mounted by ``oversight/urls.py``)."""

from django.urls import path

from . import views_filings as v

urlpatterns: list = [
    path("filings/", v.filing_list, name="filing_list"),
    path("filings/new/", v.filing_create, name="filing_create"),
    path("filings/<int:pk>/", v.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/start/", v.filing_start, name="filing_start"),
    path("filings/<int:pk>/decide/", v.filing_decide, name="filing_decide"),
    path("filings/<int:pk>/supplement/", v.filing_supplement, name="filing_supplement"),
    path("filings/<int:pk>/publish/", v.filing_publish, name="filing_publish"),
    path("filings/<int:pk>/compare/", v.filing_compare, name="filing_compare"),
    path("filings/files/<int:pk>/", v.filing_file, name="filing_file"),
    path("filings/library/", v.library, name="library"),
    path("filings/library/<int:pk>/", v.library_detail, name="library_detail"),
    path("filings/requests/", v.request_list, name="request_list"),
    path("filings/requests/<int:pk>/", v.request_detail, name="request_detail"),
    path("filings/requests/new/", v.request_submit, name="request_submit"),
    path("filings/requests/track/", v.request_track, name="request_track"),
    path("filings/special/", v.special_reviews, name="special_reviews"),
    path("filings/special/<int:pk>/finish/", v.special_review_finish, name="special_review_finish"),
    path("filings/report/", v.yearly_report, name="filing_report"),
    path("filings/settings/", v.settings_page, name="filing_settings"),
    path("appointments/", v.appointment_list, name="appointment_list"),
    path("appointments/new/", v.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", v.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/certificate.pdf", v.appointment_certificate, name="appointment_certificate"),
    path("appointments/<int:pk>/recording/", v.appointment_recording, name="appointment_recording"),
]
