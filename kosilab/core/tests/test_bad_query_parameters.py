"""Bad query parameters get a clear answer, never a server error.

Every list and search page, and every other page that reads ``request.GET``, is sent each parameter
it reads (plus ``q`` and ``page``) with hostile values: a NUL character (PostgreSQL refuses it in a
string), 10,000 characters, invalid UTF-8, negative and huge numbers, the parameter twice and in
PHP's array notation, and impossible dates and weeks. The answer must be a normal page or a 4xx.
``test_every_page_that_reads_the_query_string_is_fuzzed`` fails when a new view reads the query
string and is not in ``PAGES``.
"""

from __future__ import annotations

import inspect
import re
import sys
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kosilab.actors.models import Organisation
from kosilab.cocreation.tests.factories import idea
from kosilab.core.tests.factories import ChallengeFactory, ProcessFactory
from kosilab.core.tests.matrix import base_world
from kosilab.events.tests.factories import EventFactory, register
from kosilab.planning.tests.factories import SessionFactory
from kosilab.rooms.tests.factories import RoomFactory

# url name, url template (filled from the world), the parameters the page reads besides q and page.
PAGES = [
    ("site:home", "/", []),
    ("account_signup", "/accounts/signup/", ["email"]),  # the address an invitation suggests
    ("core:accessibility", "/accessibility/", []),
    ("labs:list", "/labs/", []),
    ("labs:team", "/labs/home/team/", []),
    ("labs:team_remove", "/labs/home/team/1/remove/", []),  # POST only: every GET is refused
    (
        "labs:audit_log",
        "/labs/home/audit/",
        ["action", "object_type", "object_id", "person", "actor", "since", "until"],
    ),
    ("challenges:list", "/challenges/", ["lab", "status", "sector"]),
    ("processes:list", "/processes/", ["lab", "status"]),
    ("processes:create", "/processes/new/home/", ["challenge"]),
    ("actors:organisation_list", "/actors/organisations/", ["sector"]),
    ("actors:organisation_detail", "/actors/organisations/{organisation}/", []),
    ("actors:person_list", "/actors/people/", ["sector"]),
    ("events:list", "/events/", ["kind", "lab", "date_from", "date_to", "free", "past"]),
    ("events:mine", "/events/mine/", []),
    ("events:attendees", "/events/{event}/attendees/", ["status", "after", "before"]),
    ("events:certificates", "/events/{event}/certificates.pdf", ["lang"]),
    ("events:certificate_staff", "/events/{event}/attendees/{registration}/certificate.pdf", ["lang"]),
    ("events:certificate", "/events/r/{token}/certificate.pdf", ["lang"]),
    ("methods:list", "/methods/", ["phase", "people", "minutes", "setting", "difficulty", "origin"]),
    ("methods:recommend", "/methods/recommend/", ["phase", "people", "minutes", "setting"]),
    ("methods:for_process", "/methods/for-process/{process}/", ["people", "minutes", "setting"]),
    ("planning:recommendations", "/planning/{session}/recommendations/", ["setting", "participants", "minutes"]),
    ("rooms:lab_week", "/rooms/lab/home/week/", ["week"]),
    ("rooms:room_detail", "/rooms/{room}/", ["week"]),
    ("rooms:lab_booking_create", "/rooms/lab/home/book/", ["date", "from", "until"]),
    ("rooms:booking_create", "/rooms/{room}/book/", ["date", "from", "until"]),
    # The idea lists also read the keyset cursors (kosilab/core/pagination.py).
    ("cocreation:challenge_ideas", "/ideas/challenge/{challenge}/", ["sort", "after", "before"]),
    ("cocreation:phase_ideas", "/ideas/phase/{phase}/", ["sort", "after", "before"]),
    ("cocreation:detail", "/ideas/{idea}/", ["after", "before"]),  # its comments, a page at a time
    ("continuation:lab", "/continuation/lab/home/", []),
    ("impact:lab", "/impact/lab/home/", []),
    ("notifications:list", "/notifications/", []),
    ("cocreation:moderation", "/ideas/moderation/home/", []),
    ("playbook:assessments", "/playbook/home/assessments/", []),
    ("knowledge:library", "/knowledge/", ["size", "kind", "country", "decade", "theme", "status", "space"]),
    ("knowledge:world", "/knowledge/world/", ["country", "decade", "theme"]),
    ("knowledge:timeline", "/knowledge/timeline/", ["decade", "status", "term"]),
    ("knowledge:history", "/knowledge/labs/mindlab/history/", []),  # a case study of the data files
    ("knowledge:side_by_side", "/knowledge/compare/home/side-by-side/", ["with"]),
    ("knowledge:side_by_side_pdf", "/knowledge/compare/home/side-by-side.pdf", ["with"]),
    ("knowledge:network", "/knowledge/network/", []),
    ("knowledge:proposals", "/knowledge/proposals/", ["status"]),
    ("cooperation:installation", "/cooperation/", ["start", "end", "kinds", "nodes"]),
    ("cooperation:lab", "/cooperation/lab/home/", ["start", "end", "kinds", "nodes"]),
    # The search across the apps; what its words may hold is in kosilab/search/tests/test_search.py.
    ("search:results", "/search/", ["kind"]),
    # A POST that shows the attendee list again, with the search of the page it came from.
    ("events:check_in_code", "/events/{event}/check-in/", ["status"]),
]
POSTS = {"events:check_in_code": {"code": "NOPE"}}
# Django's own view, not one of ours.
EXEMPT = {"set_language"}

