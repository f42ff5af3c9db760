"""Reads of the opendata app: the current dump and the builds' history. The dump holds public data
only, so what is read here is the same for everybody; the history is for platform admins."""

from __future__ import annotations

from django.db.models import QuerySet

from kosilab.opendata.models import BuildStatus, DumpBuild

HISTORY_LENGTH = 10


def current_dump() -> DumpBuild | None:
    """The build whose file is the dump offered for download: the newest that succeeded."""
    return (
        DumpBuild.objects.filter(status=BuildStatus.SUCCEEDED)
        .exclude(file_name="")
        .order_by("-finished_at", "-pk")
        .first()
    )


def last_check(current: DumpBuild | None) -> DumpBuild | None:
    """The newest build after ``current`` that found the data unchanged: the current dump's data was
    still the platform's data at its date of the data."""
    if current is None or current.finished_at is None:
        return None
    return (
        DumpBuild.objects.filter(
            status=BuildStatus.UNCHANGED, content_hash=current.content_hash, finished_at__gt=current.finished_at
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def recent_builds() -> QuerySet[DumpBuild]:
    """The last builds, newest first, with who asked for them (for platform admins)."""
    return DumpBuild.objects.select_related("requested_by").order_by("-requested_at", "-pk")[:HISTORY_LENGTH]
