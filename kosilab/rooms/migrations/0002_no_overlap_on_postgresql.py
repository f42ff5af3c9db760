"""On PostgreSQL, the database itself refuses two confirmed bookings of one room that overlap.

SQLite has no exclusion constraints; there, writes are serialised (IMMEDIATE transactions) and
``rooms.services`` checks for clashes inside the write transaction.
"""

from django.db import migrations

CONSTRAINT = "rooms_booking_no_overlap"


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("rooms", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS btree_gist",
                f"""ALTER TABLE rooms_booking ADD CONSTRAINT {CONSTRAINT}
                    EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
                    WHERE (status = 'confirmed' AND room_id IS NOT NULL)""",
            ],
            reverse_sql=[f"ALTER TABLE rooms_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"],
        ),
    ]
