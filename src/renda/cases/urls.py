from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/do/<slug:code>/", views.case_act, name="act"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
