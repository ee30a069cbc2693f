from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("renda.security.urls")),
    path("audit/", include("renda.audit.urls")),
    path("deputies/", include("renda.deputies.urls")),
    path("cases/", include("renda.cases.urls")),
    path("suggestions/stats/", include("renda.suggestions.stats_urls")),
    path("suggestions/", include("renda.suggestions.urls")),
    path("liaison/", include("renda.liaison.urls")),
    path("portal/", include("renda.portal.urls")),
    path("notifications/", include("renda.notifications.urls")),
    path("api/v1/", include("renda.api.urls")),
    path("", include("renda.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
