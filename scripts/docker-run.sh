#!/usr/bin/env bash
# Runs Semker with docker compose: nginx on :80 in front of 3 API replicas, PostgreSQL and the MCP host.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/docker-run.sh [--observability] [--detach] [-h|--help]

  (no option)      postgres + mcp + 3 api replicas + nginx; the API through nginx on http://localhost:80
  --observability  also Jaeger (UI on http://localhost:16686), with api and mcp sending traces
                   (adds docker-compose.observability.yml and the observability profile)
  --detach, -d     run in the background (stop with: docker compose down)

Needs POSTGRES_PASSWORD in .env (or the shell). Other settings: .env (optional; see src/config/config.ts).
Builds the image when it is missing; rebuild with scripts/docker-build.sh or `docker compose build`.
Without Docker, `npm start` runs everything in one process with the in-memory backend.
USAGE
}

observability=false
detach=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    # The modes of before: every run is the production layout now.
    dev | production) ;;
    --observability) observability=true ;;
    -d | --detach) detach=(--detach) ;;
    *) usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
compose=(docker compose -f docker-compose.yml)
if [[ "$observability" == true ]]; then
  compose+=(-f docker-compose.observability.yml --profile observability)
fi
exec "${compose[@]}" up "${detach[@]}"
