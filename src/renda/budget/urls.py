from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.xlsx", views.overview_export, name="export"),
    path("departments/<int:pk>/export.xlsx", views.department_export, name="department_export"),
    path("lines/<int:pk>/export.xlsx", views.line_export, name="line_export"),
    path("warnings/export.xlsx", views.warnings_export, name="warnings_export"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("analysis.docx", views.analysis_docx, name="analysis"),
    path("warnings/", views.warning_list, name="warnings"),
    path("warnings/settings/", views.warning_setting, name="warning_setting"),
    path("warnings/inquire/", views.warning_inquire, name="inquire"),
    path("import/", views.import_upload, name="import"),
    path("import/check/", views.import_check, name="import_check"),
    path("import/template/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("publications/", views.publications, name="publications"),
    path("publications/template/", views.publication_template, name="publication_template"),
]
