from django.urls import path

from . import stats_views as v

app_name = "suggestion_stats"
urlpatterns = [
    path("", v.stats_index, name="index"),
    path("export/", v.stats_export, name="export"),
    path("register/", v.register_export, name="register"),
    path("summary/", v.summary_docx, name="summary"),
    path("letters/assignment/<int:pk>/", v.assignment_letter, name="assignment_letter"),
    path("letters/reply/<int:pk>/", v.reply_letter, name="reply_letter"),
]
