from django.urls import path  # noqa: F401

app_name = "suggestion_stats"
urlpatterns: list = []
