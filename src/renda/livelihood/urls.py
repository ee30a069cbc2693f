from django.urls import path

from . import views

app_name = "livelihood"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/projects/", views.project_list, name="project_list"),
    path("<int:pk>/propose/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("public/", views.public_index, name="public_index"),
    path("public/<int:pk>/", views.public_programme, name="public_programme"),
    path("public/<int:pk>/propose/", views.public_propose, name="public_propose"),
]
