from django.contrib import admin

from kosilab.core.admin import ReadOnlyAdmin
from kosilab.opendata.models import DumpBuild


@admin.register(DumpBuild)
class DumpBuildAdmin(ReadOnlyAdmin):
    """The builds of the open data dump, for operators; only the builds themselves write them."""

    list_display = ["requested_at", "trigger", "status", "finished_at", "data_date", "size", "requested_by"]
    list_filter = ["status", "trigger"]
