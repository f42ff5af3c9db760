from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kosilab.core.roles import is_platform_admin
from kosilab.labs.roles import lab_roles


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)

    def can_manage() -> bool:
        # Evaluated lazily: only pages that show the management link pay for the lookup.
        return bool(user is not None and (is_platform_admin(user) or lab_roles(user)))

    return {"site_name": "KoSI-Lab", "can_manage": can_manage}
