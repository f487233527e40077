#!/usr/bin/env bash
# The integration tests through PgBouncer in transaction pooling (docs/scaling.md), so nothing may
# depend on session state: two transactions of one Django connection can land on two server
# connections. Needs DATABASE_URL (a TCP server) and REDIS_URL, as `make test` does.
#
#   scripts/test-pgbouncer.sh [PYTEST ARGS...]      # default: tests/integration
#
# Debian's pgbouncer (installed when missing) listens on a free loopback port in front of
# DATABASE_URL's server. pytest-django's test database is made first directly on PostgreSQL
# (--create-db on one small test: CREATE/DROP DATABASE need no pooled server connection holding
# the database), then the tests run through PgBouncer with --reuse-db and DATABASE_POOLER set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
: "${DATABASE_URL:?set DATABASE_URL (postgres://USER@HOST:PORT/NAME, a TCP server)}"
: "${REDIS_URL:?set REDIS_URL}"

if ! command -v pgbouncer >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

# host port user name of DATABASE_URL, and a free port for PgBouncer.
read -r PG_HOST PG_PORT PG_USER PG_NAME BOUNCER_PORT < <("$PY" - <<'EOF'
import os, socket
from urllib.parse import urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
if not url.hostname:
    raise SystemExit("DATABASE_URL must name a TCP host (PgBouncer forwards to host:port)")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    free = s.getsockname()[1]
print(url.hostname, url.port or 5432, url.username or "postgres", url.path.lstrip("/"), free)
EOF
)

WORK=$(mktemp -d /tmp/voc-pgbouncer.XXXXXX)
cat >"$WORK/pgbouncer.ini" <<EOF
[databases]
* = host=$PG_HOST port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/users.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 40
ignore_startup_parameters = extra_float_digits
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
admin_users = $PG_USER
EOF
printf '"%s" ""\n' "$PG_USER" >"$WORK/users.txt"

# PgBouncer refuses to run as root: as root it drops to the postgres user.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$WORK"
  RUN_AS=(-u postgres)
fi
"$PGBOUNCER" -d "${RUN_AS[@]}" "$WORK/pgbouncer.ini"
cleanup() {
  if [ -f "$WORK/pgbouncer.pid" ]; then kill "$(cat "$WORK/pgbouncer.pid")" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 50); do
  pg_isready -q -h 127.0.0.1 -p "$BOUNCER_PORT" && break
  sleep 0.1
done

echo "[test-pgbouncer] pgbouncer $("$PGBOUNCER" --version | head -n1 | awk '{print $2}')" \
  "on 127.0.0.1:$BOUNCER_PORT (transaction pooling) -> $PG_HOST:$PG_PORT"
echo "[test-pgbouncer] the test database, directly on PostgreSQL"
"$PY" -m voc_portal.devstack test -q -p no:randomly --create-db \
  tests/integration/test_keyset.py >"$WORK/create.log" 2>&1 \
  || { cat "$WORK/create.log"; exit 1; }

[ "$#" -gt 0 ] || set -- tests/integration
echo "[test-pgbouncer] through pgbouncer: $*"
start=$(date +%s)
status=0
DATABASE_URL="postgres://$PG_USER@127.0.0.1:$BOUNCER_PORT/$PG_NAME" DATABASE_POOLER=transaction \
  "$PY" -m voc_portal.devstack test -p no:randomly --reuse-db "$@" || status=$?
echo "[test-pgbouncer] $(($(date +%s) - start)) s through pgbouncer, exit $status"
# What went through it: transactions and queries per database, and the server connections used.
psql -h 127.0.0.1 -p "$BOUNCER_PORT" -U "$PG_USER" -d pgbouncer -Atc "SHOW STATS" 2>/dev/null \
  | awk -F'|' '$1 != "pgbouncer" && $2 > 0 {print "[test-pgbouncer] " $1 ": " $2 " transactions, " $3 " queries"}' || true
psql -h 127.0.0.1 -p "$BOUNCER_PORT" -U "$PG_USER" -d pgbouncer -c "SHOW POOLS" 2>/dev/null || true
if grep -qiE "prepared statement|cursor .* does not exist|server conn crashed" "$WORK/pgbouncer.log"; then
  echo "[test-pgbouncer] pgbouncer's log shows session state used across transactions:"
  grep -iE "prepared statement|cursor .* does not exist|server conn crashed" "$WORK/pgbouncer.log"
  status=1
fi
exit "$status"
