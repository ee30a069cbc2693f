from django.contrib import admin

from .models import Article, ArticleAttachment


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # writes go through the services
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "congress", "channel", "state", "published_at", "author"]
    list_filter = ["channel", "state", "congress"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Article._meta.fields]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
