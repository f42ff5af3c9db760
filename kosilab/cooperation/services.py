"""Every write of the cooperation app: the analyses that run in the background (models.py).

The networks are read, never written; what is written is an analysis of a scope on one state of
the data, queued by a page that found none (``network_analysis_request``) and run by a task
(``network_analysis_run``), which keeps its progress up to date for the page that waits.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kosilab.cooperation.analysis import analyse
from kosilab.cooperation.models import AnalysisStatus, NetworkAnalysis
from kosilab.cooperation.ties import Scope
from kosilab.core.audit import log_action

logger = logging.getLogger(__name__)

# A queued or running analysis not heard of for this long is taken as lost (its worker died) and
# queued again by the next page that asks for it.
STALE_AFTER = dt.timedelta(minutes=15)


def network_analysis_scope(*, analysis: NetworkAnalysis) -> Scope:
    """The scope an analysis was queued for."""
    values: dict[str, Any] = analysis.scope
    return Scope(
        lab_id=values.get("lab_id"),
        start=dt.date.fromisoformat(values["start"]) if values.get("start") else None,
        end=dt.date.fromisoformat(values["end"]) if values.get("end") else None,
        kinds=frozenset(values["kinds"]),
        nodes=values["nodes"],
        public_only=bool(values.get("public_only")),
    )


def _scope_values(scope: Scope) -> dict[str, Any]:
    return {
        "lab_id": scope.lab_id,
        "start": scope.start.isoformat() if scope.start else None,
        "end": scope.end.isoformat() if scope.end else None,
        "kinds": sorted(scope.kinds),
        "nodes": scope.nodes,
        "public_only": scope.public_only,
    }


def network_analysis_request(*, scope: Scope, key: str, fingerprint: str, description: str = "") -> NetworkAnalysis:
    """The analysis of ``scope`` on the state ``fingerprint``: the one stored, or a new one queued
    (after the commit). A failed or lost one is queued again. Two pages asking at once get one row."""
    now = timezone.now()
    existing = NetworkAnalysis.objects.filter(key=key, fingerprint=fingerprint).first()
    if existing is not None:
        lost = existing.status in (AnalysisStatus.QUEUED, AnalysisStatus.RUNNING) and (
            existing.updated_at < now - STALE_AFTER
        )
        if existing.status != AnalysisStatus.FAILED and not lost:
            return existing
        requeued = NetworkAnalysis.objects.filter(pk=existing.pk, status=existing.status).update(
            status=AnalysisStatus.QUEUED, progress=0, error="", updated_at=now
        )
        if requeued:
            transaction.on_commit(lambda: _enqueue(existing.pk), robust=True)
        existing.refresh_from_db()
        return existing
    try:
        with transaction.atomic():
            analysis = NetworkAnalysis.objects.create(
                key=key,
                fingerprint=fingerprint,
                description=description[:300],
                scope=_scope_values(scope),
            )
            log_action("cooperation.analysis_queued", actor=None, target=analysis, lab=scope.lab_id)
    except IntegrityError:  # another request queued it a moment ago
        return NetworkAnalysis.objects.get(key=key, fingerprint=fingerprint)
    transaction.on_commit(lambda: _enqueue(analysis.pk), robust=True)
    return analysis


def _enqueue(analysis_id: int) -> None:
    from kosilab.cooperation.tasks import analyse_network

    try:
        analyse_network.enqueue(analysis_id=analysis_id)
    except Exception:  # the queue is unreachable: failed, so the next page queues it again
        logger.exception("Could not queue the network analysis %s.", analysis_id)
        NetworkAnalysis.objects.filter(pk=analysis_id, status=AnalysisStatus.QUEUED).update(
            status=AnalysisStatus.FAILED, error="The task queue was unreachable.", updated_at=timezone.now()
        )


def network_analysis_run(*, analysis_id: int) -> NetworkAnalysis | None:
    """Run a queued analysis: claim it (once, even if the task runs twice), compute it with its
    progress stored as it goes, keep the result and drop the older analyses of the same scope.
    None if it was not queued (done already, or taken by another worker)."""
    claimed = NetworkAnalysis.objects.filter(pk=analysis_id, status=AnalysisStatus.QUEUED).update(
        status=AnalysisStatus.RUNNING, progress=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    analysis = NetworkAnalysis.objects.get(pk=analysis_id)

    def progress(percent: int) -> None:
        NetworkAnalysis.objects.filter(pk=analysis_id).update(progress=min(percent, 99), updated_at=timezone.now())

    try:
        payload = analyse(network_analysis_scope(analysis=analysis), progress=progress)
    except Exception as error:
        logger.exception("The network analysis %s failed.", analysis_id)
        with transaction.atomic():
            NetworkAnalysis.objects.filter(pk=analysis_id).update(
                status=AnalysisStatus.FAILED, error=str(error)[:300], updated_at=timezone.now()
            )
            log_action("cooperation.analysis_failed", actor=None, target=analysis, lab=analysis.scope.get("lab_id"))
        analysis.refresh_from_db()
        return analysis
    with transaction.atomic():
        NetworkAnalysis.objects.filter(pk=analysis_id).update(
            status=AnalysisStatus.DONE,
            progress=100,
            payload=payload,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        NetworkAnalysis.objects.filter(key=analysis.key, status=AnalysisStatus.DONE).exclude(pk=analysis_id).delete()
    analysis.refresh_from_db()
    return analysis
