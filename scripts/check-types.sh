#!/usr/bin/env bash
# Type-checks the whole project (src, features, scripts) with `npm run typecheck` (tsc --noEmit).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/check-types.sh [-h|--help]

Runs `npm run typecheck` (tsc --noEmit, strict) over src/, features/ and scripts/.
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec npm run typecheck
