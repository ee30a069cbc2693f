"""Pages of the oversight area `reports` (mounted by ``oversight/urls.py``)."""

from django.urls import path

from . import views_reports as v

urlpatterns: list = [
    path("reports/", v.report_calendar, name="report_calendar"),
    path("reports/generate/", v.report_generate, name="report_generate"),
    path("reports/obligations/", v.obligation_list, name="report_obligations"),
    path("reports/obligations/new/", v.obligation_edit, name="report_obligation_create"),
    path("reports/obligations/defaults/", v.obligation_defaults, name="report_obligation_defaults"),
    path("reports/obligations/<int:pk>/", v.obligation_edit, name="report_obligation_edit"),
    path("reports/<int:pk>/", v.report_detail, name="report_detail"),
    path("reports/<int:pk>/file/", v.report_file, name="report_file"),
    path("matters/", v.matter_list, name="matter_list"),
    path("matters/lists/", v.matter_lists, name="matter_lists"),
    path("matters/lists/<int:pk>/", v.matter_list_detail, name="matter_list_detail"),
    path("matters/lists/<int:pk>/word/", v.matter_list_word, name="matter_list_word"),
    path("matters/<int:pk>/", v.matter_detail, name="matter_detail"),
    path("resolutions/", v.resolution_list, name="resolution_list"),
    path("resolutions/new/", v.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/", v.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/word/", v.resolution_word, name="resolution_word"),
    path("resolutions/public/", v.resolution_public_list, name="resolution_public_list"),
    path("resolutions/public/<int:pk>/", v.resolution_public_detail, name="resolution_public_detail"),
]
