from django.urls import path

from . import views

app_name = "deputies"
urlpatterns = [
    path("", views.register, name="register"),
    path("export/", views.register_export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/funds/", views.fund_add, name="fund_add"),
    path("<int:pk>/reports/", views.report_schedule, name="report_schedule"),
    path("reports/<int:pk>/record/", views.report_record, name="report_record"),
    path("reports/<int:pk>/qr.svg", views.report_qr, name="report_qr"),
    path("reports/<int:pk>/codes/", views.report_codes, name="report_codes"),
    path("rate/<str:token>/", views.rate, name="rate"),
    path("import/", views.import_roster, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/cancel/", views.import_cancel, name="import_cancel"),
    path("composition/", views.composition, name="composition"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("participations/<int:pk>/", views.participation_action, name="participation_action"),
    path("verify/", views.verify_queue, name="verify_queue"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/publish/", views.ranking_publish, name="ranking_publish"),
    path("ranking/<int:pk>/circular.docx", views.ranking_circular, name="ranking_circular"),
    path("ranking/<int:pk>/toggle/", views.ranking_toggle, name="ranking_toggle"),
    path("points/rules/", views.point_rules, name="point_rules"),
    path("checks/", views.checks, name="checks"),
    path("mine/", views.mine, name="mine"),
    path("mine/report/", views.self_report, name="self_report"),
    path("meeting-requests/", views.meeting_requests, name="meeting_requests"),
    path("meeting-requests/new/", views.meeting_request_create, name="meeting_request_create"),
    path("meeting-requests/<int:pk>/", views.meeting_request_detail, name="meeting_request_detail"),
]
