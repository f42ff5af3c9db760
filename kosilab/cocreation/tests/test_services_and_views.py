"""Domain rules and pages of co-creation: support, replies, editing window, moderation, uploads,
escaping and redirects."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kosilab.cocreation import services
from kosilab.cocreation.models import Comment, Idea, IdeaStatus, Report, Support
from kosilab.cocreation.tests.factories import comment, idea, open_challenge, open_phase
from kosilab.core.errors import DomainError
from kosilab.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(lab):
    return open_challenge(lab)


def _png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


# --- Services ------------------------------------------------------------------------------------


def test_support_is_idempotent_and_withdrawable(place, participant):
    one = idea(place)
    assert services.idea_support(idea=one, user=participant) is True
    assert services.idea_support(idea=one, user=participant) is False
    one.refresh_from_db()
    assert (one.support_count, Support.objects.count()) == (1, 1)
    assert services.idea_support_withdraw(idea=one, user=participant) is True
    assert services.idea_support_withdraw(idea=one, user=participant) is False
    one.refresh_from_db()
    assert one.support_count == 0


def test_a_reply_to_a_reply_goes_to_the_top_comment(place):
    one = idea(place)
    top = comment(one)
    reply = comment(one, parent=top)
    again = comment(one, parent=reply)
    assert again.parent_id == top.pk
    one.refresh_from_db()
    assert one.comment_count == 3


def test_closed_places_take_nothing_new(place, participant):
    one = idea(place)
    services.place_set_open(place=place, is_open=False, by=None)
    with pytest.raises(DomainError):
        idea(place)
    with pytest.raises(DomainError):
        services.idea_support(idea=one, user=participant)
    with pytest.raises(DomainError):
        comment(one)


def test_only_the_current_phase_takes_ideas(lab):
    phase = open_phase(lab)
    following = phase.process.phases.exclude(pk=phase.pk).first()
    following.contributions_open = True
    following.save()
    following.process = phase.process
    idea(phase)
    with pytest.raises(DomainError):
        idea(following)


def test_editing_ends_after_30_minutes_or_a_reaction(place, participant):
    one = idea(place, participant)
    assert services.item_still_editable(item=one)
    services.idea_update(idea=one, by=participant, title="New title", text="New text")
    later = one.created_at + timedelta(minutes=31)
    assert not services.item_still_editable(item=one, now=later)
    comment(one)
    one.refresh_from_db()
    with pytest.raises(DomainError):
        services.idea_update(idea=one, by=participant, title="x", text="y")


def test_notifications_are_sent_for_ideas_comments_and_answers(place, manager):
    with mock.patch("kosilab.cocreation.services.followers_notify") as notify:
        one = idea(place)
        reply = comment(one)
        services.idea_answer(idea=one, by=manager, status=IdeaStatus.EXAMINED, answer="We look at it.")
    kinds = [(call.kwargs["kind"], call.kwargs["target"], call.kwargs["obj"]) for call in notify.call_args_list]
    assert kinds == [("idea", place, one), ("comment", place, reply), ("answer", place, one)]


def test_not_pursued_needs_a_reason(place, manager):
    with pytest.raises(DomainError, match="Say why"):
        services.idea_answer(idea=idea(place), by=manager, status=IdeaStatus.NOT_PURSUED, answer="")


def test_one_open_report_per_person_and_hiding_closes_them(place, participant, manager):
    one = idea(place)
    first = services.report_create(idea=one, reporter=participant, reason="Spam")
    assert services.report_create(idea=one, reporter=participant, reason="Spam again") == first
    services.item_moderate(item=one, by=manager, hidden=True, reason="Advertising")
    assert Report.objects.get().resolved_by == manager
    assert services.report_create(idea=one, reporter=participant, reason="Still there").pk != first.pk


def test_deleting_an_account_keeps_the_idea(place, participant):
    one = idea(place, participant)
    participant.delete()
    assert Idea.objects.get(pk=one.pk).author is None


# --- Pages -----------------------------------------------------------------------------------------


def test_submitting_an_idea_with_an_image(client, place, participant):
    client.force_login(participant)
    upload = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    response = client.post(
        f"/ideas/challenge/{place.pk}/new/", {"title": "Shade", "text": "Trees", "address": "Markt 1", "image": upload}
    )
    assert response.status_code == 302
    stored = Idea.objects.get()
    assert stored.image.name.startswith("ideas/") and stored.image.name.endswith((".jpg", ".png"))
    assert "photo" not in stored.image.name  # stored anew, under a new name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        ("page.html", b"<html><body><script>alert(1)</script></body></html>", "SVG and other markup"),
        ("photo.jpg", b"just some text, renamed", "Upload a JPEG, PNG or WebP image."),
        ("huge.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1), "at most 5 MB"),
    ],
    ids=["svg", "html", "renamed-text", "too-big"],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(client, place, participant, name, content, message):
    client.force_login(participant)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(f"/ideas/challenge/{place.pk}/new/", {"title": "T", "text": "X", "image": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Idea.objects.count() == 0


def test_script_is_escaped_everywhere(client, place, manager):
    evil = "<script>alert(1)</script>"
    one = idea(place, title=evil, text=evil, address=evil)
    comment(one, text=evil)
    services.report_create(idea=one, reporter=UserFactory(), reason=evil)
    client.force_login(manager)
    for url in (f"/ideas/{one.pk}/", f"/ideas/challenge/{place.pk}/", "/ideas/moderation/home-lab/"):
        html = client.get(url).content.decode()
        assert evil not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hidden_content_shows_the_reason_and_staff_still_see_it(client, place, manager, participant):
    one = idea(place, text="Buy my product")
    services.item_moderate(item=one, by=manager, hidden=True, reason="Advertising")
    html = client.get(f"/ideas/{one.pk}/").content.decode()
    assert "Hidden by the lab: Advertising" in html and "Buy my product" not in html
    client.force_login(manager)
    html = client.get(f"/ideas/{one.pk}/").content.decode()
    assert "Hidden by the lab: Advertising" in html and "Buy my product" in html


def test_deleted_by_its_author(client, place, participant):
    one = idea(place, participant, text="Secret plan")
    client.force_login(participant)
    assert client.post(f"/ideas/{one.pk}/delete/").status_code == 302
    html = client.get(f"/ideas/{one.pk}/").content.decode()
    assert "Deleted by its author." in html and "Secret plan" not in html


def test_support_with_htmx_swaps_the_button(client, place, participant):
    one = idea(place)
    client.force_login(participant)
    response = client.post(f"/ideas/{one.pk}/support/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "1 supporter" in html and "Withdraw my support" in html
    assert "<html" not in html


def test_redirects_only_to_this_site(client, place, participant):
    one = idea(place)
    client.force_login(participant)
    response = client.post(f"/ideas/{one.pk}/support/", {"next": "https://evil.example.org/"})
    assert response["Location"] == f"/ideas/{one.pk}/"
    response = client.post(f"/ideas/{one.pk}/support/withdraw/", {"next": f"/ideas/challenge/{place.pk}/"})
    assert response["Location"] == f"/ideas/challenge/{place.pk}/"


def test_replies_show_under_their_comment(client, place, participant):
    one = idea(place)
    client.force_login(participant)
    client.post(f"/ideas/{one.pk}/comment/", {"text": "First"})
    top = Comment.objects.get()
    client.post(f"/ideas/{one.pk}/comment/", {"text": "Answer", "parent": top.pk})
    assert Comment.objects.get(text="Answer").parent == top
    html = client.get(f"/ideas/{one.pk}/").content.decode()
    assert html.index("First") < html.index("Answer")


def test_lists_sort_by_support_and_discussion(client, place):
    quiet, supported, discussed = idea(place, title="Quiet"), idea(place, title="Loved"), idea(place, title="Talked")
    services.idea_support(idea=supported, user=UserFactory())
    comment(discussed)
    comment(discussed)

    def order(sort):
        html = client.get(f"/ideas/challenge/{place.pk}/?sort={sort}").content.decode()
        return sorted(["Quiet", "Loved", "Talked"], key=html.index)

    assert order("supported")[0] == "Loved"
    assert order("discussed")[0] == "Talked"
    assert order("new")[0] == "Talked"
    assert quiet.pk


def test_staff_open_and_close_a_place(client, lab, manager):
    challenge = open_challenge(lab)
    challenge.contributions_open = False
    challenge.save()
    client.force_login(manager)
    client.post(f"/ideas/open/challenge/{challenge.pk}/", {"open": "1"})
    challenge.refresh_from_db()
    assert challenge.contributions_open


def test_author_may_edit_a_fresh_comment(client, place, participant):
    mine = comment(idea(place), participant)
    client.force_login(participant)
    assert client.post(f"/ideas/comments/{mine.pk}/edit/", {"text": "Better"}).status_code == 302
    mine.refresh_from_db()
    assert mine.text == "Better" and mine.edited_at


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"latitude": Decimal("51.5")}, "__all__"),  # a latitude without its longitude
        ({"latitude": Decimal("91"), "longitude": Decimal("7.4")}, "latitude"),
        ({"title": "x" * 201}, "title"),
        ({"text": ""}, "text"),
    ],
    ids=["one-coordinate", "latitude-out-of-range", "title-too-long", "no-text"],
)
def test_what_the_person_wrote_is_still_validated(place, participant, values, field):
    """The services leave out of full_clean only what they set themselves (SET_BY_SERVICE); what a
    person wrote, the coordinates' constraint included, still gets its message and writes nothing."""
    with pytest.raises(ValidationError) as raised:
        idea(place, author=participant, **values)
    assert field in raised.value.message_dict
    assert not Idea.objects.exists()
    first = idea(place, author=participant)
    with pytest.raises(ValidationError):
        services.comment_create(idea=first, author=participant, text="   ")
    assert not Comment.objects.exists()
