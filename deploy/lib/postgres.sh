#!/usr/bin/env bash
# PostgreSQL for the local stack: reuse the server listening at PLATFORM_DB_HOST:PLATFORM_DB_PORT, or
# install PostgreSQL with apt and run our own cluster under $EDGEWORKS_STATE_DIR/postgres.
# Either way the role $PLATFORM_DB_USER and the databases $PLATFORM_DB_NAME and
# $PLATFORM_DB_TEST_NAME exist afterwards. Needs common.sh.

PG_STATE=$EDGEWORKS_STATE_DIR/postgres

pg_bindir() { # newest /usr/lib/postgresql/<n>/bin with initdb and pg_ctl, else the PATH's
  local dir best=""
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && best=$dir
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    best=$(dirname "$(readlink -f "$(command -v initdb)")")
  fi
  [ -n "$best" ] && echo "$best"
}

pg_is_local() { [ "$PLATFORM_DB_HOST" = "127.0.0.1" ] || [ "$PLATFORM_DB_HOST" = "localhost" ]; }

# Runs a command as the user that owns our cluster: postgres when we are root (initdb refuses root).
pg_as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_data_dir() { # our cluster's data directory; a root-only state folder cannot be used by postgres
  if [ -f "$PG_STATE/location" ]; then cat "$PG_STATE/location"; return; fi
  if is_root && ! runuser -u postgres -- test -x "$EDGEWORKS_STATE_DIR" 2>/dev/null; then
    echo "/var/lib/postgresql/edgeworks-$PLATFORM_DB_PORT"
  else
    echo "$PG_STATE/data"
  fi
}

# psql as the platform user over TCP
psql_platform() {
  PGPASSWORD=$PLATFORM_DB_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$PLATFORM_DB_HOST" \
    -p "$PLATFORM_DB_PORT" -U "$PLATFORM_DB_USER" "$@"
}

# psql as the postgres superuser through the local socket (peer authentication)
psql_superuser() {
  local socket_dir=/var/run/postgresql
  if owned postgres; then socket_dir=$(cat "$PG_STATE/socket-dir"); fi
  if owned postgres && ! is_root; then
    PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$PLATFORM_DB_PORT" -U postgres "$@"
  elif is_root; then
    runuser -u postgres -- env PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$PLATFORM_DB_PORT" -U postgres "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n -u postgres env PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$PLATFORM_DB_PORT" -U postgres "$@"
  else
    return 1
  fi
}

pg_missing_databases() { # prints the databases of ours that do not exist yet ($1: psql function)
  local db
  for db in "$PLATFORM_DB_NAME" "$PLATFORM_DB_TEST_NAME"; do
    [ "$("$1" -d postgres -tAc "select 1 from pg_database where datname = '$db'")" = "1" ] || echo "$db"
  done
}

