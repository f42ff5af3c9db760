"""Throughput of the key pages against a bare Django reference, through the real server (issue 15).

    .venv/bin/python bench/throughput.py [--scale S] [--ideas 100,10000,100000] [--seconds N]
                                         [--no-seed] [--strict]

PostgreSQL only (``DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/kosilab_throughput,
created if missing). Migrates, runs ``seed_scale`` if the database has no scale data yet (a rerun
reuses it) and makes sure three challenges hold 100, 10,000 and 100,000 ideas, prepares the
release in the production profile (``manage.py release``: collectstatic into a temporary
KOSILAB_VAR_DIR), starts gunicorn with two sync workers and loads every page with wrk, each right
after the bare reference
(``bench/urls.py``: ``HttpResponse("ok")`` behind the same middleware and server). Prints a
Markdown table with the ratio page / reference. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import math
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kosilab_throughput"
SETTINGS_MODULE = "bench.settings"
REFERENCE_PATH = "/bench/reference/"  # bench/urls.py
ANONYMOUS_TARGET = 0.10  # issue 15: page rps / reference rps
MANAGER_TARGET = 0.05
WRITE_TARGET = 0.04  # posting an idea, registering for an event, booking a room: 8 clients
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WRK_TIMEOUT = "30s"  # the deepest idea pages take over a second; wrk's default (2 s) would count them as errors
GUNICORN_WORKERS = 2
IDEA_PLACE_TITLE = "Throughput benchmark: {n} ideas"
IDEA_BATCH = 5000
ATTENDEE_EVENT_TITLE = "Throughput benchmark: {n} registrations"
ATTENDEE_SIZES = (100, 100_000)  # the attendee list of a small and of a very large event
FLAT_FACTOR = 1.5  # issue 15: the deepest page of the largest list within 1.5× of the first of the smallest
# Forwarded by the TLS proxy in front of the app in production (SECURE_PROXY_SSL_HEADER): without it
# the production profile would redirect every request to https (DJANGO_SECURE_SSL_REDIRECT).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    role: str  # "anonymous", "lab manager" or "participants" (each request by another person)
    write: bool = False
    # A page of a list measured for its flatness only (not one of the key pages): the label
    # of the row it must stay within FLAT_FACTOR of (the list's first page at its smallest size).
    flat_of: str | None = None

    @property
    def target(self) -> float:
        if self.write:
            return WRITE_TARGET
        return ANONYMOUS_TARGET if self.role == "anonymous" else MANAGER_TARGET


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int  # wrk counts 3xx as success; a redirect is caught by the plain check before
    errors: int  # socket errors: connect, read, write, timeout

    @property
    def clean(self) -> bool:
        return self.non_2xx == 0 and self.errors == 0 and self.requests > 0


@dataclass(frozen=True)
class Row:
    page: Page
    result: WrkResult
    reference: WrkResult
    written: int | None = None  # write rows: the rows the run added to the database

    @property
    def ratio(self) -> float:
        return self.result.rps / self.reference.rps if self.reference.rps else 0.0

    base: WrkResult | None = None  # flat rows: the row of page.flat_of

    @property
    def within_target(self) -> bool:
        if self.page.flat_of is not None:
            return self.base is not None and self.result.rps * FLAT_FACTOR >= self.base.rps
        return self.ratio >= self.page.target


# --- Arguments and environment -------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="seed_scale --scale (default 1, as bench/pages.py)")
    parser.add_argument("--seed", type=int, default=1, help="seed_scale --seed (default 1)")
    parser.add_argument(
        "--ideas",
        default="100,10000,100000",
        help="sizes of the idea lists, comma-separated, smallest first (default 100,10000,100000)",
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page and per reference (default 10)")
    parser.add_argument(
        "--no-seed",
        action="store_true",
        help="never run seed_scale (without it, seed_scale runs only when the database has no scale data yet)",
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/9",
        help="REDIS_URL of the server (default redis://127.0.0.1:6379/9; empty: local memory per worker)",
    )
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        default=None,
        help="KOSILAB_PAGE_CACHE_SECONDS of the server (default: the installation's default; 0 measures "
        "every anonymous page rendered)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses its target ratio")
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this text")
    args = parser.parse_args()
    try:
        args.idea_sizes = sorted({int(size.replace("_", "")) for size in args.ideas.split(",") if size.strip()})
    except ValueError:
        parser.error("--ideas takes whole numbers separated by commas, e.g. 100,10000,100000")
    if not args.idea_sizes or args.idea_sizes[0] < 1:
        parser.error("--ideas needs at least one size of 1 or more")
    if args.seconds < 1:
        parser.error("--seconds must be at least 1")
    return args


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"bench/throughput.py measures PostgreSQL only; DATABASE_URL is {url!r}.")
    return url


def create_database(url: str) -> None:
    """Create the database of ``url`` if it does not exist yet (connected to the ``postgres`` database)."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = urllib.parse.unquote(parts.path.lstrip("/"))
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created the database {name}.", file=sys.stderr)
    except psycopg.OperationalError as error:
        raise SystemExit(f"Cannot reach PostgreSQL at {maintenance}: {error}") from None


