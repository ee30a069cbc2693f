"""``/portal/``: the public site of the default congress; ``/portal/c/<id>/…`` the same pages of any
other congress; ``/portal/editor/`` the staff editor."""

from django.urls import include, path, register_converter

from . import views


class DatasetConverter:
    regex = "deputies|suggestions|answers|statistics"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "json|csv"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DatasetConverter, "dataset")
register_converter(FormatConverter, "fmt")

app_name = "portal"

public = [
    path("", views.home, name="home"),
    path("channel/<slug:channel>/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/cover/", views.article_cover, name="article_cover"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("deputies/", views.deputy_list, name="deputy_list"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("reports/", views.reports, name="reports"),
    path("stations/", views.station_list, name="station_list"),
    path("congresses/", views.congress_list, name="congress_list"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/popolo.json", views.open_data_popolo, name="open_data_popolo"),
    path("open-data/<dataset:dataset>.<fmt:fmt>", views.open_data_download, name="open_data_download"),
    path("audit-anchors/", views.audit_anchors, name="audit_anchors"),
    path("audit-anchors.json", views.audit_anchors_json, name="audit_anchors_json"),
]

urlpatterns = [
    path("editor/", views.editor_list, name="editor_list"),
    path("editor/new/", views.editor_create, name="editor_create"),
    path("editor/<int:pk>/", views.editor_detail, name="editor_detail"),
    path("editor/<int:pk>/edit/", views.editor_edit, name="editor_edit"),
    path("editor/<int:pk>/act/<slug:action>/", views.editor_act, name="editor_act"),
    path("c/<int:congress_id>/", include(public)),
    path("", include(public)),
]
