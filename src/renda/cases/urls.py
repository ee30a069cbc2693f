from django.urls import path

from . import views, views_inbox

app_name = "cases"
urlpatterns = [
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/export/", views_inbox.inbox_export, name="inbox_export"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/do/<slug:code>/", views.case_act, name="act"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
