"""Writes: a lab's own methods, adapted copies, deleting."""

from __future__ import annotations

import pytest
from django.utils import translation

from kosilab.core.errors import DomainError
from kosilab.core.models import AuditEntry
from kosilab.core.tests.factories import LabFactory, UserFactory
from kosilab.methods import services
from kosilab.methods.models import Method
from kosilab.methods.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

VALUES = {
    "title_de": "Stille Post",
    "title_en": "",
    "summary_de": "Eine Nachricht wandert.",
    "steps_de": "Flüstern\nWeitergeben",
    "phases": ["scaling", "prompts", "nonsense"],
    "group_min": 6,
    "group_max": 20,
    "duration_min": 15,
    "duration_max": 30,
    "offline": True,
    "online": False,
    "difficulty": 1,
}


@pytest.fixture
def lab(db):
    return LabFactory(slug="home")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_create_makes_a_slug_from_the_title_and_logs(lab):
    user = UserFactory()
    method = services.method_create(lab=lab, by=user, **VALUES)
    assert method.slug == "stille-post"
    assert method.lab == lab
    assert method.created_by == user
    assert method.phases == ["prompts", "scaling"]  # known phases only, in the order of the phases
    assert method.title == "Stille Post"  # the German title, as there is no English one
    entry = AuditEntry.objects.get(action="methods.method.created")
    assert (entry.actor, entry.lab_id, entry.object_id) == (user, lab.pk, str(method.pk))


def test_slugs_stay_unique_and_avoid_the_pages(lab):
    MethodFactory(slug="stille-post")
    second = services.method_create(lab=lab, by=None, **VALUES)
    third = services.method_create(lab=lab, by=None, **VALUES)
    assert (second.slug, third.slug) == ("stille-post-2", "stille-post-3")
    assert services.method_create(lab=lab, by=None, **{**VALUES, "title_de": "Recommend"}).slug == "recommend-2"
    assert services.method_create(lab=lab, by=None, **{**VALUES, "title_de": "!!!"}).slug == "method"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title_de": "  "}, "title_en", "Give the method a title in at least one language."),
        ({"group_max": 5}, "group_max", "The largest group cannot be smaller than the smallest group."),
        ({"group_min": 0}, "group_min", "The smallest group must have at least one person."),
        ({"duration_min": 4}, "duration_min", "A method takes at least 5 minutes."),
        ({"duration_max": 10}, "duration_max", "The longest duration cannot be shorter than the shortest duration."),
        ({"offline": False}, "offline", "A method must work in a room, online or both."),
        ({"summary_en": "x" * 601}, "summary_en", "This text can have at most 600 characters; it has 601."),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(lab, change, field, message):
    with pytest.raises(DomainError) as refused:
        services.method_create(lab=lab, by=None, **{**VALUES, **change})
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not Method.objects.filter(lab=lab).exists()
    assert not AuditEntry.objects.filter(action="methods.method.created").exists()


def test_update_keeps_the_slug_and_logs_the_fields(lab):
    method = services.method_create(lab=lab, by=None, **VALUES)
    services.method_update(method=method, by=None, **{**VALUES, "title_en": "Chinese whispers", "group_max": 40})
    method.refresh_from_db()
    assert (method.slug, method.title_en, method.group_max) == ("stille-post", "Chinese whispers", 40)
    entry = AuditEntry.objects.get(action="methods.method.updated")
    assert entry.data == {"fields": ["title_en", "group_max"]}


def test_a_refused_update_changes_nothing(lab):
    method = services.method_create(lab=lab, by=None, **VALUES)
    with pytest.raises(DomainError):
        services.method_update(method=method, by=None, group_min=50)
    method.refresh_from_db()
    assert method.group_min == 6


def test_adapt_copies_everything_for_the_lab(lab):
    original = MethodFactory(title="World Café", phases=["prompts"], sources="Brown 2005", online=True)
    copy = services.method_adapt(method=original, lab=lab, by=None)
    assert copy.pk != original.pk
    assert (copy.lab, copy.based_on, copy.slug) == (lab, original, "home-world-cafe")
    assert (copy.title_de, copy.steps_en, copy.sources, copy.phases) == (
        "World Café",
        "First\nSecond",
        "Brown 2005",
        ["prompts"],
    )
    assert copy.online and copy.offline
    copy.phases.append("scaling")
    original.refresh_from_db()
    assert original.phases == ["prompts"]  # not shared with the copy
    assert services.method_adapt(method=original, lab=lab, by=None).slug == "home-world-cafe-2"
    assert AuditEntry.objects.filter(action="methods.method.adapted").count() == 2


def test_delete_keeps_the_adaptations(lab):
    mine = services.method_create(lab=lab, by=None, **VALUES)
    copy = services.method_adapt(method=mine, lab=LabFactory(slug="other"), by=None)
    services.method_delete(method=mine, by=None)
    copy.refresh_from_db()
    assert copy.based_on is None
    assert not Method.objects.filter(pk=mine.pk).exists()
    assert AuditEntry.objects.filter(action="methods.method.deleted").exists()


def test_the_shared_library_is_not_deleted_here():
    shared = MethodFactory()
    with pytest.raises(DomainError, match="changed in the library files"):
        services.method_delete(method=shared, by=None)
    assert Method.objects.filter(pk=shared.pk).exists()
