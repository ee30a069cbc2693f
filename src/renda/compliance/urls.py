from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.check, name="check"),
    path("run/", views.rerun, name="rerun"),
    path("export/word/", views.export_word, name="export_word"),
    path("export/excel/", views.export_excel, name="export_excel"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/export/", views.matrix_export, name="matrix_export"),
    path("settings/", views.settings_list, name="settings"),
    path("settings/<str:rule_id>/", views.setting_edit, name="setting_edit"),
    path("rules/<str:rule_id>/", views.rule_detail, name="rule"),
]
