"""Notifications in the admin: follows and settings can be corrected; notifications are only shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kosilab.core.admin import AuditedAdmin
from kosilab.notifications.models import Follow, Notification, NotificationSetting


@admin.register(Follow)
class FollowAdmin(AuditedAdmin):
    list_display = ["user", "challenge", "process", "created_at"]
    raw_id_fields = ["user", "challenge", "process"]


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = ["recipient", "kind", "target_title", "created_at", "read_at", "mailed_at", "digested_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "challenge", "process"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NotificationSetting)
class NotificationSettingAdmin(AuditedAdmin):
    list_display = ["user", "frequency", "mail_since"]
    list_filter = ["frequency"]
    raw_id_fields = ["user"]