# Makes sure role and databases exist: first as the platform user itself, else as the superuser.
pg_ensure_role_and_databases() {
  local log=$EDGEWORKS_LOGS/postgres-setup.log db missing
  CURRENT_LOG=$log
  if psql_platform -d postgres -tAc 'select 1' >>"$log" 2>&1; then
    missing=$(pg_missing_databases psql_platform 2>>"$log")
    for db in $missing; do
      info "creating database $db as $PLATFORM_DB_USER"
      psql_platform -d postgres -c "create database \"$db\"" >>"$log" 2>&1 || break
    done
    [ -z "$(pg_missing_databases psql_platform 2>>"$log")" ] && { ok "role $PLATFORM_DB_USER and databases $PLATFORM_DB_NAME, $PLATFORM_DB_TEST_NAME ready"; return 0; }
  fi
  if pg_is_local && psql_superuser -d postgres -tAc 'select 1' >>"$log" 2>&1; then
    info "setting up role $PLATFORM_DB_USER and databases as the postgres superuser"
    psql_superuser -d postgres >>"$log" 2>&1 <<SQL || fail "could not create role/databases as postgres" "see the log"
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$PLATFORM_DB_USER') then
    create role "$PLATFORM_DB_USER" login createdb password '$PLATFORM_DB_PASSWORD';
  else
    alter role "$PLATFORM_DB_USER" login createdb password '$PLATFORM_DB_PASSWORD';
  end if;
end \$\$;
SQL
    for db in $(pg_missing_databases psql_superuser 2>>"$log"); do
      info "creating database $db owned by $PLATFORM_DB_USER"
      psql_superuser -d postgres -c "create database \"$db\" owner \"$PLATFORM_DB_USER\"" >>"$log" 2>&1 \
        || fail "could not create database $db" "see the log"
    done
    psql_platform -d "$PLATFORM_DB_NAME" -tAc 'select 1' >>"$log" 2>&1 \
      || fail "role $PLATFORM_DB_USER exists but cannot log in over TCP at $PLATFORM_DB_HOST:$PLATFORM_DB_PORT" \
        "allow password (scram-sha-256/md5) logins from 127.0.0.1 in pg_hba.conf and reload PostgreSQL"
    ok "role $PLATFORM_DB_USER and databases $PLATFORM_DB_NAME, $PLATFORM_DB_TEST_NAME ready"
    return 0
  fi
  fail "the PostgreSQL at $PLATFORM_DB_HOST:$PLATFORM_DB_PORT accepts neither $PLATFORM_DB_USER/$PLATFORM_DB_PASSWORD nor a local postgres superuser login" \
    "as a PostgreSQL superuser run: CREATE ROLE $PLATFORM_DB_USER LOGIN CREATEDB PASSWORD '$PLATFORM_DB_PASSWORD'; CREATE DATABASE $PLATFORM_DB_NAME OWNER $PLATFORM_DB_USER; CREATE DATABASE $PLATFORM_DB_TEST_NAME OWNER $PLATFORM_DB_USER; -- or set PLATFORM_DB_PORT to a free port (e.g. 5433) so up.sh runs its own cluster"
}

pg_start_own_cluster() {
  local bindir=$1 data socket_dir log=$EDGEWORKS_LOGS/postgres.log
  data=$(pg_data_dir)
  socket_dir=$PG_STATE/run
  mkdir -p "$PG_STATE"
  echo "$data" >"$PG_STATE/location"
  if [ "$data" != "$PG_STATE/data" ]; then
    warn "the postgres user cannot reach $EDGEWORKS_STATE_DIR; keeping the cluster in $data instead"
    socket_dir=$data.run
    log=$data.log
  fi
  CURRENT_LOG=$log
  if is_root; then
    mkdir -p "$data" "$socket_dir"
    chown postgres:postgres "$PG_STATE" "$data" "$socket_dir"
    touch "$log" && chown postgres:postgres "$log"
  else
    mkdir -p "$data" "$socket_dir"
  fi
  chmod 700 "$data" "$socket_dir"
  echo "$socket_dir" >"$PG_STATE/socket-dir" 2>/dev/null || pg_as_owner sh -c "echo '$socket_dir' >'$PG_STATE/socket-dir'"
  if [ ! -f "$data/PG_VERSION" ]; then
    info "initdb $data (as $(is_root && echo postgres || id -un))"
    pg_as_owner "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >>"$log" 2>&1 \
      || pg_as_owner "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C >>"$log" 2>&1 \
      || fail "initdb failed" "see the log; remove $data to start over"
  fi
  info "starting our own PostgreSQL ($bindir) on $PLATFORM_DB_HOST:$PLATFORM_DB_PORT"
  pg_as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PLATFORM_DB_PORT -c unix_socket_directories=$socket_dir" start >/dev/null \
    || fail "pg_ctl start failed" "see the log; is port $PLATFORM_DB_PORT free? ($(who_listens "$PLATFORM_DB_PORT"))"
  head -n1 "$data/postmaster.pid" >"$EDGEWORKS_PIDS/postgres.pid"
  echo "$bindir" >"$PG_STATE/bindir"
  # bootstrap the platform role as the superuser (trusted over our private socket)
  pg_ensure_role_and_databases
}

