#!/bin/sh
# Sets up upstream Patchwork next to pwlite for `npm run bench:upstream`
# (see BENCHMARKS.md, "Upstream side by side"): Debian 12 packages only,
# PostgreSQL 15, one archive imported with upstream's own parsearchive,
# served by gunicorn on 127.0.0.1 with DEBUG off and one sync worker per core.
#
# Usage: bench/upstream/setup.sh SRC_DIR ARCHIVE
#   SRC_DIR  an extracted upstream release (v3.1.x runs on Debian's Django 3.2)
#   ARCHIVE  an mbox, or an mbox compressed with zstd or xz
# Environment (defaults in brackets):
#   PREFIX [/opt/upstream-pw]  settings, decompressed archive, logs, pid file
#   PORT [8000]  LINKNAME [from the archive's List-Id]  WORKERS [nproc]
#   SKIP_IMPORT=1  keep the database as it is and only (re)start gunicorn
#   LOCK=FILE  take flock(1) on FILE around the timed import only, so that
#              the rest of the setup does not wait for other benchmarks
# Runs as root (apt-get, the postgres account). Downloads nothing but apt
# packages; removes and recreates the database named `patchwork`.
set -eu

SRC=$(realpath "${1:?usage: setup.sh SRC_DIR ARCHIVE}")
ARCHIVE=$(realpath "${2:?usage: setup.sh SRC_DIR ARCHIVE}")
PREFIX=${PREFIX:-/opt/upstream-pw}
PORT=${PORT:-8000}
WORKERS=${WORKERS:-$(nproc)}
test -f "$SRC/manage.py" || { echo "$SRC is not a Patchwork source tree" >&2; exit 1; }
mkdir -p "$PREFIX/conf" "$PREFIX/data" "$PREFIX/log"

echo "== packages"
PKGS="postgresql python3-django python3-djangorestframework python3-django-filters python3-psycopg2 python3-sqlparse gunicorn zstd xz-utils"
# shellcheck disable=SC2086
if ! dpkg -s $PKGS >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PKGS
fi
STACK="$(/usr/bin/python3 -c 'import django, rest_framework, django_filters; print(f"Django {django.get_version()}, DRF {rest_framework.VERSION}, django-filter {django_filters.__version__}")'), $(psql --version | cut -d' ' -f2-3), gunicorn $(/usr/bin/python3 -c 'import gunicorn; print(gunicorn.__version__)') ($WORKERS sync workers), $(/usr/bin/python3 --version)"
echo "$STACK"

echo "== postgresql"
pg_ctlcluster 15 main start >/dev/null 2>&1 || true
pg_isready -q -h 127.0.0.1 || { sleep 2; pg_isready -h 127.0.0.1; }
psql_pg() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q "$@"; }
if [ "${SKIP_IMPORT:-}" != 1 ]; then
  psql_pg -c "DROP DATABASE IF EXISTS patchwork WITH (FORCE)"
  psql_pg -tc "SELECT 1 FROM pg_roles WHERE rolname = 'patchwork'" | grep -q 1 ||
    psql_pg -c "CREATE ROLE patchwork LOGIN PASSWORD 'patchwork'"
  psql_pg -c "CREATE DATABASE patchwork OWNER patchwork ENCODING 'UTF8' TEMPLATE template0"
fi

# Our own settings module on top of upstream's base settings: production
# serving (DEBUG off, cached templates), PostgreSQL over loopback, and
# persistent database connections so that no request pays for a connect.
cat >"$PREFIX/conf/pwbench_settings.py" <<EOF
from patchwork.settings.base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = 'benchmark-only-not-secret'
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
STATIC_ROOT = '$PREFIX/static'
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'HOST': '127.0.0.1',
        'NAME': 'patchwork',
        'USER': 'patchwork',
        'PASSWORD': 'patchwork',
        'CONN_MAX_AGE': 600,
    },
}
EOF
export PYTHONPATH="$PREFIX/conf:$SRC"
export DJANGO_SETTINGS_MODULE=pwbench_settings
manage() { /usr/bin/python3 "$SRC/manage.py" "$@"; }

case "$ARCHIVE" in
  *.zst) MBOX="$PREFIX/data/$(basename "$ARCHIVE" .zst)" ;;
  *.xz) MBOX="$PREFIX/data/$(basename "$ARCHIVE" .xz)" ;;
  *) MBOX=$ARCHIVE ;;
