from django.urls import include, path

# No uploaded file is served by its stored path (MEDIA_URL is not routed, not even with DEBUG):
# each kind of file has an access-checked view that answers through renda.documents.serving.

urlpatterns = [
    path("", include("renda.security.urls")),
    path("audit/", include("renda.audit.urls")),
    path("deputies/", include("renda.deputies.urls")),
    path("cases/", include("renda.cases.urls")),
    path("suggestions/stats/", include("renda.suggestions.stats_urls")),
    path("suggestions/", include("renda.suggestions.urls")),
    path("liaison/", include("renda.liaison.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("elections/", include("renda.elections.urls")),
    path("oversight/", include("renda.oversight.urls")),
    path("livelihood/", include("renda.livelihood.urls")),
    path("legislation/", include("renda.legislation.urls")),
    path("tasks/", include("renda.tasks.urls")),
    path("budget/", include("renda.budget.urls")),
    path("compliance/", include("renda.compliance.urls")),
    path("portal/", include("renda.portal.urls")),
    path("voting/", include("renda.voting.urls")),
    path("notifications/", include("renda.notifications.urls")),
    path("search/", include("renda.analytics.urls")),
    path("analytics/", include("renda.analytics.text_urls")),
    path("api/v1/", include("renda.api.urls")),
    path("", include("renda.ops.urls")),  # /metrics (Prometheus, protected)
    path("", include("renda.web.urls")),
]
