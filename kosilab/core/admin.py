from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltrans.utils import build_localized_fieldname

from kosilab.core import content_languages
from kosilab.core.audit import log_action
from kosilab.core.forms import URL_FIELD_OVERRIDES
from kosilab.core.mail import outbox_retry_failed
from kosilab.core.models import AuditEntry, OutboxMail
from kosilab.core.storage import uploads_undone_on_error
from kosilab.core.validators import plausible_date_validators


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Admin writes bypass the services; they still leave an entry in the audit log."""

    formfield_overrides = URL_FIELD_OVERRIDES

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Dates and times in the admin get the same plausible window as in the site's forms.
        if isinstance(db_field, models.DateField):
            kwargs["validators"] = [*kwargs.get("validators", []), *plausible_date_validators(db_field.validators)]
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        # Translated models (docs/content-languages.md): the admin edits the model's own column and
        # each further language (title_en); modeltrans' reader field (title_i18n) and its alias of
        # the installation's language (title_de) would write the same text twice.
        default = content_languages.default_language()
        aliases = [
            alias
            for name in content_languages.translated_fields(self.model)
            for alias in (f"{name}_i18n", build_localized_fieldname(name, default))
        ]
        return [*(super().get_exclude(request, obj) or ()), *aliases]

    def _action(self, obj: models.Model, verb: str) -> str:
        return f"admin.{obj._meta.label_lower}.{verb}"

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> Any:
        # A file stored while the admin saves (a room photo, an idea image) is deleted again if the
        # save fails after it, so that no file is left that no row names (kosilab.core.storage).
        with uploads_undone_on_error():
            return super().changeform_view(request, object_id, form_url, extra_context)

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "changed" if change else "added"
        log_action(self._action(obj, verb), actor=request.user, target=obj, data={"fields": list(form.changed_data)})

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        log_action(self._action(obj, "deleted"), actor=request.user, target=obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            log_action(
                self._action(form.instance, "inlines_changed"),
                actor=request.user,
                target=form.instance,
                data={"inline": formset.model._meta.label_lower},
            )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Records that only the application writes: the admin shows them and changes nothing."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "lab", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr"]


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdmin):
    """The mail outbox, to read: what is waiting, what failed and why. Only the tasks write it."""

    list_display = ["created_at", "state", "to", "subject", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state", "template"]
    search_fields = ["to", "key"]
    actions = ["retry_failed"]

    @admin.action(description=_("Send the selected failed mails again"), permissions=["retry"])
    def retry_failed(self, request: HttpRequest, queryset: Any) -> None:
        count = outbox_retry_failed(ids=list(queryset.values_list("pk", flat=True)), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed mail is being sent again.", "%(count)d failed mails are being sent again.", count
            )
            % {"count": count},
        )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))
