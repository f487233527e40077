#!/usr/bin/env bash
# Back up the portal's database: ./scripts/backup.sh FILE   (DATABASE_URL names the database)
# Custom format: compressed, restorable table by table; owners are not kept (restore as any role).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
out=${1:?usage: backup.sh FILE}
"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$out"
echo "backed up to $out"
