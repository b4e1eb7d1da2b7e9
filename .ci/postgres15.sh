#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 (Debian's) on a loopback port and run every test except the
# browser ones against it through DATABASE_URL: every model, migration, constraint, trigger,
# import and page query on a second major version.
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=/usr/lib/postgresql/15/bin
dir=$(mktemp -d)
chmod 755 "$dir"
port=${PG15_PORT:-54315}
run_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi
"${run_as[@]}" "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
"${run_as[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-k $dir -c listen_addresses=127.0.0.1 -p $port" start >/dev/null
trap '"${run_as[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" \
  .venv/bin/python -m pytest tests -m "not browser" -p no:cacheprovider -q
