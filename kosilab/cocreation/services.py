"""Every write of co-creation. Permissions are checked by the views (rules.py); these functions
keep the domain rules: where ideas may be written, one support per person, one level of replies,
the editing window, and the counters that the lists sort by."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kosilab.accounts.types import User, Viewer, account
from kosilab.challenges.models import Challenge
from kosilab.cocreation.models import Comment, Idea, IdeaStatus, Place, Report, Support
from kosilab.cocreation.rules import place_is_open, place_lab_id, place_of
from kosilab.core.audit import log_action
from kosilab.core.errors import DomainError
from kosilab.core.storage import delete_after_commit, uploads_undone_on_error
from kosilab.notifications.services import followers_notify
from kosilab.processes.models import Process

# Authors may change what they wrote for this long, and only while nobody has answered or supported it.
EDIT_WINDOW = timedelta(minutes=30)


def _target(place: Place) -> Challenge | Process:
    """What people follow: the challenge, or the process of a phase."""
    return place if isinstance(place, Challenge) else place.process


def _require_open(place: Place) -> None:
    if not place_is_open(place):
        raise DomainError(_("This is not open for ideas (any more)."))


# --- Places ------------------------------------------------------------------------------------


@transaction.atomic
def place_set_open(*, place: Place, is_open: bool, by: Viewer | None) -> Place:
    place.contributions_open = is_open
    place.save(update_fields=["contributions_open"])
    log_action(
        "cocreation.opened" if is_open else "cocreation.closed",
        actor=by,
        target=place,
        lab=place_lab_id(place),
        data={"open": is_open},
    )
    return place


# --- Ideas ---------------------------------------------------------------------------------------

# What the services set themselves, from rows just read, and the database holds anyway: full_clean
# would ask the database for each related row and check each constraint on them (three queries and
# nine statements more per idea), so it checks only what the person wrote. The coordinates'
# constraint is still checked: its message is for the person.
SET_BY_SERVICE = ["challenge", "phase", "lab", "author", "support_count", "comment_count"]
COMMENT_SET_BY_SERVICE = ["idea", "parent", "author", "hidden_by"]


@uploads_undone_on_error(field="image")
@transaction.atomic
def idea_create(
    *,
    place: Place,
    author: User,
    title: str,
    text: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    image: File[Any] | None = None,
) -> Idea:
    _require_open(place)
    idea = Idea(
        challenge=place if isinstance(place, Challenge) else None,
        phase=None if isinstance(place, Challenge) else place,
        lab_id=place_lab_id(place),
        author=author,
        title=title.strip(),
        text=text.strip(),
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    if image:
        idea.image.save(image.name or "idea.jpg", image, save=False)
    idea.full_clean(exclude=SET_BY_SERVICE)
    idea.save()
    log_action("cocreation.idea_created", actor=author, target=idea)
    followers_notify(target=_target(place), kind="idea", actor=author, obj=idea)
    return idea


def item_still_editable(*, item: Idea | Comment, now: Any = None) -> bool:
    """Within 30 minutes of writing, and only as long as nobody has replied to it or supported it."""
    now = now or timezone.now()
    if item.deleted or item.hidden or now - item.created_at > EDIT_WINDOW:
        return False
    if isinstance(item, Idea):
        return item.support_count == 0 and item.comment_count == 0
    return item.parent_id is not None or not item.replies.exists()


@uploads_undone_on_error(field="image")
@transaction.atomic
def idea_update(
    *,
    idea: Idea,
    by: Viewer | None,
    title: str,
    text: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    image: File[Any] | None = None,
) -> Idea:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not item_still_editable(item=idea):
        raise DomainError(
            _("An idea can be changed only within 30 minutes, and only before anyone comments on or supports it.")
        )
    idea.title, idea.text, idea.address = title.strip(), text.strip(), address.strip()
    idea.latitude, idea.longitude = latitude, longitude
    if image:
        delete_after_commit(idea.image.storage, idea.image.name)  # the image it replaces
        idea.image.save(image.name or "idea.jpg", image, save=False)
    idea.full_clean(exclude=SET_BY_SERVICE)
    idea.save()
    log_action("cocreation.idea_changed", actor=by, target=idea)
    return idea


@transaction.atomic
def idea_delete(*, idea: Idea, by: Viewer | None) -> Idea:
    """Deleted by its author: the text goes, the idea stays in place ("deleted by its author")."""
    idea.deleted = True
    idea.text = ""
    idea.address = ""
    idea.latitude = idea.longitude = None
    if idea.image:  # the file goes once the row no longer names it (after commit)
        delete_after_commit(idea.image.storage, idea.image.name)
        idea.image = ""
    idea.save(update_fields=["deleted", "text", "address", "latitude", "longitude", "image", "updated_at"])
    log_action("cocreation.idea_deleted", actor=by, target=idea)
    return idea


@transaction.atomic
def idea_answer(*, idea: Idea, by: Viewer | None, status: str, answer: str) -> Idea:
    if status not in IdeaStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    if status == IdeaStatus.NOT_PURSUED and not answer.strip():
        raise DomainError(_("Say why the idea is not pursued."), field="answer")
    idea.status = status
    changed_answer = answer.strip() != idea.official_answer
    idea.official_answer = answer.strip()
    if changed_answer:
        idea.answered_by = account(by)
        idea.answered_at = timezone.now()
    idea.save(update_fields=["status", "official_answer", "answered_by", "answered_at", "updated_at"])
    log_action("cocreation.idea_answered", actor=by, target=idea, data={"status": status})
    if changed_answer and idea.official_answer:
        followers_notify(target=_target(place_of(idea)), kind="answer", actor=by, obj=idea)
    return idea


# --- Support -----------------------------------------------------------------------------------


@transaction.atomic
def idea_support(*, idea: Idea, user: User) -> bool:
    """Idempotent: a double click or a retry counts once. Returns whether this call added the support."""
    if idea.hidden or idea.deleted:
        raise DomainError(_("This idea cannot be supported."))
    _require_open(place_of(idea))
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False  # supported already
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    log_action("cocreation.supported", actor=user, target=idea)
    return True


@transaction.atomic
def idea_support_withdraw(*, idea: Idea, user: User) -> bool:
    deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
    if not deleted:
        return False
    Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
    log_action("cocreation.support_withdrawn", actor=user, target=idea)
    return True


# --- Comments ----------------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, idea: Idea, author: User, text: str, parent: Comment | None = None) -> Comment:
    """A comment, or a reply. A reply to a reply is attached to its top-level comment."""
    if idea.hidden or idea.deleted:
        raise DomainError(_("This idea cannot be commented on."))
    _require_open(place_of(idea))
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise DomainError(_("This comment belongs to another idea."))
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment(idea=idea, parent=parent, author=author, text=text.strip())
    comment.full_clean(exclude=COMMENT_SET_BY_SERVICE)
    comment.save()
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    log_action("cocreation.commented", actor=author, target=idea, data={"comment": comment.pk})
    followers_notify(target=_target(place_of(idea)), kind="comment", actor=author, obj=comment)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, by: Viewer | None, text: str) -> Comment:
    if not item_still_editable(item=comment):
        raise DomainError(_("A comment can be changed only within 30 minutes, and only before anyone replies to it."))
    comment.text = text.strip()
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=COMMENT_SET_BY_SERVICE)
    comment.save(update_fields=["text", "edited_at"])
    log_action("cocreation.comment_changed", actor=by, target=comment.idea, data={"comment": comment.pk})
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: Viewer | None) -> Comment:
    comment.deleted = True
    comment.text = ""
    comment.save(update_fields=["deleted", "text"])
    log_action("cocreation.comment_deleted", actor=by, target=comment.idea, data={"comment": comment.pk})
    return comment


# --- Moderation --------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, idea: Idea, reporter: Any, reason: str, comment: Comment | None = None) -> Report:
    """Tell the lab. Reporting the same item again while the first report is open changes nothing."""
    if not reason.strip():
        raise DomainError(_("Say what is wrong with it."), field="reason")
    report = Report(lab_id=idea.lab_id, idea=idea, comment=comment, reporter=reporter, reason=reason.strip())
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        existing = Report.objects.filter(reporter=reporter, idea=idea, comment=comment, resolved_at__isnull=True)
        return existing.get()
    log_action("cocreation.reported", actor=reporter, target=idea, data={"comment": comment.pk if comment else None})
    return report


def _resolve_reports(*, idea: Idea, comment: Comment | None, by: Viewer | None) -> None:
    Report.objects.filter(idea=idea, comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def report_resolve(*, report: Report, by: Viewer | None) -> Report:
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = account(by)
        report.save(update_fields=["resolved_at", "resolved_by"])
        log_action("cocreation.report_resolved", actor=by, target=report.idea, data={"report": report.pk})
    return report


@transaction.atomic
def item_moderate(*, item: Idea | Comment, by: Viewer | None, hidden: bool, reason: str) -> Idea | Comment:
    """Hide (with a reason everybody sees) or show again an idea or a comment; resolves its open reports."""
    if hidden and not reason.strip():
        raise DomainError(_("Give a reason: it is shown instead of the text."), field="reason")
    item.hidden = hidden
    item.hidden_reason = reason.strip() if hidden else ""
    item.hidden_by = account(by) if hidden else None
    item.hidden_at = timezone.now() if hidden else None
    item.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    idea = item if isinstance(item, Idea) else item.idea
    comment = item if isinstance(item, Comment) else None
    _resolve_reports(idea=idea, comment=comment, by=by)
    log_action(
        "cocreation.hidden" if hidden else "cocreation.shown",
        actor=by,
        target=idea,
        data={"comment": comment.pk if comment else None, "reason": item.hidden_reason},
    )
    return item
