"""Read-only admin views (cases change only through services). Registered only when the Django admin
is installed; the working-day calendar and settings are edited through their services."""

from django.apps import apps

if apps.is_installed("django.contrib.admin"):  # pragma: no cover - the admin is not installed by default
    from django.contrib import admin

    from .models import Assignment, CalendarDay, Case, CaseSetting, Reply, ReplyDraft

    class ReadOnlyAdmin(admin.ModelAdmin):
        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            return False

    for model in (Case, Assignment, Reply, ReplyDraft, CaseSetting, CalendarDay):
        admin.site.register(model, ReadOnlyAdmin)
