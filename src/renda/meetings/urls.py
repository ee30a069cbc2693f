from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("attendance/", views.attendance_year, name="attendance_year"),
    path("settings/", views.kind_settings, name="settings"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("documents/<int:doc_pk>/", views.document_download, name="document_download"),
    path("leave/<int:leave_pk>/decide/", views.leave_decide, name="leave_decide"),
    path("leave/<int:leave_pk>/withdraw/", views.leave_withdraw, name="leave_withdraw"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/quorum/", views.quorum_panel, name="quorum"),
    path("<int:pk>/events/", views.quorum_events, name="events"),
    path("<int:pk>/act/<str:action>/", views.meeting_act, name="act"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/add-standing-committee/", views.members_add_sc, name="members_add_sc"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/<str:action>/", views.agenda_act, name="agenda_act"),
    path("<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:doc_pk>/remove/", views.document_remove, name="document_remove"),
    path("<int:pk>/sign-in/", views.sign_in_self, name="sign_in"),
    path("<int:pk>/sign-in/desk/", views.sign_in_desk, name="sign_in_desk"),
    path("<int:pk>/sign-in/<int:attendance_pk>/undo/", views.sign_in_undo, name="sign_in_undo"),
    path("<int:pk>/door/", views.door, name="door"),
    path("<int:pk>/door/qr.svg", views.door_qr, name="door_qr"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/leave/", views.leave_request, name="leave_request"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/change/<str:which>/", views.meeting_change, name="change"),
    path("<int:pk>/documents/<int:doc_pk>/<str:action>/", views.document_publish, name="document_publish"),
    path("<int:pk>/members/add-roll/", views.members_add_roll, name="members_add_roll"),
    path("<int:pk>/session/", views.session_bodies, name="session_bodies"),
    path("<int:pk>/<str:which>.<str:fmt>", views.meeting_document, name="document"),
]
