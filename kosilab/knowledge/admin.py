"""The admin shows lab profiles and their versions; it does not change them.

Every write of a profile keeps a version and refreshes the full-text search (services.py,
library.py); the admin would bypass both, so profiles are read here and changed on the site (an
edit, an accepted proposal) or in the data files. Deleting a case study is allowed (its versions
go with it; the data files bring it back on the next load unless its entry is removed too).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kosilab.core.admin import AuditedAdmin
from kosilab.knowledge.models import LabProfile, ProfileRevision


@admin.register(LabProfile)
class LabProfileAdmin(AuditedAdmin):
    list_display = ["name", "slug", "country", "city", "founded", "ended", "status", "lab", "version", "updated_at"]
    list_filter = ["status", "country", ("lab", admin.EmptyFieldListFilter)]
    search_fields = ["slug", "name", "city"]
    list_select_related = ["lab"]
    exclude = ["search_de", "search_en"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProfileRevision)
class ProfileRevisionAdmin(AuditedAdmin):
    list_display = ["profile", "number", "created_at", "source", "author"]
    list_filter = ["source"]
    search_fields = ["profile__name", "profile__slug"]
    list_select_related = ["profile", "author"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
