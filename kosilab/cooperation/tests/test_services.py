"""The background analyses: queued once, run once, failures recorded and queued again, lost ones
(their worker died) queued again, older results dropped when a newer one is done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kosilab.cooperation import services
from kosilab.cooperation.analysis import fingerprint, scope_key, source_state
from kosilab.cooperation.models import AnalysisStatus, NetworkAnalysis
from kosilab.cooperation.tests.factories import small_network
from kosilab.cooperation.ties import PERSON, Scope
from kosilab.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def request(scope, django_capture_on_commit_callbacks, execute=True):
    with django_capture_on_commit_callbacks(execute=execute):
        return services.network_analysis_request(
            scope=scope, key=scope_key(scope), fingerprint=fingerprint(source_state(scope)), description="all labs"
        )


def test_a_request_queues_one_analysis_that_runs_once(lab, django_capture_on_commit_callbacks):
    small_network(lab)
    scope = Scope()

    analysis = request(scope, django_capture_on_commit_callbacks)
    again = request(scope, django_capture_on_commit_callbacks)

    analysis.refresh_from_db()
    assert again.pk == analysis.pk
    assert analysis.status == AnalysisStatus.DONE and analysis.progress == 100
    assert analysis.payload["summary"]["nodes"] == 4
    assert services.network_analysis_run(analysis_id=analysis.pk) is None  # not queued any more
    assert AuditEntry.objects.filter(action="cooperation.analysis_queued").count() == 1


def test_the_scope_survives_the_trip_through_the_database(lab, django_capture_on_commit_callbacks):
    scope = Scope(
        lab_id=lab.pk,
        start=dt.date(2024, 1, 1),
        end=dt.date(2025, 1, 1),
        kinds=frozenset({"team"}),
        nodes=PERSON,
        public_only=True,
    )

    analysis = request(scope, django_capture_on_commit_callbacks, execute=False)

    assert services.network_analysis_scope(analysis=analysis) == scope


def test_a_failed_analysis_is_recorded_and_queued_again(lab, monkeypatch, django_capture_on_commit_callbacks):
    def broken(scope, progress=None):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(services, "analyse", broken)
    analysis = request(Scope(), django_capture_on_commit_callbacks)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.FAILED
    assert analysis.error == "out of memory"
    assert AuditEntry.objects.filter(action="cooperation.analysis_failed").count() == 1

    monkeypatch.undo()
    analysis = request(Scope(), django_capture_on_commit_callbacks)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE


def test_a_lost_analysis_is_queued_again(lab, django_capture_on_commit_callbacks):
    analysis = request(Scope(), django_capture_on_commit_callbacks, execute=False)
    NetworkAnalysis.objects.filter(pk=analysis.pk).update(
        status=AnalysisStatus.RUNNING, updated_at=timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1)
    )

    again = request(Scope(), django_capture_on_commit_callbacks)

    again.refresh_from_db()
    assert again.pk == analysis.pk
    assert again.status == AnalysisStatus.DONE


def test_a_running_analysis_is_left_alone(lab, django_capture_on_commit_callbacks):
    analysis = request(Scope(), django_capture_on_commit_callbacks, execute=False)
    NetworkAnalysis.objects.filter(pk=analysis.pk).update(status=AnalysisStatus.RUNNING, progress=40)

    again = request(Scope(), django_capture_on_commit_callbacks)

    assert again.status == AnalysisStatus.RUNNING and again.progress == 40


def test_an_unreachable_queue_marks_the_analysis_failed(lab, monkeypatch, django_capture_on_commit_callbacks):
    from kosilab.cooperation import tasks

    class Unreachable:
        def enqueue(self, **kwargs):
            raise ConnectionError("no redis")

    monkeypatch.setattr(tasks, "analyse_network", Unreachable())
    analysis = request(Scope(), django_capture_on_commit_callbacks)

    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.FAILED
