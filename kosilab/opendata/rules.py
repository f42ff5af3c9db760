"""Who may do what with the open data dump. The page and the download are public (the dump holds
public data only); starting a build by hand and reading the builds' history are for platform admins."""

from __future__ import annotations

import rules

from kosilab.core.roles import platform_admin

rules.add_perm("opendata.request_build", platform_admin)
