# Shared by backup.sh, restore.sh and database-connect.sh (sourced, not run).

AIOD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The same options as MYSQLDUMP_OPTIONS in src/database/backup/mysql.ts (a test keeps them equal):
# one consistent InnoDB snapshot without locking writers out, byte-exact binary columns, and no
# CREATE DATABASE, so a dump restores into a database of any name.
MYSQLDUMP_OPTIONS="--single-transaction --quick --routines --triggers --hex-blob --no-tablespaces --default-character-set=utf8mb4"

# mysqldump ends every complete dump with this comment; a dump cut short does not have it.
DUMP_TRAILER='-- Dump completed'

# The catalogue's command line: the TypeScript sources in a checkout, the compiled dist/ in the image.
aiod_cli() {
  if [ -f "$AIOD_ROOT/src/main.ts" ] && [ -x "$AIOD_ROOT/node_modules/.bin/tsx" ]; then
    "$AIOD_ROOT/node_modules/.bin/tsx" "$AIOD_ROOT/src/main.ts" "$@"
  elif [ -f "$AIOD_ROOT/dist/main.js" ]; then
    node "$AIOD_ROOT/dist/main.js" "$@"
  else
    echo "cannot find the catalogue's command line: run 'npm ci' first" >&2
    return 1
  fi
}

# docker compose in the repository root, so it finds docker-compose.yml and .env wherever we are.
compose() {
  (cd "$AIOD_ROOT" && docker compose "$@")
}

# Compresses stdin to stdout when the file name ends in .gz, else copies it.
gzip_if_named() {
  case "$1" in
    *.gz) gzip -c ;;
    *) cat ;;
  esac
}

# Prints a backup file's content, decompressed if it is gzip (whatever its name says).
read_backup() {
  if gzip -t "$1" 2>/dev/null; then gzip -dc "$1"; else cat "$1"; fi
}

timestamp() {
  date -u +%Y%m%dT%H%M%SZ
}

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# The options backup.sh and restore.sh share: [--compose] [--database NAME] [FILE], and --force
# when the caller passes "allow-force" first. Sets compose_mode, database, file and force; the
# caller defines usage().
parse_backup_options() {
  local allow_force=false
  if [ "${1:-}" = allow-force ]; then allow_force=true; shift; fi
  compose_mode=false
  force=false
  database=""
  file=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --compose) compose_mode=true ;;
      --force) $allow_force || { usage >&2; die "unknown option $1"; }; force=true ;;
      --database) [ $# -ge 2 ] || die "--database needs a name"; database="$2"; shift ;;
      -h | --help) usage; exit 0 ;;
      -*) usage >&2; die "unknown option $1" ;;
      *) [ -z "$file" ] || die "give one FILE"; file="$1" ;;
    esac
    shift
  done
  [ -z "$database" ] || $compose_mode || die "--database works with --compose only"
}
