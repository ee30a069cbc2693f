from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.search, name="search"),
    path("similar/", views.similar, name="similar"),
    path("dictionary/", views.dictionary, name="dictionary"),
    path("dictionary/<int:pk>/delete/", views.dictionary_delete, name="dictionary_delete"),
    path("rebuild/", views.rebuild, name="rebuild"),
]

# 相似建议 (texta): the draft form's panel and a suggestion page's panel
from . import views_similar  # noqa: E402

urlpatterns += [
    path("similar/draft/", views_similar.similar_draft, name="similar_draft"),
    path("similar/case/<int:pk>/", views_similar.similar_case, name="similar_case"),
]
