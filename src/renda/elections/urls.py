from django.urls import path

from . import public_views, views

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="list"),
    path("public/", public_views.public_list, name="public_list"),
    path("public/<int:pk>/", public_views.public_detail, name="public_detail"),
    path(
        "public/<int:pk>/register/<int:constituency>/", public_views.public_register, name="public_register"
    ),
    path(
        "public/<int:pk>/register/<int:constituency>.pdf",
        public_views.public_register_pdf,
        name="public_register_pdf",
    ),  # fmt: skip
    path("public/<int:pk>/candidates/<slug:kind>/", public_views.public_candidates, name="public_candidates"),
    path("public/<int:pk>/results/", public_views.public_results, name="public_results"),
    path("new/", views.election_create, name="create"),
    path("settings/", views.congress_settings, name="congress_settings"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/<int:mandate>/by-election/", views.by_election_start, name="by_election_start"),
    path("<int:pk>/", views.election_detail, name="detail"),
    path("<int:pk>/settings/", views.election_settings, name="settings"),
    path("<int:pk>/committee/", views.committee, name="committee"),
    path("<int:pk>/constituencies/", views.constituencies, name="constituencies"),
    path("<int:pk>/voters/", views.voters, name="voters"),
    path("<int:pk>/voters/import/", views.voter_import, name="voter_import"),
    path("<int:pk>/voters/import/<int:job>/", views.voter_import_status, name="voter_import_status"),
    path("<int:pk>/voters/<int:voter>/", views.voter_act, name="voter_act"),
    path("<int:pk>/register/<int:constituency>.pdf", views.register_pdf, name="register_pdf"),
    path("<int:pk>/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("<int:pk>/appeals/", views.appeals, name="appeals"),
    path("<int:pk>/candidates/", views.candidates_view, name="candidates"),
    path("<int:pk>/consultations/", views.consultations, name="consultations"),
    path("<int:pk>/ballot/", views.ballot_view, name="ballot"),
    path("<int:pk>/rounds/<int:round>/", views.round_detail, name="round"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/review/", views.review_view, name="review"),
    path("<int:pk>/review/report/", views.review_report_file, name="review_report_file"),
    path("<int:pk>/composition.json", views.composition_data, name="composition_data"),
]
