#!/bin/sh
# Nightly backup (cron): a dated backup in $BACKUP_DIR (default ./var/backups), kept $KEEP_DAYS days
# (default 30), then the restore drill on it. See docs/operations.md.
set -eu
cd "$(dirname "$0")/.."
BACKUP_DIR=${BACKUP_DIR:-var/backups}
KEEP_DAYS=${KEEP_DAYS:-30}
PYTHON=${PYTHON:-.venv/bin/python}
umask 077
mkdir -p "$BACKUP_DIR"
case "${DATABASE_URL:-sqlite}" in
  postgres*) suffix=dump ;;
  *) suffix=sqlite3 ;;
esac
target="$BACKUP_DIR/livet-$(date +%Y-%m-%dT%H%M).$suffix"
"$PYTHON" manage.py backup_database "$target"
"$PYTHON" manage.py restore_drill "$target"
find "$BACKUP_DIR" -name 'livet-*' -type f -mtime +"$KEEP_DAYS" -delete
