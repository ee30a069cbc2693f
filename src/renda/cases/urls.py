from django.urls import path

from . import views_inbox

app_name = "cases"
urlpatterns: list = [
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/export/", views_inbox.inbox_export, name="inbox_export"),
]
