#!/usr/bin/env bash
# Restore a backup into an EMPTY database: ./scripts/restore.sh FILE TARGET_DATABASE_URL
# One transaction: a restore that fails part-way leaves the target as empty as it was.
set -euo pipefail
file=${1:?usage: restore.sh FILE TARGET_DATABASE_URL}
target=${2:?usage: restore.sh FILE TARGET_DATABASE_URL}
"${PG_BIN:+$PG_BIN/}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$target" "$file"
echo "restored $file"
