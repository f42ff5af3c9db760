"""Every write of the opendata app: requesting, starting and running builds of the open data dump.

A build is a ``DumpBuild`` row. Only one build is active (queued or running) at a time: a partial
unique constraint holds that, so two platform admins pressing the button at once, or the button and
the schedule, give one build and one message. A build that a dead worker left running counts as
active for ``STALE_AFTER`` only, then it is recorded as failed and no longer blocks.

Publishing is atomic: the zip is written to a temporary file, stored under a name of its own in the
default storage (``open-data/``), and only then does its row turn ``succeeded``, in one transaction,
which makes it the current dump (the newest succeeded row). If anything fails on the way (a full
disk, a storage error, a fault in the data), the row records the failure, whatever was stored of the
new file is removed, and the previous dump stays the current one. Older dump files are removed after
the commit, but for the one before the current one, so that a download that started just before a
switch can finish.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import Viewer, account
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.roles import is_platform_admin
from kosilab.opendata.dump import dump_write
from kosilab.opendata.models import BuildStatus, BuildTrigger, DumpBuild
from kosilab.opendata.selectors import current_dump

logger = logging.getLogger(__name__)

FOLDER = "open-data"
# A platform admin may ask for a build at most once in this time (a build takes seconds to minutes).
REQUEST_INTERVAL = dt.timedelta(minutes=5)
# A build queued or running for longer than this was lost (its worker died); it no longer blocks.
STALE_AFTER = dt.timedelta(hours=2)
KEEP_FILES = 2  # the current dump and the one before it
ERROR_LENGTH = 2000


def open_data_builds_expire_stale(*, now: dt.datetime | None = None) -> int:
    """Record builds queued or running for longer than ``STALE_AFTER`` as failed (their worker died)."""
    now = now or timezone.now()
    stale = list(DumpBuild.objects.filter(active=True, requested_at__lt=now - STALE_AFTER))
    for build in stale:
        updated = DumpBuild.objects.filter(pk=build.pk, active=True).update(
            status=BuildStatus.FAILED,
            active=False,
            finished_at=now,
            error=f"Interrupted: the build did not finish within {STALE_AFTER.total_seconds() // 3600:.0f} hours.",
        )
        if updated:
            log_action("opendata.build_interrupted", actor=None, target=build)
    return len(stale)


def _start(*, trigger: str, by: Viewer | None, status: str) -> DumpBuild:
    open_data_builds_expire_stale()
    try:
        with transaction.atomic():
            build = DumpBuild.objects.create(
                trigger=trigger,
                status=status,
                requested_by=account(by),
                started_at=timezone.now() if status == BuildStatus.RUNNING else None,
            )
    except IntegrityError:
        raise DomainError(
            _("A build of the open data is already queued or running. The new dump will appear when it is done.")
        ) from None
    return build


def open_data_build_request(*, by: Viewer) -> DumpBuild:
    """A platform admin asks for a new dump now: queue a build (after the commit) unless one is queued or
    running already, or the last request was less than ``REQUEST_INTERVAL`` ago."""
    if not is_platform_admin(by):
        raise DomainError(_("Only platform administrators may start a build of the open data."))
    latest = DumpBuild.objects.filter(trigger=BuildTrigger.REQUEST).order_by("-requested_at").first()
    now = timezone.now()
    if latest is not None and latest.requested_at > now - REQUEST_INTERVAL:
        minutes = int(REQUEST_INTERVAL.total_seconds() // 60)
        raise DomainError(
            _("A build was requested less than %(minutes)d minutes ago. Please wait a little before asking again.")
            % {"minutes": minutes}
        )
    with transaction.atomic():
        build = _start(trigger=BuildTrigger.REQUEST, by=by, status=BuildStatus.QUEUED)
        log_action("opendata.build_requested", actor=by, target=build)
        transaction.on_commit(lambda: _enqueue(build.pk))
    return build


def _enqueue(build_id: int) -> None:
    from kosilab.opendata.tasks import build_dump

    try:
        build_dump.enqueue(build_id=build_id)
    except Exception:  # the queue is unreachable: the build is recorded as failed, not left blocking
        logger.exception("Could not queue the open data build %s.", build_id)
        DumpBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
            status=BuildStatus.FAILED, active=False, finished_at=timezone.now(), error="The task queue was unreachable."
        )


def open_data_build_start(*, by: Viewer | None = None) -> DumpBuild:
    """Start a scheduled build in this process (``manage.py build_open_data``); run it with
    :func:`open_data_build_run`. Refused (DomainError) while another build is active."""
    with transaction.atomic():
        build = _start(trigger=BuildTrigger.SCHEDULE, by=by, status=BuildStatus.RUNNING)
        log_action("opendata.build_started", actor=by, target=build)
    return build


def _claim(build_id: int) -> DumpBuild | None:
    """Turn a queued build to running; None if it is not queued (it ran already, or failed)."""
    claimed = DumpBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, started_at=timezone.now()
    )
    return DumpBuild.objects.get(pk=build_id) if claimed else None


def _file_name(moment: dt.datetime, build_id: int) -> str:
    return f"{FOLDER}/kosilab-open-data-{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{build_id}.zip"


def _remove(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("Could not remove the open data file %s.", name)


def _prune() -> None:
    keep = list(
        DumpBuild.objects.filter(status=BuildStatus.SUCCEEDED)
        .exclude(file_name="")
        .order_by("-finished_at", "-pk")
        .values_list("pk", flat=True)[:KEEP_FILES]
    )
    old = DumpBuild.objects.filter(status=BuildStatus.SUCCEEDED).exclude(file_name="").exclude(pk__in=keep)
    for build_id, name in list(old.values_list("pk", "file_name")):
        _remove(name)
        DumpBuild.objects.filter(pk=build_id).update(file_name="")


def open_data_build_run(*, build_id: int, force: bool = False) -> DumpBuild | None:
    """Run a build: write the dump, and publish it unless its data equals the current dump's (then the
    build is recorded ``unchanged`` and nothing is written; ``force`` publishes anyway). A queued build is
    claimed first (None if it is not queued any more: it ran already). Never raises for a failed build:
    the failure is recorded on the row and the previous dump stays."""
    build = DumpBuild.objects.filter(pk=build_id).first()
    if build is None:
        return None
    if build.status == BuildStatus.QUEUED:
        build = _claim(build_id)
        if build is None:
            return None
    elif build.status != BuildStatus.RUNNING:
        return None
    force = force or build.trigger == BuildTrigger.REQUEST  # asked for by hand: a new dump in any case
    stored: str | None = None
    try:
        written = dump_write(created=timezone.now(), site_url=settings.KOSILAB_SITE_URL)
        with written.file:
            current = current_dump()
            unchanged = current is not None and current.content_hash == written.content_hash and not force
            if not unchanged:
                stored = default_storage.save(_file_name(written.data_date, build.pk), File(written.file))
        with transaction.atomic():
            build.finished_at = timezone.now()
            build.active = False
            build.data_date = written.data_date
            build.content_hash = written.content_hash
            build.row_counts = written.row_counts
            if unchanged:
                build.status = BuildStatus.UNCHANGED
            else:
                assert stored is not None
                build.status = BuildStatus.SUCCEEDED
                build.file_name = stored
                build.size = written.size
                build.sha256 = written.sha256
            build.save()
            log_action(
                "opendata.build_unchanged" if unchanged else "opendata.dump_published",
                actor=None,
                target=build,
                data={"rows": sum(written.row_counts.values()), "size": build.size},
            )
            transaction.on_commit(_prune, robust=True)
    except Exception as error:
        logger.exception("The open data build %s failed.", build.pk)
        if stored is not None:
            _remove(stored)
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        with transaction.atomic():
            DumpBuild.objects.filter(pk=build.pk).update(
                status=BuildStatus.FAILED, active=False, finished_at=timezone.now(), error=str(message)[:ERROR_LENGTH]
            )
            log_action("opendata.build_failed", actor=None, target=build, data={"error": str(message)[:200]})
        build.refresh_from_db()
    return build
