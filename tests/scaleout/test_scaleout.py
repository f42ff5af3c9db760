"""Several app servers, proven: nginx in front of two gunicorn servers on one PostgreSQL database and
one Redis, with two RQ workers (``stack.py`` starts them; docs/operations.md "Several app servers,
proven"). Every request goes through the balancer; the test process writes its data through the
app's factories and services straight into the shared database and reads the outcome from there.

Runs only on PostgreSQL (``DATABASE_URL=postgres://…``; the run's own database is made beside the
one named there). Without PostgreSQL, nginx or Redis it is skipped with the reason, and with
``KOSILAB_REQUIRE_SCALEOUT=1`` (as in CI) it fails instead. ``make test-scaleout`` runs it; the
normal ``make test`` leaves it out (root conftest.py), because it needs the machine for itself.
"""

from __future__ import annotations

import email
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connections
from django.test import override_settings

from kosilab.accounts.models import User
from kosilab.core.models import OutboxMail
from kosilab.core.tests.factories import PASSWORD, LabFactory, UserFactory
from kosilab.core.tests.live import session_cookie
from kosilab.core.tests.upload_faults import png_upload
from kosilab.events.models import Registration, RegistrationStatus
from kosilab.events.tests.factories import EventFactory
from kosilab.labs.models import LabRole
from kosilab.labs.services import lab_team_set
from kosilab.rooms.models import Booking, Room
from kosilab.rooms.tests.factories import RoomFactory, next_monday
from tests.scaleout.stack import NGINX, REDIS_CACHE_DB, REDIS_QUEUE_DB, SECRET_KEY, Browser, Reply, Stack, request

pytestmark = pytest.mark.scaleout

# Users whose requests go through the balancer; their mails are counted in the mail test.
DOMAIN = "through.example"
S = RegistrationStatus


def _unavailable(reason: str) -> None:
    message = f"SCALE-OUT TEST DID NOT RUN: {reason}"
    if os.environ.get("KOSILAB_REQUIRE_SCALEOUT") == "1":
        pytest.fail(f"{message}. KOSILAB_REQUIRE_SCALEOUT=1 requires it to run.", pytrace=False)
    pytest.skip(message)


