#!/usr/bin/env bash
# Writes .env for Docker Compose from .env.example, with a fresh random value for every password
# and secret that .env.example leaves empty (see README, "Run with Docker Compose").
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/init-env.sh [--force] [--output FILE]

Copies .env.example to .env (or FILE), filling each empty *PASSWORD* or *SECRET* setting with 48
random hex characters (URL-safe, as the database URL needs). Other values are copied unchanged:
edit the result afterwards (PUBLIC_URL, tokens, schedules). Refuses to overwrite an existing file
unless --force: replacing the secrets of a running deployment locks its services out.
USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$root/.env"
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true ;;
    --output) [ $# -ge 2 ] || { echo "--output needs a file" >&2; exit 1; }; output="$2"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 1 ;;
  esac
  shift
done
if [ -e "$output" ] && ! $force; then
  echo "$output exists; give --force to replace it (and its secrets)" >&2
  exit 1
fi

random_secret() {
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

umask 077
temporary="$output.partial"
while IFS= read -r line || [ -n "$line" ]; do
  if [[ "$line" =~ ^([A-Z0-9_]*(PASSWORD|SECRET)[A-Z0-9_]*)=$ ]]; then
    printf '%s=%s\n' "${BASH_REMATCH[1]}" "$(random_secret)"
  else
    printf '%s\n' "$line"
  fi
done <"$root/.env.example" >"$temporary"
mv "$temporary" "$output"
echo "wrote $output (readable by you only); review PUBLIC_URL and the optional tokens in it"
