#!/usr/bin/env bash
# Loads a backup made by backup.sh into an empty catalogue database (see scripts/README.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/restore.sh [--compose [--database NAME]] [--force] FILE

Loads FILE, a backup written by backup.sh, into the catalogue database. The database must be
empty (no tables) unless --force is given, which replaces its whole content.

  (no option)      restore into DATABASE_URL (a SQLite file or mysql://...) with the catalogue's
                   `restore` command.
  --compose        restore into the MySQL database of the Docker Compose deployment, with the
                   mysql client inside the mysql container.
  --database NAME  with --compose: restore into another database of that server (e.g. keycloak).
  --force          replace a database that is not empty.
  -h, --help       show this help.

Stop everything that writes first (docker compose stop api indexer and the connector workers);
afterwards run `migrate` if the backup is older than the code, and `reindex` to rebuild search.
USAGE
}

parse_backup_options allow-force "$@"
[ -n "$file" ] || { usage >&2; die "give the backup FILE"; }
[ -f "$file" ] || die "no backup file at $file"

if ! $compose_mode; then
  if $force; then aiod_cli restore --force "$file"; else aiod_cli restore "$file"; fi
  exit 0
fi

read_backup "$file" | tail -c 512 | grep -q -- "$DUMP_TRAILER" \
  || die "$file is not a complete mysqldump file (its last line should start \"$DUMP_TRAILER\")"

# Runs a shell script (on stdin) in the mysql container, with the target database's name in
# $TARGET and the root password only inside the container.
in_mysql() {
  compose exec -T -e AIOD_DUMP_DATABASE="$database" mysql sh -c \
    'TARGET="${AIOD_DUMP_DATABASE:-$MYSQL_DATABASE}"; export MYSQL_PWD="$MYSQL_ROOT_PASSWORD"; '"$1"
}

tables="$(in_mysql 'mysql --user=root --batch --skip-column-names -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"'"'$TARGET'"'"'"' | tr -d '[:space:]')"
if [ "$tables" != "0" ]; then
  $force || die "the target database is not empty ($tables tables); give --force to replace its content"
  # Dropping the database keeps the grants on it, so the catalogue's own user keeps its rights.
  in_mysql 'mysql --user=root -e "DROP DATABASE \`$TARGET\`; CREATE DATABASE \`$TARGET\` CHARACTER SET utf8mb4"'
fi
read_backup "$file" | in_mysql 'exec mysql --user=root --default-character-set=utf8mb4 --batch "$TARGET"'
echo "restored $file into the compose deployment's ${database:-catalogue} database"
echo "next: docker compose run --rm migrate (if the backup is older than the code), then start the services and run: docker compose run --rm indexer reindex"
