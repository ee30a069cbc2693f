from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list_view, name="event_list"),
    path("export/", views.event_export, name="event_export"),
    path("verify/", views.verify, name="verify"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
]
