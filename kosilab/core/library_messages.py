"""Django's own messages that a library's catalogue words differently.

Django looks a message up in the project's catalogue first, then in the installed apps' catalogues,
and in its own last. Django REST framework and django-filter ship German catalogues that translate a
few of Django's form messages again, informally ("Gib eine gültige E-Mail Adresse an."), and would
change what every form of the site says. Listed here, they are in our catalogue with Django's own
wording, which wins. ``core/tests/test_catalogues.py`` finds any further such message when a library
is added or updated.
"""

from django.utils.translation import gettext_noop

DJANGO_WORDING = (
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_noop("Unknown"),
)
