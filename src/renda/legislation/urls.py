from __future__ import annotations

from django.urls import path

from . import public, views, views_participation

app_name = "legislation"

urlpatterns: list = [
    path("", views.project_list, name="home"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/compare/", views.compare, name="compare"),
    path("projects/<int:pk>/<slug:action>/", views.project_act, name="project_act"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("readings/<int:pk>/", views.reading_detail, name="reading"),
    path("readings/<int:pk>/<slug:action>/", views.reading_act, name="reading_act"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("periods/", views.period_list, name="periods"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/<slug:action>/", views.period_act, name="period_act"),
    path(
        "periods/<int:pk>/comments/<int:comment_pk>/<slug:action>/",
        views.period_act,
        name="period_comment_act",
    ),
    path(
        "periods/<int:pk>/solicitations/<int:comment_pk>/<slug:action>/",
        views.period_act,
        name="period_solicitation_act",
    ),
    path("registry/", views_participation.registry, name="registry"),
    path("registry/<slug:action>/", views_participation.registry_act, name="registry_act"),
    path("registry/<slug:action>/<int:pk>/", views_participation.registry_act, name="registry_item_act"),
    # the portal's pages (anonymous)
    path("public/", public.home, name="public_home"),
    path("public/propose/", public.propose, name="public_propose"),
    path("public/captcha.svg", public.captcha_image, name="public_captcha"),
    path("public/plans/<int:pk>/", public.plan_detail, name="public_plan"),
    path("public/drafts/<int:pk>/", public.draft, name="public_draft"),
    path("public/regulations/", public.regulation_list, name="public_regulations"),
    path("public/regulations/<int:pk>/", public.regulation_detail, name="public_regulation"),
]