def _prerequisites() -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        _unavailable(
            "DATABASE_URL does not name a PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/kosilab)"
        )
    if not (os.path.isfile(NGINX) and os.access(NGINX, os.X_OK)):
        _unavailable(f"nginx was not found at {NGINX} (apt-get install nginx, or set KOSILAB_NGINX)")
    try:
        redis.Redis(db=REDIS_CACHE_DB, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable(f"Redis at 127.0.0.1:6379 does not answer ({error})")
    return database_url


@pytest.fixture(scope="module")
def s3() -> Iterator[tuple[dict[str, str], object]]:
    """moto's S3 server on a free port with an empty bucket: the uploads' object storage of every
    process (``KOSILAB_S3_*``), and a boto3 client to read the bucket itself."""
    try:
        import boto3

        from kosilab.core.tests.s3 import start_s3_server
    except ImportError as error:
        _unavailable(f"{error.name} is not installed (make install-dev)")
    server = start_s3_server()
    try:
        host, port = server.get_host_and_port()
        env = {
            "KOSILAB_S3_BUCKET": "kosilab-scaleout",
            "KOSILAB_S3_ENDPOINT_URL": f"http://{host}:{port}",
            "KOSILAB_S3_REGION": "eu-central-1",
            "KOSILAB_S3_ACCESS_KEY_ID": "scaleout-key",
            "KOSILAB_S3_SECRET_ACCESS_KEY": "scaleout-secret",
        }
        client = boto3.client(
            "s3",
            endpoint_url=env["KOSILAB_S3_ENDPOINT_URL"],
            region_name=env["KOSILAB_S3_REGION"],
            aws_access_key_id=env["KOSILAB_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=env["KOSILAB_S3_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(
            Bucket=env["KOSILAB_S3_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        yield env, client
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stack(django_db_blocker, s3) -> Iterator[Stack]:
    """The whole installation, for the module; stopped and its database dropped even on failure.

    The test process reads and writes the stack's database (its default connection is pointed
    there) with the stack's secret key, so that the sessions it makes are valid on the servers."""
    stack = Stack(_prerequisites(), extra_env=s3[0])
    connection = connections["default"]
    name = connection.settings_dict["NAME"]
    try:
        try:
            stack.start()
        except Exception:
            for process in [*stack.servers, *stack.workers]:
                print(f"--- {process.name}\n{process.tail()}")
            raise
        print(
            f"\nscale-out stack: release {stack.timings['release']:.1f} s, all up after {stack.timings['start']:.1f} s"
        )
        with django_db_blocker.unblock(), override_settings(SECRET_KEY=SECRET_KEY):
            connection.close()
            connection.settings_dict["NAME"] = stack.name
            try:
                yield stack
            finally:
                connection.close()
                connection.settings_dict["NAME"] = name
    finally:
        stack.close()


# --- Helpers ---------------------------------------------------------------------------------


def _people(n: int, prefix: str) -> list[User]:
    password = make_password(None)  # unusable: these people come with a session cookie
    User.objects.bulk_create(
        User(email=f"{prefix}{i}@{DOMAIN}", name=f"{prefix} {i}", password=password, language="en") for i in range(n)
    )
    return list(User.objects.filter(email__startswith=prefix, email__endswith=DOMAIN).order_by("id"))


def _fire(stack: Stack, path: str, bodies: list[dict], cookies: list[str | None], workers: int = 50) -> list[Reply]:
    def one(i: int) -> Reply:
        jar = {"sessionid": cookies[i]} if cookies[i] else {}
        return request(stack.url, "POST", path, body=bodies[i], cookies=jar)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(len(bodies))))


def _served_by(stack: Stack, replies: list[Reply]) -> Counter[str]:
    return Counter(stack.server_named(r.upstream) for r in replies)


def _failures(replies: list[Reply]) -> list[tuple[int, str]]:
    return [(r.status, r.text[:200]) for r in replies if r.status >= 500 or r.status == 0]


class Load:
    """``clients`` threads calling ``action(client, i)`` until stopped; every reply is kept."""

    def __init__(self, clients: int, action: Callable[[int, int], Reply | None]) -> None:
        self.replies: list[tuple[int, Reply]] = []  # (client, reply)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._action = action
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(clients)]

    def _run(self, client: int) -> None:
        i = 0
        while not self._stop.is_set():
            reply = self._action(client, i)
            if reply is None:
                return
            with self._lock:
                self.replies.append((client, reply))
            i += 1

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)


class Pool:
    """People with sessions, handed out one per write (each registers once)."""

    def __init__(self, people: list[User]) -> None:
        self._items = [(person, session_cookie(person)) for person in people]
        self._lock = threading.Lock()

    def take(self) -> tuple[User, str] | None:
        with self._lock:
            return self._items.pop() if self._items else None

    def left(self) -> int:
        return len(self._items)


def _writer(stack: Stack, event_pk: int, pool: Pool, written: dict[int, Reply]) -> Callable[[int, int], Reply | None]:
    def action(client: int, i: int) -> Reply | None:
        taken = pool.take()
        if taken is None:
            return None
        person, cookie = taken
        reply = request(stack.url, "POST", f"/events/{event_pk}/register/", body={}, cookies={"sessionid": cookie})
        written[person.pk] = reply
        return reply

    return action


def _mail_files(stack: Stack) -> dict[str, Counter[str]]:
    """Message-IDs of the mails in each process's var folder (the file backend: one file per
    connection, messages separated by a line of 79 dashes)."""
    found: dict[str, Counter[str]] = {}
    for folder in sorted(stack.root.iterdir()):
        ids: Counter[str] = Counter()
        for path in (folder / "mail").glob("*.log"):
            for chunk in path.read_text(errors="replace").split("-" * 79):
                if chunk.strip():
                    message_id = email.message_from_string(chunk.strip())["Message-ID"]  # <kosilab.KEY@domain>
                    ids[message_id.strip("<>").split("@")[0].removeprefix("kosilab.")] += 1
        found[folder.name] = ids
    return found


# --- 1. The registration race ----------------------------------------------------------------


def test_200_simultaneous_registrations_for_20_seats_confirm_exactly_20(stack):
    event = EventFactory(capacity=20)
    people = _people(200, "race")
    cookies: list[str | None] = [session_cookie(person) for person in people]

    started = time.monotonic()
    replies = _fire(stack, f"/events/{event.pk}/register/", [{}] * 200, cookies)
    took = time.monotonic() - started

    served = _served_by(stack, replies)
    print(f"200 registrations in {took:.1f} s, served by {dict(served)}")
    assert _failures(replies) == []
    assert {r.status for r in replies} == {302}
    assert served["app-a"] > 0 and served["app-b"] > 0
    event.refresh_from_db()
    assert event.seats_taken == 20
    statuses = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == {S.CONFIRMED: 20, S.WAITING: 180}
    assert Registration.objects.filter(event=event).values("user").distinct().count() == 200


# --- 2. The booking race ---------------------------------------------------------------------


def test_50_simultaneous_overlapping_bookings_give_exactly_one(stack):
    lab = LabFactory(slug="scaleout-bookings", name="Bookings Lab")
    room = RoomFactory(lab=lab, name="Workshop room")
    cookies: list[str | None] = []
    for i in range(5):
        organiser = UserFactory(email=f"organiser{i}-{lab.pk}@setup.example")
        lab_team_set(lab=lab, user=organiser, role=LabRole.MANAGER if i == 0 else LabRole.FACILITATOR, by=None)
        cookies.append(session_cookie(organiser))
    day = next_monday().isoformat()
    # Every request overlaps every other: all contain 11:00-11:30.
    bodies = [
        {"purpose": f"Meeting {i}", "date": day, "starts_at": f"{10 + i % 2}:{(i % 3) * 10:02d}", "ends_at": "11:30"}
        for i in range(50)
    ]

    replies = _fire(stack, f"/rooms/{room.pk}/book/", bodies, [cookies[i % 5] for i in range(50)])

    served = _served_by(stack, replies)
    print(f"50 bookings served by {dict(served)}")
    assert _failures(replies) == []
    statuses = Counter(r.status for r in replies)
    assert statuses == {302: 1, 409: 49}
    assert all("is already booked on" in r.text for r in replies if r.status == 409)
    assert served["app-a"] > 0 and served["app-b"] > 0
    assert Booking.objects.filter(room=room).count() == 1


# --- 3. Sessions and rate limits across both servers -----------------------------------------


def test_a_log_in_holds_on_both_servers(stack):
    person = UserFactory(email=f"traveller@{DOMAIN}", name="Tara Traveller")
    # The servers run the production profile's hashers (the test profile's MD5 is not among them).
    hasher = PBKDF2PasswordHasher()
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save(update_fields=["password"])
    browser = Browser(stack.url)

    assert browser.go("GET", "/accounts/my-data/").status == 302  # not logged in yet: to the log-in
    login = browser.go("POST", "/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert login.status == 302, login.text[:500]
    assert "sessionid" in browser.cookies

    replies = [browser.go("GET", "/accounts/my-data/") for _ in range(20)]
    served = _served_by(stack, replies)
    print(f"20 requests after the log-in served by {dict(served)}")
    assert [r.status for r in replies] == [200] * 20
    assert all(person.email in r.text for r in replies)
    assert served["app-a"] >= 5 and served["app-b"] >= 5

    # Logged out on one server is logged out on both.
    assert browser.go("POST", "/accounts/logout/").status == 302
    after = [browser.go("GET", "/accounts/my-data/") for _ in range(4)]
    assert [r.status for r in after] == [302] * 4
    assert set(_served_by(stack, after)) == {"app-a", "app-b"}


def test_a_rate_limit_counts_the_requests_of_both_servers(stack):
    """The barrier report allows 5 per hour and client address; the client's address is the one
    nginx saw (X-Forwarded-For, ``KOSILAB_TRUSTED_PROXY_COUNT=1``), not nginx's own."""
    body = {"message": "The lift is out of order.", "email": "", "page": "/labs/"}
    replies = [request(stack.url, "POST", "/accessibility/", body=body, source="127.0.0.2") for _ in range(5)]
    assert [r.status for r in replies] == [302] * 5
    assert set(_served_by(stack, replies)) == {"app-a", "app-b"}

    over = [request(stack.url, "POST", "/accessibility/", body=body, source="127.0.0.2") for _ in range(4)]
    assert [r.status for r in over] == [429] * 4
    assert set(_served_by(stack, over)) == {"app-a", "app-b"}  # refused by both servers
    assert all(r.headers.get("retry-after", "").isdigit() for r in over)

    # Another client (address) is counted apart.
    other = request(stack.url, "POST", "/accessibility/", body=body, source="127.0.0.3")
    assert other.status == 302


def test_the_shared_state_lives_in_redis_not_in_a_server(stack):
    """Sessions, rate-limit counters and kept pages in Redis database 7, the task queue in 8."""
    pages = [request(stack.url, "GET", "/labs/") for _ in range(4)]  # anonymous: a kept page
    assert [r.status for r in pages] == [200] * 4
    assert set(_served_by(stack, pages)) == {"app-a", "app-b"}
    person = UserFactory(email=f"keeper@{DOMAIN}")
    assert request(stack.url, "GET", "/accounts/my-data/", cookies={"sessionid": session_cookie(person)}).status == 200
    body = {"message": "The door is heavy.", "email": "", "page": "/"}
    assert request(stack.url, "POST", "/accessibility/", body=body, source="127.0.0.5").status == 302
    cache = stack.redis(REDIS_CACHE_DB)
    keys = [key.decode() for key in cache.scan_iter(count=1000)]
    for part in ("kosilab.sessions.", "rl:", "kosilab:page:"):
        assert any(part in key for key in keys), (part, keys[:20])
    assert next(stack.redis(REDIS_QUEUE_DB).scan_iter(match="rq:*"), None) is not None


# --- 4. An app server stopped under writes ---------------------------------------------------


def _in_flight(reply: Reply, since: float, until: float) -> bool:
    return reply.started < until and reply.ended > since


def _serving(stack: Stack, load: Load, since: float) -> set[str]:
    """The servers that answered requests started after ``since``."""
    return {stack.server_named(r.upstream) for _client, r in list(load.replies) if r.started >= since}


def test_stopping_a_server_under_writes_loses_no_acknowledged_write(stack):
    """8 clients register people while server A is stopped with SIGTERM (and started again), then
    server B is killed with SIGKILL (the whole process group, as a machine dies; started again).
    Neither is taken out of the balancer first: these are unplanned stops (a planned one drains
    first, see the rolling restart).

    What holds: every answered write (302) is in the database; nginx answers every request; once a
    server is gone, nobody gets a 5xx (its connection is refused, and nginx passes the request on to
    the other server, a POST too, since it was never sent). A 502 comes only to a POST that the
    stopping server held at that moment: with SIGKILL the requests it was processing (their write
    may or may not be saved), with SIGTERM those that waited in its listen queue while it finished
    the others (gunicorn's workers keep the listening socket open until they exit; the queued
    connections are then reset, unprocessed). nginx never repeats a POST that a server may have
    processed, so nothing is written twice."""
    event = EventFactory(capacity=5000)
    pool = Pool(_people(1500, "writer"))
    written: dict[int, Reply] = {}
    first, second = stack.servers
    marks: dict[str, float] = {}

    with Load(8, _writer(stack, event.pk, pool, written)) as load:
        time.sleep(3)
        marks["term"] = time.monotonic()
        first.stop(signal.SIGTERM)
        marks["term_gone"] = time.monotonic()
        time.sleep(2)
        marks["first_start"] = time.monotonic()
        first.start()
        first.wait_ready()
        marks["first_back"] = time.monotonic()
        time.sleep(2)
        marks["kill"] = time.monotonic()
        second.stop(signal.SIGKILL)
        marks["kill_gone"] = time.monotonic()
        time.sleep(2)
        second.start()
        second.wait_ready()
        marks["second_back"] = time.monotonic()
        # Not drained, B takes requests as soon as it listens again; its fresh workers answer the
        # first ones only after loading the app. Go on until both have answered newer requests.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _serving(stack, load, marks["second_back"]) != {"app-a", "app-b"}:
            time.sleep(0.5)
    replies = [reply for _client, reply in load.replies]

    statuses = Counter(r.status for r in replies)
    acknowledged = {pk for pk, r in written.items() if r.status == 302}
    saved = set(Registration.objects.filter(event=event).values_list("user_id", flat=True))
    failed = {pk for pk, r in written.items() if r.status != 302}
    in_term = [r for r in replies if r.status >= 500 and _in_flight(r, marks["term"], marks["term_gone"])]
    in_kill = [r for r in replies if r.status >= 500 and _in_flight(r, marks["kill"], marks["kill_gone"])]
    print(
        f"{len(replies)} writes: {dict(statuses)}; SIGTERM: gone after {marks['term_gone'] - marks['term']:.1f} s, "
        f"{len(in_term)} x 5xx; back after {marks['first_back'] - marks['term_gone']:.1f} s; SIGKILL: gone after "
        f"{marks['kill_gone'] - marks['kill']:.1f} s, {len(in_kill)} x 5xx, back after "
        f"{marks['second_back'] - marks['kill_gone']:.1f} s; saved {len(saved)}, of them "
        f"{len(failed & saved)} answered 502; pool left {pool.left()}"
    )
    assert pool.left() > 0, "the pool of people ran out: the load stopped early"
    assert statuses[0] == 0, "a request got no answer from nginx"
    assert acknowledged <= saved, "an acknowledged write is missing"
    assert saved <= set(written), "a write nobody sent"
    # The mail is part of the write: every saved registration has its mail in the outbox (sent by
    # a worker, or, where the server died before queueing it, by the minute timer; see the mail test).
    mailed = set(OutboxMail.objects.filter(to__startswith="writer").values_list("to", flat=True))
    assert set(User.objects.filter(pk__in=saved).values_list("email", flat=True)) == mailed
    assert set(statuses) <= {302, 502}, statuses
    bad = [r for r in replies if r.status >= 500]
    # Only requests the stopping server held at that moment; none once it is gone.
    assert len(bad) == len(in_term) + len(in_kill), [(r.status, r.started - marks["term"]) for r in bad]
    assert not [
        r for r in bad if r.started >= marks["term_gone"] and not _in_flight(r, marks["kill"], marks["kill_gone"])
    ]
    assert not [r for r in bad if r.started >= marks["kill_gone"]]
    # Each from the server that stopped: nginx passed no request to a server that was gone.
    assert {stack.server_named(r.upstream) for r in in_term} <= {"app-a"}, [r.upstream for r in in_term]
    kill_detail = [
        (client, round(r.started - marks["kill"], 2), round(r.ended - marks["kill"], 2))
        for client, r in load.replies
        if r.status >= 500 and _in_flight(r, marks["kill"], marks["kill_gone"])
    ]
    assert {stack.server_named(r.upstream) for r in in_kill} <= {"app-b"}, kill_detail
    print(f"5xx at the kill (client, started, ended; seconds after the SIGKILL): {kill_detail}")
    # While A is gone (and before it starts to listen again) B alone answers.
    gone = [r for r in replies if marks["term_gone"] <= r.started < marks["first_start"]]
    assert gone and {stack.server_named(r.upstream) for r in gone} == {"app-b"}
    assert _serving(stack, load, marks["second_back"]) == {"app-a", "app-b"}, "B does not serve again"


# --- 5. A rolling restart --------------------------------------------------------------------


def test_a_rolling_restart_under_load_costs_no_failed_request(stack):
    event = EventFactory(capacity=5000, title="Rolling")
    pool = Pool(_people(1500, "roller"))
    written: dict[int, Reply] = {}
    write = _writer(stack, event.pk, pool, written)
    reader = UserFactory(email=f"reader@{DOMAIN}")
    reader_cookie = session_cookie(reader)
    pages = [f"/events/{event.pk}/", "/events/", "/labs/", "/health/ready/"]

    def action(client: int, i: int) -> Reply | None:
        if i % 2:
            return write(client, i)
        # Reads, half of them logged in (rendered for the person), half anonymous (kept pages).
        cookies = {"sessionid": reader_cookie} if client % 2 else {}
        return request(stack.url, "GET", pages[(client + i) % len(pages)], cookies=cookies)

    timings = {}
    started = time.monotonic()
    with Load(8, action) as load:
        time.sleep(2)
        for server in stack.servers:
            timings[server.name] = stack.restart(server)
            time.sleep(1)
    duration = time.monotonic() - started
    replies = [reply for _client, reply in load.replies]

    statuses = Counter(r.status for r in replies)
    print(
        f"rolling restart: {len(replies)} requests in {duration:.1f} s, {dict(statuses)}; "
        + ", ".join(
            f"{name}: drained in {t['drained']:.1f} s, stopped in {t['stopped']:.1f} s, ready after "
            f"{t['ready']:.1f} s, warm after {t['warm']:.1f} s more"
            for name, t in timings.items()
        )
    )
    assert pool.left() > 0
    failed = [
        (r.status, stack.server_named(r.upstream), f"{r.started - started:.2f} s", r.text[:120])
        for r in replies
        if r.status not in (200, 302)
    ]
    assert not failed, f"{failed}; phases: {timings}; nginx: {stack.nginx_errors()}"
    acknowledged = {pk for pk, r in written.items() if r.status == 302}
    saved = set(Registration.objects.filter(event=event).values_list("user_id", flat=True))
    assert acknowledged == saved


# --- 6. Two workers send each mail exactly once ----------------------------------------------


def test_two_workers_send_each_mail_exactly_once(stack):
    """Every mail of the writes through the balancer (this test's and the tests' before) is sent,
    each once, by the two workers. That includes the mails of writes that server B committed just
    before it was killed, too late to queue their job: those wait in the outbox until the shipped
    minute timer (``kosilab-periodic@minute``, run here every few seconds as on one machine) queues
    them again a minute after they were due."""
    event = EventFactory(capacity=30, title="Mails")
    people = _people(60, "mail")
    replies = _fire(stack, f"/events/{event.pk}/register/", [{}] * 60, [session_cookie(p) for p in people])
    assert {r.status for r in replies} == {302}

    expected = OutboxMail.objects.filter(to__endswith=f"@{DOMAIN}")
    requeued = 0
    deadline = time.monotonic() + 150
    while expected.exclude(state=OutboxMail.State.SENT).exists() and time.monotonic() < deadline:
        said = stack.periodic("minute")  # "mail_outbox: N mails queued again, …"
        requeued += int(said.split("mail_outbox: ", 1)[1].split(" ", 1)[0])
        time.sleep(3)
    unsent = list(expected.exclude(state=OutboxMail.State.SENT).values_list("to", "state", "last_error"))
    assert unsent == []

    files = _mail_files(stack)
    sent = Counter[str]()
    for ids in files.values():
        sent.update(ids)
    keys = set(expected.values_list("key", flat=True))
    per_worker = {name: sum(ids.values()) for name, ids in files.items() if ids}
    print(f"{len(keys)} mails through the balancer, {requeued} of them queued again by the timer; files: {per_worker}")
    assert keys <= set(sent), f"{len(keys - set(sent))} mails marked sent have no file"
    assert [key for key, count in sent.items() if count > 1] == [], "a mail was sent twice"
    # Sent by the two workers, both at work; none by an app server.
    assert set(per_worker) == {"worker-1", "worker-2"}


# --- 7. Uploads on object storage ------------------------------------------------------------


def test_an_upload_through_one_server_is_downloadable_through_the_other(stack, s3):
    """A room photo sent through the balancer lands in the bucket (no app server's disk) and is
    served by both servers at the platform's address (/media/...)."""
    env, bucket = s3
    lab = LabFactory(slug="scaleout-uploads", name="Uploads Lab")
    manager = UserFactory(email=f"uploader-{lab.pk}@setup.example")
    lab_team_set(lab=lab, user=manager, role=LabRole.MANAGER, by=None)
    photo = png_upload("room.png", "teal").read()
    fields = {
        "name": "Studio",
        "capacity": "10",
        "location": "Top floor",
        "opens_at": "09:00",
        "closes_at": "18:00",
        "photo_description": "A bright room with tables",
        "is_active": "on",
    }

    upload = request(
        stack.url,
        "POST",
        f"/rooms/lab/{lab.slug}/new/",
        body=fields,
        files={"photo": ("room.png", photo, "image/png")},
        cookies={"sessionid": session_cookie(manager)},
    )

    assert upload.status == 302, upload.text[:500]
    room = Room.objects.get(lab=lab)
    stored = bucket.get_object(Bucket=env["KOSILAB_S3_BUCKET"], Key=room.photo.name)["Body"].read()
    downloads = [request(stack.url, "GET", f"/media/{room.photo.name}") for _ in range(4)]
    print(
        f"uploaded through {stack.server_named(upload.upstream)}, downloaded through {dict(_served_by(stack, downloads))}"
    )
    assert [r.status for r in downloads] == [200] * 4
    assert all(r.content == stored for r in downloads)
    assert set(_served_by(stack, downloads)) == {"app-a", "app-b"}
    on_disk = [path for path in stack.root.glob("*/media/**/*") if path.is_file()]
    assert on_disk == []
