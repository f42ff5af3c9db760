"""Response time and SQL query count of the main pages, on synthetic data at scale.

    .venv/bin/python bench/pages.py [--scale S] [--requests N] [--seed N] [--keep]

Without DATABASE_URL it makes a fresh SQLite database in a temporary KOSILAB_VAR_DIR, migrates it,
runs ``seed_scale`` and measures every page N times with Django's test client (in-process, no
network), as an anonymous visitor and as a lab manager. With DATABASE_URL set it uses that
database instead (migrate, then seed_scale adds a batch unless --no-seed). Prints a Markdown table.
See bench/README.md for the targets.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MEDIAN_TARGET_MS = 150
P95_TARGET_MS = 300
WARM_UP = 2


@dataclass
class Result:
    label: str
    url: str
    role: str
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank

    @property
    def query_text(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"

    @property
    def within_target(self) -> bool:
        return self.statuses == {200} and self.median < MEDIAN_TARGET_MS and self.p95 < P95_TARGET_MS


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="seed_scale --scale (default 1)")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page and role (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="seed_scale --seed (default 1)")
    parser.add_argument("--no-seed", action="store_true", help="measure the data already there (with DATABASE_URL)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory with the database")
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if args.no_seed and not os.environ.get("DATABASE_URL"):
        parser.error("--no-seed needs DATABASE_URL: without it the database is new and empty")
    return args


def setup_django() -> str | None:
    """Point Django at a fresh temporary SQLite database (or DATABASE_URL) and set it up."""
    var_dir = None
    if not os.environ.get("DATABASE_URL"):
        var_dir = tempfile.mkdtemp(prefix="kosilab-bench-")
        os.environ["KOSILAB_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # measure the pages, not the debug machinery
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    os.environ.setdefault("KOSILAB_RATELIMITS_ENABLED", "false")  # the API's per-minute limits would answer 429
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return var_dir


def pick_targets() -> dict[str, Any]:
    """The lab with the most challenges, its manager, its busiest challenge and process (with a log)."""
    from django.db.models import Count

    from kosilab.challenges.models import PUBLIC_STATUSES, Challenge
    from kosilab.labs.models import Lab, LabMembership, LabRole
    from kosilab.processes.models import Process, ProcessVisibility

    lab = (
        Lab.objects.filter(slug__startswith="scale-lab-", is_public=True)
        .annotate(n=Count("challenges"))
        .order_by("-n", "pk")
        .first()
    )
    if lab is None:
        raise SystemExit("No public scale lab in the database: run seed_scale first.")
    manager = LabMembership.objects.filter(lab=lab, role=LabRole.MANAGER).select_related("user").first()
    if manager is None:
        raise SystemExit(f"The lab {lab.slug} has no manager.")
    # Not the places bench/throughput.py makes for itself (its idea lists and write targets).
    ours = "Throughput benchmark"
    challenge = (
        Challenge.objects.filter(lab=lab, status__in=PUBLIC_STATUSES)
        .exclude(title__startswith=ours)
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    process = (
        Process.objects.filter(lab=lab, visibility=ProcessVisibility.PUBLIC, challenge__isnull=False)
        .annotate(
            n=Count("members", distinct=True),
            t=Count("transitions", distinct=True),
            logged=Count("log_entries", distinct=True),
        )
        .filter(logged__gt=0)  # an empty log saves the paginator a query: not the typical page
        .order_by("-n", "-t", "pk")
        .first()
    )
    if challenge is None or process is None:
        raise SystemExit(f"The lab {lab.slug} has no public challenge or process; use a larger --scale.")
    from kosilab.events.models import Event, EventStatus
    from kosilab.rooms.models import Room

    room = (
        Room.objects.filter(lab=lab)
        .exclude(name__startswith=ours)
        .annotate(n=Count("bookings"))
        .order_by("-n", "pk")
        .first()
    )
    event = (
        Event.objects.filter(lab=lab, status=EventStatus.PUBLISHED)
        .exclude(title__startswith=ours)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    if room is None or event is None:
        raise SystemExit(f"The lab {lab.slug} has no room or no published event; run a newer seed_scale.")
    from kosilab.planning.models import Session

    session = (
        Session.objects.filter(lab=lab, is_template=False, process__isnull=False)
        .annotate(n=Count("blocks"))
        .order_by("-n", "pk")
        .first()
    )
    if session is None:
        raise SystemExit(f"The lab {lab.slug} has no session plan; run a newer seed_scale.")
    from kosilab.cocreation.models import Idea
    from kosilab.impact.models import Indicator

    idea = Idea.objects.filter(lab=lab, challenge__status="open").order_by("-comment_count", "pk").first()
    indicator = (
        Indicator.objects.filter(lab=lab, process__visibility="public")
        .annotate(n=Count("measurements"))
        .order_by("-n", "pk")
        .first()
    )
    if idea is None or indicator is None:
        raise SystemExit(f"The lab {lab.slug} has no idea or indicator; run a newer seed_scale.")
    from kosilab.knowledge.models import LabProfile

    # Two case studies to put side by side with the lab (the first ones: the page reads them by slug).
    compare_with = list(LabProfile.objects.filter(lab__isnull=True).order_by("pk").values_list("slug", flat=True)[:2])
    if len(compare_with) < 2:
        raise SystemExit("Fewer than two case-study labs in the database; run a newer seed_scale.")
    return {
        "compare_with": compare_with,
        "idea": idea,
        "indicator": indicator,
        "session": session,
        "lab": lab,
        "manager": manager.user,
        "challenge": challenge,
        "process": process,
        "room": room,
        "event": event,
    }


def pages(targets: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("lab list", "/labs/"),
        ("lab detail", f"/labs/{targets['lab'].slug}/"),
        ("challenge list", "/challenges/"),
        ("challenges, open + science", "/challenges/?status=open&sector=science"),
        ("challenges, page 50", "/challenges/?page=50"),
        ("challenge detail", f"/challenges/{targets['challenge'].pk}/"),
        ("process list", "/processes/"),
        ("process detail", f"/processes/{targets['process'].pk}/"),
        ("organisation list", "/actors/organisations/"),
        ("rooms of a lab", f"/rooms/lab/{targets['lab'].slug}/"),
        ("room with its week", f"/rooms/{targets['room'].pk}/"),
        ("week of all rooms of a lab", f"/rooms/lab/{targets['lab'].slug}/week/"),
        ("room iCal feed", f"/rooms/{targets['room'].pk}/calendar.ics"),
        ("event list", "/events/"),
        ("event list, past, page 20", "/events/?past=on&page=20"),
        ("event detail", f"/events/{targets['event'].pk}/"),
        ("network iCal feed", "/events/calendar.ics"),
        ("method library", "/methods/"),
        ("methods, ideas + 25 people + 90 min", "/methods/?phase=proposals&people=25&minutes=90"),
        ("method detail", "/methods/world-cafe/"),
        ("methods for a process", f"/methods/for-process/{targets['process'].pk}/"),
        ("ideas of a challenge, most supported", f"/ideas/challenge/{targets['idea'].challenge_id}/?sort=supported"),
        ("idea with comments", f"/ideas/{targets['idea'].pk}/"),
        ("results of a process", f"/results/process/{targets['process'].pk}/"),
        ("what became of the lab's results", f"/continuation/lab/{targets['lab'].slug}/"),
        ("impact dashboard of a lab", f"/impact/lab/{targets['lab'].slug}/"),
        ("indicator with its chart", f"/impact/indicator/{targets['indicator'].pk}/"),
        ("case-study library", "/knowledge/"),
        ("library, theme + status", "/knowledge/?theme=mobility&status=active"),
        ("library, full-text search", "/knowledge/?q=participation+lab"),
        ("timeline of the labs", "/knowledge/timeline/"),
        ("lab profile with its sources", "/knowledge/labs/mindlab/"),
        ("network of labs", "/knowledge/network/"),
        ("network of cooperation of a lab", f"/cooperation/lab/{targets['lab'].slug}/"),
        ("network of cooperation of all labs", "/cooperation/"),
        ("open data (tables and fields)", "/open-data/"),
        ("API: labs", "/api/v1/labs/"),
        ("API: challenges of a lab", f"/api/v1/challenges/?lab={targets['lab'].slug}"),
        ("API: processes with phases", "/api/v1/processes/"),
        ("API: upcoming events", "/api/v1/events/?upcoming=true"),
        ("API: methods, ideas + 25 people", "/api/v1/methods/?phase=proposals&participants=25"),
        ("API: results", "/api/v1/results/"),
        ("API: handovers", "/api/v1/handovers/"),
        ("API: indicators with measurements", "/api/v1/indicators/"),
        ("API: case-study labs, page of 200", "/api/v1/case-study-labs/?page_size=200"),
        ("API: OpenAPI schema", "/api/v1/schema/?format=json"),
    ]


def manager_pages(targets: dict[str, Any]) -> list[tuple[str, str]]:
    """Pages only organisers reach (anonymous visitors are sent to log-in)."""
    event = targets["event"].pk
    return [
        ("the cockpit (/manage/)", "/manage/"),
        ("attendees and check-in", f"/events/{event}/attendees/"),
        ("attendees as XLSX", f"/events/{event}/attendees.xlsx"),
        ("session plans of a process", f"/planning/process/{targets['session'].process_id}/"),
        ("session plan (agenda editor)", f"/planning/{targets['session'].pk}/"),
        ("agenda as PDF", f"/planning/{targets['session'].pk}/agenda.pdf"),
        ("playbook overview", f"/playbook/{targets['lab'].slug}/"),
        ("playbook phase", f"/playbook/{targets['lab'].slug}/concept_development/"),
        ("self-assessments", f"/playbook/{targets['lab'].slug}/assessments/"),
        ("notifications", "/notifications/"),
        ("moderation of the lab", f"/ideas/moderation/{targets['lab'].slug}/"),
        ("sustainability watch", f"/sustainability/{targets['lab'].slug}/"),
        ("legacy of the lab", f"/sustainability/{targets['lab'].slug}/legacy/"),
        ("labs like yours", f"/knowledge/compare/{targets['lab'].slug}/"),
        ("network of people of the lab", f"/cooperation/lab/{targets['lab'].slug}/?nodes=person"),
        (
            "side by side with two labs",
            f"/knowledge/compare/{targets['lab'].slug}/side-by-side/?"
            + "&".join(f"with={slug}" for slug in targets["compare_with"]),
        ),
    ]


def measure(client: Any, label: str, url: str, role: str, requests: int, counter: Callable[[], int]) -> Result:
    result = Result(label=label, url=url, role=role)
    for _ in range(WARM_UP):
        client.get(url)
    for _ in range(requests):
        before = counter()
        started = time.perf_counter()
        response = client.get(url)
        result.times_ms.append((time.perf_counter() - started) * 1000)
        result.queries.append(counter() - before)
        result.statuses.add(response.status_code)
    return result


def table(results: list[Result]) -> str:
    by_page: dict[str, dict[str, Result]] = {}
    for result in results:
        by_page.setdefault(result.url, {})[result.role] = result
    lines = [
        "| page | anonymous median / p95 (ms) | queries | lab manager median / p95 (ms) | queries | target |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    for url, roles in by_page.items():
        measured = [roles.get("anonymous"), roles["manager"]]
        cells = []
        for result in measured:
            if result is None:
                cells += ["–", "–"]
                continue
            status = "" if result.statuses == {200} else f" (HTTP {sorted(result.statuses)})"
            cells.append(f"{result.median:.1f} / {result.p95:.1f}{status}")
            cells.append(result.query_text)
        ok = "ok" if all(r.within_target for r in measured if r is not None) else "**missed**"
        label = roles["manager"].label
        lines.append(f"| {label} `{url}` | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} | {ok} |")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    var_dir = setup_django()
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    where = f"temporary SQLite database in {var_dir}" if var_dir else "DATABASE_URL"
    print(f"Preparing the {where} …", file=sys.stderr)
    call_command("migrate", verbosity=0, interactive=False)
    seed_seconds = None
    if not args.no_seed:
        started = time.perf_counter()
        call_command("seed_scale", scale=args.scale, seed=args.seed, stdout=sys.stderr)
        seed_seconds = time.perf_counter() - started

    executed = 0

    def count_queries(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal executed
        executed += 1
        return execute(sql, params, many, context)

    targets = pick_targets()
    anonymous = Client()
    manager = Client()
    manager.force_login(targets["manager"])
    results: list[Result] = []
    background_seconds = analyse_installation(anonymous)
    print("Measuring …", file=sys.stderr)
    with connection.execute_wrapper(count_queries):
        for label, url in pages(targets):
            for role, client in (("anonymous", anonymous), ("manager", manager)):
                results.append(measure(client, label, url, role, args.requests, lambda: executed))
        for label, url in manager_pages(targets):
            results.append(measure(manager, label, url, "manager", args.requests, lambda: executed))

    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())  # 1/5/15 min; others on the machine skew times
    command = " ".join([".venv/bin/python bench/pages.py", *sys.argv[1:]])
    vendor = connection.vendor
    if vendor == "sqlite":
        import sqlite3

        vendor = f"SQLite {sqlite3.sqlite_version}"
    elif vendor == "postgresql":
        version = connection.pg_version  # type: ignore[attr-defined]
        vendor = f"PostgreSQL {version // 10000}.{version % 10000}"
    print(
        f"Measured {timezone.localdate().isoformat()} with `{command}`: {vendor}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{os.cpu_count()} CPUs ({platform.machine()}), load average {load}, "
        "DEBUG off, Django test client (in-process). "
        + (f"seed_scale took {seed_seconds:.1f} s. " if seed_seconds is not None else "")
        + f"Lab `{targets['lab'].slug}`, manager {targets['manager'].email}, {args.requests} requests per cell "
        f"after {WARM_UP} warm-up requests. Target: median < {MEDIAN_TARGET_MS} ms and p95 < {P95_TARGET_MS} ms.\n"
    )
    print(table(results))
    missed = [r for r in results if not r.within_target]
    analysis_ok = print_network_analysis(targets["lab"], repeats=min(args.requests, 5))
    print(f"\nThe network of all labs, analysed in the background task: {background_seconds:.1f} s.")
    if var_dir and not args.keep:
        import shutil

        connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)
    elif var_dir:
        print(f"\nThe database is kept in {var_dir}.", file=sys.stderr)
    sys.exit(1 if missed or not analysis_ok else 0)


# A lab's network of cooperation is computed once per change of its data and then read from the
# cache (the pages above are measured warm); this is the computation itself (docs/cooperation.md).
NETWORK_TARGET_S = 1.0


def analyse_installation(client: Any) -> float:
    """Ask for the network of all labs once (it queues its analysis) and run the queued analysis here,
    as the worker would, so that the page is measured with its result, not with its progress."""
    from kosilab.cooperation.models import AnalysisStatus, NetworkAnalysis
    from kosilab.cooperation.services import network_analysis_run

    client.get("/cooperation/")
    started = time.perf_counter()
    for pk in NetworkAnalysis.objects.filter(status=AnalysisStatus.QUEUED).values_list("pk", flat=True):
        network_analysis_run(analysis_id=pk)
    return time.perf_counter() - started


def print_network_analysis(lab: Any, *, repeats: int) -> bool:
    """Time the analysis of the lab's networks of organisations and of people, uncached."""
    from kosilab.cooperation.analysis import analyse
    from kosilab.cooperation.ties import Scope

    lines = [
        "",
        f"Computing the lab's network of cooperation, uncached ({repeats} runs; target < {NETWORK_TARGET_S:.0f} s):",
        "",
        "| network | nodes | ties | median wall s | median CPU s | |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    ok = True
    for label, nodes in (("organisations of the lab", "organisation"), ("people of the lab", "person")):
        walls, cpus, payload = [], [], {}
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            payload = analyse(Scope(lab_id=lab.pk, nodes=nodes))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        within = statistics.median(walls) < NETWORK_TARGET_S
        ok = ok and within
        summary = payload.get("summary", {})
        lines.append(
            f"| {label} | {summary.get('nodes', '?')} | {summary.get('ties', '?')} | "
            f"{statistics.median(walls):.2f} | {statistics.median(cpus):.2f} | {'ok' if within else '**missed**'} |"
        )
    print("\n".join(lines))
    return ok


if __name__ == "__main__":
    main()