esac

if [ "${SKIP_IMPORT:-}" != 1 ]; then
  echo "== archive"
  case "$ARCHIVE" in
    *.zst) zstd -q -d -f -o "$MBOX" "$ARCHIVE" ;;
    *.xz) xz -d -c "$ARCHIVE" >"$MBOX" ;;
  esac
  LISTID=$(grep -i -m1 '^list-id:' "$MBOX" | sed 's/.*<\(.*\)>.*/\1/')
  LINKNAME=${LINKNAME:-$(echo "$LISTID" | cut -d. -f1)}
  MAILS=$(grep -c '^From ' "$MBOX")
  echo "$MAILS mails, list $LISTID, project $LINKNAME"

  echo "== migrations"
  manage migrate --noinput -v 0
  # Patch states and tags are fixtures, not migrations: without them every patch fails to import.
  manage loaddata default_tags default_states -v 0
  manage shell -c "
from patchwork.models import Project
Project.objects.create(linkname='$LINKNAME', name='$LINKNAME', listid='$LISTID', listemail='$LISTID', web_url='', scm_url='', webscm_url='')
"

  echo "== parsearchive"
  TIMES="$PREFIX/log/parsearchive.times"
  # shellcheck disable=SC2016
  ${LOCK:+flock "$LOCK"} sh -c 't=$1; shift; date +%s.%N >"$t"; "$@" 2>&1 && date +%s.%N >>"$t"' sh "$TIMES" \
    /usr/bin/python3 "$SRC/manage.py" parsearchive --list-id "$LISTID" "$MBOX" >"$PREFIX/log/parsearchive.log"
  START=$(head -n 1 "$TIMES")
  END=$(tail -n 1 "$TIMES")
  # The progress counter rewrites one line; what follows it is the summary.
  tr '\r' '\n' <"$PREFIX/log/parsearchive.log" | grep -v '^[0-9]*/[0-9]*$' | tail -n 12
  RATE=$(echo "$MAILS $START $END" | awk '{ printf "%.1f", $1 / ($3 - $2) }')
  SECS=$(echo "$START $END" | awk '{ printf "%.0f", $2 - $1 }')
  echo "ingest: $MAILS mails in $SECS s = $RATE mails/s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  VERSION=$(cd "$SRC" && /usr/bin/python3 -c 'from patchwork import VERSION; print(".".join(map(str, VERSION)))')
  printf '{"mails": %s, "seconds": %s, "mailsPerSecond": %s, "linkname": "%s", "listid": "%s", "version": "Patchwork %s", "stack": "%s", "load": "%s"}\n' \
    "$MAILS" "$SECS" "$RATE" "$LINKNAME" "$LISTID" "$VERSION" "$STACK" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$PREFIX/ingest.json"
  # Fresh statistics for the planner, as autovacuum would gather them soon.
  runuser -u postgres -- psql -q -d patchwork -c 'VACUUM ANALYZE'
fi

echo "== gunicorn"
if [ -f "$PREFIX/gunicorn.pid" ] && kill -0 "$(cat "$PREFIX/gunicorn.pid")" 2>/dev/null; then
  OLD=$(cat "$PREFIX/gunicorn.pid")
  kill "$OLD"
  # The port is free only once the old master has exited.
  for _ in $(seq 100); do kill -0 "$OLD" 2>/dev/null || break; sleep 0.2; done
fi
# 'django.core.wsgi:get_wsgi_application()' rather than upstream's wsgi.py,
# which forces its own settings module name.
/usr/bin/gunicorn --daemon --pid "$PREFIX/gunicorn.pid" --chdir "$SRC" \
  --bind "127.0.0.1:$PORT" --workers "$WORKERS" --worker-class sync \
  --error-logfile "$PREFIX/log/gunicorn.log" \
  'django.core.wsgi:get_wsgi_application()'
for _ in $(seq 50); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/" && break
  sleep 0.2
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/" || { tail "$PREFIX/log/gunicorn.log" >&2; exit 1; }
echo "upstream Patchwork serving on http://127.0.0.1:$PORT ($WORKERS sync workers, pid $(cat "$PREFIX/gunicorn.pid"))"
echo "next: UPSTREAM_URL=http://127.0.0.1:$PORT UPSTREAM_INGEST=$PREFIX/ingest.json npm run bench:upstream -- $ARCHIVE"
