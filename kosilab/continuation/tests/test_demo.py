from __future__ import annotations

import pytest

from kosilab.continuation.demo import load_continuation_demo
from kosilab.continuation.models import Handover, HandoverStatus
from kosilab.results.demo import load_results_demo
from kosilab.results.models import Result
from kosilab.site.demo import load_demo_base


@pytest.mark.django_db
def test_demo_loads_once(client):
    load_demo_base()
    assert load_results_demo() is True
    assert load_continuation_demo() is True
    assert load_results_demo() is False
    assert load_continuation_demo() is False
    canvas = Result.objects.get(title="Geschäftsmodell Fahrradgaragen")
    assert len(canvas.canvas) == 9 and canvas.phase is not None
    garages = Handover.objects.get(result=canvas)
    assert (garages.taker, garages.status) == ("Mobilstation Wuppertal (Demo)", HandoverStatus.HANDING_OVER)
    assert garages.followups.filter(done_at__isnull=True).exists()
    sic = Handover.objects.get(result__title="Konzept Social Innovation Center")
    assert (sic.status, sic.funding, sic.form) == ("continued", "kommunaler Haushalt", "administrative_structure")
    assert client.get("/continuation/lab/wuppertal/").status_code == 200
    assert "Mobilstation" in client.get(f"/continuation/result/{canvas.pk}/").content.decode()
    assert client.get(f"/results/{canvas.pk}/").status_code == 200
