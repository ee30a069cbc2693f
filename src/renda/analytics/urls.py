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
