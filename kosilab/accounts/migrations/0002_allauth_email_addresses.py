"""Accounts move to django-allauth: every account's address is recorded as its primary
``EmailAddress``, confirmed if the account had confirmed it. Accounts that signed up but never
confirmed become active: allauth keeps them from logging in until the address is confirmed (before,
they were inactive until then). An account deactivated on purpose stays inactive."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    batch = []
    for user in User.objects.only("id", "email", "email_confirmed_at").iterator(chunk_size=2000):
        if user.pk in known:
            continue
        batch.append(
            EmailAddress(user_id=user.pk, email=user.email, primary=True, verified=user.email_confirmed_at is not None)
        )
        if len(batch) >= 2000:
            EmailAddress.objects.bulk_create(batch)
            batch = []
    EmailAddress.objects.bulk_create(batch)
    User.objects.filter(is_active=False, email_confirmed_at__isnull=True, last_login__isnull=True).update(is_active=True)


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_confirmed_at__isnull=True, last_login__isnull=True).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