ensure_postgres() {
  step "PostgreSQL at $PLATFORM_DB_HOST:$PLATFORM_DB_PORT"
  local bindir
  need_tool psql postgresql-client
  if owned postgres && port_open "$PLATFORM_DB_HOST" "$PLATFORM_DB_PORT"; then
    ok "already running (our own cluster, pid $(cat "$EDGEWORKS_PIDS/postgres.pid"))"
    pg_ensure_role_and_databases
    return 0
  fi
  if port_open "$PLATFORM_DB_HOST" "$PLATFORM_DB_PORT"; then
    info "a server is listening: reusing it (down.sh will leave it alone)"
    pg_ensure_role_and_databases
    return 0
  fi
  pg_is_local || fail "nothing listens at $PLATFORM_DB_HOST:$PLATFORM_DB_PORT and it is not a local address" \
    "start that PostgreSQL, or unset PLATFORM_DB_HOST to let up.sh run one on 127.0.0.1"
  bindir=$(pg_bindir) || true
  if [ -z "$bindir" ]; then
    apt_install postgresql
    bindir=$(pg_bindir) || fail "PostgreSQL installed but no initdb/pg_ctl found" "check /usr/lib/postgresql/*/bin"
    if port_open "$PLATFORM_DB_HOST" "$PLATFORM_DB_PORT"; then
      info "the package started the distribution's cluster on port $PLATFORM_DB_PORT: reusing it"
      pg_ensure_role_and_databases
      return 0
    fi
  fi
  pg_start_own_cluster "$bindir"
}

# Keycloak's own role and database (KEYCLOAK_MODE=production): created as the postgres superuser (our own cluster,
# or a local one with peer access), else the SQL to run is named.
ensure_keycloak_database() {
  local log=$EDGEWORKS_LOGS/postgres-setup.log
  CURRENT_LOG=$log
  if PGPASSWORD=$KEYCLOAK_DB_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -h "$PLATFORM_DB_HOST" -p "$PLATFORM_DB_PORT" \
      -U "$KEYCLOAK_DB_USER" -d "$KEYCLOAK_DB_NAME" -tAc 'select 1' >>"$log" 2>&1; then
    ok "Keycloak's database $KEYCLOAK_DB_NAME (user $KEYCLOAK_DB_USER) ready"
    return 0
  fi
  pg_is_local && psql_superuser -d postgres -tAc 'select 1' >>"$log" 2>&1 \
    || fail "database $KEYCLOAK_DB_NAME does not accept $KEYCLOAK_DB_USER/\$KEYCLOAK_DB_PASSWORD at $PLATFORM_DB_HOST:$PLATFORM_DB_PORT, and there is no superuser access to create it" \
      "as a PostgreSQL superuser run: CREATE ROLE $KEYCLOAK_DB_USER LOGIN PASSWORD '<KEYCLOAK_DB_PASSWORD>'; CREATE DATABASE $KEYCLOAK_DB_NAME OWNER $KEYCLOAK_DB_USER;"
  info "creating role $KEYCLOAK_DB_USER and database $KEYCLOAK_DB_NAME for Keycloak"
  psql_superuser -d postgres >>"$log" 2>&1 <<SQL || fail "could not create Keycloak's role" "see the log"
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$KEYCLOAK_DB_USER') then
    create role "$KEYCLOAK_DB_USER" login password '$KEYCLOAK_DB_PASSWORD';
  else
    alter role "$KEYCLOAK_DB_USER" login password '$KEYCLOAK_DB_PASSWORD';
  end if;
end \$\$;
SQL
  if [ "$(psql_superuser -d postgres -tAc "select 1 from pg_database where datname = '$KEYCLOAK_DB_NAME'" 2>>"$log")" != "1" ]; then
    psql_superuser -d postgres -c "create database \"$KEYCLOAK_DB_NAME\" owner \"$KEYCLOAK_DB_USER\"" >>"$log" 2>&1 \
      || fail "could not create database $KEYCLOAK_DB_NAME" "see the log"
  fi
  ok "Keycloak's database $KEYCLOAK_DB_NAME (user $KEYCLOAK_DB_USER) ready"
}

stop_postgres() {
  local data bindir
  owned postgres || { rm -f "$EDGEWORKS_PIDS/postgres.pid"; return 0; }
  data=$(cat "$PG_STATE/location")
  bindir=$(cat "$PG_STATE/bindir")
  info "stopping our own PostgreSQL (pid $(cat "$EDGEWORKS_PIDS/postgres.pid"), data $data)"
  pg_as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null \
    || { warn "pg_ctl stop failed; sending TERM"; stop_pidfile postgres 30; }
  rm -f "$EDGEWORKS_PIDS/postgres.pid"
}
