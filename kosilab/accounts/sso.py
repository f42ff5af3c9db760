"""Single sign-on at run time (docs/accounts.md "Single sign-on").

The providers come from the environment (``sso_settings.py``, read once by config/settings.py).
Here: what happens at a log-in by single sign-on (the groups the provider sent go to the apps
above, ``SSO_LOGGED_IN``: labs turn them into lab roles), and who must log in by single sign-on
when ``KOSILAB_SSO_STAFF_ONLY`` is on (platform admins, and whoever an app above calls staff,
``IS_STAFF``: labs name their teams).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kosilab.accounts.extensions import IS_STAFF, SSO_LOGGED_IN
from kosilab.accounts.models import User
from kosilab.accounts.sso_settings import groups_from, groups_source
from kosilab.core.roles import is_platform_admin

logger = logging.getLogger(__name__)

SSO_ONLY_MESSAGE = _("Please log in with single sign-on: choose the button of your organisation below.")


def providers_configured() -> bool:
    return any(apps.get("APPS") for apps in settings.SOCIALACCOUNT_PROVIDERS.values())


def staff_only() -> bool:
    return bool(settings.KOSILAB_SSO_STAFF_ONLY) and providers_configured()


def is_staff(user: User) -> bool:
    """Platform admins and whoever an app above names (a lab's team)."""
    return is_platform_admin(user) or any(IS_STAFF(user))


def must_use_sso(user: User) -> bool:
    """Whether this account may log in only by single sign-on (not by password, nor passkey)."""
    return staff_only() and is_staff(user)


def context(request: Any) -> dict[str, Any]:
    """Template context: whether the log-in page says that staff log in by single sign-on."""
    return {"sso_staff_only": staff_only()}


def logged_in(user: User, sociallogin: Any) -> None:
    """After a log-in by single sign-on: hand the groups the provider sent to the apps above."""
    provider_id = str(sociallogin.account.provider)
    source = groups_source(settings.SOCIALACCOUNT_PROVIDERS, provider_id)
    if source is None:
        logger.warning("Log-in by the provider %r, which is not configured (any more): no groups applied.", provider_id)
        return
    groups = groups_from(sociallogin.account.extra_data, source)
    SSO_LOGGED_IN(user, provider_id, groups)
