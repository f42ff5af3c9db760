"""The method library at the size seed_scale gives it and with many more methods, nothing kept.

Issue 15 asks the method library to be flat in its size. Its pages are kept fragments, so between
two writes every reader gets them from the cache whatever the size; this measures what a reader
waits for right after a write, when the page is rendered afresh: in-process (Django's test client,
as bench/pages.py), with ``KOSILAB_PAGE_CACHE_SECONDS=0``, on the throughput benchmark's database,
first as it is and then with ``--more`` methods of a public lab added inside a transaction that is
rolled back at the end (the database is left as it was).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kosilab_throughput .venv/bin/python bench/methods.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = (
    ("the library", "/methods/"),
    ("its last page", "/methods/?page=last"),
    ("ideas phase + 25 people", "/methods/?phase=proposals&people=25"),
    ("text search", "/methods/?q=gruppe"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--more", type=int, default=10_000, help="methods to add (default 10,000)")
    parser.add_argument("--requests", type=int, default=30, help="requests per page and role (default 30)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to the throughput benchmark's PostgreSQL database.", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # measure the pages, not the debug machinery
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from kosilab.methods.models import Method

    with override_settings(KOSILAB_PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        before = Method.objects.count()
        rows = [("seeded", before, _measure(args.requests))]
        with transaction.atomic():
            _add_methods(args.more)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE methods_method")
            rows.append(("more", Method.objects.count(), _measure(args.requests)))
            transaction.set_rollback(True)
    print("| page | role | " + " | ".join(f"median ms, {count:,} methods" for _, count, _ in rows) + " | ratio |")
    print("| --- | --- | " + " | ".join("---:" for _ in rows) + " | ---: |")
    for (label, _url), role in ((page, role) for page in PAGES for role in ("anonymous", "lab manager")):
        small, large = (times[label, role] for _, _, times in rows)
        print(f"| {label} | {role} | {small:.1f} | {large:.1f} | {large / small:.2f} |")
    return 0


def _add_methods(count: int) -> None:
    """Copies of the shared methods as own methods of the second public scale lab."""
    from kosilab.labs.models import Lab
    from kosilab.methods.models import Method

    lab = Lab.objects.filter(slug__startswith="scale-lab-", is_public=True).order_by("pk")[1]
    shared = list(Method.objects.filter(lab__isnull=True).order_by("pk"))
    fields = [f for f in Method._meta.concrete_fields if not f.generated and not f.primary_key]
    batch = []
    for i in range(count):
        values = {f.attname: getattr(shared[i % len(shared)], f.attname) for f in fields}
        values.update(
            slug=f"bench-method-{i}",
            lab_id=lab.pk,
            based_on_id=None,
            title_de=f"{values['title_de'][:140]} {i}",
            title_en=f"{values['title_en'][:140]} {i}",
        )
        batch.append(Method(**values))
    Method.objects.bulk_create(batch, batch_size=2000)


def _measure(requests: int) -> dict[tuple[str, str], float]:
    from django.test import Client

    from bench.pages import pick_targets

    manager = pick_targets()["manager"]
    clients = {"anonymous": Client(), "lab manager": Client()}
    clients["lab manager"].force_login(manager)
    times = {}
    for label, url in PAGES:
        for role, client in clients.items():
            for _ in range(2):
                client.get(url)
            taken = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                taken.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            times[label, role] = statistics.median(taken)
    return times


if __name__ == "__main__":
    sys.exit(main())
