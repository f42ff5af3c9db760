"""Who may see and change a lab's playbook. Declared once here; tested as a matrix in
tests/test_permission_matrix.py.

The playbook is the lab's internal working tool: only the lab's staff (managers and facilitators)
and platform admins see it and work in it. For everybody else it does not exist (404), even for a
public lab. The object is the lab (or anything with a ``lab_id``, such as a Playbook).
"""

from __future__ import annotations

import rules

from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab
from kosilab.playbook.policies import playbook_policy

rules.add_perm("playbook.view_playbook", playbook_policy.predicate)  # kosilab/playbook/policies.py
rules.add_perm("playbook.change_playbook", staff_of_lab | platform_admin)
