"""Pages of the oversight area `opinions` (mounted by ``oversight/urls.py``): ``opinions/…``, ``ratings/…``."""

from django.urls import path

from . import views_opinions as v

urlpatterns: list = [
    path("opinions/", v.opinion_list, name="opinion_list"),
    path("opinions/export/", v.opinion_export, name="opinion_export"),
    path("opinions/new/", v.opinion_create, name="opinion_create"),
    path("opinions/stats/", v.opinion_stats, name="opinion_stats"),
    path("opinions/settings/", v.opinion_settings, name="opinion_settings"),
    path("opinions/vote/<int:item_id>/", v.opinion_vote_create, name="opinion_vote_create"),
    path("opinions/<int:pk>/", v.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/letter/", v.opinion_letter, name="opinion_letter"),
    path("opinions/<int:pk>/circular/", v.opinion_circular, name="opinion_circular"),
    path("ratings/", v.rating_list, name="rating_list"),
    path("ratings/export/", v.rating_export, name="rating_export"),
]
