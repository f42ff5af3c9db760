"""Is this installation's release prepared? ``manage.py release`` prepares it; the app refuses to start otherwise.

In production the static files are served from the manifest that ``collectstatic`` writes
(``CompressedManifestStaticFilesStorage``): without it, or with a manifest of an older release, every
page that links a stylesheet fails. Unapplied migrations fail the pages whose tables changed. So
``config/wsgi.py`` calls :func:`check_release` in the production profile, before gunicorn serves a
single request, and stops with :class:`ReleaseNotPrepared` naming what is missing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from kosilab.core.database_faults import DATABASE_FAULTS

logger = logging.getLogger(__name__)

RELEASE_COMMAND = "python manage.py release"


class ReleaseNotPrepared(RuntimeError):
    """The release is not prepared: the message says what is missing and what to run."""


def missing_steps() -> list[str]:
    """What ``manage.py release`` still has to do here, in words for the operator; empty when ready."""
    return [*_static_steps(), *_migration_steps()]


def check_release() -> None:
    """Raise :class:`ReleaseNotPrepared` if a step of the release is missing."""
    missing = missing_steps()
    if missing:
        raise ReleaseNotPrepared(
            "KoSI-Lab refuses to start: the release is not prepared. "
            + " ".join(missing)
            + f" Run `{RELEASE_COMMAND}` (migrate, collectstatic, load_method_library) with the same settings, "
            "then start the app servers again."
        )


def _static_steps() -> list[str]:
    manifest = storages["staticfiles"]
    if not isinstance(manifest, ManifestFilesMixin):
        return []  # development and tests serve static files without a manifest
    if not manifest.manifest_storage.exists(manifest.manifest_name):
        return [f"The static files have not been collected (no {manifest.manifest_name} in {settings.STATIC_ROOT})."]
    hashed_files, _hash = manifest.load_manifest()
    known = set(hashed_files)
    absent = sorted(
        path.replace("\\", "/")
        for finder in finders.get_finders()
        for path, _storage in finder.list(["CVS", ".*", "*~"])
        if path.replace("\\", "/") not in known
    )
    if absent:
        return [
            f"The collected static files are from another release: {len(absent)} files are missing "
            f"from {settings.STATIC_ROOT} (e.g. {absent[0]})."
        ]
    return []


def _migration_steps() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DATABASE_FAULTS as exc:
        # A database that is down is not a missing release step: start, and answer 503 until it is back.
        logger.warning("Could not check the migrations at start-up (%s); starting anyway.", exc)
        return []
    finally:
        connection.close()
    if plan:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan[:3])
        more = f" and {len(plan) - 3} more" if len(plan) > 3 else ""
        return [f"{len(plan)} database migrations have not been applied ({names}{more})."]
    return []
