"""The write rows of bench/throughput.py: posting an idea and registering for an event under load.

Each request is a real write by a different person (a logged-in session each, as allauth's log-in
leaves it), through the CSRF check and the rate limits of the production profile. A wrk Lua script
turns the people round: 8 connections share ``PEOPLE`` sessions, so nobody comes near the limit of
10 ideas or registrations an hour. After each run the rows are counted: a row reports how many of
wrk's answers wrote something (an idea, a registration); anything else is marked in the table.

The places are the bench's own, so that the pages measured keep their size: an open challenge
"Throughput benchmark: new ideas" (a copy of the 100-idea place) and an event "Throughput benchmark:
registrations" (a copy of the measured event with a million seats, so every registration confirms).
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

PEOPLE = 1500  # sessions the scripts turn round
WRITE_CHALLENGE_TITLE = "Throughput benchmark: new ideas"
WRITE_EVENT_TITLE = "Throughput benchmark: registrations"

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
  local body = string.format("%(body)s", tid, counter)
  return wrk.format("POST", "%(path)s", headers, body)
end
"""


@dataclass(frozen=True)
class Write:
    label: str
    path: str
    script: Path
    written: Callable[[], int]  # rows of this kind in the database now


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


def prepare(targets: dict[str, Any], idea_place: Any, directory: Path, threads: int) -> list[Write]:
    """The places and sessions of the write rows, and their Lua scripts in ``directory``."""
    from django.utils import timezone

    from kosilab.accounts.models import User
    from kosilab.accounts.scale import EMAIL_DOMAIN
    from kosilab.challenges.models import Challenge
    from kosilab.cocreation.models import Idea
    from kosilab.core.tests.live import session_cookie
    from kosilab.events.models import Event, Registration

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
    return [
        Write(
            "post an idea",
            idea_path,
            _script(
                directory,
                "idea",
                idea_path,
                "title=Bench-Idee+%%d-%%d&text=Eine+Idee+aus+dem+Lasttest.",
                sessions,
                csrf,
                threads,
            ),
            lambda: Idea.objects.filter(challenge=challenge).count(),
        ),
        Write(
            "register for an event",
            register_path,
            _script(directory, "register", register_path, "x=%%d-%%d", sessions, csrf, threads),
            lambda: Registration.objects.filter(event=event).count(),
        ),
    ]
