"""The write rows of bench/throughput.py: posting an idea, registering for an event and booking a
room under load.

Each request is a real write, through the CSRF check and the rate limits of the production profile.
Ideas and registrations are each written by a different person (a logged-in session each, as
allauth's log-in leaves it): a wrk Lua script turns the people round, 8 connections share ``PEOPLE``
sessions, so nobody comes near the limit of 10 ideas or registrations an hour. Rooms are booked by
the lab's manager (only the lab's staff book), each request another quarter of an hour, so that
every booking fits and all 8 connections wait for the same room's lock, as the guarantee of no
double booking asks. After each run the rows are counted: a row reports how many of wrk's answers
wrote something (an idea, a registration, a booking); anything else is marked in the table.

The places are the bench's own, so that the pages measured keep their size: an open challenge
"Throughput benchmark: new ideas" (a copy of the 100-idea place), an event "Throughput benchmark:
registrations" (a copy of the measured event with a million seats, so every registration confirms)
and a room "Throughput benchmark: room" of the measured lab (open 08:00 to 20:00 every day).
"""

from __future__ import annotations

import datetime
import secrets
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PEOPLE = 4000  # sessions the scripts turn round: more than one run of 10 s writes at 400 requests/s
WRITE_CHALLENGE_TITLE = "Throughput benchmark: new ideas"
WRITE_EVENT_TITLE = "Throughput benchmark: registrations"
WRITE_ROOM_NAME = "Throughput benchmark: room"
BOOKING_SLOTS_PER_DAY = 48  # quarter hours from 08:00 to 20:00
BOOKING_FIRST_DAY = 30  # days from today: far from "now", near enough for every date check

LUA = """-- Written by bench/writes.py: one POST per request, each by the next person.
local sessions = {%(sessions)s}
local csrf = "%(csrf)s"
local origin_prefix = "https://"
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
function request()
  counter = counter + 1
  local n = counter * %(threads)d + tid
  local session = sessions[(n %% #sessions) + 1]
  local headers = {}
  headers["Cookie"] = "csrftoken=" .. csrf .. "; sessionid=" .. session
  headers["X-CSRFToken"] = csrf
  headers["X-Forwarded-Proto"] = "https"
  headers["Origin"] = origin_prefix .. wrk.headers["Host"]
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Accept-Language"] = "de"
  return wrk.format("POST", "%(path)s", headers, %(body)s)
end
"""


@dataclass(frozen=True)
class Write:
    label: str
    path: str
    script: Path
    written: Callable[[], int]  # rows of this kind in the database now
    role: str = "participants"  # who writes: each request another person, or the lab manager


def _csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def _script(directory: Path, name: str, path: str, body: str, sessions: list[str], csrf: str, threads: int) -> Path:
    script = directory / f"{name}.lua"
    quoted = ", ".join(f'"{key}"' for key in sessions)
    script.write_text(
        LUA % {"sessions": quoted, "csrf": csrf, "path": path, "body": body, "threads": threads}, encoding="utf-8"
    )
    return script


# The Lua expression of a booking's form: the n-th quarter hour from 08:00, BOOKING_FIRST_DAY days
# ahead (``first_day``: seconds since 1970 of that day's UTC midnight; only its date is used).
BOOKING_BODY = (
    'string.format("purpose=Lasttest&date=%%s&starts_at=%%02d:%%02d&ends_at=%%02d:%%02d", '
    'os.date("!%%Y-%%m-%%d", %(first_day)d + math.floor(n / %(slots)d) * 86400), '
    "8 + math.floor((n %% %(slots)d) / 4), (n %% 4) * 15, "
    "8 + math.floor((n %% %(slots)d + 1) / 4), ((n + 1) %% 4) * 15)"
)


def _bench_room(lab: Any) -> Any:
    """The bench's room in ``lab``, open every day from 08:00 to 20:00, without bookings."""
    from kosilab.rooms.models import Booking, Room

    room = Room.objects.filter(lab=lab, name=WRITE_ROOM_NAME).order_by("pk").first()
    if room is None:
        room = Room.objects.create(
            lab=lab, name=WRITE_ROOM_NAME, capacity=20, location="Lasttest", open_on_weekends=True
        )
    Room.objects.filter(pk=room.pk).update(
        is_active=True, open_on_weekends=True, opens_at=datetime.time(8), closes_at=datetime.time(20)
    )
    Booking.objects.filter(room=room).delete()  # earlier runs' bookings (the audit log keeps them)
    return room


def prepare(targets: dict[str, Any], idea_place: Any, directory: Path, threads: int) -> list[Write]:
    """The places and sessions of the write rows, and their Lua scripts in ``directory``."""
    from django.utils import timezone

    from kosilab.accounts.models import User
    from kosilab.accounts.scale import EMAIL_DOMAIN
    from kosilab.challenges.models import Challenge
    from kosilab.cocreation.models import Idea
    from kosilab.core.tests.live import session_cookie
    from kosilab.events.models import Event, Registration
    from kosilab.rooms.models import Booking, BookingStatus

    challenge = Challenge.objects.filter(title=WRITE_CHALLENGE_TITLE).order_by("pk").first()
    if challenge is None:
        challenge = Challenge.objects.get(pk=idea_place.pk)
        challenge.pk = None
        challenge.title = WRITE_CHALLENGE_TITLE
        challenge.save()
    event = Event.objects.filter(title=WRITE_EVENT_TITLE).order_by("pk").first()
    if event is None:
        event = Event.objects.get(pk=targets["event"].pk)
        event.pk = None
        event.uid = uuid.uuid4()
        event.title = WRITE_EVENT_TITLE
        event.capacity = 1_000_000
        event.seats_taken = 0
        event.save()
    # Earlier runs registered people already: start from nobody, four weeks ahead whenever it runs.
    Registration.objects.filter(event=event).delete()
    starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=28)
    Event.objects.filter(pk=event.pk).update(
        seats_taken=0,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        registration_closes_at=None,
    )

    people = list(
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_active=True)
        .exclude(pk=targets["manager"].pk)
        .order_by("pk")[:PEOPLE]
    )
    sessions = [session_cookie(person) for person in people]
    csrf = _csrf_secret()
    idea_path = f"/ideas/challenge/{challenge.pk}/new/"
    register_path = f"/events/{event.pk}/register/"
    room = _bench_room(targets["lab"])
    booking_path = f"/rooms/{room.pk}/book/"
    first_day = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=BOOKING_FIRST_DAY), datetime.time(), tzinfo=datetime.UTC
    )
    booking_body = BOOKING_BODY % {"first_day": int(first_day.timestamp()), "slots": BOOKING_SLOTS_PER_DAY}
    return [
        Write(
            "post an idea",
            idea_path,
            _script(
                directory,
                "idea",
                idea_path,
                'string.format("title=Bench-Idee+%d-%d&text=Eine+Idee+aus+dem+Lasttest.", tid, counter)',
                sessions,
                csrf,
                threads,
            ),
            lambda: Idea.objects.filter(challenge=challenge).count(),
        ),
        Write(
            "register for an event",
            register_path,
            _script(directory, "register", register_path, '"x=" .. n', sessions, csrf, threads),
            lambda: Registration.objects.filter(event=event).count(),
        ),
        Write(
            "book a room",
            booking_path,
            _script(
                directory, "booking", booking_path, booking_body, [session_cookie(targets["manager"])], csrf, threads
            ),
            lambda: Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count(),
            role="lab manager",
        ),
    ]
