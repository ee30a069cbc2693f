from django.urls import path

from . import settings_views, views

app_name = "suggestions"
urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("export/", views.suggestion_export, name="export"),
    path("new/", views.suggestion_create, name="create"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("<int:pk>/replies/<int:reply_id>/letters/", views.reply_letters, name="reply_letters"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/<str:answer>/", views.invitation_answer, name="invitation_answer"),
    path("to-rate/", views.to_rate, name="to_rate"),
    path("review/", views.review_queue, name="review_queue"),
    path("settings/", settings_views.suggestion_settings, name="settings"),
    path("assign/", views.assign_bulk, name="assign_bulk"),
    path("requests/", views.requests_list, name="requests"),
    path("requests/<str:kind>/<int:pk>/", views.request_decide, name="request_decide"),
    path("units/todo/", views.unit_todo, name="unit_todo"),
    path("key/", views.key_list, name="key_list"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
