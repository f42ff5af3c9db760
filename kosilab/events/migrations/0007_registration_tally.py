"""The tally of each event's registrations (RegistrationTally), kept by the database on every write.

Triggers, not application code: every way a registration changes (the services' conditional
``update()`` calls, the admin, the erasure of personal data, a data migration, raw SQL) moves the
tally in the same transaction. One row per event and status, and one more (``attended``) for the
registrations checked in; a change of status takes one away from the old row and adds one to the new.
"""

import django.db.models.deletion
from django.db import migrations, models


TABLE = "events_registrationtally"

POSTGRES_FORWARDS = [
    f"""
    CREATE OR REPLACE FUNCTION events_registration_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        UPDATE {TABLE} SET total = total - 1 WHERE event_id = OLD.event_id AND status = OLD.status;
        IF OLD.attended_at IS NOT NULL THEN
          UPDATE {TABLE} SET total = total - 1 WHERE event_id = OLD.event_id AND status = 'attended';
        END IF;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO {TABLE} (event_id, status, total) VALUES (NEW.event_id, NEW.status, 1)
          ON CONFLICT (event_id, status) DO UPDATE SET total = {TABLE}.total + 1;
        IF NEW.attended_at IS NOT NULL THEN
          INSERT INTO {TABLE} (event_id, status, total) VALUES (NEW.event_id, 'attended', 1)
            ON CONFLICT (event_id, status) DO UPDATE SET total = {TABLE}.total + 1;
        END IF;
      END IF;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER events_registration_tally
      AFTER INSERT OR DELETE OR UPDATE OF event_id, status, attended_at ON events_registration
      FOR EACH ROW EXECUTE FUNCTION events_registration_tally()
    """,
]
POSTGRES_BACKWARDS = [
    "DROP TRIGGER IF EXISTS events_registration_tally ON events_registration",
    "DROP FUNCTION IF EXISTS events_registration_tally()",
]


def _sqlite_add(row: str, status: str, condition: str = "") -> str:
    where = f" WHERE {condition}" if condition else " WHERE 1"
    return (
        f"INSERT INTO {TABLE} (event_id, status, total) SELECT {row}.event_id, {status}, 1{where} "
        f"ON CONFLICT (event_id, status) DO UPDATE SET total = total + 1;"
    )


def _sqlite_take(row: str, status: str, condition: str = "") -> str:
    extra = f" AND {condition}" if condition else ""
    return f"UPDATE {TABLE} SET total = total - 1 WHERE event_id = {row}.event_id AND status = {status}{extra};"


_ADD_NEW = _sqlite_add("NEW", "NEW.status") + _sqlite_add("NEW", "'attended'", "NEW.attended_at IS NOT NULL")
_TAKE_OLD = _sqlite_take("OLD", "OLD.status") + _sqlite_take("OLD", "'attended'", "OLD.attended_at IS NOT NULL")

SQLITE_FORWARDS = [
    f"CREATE TRIGGER events_registration_tally_insert AFTER INSERT ON events_registration BEGIN {_ADD_NEW} END",
    f"CREATE TRIGGER events_registration_tally_delete AFTER DELETE ON events_registration BEGIN {_TAKE_OLD} END",
    "CREATE TRIGGER events_registration_tally_update AFTER UPDATE OF event_id, status, attended_at "
    f"ON events_registration BEGIN {_TAKE_OLD} {_ADD_NEW} END",
]
SQLITE_BACKWARDS = [
    f"DROP TRIGGER IF EXISTS events_registration_tally_{kind}" for kind in ("insert", "delete", "update")
]

# The registrations already there, counted once.
BACKFILL = [
    f"""INSERT INTO {TABLE} (event_id, status, total)
        SELECT event_id, status, COUNT(*) FROM events_registration GROUP BY event_id, status""",
    f"""INSERT INTO {TABLE} (event_id, status, total)
        SELECT event_id, 'attended', COUNT(*) FROM events_registration
        WHERE attended_at IS NOT NULL GROUP BY event_id""",
]


def forwards(apps, schema_editor):
    statements = POSTGRES_FORWARDS if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARDS
    for statement in [*statements, *BACKFILL]:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = POSTGRES_BACKWARDS if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARDS
    for statement in statements:
        schema_editor.execute(statement)
    schema_editor.execute(f"DELETE FROM {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_event_i18n"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistrationTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(max_length=20)),
                ("total", models.IntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["event", "name", "id"], name="events_reg_event_name"),
        ),
        migrations.AddField(
            model_name="registrationtally",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="tallies", to="events.event"
            ),
        ),
        migrations.AddConstraint(
            model_name="registrationtally",
            constraint=models.UniqueConstraint(fields=("event", "status"), name="events_tally_one_per_status"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
