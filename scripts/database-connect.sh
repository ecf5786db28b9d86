#!/usr/bin/env bash
# Opens an SQL shell on the catalogue database (see scripts/README.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/database-connect.sh [--compose] [-- CLIENT ARGUMENTS]

Opens an interactive SQL shell on the catalogue database.

  (no option)  on DATABASE_URL: sqlite3 for a SQLite file, the mysql (or mariadb) client for
               mysql://...; the password is passed in MYSQL_PWD, not on the command line.
               Arguments after -- go to the client (e.g. -- -e "SELECT COUNT(*) FROM asset").
  --compose    on the MySQL database of the Docker Compose deployment, as the catalogue's user,
               with the mysql client inside the mysql container.
  -h, --help   show this help.
USAGE
}

compose_mode=false
arguments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --compose) compose_mode=true ;;
    -h | --help) usage; exit 0 ;;
    --) shift; arguments=("$@"); break ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
  shift
done

if $compose_mode; then
  compose exec mysql sh -c 'export MYSQL_PWD="$MYSQL_PASSWORD"; exec mysql --user="$MYSQL_USER" --default-character-set=utf8mb4 "$@" "$MYSQL_DATABASE"' \
    mysql-shell "${arguments[@]}"
else
  aiod_cli database-shell -- "${arguments[@]}"
fi
