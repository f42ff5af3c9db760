"""What the labs app stores about a person (see kosilab/core/personal_data.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from kosilab.accounts.types import User
from kosilab.core.personal_data import Erasure, declare, iso

if TYPE_CHECKING:
    from kosilab.labs.models import Lab


def _export_roles(user: User) -> list[dict[str, Any]]:
    from kosilab.labs.models import LabMembership

    return [
        {"lab": m.lab.name, "role": m.role, "since": iso(m.created_at)}
        for m in LabMembership.objects.filter(user=user).select_related("lab").order_by("created_at", "pk")
    ]


def _contact_labs(user: User) -> QuerySet[Lab]:
    from kosilab.labs.models import Lab

    return Lab.objects.filter(contact_email__iexact=user.email)


def _export_contact(user: User) -> list[dict[str, Any]]:
    return [
        {
            "lab": lab.name,
            "contact_name": lab.contact_name,
            "contact_email": lab.contact_email,
            "phone": lab.contact_phone,
        }
        for lab in _contact_labs(user).order_by("pk")
    ]


def _erase_contact(user: User) -> None:
    _contact_labs(user).update(contact_name="", contact_email="", contact_phone="")


declare(
    "labs.LabMembership",
    fields=["user"],
    erasure=Erasure.DELETED,
    what="Roles in labs (manager, facilitator).",
    export_key="lab_roles",
    export=_export_roles,
)
declare(
    "labs.Lab",
    fields=["contact_name", "contact_email", "contact_phone"],
    erasure=Erasure.ANONYMISED,
    what="A lab's public contact person, where it is the person's e-mail address: name, address and "
    "phone number are emptied. The lab's own name is not personal data.",
    export_key="lab_contact",
    export=_export_contact,
    erase=_erase_contact,
)
