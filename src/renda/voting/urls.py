from django.urls import path

from . import views

app_name = "voting"
urlpatterns = [
    path("", views.vote_list, name="list"),
    path("new/<str:owner_code>/<int:owner_id>/", views.vote_create, name="create"),
    path("<int:pk>/", views.ballot, name="ballot"),
    path("<int:pk>/screen/", views.projector, name="projector"),
    path("<int:pk>/control/", views.control, name="control"),
    path("<int:pk>/result/", views.result, name="result"),
    path("<int:pk>/receipts/", views.receipts, name="receipts"),
    path("<int:pk>/events/", views.events, name="events"),
]
