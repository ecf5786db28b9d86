#!/usr/bin/env bash
# Compiles src/ to plain JavaScript for the image (Dockerfile), so production runs `node` without a
# TypeScript loader. A test builds it the same way and runs the result.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/build-dist.sh [OUT_DIR]

Compiles src/ with tsconfig.build.json into OUT_DIR (default: dist), copies the files the code
reads at run time next to itself (every non-TypeScript file under src/: seed taxonomies, examples)
and drops compiled tests. Run it from a checkout with dev dependencies installed (npm ci).
USAGE
}

case "${1:-}" in -h | --help) usage; exit 0 ;; esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/dist}"
rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

"$root/node_modules/.bin/tsc" -p "$root/tsconfig.build.json" --outDir "$out"
# Data files are found relative to the code (new URL('../examples/x.json', import.meta.url)).
(cd "$root/src" && find . -type f ! -name '*.ts' -print0 | tar --null -cf - -T -) | (cd "$out" && tar -xf -)
find "$out" -name '*.test.js' -delete
echo "built $out"
