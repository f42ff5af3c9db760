"""Who may do what with methods. Declared once here; tested as a matrix in tests/test_permission_matrix.py.

The shared library (methods without a lab) is for everyone. A lab's own methods are visible to
everyone when the lab is public, otherwise to the lab's staff. The lab's staff (managers and
facilitators, as for rooms and challenges: they run the sessions) add, edit, delete and adapt
their lab's methods. The shared library is maintained in the data files; in the app only
platform admins may edit it.
"""

from __future__ import annotations

import rules

from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab
from kosilab.methods.policies import method_policy

# On a Method: it exists for you (others get "not found"); who sees it: kosilab/methods/policies.py.
rules.add_perm("methods.view_method", method_policy.predicate)
# On a Lab: add a method of the lab's own; adapt a copy of a method for the lab.
rules.add_perm("methods.add_method", staff_of_lab | platform_admin)
rules.add_perm("methods.adapt_method", staff_of_lab | platform_admin)
# On a Method: edit and delete it (staff_of_lab is false for the shared library, which has no lab).
rules.add_perm("methods.change_method", staff_of_lab | platform_admin)
