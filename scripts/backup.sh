#!/usr/bin/env bash
# Consistent backup of the catalogue database (see scripts/README.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/backup.sh [--compose [--database NAME]] [FILE]

Writes a consistent backup of the catalogue database (every table: assets, links, terms, users'
permissions and reviews, the change log, connector state) to FILE. A FILE ending in .gz is
compressed. Default FILE: backups/aiod-<UTC time>.sqlite.gz or .sql.gz.

  (no option)      back up DATABASE_URL (a SQLite file or mysql://...; default
                   ./data/catalogue.sqlite) with the catalogue's `backup` command: SQLite's
                   online backup API, or mysqldump --single-transaction.
  --compose        back up the MySQL database of the Docker Compose deployment, with mysqldump
                   inside the mysql container (this host needs no MySQL client).
  --database NAME  with --compose: back up another database of that server (e.g. keycloak).
  -h, --help       show this help.

The API and the connectors may keep running: the backup is one consistent snapshot.
USAGE
}

parse_backup_options "$@"

if ! $compose_mode; then
  case "${DATABASE_URL:-}" in
    mysql://* | mariadb://*) extension=sql.gz ;;
    *) extension=sqlite.gz ;;
  esac
  file="${file:-backups/aiod-$(timestamp).$extension}"
  aiod_cli backup "$file"
  exit 0
fi

file="${file:-backups/${database:-aiod}-$(timestamp).sql.gz}"
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
# The password is expanded inside the container, so it appears in no command line on this host.
compose exec -T -e AIOD_DUMP_DATABASE="$database" mysql sh -c \
  'export MYSQL_PWD="$MYSQL_ROOT_PASSWORD"; exec mysqldump '"$MYSQLDUMP_OPTIONS"' --user=root "${AIOD_DUMP_DATABASE:-$MYSQL_DATABASE}"' \
  | gzip_if_named "$file" >"$partial"
chmod 600 "$partial"
read_backup "$partial" | tail -c 512 | grep -q -- "$DUMP_TRAILER" || die "mysqldump stopped before the end of the dump"
mv "$partial" "$file"
echo "backup written: $file ($(wc -c <"$file") bytes)"
