"""A citizen submits an idea, another supports and comments, the lab answers and moderates."""

from __future__ import annotations

import pytest

from kosilab.cocreation.models import Comment, Idea, Support
from kosilab.core.tests.factories import ChallengeFactory, UserFactory
from kosilab.labs.services import lab_team_set

pytestmark = pytest.mark.browser


def test_submit_support_comment_and_moderate_an_idea(new_ui, lab):
    manager = UserFactory(name="Mara Manager", email="mara@example.org")
    lab_team_set(lab=lab, user=manager, role="manager", by=None)
    UserFactory(name="Cleo Citizen", email="cleo@example.org", profile={"visibility": "public"})
    UserFactory(name="Sam Supporter", email="sam@example.org")
    challenge = ChallengeFactory(lab=lab, status="open", title="Where can bicycles be parked safely?")

    # The lab opens the challenge for ideas.
    staff = new_ui()
    staff.log_in("mara@example.org")
    staff.visit(challenge.get_absolute_url())
    staff.follow(f"main a[href='/ideas/challenge/{challenge.pk}/']")
    staff.submit(f"main form[action='/ideas/open/challenge/{challenge.pk}/'] button")
    challenge.refresh_from_db()
    assert challenge.contributions_open

    # A citizen submits an idea with a place.
    citizen = new_ui()
    citizen.log_in("cleo@example.org")
    citizen.visit(f"/ideas/challenge/{challenge.pk}/")
    citizen.follow(f"main a[href='/ideas/challenge/{challenge.pk}/new/']")
    citizen.submit("#id_title")  # empty: the form says what is missing, nothing is saved
    assert Idea.objects.count() == 0
    citizen.fill(
        {
            "#id_title": "A bicycle garage at the market square",
            "#id_text": "Twelve lockable places next to the bus stop.",
            "#id_address": "Marktplatz, Wuppertal-Elberfeld",
        }
    )
    citizen.submit("#id_title")
    idea = Idea.objects.get()
    assert citizen.path == f"/ideas/{idea.pk}/"

    # Someone else supports it (htmx) and comments; the author replies.
    supporter = new_ui()
    supporter.log_in("sam@example.org")
    supporter.visit(f"/ideas/{idea.pk}/")
    supporter.htmx(lambda: supporter.page.locator(f"#support-{idea.pk} button[type=submit]").click())
    assert Support.objects.filter(idea=idea).count() == 1
    assert "1 supporter" in supporter.page.locator(f"#support-{idea.pk}").inner_text()
    supporter.fill({"#id_text": "Yes, and one for cargo bikes."})
    supporter.submit("#id_text")
    comment = Comment.objects.get(idea=idea, parent=None)
    citizen.visit(f"/ideas/{idea.pk}/")
    citizen.page.locator(f"details:has(#reply-{comment.pk}) summary").click()  # the reply form opens
    citizen.fill({f"#reply-{comment.pk}": "Good point, I will add it."})
    citizen.submit(f"#reply-{comment.pk}")
    assert Comment.objects.filter(parent=comment).count() == 1

    # The lab answers with a status, and hides the comment with a reason.
    staff.visit(f"/ideas/{idea.pk}/")
    staff.follow(f"main a[href='/ideas/{idea.pk}/answer/']")
    staff.page.locator("#id_status").select_option("examined")
    staff.fill({"#id_answer": "We are checking the space with the city's traffic department."})
    staff.submit("#id_answer")
    idea.refresh_from_db()
    assert idea.official_answer.startswith("We are checking")
    staff.visit(f"/ideas/comments/{comment.pk}/moderate/")
    staff.page.locator("#id_hidden").check()
    staff.fill({"#id_reason": "Contains a private phone number."})
    staff.submit("#id_reason")
    comment.refresh_from_db()
    assert comment.hidden
    citizen.visit(f"/ideas/{idea.pk}/")
    assert "Contains a private phone number." in citizen.page.locator("main").inner_text()
    assert "cargo bikes" not in citizen.page.locator("main").inner_text()