def server_environment(url: str, var_dir: str, secret_key: str, args: argparse.Namespace) -> dict[str, str]:
    """The production profile, as an installation runs it (config/settings.py), on the bench's URLs."""
    page_cache = {} if args.page_cache_seconds is None else {"KOSILAB_PAGE_CACHE_SECONDS": str(args.page_cache_seconds)}
    return {
        **os.environ,
        "REDIS_URL": args.redis,
        **page_cache,
        "KOSILAB_ENV": "production",
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DATABASE_URL": url,
        "KOSILAB_VAR_DIR": var_dir,  # STATIC_ROOT (the collected files and their manifest), media, mails
    }


def setup_django(url: str, var_dir: str, secret_key: str) -> None:
    """This process seeds (seed_scale refuses the production profile) with the server's secret key:
    the session it writes for the lab manager is signed with it."""
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DJANGO_SECRET_KEY": secret_key,
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "ERROR",
            "KOSILAB_VAR_DIR": var_dir,
        }
    )
    os.environ.pop("KOSILAB_ENV", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Data ----------------------------------------------------------------------------------------


def idea_places(sizes: list[int], exclude_lab_id: int) -> dict[int, Any]:
    """One challenge per size whose idea list holds exactly that many ideas; made or topped up in bulk.

    The challenges are copies of an open challenge of another public scale lab than the one measured
    (so that its lab-wide pages keep the size seed_scale gives them), titled ``IDEA_PLACE_TITLE``; a
    rerun finds them by title and adds only what is missing."""
    from django.db import transaction

    from kosilab.accounts.models import User
    from kosilab.accounts.scale import EMAIL_DOMAIN
    from kosilab.actors.scale import DISTRICTS, INTERESTS
    from kosilab.challenges.models import Challenge, ChallengeStatus
    from kosilab.cocreation.models import Idea
    from kosilab.core.scale import explicit_timestamps
    from kosilab.labs.models import Lab

    others = Lab.objects.filter(slug__startswith="scale-lab-", is_public=True).exclude(pk=exclude_lab_id)
    lab = others.order_by("-pk").first() or Lab.objects.get(pk=exclude_lab_id)
    template = Challenge.objects.filter(lab=lab, status=ChallengeStatus.OPEN).order_by("pk").first()
    if template is None:
        template = Challenge.objects.filter(status=ChallengeStatus.OPEN).order_by("pk").first()
    if template is None:
        raise SystemExit("No open challenge in the database to copy; use a larger --scale.")
    authors = list(
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    if not authors:
        raise SystemExit("No synthetic people in the database: run seed_scale first.")
    now = datetime.datetime.now(tz=datetime.UTC)
    places: dict[int, Any] = {}
    for size in sizes:
        title = IDEA_PLACE_TITLE.format(n=f"{size:,}")
        place = Challenge.objects.filter(title=title).order_by("pk").first()
        if place is None:
            place = Challenge.objects.get(pk=template.pk)
            place.pk = None
            place.id = None
            place._state.adding = True
            place.title = title
            if hasattr(place, "i18n"):
                place.i18n = {}  # no translated title of the template
            place.status = ChallengeStatus.OPEN
            place.contributions_open = True
            place.save()
        have = Idea.objects.filter(challenge=place).count()
        missing = size - have
        if missing > 0:
            started = time.perf_counter()
            print(f"  adding {missing:,} ideas to challenge {place.pk} ({title}) …", file=sys.stderr)
            # Spread over the last two years, newest first as the list sorts, so that the sort has work to do.
            with transaction.atomic(), explicit_timestamps(Idea):
                for start in range(have, size, IDEA_BATCH):
                    batch = []
                    for i in range(start, min(size, start + IDEA_BATCH)):
                        created = now - datetime.timedelta(minutes=(size - i) * 700_000 // size + 1)
                        batch.append(
                            Idea(
                                challenge=place,
                                lab_id=place.lab_id,
                                author_id=authors[i % len(authors)],
                                title=f"Idee {i + 1}: {INTERESTS[i % len(INTERESTS)]} "
                                f"in {DISTRICTS[i % len(DISTRICTS)]}",
                                text="Ein Vorschlag aus der Nachbarschaft, wie es besser gehen könnte.",
                                created_at=created,
                                updated_at=created,
                            )
                        )
                    Idea.objects.bulk_create(batch, batch_size=IDEA_BATCH)
            print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        places[size] = place
    return places


def attendee_events(lab: Any) -> dict[int, Any]:
    """One past event of the measured lab per size of ``ATTENDEE_SIZES`` with exactly that many
    registrations (most confirmed, some waiting or cancelled, a third checked in), made in bulk once.

    In the past, so that the lab page's upcoming events stay what seed_scale made; the lab's manager
    organises it, so the attendee list is theirs to read."""
    from django.db import transaction
    from django.utils import timezone

    from kosilab.accounts.scale import FIRST_NAMES, LAST_NAMES
    from kosilab.events.models import Event, EventStatus, Registration, RegistrationStatus

    events: dict[int, Any] = {}
    starts = (timezone.now() - datetime.timedelta(days=90)).replace(hour=17, minute=0, second=0, microsecond=0)
    for size in ATTENDEE_SIZES:
        title = ATTENDEE_EVENT_TITLE.format(n=f"{size:,}")
        event, _ = Event.objects.get_or_create(
            lab=lab,
            title=title,
            defaults={
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=3),
                "capacity": size,
                "status": EventStatus.PUBLISHED,
                "description": "Ein großes Fest im Quartier.",
                "address": "Rathausplatz 1",
            },
        )
        have = event.registrations.count()
        if have < size:
            started = time.perf_counter()
            print(f"  adding {size - have:,} registrations to event {event.pk} ({title}) …", file=sys.stderr)
            statuses = [RegistrationStatus.CONFIRMED] * 8 + [RegistrationStatus.WAITING, RegistrationStatus.CANCELLED]
            with transaction.atomic():
                for start in range(have, size, IDEA_BATCH):
                    Registration.objects.bulk_create(
                        [
                            Registration(
                                event=event,
                                name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[i * 7 % len(LAST_NAMES)]}",
                                email=f"bench-{event.pk}-{i}@example.org",
                                status=statuses[i % len(statuses)],
                                token=f"bench-{event.pk}-{i}",
                                code=f"B{event.pk:04d}{i:06d}",
                                attended_at=starts if i % 3 == 0 and i % 10 < 8 else None,
                            )
                            for i in range(start, min(size, start + IDEA_BATCH))
                        ],
                        batch_size=IDEA_BATCH,
                    )
            print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        events[size] = event
    return events


def pages(
    targets: dict[str, Any], places: dict[int, Any], page_size: int, attendees: dict[int, Any] | None = None
) -> list[Page]:
    """The pages of issue 15's table, in its order."""
    lab = targets["lab"].slug
    process = targets["process"].pk
    sizes = sorted(places)
    rows = [
        Page("event page", f"/events/{targets['event'].pk}/", "anonymous"),
        Page("method page", "/methods/world-cafe/", "anonymous"),
        Page("challenge page", f"/challenges/{targets['challenge'].pk}/", "anonymous"),
    ]
    for index, size in enumerate(sizes):
        url = f"/ideas/challenge/{places[size].pk}/"
        rows.append(Page(f"idea list, {size:,} ideas, page 1", url, "anonymous"))
        pages_in_list = max(1, math.ceil(size / page_size))
        if index == len(sizes) - 1 and pages_in_list > 1:
            rows.append(Page(f"idea list, {size:,} ideas, last page", f"{url}?page=last", "anonymous"))
        elif index > 0 and pages_in_list > 1:
            deep = min(300, pages_in_list)
            rows.append(
                Page(
                    f"idea list, {size:,} ideas, page {deep}",
                    f"{url}?after={deep_cursor(places[size], deep, page_size)}",
                    "anonymous",
                )
            )
    rows += [
        Page("idea detail", f"/ideas/{targets['idea'].pk}/", "anonymous"),
        Page("process page", f"/processes/{process}/", "anonymous"),
        Page("lab page", f"/labs/{lab}/", "anonymous"),
        Page("home", "/", "anonymous"),
        Page("method search with two facets", "/methods/?phase=proposals&people=25", "anonymous"),
        Page('"what became of it" of a lab', f"/continuation/lab/{lab}/", "anonymous"),
        Page("impact dashboard of a lab", f"/impact/lab/{lab}/", "anonymous"),
    ]
    # The same pages as the lab's manager: rendered for them every time (no kept pages).
    first_list = f"/ideas/challenge/{places[sizes[0]].pk}/"
    managed = [row for row in rows if not row.label.startswith("idea list")]
    managed.insert(3, Page(f"idea list, {sizes[0]:,} ideas, page 1", first_list, "lab manager"))
    # The attendee list of a small and of a very large event (flat in the size: issue 15).
    result = rows + [Page(row.label, row.path, "lab manager") for row in managed]
    # The attendee list of a small and of a very large event: measured for its flatness (issue 15).
    events = sorted((attendees or {}).items())
    for index, (size, event) in enumerate(events):
        url = f"/events/{event.pk}/attendees/"
        first = f"attendee list, {events[0][0]:,} registrations, page 1"
        label = f"attendee list, {size:,} registrations, page 1"
        result.append(Page(label, url, "lab manager", flat_of=first))
        if index == len(events) - 1 and index > 0:
            last = f"attendee list, {size:,} registrations, last page"
            result.append(Page(last, f"{url}?page=last", "lab manager", flat_of=first))
    return result


def history_pages(small: Any, large: Any) -> list[Page]:
    """The lists of a lab with a short and of one with a long history (bench/history.py): the past
    events (as the manager of another lab, so never a kept page) and the room and lab week calendars."""
    first = f"past events of a lab, {small.past_events:,} events, page 1"
    rows = [Page(first, f"/events/?lab={small.lab.slug}&past=on", "lab manager", flat_of=first)]
    for suffix, query in (("page 1", ""), ("last page", "&page=last")):
        label = f"past events of a lab, {large.past_events:,} events, {suffix}"
        rows.append(Page(label, f"/events/?lab={large.lab.slug}&past=on{query}", "lab manager", flat_of=first))
    room, week = (
        f"room calendar, {small.room_bookings:,} bookings, this week",
        f"lab week calendar, {small.lab_bookings:,} bookings, this week",
    )
    return [
        *rows,
        Page(room, f"/rooms/{small.room.pk}/", "anonymous", flat_of=room),
        Page(
            f"room calendar, {large.room_bookings:,} bookings, this week",
            f"/rooms/{large.room.pk}/",
            "anonymous",
            flat_of=room,
        ),
        Page(week, f"/rooms/lab/{small.lab.slug}/week/", "anonymous", flat_of=week),
        Page(
            f"lab week calendar, {large.lab_bookings:,} bookings, this week",
            f"/rooms/lab/{large.lab.slug}/week/",
            "anonymous",
            flat_of=week,
        ),
    ]


def deep_cursor(place: Any, page: int, page_size: int) -> str:
    """The cursor of "Next page" on page ``page - 1`` of the newest-first list: what a reader who
    clicked that far would ask for."""
    from kosilab.cocreation.models import Idea
    from kosilab.core.pagination import encode_cursor

    ordering = ("-created_at", "-id")
    boundary = Idea.objects.filter(challenge=place, deleted=False).order_by(*ordering)[(page - 1) * page_size - 1]
    return encode_cursor(boundary, ("created_at", "id"))


# --- Server and load -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={GUNICORN_WORKERS}",
        "--worker-class=sync",
        "--timeout=120",
        "--log-level=warning",
        f"--error-logfile={log}",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command, our own server
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn did not start:\n{tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn: graceful shutdown of the workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def headers_for(cookie: str | None) -> dict[str, str]:
    headers = dict(PROXY_HEADERS)
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    return headers


def plain_get(port: int, path: str, headers: dict[str, str]) -> tuple[int, int, str]:
    """One request, no redirect followed: status, body size and the Location header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body), response.getheader("Location") or ""
    finally:
        conn.close()


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match:
            return match.group(1)
        if default is None:
            raise ValueError(f"wrk output without {pattern!r}:\n{output}")
        return default

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        rps=float(number(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(number(r"^\s+50%\s+(\S+)")),
        p99_ms=_ms(number(r"^\s+99%\s+(\S+)")),
        requests=int(number(r"^\s+(\d+) requests in")),
        non_2xx=int(number(r"Non-2xx or 3xx responses: (\d+)", "0")),
        errors=sum(int(value) for value in errors.groups()) if errors else 0,
    )


def settle(port: int, *, quick_ms: float = 50.0, limit_s: float = 120.0) -> None:
    """Wait until the server has worked off what the last wrk run left queued (a slow page keeps both
    workers busy for seconds after wrk stops): two reference requests in a row answer within ``quick_ms``."""
    deadline = time.monotonic() + limit_s
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            plain_get(port, REFERENCE_PATH, headers_for(None))
        except OSError:
            time.sleep(0.5)
            continue
        quick = quick + 1 if (time.perf_counter() - started) * 1000 < quick_ms else 0
        time.sleep(0.2)


def wrk(port: int, path: str, headers: dict[str, str], seconds: int, script: Path | None = None) -> WrkResult:
    command = [
        "wrk",
        *(["-s", str(script)] if script else []),
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


# --- Report --------------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    lines = [
        "| page | role | rps | reference rps | ratio | p50 ms | p99 ms | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in rows:
        verdict = "ok" if row.within_target else "missed"
        for name, measured in (("page", row.result), ("reference", row.reference)):
            if not measured.clean:
                verdict = f"**{name}: {measured.non_2xx} non-2xx, {measured.errors} socket errors**"
        if row.written is not None and row.written < row.result.requests:
            verdict = f"**{row.written} of {row.result.requests} answers wrote**"
        if row.page.flat_of is not None:
            target = f"within {FLAT_FACTOR}× of {row.page.flat_of}"
        else:
            target = f"≥ {row.page.target:.2f}"
        lines.append(
            f"| {row.page.label} `{row.page.path}` | {row.page.role} | {row.result.rps:.1f} | "
            f"{row.reference.rps:.0f} | {row.ratio:.4f} | {row.result.p50_ms:.1f} | {row.result.p99_ms:.1f} | "
            f"{target} {verdict} |"
        )
    return "\n".join(lines)


def machine_line(command: str, load_before: str, seconds: int) -> str:
    from django.db import connection

    connection.ensure_connection()
    version = connection.pg_version  # type: ignore[attr-defined]
    from importlib.metadata import version as package_version

    import django

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    wrk_name = (wrk_version.stdout or wrk_version.stderr).split(" [")[0].strip() or "wrk"
    load_after = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"Measured {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC with `{command}`: "
        f"{os.cpu_count()} CPUs ({platform.machine()}, {platform.processor() or platform.system()}), "
        f"load average (1 / 5 / 15 min) {load_before} before and {load_after} after, "
        f"PostgreSQL {version // 10000}.{version % 10000}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, gunicorn {package_version('gunicorn')} ({GUNICORN_WORKERS} sync workers), "
        f"{wrk_name} (-t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{seconds}s), production profile, DEBUG off. "
        "Each page is measured right after the bare reference; ratio = page rps / reference rps."
    )


# --- Main ----------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (Debian: apt-get install wrk).")
    url = database_url()
    create_database(url)
    var_dir = tempfile.mkdtemp(prefix="kosilab-throughput-")
    secret_key = secrets.token_urlsafe(50)
    setup_django(url, var_dir, secret_key)

    from django.conf import settings
    from django.core.management import call_command

    from bench.pages import pick_targets

    server: subprocess.Popen[bytes] | None = None

    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        print("Preparing the database …", file=sys.stderr)
        call_command("migrate", verbosity=0, interactive=False)
        from kosilab.labs.models import Lab

        seeded = Lab.objects.filter(slug__startswith="scale-lab-").exists()
        if seeded and not args.no_seed:
            print("The database already holds seed_scale data: reusing it (drop it for a fresh seed).", file=sys.stderr)
        if not seeded and not args.no_seed:
            started = time.perf_counter()
            call_command("seed_scale", scale=args.scale, seed=args.seed, stdout=sys.stderr)
            print(f"seed_scale took {time.perf_counter() - started:.1f} s", file=sys.stderr)
        targets = pick_targets()
        places = idea_places(args.idea_sizes, exclude_lab_id=targets["lab"].pk)
        attendees = attendee_events(targets["lab"])
        from bench.history import histories

        history = histories(exclude_lab_id=targets["lab"].pk)
        from kosilab.core.tests.live import session_cookie  # as allauth's log-in leaves a session

        cookie = session_cookie(targets["manager"])
        listed = pages(targets, places, settings.KOSILAB_PAGE_SIZE, attendees) + history_pages(*history)
        selected = [p for p in listed if args.only in p.label]
        from bench.writes import prepare as prepare_writes

        writes = [
            write
            for write in prepare_writes(targets, places[min(places)], Path(var_dir), WRK_THREADS)
            if args.only in write.label
        ]
        from django.db import connection, connections

        # Fresh statistics and no dead rows (the write rows' places were just emptied), as autovacuum
        # keeps them in production, and the preparation's writes on disk: otherwise a run measures how
        # far autovacuum and the next checkpoint have got.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        connections.close_all()

        env = server_environment(url, var_dir, secret_key, args)
        if args.redis:  # the bench's own Redis database: no kept pages or rate-limit counts of a run before
            import redis

            redis.Redis.from_url(args.redis).flushdb()
        print("Preparing the release (manage.py release: migrate, collectstatic, method library) …", file=sys.stderr)
        release = subprocess.run(
            [sys.executable, "manage.py", "release", "--verbosity=0"], cwd=ROOT, env=env, check=False
        )
        if release.returncode != 0:
            raise SystemExit("manage.py release failed in the production profile.")
        port = free_port()
        log = Path(var_dir) / "gunicorn.log"
        server = start_gunicorn(env, port, log)

        # Every page answers 200 to a plain request first (wrk counts a redirect as a success).
        failures = []
        for page in [Page("bare reference", REFERENCE_PATH, "anonymous"), *selected]:
            headers = headers_for(cookie if page.role == "lab manager" else None)
            for _ in range(GUNICORN_WORKERS):  # warms up both workers
                status, size, location = plain_get(port, page.path, headers)
            if status != 200:
                failures.append(f"{page.label} ({page.role}) {page.path}: HTTP {status} {location}")
            else:
                print(f"  {page.path} ({page.role}): 200, {size / 1024:.0f} KB", file=sys.stderr)
        if failures:
            raise SystemExit("Pages that do not answer 200:\n" + "\n".join(failures) + f"\n{tail(log)}")

        load_before = " / ".join(f"{value:.2f}" for value in os.getloadavg())
        if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
            print(
                f"Note: load average {load_before} on {os.cpu_count()} CPUs; other work on the machine lowers "
                "the ratios of the database-bound pages.",
                file=sys.stderr,
            )
        rows: list[Row] = []
        for page in selected:
            print(f"Measuring {page.label} ({page.role}) …", file=sys.stderr)
            settle(port)
            reference = wrk(port, REFERENCE_PATH, headers_for(None), args.seconds)
            settle(port)
            result = wrk(port, page.path, headers_for(cookie if page.role == "lab manager" else None), args.seconds)
            base = next((row.result for row in rows if row.page.label == page.flat_of), result)
            rows.append(Row(page, result, reference, base=base if page.flat_of else None))
        for write in writes:
            print(f"Measuring {write.label} ({write.role}) …", file=sys.stderr)
            settle(port)
            reference = wrk(port, REFERENCE_PATH, headers_for(None), args.seconds)
            settle(port)
            before = write.written()
            result = wrk(port, write.path, {}, args.seconds, script=write.script)
            settle(port)
            page = Page(write.label, write.path, write.role, write=True)
            rows.append(Row(page, result, reference, write.written() - before))

        command = shlex.join([".venv/bin/python", "bench/throughput.py", *sys.argv[1:]])
        print(machine_line(command, load_before, args.seconds))
        print(
            f"Lab `{targets['lab'].slug}`, manager {targets['manager'].email}; idea lists: "
            + ", ".join(f"{size:,} ideas on challenge {place.pk}" for size, place in places.items())
            + ".\n"
        )
        print(table(rows))
        unclean = [
            row
            for row in rows
            if not row.result.clean
            or not row.reference.clean
            or (row.written is not None and row.written < row.result.requests)
        ]
        if unclean:
            print(f"\n{len(unclean)} rows had non-2xx answers or socket errors.\n{tail(log)}", file=sys.stderr)
        missed = [row for row in rows if not row.within_target]
        print(f"\n{len(missed)} of {len(rows)} pages below their target ratio.", file=sys.stderr)
        exit_code = 1 if unclean or (args.strict and missed) else 0
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        exit_code = 130
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(var_dir, ignore_errors=True)
    sys.exit(exit_code)


if __name__ == "__main__":
    main()
