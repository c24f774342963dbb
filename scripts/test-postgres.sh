#!/usr/bin/env bash
# PostgreSQL for the store tests (docs/store.md): Debian's package, and a private cluster of dnscert's own
# under /tmp/dnscert-pg that listens on 127.0.0.1:54329 only, so it never meets the distribution's cluster
# (5432) or another project's. The tests reach it through DNSCERT_TEST_PG, whose default is
#   Host=127.0.0.1;Port=54329;Username=postgres;Password=postgres;Database=postgres
# A second run finds the server answering and does nothing; a server that was killed is started again
# (PostgreSQL recovers from its WAL). Run by prerequisites.sh, as root.
set -euo pipefail
pg_dir=/tmp/dnscert-pg
pg_port=54329
pg_password=postgres
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "$(id -u)" -ne 0 ]; then
  if [ -z "$(pg_bin)" ]; then
    echo "dnscert: PostgreSQL is missing; the store tests against it will be skipped (run as root to install it)." >&2
  fi
  exit 0
fi

if [ -z "$(pg_bin)" ]; then
  echo "Installing: postgresql" >&2
  policy=/usr/sbin/policy-rc.d
  had_policy=0
  [ -e "$policy" ] && had_policy=1
  if [ $had_policy -eq 0 ]; then
    # The package would otherwise start its own cluster on port 5432.
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  [ $had_policy -eq 0 ] && rm -f "$policy"
fi

bin=$(pg_bin)
# The postgres user may not be allowed into the caller's directory (a clone under /root, say).
cd /
if "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
  exit 0
fi

version=$(basename "$(dirname "$bin")")
if [ -f "$pg_dir/PG_VERSION" ] && [ "$(cat "$pg_dir/PG_VERSION")" != "$version" ]; then
  echo "Removing $pg_dir: made by PostgreSQL $(cat "$pg_dir/PG_VERSION"), this is $version." >&2
  rm -rf "$pg_dir"
fi
if [ ! -f "$pg_dir/PG_VERSION" ]; then
  echo "Creating the test cluster in $pg_dir (PostgreSQL $version, 127.0.0.1:$pg_port)." >&2
  rm -rf "$pg_dir"
  install -d -o postgres -g postgres -m 0700 "$pg_dir"
  pwfile=$(mktemp)
  printf '%s\n' "$pg_password" > "$pwfile"
  chown postgres "$pwfile"
  runuser -u postgres -- "$bin/initdb" -D "$pg_dir" --username=postgres --pwfile="$pwfile" \
    --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --no-instructions >/dev/null
  rm -f "$pwfile"
  cat >> "$pg_dir/postgresql.conf" <<CONF
# dnscert test cluster: loopback only, its own port and socket directory.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
CONF
fi
echo "Starting the test cluster ($pg_dir, 127.0.0.1:$pg_port)." >&2
# Right after a server was killed, its last backends may still hold the data directory for a moment.
for attempt in 1 2 3; do
  if runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w -t 60 start >/dev/null; then
    exit 0
  fi
  echo "The test cluster did not start (attempt $attempt); see $pg_dir/server.log." >&2
  sleep 3
done
exit 1
