from django.urls import path

from . import views, views_dashboard

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
    path("dashboard/screen/", views_dashboard.dashboard_screen, name="dashboard_screen"),
    path("dashboard/list/<slug:key>/", views_dashboard.dashboard_list, name="dashboard_list"),
    path("users/", views.user_list, name="user_list"),
    path("users/export/", views.user_export, name="user_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/import/", views.user_import, name="user_import"),
    path("users/import/template/", views.user_import_template, name="user_import_template"),
    path("users/import/confirm/", views.user_import_confirm, name="user_import_confirm"),
    path("users/import/cancel/", views.user_import_cancel, name="user_import_cancel"),
    path("users/import/passwords/", views.user_import_passwords, name="user_import_passwords"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/active/", views.organization_set_active, name="organization_set_active"),
]
