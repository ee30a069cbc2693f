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

# 敏感词筛查 (screen): the word list and the 待复核 list of hits
from . import views_screening  # noqa: E402

urlpatterns += [
    path("screening/words/", views_screening.words, name="screening_words"),
    path("screening/words/import/", views_screening.words_import, name="screening_import"),
    path("screening/words/<int:pk>/edit/", views_screening.word_edit, name="screening_word_edit"),
    path("screening/words/<int:pk>/toggle/", views_screening.word_toggle, name="screening_word_toggle"),
    path("screening/hits/", views_screening.hits, name="screening_hits"),
    path("screening/hits/<int:pk>/review/", views_screening.hit_review, name="screening_review"),
]
