"""Who sees how much of a cooperation network. Declared once here; tested as a matrix in
tests/test_permission_matrix.py (docs/cooperation.md, "Privacy").

Everybody who may see a lab sees its network of organisations, built from what everybody may see
(public processes, published challenges, public results, published events). The lab's team and
platform admins see the network built from everything in the lab, and may switch to the network of
people; the installation-wide network in full, and of people, is for platform admins. The object is
the lab, or None for the installation.
"""

from __future__ import annotations

import rules

from kosilab.core.roles import platform_admin
from kosilab.labs.rules import staff_of_lab

rules.add_perm("cooperation.view_full_network", staff_of_lab | platform_admin)
