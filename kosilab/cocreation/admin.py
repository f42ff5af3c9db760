from django.contrib import admin

from kosilab.cocreation.models import Comment, Idea, Report
from kosilab.core.admin import AuditedAdmin


@admin.register(Idea)
class IdeaAdmin(AuditedAdmin):
    list_display = ["title", "lab", "status", "support_count", "comment_count", "hidden", "created_at"]
    list_filter = ["status", "hidden", "lab"]
    search_fields = ["title", "text"]
    raw_id_fields = ["challenge", "phase", "author", "answered_by", "hidden_by"]
    readonly_fields = ["support_count", "comment_count"]


@admin.register(Comment)
class CommentAdmin(AuditedAdmin):
    list_display = ["idea", "author", "hidden", "created_at"]
    list_filter = ["hidden"]
    search_fields = ["text"]
    raw_id_fields = ["idea", "parent", "author"]


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    list_display = ["reason", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["idea", "comment", "reporter", "resolved_by"]
