"""Personal access tokens for the read API.

A token reads what its owner may read on the web, no more: the API asks the same visibility
policies with the owner as the reader. Only a hash (SHA-256) of the secret is stored; the secret
is shown once, when the token is made. A token can be narrowed to one lab (it then sees the public
data and, beyond that, only that lab's), it may expire, and it is revoked by setting
``revoked_at`` (the row stays, for the audit log and the list of one's tokens).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosilab.core.models import TimeStampedModel


class TokenScope(models.TextChoices):
    READ = "read", _("Read what I may see")


class ApiToken(TimeStampedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What you use it for, e.g. the city's data portal."))
    # The first characters of the secret, shown in the list so that a person can tell tokens apart.
    prefix = models.CharField(_("begins with"), max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ)
    lab = models.ForeignKey(
        "labs.Lab",
        verbose_name=_("only this lab"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: everything you may see. Otherwise the public data and this lab's."),
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
