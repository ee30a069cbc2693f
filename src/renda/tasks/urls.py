from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_create, name="create"),
    path("settings/", views.settings_page, name="settings"),
    path("import/template/", views.import_template, name="import_template"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/summary/", views.notice_summary, name="summary"),
    path("<int:pk>/import/", views.import_upload, name="import"),
    path("<int:pk>/import/check/", views.import_check, name="import_check"),
]
