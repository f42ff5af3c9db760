"""Who may do what with people and organisations.

The permissions that depend on the teams people work in are declared where the teams are:
``actors.view_profile`` in kosilab/processes/rules.py, from the profile's visibility policy in
kosilab/processes/policies.py (a private profile is seen by the person's process teams and their
labs' staff), ``actors.change_organisation`` in kosilab/labs/rules.py.
"""

from __future__ import annotations

import rules

rules.add_perm("actors.add_organisation", rules.is_authenticated)
rules.add_perm("actors.view_organisation_public", rules.always_allow)
