#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the tests.
#   scripts/postgres.sh start DATA_DIR PORT   initdb (as the postgres user), start, create the
#                                             database optuna_gfo_test; trust auth on loopback
#   scripts/postgres.sh stop DATA_DIR
set -euo pipefail

bin_dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin_dir" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql" >&2
  exit 1
fi
as_postgres=()
[ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)

command=$1
data_dir=$2
case "$command" in
  start)
    port=$3
    mkdir -p "$data_dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data_dir"
    "${as_postgres[@]}" "$bin_dir/initdb" -D "$data_dir/data" -U postgres --auth=trust >"$data_dir/initdb.log" 2>&1
    "${as_postgres[@]}" "$bin_dir/pg_ctl" -D "$data_dir/data" -l "$data_dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $data_dir -c fsync=off -c max_connections=200" start >/dev/null
    "${as_postgres[@]}" "$bin_dir/createdb" -h 127.0.0.1 -p "$port" -U postgres optuna_gfo_test
    ;;
  stop)
    "${as_postgres[@]}" "$bin_dir/pg_ctl" -D "$data_dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: $0 start DATA_DIR PORT | stop DATA_DIR" >&2
    exit 2
    ;;
esac
