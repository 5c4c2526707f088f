# Sourced by .ci/run (and usable by hand): starts a throwaway PostgreSQL server owned by the
# `postgres` system user on a free local port and exports PG* variables and DATABASE_URL.
# Stops it when the calling shell exits.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  echo "start-postgres: PostgreSQL binaries not found (apt-get install postgresql)" >&2
  return 1 2>/dev/null || exit 1
fi
export PGDATA_DIR=$(mktemp -d /tmp/alembic-lens-pg.XXXXXX)
chown postgres:postgres "$PGDATA_DIR"
export PGPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
runuser -u postgres -- "$pg_bin/initdb" -D "$PGDATA_DIR/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/log" -w \
  -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$PGDATA_DIR/data" -m fast stop >/dev/null 2>&1 || true' EXIT
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $PGPORT"
