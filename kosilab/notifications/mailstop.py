"""The one-click link in notification mails (core.mail) stops them where their preference lives:
the person's digest frequency becomes "off", as if chosen in the notification settings."""

from __future__ import annotations

from kosilab.accounts.models import User
from kosilab.core.extensions import contribute
from kosilab.core.mail import MAIL_STOP
from kosilab.notifications.models import Frequency
from kosilab.notifications.selectors import frequency_of
from kosilab.notifications.services import setting_update


@contribute(MAIL_STOP.name)
def stop_notification_mails(kind: str, address: str) -> bool | None:
    """Notification mails of the account with ``address`` off; None for other kinds (core keeps them)."""
    if kind != "notifications":
        return None
    changed = False
    for user in User.objects.filter(email__iexact=address).select_related("notification_setting"):
        if frequency_of(user) != Frequency.OFF:
            setting_update(user=user, frequency=Frequency.OFF)
            changed = True
    return changed
