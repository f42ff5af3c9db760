"""Who may do what with methods. Declared once here; tested as a matrix in tests/test_permission_matrix.py.

The shared library (methods without a lab) is for everyone. A lab's own methods are visible to
everyone when the lab is public, otherwise to the lab's staff. The lab's staff (managers and
facilitators, as for rooms and challenges: they run the sessions) add, edit, delete and adapt
their lab's methods. The shared library is maintained in the data files; in the app only
platform admins may edit it.
"""

from __future__ import annotations

from typing import Any

import rules

from kosilab.labs.rules import platform_admin, staff_of_lab


@rules.predicate
def shared_method(user: Any, method: Any) -> bool:
    return method.lab_id is None


@rules.predicate
def method_lab_is_public(user: Any, method: Any) -> bool:
    return method.lab_id is not None and bool(method.lab.is_public)


# On a Method: it exists for you (others get "not found").
rules.add_perm("methods.view_method", shared_method | method_lab_is_public | staff_of_lab | platform_admin)
# On a Lab: add a method of the lab's own; adapt a copy of a method for the lab.
rules.add_perm("methods.add_method", staff_of_lab | platform_admin)
rules.add_perm("methods.adapt_method", staff_of_lab | platform_admin)
# On a Method: edit and delete it (staff_of_lab is false for the shared library, which has no lab).
rules.add_perm("methods.change_method", staff_of_lab | platform_admin)
