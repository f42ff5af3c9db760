#!/usr/bin/env bash
# Prove that a backup can be restored: restore it into a scratch database and a scratch upload
# folder, then compare every table's rows and every file with the backup's manifest
# (kosilab/core/backup.py). It changes nothing of the installation; run it after each backup
# (docs/deployment.md). Exit status 0: the backup is complete and restorable.
#
#   deploy/verify-backup.sh /srv/backups/kosilab/2027-06-11
#
# PostgreSQL backups are restored into a new database on the server of DATABASE_URL (or of
# KOSILAB_VERIFY_POSTGRES_URL, e.g. postgresql://backup@db.internal:5432), dropped afterwards.
set -euo pipefail
backup=$(cd "${1:?usage: deploy/verify-backup.sh BACKUP_FOLDER}" && pwd)
cd "$(dirname "$0")/.."
py=${KOSILAB_PYTHON:-.venv/bin/python}
scratch=$(mktemp -d)
server=""
database=""
cleanup() {
  if [[ -n $database ]]; then
    psql -q -d "$server/postgres" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

if [[ -f $backup/database.dump ]]; then
  server=${KOSILAB_VERIFY_POSTGRES_URL:-${DATABASE_URL%/*}}
  database="kosilab_verify_$(date +%s)_$$"
  psql -q -d "$server/postgres" -c "CREATE DATABASE $database" >/dev/null
  url="$server/$database"
else
  url="sqlite:///$scratch/kosilab.sqlite3"
fi
# The files go into the scratch folder, also when the installation keeps them in a bucket.
env -u KOSILAB_S3_BUCKET DATABASE_URL="$url" KOSILAB_VAR_DIR="$scratch/var" "$py" manage.py restore "$backup"
