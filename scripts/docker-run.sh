#!/usr/bin/env bash
# Runs Semker with docker compose: `dev` (API on :8000 + MCP host) or `production` (+ nginx on :80).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/docker-run.sh [dev | production] [--observability] [--detach] [-h|--help]

  dev              api + mcp; the API on http://localhost:8000 (default)
  production       api + mcp + nginx; the API through nginx on http://localhost:80
  --observability  also Jaeger (UI on http://localhost:16686), with api and mcp sending traces
                   (adds docker-compose.observability.yml and the observability profile)
  --detach, -d     run in the background (stop with: docker compose down)

Settings: put them in .env (optional; see src/config.ts). Builds the image when it is missing;
rebuild with scripts/docker-build.sh or `docker compose build`.
USAGE
}

mode=dev
observability=false
detach=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    dev | production) mode="$arg" ;;
    --observability) observability=true ;;
    -d | --detach) detach=(--detach) ;;
    *) usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
compose=(docker compose -f docker-compose.yml)
[[ "$mode" == production ]] && compose+=(--profile production)
if [[ "$observability" == true ]]; then
  compose+=(-f docker-compose.observability.yml --profile observability)
fi
exec "${compose[@]}" up "${detach[@]}"