# Raw query strings for a parameter name; %-escapes are sent as they are.
HOSTILE = {
    "nul": "{name}=%00",
    "nul-inside": "{name}=a%00b",
    "nul-name": "{name}%00=1",
    "long": "{name}=" + "x" * 10_000,
    "invalid-utf8": "{name}=%ff%fe%fd",
    "negative": "{name}=-1",
    "huge": "{name}=99999999999999999999",
    "twice": "{name}=a&{name}=b",
    "array": "{name}[]=x&{name}[0]=y",
    "year-1": "{name}=0001-01-01",
    "year-9999": "{name}=9999-12-31",
    "week-1": "{name}=0001-W01",
    "week-9999": "{name}=9999-W52",
}


@pytest.fixture
def world(db):
    base = base_world()
    lab = base["lab"]
    challenge = ChallengeFactory(lab=lab, status="open", contributions_open=True)
    process = ProcessFactory(lab=lab)
    phase = process.current_phase
    phase.contributions_open = True
    phase.save(update_fields=["contributions_open"])
    event = EventFactory(lab=lab)
    registration = register(event)
    return {
        **base,
        "challenge": challenge,
        "process": process,
        "phase": phase,
        "event": event,
        "registration": registration,
        "session": SessionFactory(process=process),
        "room": RoomFactory(lab=lab),
        "idea": idea(challenge),
    }


def _fill(url: str, world: dict) -> str:
    return url.format(
        organisation=world["lab"].host_id,
        event=world["event"].pk,
        registration=world["registration"].pk,
        token=world["registration"].token,
        process=world["process"].pk,
        session=world["session"].pk,
        room=world["room"].pk,
        challenge=world["challenge"].pk,
        phase=world["phase"].pk,
        idea=world["idea"].pk,
    )


@pytest.mark.parametrize("role", ["anonymous", "manager"])
@pytest.mark.parametrize(("name", "url", "params"), [pytest.param(*page, id=page[0]) for page in PAGES])
def test_hostile_query_parameters_never_cause_a_server_error(client, world, role, name, url, params):
    if role != "anonymous":
        client.force_login(world["people"][role])
    client.raise_request_exception = False
    path = _fill(url, world)
    failures = []
    for param in ["q", "page", *params]:
        for kind, template in HOSTILE.items():
            query = template.format(name=quote(param))
            url = f"{path}?{query}"
            response = client.post(url, POSTS[name]) if name in POSTS else client.get(url)
            if response.status_code >= 500:
                failures.append((param, kind, response.status_code))
    assert not failures


def _reads_query_string(source: str, helpers: set[str]) -> bool:
    return "request.GET" in source or "paginate(request" in source or any(f"{h}(request" in source for h in helpers)


