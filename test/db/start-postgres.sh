# Sourced by test/run-all.sh (and usable by hand: `source test/db/start-postgres.sh`): starts a
# throwaway PostgreSQL server from Debian's binaries on a free loopback port with its data in a
# temporary folder, exports PG* variables and DATABASE_URL, and stops the server and removes the
# folder when the calling shell exits. Never touches a server the user runs.
#
# As root the server runs as the `postgres` system user (initdb refuses root); otherwise as the
# calling user.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  echo "start-postgres: PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  return 1 2>/dev/null || exit 1
fi
PGDATA_DIR=$(mktemp -d /tmp/alembic-lens-pg.XXXXXX)
export PGDATA_DIR
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDATA_DIR"
  pg_as_owner() { runuser -u postgres -- "$@"; }
else
  pg_as_owner() { "$@"; }
fi
PGPORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PGPORT
if ! pg_as_owner "$pg_bin/initdb" -D "$PGDATA_DIR/data" -A trust -U postgres >"$PGDATA_DIR/initdb.log" 2>&1; then
  echo "start-postgres: initdb failed:" >&2; tail -n 20 "$PGDATA_DIR/initdb.log" >&2
  return 1 2>/dev/null || exit 1
fi
if ! pg_as_owner "$pg_bin/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/log" -w -t 60 \
  -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null; then
  echo "start-postgres: the server did not start:" >&2; tail -n 20 "$PGDATA_DIR/log" >&2
  return 1 2>/dev/null || exit 1
fi
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
export PG_BIN="$pg_bin"
stop_test_postgres() {
  pg_as_owner "$pg_bin/pg_ctl" -D "$PGDATA_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
trap stop_test_postgres EXIT
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (data in $PGDATA_DIR, removed on exit)"
