"""/analytics/: routing to units (交办单位推荐) and hot topics (年度热点)."""

from django.urls import path

from . import text_views

app_name = "insight"

urlpatterns = [
    path("topics/", text_views.topics_page, name="topics"),
    path("routing/", text_views.routing_units, name="routing_units"),
    path("routing/units/<int:pk>/", text_views.routing_unit_edit, name="routing_unit_edit"),
    path("routing/retrain/", text_views.routing_retrain, name="routing_retrain"),
]