def _views_reading_the_query_string() -> set[str]:
    """URL names whose view reads request.GET, directly or through a helper of its module."""
    found: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = inspect.unwrap(pattern.callback)
                module = sys.modules[view.__module__]
                helpers = {
                    n
                    for n, f in vars(module).items()
                    if inspect.isfunction(f)
                    and f.__module__ == module.__name__
                    and "request.GET" in inspect.getsource(f)
                }
                if _reads_query_string(inspect.getsource(view), helpers):
                    found.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return found


def test_every_page_that_reads_the_query_string_is_fuzzed():
    fuzzed = {name for name, _url, _params in PAGES}
    missing = _views_reading_the_query_string() - fuzzed - EXEMPT
    assert not missing, f"Pages that read the query string but are not in PAGES: {sorted(missing)}"


def test_the_parameters_each_page_reads_are_fuzzed():
    """Each name a view reads with request.GET.get("…") is in the page's list."""
    names = {}
    for name, _url, params in PAGES:
        names[name] = {"q", "page", *params}
    for pattern_name, source in _view_sources().items():
        if pattern_name in names:
            read = set(re.findall(r"request\.GET\.get\(\"(\w+)\"", source))
            assert read <= names[pattern_name], (pattern_name, read - names[pattern_name])


def _view_sources() -> dict[str, str]:
    sources: dict[str, str] = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                sources[namespace + pattern.name] = inspect.getsource(inspect.unwrap(pattern.callback))

    walk(get_resolver().url_patterns)
    return sources


# --- NUL: refused in one place, with a page that says what was wrong ------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/actors/organisations/?q=%00",
        "/actors/people/?q=a%00b",
        "/search/?q=Lab%00",
        "/events/?kind=%00",
        "/actors/organisations/?%00=1",
        "/events/r/%00/",
        "/accounts/confirm/a%00b/",
        "/accounts/password/reset/%00/%00/",
    ],
)
def test_a_null_character_in_the_address_is_answered_with_400_and_a_clear_page(client, world, url):
    client.cookies["django_language"] = "en"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Invalid request</h1>" in page
    assert "contains a character that no page of this site uses" in page


def test_a_null_character_in_a_form_field_gets_a_message_and_changes_nothing(client, world):
    client.force_login(world["people"]["manager"])
    client.cookies["django_language"] = "en"
    before = Organisation.objects.count()
    response = client.post(
        "/actors/organisations/new/", {"name": "Verein\x00", "sector": "civil_society"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("url", "data"),
    [
        # Values that views read from the form data directly (not through a form).
        ("/notifications/follow/challenge/{challenge}/", {"next": "/a\x00b/"}),
        ("/ideas/open/challenge/{challenge}/", {"open": "1\x00"}),
        ("/events/{event}/attendees/{registration}/check-in/", {"next_query": "q=\x00"}),
        ("/playbook/home/goal_definition/", {"section": "\x00"}),
    ],
)
@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_null_character_in_form_data_that_views_read_directly_does_no_harm(client, world, url, data, encoding):
    """Only compared, or percent-encoded into the address of a redirect (never a raw NUL in a header)."""
    client.force_login(world["people"]["manager"])
    if encoding == "urlencoded":
        response = client.post(_fill(url, world), urlencode(data), content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(_fill(url, world), data)
    assert response.status_code < 500
    assert "\x00" not in response.get("Location", "")
    if response.status_code == 302 and "%00" in response["Location"]:
        assert client.get(response["Location"]).status_code == 400


def test_a_file_upload_may_contain_null_bytes(client, world):
    """Multipart bodies are left to their forms: a file may hold any byte."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kosilab.results.tests.factories import PDF, make_result

    result = make_result(world["process"])
    client.force_login(world["people"]["manager"])
    upload = SimpleUploadedFile("report.pdf", PDF + b"\0" * 10, content_type="application/pdf")
    response = client.post(f"/results/{result.pk}/files/new/", {"file": upload})
    assert response.status_code == 302
    assert result.files.count() == 1
