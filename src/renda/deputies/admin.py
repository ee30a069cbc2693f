from django.contrib import admin

from .models import Deputy, DeputyGroup, DeputyMandate


class DeputyMandateInline(admin.TabularInline):
    model = DeputyMandate
    extra = 0
    fields = ("congress", "term", "constituency", "group", "station", "occupation_category", "ended_on")
    raw_id_fields = ("group", "station")


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("full_name", "gender", "ethnicity", "party", "occupation", "phone")
    list_filter = ("gender", "party", "education")
    search_fields = ("full_name", "phone", "occupation")
    raw_id_fields = ("user",)
    inlines = [DeputyMandateInline]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "congress", "area", "is_active")
    list_filter = ("congress",)
    search_fields = ("name",)


@admin.register(DeputyMandate)
class DeputyMandateAdmin(admin.ModelAdmin):
    list_display = ("deputy", "congress", "term", "constituency", "occupation_category", "ended_on")
    list_filter = ("congress", "occupation_category", "is_grassroots", "is_standing_committee_member")
    search_fields = ("deputy__full_name", "constituency")
    raw_id_fields = ("deputy", "group", "station")
