from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kosilab.notifications.models import Frequency


class SettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_("You always see your notifications here on the site."),
    )
